//! The `SocialLoginKey` controller (`social_login_key.py`): naming and `validate()`.
//!
//! `validate()` runs before Frappe's generic checks (mandatory, options, length, passwords),
//! so its errors win over theirs, and it tests raw request values with Python truthiness:
//! `"enable_social_login": "0"` counts as enabled here even though it is stored as 0.

use serde_json::Value;

use super::document::Document;
use super::errors::{
    ExceptionClass, FrappeError, ACCESS_TOKEN_URL_NOT_SET_ERROR, AUTHORIZE_URL_NOT_SET_ERROR, BASE_URL_NOT_SET_ERROR,
    CLIENT_ID_NOT_SET_ERROR, CLIENT_SECRET_NOT_SET_ERROR, REDIRECT_URL_NOT_SET_ERROR,
};
use super::python::{cstr, truthy};

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
pub(crate) fn validate(doc: &mut Document) -> Result<(), FrappeError> {
    set_icon(doc);
    let set = |field: &str| truthy(doc.get(field));
    let fail = |class: ExceptionClass, message: &str| Err(FrappeError::throw(class, message));
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
