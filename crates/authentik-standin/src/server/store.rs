//! Everything the stand-in holds, behind one mutex: a fresh install's
//! objects, what the API created, users, browser sessions, and the codes
//! and tokens the OAuth2 endpoints issued.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use super::clock::Clock;
use super::model::{
    Application, AuthorizationCode, CertificateKeyPair, Flow, Group, IssuedToken, OAuth2Provider, PolicyBinding,
    ScopeMapping, Session, User,
};
use super::random;
use super::release::ServerRelease;
use crate::fresh_install;

/// One request as the server saw it, for tests that check what a client sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// The body as text (lossy UTF-8).
    pub body: String,
    pub status: u16,
    /// The answer's body as text (lossy UTF-8, cut like `body`).
    pub response_body: String,
}

/// An authorization that waits for the user's consent (explicit-consent flow).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PendingConsent {
    pub(crate) session_key: String,
    /// Where to send the browser once the user agrees (the code is issued then).
    pub(crate) request: super::oauth::authorize::ValidatedAuthorization,
    pub(crate) application_name: String,
}

#[derive(Debug)]
pub(crate) struct Store {
    /// authentik's install ID; salts `hashed_user_id` subjects.
    pub(crate) install_id: String,
    /// The admin's API token (`Authorization: Bearer …`).
    pub(crate) api_token: String,
    /// The authentik release imitated, with its differences.
    pub(crate) release: ServerRelease,
    pub(crate) flows: Vec<Flow>,
    pub(crate) certificates: Vec<CertificateKeyPair>,
    pub(crate) scope_mappings: Vec<ScopeMapping>,
    pub(crate) providers: BTreeMap<i64, OAuth2Provider>,
    next_provider_pk: i64,
    pub(crate) applications: Vec<Application>,
    pub(crate) users: Vec<User>,
    next_user_pk: i64,
    pub(crate) groups: Vec<Group>,
    pub(crate) policy_bindings: Vec<PolicyBinding>,
    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) codes: HashMap<String, AuthorizationCode>,
    pub(crate) access_tokens: HashMap<String, IssuedToken>,
    pub(crate) refresh_tokens: HashMap<String, IssuedToken>,
    pub(crate) pending_consents: HashMap<String, PendingConsent>,
    pub(crate) requests: Vec<RecordedRequest>,
}

impl Store {
    /// A fresh install.
    pub(crate) fn fresh(api_token: Option<String>, release: ServerRelease) -> Store {
        let mut store = Store {
            install_id: random::uuid4(),
            api_token: api_token.unwrap_or_else(|| random::alphanumeric(60)),
            release,
            flows: fresh_install::FLOWS.to_vec(),
            certificates: vec![CertificateKeyPair {
                pk: fresh_install::SELF_SIGNED_CERTIFICATE_UUID.to_string(),
                name: fresh_install::SELF_SIGNED_CERTIFICATE_NAME.to_string(),
            }],
            scope_mappings: fresh_install::SCOPE_MAPPINGS.to_vec(),
            providers: BTreeMap::new(),
            next_provider_pk: 1,
            applications: Vec::new(),
            users: Vec::new(),
            groups: Vec::new(),
            policy_bindings: Vec::new(),
            // authentik's anonymous user takes the first primary key.
            next_user_pk: 2,
            sessions: HashMap::new(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            pending_consents: HashMap::new(),
            requests: Vec::new(),
        };
        let password = random::alphanumeric(32);
        store.add_user(fresh_install::ADMIN_USERNAME, "authentik Default Admin", "", &password);
        for group in [fresh_install::ADMIN_GROUP, fresh_install::READ_ONLY_GROUP] {
            store.group_named(group);
        }
        if let Some(admins) = store.groups.iter_mut().find(|g| g.name == fresh_install::ADMIN_GROUP) {
            admins.is_superuser = true;
        }
        if let Some(admin) = store
            .users
            .iter_mut()
            .find(|u| u.username == fresh_install::ADMIN_USERNAME)
        {
            admin.groups.push(fresh_install::ADMIN_GROUP.to_string());
        }
        store
    }

    pub(crate) fn next_provider_pk(&mut self) -> i64 {
        let pk = self.next_provider_pk;
        self.next_provider_pk += 1;
        pk
    }

    /// Creates a user, or replaces name, email and password of an existing
    /// one with that username. Returns the user's primary key.
    pub(crate) fn add_user(&mut self, username: &str, name: &str, email: &str, password: &str) -> i64 {
        if let Some(user) = self.users.iter_mut().find(|u| u.username == username) {
            user.name = name.to_string();
            user.email = email.to_string();
            user.password = password.to_string();
            return user.pk;
        }
        let pk = self.next_user_pk;
        self.next_user_pk += 1;
        self.users.push(User {
            pk,
            uuid: random::uuid4(),
            username: username.to_string(),
            name: name.to_string(),
            email: email.to_string(),
            password: password.to_string(),
            is_active: true,
            groups: Vec::new(),
        });
        pk
    }

    /// The group with this name, created when missing; returns its UUID.
    pub(crate) fn group_named(&mut self, name: &str) -> String {
        if let Some(group) = self.groups.iter().find(|g| g.name == name) {
            return group.pk.clone();
        }
        let pk = random::uuid4();
        self.groups.push(Group {
            pk: pk.clone(),
            name: name.to_string(),
            is_superuser: false,
            attributes: serde_json::Map::new(),
        });
        pk
    }

    pub(crate) fn user(&self, pk: i64) -> Option<&User> {
        self.users.iter().find(|u| u.pk == pk)
    }

    pub(crate) fn flow(&self, uuid: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.uuid == uuid)
    }

    pub(crate) fn provider_by_client_id(&self, client_id: &str) -> Option<&OAuth2Provider> {
        self.providers.values().find(|p| p.client_id == client_id)
    }

    pub(crate) fn application(&self, slug: &str) -> Option<&Application> {
        self.applications.iter().find(|a| a.slug == slug)
    }

    /// The application a provider is assigned to.
    pub(crate) fn application_of(&self, provider_pk: i64) -> Option<&Application> {
        self.applications.iter().find(|a| a.provider == Some(provider_pk))
    }

    /// The scope names of the mappings attached to a provider.
    pub(crate) fn provider_scope_names(&self, provider: &OAuth2Provider) -> Vec<&'static str> {
        self.scope_mappings
            .iter()
            .filter(|m| provider.property_mappings.iter().any(|pk| pk == m.uuid))
            .map(|m| m.scope_name)
            .collect()
    }
}

/// The shared state of one running stand-in.
#[derive(Debug)]
pub(crate) struct Site {
    store: Mutex<Store>,
    pub(crate) clock: Clock,
    pub(crate) log_requests: AtomicBool,
}

impl Site {
    pub(crate) fn new(store: Store) -> Site {
        Site {
            store: Mutex::new(store),
            clock: Clock::default(),
            log_requests: AtomicBool::new(false),
        }
    }

    /// The store; a panic while it was held does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
