//! Writes one at a time once the site's database has refused a concurrent
//! writer.
//!
//! A database that refuses one of two concurrent writers (a MariaDB deadlock,
//! a PostgreSQL serialization failure) keeps refusing while the writers keep
//! meeting: on a real PostgreSQL site, ten users created at once still
//! collided on their third retry, because every retry met the other
//! resources' writes again. Backing off longer only spreads the collisions.
//! So the first refusal switches this client to one write in flight at a time
//! for the rest of the process — what `-parallelism=1` would do, but only for
//! writes, and only on a site that needs it. Reads stay concurrent.

use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::Method;
use tokio::sync::{Mutex, MutexGuard};

#[derive(Debug, Default)]
pub(crate) struct WriteGate {
    one_at_a_time: AtomicBool,
    turn: Mutex<()>,
}

impl WriteGate {
    /// Waits for this request's turn when writes go one at a time; the turn
    /// lasts as long as the returned guard.
    pub(crate) async fn enter(&self, method: &Method) -> Option<MutexGuard<'_, ()>> {
        if !is_write(method) || !self.one_at_a_time.load(Ordering::Acquire) {
            return None;
        }
        Some(self.turn.lock().await)
    }

    /// From now on writes go one at a time. `true` the first time.
    pub(crate) fn one_at_a_time(&self) -> bool {
        !self.one_at_a_time.swap(true, Ordering::AcqRel)
    }
}

/// Whether a request may change the site.
pub(crate) fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn writes_wait_for_each_other_only_after_a_refusal() {
        let gate = Arc::new(WriteGate::default());
        let first = gate.enter(&Method::PUT).await;
        assert!(first.is_none(), "writes are concurrent until the database refuses one");
        assert!(gate.one_at_a_time());
        assert!(!gate.one_at_a_time(), "switching is reported once");
        let turn = gate.enter(&Method::POST).await;
        assert!(turn.is_some());
        // A second write waits while the first holds its turn; a read does not.
        let waiting = tokio::time::timeout(Duration::from_millis(50), gate.enter(&Method::DELETE)).await;
        assert!(waiting.is_err(), "a second write must wait for the first");
        assert!(gate.enter(&Method::GET).await.is_none());
        drop(turn);
        let next = tokio::time::timeout(Duration::from_secs(5), gate.enter(&Method::DELETE)).await;
        assert!(next.is_ok_and(|guard| guard.is_some()));
    }
}
