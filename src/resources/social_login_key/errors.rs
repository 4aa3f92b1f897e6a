//! Frappe's errors about a Social Login Key, pointed at the attribute they
//! concern.

use serde_json::Value as Json;

use super::model::{equivalent, from_frappe};
use super::schema::field;
use crate::provider::diagnostics::frappe_error;
use frappe_client::{ApiError, Document, ErrorKind, FrappeError};
use terraform_plugin::protocol::{AttributePath, Diagnostic};

/// Field labels as Frappe prints them in messages ("'Authorize URL' (…) will
/// get truncated", "Value cannot be changed for Provider Name").
const LABELS: &[(&str, &str)] = &[
    ("Social Login Provider", "social_login_provider"),
    ("Provider Name", "provider_name"),
    ("Client ID", "client_id"),
    ("Client Secret", "client_secret"),
    ("Base URL", "base_url"),
    ("Authorize URL", "authorize_url"),
    ("Access Token URL", "access_token_url"),
    ("Redirect URL", "redirect_url"),
    ("API Endpoint Args", "api_endpoint_args"),
    ("API Endpoint", "api_endpoint"),
    ("User ID Property", "user_id_property"),
    ("Auth URL Data", "auth_url_data"),
    ("Sign ups", "sign_ups"),
    ("Icon", "icon"),
];

/// Which attribute a Frappe validation error is about, when that can be told.
pub fn attribute_of(error: &ApiError) -> Option<&'static str> {
    let by_class = match error.exc_type.as_deref()? {
        "BaseUrlNotSetError" => Some("base_url"),
        "AuthorizeUrlNotSetError" => Some("authorize_url"),
        "AccessTokenUrlNotSetError" => Some("access_token_url"),
        "RedirectUrlNotSetError" => Some("redirect_url"),
        "ClientIDNotSetError" => Some("client_id"),
        "ClientSecretNotSetError" => Some("client_secret"),
        "MandatoryError" => Some("provider_name"),
        _ => None,
    };
    by_class.or_else(|| {
        let text = error.messages.join(" ");
        LABELS
            .iter()
            .find(|(label, _)| text.contains(label))
            .map(|(_, name)| *name)
    })
}

/// The diagnostic for a failed request about one key.
pub fn diagnostic(action: &str, error: &FrappeError) -> Diagnostic {
    if let FrappeError::Api(api) = error {
        if api.kind() == ErrorKind::Duplicate {
            let name = api
                .messages
                .first()
                .and_then(|m| m.strip_prefix("Social Login Key "))
                .and_then(|m| m.strip_suffix(" already exists"))
                .unwrap_or("(see below)")
                .to_string();
            return Diagnostic::error(
                format!("A Social Login Key named {name:?} already exists"),
                format!(
                    "Frappe names keys after provider_name, and this name is taken (names are compared without \
                     regard to case). To manage the existing key with Terraform, import it:\n\n  terraform import \
                     frappe_social_login_key.<resource name> {name}\n\nor add an import block with id = {name:?}. \
                     Otherwise choose another provider_name.\n\n{error}"
                ),
            )
            .at(AttributePath::attribute("provider_name"));
        }
        if api.kind() == ErrorKind::Validation {
            let mut d = frappe_error(action, error);
            if let Some(name) = attribute_of(api) {
                d = d.at(AttributePath::attribute(name));
            }
            return d;
        }
    }
    frappe_error(action, error)
}

/// Whether a failed create may nevertheless have created the key: the request
/// may have reached Frappe and only the answer was lost.
pub fn outcome_unknown(error: &FrappeError) -> bool {
    match error {
        FrappeError::Timeout(_) | FrappeError::Unreachable { .. } | FrappeError::UnexpectedBody { .. } => true,
        FrappeError::Api(api) => matches!(api.status, 502 | 504),
        FrappeError::Cancelled => false,
    }
}

/// Whether an existing key is the one a lost create sent (the secret and the
/// icon, which Frappe may rewrite, aside).
pub fn matches_sent(sent: &Document, existing: &Document) -> bool {
    sent.iter()
        .filter(|(name, _)| !matches!(name.as_str(), "client_secret" | "icon"))
        .all(|(name, value)| match field(name) {
            Some(f) => equivalent(
                f.kind,
                &from_frappe(f.kind, Some(value)),
                &from_frappe(f.kind, existing.get(name.as_str())),
            ),
            None => existing.get(name.as_str()) == Some(value) || value == &Json::Null,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(status: u16, exc: &str, message: &str) -> ApiError {
        ApiError {
            status,
            exc_type: Some(exc.into()),
            messages: vec![message.into()],
            exception: None,
        }
    }

    #[test]
    fn validation_errors_point_at_their_attribute() {
        assert_eq!(
            attribute_of(&api(417, "AuthorizeUrlNotSetError", "Please enter Authorize URL")),
            Some("authorize_url")
        );
        assert_eq!(
            attribute_of(&api(
                417,
                "CannotChangeConstantError",
                "Value cannot be changed for Provider Name"
            )),
            Some("provider_name")
        );
        assert_eq!(
            attribute_of(&api(
                417,
                "CharacterLengthExceededError",
                "Social Login Key x: 'Access Token URL' (https://…) will get truncated, as max characters allowed is 140"
            )),
            Some("access_token_url")
        );
        assert_eq!(
            attribute_of(&api(
                417,
                "ValidationError",
                "Social Login Provider cannot be \"X\". It should be one of …"
            )),
            Some("social_login_provider")
        );
    }

    #[test]
    fn a_duplicate_explains_how_to_import() {
        let e = FrappeError::Api(api(
            409,
            "DuplicateEntryError",
            "Social Login Key github already exists",
        ));
        let d = diagnostic("creating", &e);
        assert!(d.summary.contains("\"github\""), "{}", d.summary);
        assert!(d
            .detail
            .contains("terraform import frappe_social_login_key.<resource name> github"));
        assert_eq!(d.attribute, Some(AttributePath::attribute("provider_name")));
    }

    #[test]
    fn lost_creates_are_matched_by_meaning() {
        let sent = json!({"provider_name": "A", "enable_social_login": 1, "auth_url_data": "{\"a\": 1}", "client_secret": "x", "icon": "i"});
        let stored = json!({"name": "a", "provider_name": "A", "enable_social_login": 1, "auth_url_data": "{\"a\":1}", "client_secret": "*", "icon": "other"});
        assert!(matches_sent(sent.as_object().unwrap(), stored.as_object().unwrap()));
        let other = json!({"name": "a", "provider_name": "A", "enable_social_login": 0});
        assert!(!matches_sent(sent.as_object().unwrap(), other.as_object().unwrap()));
    }
}
