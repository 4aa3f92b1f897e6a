//! Reading a list query page by page (`limit_start` / `limit_page_length`,
//! as `frappe/api/v1.py` `document_list` passes them to `frappe.get_list`): no
//! answer is larger than one page, and a consumer that has enough simply
//! stops asking for the next one.

use serde_json::Value as Json;

use crate::client::{Document, FrappeClient, ListQuery};
use crate::error::FrappeError;

/// Documents per request unless the caller chooses: large enough that small
/// sites answer in one request, small enough that one answer stays small.
pub const DEFAULT_PAGE_SIZE: u64 = 500;

/// A list query being read page by page. Create it with
/// [`FrappeClient::pages`]; call [`ListPages::next_page`] until it answers
/// `None`.
pub struct ListPages<'c> {
    client: &'c FrappeClient,
    doctype: String,
    fields: Vec<String>,
    filters: Option<Json>,
    order_by: Option<String>,
    /// For a child DocType: the parent DocType whose read permission admits
    /// the rows (`frappe/client.py` `get_list`'s `parent`).
    parent: Option<String>,
    page_size: u64,
    next_start: u64,
    /// Documents still wanted (the query's limit); `u64::MAX` for all.
    remaining: u64,
    finished: bool,
}

impl<'c> ListPages<'c> {
    pub(crate) fn new(client: &'c FrappeClient, query: &ListQuery<'_>, page_size: u64) -> Self {
        Self {
            client,
            doctype: query.doctype.to_string(),
            fields: query.fields.to_vec(),
            filters: query.filters.cloned(),
            order_by: query.order_by.map(str::to_string),
            parent: None,
            page_size: page_size.max(1),
            next_start: 0,
            remaining: if query.limit == 0 { u64::MAX } else { query.limit },
            finished: false,
        }
    }

    /// Starts after the first `start` documents (a page already read).
    pub(crate) fn starting_at(mut self, start: u64) -> Self {
        self.next_start = start;
        self
    }

    /// Reads the rows of a child DocType under `parent_doctype`'s read
    /// permission (Frappe refuses a child DocType's list without it).
    pub fn of_parent(mut self, parent_doctype: &str) -> Self {
        self.parent = Some(parent_doctype.to_string());
        self
    }

    /// The next page; `None` once the documents (or the limit) are exhausted.
    /// A page shorter than asked for is the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Document>>, FrappeError> {
        if self.finished || self.remaining == 0 {
            return Ok(None);
        }
        let length = self.page_size.min(self.remaining);
        let rows = self
            .client
            .list_page(
                &self.doctype,
                &self.fields,
                self.filters.as_ref(),
                self.order_by.as_deref(),
                self.parent.as_deref(),
                (self.next_start, length),
            )
            .await?;
        let got = rows.len() as u64;
        self.finished = got < length;
        self.next_start += got;
        self.remaining = self.remaining.saturating_sub(got);
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(rows))
    }

    /// Every remaining document, page after page.
    pub async fn collect(mut self) -> Result<Vec<Document>, FrappeError> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }
}
