//! `frappe_social_login_key`: one Social Login Key of a Frappe site.
//!
//! Read is the source of truth; plan shows what will be stored (presets and
//! Frappe's own rewrites included); apply never leaves Terraform's state
//! disagreeing with the site: a failed update re-reads the key, a create whose
//! answer was lost looks the key up before giving up.

mod create;
mod errors;
pub mod model;
pub mod plan;
pub mod presets;
pub mod schema;
pub mod validate;

use async_trait::async_trait;

use crate::provider::FrappeSession;
use frappe_client::naming::scrub;
use frappe_client::{Document, FrappeClient, PasswordLookup};
use model::{document_for_create, document_for_update, masked_secret_length, state_from_document};
use schema::{DOCTYPE, TYPE_NAME};
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, ImportedResource, PlanRequest, PlanResponse,
    ReadRequest, ReadResponse, Resource, ValidateRequest,
};
use terraform_plugin::protocol::{Diagnostic, Diagnostics, Schema, Value};

pub struct SocialLoginKey;

fn identity(name: Value) -> Value {
    Value::object([("name", name)])
}

/// Stands in for a secret that was changed on the site when the API user may
/// not read it: any value that differs from the configured one makes the
/// plan show (and fix) the drift, without revealing anything.
const CHANGED_OUTSIDE_TERRAFORM: &str = "(changed outside Terraform)";

impl SocialLoginKey {
    fn key_name(state: &Value) -> Option<&str> {
        state.get("id").as_str().filter(|s| !s.is_empty())
    }

    /// Checks the stored secret against the one in state, so a secret changed
    /// on the site shows up as drift. Only done when Terraform manages the
    /// secret (`client_secret` in state).
    async fn reconcile_secret(
        client: &FrappeClient,
        name: &str,
        doc: &Document,
        state: &mut Value,
        d: &mut Diagnostics,
    ) {
        let Value::String(expected) = state.get("client_secret").clone() else {
            return;
        };
        match client.get_password(DOCTYPE, name, "client_secret").await {
            Ok(PasswordLookup::Found(actual)) if actual != expected => {
                state.set_attribute("client_secret", Value::String(actual))
            }
            Ok(PasswordLookup::Found(_)) => {}
            Ok(PasswordLookup::NotSet) => state.set_attribute("client_secret", Value::Null),
            Ok(PasswordLookup::NotPermitted) => {
                // The masked column still reveals the stored secret's length.
                match masked_secret_length(doc) {
                    None => state.set_attribute("client_secret", Value::Null),
                    Some(len) if len != expected.chars().count() => {
                        state.set_attribute("client_secret", Value::from(CHANGED_OUTSIDE_TERRAFORM))
                    }
                    Some(_) => {}
                }
            }
            Err(e) => d.push(Diagnostic::warning(
                "Could not check the client secret for changes",
                format!("Reading the stored secret of {name:?} failed: {e}. The secret in state is assumed unchanged."),
            )),
        }
    }

