//! A stateful, strict, in-memory imitation of a Frappe site's REST API, used by the
//! acceptance tests and the `frappe-emulator` sandbox.
//!
//! Strict means: a request the real Frappe would reject is rejected the same way (status,
//! `exc_type`, message text, body shape), and behaviour nobody has pinned down is answered
//! with **501** and `{"exc_type": "NotEmulated", ...}` rather than guessed, so no test can pass
//! against the emulator that would fail against Frappe. The reference sites and what they
//! answered are summarised in `notes/frappe-behaviour.md` of the repository: v15.55.1 is the default
//! ([`FrappeVersion::V15`]); [`FrappeVersion::V14`] and [`FrappeVersion::Develop`] switch to what
//! v14.93.2 and a February 2025 develop site answered.
//!
//! The site serves any DocType of its registry: each is described the way Frappe describes it
//! (fields, naming, permissions, sorting), the documents go through one generic lifecycle, and
//! DocType-specific behaviour lives in controller hooks. Release-line differences are data
//! (the registry's field tables and a `Profile` per line), not branches in handlers. Modelled:
//! Social Login Key, User (with Has Role, User Social Login and its other child tables), Role,
//! System Settings, Website Settings, Portal Settings, ToDo and Custom Field; users are User
//! documents and API keys their `api_key`/`api_secret`. Sessions (`sid` cookies, password login
//! and logout) and the social login flow (the buttons of `/login` and the callback that calls
//! the identity provider over HTTP) run as Frappe v15 runs them.
//!
//! For reliability tests the emulator can also misbehave on purpose ([`Emulator::inject`] with
//! a [`FaultRule`]: latency, dropped connections, lost answers, 5xx and proxy pages, rate
//! limiting, maintenance mode, truncated bodies) and serve HTTPS with a self-signed
//! certificate ([`EmulatorConfig::tls`], [`Emulator::ca_certificate_pem`]).
//!
//! Map of the module (private submodules):
//! - `server`: accept loop, TLS and HTTP plumbing, carrying out injected faults;
//!   `faults`: fault rules and the answers of faults that skip the site; `tls`: the
//!   self-signed certificate and rustls configuration;
//! - `routes`: site check, form dict, authentication and the URL map;
//!   `resource` / `rpc`: the `/api/resource` endpoints and `/api/method` calls;
//! - `version`: the release lines and their `Profile`s;
//! - `meta`: DocTypes as data (`meta/doctypes/` holds one file per DocType) and the site's
//!   registry; `schema`: the registry plus stored Custom Fields;
//! - `controllers`: per-DocType hooks (naming, `validate()`, `on_update()`, permissions);
//! - `context`: one request's site, state, user and message log;
//! - `document`: the in-memory `Document`, loading and `as_dict`; `body`: `doc.update(body)`
//!   with child tables; `lifecycle`: insert, save and delete in Frappe's order; `naming`,
//!   `links`, `checks` (`_validate()`), `email`: the steps it runs;
//! - `permissions`: role permissions, controller hooks and the refusal bodies per line;
//! - `list_query`: `frappe.get_list`; `store`: tables, Singles and `__Auth`; `auth`: users
//!   and API keys;
//! - `errors`: exceptions → status and v1 error bodies; `clock`, `python`, `mariadb`: the
//!   timestamp, Python and collation semantics the API exposes;
//! - `database`: the site's database ([`EmulatorConfig::database`]), which every
//!   database-specific answer asks; `mariadb` and `postgres` hold each one's words;
//! - `users`: `frappe.get_roles` and the test helper that adds users; `fixtures`: what a fresh
//!   site holds (roles, Administrator and Guest, the Singles);
//! - `sessions`: `sid` sessions, their cookies, password login and logout;
//!   `social_login`: the `/login` page's buttons and the OAuth2 callback;
//! - `site`: the shared state behind one mutex;
//! - `write_conflicts`: writes refused as a database with concurrent writers refuses them
//!   ([`EmulatorConfig::refuse_concurrent_writes`]).
//!
//! Deliberately different from a real site (each answers 501 unless said otherwise):
//! - `/api/v2/...` answers 404 `DoesNotExistError`, like an unknown route (v15 does have v2),
//!   except `GET /api/v2/doctype/<DocType>/meta` (v15+, as Frappe answers it).
//! - DocTypes a plain Frappe site has but the registry does not model; names no Frappe site
//!   has answer 404 "DocType … not found" (a document of one: 500 ImportError), as Frappe does.
//! - `/api/method/<app>.…` for apps other than frappe answers 417 "App … is not installed",
//!   and `frappe.<name>` for a name the `frappe` module lacks 417 "Failed to get method …", as
//!   Frappe does; other `frappe.*` methods the emulator does not implement answer 501.
//! - OAuth bearer tokens (they always fail with 401), `run_method`, values
//!   containing HTML markup (Frappe runs them through bleach), `docstatus` 1, list
//!   expressions beyond plain columns and simple operators, values whose effect depends on
//!   Python details (objects for non-JSON fields, unusual dates), body keys that would shadow
//!   `Document` methods, multipart bodies, shares, user permissions and field-level
//!   permissions.
//! - Rate limiting and maintenance mode exist only as injected faults ([`Fault`]).
//! - The social login's preset callbacks, LDAP, login with e-mail link, two-factor
//!   authentication and the login lock-out.
//! - Not modelled at all: CSRF, session expiry over time, Version records, accent-insensitive
//!   collation, `_exc_source`. Traceback frames in `exc` are placeholders; only their last
//!   line (the `exception` text) is faithful.

