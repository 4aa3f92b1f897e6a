//! The objects the stand-in stores, in authentik's terms, and the value sets
//! (Django `TextChoices`) their fields accept.

use crate::fresh_install::{FlowSeed, ScopeMappingSeed};

pub(crate) const CLIENT_TYPES: &[&str] = &["confidential", "public"];
pub(crate) const GRANT_TYPES: &[&str] = &[
    "authorization_code",
    "implicit",
    "hybrid",
    "refresh_token",
    "client_credentials",
    "password",
    "urn:ietf:params:oauth:grant-type:device_code",
];
pub(crate) const SUB_MODES: &[&str] = &[
    "hashed_user_id",
    "user_id",
    "user_uuid",
    "user_username",
    "user_email",
    "user_upn",
];
pub(crate) const ISSUER_MODES: &[&str] = &["global", "per_provider"];
pub(crate) const LOGOUT_METHODS: &[&str] = &["backchannel", "frontchannel"];
pub(crate) const MATCHING_MODES: &[&str] = &["strict", "regex"];
pub(crate) const REDIRECT_URI_TYPES: &[&str] = &["authorization", "logout"];
pub(crate) const POLICY_ENGINE_MODES: &[&str] = &["all", "any"];
pub(crate) const FLOW_DESIGNATIONS: &[&str] = &[
    "authentication",
    "authorization",
    "invalidation",
    "enrollment",
    "unenrollment",
    "recovery",
    "stage_configuration",
];

/// One entry of a provider's `redirect_uris`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RedirectUri {
    /// `strict` or `regex`.
    pub(crate) matching_mode: String,
    pub(crate) url: String,
    /// `authorization` or `logout`.
    pub(crate) redirect_uri_type: String,
}

/// An OAuth2/OpenID provider (`authentik_providers_oauth2.oauth2provider`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OAuth2Provider {
    pub(crate) pk: i64,
    pub(crate) name: String,
    pub(crate) authentication_flow: Option<String>,
    pub(crate) authorization_flow: String,
    pub(crate) invalidation_flow: String,
    /// Scope-mapping UUIDs, in the order they were set.
    pub(crate) property_mappings: Vec<String>,
    pub(crate) client_type: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) access_code_validity: String,
    pub(crate) access_token_validity: String,
    pub(crate) refresh_token_validity: String,
    pub(crate) refresh_token_threshold: String,
    pub(crate) include_claims_in_id_token: bool,
    pub(crate) signing_key: Option<String>,
    pub(crate) encryption_key: Option<String>,
    pub(crate) redirect_uris: Vec<RedirectUri>,
    /// authentik stored a redirect entry it cannot read back (one without
    /// `matching_mode` or `url`, taken by a partial update):
    /// `authentik/providers/oauth2/models.py` `OAuth2Provider.redirect_uris`
    /// fails in `from_dict` on it, so every answer that shows the provider's
    /// redirect URIs is a server error until `redirect_uris` is replaced.
    pub(crate) unreadable_redirect_uris: bool,
    pub(crate) logout_uri: String,
    pub(crate) logout_method: String,
    pub(crate) sub_mode: String,
    pub(crate) issuer_mode: String,
    pub(crate) jwt_federation_sources: Vec<String>,
    pub(crate) jwt_federation_providers: Vec<i64>,
    pub(crate) grant_types: Vec<String>,
}

impl OAuth2Provider {
    /// The entries that count for authorize and token requests.
    pub(crate) fn authorization_redirect_uris(&self) -> impl Iterator<Item = &RedirectUri> {
        self.redirect_uris
            .iter()
            .filter(|entry| entry.redirect_uri_type == "authorization")
    }

    pub(crate) fn logout_redirect_uris(&self) -> impl Iterator<Item = &RedirectUri> {
        self.redirect_uris
            .iter()
            .filter(|entry| entry.redirect_uri_type == "logout")
    }
}

/// An application (`authentik_core.application`), looked up by slug.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Application {
    pub(crate) pk: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) provider: Option<i64>,
    pub(crate) backchannel_providers: Vec<i64>,
    pub(crate) open_in_new_tab: bool,
    pub(crate) meta_launch_url: String,
    pub(crate) meta_icon: String,
    pub(crate) meta_description: String,
    pub(crate) meta_publisher: String,
    pub(crate) meta_hide: bool,
    pub(crate) policy_engine_mode: String,
    pub(crate) group: String,
}

/// A group (`authentik_core.group`), by UUID. Members are recorded on the
/// user ([`User::groups`], by name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) pk: String,
    pub(crate) name: String,
    pub(crate) is_superuser: bool,
    /// `Group.attributes`, a JSON object.
    pub(crate) attributes: serde_json::Map<String, serde_json::Value>,
}

/// A policy binding (`authentik_policies.policybinding`): on `target` (a
/// policy-binding model's UUID — here an application's `pk`), one of a
/// policy, a group or a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PolicyBinding {
    pub(crate) pk: String,
    pub(crate) target: String,
    pub(crate) policy: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) user: Option<i64>,
    pub(crate) negate: bool,
    pub(crate) enabled: bool,
    pub(crate) order: i64,
    pub(crate) timeout: i64,
    pub(crate) failure_result: bool,
}

/// A certificate-key pair. The only one is the start-up certificate, whose
/// material lives in [`super::keys`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CertificateKeyPair {
    pub(crate) pk: String,
    pub(crate) name: String,
}

/// A user who can log in through the stand-in's login page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct User {
    pub(crate) pk: i64,
    pub(crate) uuid: String,
    pub(crate) username: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) is_active: bool,
    /// Names of the groups the user belongs to.
    pub(crate) groups: Vec<String>,
}

/// A logged-in browser.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Session {
    pub(crate) user_pk: i64,
    /// When the user logged in (epoch seconds); the ID token's `auth_time`.
    pub(crate) login_time: f64,
}

/// What a code, access token or refresh token grants.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Grant {
    pub(crate) provider_pk: i64,
    pub(crate) user_pk: i64,
    /// Granted scopes in the order they were requested.
    pub(crate) scope: Vec<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) auth_time: f64,
    /// The browser session the grant came from.
    pub(crate) session_key: String,
    pub(crate) expires: f64,
}

/// An authorization code waiting to be exchanged.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AuthorizationCode {
    pub(crate) grant: Grant,
    pub(crate) code_challenge: Option<String>,
    pub(crate) code_challenge_method: String,
}

/// An issued access or refresh token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct IssuedToken {
    pub(crate) grant: Grant,
    /// The `sub` of the ID token issued with it (fixed at issue time).
    pub(crate) subject: String,
    pub(crate) revoked: bool,
}

/// A flow as stored (the blueprints' flows are all there is).
pub(crate) type Flow = FlowSeed;

/// A scope mapping as stored.
pub(crate) type ScopeMapping = ScopeMappingSeed;
