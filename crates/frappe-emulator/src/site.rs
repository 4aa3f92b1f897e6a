//! One emulated Frappe site: its configuration, DocTypes, users, data and request log.
//!
//! All mutable state sits behind one `std::sync::Mutex` that is never held across an
//! `.await`: a request is handled start to finish under the lock, which also makes every
//! write atomic the way a database transaction is.

use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::auth::Users;
use super::faults::Faults;
use super::meta::Registry;
use super::store::Store;
use super::{EmulatorConfig, FrappeVersion, RecordedRequest};

/// Mutable state of the site.
#[derive(Debug)]
pub(crate) struct SiteState {
    pub(crate) users: Users,
    pub(crate) store: Store,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) faults: Faults,
}

/// The site as the HTTP server and the [`super::Emulator`] handle share it.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) version: FrappeVersion,
    pub(crate) site_name: Option<String>,
    /// System Settings `allow_error_traceback`.
    pub(crate) tracebacks: bool,
    pub(crate) registry: Registry,
    state: Mutex<SiteState>,
    pub(crate) connections_accepted: AtomicUsize,
    pub(crate) log_requests: AtomicBool,
}

impl Site {
    pub(crate) fn new(config: EmulatorConfig) -> Site {
        Site {
            version: config.version,
            site_name: config.site_name,
            tracebacks: config.tracebacks,
            registry: Registry::for_version(config.version),
            state: Mutex::new(SiteState {
                users: Users::new(config.admin_api_key, config.admin_api_secret),
                store: Store::default(),
                requests: Vec::new(),
                faults: Faults::default(),
            }),
            connections_accepted: AtomicUsize::new(0),
            log_requests: AtomicBool::new(false),
        }
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
        self.users.roles(user)
    }

    /// A site-wide default (`frappe.defaults.get_defaults()`), as Link fields of new
    /// documents take it.
    pub(crate) fn global_default(&self, _fieldname: &str) -> Option<String> {
        None
    }

    /// `frappe.utils.nowdate()`.
    pub(crate) fn today(&self) -> String {
        super::clock::today()
    }
}
