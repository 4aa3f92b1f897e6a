//! The documents of a DocType, listed page by page once per provider
//! process and kept for a short while, so that a refresh of N documents
//! costs about ⌈N / page⌉ list requests instead of N reads.
//!
//! Terraform runs at most `-parallelism` reads at once and spreads them over
//! time, so batches of concurrent reads ([`coalesce`](crate::coalesce)) stay
//! small. Instead, the second read of a DocType since the client's last
//! write lists its first page of documents — all fields, in the order of
//! their names, plus their child rows — and later reads are answered from
//! those rows without a request. The first read is answered as before (a
//! lone read stays one GET).
//!
//! A DocType larger than a page is not listed whole at once: it may hold far
//! more documents than Terraform manages. A read the pages so far do not
//! answer is read as before (batched by name); once [`MISSES_PER_PAGE`] such
//! reads have cost requests since the last page, the next page is listed
//! too, up to [`MAX_PAGES`]. So listing pages costs at most one request per
//! [`MISSES_PER_PAGE`] reads that would have cost one each, and a refresh of
//! most of a DocType costs its pages plus a handful. A name the listed pages
//! do not hold is never taken as gone: it is read alone, once every page has
//! been listed.
//!
//! The rows are never older than a write this client made: every write
//! (any request other than GET, whichever DocType it names, since Frappe's
//! hooks change other DocTypes too) moves a generation counter when it
//! starts and when it ends, and a snapshot serves only while the counter
//! stands where it stood when its first list was sent; a page listed after
//! a write had started is not kept. A snapshot also expires after
//! [`DEFAULT_LIFETIME`]. It is held in memory only and never logged.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::client::{Document, FrappeClient};
use crate::coalesce::{child_tables, list_with_children, Listed, Selection};
use crate::list_rows::listable;
use crate::pages::DEFAULT_PAGE_SIZE;

/// How long a snapshot answers reads: changes made by others show up in the
/// next refresh that starts later than this.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(30);

/// Reads the listed pages did not answer, since the last page, after which
/// the next page is listed: a full batch of concurrent reads
/// ([`DEFAULT_FULL_BATCH`](crate::coalesce::DEFAULT_FULL_BATCH)), so that
/// pages never cost more than a tenth of the reads they could save.
pub const MISSES_PER_PAGE: u32 = 10;

/// Pages a snapshot holds at most, which bounds its memory: past them,
/// reads are batched by name as before.
pub const MAX_PAGES: u32 = 10;

/// What the snapshot says of one document.
pub(crate) enum SnapshotAnswer {
    /// The document, as the single-document GET answers it.
    Document(Document),
    /// Every page has been listed and none holds this name: read it alone
    /// (it may be gone, not listable, or named with another case).
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
    misses_per_page: u32,
    max_pages: u32,
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
    /// Not listable as the GET answers: read as before for the rest of the
    /// process.
    unsuitable: bool,
}

