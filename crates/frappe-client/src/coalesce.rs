//! Reads of one DocType that arrive together, answered by one list request.
//!
//! Terraform refreshes up to `-parallelism` resources at once, each with its
//! own read. The first read of a DocType opens a batch and waits a short,
//! bounded window (or until the batch is full); the reads that arrive
//! meanwhile join it. The batch is then answered by one paged list request
//! (`filters` on `name`, `fields=["*"]`) plus one per child DocType
//! (`parent` in the found names), and each row is turned into exactly what
//! the single-document GET answers ([`list_rows`](crate::list_rows)).
//!
//! Whatever the list does not answer for is read by its own GET, as before:
//! a document missing from the list (gone, not permitted, named with
//! another case), every document of a batch whose list request failed or
//! whose rows were cut by field-level permissions, a DocType with virtual
//! fields or whose description cannot be read, and a batch too small for a
//! list to save requests — a lone read is one GET after 2 ms.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value as Json};
use tokio::sync::{oneshot, Notify};
use tokio::time::Instant;

use crate::client::{Document, FrappeClient, ListQuery};
use crate::error::FrappeError;
use crate::list_rows::{document_from_row, listable};
use crate::meta::DocTypeMeta;
use crate::pages::DEFAULT_PAGE_SIZE;

/// How long the first read of a batch waits at most for others to join.
pub const DEFAULT_WINDOW: Duration = Duration::from_millis(10);

/// The batch is answered once no read has joined for this long: Terraform
/// sends the reads of one refresh wave within a millisecond or two of each
/// other, and a lone read waits only this long.
pub const DEFAULT_QUIET: Duration = Duration::from_millis(2);

/// A batch this large is answered at once: Terraform's default
/// `-parallelism`, so a full wave of reads does not wait out the window.
pub const DEFAULT_FULL_BATCH: usize = 10;

/// The batches being collected, one per DocType.
pub(crate) struct ReadBatches {
    open: Mutex<HashMap<String, Arc<Batch>>>,
    window: Duration,
    quiet: Duration,
    full: usize,
    page_size: u64,
}

impl Default for ReadBatches {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW, DEFAULT_QUIET, DEFAULT_FULL_BATCH, DEFAULT_PAGE_SIZE)
    }
}

#[derive(Default)]
struct Batch {
    waiting: Mutex<Vec<Waiter>>,
    /// Signalled on every join.
    filled: Notify,
}

impl Batch {
    fn size(&self) -> usize {
        lock(&self.waiting).len()
    }
}

struct Waiter {
    name: String,
    answer: oneshot::Sender<Answer>,
}

enum Answer {
    Listed(Document),
    /// Read it with its own GET.
    AskAlone,
}

impl ReadBatches {
    pub(crate) fn new(window: Duration, quiet: Duration, full: usize, page_size: u64) -> Self {
        Self {
            open: Mutex::default(),
            window,
            quiet: quiet.min(window),
            full: full.max(1),
            page_size: page_size.max(1),
        }
    }

