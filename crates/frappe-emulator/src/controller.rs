//! The `SocialLoginKey` controller (`social_login_key.py`): naming and `validate()`.
//!
//! `validate()` runs before Frappe's generic checks (mandatory, options, length, passwords),
//! so its errors win over theirs, and it tests raw request values with Python truthiness:
//! `"enable_social_login": "0"` counts as enabled here even though it is stored as 0.

use serde_json::Value;

use super::document::Document;
use super::errors::{
    not_emulated, ExceptionClass, Failure, FrappeError, ACCESS_TOKEN_URL_NOT_SET_ERROR, AUTHORIZE_URL_NOT_SET_ERROR,
    BASE_URL_NOT_SET_ERROR, CLIENT_ID_NOT_SET_ERROR, CLIENT_SECRET_NOT_SET_ERROR, REDIRECT_URL_NOT_SET_ERROR,
    VALIDATION_ERROR,
};
use super::python::{cstr, truthy};
use super::FrappeVersion;

/// `frappe.scrub`: spaces and hyphens become underscores, then lower-case. Nothing else.
pub(crate) fn scrub(text: &str) -> String {
    text.replace([' ', '-'], "_").to_lowercase()
}

/// `autoname()`: the document name is the scrubbed provider name ("" when it is missing,
/// after which Frappe falls back to a random hash).
pub(crate) fn autoname(doc: &Document) -> String {
    scrub(&cstr(doc.get("provider_name")))
}

/// Icons the controller forces for these exact provider names (case-sensitive).
const ICONS: [(&str, &str); 7] = [
    ("Google", "google.svg"),
    ("Frappe", "frappe.svg"),
    ("Facebook", "facebook.svg"),
    ("Office 365", "office_365.svg"),
    ("GitHub", "github.svg"),
    ("Salesforce", "salesforce.svg"),
    ("fairlogin", "fair.svg"),
];

fn set_icon(doc: &mut Document) {
    let Value::String(provider_name) = doc.get("provider_name") else {
        return;
    };
    if let Some((_, file)) = ICONS.iter().find(|(name, _)| name == provider_name) {
        doc.set("icon", Value::from(format!("/assets/frappe/icons/social/{file}")));
    }
}

/// `SocialLoginKey.validate()`, in its exact order.
pub(crate) fn validate(doc: &mut Document, version: FrappeVersion) -> Result<(), Failure> {
    set_icon(doc);
    let set = |field: &str| truthy(doc.get(field));
    let fail = |class: ExceptionClass, message: &str| Err(FrappeError::throw(class, message).into());
    if set("custom_base_url") && !set("base_url") {
        return fail(BASE_URL_NOT_SET_ERROR, "Please enter Base URL");
    }
    if !set("authorize_url") {
        return fail(AUTHORIZE_URL_NOT_SET_ERROR, "Please enter Authorize URL");
    }
    if !set("access_token_url") {
        return fail(ACCESS_TOKEN_URL_NOT_SET_ERROR, "Please enter Access Token URL");
    }
    if !set("redirect_url") {
        return fail(REDIRECT_URL_NOT_SET_ERROR, "Please enter Redirect URL");
    }
    if set("enable_social_login") && !set("client_id") {
        return fail(
            CLIENT_ID_NOT_SET_ERROR,
            "Please enter Client ID before social login is enabled",
        );
    }
    if set("enable_social_login") && !set("client_secret") {
        return fail(
            CLIENT_SECRET_NOT_SET_ERROR,
            "Please enter Client Secret before social login is enabled",
        );
    }
    if version == FrappeVersion::Develop {
        validate_json_fields(doc)?;
    }
    Ok(())
}

/// frappe/frappe#33622 ("fix: validate social login key JSON fields", merged into develop in
/// August 2025; resolves #33579, where a malformed value broke the login page): when set,
/// `auth_url_data` and `api_endpoint_args` must be JSON, else `frappe.throw` (ValidationError).
///
/// The messages are the source strings Frappe v16 ships in its translation catalogue ("Auth URL
/// data should be valid JSON", "API Endpoint Args should be valid JSON"). The Python of the
/// check itself could not be read (the stored copies of `social_login_key.py` predate the PR),
/// so two details are inferred: the checks run after the URL and credential checks above,
/// `auth_url_data` first, and only a `json.JSONDecodeError` becomes the message.
fn validate_json_fields(doc: &Document) -> Result<(), Failure> {
    let checks = [
        ("auth_url_data", "Auth URL data should be valid JSON"),
        ("api_endpoint_args", "API Endpoint Args should be valid JSON"),
    ];
    for (field, message) in checks {
        let value = doc.get(field);
        if !truthy(value) {
            continue;
        }
        let Value::String(text) = value else {
            // `json.loads(<int>)` raises TypeError; whether the controller catches it is unknown.
            return Err(not_emulated(format!("a non-string `{field}` on develop")));
        };
        if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            // Python's json also takes NaN, Infinity and lone surrogate escapes.
            if text.contains("NaN") || text.contains("Infinity") || error.to_string().contains("surrogate") {
                return Err(not_emulated(format!("`{field}` that only Python's json accepts")));
            }
            return Err(FrappeError::throw(VALIDATION_ERROR, message).into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_only_touches_spaces_hyphens_and_case() {
        assert_eq!(scrub("My-IdP SSO"), "my_idp_sso");
        assert_eq!(scrub("Office 365"), "office_365");
        assert_eq!(scrub("a.b/c"), "a.b/c");
    }
}
