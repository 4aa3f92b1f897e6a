//! The schema of `authentik_provider_oauth2` as the official provider
//! declares it (v2026.5.0; v2025.12.1 has no `grant_types`), with SDKv2's
//! implicit `id` and the provider's description builder.

use terraform_plugin::protocol::{Attribute, Block, Schema, Type, Value};

use crate::provider::release::ProviderRelease;
use crate::provider::sdk::{describe, enum_description};

pub(crate) const TYPE_NAME: &str = "authentik_provider_oauth2";

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

/// The relative durations and their defaults.
pub(crate) const DURATIONS: [(&str, &str); 4] = [
    ("access_code_validity", "minutes=1"),
    ("access_token_validity", "minutes=10"),
    ("refresh_token_validity", "days=30"),
    ("refresh_token_threshold", "seconds=0"),
];

const DURATION_DESCRIPTION: &str = "Format: hours=1;minutes=2;seconds=3.";

/// The schema's `Default` values.
pub(crate) fn defaults() -> Vec<(&'static str, Value)> {
    let mut defaults = vec![
        ("client_type", Value::from("confidential")),
        ("include_claims_in_id_token", Value::Bool(true)),
        ("logout_method", Value::from("backchannel")),
        ("sub_mode", Value::from("hashed_user_id")),
        ("issuer_mode", Value::from("per_provider")),
    ];
    defaults.extend(DURATIONS.iter().map(|(name, default)| (*name, Value::from(*default))));
    defaults
}

fn enum_attribute(name: &str, values: &[&str], default: &str) -> Attribute {
    Attribute::string(name)
        .optional()
        .description(describe(&enum_description(values), Some(default), false))
}

pub(crate) fn schema(release: ProviderRelease) -> Schema {
    let strings = || Type::list(Type::String);
    let mut attributes = vec![
        Attribute::string("id").optional_computed(),
        Attribute::string("name").required(),
        Attribute::string("authentication_flow").optional(),
        Attribute::string("authorization_flow").required(),
        Attribute::string("invalidation_flow").required(),
        Attribute::new("property_mappings", strings()).optional(),
        enum_attribute("client_type", CLIENT_TYPES, "confidential"),
        Attribute::string("client_id").required(),
        Attribute::string("client_secret")
            .optional_computed()
            .sensitive()
            .description(describe("", None, true)),
    ];
    if release.grant_types {
        attributes.push(
            Attribute::new("grant_types", strings())
                .optional_computed()
                .description(describe("", None, true)),
        );
    }
    attributes.extend(DURATIONS.iter().map(|(name, default)| {
        Attribute::string(*name)
            .optional()
            .description(describe(DURATION_DESCRIPTION, Some(default), false))
    }));
    attributes.extend([
        Attribute::bool("include_claims_in_id_token")
            .optional()
            .description(describe("", Some("true"), false)),
        Attribute::string("signing_key").optional(),
        Attribute::string("encryption_key").optional(),
        Attribute::new("allowed_redirect_uris", Type::list(Type::map(Type::String))).optional(),
        enum_attribute("logout_method", LOGOUT_METHODS, "backchannel"),
        Attribute::string("logout_uri").optional(),
        enum_attribute("sub_mode", SUB_MODES, "hashed_user_id"),
        enum_attribute("issuer_mode", ISSUER_MODES, "per_provider"),
        Attribute::new("jwks_sources", strings())
            .optional()
            .description("Deprecated. Use `jwt_federation_sources` instead."),
        Attribute::new("jwt_federation_sources", strings()).optional().description(
            "JWTs issued by keys configured in any of the selected sources can be used to authenticate on behalf of this provider.",
        ),
        Attribute::new("jwt_federation_providers", Type::list(Type::Number))
            .optional()
            .description(
                "JWTs issued by any of the configured providers can be used to authenticate on behalf of this provider.",
            ),
    ]);
    Schema::new(0, Block::new("Applications --- ", attributes))
}