mod api_user;
mod auth;
mod body;
mod checks;
mod clock;
mod context;
mod controllers;
mod database;
mod desk_form_meta;
mod desk_meta;
mod document;
mod email;
mod errors;
mod faults;
mod fixtures;
mod frappe_module;
mod last_active;
mod lifecycle;
mod links;
mod list_query;
mod mariadb;
mod meta;
mod naming;
mod password_policy;
mod permissions;
mod postgres;
mod python;
mod resource;
mod routes;
mod rpc;
mod schema;
mod server;
mod service_time;
mod sessions;
mod setup_wizard;
mod site;
mod social_login;
mod store;
mod tls;
mod users;
mod version;
mod website_paths;
mod write_conflicts;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use self::context::Context;
use self::errors::Failure;
use self::site::Site;
use self::tls::Tls;

pub use self::api_user::{ApiUser, ApiUserError};
pub use self::database::Database;
pub use self::faults::{Fault, FaultRule};
pub use self::service_time::ServiceTime;
pub use self::version::FrappeVersion;
pub use self::write_conflicts::ConcurrentWriteRefusals;

/// The DocType the Social Login Key helpers of [`Emulator`] work on.
const SOCIAL_LOGIN_KEY: &str = "Social Login Key";

/// How to set up an emulated site.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    pub version: FrappeVersion,
    /// The database the site runs on (default MariaDB): the answers that carry the database's
    /// own words follow it (refused queries, duplicate names, concurrent writers).
    pub database: Database,
    /// When set, only requests for this site (Host without port, or `X-Frappe-Site-Name`)
    /// are served; others get werkzeug's 404 page like a bench without that site.
    pub site_name: Option<String>,
    /// The initial System Settings `allow_error_traceback` (default on): adds `exception`/`exc`
    /// to error bodies. A PUT of System Settings can change it later.
    pub tracebacks: bool,
    /// Administrator's API key; random when unset.
    pub admin_api_key: Option<String>,
    /// Administrator's API secret; random when unset.
    pub admin_api_secret: Option<String>,
    /// Serve HTTPS with a certificate generated at start (see [`Emulator::ca_certificate_pem`]).
    pub tls: bool,
    /// Users created at start with these API credentials and exactly these roles (see
    /// [`Emulator::add_user_with_credentials`]).
    pub users: Vec<ApiUser>,
    /// Refuse a share of writes as a database with concurrent writers does (MariaDB
    /// deadlocks, PostgreSQL serialization failures), having written nothing.
    pub refuse_concurrent_writes: Option<ConcurrentWriteRefusals>,
    /// Serve with a bounded number of workers, each request taking a fixed time (a site
    /// that costs time, for benchmarks); `None` answers as fast as it can.
    pub service_time: Option<ServiceTime>,
}

