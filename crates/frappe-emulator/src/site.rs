//! One emulated Frappe site: its configuration, DocTypes, data and request log.
//!
//! All mutable state sits behind one `std::sync::Mutex` that is never held across an
//! `.await`: a request is handled start to finish under the lock, which also makes every
//! write atomic the way a database transaction is.

use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use super::context::{Context, Effect};
use super::errors::Failure;
use super::faults::Faults;
use super::last_active::SessionPersistence;
use super::meta::Registry;
use super::permissions::ADMINISTRATOR;
use super::python::{cint, cstr};
use super::service_time::Workers;
use super::sessions::Sessions;
use super::store::Store;
use super::write_conflicts::WriteRefusals;
use super::{fixtures, mariadb, users};
use super::{Database, EmulatorConfig, FrappeVersion, RecordedRequest};

/// Mutable state of the site.
#[derive(Debug)]
pub(crate) struct SiteState {
    pub(crate) store: Store,
    pub(crate) sessions: Sessions,
    /// When each session last wrote `last_active` (`frappe/sessions.py` `Session.update`).
    pub(crate) persistence: SessionPersistence,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) faults: Faults,
    pub(crate) write_refusals: Option<WriteRefusals>,
}

/// The site as the HTTP server and the [`super::Emulator`] handle share it.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) version: FrappeVersion,
    /// The database the site runs on: every database-specific answer asks it.
    pub(crate) database: Database,
    pub(crate) site_name: Option<String>,
    pub(crate) registry: Registry,
    state: Mutex<SiteState>,
    pub(crate) connections_accepted: AtomicUsize,
    pub(crate) log_requests: AtomicBool,
    pub(crate) workers: Option<Workers>,
}

impl Site {
    /// A fresh site (see [`fixtures`]).
    pub(crate) fn new(config: EmulatorConfig) -> Result<Site, Failure> {
        let site = Site {
            version: config.version,
            database: config.database,
            site_name: config.site_name.clone(),
            registry: Registry::for_version(config.version),
            state: Mutex::new(SiteState {
                store: Store::default(),
                sessions: Sessions::default(),
                persistence: SessionPersistence::default(),
                requests: Vec::new(),
                faults: Faults::default(),
                write_refusals: config.refuse_concurrent_writes.clone().map(WriteRefusals::new),
            }),
            connections_accepted: AtomicUsize::new(0),
            log_requests: AtomicBool::new(false),
            workers: config.service_time.map(Workers::new),
        };
        {
            let mut state = site.lock();
            let mut ctx = Context::new(&site, &mut state, ADMINISTRATOR);
            fixtures::seed_site(&mut ctx, &config)?;
        }
        Ok(site)
    }

    /// Locks the state. A panic while the lock was held (a bug, never request input) must not
    /// take the whole emulator down with it, so poisoning is ignored.
    pub(crate) fn lock(&self) -> MutexGuard<'_, SiteState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SiteState {
    /// `frappe.get_roles(user)`.
    pub(crate) fn roles_of(&self, user: &str) -> Vec<String> {
        users::roles_of(&self.store, user)
    }

    /// `frappe.db.get_single_value(doctype, field)` as stored (text, or null).
    pub(crate) fn single_value(&self, doctype: &str, field: &str) -> Value {
        self.store
            .single(doctype)
            .and_then(|row| row.get(field))
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// A Check of a Single, e.g. System Settings `allow_error_traceback`.
    pub(crate) fn single_flag(&self, doctype: &str, field: &str) -> bool {
        cint(&self.single_value(doctype, field)) != 0
    }

    /// A site-wide default (`frappe.defaults.get_defaults()`), which System Settings keeps in
    /// step with its own fields; new documents' Link fields of the same name take it.
    pub(crate) fn global_default(&self, fieldname: &str) -> Option<String> {
        let value = cstr(&self.single_value("System Settings", fieldname));
        (!value.is_empty()).then_some(value)
    }

    /// `frappe.utils.nowdate()`.
    pub(crate) fn today(&self) -> String {
        super::clock::today()
    }

    pub(crate) fn apply_effect(&mut self, effect: Effect) {
        let matches = |row: &super::store::Row, column: &str, value: &str| {
            mariadb::text_eq(&cstr(row.get(column).unwrap_or(&Value::Null)), value)
        };
        match effect {
            Effect::DeleteRows { doctype, column, value } => {
                self.store
                    .table_mut(doctype)
                    .retain(|row| !matches(row, column, &value));
            }
            Effect::ClearColumn { doctype, column, value } => {
                for row in self.store.table_mut(doctype) {
                    if matches(row, column, &value) {
                        row.insert(column.to_string(), Value::Null);
                    }
                }
            }
            Effect::SetLoginPassword { user, password } => {
                self.store.set_login_password(&user, password);
            }
            Effect::EndSessions { user } => self.sessions.end_all(&user),
            Effect::RetypeUsers { role, by } => self.retype_users(&role, &by),
            Effect::AddColumn { doctype, column, value } => {
                for row in self.store.table_mut(doctype) {
                    row.entry(column.clone()).or_insert_with(|| value.clone());
                }
            }
            Effect::KeepOrphanColumn { doctype, column } => self.store.keep_orphan_column(doctype, column),
        }
    }

    /// `Role.update_user_type_on_change()`: each user of the role is saved with the user type
    /// their roles now imply.
    fn retype_users(&mut self, role: &str, by: &str) {
        let holders: Vec<String> = self
            .store
            .rows_where(users::HAS_ROLE, "role", role)
            .into_iter()
            .filter(|row| cstr(row.get("parenttype").unwrap_or(&Value::Null)) == users::USER)
            .map(|row| cstr(row.get("parent").unwrap_or(&Value::Null)))
            .collect();
        for user in holders {
            let roles: Vec<String> = self
                .store
                .children(users::HAS_ROLE, users::USER, &user, "roles")
                .into_iter()
                .map(|row| cstr(row.get("role").unwrap_or(&Value::Null)))
                .collect();
            let user_type = if users::has_desk_access(&self.store, &roles) {
                "System User"
            } else {
                "Website User"
            };
            let now = self.store.now().fresh();
            if let Some(row) = self
                .store
                .table_mut(users::USER)
                .iter_mut()
                .find(|row| mariadb::text_eq(super::store::row_name(row), &user))
            {
                if row.get("user_type").and_then(Value::as_str) != Some(user_type) {
                    row.insert("user_type".into(), Value::from(user_type));
                    row.insert("modified".into(), Value::from(now));
                    row.insert("modified_by".into(), Value::from(by));
                }
            }
        }
    }
}