    fn open(&self) -> MutexGuard<'_, HashMap<String, Arc<Batch>>> {
        match self.open.lock() {
            Ok(guard) => guard,
            // A panic elsewhere cannot leave the map half-written.
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Adds a read to the open batch of `doctype`; returns the batch when
    /// this read opened it (and so answers it).
    fn join(&self, doctype: &str, waiter: Waiter) -> Option<Arc<Batch>> {
        let mut open = self.open();
        if let Some(batch) = open.get(doctype).cloned() {
            let count = {
                let mut waiting = lock(&batch.waiting);
                waiting.push(waiter);
                waiting.len()
            };
            if count >= self.full {
                open.remove(doctype);
            }
            // Tells the opener someone joined (and, when full, to stop waiting).
            batch.filled.notify_one();
            return None;
        }
        let batch = Arc::new(Batch::default());
        lock(&batch.waiting).push(waiter);
        if self.full > 1 {
            open.insert(doctype.to_string(), batch.clone());
        } else {
            batch.filled.notify_one();
        }
        Some(batch)
    }

    /// Stops `batch` taking reads; answers who joined it.
    fn close(&self, doctype: &str, batch: &Arc<Batch>) -> Vec<Waiter> {
        let mut open = self.open();
        if open.get(doctype).is_some_and(|b| Arc::ptr_eq(b, batch)) {
            open.remove(doctype);
        }
        drop(open);
        std::mem::take(&mut *lock(&batch.waiting))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Closes a batch whose opener was abandoned (Terraform cancelled the
/// read): the reads that joined it then ask alone instead of waiting.
struct Opened<'a> {
    batches: &'a ReadBatches,
    doctype: &'a str,
    batch: Arc<Batch>,
}

impl Drop for Opened<'_> {
    fn drop(&mut self) {
        drop(self.batches.close(self.doctype, &self.batch));
    }
}

/// See [`FrappeClient::read_document`].
pub(crate) async fn read(
    client: &FrappeClient,
    batches: &ReadBatches,
    doctype: &str,
    name: &str,
) -> Result<Option<Document>, FrappeError> {
    let (answer, answered) = oneshot::channel();
    let waiter = Waiter {
        name: name.to_string(),
        answer,
    };
    if let Some(batch) = batches.join(doctype, waiter) {
        let opened = Opened {
            batches,
            doctype,
            batch,
        };
        // Until the batch is full, no read joined for `quiet`, or the window ends.
        let deadline = Instant::now() + batches.window;
        while opened.batch.size() < batches.full {
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = batches.quiet.min(left);
            if wait.is_zero()
                || tokio::time::timeout(wait, opened.batch.filled.notified())
                    .await
                    .is_err()
            {
                break;
            }
        }
        let waiters = batches.close(doctype, &opened.batch);
        answer_batch(client, batches.page_size, doctype, waiters).await;
    }
    match answered.await {
        Ok(Answer::Listed(doc)) => Ok(Some(doc)),
        // Not answered by the list (or its opener was abandoned).
        Ok(Answer::AskAlone) | Err(_) => client.get_document(doctype, name).await,
    }
}

async fn answer_batch(client: &FrappeClient, page_size: u64, doctype: &str, waiters: Vec<Waiter>) {
    let mut names: Vec<String> = Vec::new();
    for waiter in &waiters {
        if !names.contains(&waiter.name) {
            names.push(waiter.name.clone());
        }
    }
    let listed = if names.len() > 1 {
        list_documents(client, page_size, doctype, &names).await
    } else {
        HashMap::new()
    };
    for waiter in waiters {
        let answer = match listed.get(&waiter.name) {
            Some(doc) => Answer::Listed(doc.clone()),
            None => Answer::AskAlone,
        };
        // A reader that is gone needs no answer.
        let _ = waiter.answer.send(answer);
    }
}

/// The documents named, as the single-document GET answers them, read by
/// list requests; empty when a list cannot stand for the GETs or would not
/// save requests.
async fn list_documents(
    client: &FrappeClient,
    page_size: u64,
    doctype: &str,
    names: &[String],
) -> HashMap<String, Document> {
    let Ok(Some(meta)) = client.cached_doctype_meta(doctype).await else {
        return HashMap::new();
    };
    let tables = child_tables(&meta);
    let Some(tables) = tables else {
        return HashMap::new();
    };
    // One request for the documents and one per child DocType against one
    // GET per document.
    if !listable(&meta) || names.len() <= 1 + tables.len() {
        return HashMap::new();
    }
    match list_with_children(client, page_size, &meta, &tables, Selection::Named(names)).await {
        Ok(Some(listed)) => listed.documents,
        // An error answer or rows cut by permissions: each reads alone.
        Ok(None) | Err(_) => HashMap::new(),
    }
}

/// A child DocType and the table fields of the parent that hold its rows.
pub(crate) struct ChildTable<'m> {
    meta: &'m DocTypeMeta,
    fieldnames: Vec<&'m str>,
}

/// The child DocTypes of `meta`, or `None` when one is not described (or
/// cannot be listed).
pub(crate) fn child_tables(meta: &DocTypeMeta) -> Option<Vec<ChildTable<'_>>> {
    let mut tables: Vec<ChildTable<'_>> = Vec::new();
    for field in meta.value_fields().filter(|f| f.is_table()) {
        let child = meta.child_table(&field.fieldname)?;
        if !listable(child) {
            return None;
        }
        match tables.iter_mut().find(|t| t.meta.name == child.name) {
            Some(table) => table.fieldnames.push(&field.fieldname),
            None => tables.push(ChildTable {
                meta: child,
                fieldnames: vec![&field.fieldname],
            }),
        }
    }
    Some(tables)
}

/// Which documents of a DocType a list stands for.
#[derive(Clone, Copy)]
pub(crate) enum Selection<'a> {
    /// Those with these names.
    Named(&'a [String]),
    /// One page of every document the API user may list, in the order of
    /// their names, starting after this many.
    Page { start: u64 },
}

