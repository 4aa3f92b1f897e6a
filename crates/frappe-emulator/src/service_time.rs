//! A site that costs time: requests wait for one of a bounded number of
//! workers, and each holds its worker for a fixed service time.
//!
//! This models how a production bench serves Frappe — gunicorn with a fixed
//! number of synchronous workers (`bench setup supervisor`/`bench setup
//! production` pass `-w N` to gunicorn for `frappe.app:application`), each
//! answering one request at a time — so benchmarks can show what a request
//! count costs on a real site. It changes no answer, only when it is given.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

/// `--workers N --service-ms M`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceTime {
    /// Requests served at once (at least 1).
    pub workers: usize,
    /// How long each request holds its worker.
    pub per_request: Duration,
}

/// The site's workers.
#[derive(Debug)]
pub(crate) struct Workers {
    free: Semaphore,
    per_request: Duration,
}

impl Workers {
    pub(crate) fn new(service: ServiceTime) -> Workers {
        Workers {
            free: Semaphore::new(service.workers.max(1)),
            per_request: service.per_request,
        }
    }

    /// Waits for a free worker and spends the service time on it; the
    /// request keeps the worker until the returned guard is dropped (when
    /// its answer is ready).
    pub(crate) async fn occupy(&self) -> Option<SemaphorePermit<'_>> {
        // The semaphore is never closed, so acquiring only fails if it were.
        let worker = self.free.acquire().await.ok()?;
        tokio::time::sleep(self.per_request).await;
        Some(worker)
    }
}
