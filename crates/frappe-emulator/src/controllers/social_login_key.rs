//! The `SocialLoginKey` controller (`social_login_key.py`): naming and `validate()`.
//!
//! `validate()` runs before Frappe's generic checks (mandatory, options, length, passwords),
//! so its errors win over theirs, and it tests raw request values with Python truthiness:
//! `"enable_social_login": "0"` counts as enabled here even though it is stored as 0.
//!
//! The JSON check of `auth_url_data`/`api_endpoint_args` (frappe/frappe#33622) was merged in
//! August 2025, after every reference site of the notes; none of them validates those fields.

use serde_json::Value;

use super::Controller;
use crate::context::Context;
use crate::document::Document;
use crate::errors::{
    ExceptionClass, Failure, FrappeError, ACCESS_TOKEN_URL_NOT_SET_ERROR, AUTHORIZE_URL_NOT_SET_ERROR,
    BASE_URL_NOT_SET_ERROR, CLIENT_ID_NOT_SET_ERROR, CLIENT_SECRET_NOT_SET_ERROR, REDIRECT_URL_NOT_SET_ERROR,
};
use crate::meta::DocType;
use crate::python::{cstr, scrub, truthy};

pub(crate) use crate::meta::doctypes::social_login_key::NAME;

pub(crate) struct SocialLoginKey;

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

impl Controller for SocialLoginKey {
    /// The scrubbed provider name; "" (no provider name) leaves naming to the random hash.
    fn autoname(&self, _ctx: &mut Context, doc: &mut Document) -> Result<Option<String>, Failure> {
        let name = scrub(&cstr(doc.get("provider_name")));
        Ok((!name.is_empty()).then_some(name))
    }

    /// `SocialLoginKey.validate()`, in its exact order.
    fn validate(
        &self,
        _ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
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
        Ok(())
    }
}
