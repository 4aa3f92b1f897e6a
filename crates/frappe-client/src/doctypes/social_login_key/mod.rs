//! The `Social Login Key` DocType: one OAuth 2 / OpenID Connect identity
//! provider of a Frappe site (the *Login with …* button).
//!
//! Facts from Frappe's `social_login_key.json` and controller, and from what
//! real v14, v15 and develop sites answered (notes/frappe-behaviour.md).

pub mod presets;

use super::fields::{Field, FieldKind};
use crate::naming::scrub;

pub use presets::{preset, server_icon, Preset, PRESETS};

pub const DOCTYPE: &str = "Social Login Key";

/// `social_login_provider` options in Frappe v15 (Keycloak included; v14 lacks it).
pub const PROVIDER_OPTIONS: &[&str] = &[
    "Custom",
    "Facebook",
    "Frappe",
    "GitHub",
    "Google",
    "Office 365",
    "Salesforce",
    "fairlogin",
    "Keycloak",
];

/// `sign_ups` options ("" = follow Website Settings). v14 has no such field.
pub const SIGN_UPS_OPTIONS: &[&str] = &["", "Allow", "Deny"];

const fn field(name: &'static str, label: &'static str, kind: FieldKind) -> Field {
    Field { name, label, kind }
}

/// Every stored field of the v15 DocType, in the DocType's order.
pub const FIELDS: &[Field] = &[
    field("provider_name", "Provider Name", FieldKind::Data),
    field(
        "social_login_provider",
        "Social Login Provider",
        FieldKind::Select(PROVIDER_OPTIONS),
    ),
    field("enable_social_login", "Enable Social Login", FieldKind::Check),
    field("client_id", "Client ID", FieldKind::Data),
    field("client_secret", "Client Secret", FieldKind::Password),
    field("sign_ups", "Sign ups", FieldKind::Select(SIGN_UPS_OPTIONS)),
    field("base_url", "Base URL", FieldKind::Data),
    field("custom_base_url", "Custom Base URL", FieldKind::Check),
    field("authorize_url", "Authorize URL", FieldKind::Data),
    field("access_token_url", "Access Token URL", FieldKind::Data),
    field("redirect_url", "Redirect URL", FieldKind::Data),
    field("api_endpoint", "API Endpoint", FieldKind::Data),
    field("api_endpoint_args", "API Endpoint Args", FieldKind::Json),
    field("auth_url_data", "Auth URL Data", FieldKind::Json),
    field("user_id_property", "User ID Property", FieldKind::Data),
    field("icon", "Icon", FieldKind::Data),
];

/// A field of the v15 DocType by name.
pub fn field_by_name(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Fields Frappe never lets change after insert (`set_only_once`).
pub const SET_ONLY_ONCE: &[&str] = &["provider_name", "social_login_provider"];

/// The document name Frappe gives a key: `frappe.scrub(provider_name)`.
pub fn key_name(provider_name: &str) -> String {
    scrub(provider_name)
}

/// The method path of the callback of every Custom key; the key's name is
/// the path segment after it.
pub const CUSTOM_CALLBACK_METHOD: &str = "/api/method/frappe.integrations.oauth2_logins.custom";

/// The callback path of a Custom key named `key_name`.
pub fn custom_redirect_path(key_name: &str) -> String {
    format!("{CUSTOM_CALLBACK_METHOD}/{key_name}")
}

/// The full callback URL Frappe sends to the identity provider for a Custom
/// key, given the site URL browsers use (no trailing slash is kept).
pub fn custom_redirect_url(site_url: &str, provider_name: &str) -> String {
    format!(
        "{}{}",
        site_url.trim_end_matches('/'),
        custom_redirect_path(&key_name(provider_name))
    )
}

/// Why a key name cannot end Frappe's callback path.
///
/// Frappe's `custom()` callback splits the (already URL-decoded) request path
/// at `/` and needs exactly four segments, the fourth naming the key. The
/// redirect URL is built by plain string concatenation, so a name is usable
/// only if, written raw into that URL, a browser sends it back unchanged as
/// one path segment: no `/` (and no `\`, which browsers turn into `/`), no
/// `?` or `#` (they end the path), no `%` (the server decodes it, so the
/// name no longer matches), no whitespace or control characters, and not
/// `.` or `..` (browsers resolve them away).
pub fn callback_segment_problem(key_name: &str) -> Option<String> {
    if key_name.is_empty() {
        return Some("the name is empty".into());
    }
    if key_name == "." || key_name == ".." {
        return Some(format!("{key_name:?} is removed from URLs by browsers"));
    }
    let bad: Vec<String> = key_name
        .chars()
        .filter(|c| matches!(c, '/' | '\\' | '?' | '#' | '%') || c.is_whitespace() || c.is_control())
        .map(|c| format!("{c:?}"))
        .collect();
    if bad.is_empty() {
        return None;
    }
    let mut unique = bad;
    unique.dedup();
    Some(format!("it contains {}", unique.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_url_scrubs_the_name_and_has_no_trailing_slash() {
        assert_eq!(
            custom_redirect_url("https://erp.example.com/", "My IdP"),
            "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/my_idp"
        );
    }

    #[test]
    fn names_that_break_the_callback_path_are_found() {
        for name in [
            "corp/sso", "corp?sso", "corp#sso", "a%20b", "a\\b", "..", ".", "a\tb", "",
        ] {
            assert!(callback_segment_problem(name).is_some(), "{name:?} accepted");
        }
        for name in ["authentik", "my_idp", "idp.example", "ünï"] {
            assert_eq!(callback_segment_problem(name), None, "{name:?} refused");
        }
    }

    #[test]
    fn every_field_has_a_distinct_label() {
        let mut labels: Vec<&str> = FIELDS.iter().map(|f| f.label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), FIELDS.len());
    }
}
