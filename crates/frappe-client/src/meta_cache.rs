//! The site's DocType descriptions, read at most once per client (one
//! provider process): concurrent callers wait for the one request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::meta::DocTypeMeta;

/// What a site said of a DocType: its description, `None` for no such
/// DocType, or why it could not be read.
pub type MetaLookup = Result<Option<Arc<DocTypeMeta>>, String>;

#[derive(Default)]
pub(crate) struct MetaCache {
    cells: Mutex<HashMap<String, Arc<OnceCell<MetaLookup>>>>,
}

impl MetaCache {
    /// The cell holding (or about to hold) `doctype`'s lookup.
    pub(crate) fn cell(&self, doctype: &str) -> Arc<OnceCell<MetaLookup>> {
        let mut cells = match self.cells.lock() {
            Ok(guard) => guard,
            // A panic elsewhere cannot leave the map half-written.
            Err(poisoned) => poisoned.into_inner(),
        };
        cells.entry(doctype.to_string()).or_default().clone()
    }
}
