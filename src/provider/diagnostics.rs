//! The one place where Frappe client errors become Terraform diagnostics: a
//! summary saying what failed, a detail saying what to check, then what
//! Frappe said.

use frappe_client::{ErrorKind, FrappeError};
use terraform_plugin::protocol::Diagnostic;

/// A diagnostic for `error`, which happened while `action` (e.g. "creating
/// Social Login Key \"authentik\"").
pub fn frappe_error(action: &str, error: &FrappeError) -> Diagnostic {
    let (summary, advice) = match error {
        FrappeError::Api(api) => match api.kind() {
            ErrorKind::Authentication => (
                format!("Frappe rejected the API credentials while {action}"),
                "Check api_key and api_secret (or FRAPPE_API_KEY and FRAPPE_API_SECRET): the key must exist on this \
                 site and the secret must be the current one (Frappe shows a secret only once, when it is generated)."
                    .to_string(),
            ),
            ErrorKind::Permission => (
                format!("The API user may not do this while {action}"),
                "The roles of the user that owns api_key do not allow it on this DocType. Social Login Keys, users \
                 and System Settings need the System Manager role, Website Settings the Website Manager role: give \
                 the role to that user (or use another user's API key)."
                    .to_string(),
            ),
            ErrorKind::NotFound => (
                format!("Frappe answered \"not found\" while {action}"),
                "If the site is reached by IP address or through a proxy, set site_name so Frappe knows which site \
                 is meant; otherwise check url."
                    .to_string(),
            ),
            ErrorKind::Duplicate => (format!("Already exists: {action} failed"), String::new()),
            ErrorKind::Validation => (format!("Frappe refused the change while {action}"), String::new()),
            ErrorKind::RateLimited => (
                format!("Frappe's rate limit stopped the provider while {action}"),
                "The site's rate_limit setting allows fewer requests than this run needs; retry later, lower \
                 -parallelism, or raise the limit."
                    .to_string(),
            ),
            ErrorKind::Unavailable => (
                format!("The Frappe site was unavailable while {action}"),
                "The site or its proxy answered with a gateway or maintenance error even after retries; check that \
                 the site is up (bench is running, not in maintenance mode) and retry."
                    .to_string(),
            ),
            ErrorKind::DatabaseBusy => (
                format!("The site's database kept refusing concurrent writes while {action}"),
                "Frappe's database refused this request because another write held the rows it needed (a \
                 deadlock, lock timeout or serialization failure), and it was still refused after the provider's \
                 retries. Nothing was written by the refused request. Apply again with a lower -parallelism (e.g. \
                 terraform apply -parallelism=2), or raise max_retries in the provider block."
                    .to_string(),
            ),
            ErrorKind::BadRequest | ErrorKind::Server => (
                format!("Frappe failed while {action}"),
                "The site reported an internal error; its error log (Error Log doctype) has the details.".to_string(),
            ),
        },
        FrappeError::Unreachable { .. } => (
            format!("Cannot reach the Frappe site while {action}"),
            "Check url (and that the site is up and reachable from here); for a private CA set ca_cert_file."
                .to_string(),
        ),
        FrappeError::Timeout(_) => (
            format!("The Frappe site did not answer in time while {action}"),
            "Raise timeout in the provider block if the site is slow; the change may or may not have been made, \
             the next plan shows what the site holds."
                .to_string(),
        ),
        FrappeError::Cancelled => (
            format!("Stopped while {action}"),
            "Terraform asked the provider to stop. The next plan shows what the site holds.".to_string(),
        ),
        FrappeError::UnexpectedBody { .. } => (
            format!("Unexpected answer from the Frappe site while {action}"),
            "The answer did not come from Frappe's API; check url, and whether a proxy or login page is in front \
             of the site."
                .to_string(),
        ),
    };
    let detail = if advice.is_empty() {
        error.to_string()
    } else {
        format!("{advice}\n\n{error}")
    };
    Diagnostic::error(summary, terraform_plugin::logging::redact(&detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use frappe_client::ApiError;

    fn api(status: u16, exc: &str, message: &str) -> FrappeError {
        FrappeError::Api(ApiError {
            status,
            exc_type: Some(exc.into()),
            messages: if message.is_empty() {
                vec![]
            } else {
                vec![message.into()]
            },
            exception: None,
            database_refusal: None,
        })
    }

    #[test]
    fn advice_matches_the_failure() {
        let d = frappe_error("reading x", &api(401, "AuthenticationError", ""));
        assert!(d.detail.contains("api_key and api_secret"), "{}", d.detail);
        let d = frappe_error("reading x", &api(403, "PermissionError", "Not permitted"));
        assert!(d.detail.contains("System Manager"));
        assert!(d.detail.contains("Not permitted"));
        let d = frappe_error(
            "creating x",
            &api(417, "AuthorizeUrlNotSetError", "Please enter Authorize URL"),
        );
        assert!(d.detail.contains("Please enter Authorize URL"));
    }

    #[test]
    fn a_database_that_keeps_refusing_suggests_lower_parallelism() {
        let body = br#"{"exc_type": "QueryDeadlockError", "exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"}"#;
        let error = FrappeError::Api(ApiError::from_body(500, body).unwrap());
        let d = frappe_error("updating User \"a@example.com\"", &error);
        assert!(
            d.summary.contains("database kept refusing concurrent writes"),
            "{}",
            d.summary
        );
        assert!(d.detail.contains("-parallelism"), "{}", d.detail);
        let bug = ApiError::from_body(500, br#"{"exc_type": "TypeError"}"#).unwrap();
        let d = frappe_error("updating x", &FrappeError::Api(bug));
        assert!(!d.detail.contains("-parallelism"), "{}", d.detail);
    }
}