    async fn create(&self, client: &FrappeClient, request: &ApplyRequest<'_>) -> ApplyResponse {
        let planned = request.planned_state;
        let mut diagnostics = Diagnostics::new();
        let secret = match (request.config.get("client_secret_wo"), planned.get("client_secret")) {
            (Value::String(s), _) | (_, Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let document = document_for_create(planned, secret);
        let provider_name = planned.get("provider_name").as_str().unwrap_or_default();
        let stored = match create::create_once(client, &document, provider_name).await {
            Ok((stored, warning)) => {
                diagnostics.extend(warning.map(Diagnostics::from).unwrap_or_default());
                stored
            }
            Err(failure) => return failed(Value::Null, failure),
        };
        let state = applied_state(planned, &stored);
        let id = state.get("id").clone();
        ApplyResponse {
            state,
            private: Vec::new(),
            identity: Some(identity(id)),
            diagnostics,
        }
    }

    async fn update(&self, client: &FrappeClient, request: &ApplyRequest<'_>) -> ApplyResponse {
        let (prior, planned) = (request.prior_state, request.planned_state);
        let Some(name) = Self::key_name(prior).map(str::to_owned) else {
            return failed(
                prior.clone(),
                Diagnostic::error("State has no key name", "Import the key again.").into(),
            );
        };
        let version_changed = prior.get("client_secret_wo_version") != planned.get("client_secret_wo_version");
        let secret = match (request.config.get("client_secret_wo"), planned.get("client_secret")) {
            (Value::String(s), _) if version_changed => Some(s.as_str()),
            (_, Value::String(s)) if prior.get("client_secret") != planned.get("client_secret") => Some(s.as_str()),
            _ => None,
        };
        let document = document_for_update(prior, planned, secret);
        let mut state = planned.clone();
        state.set_attribute("id", Value::from(name.as_str()));
        if !document.is_empty() {
            if let Err(error) = client.update_document(DOCTYPE, &name, &document).await {
                let mut diagnostics: Diagnostics =
                    errors::diagnostic(&format!("updating Social Login Key {name:?}"), &error).into();
                // Record what the site really holds, not what we hoped for.
                let actual = match client.get_document(DOCTYPE, &name).await {
                    Ok(Some(doc)) => state_from_document(&doc, prior),
                    Ok(None) => Value::Null,
                    Err(_) => prior.clone(),
                };
                if actual.is_null() {
                    diagnostics.push(Diagnostic::warning(
                        "The key no longer exists",
                        format!("Social Login Key {name:?} was deleted on the site during the update."),
                    ));
                }
                return failed(actual, diagnostics);
            }
        }
        ApplyResponse {
            state,
            private: Vec::new(),
            identity: Some(identity(Value::from(name))),
            diagnostics: Diagnostics::new(),
        }
    }

    async fn delete(&self, client: &FrappeClient, prior: &Value) -> ApplyResponse {
        let Some(name) = Self::key_name(prior) else {
            return failed(Value::Null, Diagnostics::new());
        };
        match client.delete_document(DOCTYPE, name).await {
            // Already gone is as good as deleted.
            Ok(_) => failed(Value::Null, Diagnostics::new()),
            Err(error) => failed(
                prior.clone(),
                errors::diagnostic(&format!("deleting Social Login Key {name:?}"), &error).into(),
            ),
        }
    }
}

/// An apply answer carrying `state` and diagnostics (and no identity).
fn failed(state: Value, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        state,
        private: Vec::new(),
        identity: None,
        diagnostics,
    }
}

/// The state after a create: the plan, with what only the site knew (the
/// name) filled in from the stored document.
fn applied_state(planned: &Value, stored: &Document) -> Value {
    let from_site = state_from_document(stored, planned);
    let mut state = planned.clone();
    if let Value::Object(attrs) = &mut state {
        for (name, value) in attrs.iter_mut() {
            if value.is_unknown() {
                *value = from_site.get(name).clone();
            }
        }
    }
    state.set_attribute("id", from_site.get("id").clone());
    state.set_attribute("client_secret_wo", Value::Null);
    state
}

#[async_trait]
impl Resource<FrappeSession> for SocialLoginKey {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema()
    }

    fn identity_schema(&self) -> Option<Schema> {
        Some(schema::identity_schema())
    }

    fn validate(&self, request: ValidateRequest<'_>) -> Diagnostics {
        validate::check_config(request.config, request.write_only_allowed)
    }

    async fn read(&self, session: &FrappeSession, request: ReadRequest<'_>) -> ReadResponse {
        let mut diagnostics = Diagnostics::new();
        let respond = |state: Value, diagnostics: Diagnostics| ReadResponse {
            identity: identity_of(&state),
            state,
            private: request.private.to_vec(),
            diagnostics,
        };
        let Some(name) = Self::key_name(request.state) else {
            return respond(Value::Null, diagnostics);
        };
        let client = match session.client() {
            Ok(c) => c,
            // The provider settings are not known yet (they depend on other
            // resources): keep what state says rather than failing the plan.
            Err(reason) => {
                let note = Diagnostic::warning(
                    "Social Login Key not refreshed",
                    format!(
                        "{} The key is planned from the state Terraform already has.",
                        reason.detail
                    ),
                );
                return respond(request.state.clone(), note.into());
            }
        };
        match client.get_document(DOCTYPE, name).await {
            Ok(Some(doc)) => {
                let mut state = state_from_document(&doc, request.state);
                Self::reconcile_secret(client, name, &doc, &mut state, &mut diagnostics).await;
                respond(state, diagnostics)
            }
            Ok(None) => {
                diagnostics.push(Diagnostic::warning(
                    "Social Login Key deleted outside Terraform",
                    format!("Social Login Key {name:?} no longer exists on the site; the plan creates it again."),
                ));
                respond(Value::Null, diagnostics)
            }
            Err(error) => {
                diagnostics.push(errors::diagnostic(
                    &format!("reading Social Login Key {name:?}"),
                    &error,
                ));
                respond(request.state.clone(), diagnostics)
            }
        }
    }

