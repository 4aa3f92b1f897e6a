//! What a fresh authentik 2026.5 holds before anyone configures it, as far
//! as the stand-in reproduces it: the flows its blueprints create, the
//! start-up certificate, the managed OAuth2 scope mappings and the admin
//! user. Names, slugs, titles and managed identifiers are authentik's; the
//! UUIDs are the stand-in's own (a real install draws random ones) and never
//! change, so tests can name them.

/// A flow as the blueprints create it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowSeed {
    /// `flow_uuid`, the flow's `pk`.
    pub uuid: &'static str,
    /// `pbm_uuid`: a flow is a policy-binding model through Django's
    /// multi-table inheritance (`authentik/flows/models.py` `Flow`), whose
    /// parent row has its own UUID — the API's `policybindingmodel_ptr_id`
    /// and what a policy binding names as `target`.
    pub pbm_uuid: &'static str,
    /// The UUIDs of the stages bound to it, one per `flowstagebinding` of its
    /// blueprint (`blueprints/default/flow-default-*.yaml`; the stand-in runs
    /// its own login and consent pages instead of these stages).
    pub stages: &'static [&'static str],
    pub slug: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    /// `authentication`, `authorization`, `invalidation`, …
    pub designation: &'static str,
    /// Who may run it: `none`, `require_authenticated`, …
    pub authentication: &'static str,
    /// Whether the flow asks the user for consent before continuing.
    pub consent: bool,
}

/// The flow browsers are sent to when they need to log in.
pub const AUTHENTICATION_FLOW: FlowSeed = FlowSeed {
    uuid: "5e0a5c1b-3f6d-4b8e-9c2a-0d1e2f3a4b5c",
    pbm_uuid: "c06f8c4e-0b3d-4e5f-81a7-8d9e0f1a2b3c",
    stages: &[
        "1a0b2c3d-4e5f-4061-8273-a4b5c6d7e8f9",
        "2b1c3d4e-5f60-4172-9384-b5c6d7e8f90a",
        "3c2d4e5f-6071-4283-a495-c6d7e8f90a1b",
        "4d3e5f60-7182-4394-b5a6-d7e8f90a1b2c",
    ],
    slug: "default-authentication-flow",
    name: "Welcome to authentik!",
    title: "Welcome to authentik!",
    designation: "authentication",
    authentication: "none",
    consent: false,
};

/// Authorizes an application without asking the user.
pub const IMPLICIT_CONSENT_FLOW: FlowSeed = FlowSeed {
    uuid: "0b4f6c2e-8a1d-4e3f-b5c6-7d8e9f0a1b2c",
    pbm_uuid: "d17a9d5f-1c4e-4f60-92b8-9e0f1a2b3c4d",
    stages: &[],
    slug: "default-provider-authorization-implicit-consent",
    name: "Authorize Application",
    title: "Redirecting to %(app)s",
    designation: "authorization",
    authentication: "require_authenticated",
    consent: false,
};

/// Authorizes an application after the user consents.
pub const EXPLICIT_CONSENT_FLOW: FlowSeed = FlowSeed {
    uuid: "1c5a7d3f-9b2e-4f4a-86d7-8e9f0a1b2c3d",
    pbm_uuid: "e28bae60-2d5f-4071-a3c9-0f1a2b3c4d5e",
    stages: &["5e4f6071-8293-44a5-86b7-e8f90a1b2c3d"],
    slug: "default-provider-authorization-explicit-consent",
    name: "Authorize Application",
    title: "Redirecting to %(app)s",
    designation: "authorization",
    authentication: "require_authenticated",
    consent: true,
};

/// Run when a user logs out of an application.
pub const PROVIDER_INVALIDATION_FLOW: FlowSeed = FlowSeed {
    uuid: "2d6b8e4a-0c3f-4a5b-97e8-9f0a1b2c3d4e",
    pbm_uuid: "f39cbf71-3e60-4182-b4da-1a2b3c4d5e6f",
    stages: &[],
    slug: "default-provider-invalidation-flow",
    name: "Logged out of application",
    title: "You've logged out of %(app)s.",
    designation: "invalidation",
    authentication: "none",
    consent: false,
};

/// Logs the user out of authentik itself.
pub const INVALIDATION_FLOW: FlowSeed = FlowSeed {
    uuid: "3e7c9f5b-1d4a-4b6c-a8f9-0a1b2c3d4e5f",
    pbm_uuid: "04adc082-4f71-4293-85eb-2b3c4d5e6f70",
    stages: &["6f507182-93a4-45b6-97c8-f90a1b2c3d4e"],
    slug: "default-invalidation-flow",
    name: "Logout",
    title: "Default Invalidation Flow",
    designation: "invalidation",
    authentication: "none",
    consent: false,
};

/// Every seeded flow.
pub const FLOWS: [FlowSeed; 5] = [
    AUTHENTICATION_FLOW,
    IMPLICIT_CONSENT_FLOW,
    EXPLICIT_CONSENT_FLOW,
    PROVIDER_INVALIDATION_FLOW,
    INVALIDATION_FLOW,
];

/// Name of the certificate-key pair authentik creates at start-up.
pub const SELF_SIGNED_CERTIFICATE_NAME: &str = "authentik Self-signed Certificate";
/// Its UUID in the stand-in.
pub const SELF_SIGNED_CERTIFICATE_UUID: &str = "4f8d0a6c-2e5b-4c7d-b9a0-1b2c3d4e5f6a";

