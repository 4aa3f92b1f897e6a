//! Writes refused as a database with concurrent writers refuses them.
//!
//! Real sites refuse some parallel writes: two transactions that lock the same rows (a User's
//! `Has Role` rows, the `tabSeries` counter, the same index pages) make MariaDB answer one of
//! them with a deadlock (error 1213) and PostgreSQL with a serialization failure (SQLSTATE
//! 40001). `frappe/database/database.py` `Database.sql` raises `frappe.QueryDeadlockError` for
//! what `frappe/database/mariadb/database.py` `is_deadlocked` recognises and lets psycopg2's
//! `SerializationFailure` through unchanged (`frappe/database/postgres/database.py` maps only
//! 40P01 and lock timeouts), logging `"Error in query:\n<message>"` on PostgreSQL first
//! (`frappe.log` → `_debug_messages` in v15 and develop; `frappe.errprint` → `exc` in v14).
//! `frappe/app.py` `application()` then answers 500 through `handle_exception` and rolls the
//! request back, so a refused write leaves nothing behind.
//!
//! The emulator serialises requests, so writers never really meet. This module refuses a
//! deterministic share instead: every Nth write (POST, PUT, DELETE under `/api/resource/`) to a
//! DocType, counted per DocType, without handling it. The same write (method, path and body)
//! is refused at most `in_a_row` times in a row and then let through, as a real database lets
//! a retried transaction through once the other writer has committed. The refusal is decided
//! before authentication, which a real site checks first; tests send authenticated writes.

use std::collections::HashMap;

use super::errors::{render_failure, ErrorContext, Failure, HttpReply};
use super::routes::ApiRequest;
use super::site::Site;

/// Which writes to refuse (the site's [`super::Database`] says how the refusal reads).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcurrentWriteRefusals {
    /// Every Nth write to a DocType is refused (1: every write).
    pub every: u32,
    /// How often the same write may be refused in a row before it is let through.
    pub in_a_row: u32,
}

impl ConcurrentWriteRefusals {
    /// Every Nth write to a DocType refused once.
    pub fn every(every: u32) -> ConcurrentWriteRefusals {
        ConcurrentWriteRefusals {
            every: every.max(1),
            in_a_row: 1,
        }
    }
}

/// The refusal rule and its counters.
#[derive(Debug)]
pub(crate) struct WriteRefusals {
    rule: ConcurrentWriteRefusals,
    writes_per_doctype: HashMap<String, u64>,
    /// Refusals in a row of one write: (method, path, body).
    refused: HashMap<(String, String, Vec<u8>), u32>,
    total_refused: usize,
}

impl WriteRefusals {
    pub(crate) fn new(rule: ConcurrentWriteRefusals) -> WriteRefusals {
        WriteRefusals {
            rule,
            writes_per_doctype: HashMap::new(),
            refused: HashMap::new(),
            total_refused: 0,
        }
    }

    pub(crate) fn total_refused(&self) -> usize {
        self.total_refused
    }

    /// Whether this request is refused, counting it.
    fn take(&mut self, request: &ApiRequest) -> bool {
        let Some(doctype) = written_doctype(request) else {
            return false;
        };
        let count = self.writes_per_doctype.entry(doctype).or_default();
        *count += 1;
        let nth = (*count).is_multiple_of(u64::from(self.rule.every.max(1)));
        let key = (request.method.to_string(), request.path.clone(), request.body.to_vec());
        let in_a_row = self.refused.get(&key).copied().unwrap_or(0);
        if nth && in_a_row < self.rule.in_a_row {
            self.refused.insert(key, in_a_row + 1);
            self.total_refused += 1;
            true
        } else {
            self.refused.remove(&key);
            false
        }
    }
}

/// The DocType a `/api/resource/` write goes to.
fn written_doctype(request: &ApiRequest) -> Option<String> {
    if !matches!(request.method.as_str(), "POST" | "PUT" | "DELETE") {
        return None;
    }
    let rest = request.path.strip_prefix("/api/resource/")?;
    let doctype = rest.split('/').next().filter(|d| !d.is_empty())?;
    Some(doctype.to_string())
}

/// The answer to a write the database refused, or `None` to handle the request.
pub(crate) fn refuse(site: &Site, request: &ApiRequest) -> Option<HttpReply> {
    let tracebacks_enabled = {
        let mut state = site.lock();
        let refusals = state.write_refusals.as_mut()?;
        if !refusals.take(request) {
            return None;
        }
        state.single_flag("System Settings", "allow_error_traceback")
    };
    let context = ErrorContext {
        profile: site.version.profile(),
        tracebacks_enabled,
        wants_html: request.wants_html(),
    };
    let error = site.database.concurrent_write_refusal();
    Some(render_failure(&Failure::from(error), context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use axum::http::{HeaderMap, Method};

    fn write(method: Method, path: &str, body: &str) -> ApiRequest {
        ApiRequest::new(method, path, None, HeaderMap::new(), Bytes::from(body.to_string()))
    }

    #[test]
    fn every_nth_write_to_a_doctype_is_refused_once() {
        let mut refusals = WriteRefusals::new(ConcurrentWriteRefusals::every(2));
        let first = write(Method::PUT, "/api/resource/User/a%40example.com", "{}");
        let second = write(Method::PUT, "/api/resource/User/b%40example.com", "{}");
        assert!(!refusals.take(&first));
        assert!(refusals.take(&second));
        // Reads and other DocTypes do not count.
        assert!(!refusals.take(&write(Method::GET, "/api/resource/User/x", "")));
        assert!(!refusals.take(&write(Method::POST, "/api/resource/Role", "{}")));
        assert!(!refusals.take(&first));
        // The refused write, sent again on a refusing turn, goes through this time.
        assert!(!refusals.take(&second));
        assert!(!refusals.take(&first));
        assert!(refusals.take(&first));
        assert_eq!(refusals.total_refused(), 2);
    }
}