impl Default for EmulatorConfig {
    fn default() -> EmulatorConfig {
        EmulatorConfig {
            version: FrappeVersion::V15,
            database: Database::MariaDb,
            site_name: None,
            tracebacks: true,
            admin_api_key: None,
            admin_api_secret: None,
            tls: false,
            users: Vec::new(),
            refuse_concurrent_writes: None,
            service_time: None,
        }
    }
}

/// API key and secret of a user (`Authorization: token <api_key>:<api_secret>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiCredentials {
    pub api_key: String,
    pub api_secret: String,
}

impl ApiCredentials {
    /// The value of the `Authorization` header for these credentials.
    pub fn authorization(&self) -> String {
        format!("token {}:{}", self.api_key, self.api_secret)
    }
}

/// The body of a recorded request.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordedBody {
    Empty,
    Json(Value),
    /// Not JSON; lossily decoded as UTF-8.
    Raw(String),
}

/// One request the emulator received (answered or, under a fault, not).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// Percent-decoded path.
    pub path: String,
    /// Raw query string, without `?`.
    pub query: Option<String>,
    pub body: RecordedBody,
    /// The status answered, or that handling produced when the answer was lost or cut
    /// ([`Fault::LoseResponse`], [`Fault::TruncatedJson`]); 0 when the request was not
    /// handled and not answered ([`Fault::ResetConnection`]).
    pub status: u16,
    /// The fault applied to this request, as its `Debug` form (e.g. `"Status(502)"`).
    pub fault: Option<String>,
}

/// Why a desk operation failed: what the equivalent API request would have answered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status} {exc_type}: {message}")]
pub struct DeskError {
    pub status: u16,
    pub exc_type: String,
    /// The user-facing message (last `_server_messages` entry, else the exception text).
    pub message: String,
}

impl From<Failure> for DeskError {
    fn from(failure: Failure) -> DeskError {
        match failure {
            Failure::Frappe(error) => DeskError {
                status: error.class.status,
                exc_type: error.class.name.to_string(),
                message: error.summary(),
            },
            Failure::NotEmulated(what) => DeskError {
                status: 501,
                exc_type: "NotEmulated".to_string(),
                message: what,
            },
            Failure::MethodNotAllowed { .. } => DeskError {
                status: 405,
                exc_type: "MethodNotAllowed".to_string(),
                message: String::new(),
            },
            Failure::SiteNotFound => DeskError {
                status: 404,
                exc_type: "NotFound".to_string(),
                message: String::new(),
            },
        }
    }
}

