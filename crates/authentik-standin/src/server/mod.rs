//! The authentik server stand-in: a stateful, in-memory imitation of a
//! fresh authentik 2026.5 on `127.0.0.1`, strict about the rules a
//! configuration meets on the way to a working login.
//!
//! Map of the module:
//! - `serve` (HTTP plumbing) and `routes` (the URL map, request record);
//! - `api`: the REST API under `/api/v3/`;
//! - `oauth`: authorize, token, userinfo, discovery, JWKS, end-session;
//! - `login`: the login page, sessions, consent and error pages;
//! - `policies`: who may use an application (its policy bindings);
//! - `store` / `model`: what the stand-in holds; `http`: request and
//!   response shapes, Django's query parsing;
//! - `keys`, `der`, `jwt`: the start-up certificate and token signing;
//! - `duration`, `random`, `clock`: authentik's duration syntax, secrets,
//!   and a clock tests can move forward.

mod api;
mod clock;
mod der;
mod duration;
mod http;
pub(crate) mod jwt;
pub(crate) mod keys;
mod login;
mod model;
mod oauth;
mod policies;
mod random;
pub mod release;
mod routes;
mod serve;
mod store;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use release::ServerRelease;
pub use store::RecordedRequest;
use store::{Site, Store};

/// How to start a stand-in.
#[derive(Clone, Debug, Default)]
pub struct AuthentikConfig {
    /// The admin's API token; random (60 characters) when unset.
    pub api_token: Option<String>,
    /// The authentik release to imitate (2026.5 unless set).
    pub release: ServerRelease,
}

/// A running authentik stand-in. Dropping it stops the server.
#[derive(Debug)]
pub struct Authentik {
    site: Arc<Site>,
    url: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Authentik {
    /// A fresh install on `127.0.0.1:<free port>`, served by the current
    /// tokio runtime.
    pub async fn start() -> std::io::Result<Authentik> {
        Authentik::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), AuthentikConfig::default()).await
    }

    /// A fresh install on `addr`, served by the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, config: AuthentikConfig) -> std::io::Result<Authentik> {
        let listener = TcpListener::bind(addr).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let site = Arc::new(Site::new(Store::fresh(config.api_token, config.release)));
        let (shutdown, signal) = oneshot::channel();
        let task = tokio::spawn(serve::serve(listener, Arc::clone(&site), signal));
        Ok(Authentik {
            site,
            url,
            shutdown: Some(shutdown),
            task: Some(task),
            thread: None,
        })
    }

    /// A fresh install on `127.0.0.1:<free port>`, served from its own
    /// thread and runtime: for synchronous tests (ones that run `terraform`
    /// as a subprocess).
    pub fn start_in_background(config: AuthentikConfig) -> std::io::Result<Authentik> {
        let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let site = Arc::new(Site::new(Store::fresh(config.api_token, config.release)));
        let (shutdown, signal) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let served = Arc::clone(&site);
        let thread = std::thread::Builder::new()
            .name("authentik-standin".to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve::serve(listener, served, signal).await,
                        Err(error) => eprintln!("authentik-standin: cannot serve: {error}"),
                    }
                });
            })?;
        Ok(Authentik {
            site,
            url,
            shutdown: Some(shutdown),
            task: None,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash: the provider's
    /// `url`, and the base of every endpoint.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The authentik release this stand-in imitates.
    pub fn release(&self) -> ServerRelease {
        self.site.lock().release
    }

    /// The admin's API token (the provider's `token`).
    pub fn api_token(&self) -> String {
        self.site.lock().api_token.clone()
    }

    /// Creates a user who can log in on the login page (or updates name,
    /// e-mail and password of the user with that username). Returns the
    /// user's primary key.
    pub fn add_user(&self, username: &str, name: &str, email: &str, password: &str) -> i64 {
        self.site.lock().add_user(username, name, email, password)
    }

    /// Puts a user into a group (the `groups` claim of the profile scope,
    /// and what group policy bindings check), creating the group when it
    /// does not exist. Returns false when there is no such user.
    pub fn add_user_to_group(&self, username: &str, group: &str) -> bool {
        let mut store = self.site.lock();
        if !store.users.iter().any(|u| u.username == username) {
            return false;
        }
        store.group_named(group);
        match store.users.iter_mut().find(|u| u.username == username) {
            Some(user) => {
                if !user.groups.iter().any(|g| g == group) {
                    user.groups.push(group.to_string());
                }
                true
            }
            None => false,
        }
    }

    /// Creates a group (as an admin would in the UI) unless one has this
    /// name; returns its UUID.
    pub fn add_group(&self, name: &str) -> String {
        self.site.lock().group_named(name)
    }

    /// Every policy binding as the API returns it.
    pub fn policy_bindings(&self) -> Vec<Value> {
        let store = self.site.lock();
        store
            .policy_bindings
            .iter()
            .map(|b| api::policy_bindings::to_json(&store, b))
            .collect()
    }

    /// Deletes a policy binding behind Terraform's back. Returns whether it existed.
    pub fn delete_policy_binding(&self, pk: &str) -> bool {
        let mut store = self.site.lock();
        let before = store.policy_bindings.len();
        store.policy_bindings.retain(|b| b.pk != pk);
        store.policy_bindings.len() != before
    }

    /// Deactivates or reactivates a user; inactive users cannot log in and
    /// their sessions stop counting. Returns false when there is no such user.
    pub fn set_user_active(&self, username: &str, active: bool) -> bool {
        let mut store = self.site.lock();
        match store.users.iter_mut().find(|u| u.username == username) {
            Some(user) => {
                user.is_active = active;
                true
            }
            None => false,
        }
    }

    /// Moves the server's clock forward (codes and tokens expire by it).
    pub fn advance_clock(&self, by: Duration) {
        self.site.clock.advance(by);
    }

    /// Every OAuth2 provider as the API returns it, by primary key.
    pub fn providers(&self) -> Vec<Value> {
        let store = self.site.lock();
        store
            .providers
            .values()
            .map(|p| api::providers::to_json(&store, p))
            .collect()
    }

    /// The OAuth2 provider with this client ID, as the API returns it.
    pub fn provider_by_client_id(&self, client_id: &str) -> Option<Value> {
        let store = self.site.lock();
        store
            .provider_by_client_id(client_id)
            .map(|p| api::providers::to_json(&store, p))
    }

    /// The application with this slug, as the API returns it.
    pub fn application(&self, slug: &str) -> Option<Value> {
        let store = self.site.lock();
        store.application(slug).map(|a| api::applications::to_json(&store, a))
    }

    /// Deletes a provider behind Terraform's back (as an admin in the UI
    /// would). Returns whether it existed.
    pub fn delete_provider(&self, pk: i64) -> bool {
        let mut store = self.site.lock();
        let existed = store.providers.remove(&pk).is_some();
        for application in &mut store.applications {
            if application.provider == Some(pk) {
                application.provider = None;
            }
        }
        existed
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.site.lock().requests.clone()
    }

    /// Whether each request is logged to stderr. Off by default.
    pub fn set_request_logging(&self, enabled: bool) {
        self.site.log_requests.store(enabled, Ordering::Relaxed);
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

impl Drop for Authentik {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
