//! Creating a key without ever creating it twice.
//!
//! A POST whose answer is lost (timeout, reset, proxy 502/504, a cut-off
//! body) may or may not have created the key. Frappe names keys
//! deterministically (the scrubbed provider name), so the key can be looked
//! up: if it exists and matches what was sent, it is ours; if it does not
//! exist, sending again is safe — and should a slow first attempt land after
//! all, the second one meets a 409 and the lookup settles it the same way.

use super::errors;
use super::schema::DOCTYPE;
use frappe_client::naming::scrub;
use frappe_client::{Document, ErrorKind, FrappeClient, FrappeError};
use terraform_plugin::protocol::{Diagnostic, Diagnostics};

/// The stored key and any warning worth showing, or the reasons it failed.
pub async fn create_once(
    client: &FrappeClient,
    document: &Document,
    provider_name: &str,
) -> Result<(Document, Option<Diagnostic>), Diagnostics> {
    let name = scrub(provider_name);
    let action = format!("creating Social Login Key {provider_name:?}");
    let mut attempt = 0;
    loop {
        let error = match client.insert_document(DOCTYPE, document).await {
            Ok(stored) => return Ok((stored, None)),
            Err(error) => error,
        };
        let uncertain = errors::outcome_unknown(&error);
        // After an uncertain attempt, a 409 may be our own earlier request.
        let maybe_ours = attempt > 0 && matches!(&error, FrappeError::Api(api) if api.kind() == ErrorKind::Duplicate);
        if !uncertain && !maybe_ours {
            return Err(errors::diagnostic(&action, &error).into());
        }
        match client.get_document(DOCTYPE, &name).await {
            Ok(Some(existing)) if errors::matches_sent(document, &existing) => {
                let warning = Diagnostic::warning(
                    "Recovered a create whose answer was lost",
                    format!(
                        "{error}. The key {name:?} was created nonetheless and matches the configuration, so it is \
                         now managed by Terraform."
                    ),
                );
                return Ok((existing, Some(warning)));
            }
            Ok(Some(_)) => {
                let mut diagnostics: Diagnostics = errors::diagnostic(&action, &error).into();
                diagnostics.push(Diagnostic::error(
                    "A different key with this name exists",
                    format!(
                        "After the failed request a Social Login Key named {name:?} exists on the site but does not \
                         match this configuration; inspect it, then import or delete it."
                    ),
                ));
                return Err(diagnostics);
            }
            // Certainly not created: sending again cannot duplicate it.
            Ok(None) if attempt < client.max_retries() => {}
            _ => return Err(errors::diagnostic(&action, &error).into()),
        }
        attempt += 1;
        if let Err(cancelled) = client.back_off(attempt).await {
            return Err(errors::diagnostic(&action, &cancelled).into());
        }
    }
}
