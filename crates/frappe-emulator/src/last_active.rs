//! `User.last_active`, which Frappe writes at the end of a request while it keeps the session
//! (`frappe/app.py` `sync_database` → `frappe/sessions.py` `Session.update`).
//!
//! A request signed with an API token runs in the Guest session (`sid` "Guest") with the token's
//! user as `frappe.session.user`. v14 and v15 persist a session at most every 600 seconds,
//! remembering the last time per `sid` (`last_db_session_update` in the cache), so token
//! requests share one clock: only the first user to call within those ten minutes gets a
//! `last_active`. develop compares with the session data's own `last_updated`, which the Guest
//! session does not carry, so every token request updates its user's.

use std::collections::BTreeMap;

use serde_json::Value;

use super::clock::Timestamp;
use super::mariadb;
use super::permissions::GUEST;
use super::store::{row_name, Store};
use super::users::USER;
use super::version::FrappeVersion;

/// "database persistence is secondary, don't update it too often".
const PERSIST_EVERY_SECONDS: i64 = 600;

/// When each session was last persisted (`last_db_session_update`).
#[derive(Debug, Default)]
pub(crate) struct SessionPersistence {
    last_update: BTreeMap<String, Timestamp>,
}

impl SessionPersistence {
    /// `Session.update()` after a request by `user` in session `sid`.
    pub(crate) fn after_request(&mut self, store: &mut Store, version: FrappeVersion, user: &str, sid: &str) {
        if user == GUEST || user.is_empty() {
            return;
        }
        let now = store.now();
        let due = match version {
            FrappeVersion::Develop if sid == GUEST => true,
            _ => self
                .last_update
                .get(sid)
                .is_none_or(|last| *last < now.minus_seconds(PERSIST_EVERY_SECONDS)),
        };
        if !due {
            return;
        }
        self.last_update.insert(sid.to_string(), now);
        // `frappe.db.set_value(..., update_modified=False)`: `modified` stays.
        if let Some(row) = store
            .table_mut(USER)
            .iter_mut()
            .find(|row| mariadb::text_eq(row_name(row), user))
        {
            row.insert("last_active".into(), Value::from(now.fresh()));
        }
    }
}
