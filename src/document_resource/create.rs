//! Creating a document without ever creating it twice.
//!
//! A POST whose answer is lost (timeout, reset, proxy 502/504, a cut-off
//! body) may or may not have created the document. When Frappe's name for it
//! is known in advance (Social Login Keys are named after `provider_name`,
//! users after their email), the document can be looked up: if it exists and
//! matches what was sent, it is ours; if it does not exist, sending again is
//! safe — and should a slow first attempt land after all, the second one
//! meets a 409 and the lookup settles it the same way. Without a known name
//! the create is not repeated and the error says the outcome is unknown.
//!
//! A create the site's database refused (a deadlock or serialization
//! failure between concurrent writers) was rolled back by Frappe, so it is
//! sent again within `max_retries`; when the name is known it is first looked
//! up like a lost answer, since an earlier attempt of the same create may
//! have landed, and a document found is never sent twice.

use super::adapter::outcome_unknown;
use frappe_client::{Document, ErrorKind, FrappeClient, FrappeError};
use terraform_plugin::logging;
use terraform_plugin::protocol::{Diagnostic, Diagnostics};

/// What to create.
pub(super) struct NewDocument<'a> {
    pub(super) doctype: &'a str,
    pub(super) fields: &'a Document,
    /// The name Frappe will give it, if known before the create.
    pub(super) expected_name: Option<&'a str>,
    /// What one such document is called in messages.
    pub(super) noun: &'a str,
}

/// The stored document and any warning worth showing, or why it failed.
pub(super) async fn create_once(
    client: &FrappeClient,
    new: &NewDocument<'_>,
    matches_sent: impl Fn(&Document, &Document) -> bool,
    diagnostic: impl Fn(&str, &FrappeError) -> Diagnostic,
) -> Result<(Document, Diagnostics), Diagnostics> {
    let action = match new.expected_name {
        Some(name) => format!("creating {} {name:?}", new.noun),
        None => format!("creating a {}", new.noun),
    };
    let mut attempt = 0;
    loop {
        let error = match client.insert_document(new.doctype, new.fields).await {
            Ok(stored) => return Ok((stored, Diagnostics::new())),
            Err(error) => error,
        };
        let uncertain = outcome_unknown(&error);
        let refusal = error.database_refusal();
        // After an uncertain attempt, a 409 may be our own earlier request.
        let maybe_ours = attempt > 0 && matches!(&error, FrappeError::Api(api) if api.kind() == ErrorKind::Duplicate);
        if let Some(refusal) = refusal.filter(|_| new.expected_name.is_none()) {
            // Rolled back and no name to look up: sending again cannot duplicate it.
            if attempt >= client.max_retries() {
                return Err(diagnostic(&action, &error).into());
            }
            attempt += 1;
            log_resend(&action, refusal.reason(), attempt);
            if let Err(cancelled) = client.back_off(attempt).await {
                return Err(diagnostic(&action, &cancelled).into());
            }
            continue;
        }
        let Some(name) = new
            .expected_name
            .filter(|_| uncertain || maybe_ours || refusal.is_some())
        else {
            let mut diagnostics: Diagnostics = diagnostic(&action, &error).into();
            if uncertain {
                diagnostics.push(Diagnostic::warning(
                    format!("The {} may have been created", new.noun),
                    "The request may have reached Frappe before the answer was lost, and Frappe's name for the \
                     new document is not known in advance. Check the site; if it was created, import it.",
                ));
            }
            return Err(diagnostics);
        };
        match client.get_document(new.doctype, name).await {
            Ok(Some(existing)) if matches_sent(new.fields, &existing) => {
                let warning = Diagnostic::warning(
                    "Recovered a create whose answer was lost",
                    format!(
                        "{error}. The {} {name:?} was created nonetheless and matches the configuration, so it is \
                         now managed by Terraform.",
                        new.noun
                    ),
                );
                return Ok((existing, warning.into()));
            }
            Ok(Some(_)) => {
                let mut diagnostics: Diagnostics = diagnostic(&action, &error).into();
                diagnostics.push(Diagnostic::error(
                    format!("A different {} with this name exists", new.noun),
                    format!(
                        "After the failed request a {} named {name:?} exists on the site but does not match this \
                         configuration; inspect it, then import or delete it.",
                        new.noun
                    ),
                ));
                return Err(diagnostics);
            }
            // Certainly not created: sending again cannot duplicate it.
            Ok(None) if attempt < client.max_retries() => {}
            _ => return Err(diagnostic(&action, &error).into()),
        }
        attempt += 1;
        if let Some(refusal) = refusal {
            log_resend(&action, refusal.reason(), attempt);
        }
        if let Err(cancelled) = client.back_off(attempt).await {
            return Err(diagnostic(&action, &cancelled).into());
        }
    }
}

/// Each resend of a create the database refused, for `TF_LOG=DEBUG`.
fn log_resend(action: &str, reason: &str, attempt: u32) {
    logging::log(
        logging::Level::Debug,
        "Create refused by the site's database, sending it again",
        &[("action", action), ("reason", reason), ("retry", &attempt.to_string())],
    );
}