struct Snapshot {
    generation: u64,
    taken: Instant,
    /// Each document as compact JSON text: a parsed document takes several
    /// times the memory of its text, and a snapshot may hold thousands,
    /// of which a refresh reads each once.
    documents: HashMap<String, Box<str>>,
    /// Where the next page starts; `None` once the last page was listed.
    next_start: Option<u64>,
    pages: u32,
    /// Reads the pages did not answer since the last one was listed.
    misses: u32,
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
            misses_per_page: MISSES_PER_PAGE,
            max_pages: MAX_PAGES,
        }
    }

    /// Lists the next page after `misses_per_page` misses, up to `max_pages`.
    #[cfg(test)]
    pub(crate) fn paging(mut self, misses_per_page: u32, max_pages: u32) -> Self {
        self.misses_per_page = misses_per_page.max(1);
        self.max_pages = max_pages;
        self
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
    /// last write, and listing its next page when reads keep missing it.
    /// Reads arriving while a page is listed wait for it.
    pub(crate) async fn lookup(&self, client: &FrappeClient, doctype: &str, name: &str) -> SnapshotAnswer {
        let state = self.state(doctype);
        let mut state = state.lock().await;
        let asked_at = self.current();
        if state
            .snapshot
            .as_ref()
            .is_some_and(|s| s.generation != asked_at || s.taken.elapsed() >= self.lifetime)
        {
            state.snapshot = None;
        }
        if let Some(snapshot) = state.snapshot.as_mut() {
            if let Some(answer) = snapshot.answer(name) {
                return answer;
            }
            snapshot.misses += 1;
            let Some(start) = snapshot.next_start else {
                return SnapshotAnswer::NoSnapshot;
            };
            if snapshot.misses < self.misses_per_page || snapshot.pages >= self.max_pages {
                return SnapshotAnswer::NoSnapshot;
            }
            let listed = self.list_page(client, doctype, start).await;
            if self.current() != asked_at {
                // A write started or ended while listing: the rows may predate it.
                state.snapshot = None;
                return SnapshotAnswer::NoSnapshot;
            }
            return match listed {
                Some(listed) => {
                    snapshot.add(listed);
                    snapshot.answer(name).unwrap_or(SnapshotAnswer::NoSnapshot)
                }
                // The site refused the page: it lists no more pages, and
                // the rest is read by name, as before.
                None => {
                    snapshot.pages = self.max_pages;
                    SnapshotAnswer::NoSnapshot
                }
            };
        }
        if state.unsuitable {
            return SnapshotAnswer::NoSnapshot;
        }
        if state.read_at != Some(asked_at) {
            state.read_at = Some(asked_at);
            return SnapshotAnswer::NoSnapshot;
        }
        let taken = Instant::now();
        let Some(listed) = self.list_page(client, doctype, 0).await else {
            state.unsuitable = true;
            return SnapshotAnswer::NoSnapshot;
        };
        // A write started or ended while listing: the rows may predate it.
        if self.current() != asked_at {
            return SnapshotAnswer::NoSnapshot;
        }
        let mut snapshot = Snapshot {
            generation: asked_at,
            taken,
            documents: HashMap::new(),
            next_start: Some(0),
            pages: 0,
            misses: 0,
        };
        snapshot.add(listed);
        let answer = snapshot.answer(name).unwrap_or(SnapshotAnswer::NoSnapshot);
        state.snapshot = Some(snapshot);
        answer
    }

    /// One page of the documents of `doctype` as the GET answers them,
    /// starting after `start`; `None` when its rows cannot stand for GETs.
    async fn list_page(&self, client: &FrappeClient, doctype: &str, start: u64) -> Option<Listed> {
        let meta = client.cached_doctype_meta(doctype).await.ok()??;
        if !listable(&meta) {
            return None;
        }
        let tables = child_tables(&meta)?;
        list_with_children(client, self.page_size, &meta, &tables, Selection::Page { start })
            .await
            .ok()?
    }
}

impl Snapshot {
    /// The answer for `name`, or `None` when a page not yet listed may hold it.
    fn answer(&self, name: &str) -> Option<SnapshotAnswer> {
        match self.documents.get(name) {
            // Text this snapshot wrote itself; were it ever unreadable, the
            // document is read alone.
            Some(text) => Some(match serde_json::from_str::<Document>(text) {
                Ok(doc) => SnapshotAnswer::Document(doc),
                Err(_) => SnapshotAnswer::Absent,
            }),
            None if self.next_start.is_none() => Some(SnapshotAnswer::Absent),
            None => None,
        }
    }

    fn add(&mut self, listed: Listed) {
        for (name, doc) in listed.documents {
            // A map of JSON values always serialises.
            if let Ok(text) = serde_json::to_string(&doc) {
                self.documents.insert(name, text.into_boxed_str());
            }
        }
        self.pages += 1;
        self.misses = 0;
        self.next_start = listed.next_start;
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