/// Documents read by list requests, as the single-document GET answers them.
pub(crate) struct Listed {
    pub(crate) documents: HashMap<String, Document>,
    /// For a full page: where the next one starts (a shorter page is the last).
    pub(crate) next_start: Option<u64>,
}

/// Lists the selected documents and their child rows; `None` when the rows
/// cannot stand for what the GET answers (cut by field-level permissions).
pub(crate) async fn list_with_children(
    client: &FrappeClient,
    page_size: u64,
    meta: &DocTypeMeta,
    tables: &[ChildTable<'_>],
    selection: Selection<'_>,
) -> Result<Option<Listed>, FrappeError> {
    let every_column = ["*".to_string()];
    let (wanted, by_name) = match selection {
        Selection::Named(names) => (
            Some(names.iter().map(String::as_str).collect::<HashSet<&str>>()),
            Some(json!([["name", "in", names]])),
        ),
        Selection::Page { .. } => (None, None),
    };
    let query = ListQuery {
        doctype: &meta.name,
        fields: &every_column,
        filters: by_name.as_ref(),
        // A unique order keeps pages from overlapping.
        order_by: Some("name asc"),
        limit: 0,
    };
    let (rows, next_start) = match selection {
        Selection::Named(_) => (client.pages(&query, page_size).collect().await?, None),
        Selection::Page { start } => {
            let page = client
                .pages(&query, page_size)
                .starting_at(start)
                .next_page()
                .await?
                .unwrap_or_default();
            let got = page.len() as u64;
            (page, (got >= page_size).then_some(start + got))
        }
    };
    // The first and last name in the site's own order: a page's child rows
    // are those whose `parent` lies between them, by the same collation.
    let name_of = |row: Option<&Document>| {
        row.and_then(|r| r.get("name"))
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let span = name_of(rows.first()).zip(name_of(rows.last()));
    let mut docs: HashMap<String, Document> = HashMap::new();
    for row in rows {
        let Some(name) = row.get("name").and_then(Json::as_str) else {
            continue;
        };
        // The GET answers for a name spelt otherwise (MariaDB compares
        // names without case); only the exact name is taken from the list.
        if wanted.as_ref().is_some_and(|w| !w.contains(name)) {
            continue;
        }
        let Some(mut doc) = document_from_row(meta, &row) else {
            return Ok(None);
        };
        for field in meta.value_fields().filter(|f| f.is_table()) {
            doc.insert(field.fieldname.clone(), Json::Array(Vec::new()));
        }
        docs.insert(name.to_string(), doc);
    }
    if docs.is_empty() {
        return Ok(Some(Listed {
            documents: docs,
            next_start,
        }));
    }
    let by_parent = match (selection, span) {
        (Selection::Page { .. }, Some((first, last))) => {
            // Naming a page of parents would make a URL longer than servers
            // accept; their span is two values.
            json!([
                ["parenttype", "=", meta.name],
                ["parent", ">=", first],
                ["parent", "<=", last]
            ])
        }
        _ => {
            let found: Vec<&str> = docs.keys().map(String::as_str).collect();
            json!([["parent", "in", found], ["parenttype", "=", meta.name]])
        }
    };
    for table in tables {
        let query = ListQuery {
            doctype: &table.meta.name,
            fields: &every_column,
            filters: Some(&by_parent),
            order_by: Some("name asc"),
            limit: 0,
        };
        let rows = client.pages(&query, page_size).of_parent(&meta.name).collect().await?;
        let mut children: Vec<(i64, String, String, Document)> = Vec::new();
        for row in rows {
            let Some(child) = document_from_row(table.meta, &row) else {
                return Ok(None);
            };
            let text = |key: &str| row.get(key).and_then(Json::as_str).unwrap_or_default().to_string();
            let idx = row.get("idx").and_then(Json::as_i64).unwrap_or(0);
            children.push((idx, text("parent"), text("parentfield"), child));
        }
        // `Document.load_children_from_db` reads each table `order by idx asc`.
        children.sort_by_key(|(idx, ..)| *idx);
        for (_, parent, parentfield, child) in children {
            if !table.fieldnames.contains(&parentfield.as_str()) {
                continue;
            }
            if let Some(Json::Array(rows)) = docs.get_mut(&parent).and_then(|d| d.get_mut(&parentfield)) {
                rows.push(Json::Object(child));
            }
        }
    }
    Ok(Some(Listed {
        documents: docs,
        next_start,
    }))
}

#[cfg(test)]
#[path = "coalesce_tests.rs"]
pub(crate) mod tests;