    async fn plan(&self, session: &FrappeSession, request: PlanRequest<'_>) -> PlanResponse {
        let creating = request.prior_state.is_null();
        let change = plan::plan_change(
            request.prior_state,
            request.proposed_state,
            request.config,
            session.site_url(),
        );
        let diagnostics = validate::check_resolved(&change.planned, request.config, creating);
        // A key being created has no identity yet. (An unknown identity would
        // be valid for Terraform's checks, but its plan renderer cannot show one.)
        let planned_identity = (!creating).then(|| identity(request.prior_state.get("id").clone()));
        PlanResponse {
            planned_state: change.planned,
            requires_replace: change.requires_replace,
            planned_private: request.prior_private.to_vec(),
            planned_identity,
            diagnostics,
        }
    }

    async fn apply(&self, session: &FrappeSession, request: ApplyRequest<'_>) -> ApplyResponse {
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return failed(request.prior_state.clone(), d.into()),
        };
        if request.planned_state.is_null() {
            self.delete(client, request.prior_state).await
        } else if request.prior_state.is_null() {
            self.create(client, &request).await
        } else {
            self.update(client, &request).await
        }
    }

    async fn import(&self, session: &FrappeSession, request: ImportRequest<'_>) -> ImportResponse {
        let mut diagnostics = Diagnostics::new();
        let name = match request.identity.map(|i| i.get("name")) {
            Some(Value::String(n)) => n.clone(),
            _ => request.id.to_string(),
        };
        if name.trim().is_empty() {
            diagnostics.error(
                "Missing key name",
                "Import a Social Login Key by its name, e.g. `authentik`.",
            );
            return ImportResponse {
                imported: Vec::new(),
                diagnostics,
            };
        }
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => {
                return ImportResponse {
                    imported: Vec::new(),
                    diagnostics: d.into(),
                }
            }
        };
        let doc = match client.get_document(DOCTYPE, &name).await {
            Ok(Some(doc)) => doc,
            Ok(None) => {
                let hint = if scrub(&name) != name {
                    format!(
                        " Frappe names keys in lower case with underscores: try {:?}.",
                        scrub(&name)
                    )
                } else {
                    String::new()
                };
                diagnostics.error(
                    "Cannot import a Social Login Key that does not exist",
                    format!("The site has no Social Login Key named {name:?}.{hint}"),
                );
                return ImportResponse {
                    imported: Vec::new(),
                    diagnostics,
                };
            }
            Err(error) => {
                diagnostics.push(errors::diagnostic(
                    &format!("importing Social Login Key {name:?}"),
                    &error,
                ));
                return ImportResponse {
                    imported: Vec::new(),
                    diagnostics,
                };
            }
        };
        let mut state = state_from_document(&doc, &Value::Null);
        let canonical = state.get("id").as_str().unwrap_or(&name).to_string();
        // Adopt the stored secret when the API user may read it, so a
        // configuration holding the same secret plans no change.
        if let Ok(PasswordLookup::Found(secret)) = client.get_password(DOCTYPE, &canonical, "client_secret").await {
            state.set_attribute("client_secret", Value::String(secret));
        }
        ImportResponse {
            imported: vec![ImportedResource {
                state,
                private: Vec::new(),
                identity: Some(identity(Value::from(canonical))),
            }],
            diagnostics,
        }
    }
}

/// The identity of a key in `state`, if it has a name.
fn identity_of(state: &Value) -> Option<Value> {
    SocialLoginKey::key_name(state).map(|n| identity(Value::from(n)))
}