/// What a scope mapping's expression returns; the stand-in evaluates the
/// managed expressions natively instead of running Python.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeClaims {
    /// `{}`.
    Nothing,
    /// `email`, `email_verified` (always false).
    Email,
    /// `name`, `given_name`, `preferred_username`, `nickname`, `groups`.
    Profile,
    /// `entitlements` and `roles`; the stand-in has no entitlements, so both are empty.
    Entitlements,
}

/// A managed OAuth2 scope mapping, as `blueprints/system/providers-oauth2.yaml`
/// creates it. The blueprint's `expression: |` blocks end in a newline, but
/// the blueprint importer saves through the model's serializer
/// (`authentik/blueprints/v1/importer.py`), whose `CharField` trims it: the
/// API answers the expression without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScopeMappingSeed {
    pub uuid: &'static str,
    pub managed: &'static str,
    pub name: &'static str,
    pub scope_name: &'static str,
    pub description: &'static str,
    pub expression: &'static str,
    pub claims: ScopeClaims,
}

pub const SCOPE_OPENID: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "6a0f2c8e-4b7d-4e9f-8b1c-2d3e4f5a6b7c",
    managed: "goauthentik.io/providers/oauth2/scope-openid",
    name: "authentik default OAuth Mapping: OpenID 'openid'",
    scope_name: "openid",
    description: "",
    expression: "# This scope is required by the OpenID-spec, and must as such exist in authentik.\n# The scope by itself does not grant any information\nreturn {}",
    claims: ScopeClaims::Nothing,
};

pub const SCOPE_EMAIL: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "7b1a3d9f-5c8e-4f0a-9c2d-3e4f5a6b7c8d",
    managed: "goauthentik.io/providers/oauth2/scope-email",
    name: "authentik default OAuth Mapping: OpenID 'email'",
    scope_name: "email",
    description: "Email address",
    expression: "return {\n    \"email\": request.user.email,\n    \"email_verified\": False\n}",
    claims: ScopeClaims::Email,
};

pub const SCOPE_PROFILE: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "8c2b4e0a-6d9f-4a1b-8d3e-4f5a6b7c8d9e",
    managed: "goauthentik.io/providers/oauth2/scope-profile",
    name: "authentik default OAuth Mapping: OpenID 'profile'",
    scope_name: "profile",
    description: "General Profile Information",
    expression: "return {\n    # Because authentik only saves the user's full name, and has no concept of first and last names,\n    # the full name is used as given name.\n    # You can override this behaviour in custom mappings, i.e. `request.user.name.split(\" \")`\n    \"name\": request.user.name,\n    \"given_name\": request.user.name,\n    \"preferred_username\": request.user.username,\n    \"nickname\": request.user.username,\n    \"groups\": [group.name for group in request.user.ak_groups.all()],\n}",
    claims: ScopeClaims::Profile,
};

pub const SCOPE_ENTITLEMENTS: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "9d3c5f1b-7e0a-4b2c-9e4f-5a6b7c8d9e0f",
    managed: "goauthentik.io/providers/oauth2/scope-entitlements",
    name: "authentik default OAuth Mapping: Application Entitlements",
    scope_name: "entitlements",
    description: "Application entitlements",
    expression: "entitlements = [entitlement.name for entitlement in request.user.app_entitlements(provider.application)]\nreturn {\n    \"entitlements\": entitlements,\n    \"roles\": entitlements,\n}",
    claims: ScopeClaims::Entitlements,
};

pub const SCOPE_OFFLINE_ACCESS: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "ae4d6a2c-8f1b-4c3d-af5a-6b7c8d9e0f1a",
    managed: "goauthentik.io/providers/oauth2/scope-offline_access",
    name: "authentik default OAuth Mapping: OpenID 'offline_access'",
    scope_name: "offline_access",
    description: "Access to request new tokens without interaction",
    expression: "# This scope grants the application a refresh token that can be used to refresh user data\n# and let the application access authentik without the users interaction\nreturn {}",
    claims: ScopeClaims::Nothing,
};

pub const SCOPE_AUTHENTIK_API: ScopeMappingSeed = ScopeMappingSeed {
    uuid: "bf5e7b3d-9a2c-4d4e-b06b-7c8d9e0f1a2b",
    managed: "goauthentik.io/providers/oauth2/scope-authentik_api",
    name: "authentik default OAuth Mapping: authentik API access",
    scope_name: "goauthentik.io/api",
    description: "authentik API Access on behalf of your user",
    expression: "# This scope grants the application the ability to access the authentik API\n# on behalf of the authorizing user\nreturn {}",
    claims: ScopeClaims::Nothing,
};

/// Every managed scope mapping.
pub const SCOPE_MAPPINGS: [ScopeMappingSeed; 6] = [
    SCOPE_OPENID,
    SCOPE_EMAIL,
    SCOPE_PROFILE,
    SCOPE_ENTITLEMENTS,
    SCOPE_OFFLINE_ACCESS,
    SCOPE_AUTHENTIK_API,
];

/// The administrator the initial setup creates; the API token belongs to it.
pub const ADMIN_USERNAME: &str = "akadmin";

/// The groups a fresh install has (blueprints `blueprints/system/bootstrap.yaml`
/// and `blueprints/default/rbac-role-read-only.yaml`): `authentik Admins`
/// (superuser, with the admin as member) and `authentik Read-only`. Seen on a
/// real 2025.12.4.
pub const ADMIN_GROUP: &str = "authentik Admins";
pub const READ_ONLY_GROUP: &str = "authentik Read-only";