/// A running emulator. Dropping it stops the server.
#[derive(Debug)]
pub struct Emulator {
    site: Arc<Site>,
    url: String,
    /// The PEM of the HTTPS certificate, when serving HTTPS.
    certificate_pem: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// Serves on `127.0.0.1:<free port>` on the current tokio runtime.
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        Emulator::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Serves on `addr` on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, config: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(addr).await?;
        let tls = config.tls.then(Tls::generate).transpose()?;
        let url = base_url(listener.local_addr()?, tls.is_some());
        let certificate_pem = tls.as_ref().map(|tls| tls.certificate_pem.clone());
        let site = Arc::new(new_site(config)?);
        let (shutdown, signal) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, Arc::clone(&site), tls, signal));
        Ok(Emulator {
            site,
            url,
            certificate_pem,
            shutdown: Some(shutdown),
            task: Some(task),
            thread: None,
        })
    }

    /// Serves on `127.0.0.1:<free port>` from a dedicated thread with its own runtime, for
    /// synchronous tests (e.g. ones that run `terraform` as a subprocess).
    pub fn start_in_background(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        listener.set_nonblocking(true)?;
        let tls = config.tls.then(Tls::generate).transpose()?;
        let url = base_url(listener.local_addr()?, tls.is_some());
        let certificate_pem = tls.as_ref().map(|tls| tls.certificate_pem.clone());
        let site = Arc::new(new_site(config)?);
        let (shutdown, signal) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let served = Arc::clone(&site);
        let thread = std::thread::Builder::new()
            .name("frappe-emulator".to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => server::serve(listener, served, tls, signal).await,
                        Err(error) => eprintln!("frappe-emulator: cannot serve: {error}"),
                    }
                });
            })?;
        Ok(Emulator {
            site,
            url,
            certificate_pem,
            shutdown: Some(shutdown),
            task: None,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` (`https://` with [`EmulatorConfig::tls`]), without a trailing
    /// slash.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// With [`EmulatorConfig::tls`], the PEM of the self-signed certificate the emulator serves
    /// (SANs `localhost` and `127.0.0.1`): the one root a client needs to trust it, e.g. the
    /// provider's `ca_cert_file`. `None` over plain HTTP.
    pub fn ca_certificate_pem(&self) -> Option<String> {
        self.certificate_pem.clone()
    }

    /// Adds a fault rule after the existing ones. For each request the first matching rule
    /// with uses left applies; a request no rule matches is served normally.
    pub fn inject(&self, rule: FaultRule) {
        self.site.lock().faults.add(rule);
    }

    /// Removes every fault rule (the count of [`Emulator::faults_triggered`] stays).
    pub fn clear_faults(&self) {
        self.site.lock().faults.clear();
    }

    /// How many writes [`EmulatorConfig::refuse_concurrent_writes`] refused so far.
    pub fn writes_refused(&self) -> usize {
        self.site
            .lock()
            .write_refusals
            .as_ref()
            .map_or(0, write_conflicts::WriteRefusals::total_refused)
    }

    /// How many requests a fault was applied to so far.
    pub fn faults_triggered(&self) -> usize {
        self.site.lock().faults.triggered()
    }

    /// Administrator's credentials (every role).
    pub fn admin(&self) -> ApiCredentials {
        let state = self.site.lock();
        let api_key = state
            .store
            .find("User", permissions::ADMINISTRATOR)
            .and_then(|row| row.get("api_key"))
            .map(python::cstr)
            .unwrap_or_default();
        let api_secret = state
            .store
            .secret("User", permissions::ADMINISTRATOR, "api_secret")
            .unwrap_or_default()
            .to_string();
        ApiCredentials { api_key, api_secret }
    }

    /// Creates (or updates) a user with exactly these roles and fresh API credentials, the
    /// way a test's setup would through the database: the name is the e-mail address trimmed
    /// and lower-cased, roles the site lacks are created (with desk access), and no controller
    /// rule runs — a new user holds what `User.validate` would have set for a first name taken
    /// from the e-mail's local part (`username`, `full_name`, the site's time zone). A user
    /// without "System Manager" may not touch Social Login Keys. Asking for Administrator
    /// returns Administrator's credentials unchanged.
    pub fn add_user(&self, email: &str, roles: &[&str]) -> ApiCredentials {
        if email == permissions::ADMINISTRATOR {
            return self.admin();
        }
        self.create_user(email, None, roles)
    }

    fn create_user(&self, email: &str, first_name: Option<&str>, roles: &[&str]) -> ApiCredentials {
        let mut state = self.site.lock();
        let mut ctx = Context::new(&self.site, &mut state, permissions::ADMINISTRATOR);
        match users::add_user(&mut ctx, email, first_name, roles, None) {
            Ok((_, api_key, api_secret)) => ApiCredentials { api_key, api_secret },
            // Only a bug can make the fixture write fail; credentials that match no user
            // make every request with them fail visibly (401).
            Err(_) => ApiCredentials {
                api_key: String::new(),
                api_secret: String::new(),
            },
        }
    }

    /// [`Emulator::add_user`] for a user made with that first name (as a site's own setup
    /// script makes its test user: `username`, `full_name` follow from it).
    pub fn add_named_user(&self, email: &str, first_name: &str, roles: &[&str]) -> ApiCredentials {
        self.create_user(email, Some(first_name), roles)
    }

    /// [`Emulator::add_user`] with the API key and secret given (what `--user` does at start),
    /// so that a sandbox can hand them out before the site runs.
    pub fn add_user_with_credentials(&self, user: &ApiUser) -> Result<ApiCredentials, DeskError> {
        let mut state = self.site.lock();
        let mut ctx = Context::new(&self.site, &mut state, permissions::ADMINISTRATOR);
        let roles: Vec<&str> = user.roles.iter().map(String::as_str).collect();
        let credentials = (user.api_key.clone(), user.api_secret.clone());
        users::add_user(&mut ctx, &user.email, None, &roles, Some(credentials))
            .map(|(_, api_key, api_secret)| ApiCredentials { api_key, api_secret })
            .map_err(DeskError::from)
    }

    /// Sets a user's login password (what `frappe.utils.password.update_password` stores),
    /// bypassing the password policy. Fails with 404 for an unknown user.
    pub fn set_password(&self, user: &str, password: &str) -> Result<(), DeskError> {
        let mut state = self.site.lock();
        let Some(name) = state
            .store
            .find("User", user)
            .map(|row| store::row_name(row).to_string())
        else {
            return Err(DeskError::from(Failure::from(lifecycle::not_found("User", user))));
        };
        state.store.set_login_password(&name, password.to_string());
        Ok(())
    }

    /// How many logged-in sessions a user has (password and social logins start them; logout,
    /// password changes and deleting the user end them). The name is matched
    /// case-insensitively.
    pub fn active_sessions(&self, user: &str) -> usize {
        let state = self.site.lock();
        state
            .sessions
            .all()
            .iter()
            .filter(|session| mariadb::text_eq(&session.user, user))
            .count()
    }

    /// Whether requests are logged to stderr (one line each). Off by default.
    pub fn set_request_logging(&self, enabled: bool) {
        self.site.log_requests.store(enabled, Ordering::Relaxed);
    }

    /// Every stored Social Login Key as a v1 GET returns it, ordered by name.
    pub fn documents(&self) -> Vec<Value> {
        self.documents_of(SOCIAL_LOGIN_KEY)
    }

    /// One Social Login Key as a v1 GET returns it; the name is matched case-insensitively.
    pub fn document(&self, name: &str) -> Option<Value> {
        self.document_of(SOCIAL_LOGIN_KEY, name)
    }

    /// The real (decrypted) client secret stored for a Social Login Key.
    pub fn stored_secret(&self, name: &str) -> Option<String> {
        self.stored_password(SOCIAL_LOGIN_KEY, name, "client_secret")
    }

    /// Creates a Social Login Key as Administrator with the same rules as a POST.
    pub fn desk_insert(&self, doc: Value) -> Result<Value, DeskError> {
        self.insert_document(SOCIAL_LOGIN_KEY, doc)
    }

    /// Updates a Social Login Key as Administrator with the same rules as a PUT.
    pub fn desk_update(&self, name: &str, patch: Value) -> Result<Value, DeskError> {
        self.update_document(SOCIAL_LOGIN_KEY, name, patch)
    }

    /// Deletes a Social Login Key and its secret without any check (as if removed in the
    /// database). Returns whether it existed.
    pub fn desk_delete(&self, name: &str) -> bool {
        self.site.lock().store.delete(SOCIAL_LOGIN_KEY, name)
    }

    /// Every stored document of a DocType as a v1 GET returns it, ordered by name (for a
    /// Single, its one document). Empty for DocTypes the emulator does not model.
    pub fn documents_of(&self, doctype: &str) -> Vec<Value> {
        let mut state = self.site.lock();
        let ctx = Context::new(&self.site, &mut state, permissions::ADMINISTRATOR);
        let Some(meta) = ctx.meta(doctype) else {
            return Vec::new();
        };
        let schema = ctx.schema();
        if meta.issingle {
            let doc = document::load_single(&schema, &meta, &ctx.state.store);
            return vec![Value::Object(document::as_dict(&schema, &meta, &doc, true))];
        }
        ctx.state
            .store
            .rows(meta.name)
            .into_iter()
            .map(|row| {
                let doc = document::load(&schema, &meta, &ctx.state.store, row);
                Value::Object(document::as_dict(&schema, &meta, &doc, true))
            })
            .collect()
    }

    /// One document of a DocType as a v1 GET returns it; the name is matched
    /// case-insensitively (any name for a Single).
    pub fn document_of(&self, doctype: &str, name: &str) -> Option<Value> {
        let mut state = self.site.lock();
        let ctx = Context::new(&self.site, &mut state, permissions::ADMINISTRATOR);
        let meta = ctx.meta(doctype)?;
        let schema = ctx.schema();
        let doc = if meta.issingle {
            document::load_single(&schema, &meta, &ctx.state.store)
        } else {
            let row = ctx.state.store.find(meta.name, name)?;
            document::load(&schema, &meta, &ctx.state.store, row)
        };
        Some(Value::Object(document::as_dict(&schema, &meta, &doc, true)))
    }

    /// The real (decrypted) value of a Password field of a document (what
    /// `frappe.client.get_password` returns for it), if one is stored.
    pub fn stored_password(&self, doctype: &str, name: &str, fieldname: &str) -> Option<String> {
        let state = self.site.lock();
        let row = state.store.find(doctype, name)?;
        let canonical = store::row_name(row).to_string();
        state.store.secret(doctype, &canonical, fieldname).map(str::to_string)
    }

    /// Creates a document as Administrator with the same rules as a POST; returns the
    /// answer's `data`.
    pub fn insert_document(&self, doctype: &str, doc: Value) -> Result<Value, DeskError> {
        self.as_administrator(|ctx| resource::create(ctx, doctype, doc))
    }

    /// Updates a document as Administrator with the same rules as a PUT; returns the
    /// answer's `data`.
    pub fn update_document(&self, doctype: &str, name: &str, patch: Value) -> Result<Value, DeskError> {
        self.as_administrator(|ctx| resource::update(ctx, doctype, name, patch))
    }

    /// Deletes a document as Administrator with the same rules as a DELETE.
    pub fn delete_document(&self, doctype: &str, name: &str) -> Result<(), DeskError> {
        self.as_administrator(|ctx| resource::delete(ctx, doctype, name))
            .map(|_| ())
    }

    /// Runs an endpoint as Administrator, turning a failure into what the API would answer.
    fn as_administrator(
        &self,
        call: impl FnOnce(&mut Context) -> Result<context::Answer, Failure>,
    ) -> Result<Value, DeskError> {
        let mut state = self.site.lock();
        let mut ctx = Context::new(&self.site, &mut state, permissions::ADMINISTRATOR);
        match call(&mut ctx) {
            Ok(answer) => Ok(answer.body.get("data").cloned().unwrap_or(Value::Null)),
            Err(mut failure) => {
                if let Failure::Frappe(error) = &mut failure {
                    let mut messages = std::mem::take(&mut ctx.log);
                    messages.append(&mut error.messages);
                    error.messages = messages;
                }
                Err(DeskError::from(failure))
            }
        }
    }

    /// Every request received so far, oldest first, faulted ones included (see
    /// [`RecordedRequest::fault`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.site.lock().requests.clone()
    }

    /// TCP connections accepted so far (including ones a fault reset, and ones whose TLS
    /// handshake failed).
    pub fn connections_accepted(&self) -> usize {
        self.site.connections_accepted.load(Ordering::SeqCst)
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A fresh site; seeding can only fail through a bug, reported as an I/O error of `start`.
fn new_site(config: EmulatorConfig) -> std::io::Result<Site> {
    Site::new(config).map_err(|failure| std::io::Error::other(format!("seeding the site failed: {failure:?}")))
}

fn base_url(address: SocketAddr, tls: bool) -> String {
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{address}")
}
