//! Every document of a small DocType, listed once per provider process and
//! kept for a short while, so that a refresh of N documents costs a list
//! request instead of N reads.
//!
//! Terraform runs at most `-parallelism` reads at once and spreads them over
//! time, so batches of concurrent reads ([`coalesce`](crate::coalesce)) stay
//! small. Instead, the second read of a DocType since the client's last
//! write lists the whole DocType — one page of all fields plus one list per
//! child DocType — when it holds less than a page; later reads are answered
//! from those rows without a request. The first read is answered as before
//! (a lone read stays one GET), and so is every read of a larger DocType.
//!
//! The rows are never older than a write this client made: every write
//! (any request other than GET, whichever DocType it names, since Frappe's
//! hooks change other DocTypes too) moves a generation counter when it
//! starts and when it ends, and a snapshot serves only while the counter
//! stands where it stood when its list was sent. A snapshot also expires
//! after [`DEFAULT_LIFETIME`]. It is held in memory only and never logged.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::client::{Document, FrappeClient};
use crate::coalesce::{child_tables, list_with_children, Selection};
use crate::list_rows::listable;
use crate::pages::DEFAULT_PAGE_SIZE;

/// How long a snapshot answers reads: changes made by others show up in the
/// next refresh that starts later than this.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(30);

/// What the snapshot says of one document.
pub(crate) enum SnapshotAnswer {
    /// The document, as the single-document GET answers it.
    Document(Document),
    /// The snapshot holds every listable document and not this name: read
    /// it alone (it may be gone, not listable, or named with another case).
    Absent,
    /// No snapshot answers for the DocType: read as before.
    NoSnapshot,
}

pub(crate) struct Snapshots {
    /// Moves when a write starts and when it ends.
    generation: AtomicU64,
    doctypes: Mutex<HashMap<String, Arc<tokio::sync::Mutex<DocTypeState>>>>,
    lifetime: Duration,
    page_size: u64,
}

impl Default for Snapshots {
    fn default() -> Self {
        Self::new(DEFAULT_LIFETIME, DEFAULT_PAGE_SIZE)
    }
}

#[derive(Default)]
struct DocTypeState {
    /// The generation at which the DocType was last read without a
    /// snapshot; a second read at the same generation takes one.
    read_at: Option<u64>,
    snapshot: Option<Snapshot>,
    /// Larger than a page, or not listable as the GET answers: read as
    /// before for the rest of the process.
    unsuitable: bool,
}

struct Snapshot {
    generation: u64,
    taken: Instant,
    documents: HashMap<String, Document>,
}

/// Moves the generation again when a write ends (or is abandoned).
pub(crate) struct WriteInProgress<'a>(&'a AtomicU64);

impl Drop for WriteInProgress<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

impl Snapshots {
    pub(crate) fn new(lifetime: Duration, page_size: u64) -> Self {
        Self {
            generation: AtomicU64::new(0),
            doctypes: Mutex::default(),
            lifetime,
            page_size: page_size.max(1),
        }
    }

    /// Call before sending a write; keep the answer until it has completed.
    pub(crate) fn write_starts(&self) -> WriteInProgress<'_> {
        self.generation.fetch_add(1, Ordering::AcqRel);
        WriteInProgress(&self.generation)
    }

    fn current(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn state(&self, doctype: &str) -> Arc<tokio::sync::Mutex<DocTypeState>> {
        let mut doctypes = match self.doctypes.lock() {
            Ok(guard) => guard,
            // A panic elsewhere cannot leave the map half-written.
            Err(poisoned) => poisoned.into_inner(),
        };
        doctypes.entry(doctype.to_string()).or_default().clone()
    }

    /// Answers a read of `doctype`/`name` from the DocType's snapshot,
    /// taking one first when this is the DocType's second read since the
    /// last write. Reads arriving while it is taken wait for it.
    pub(crate) async fn lookup(&self, client: &FrappeClient, doctype: &str, name: &str) -> SnapshotAnswer {
        let state = self.state(doctype);
        let mut state = state.lock().await;
        let asked_at = self.current();
        if let Some(snapshot) = &state.snapshot {
            if snapshot.generation == asked_at && snapshot.taken.elapsed() < self.lifetime {
                return snapshot.answer(name);
            }
            state.snapshot = None;
        }
        if state.unsuitable {
            return SnapshotAnswer::NoSnapshot;
        }
        if state.read_at != Some(asked_at) {
            state.read_at = Some(asked_at);
            return SnapshotAnswer::NoSnapshot;
        }
        let taken = Instant::now();
        let Some(documents) = self.list_every(client, doctype).await else {
            state.unsuitable = true;
            return SnapshotAnswer::NoSnapshot;
        };
        // A write started or ended while listing: the rows may predate it.
        if self.current() != asked_at {
            return SnapshotAnswer::NoSnapshot;
        }
        let snapshot = Snapshot {
            generation: asked_at,
            taken,
            documents,
        };
        let answer = snapshot.answer(name);
        state.snapshot = Some(snapshot);
        answer
    }

    /// Every document of `doctype` as the GET answers it; `None` when the
    /// DocType has a page or more of them or its rows cannot stand for GETs.
    async fn list_every(&self, client: &FrappeClient, doctype: &str) -> Option<HashMap<String, Document>> {
        let meta = client.cached_doctype_meta(doctype).await.ok()??;
        if !listable(&meta) {
            return None;
        }
        let tables = child_tables(&meta)?;
        list_with_children(client, self.page_size, &meta, &tables, Selection::EveryInOnePage)
            .await
            .ok()?
    }
}

impl Snapshot {
    fn answer(&self, name: &str) -> SnapshotAnswer {
        match self.documents.get(name) {
            Some(doc) => SnapshotAnswer::Document(doc.clone()),
            None => SnapshotAnswer::Absent,
        }
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
