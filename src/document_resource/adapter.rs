//! [`DocumentResourceAdapter`]: a [`DocumentResource`] as a framework
//! [`Resource`], with the life cycle every Frappe document shares.

use async_trait::async_trait;

use super::errors::ErrorContext;
use super::{create, secret_check, DocumentResource, PlanInput};
use crate::provider::FrappeSession;
use frappe_client::{Document, FrappeClient, FrappeError};
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, ImportedResource, Model, PlanRequest, PlanResponse,
    ReadRequest, ReadResponse, Resource, ValidateRequest,
};
use terraform_plugin::protocol::{Block, Diagnostic, Diagnostics, Schema, Value};

/// Registers a [`DocumentResource`] with the provider.
pub struct DocumentResourceAdapter<R: DocumentResource> {
    resource: R,
}

impl<R: DocumentResource> DocumentResourceAdapter<R> {
    pub fn new(resource: R) -> Self {
        Self { resource }
    }

    fn errors(&self) -> ErrorContext<'_, R> {
        ErrorContext {
            resource: &self.resource,
        }
    }

    /// The document a state describes: `(doctype, name)`.
    fn place(&self, state: &R::Model) -> Option<(String, String)> {
        let name = self.resource.document_name(state)?;
        Some((self.resource.doctype(state), name))
    }

    fn identity_of(&self, state: &R::Model) -> Option<Value> {
        self.place(state)
            .map(|(doctype, name)| self.resource.identity(&doctype, &name))
    }

    async fn create(&self, site: &FrappeSession, client: &FrappeClient, request: &ApplyRequest<'_>) -> ApplyResponse {
        let planned = R::Model::from_value(request.planned_state);
        let config = R::Model::from_value(request.config);
        let doctype = self.resource.doctype(&planned);
        let document = match self.resource.document_for_create(site, &planned, &config).await {
            Ok(document) => document,
            Err(diagnostics) => return respond(Value::Null, None, diagnostics),
        };
        let expected = self.resource.expected_name(&planned);
        let outcome = if self.resource.exists_before_create(&planned) {
            // The one document of a Single exists already: write into it.
            let name = expected.clone().unwrap_or_else(|| doctype.clone());
            match client.update_document(&doctype, &name, &document).await {
                Ok(stored) => Ok((stored, Diagnostics::new())),
                Err(error) => {
                    let action = format!("writing {} {name:?}", self.resource.noun());
                    Err(self.errors().diagnostic(&action, &error).into())
                }
            }
        } else {
            create::create_once(
                client,
                &create::NewDocument {
                    doctype: &doctype,
                    fields: &document,
                    expected_name: expected.as_deref(),
                    noun: self.resource.noun(),
                },
                |sent, existing| self.resource.matches_sent(sent, existing),
                |action, error| self.errors().diagnostic(action, error),
            )
            .await
        };
        let (stored, mut diagnostics) = match outcome {
            Ok(created) => created,
            Err(diagnostics) => return respond(Value::Null, None, diagnostics),
        };
        let name = stored
            .get("name")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .or(expected)
            .unwrap_or_default();
        if name.is_empty() {
            diagnostics.error(
                format!("Frappe did not say what it named the new {}", self.resource.noun()),
                "The create succeeded but its answer had no document name; import the document to manage it.",
            );
        }
        let (state, differences) = self.settle(&planned, &stored, &doctype, &name);
        diagnostics.extend(differences);
        let identity = self.identity_of(&state);
        let private = self.secrets_written(&document, &stored, &state);
        respond_with(state.to_value(), private, identity, diagnostics)
    }

    /// The private state after a write that answered with `stored`: the
    /// secrets count as checked when every one of them was sent and the
    /// resource's DocType stores them as sent; otherwise the next read
    /// checks them.
    fn secrets_written(&self, sent: &Document, stored: &Document, state: &R::Model) -> Vec<u8> {
        let secrets = self.resource.secret_fields(stored, state);
        let all_sent = secrets.iter().all(|field| sent.contains_key(field));
        if self.resource.stores_secrets_as_sent() && all_sent {
            secret_check::record(stored)
        } else {
            Vec::new()
        }
    }

    /// The state after a write: the plan, with what only the site knew (the
    /// name, server-set values the plan left unknown) filled in from the
    /// stored document — and a warning for every planned value Frappe stored
    /// differently, which the next plan will show as a change.
    fn settle(
        &self,
        planned: &R::Model,
        stored: &frappe_client::Document,
        doctype: &str,
        name: &str,
    ) -> (R::Model, Diagnostics) {
        let mut from_site = self.resource.state_from_document(stored, planned);
        self.resource.set_document_name(&mut from_site, doctype, name);
        let site_value = from_site.to_value();
        let mut state = planned.to_value();
        let mut diagnostics = Diagnostics::new();
        if let Value::Object(attributes) = &mut state {
            for (attribute, value) in attributes.iter_mut() {
                let on_site = site_value.get(attribute);
                if value.is_unknown() {
                    *value = on_site.clone();
                } else if value.is_wholly_known() && !on_site.is_null() && on_site != value {
                    diagnostics.push(
                        Diagnostic::warning(
                            format!("Frappe stored {attribute} differently"),
                            format!(
                                "Frappe accepted the {} but changed {attribute} on its own (its code or the \
                                 site's rules did). The next plan shows the difference; the messages Frappe sent \
                                 with its answer may say why.",
                                self.resource.noun()
                            ),
                        )
                        .at(terraform_plugin::protocol::AttributePath::attribute(attribute.clone())),
                    );
                }
            }
        }
        let mut state = R::Model::from_value(&state);
        self.resource.set_document_name(&mut state, doctype, name);
        (state, diagnostics)
    }

    async fn update(&self, site: &FrappeSession, client: &FrappeClient, request: &ApplyRequest<'_>) -> ApplyResponse {
        let prior = R::Model::from_value(request.prior_state);
        let planned = R::Model::from_value(request.planned_state);
        let config = R::Model::from_value(request.config);
        let Some((doctype, name)) = self.place(&prior) else {
            let d = Diagnostic::error("State has no document name", "Import the document again.");
            return respond(request.prior_state.clone(), None, d.into());
        };
        let document = match self.resource.document_for_update(site, &prior, &planned, &config).await {
            Ok(document) => document,
            Err(diagnostics) => return respond(request.prior_state.clone(), None, diagnostics),
        };
        let mut state = planned.clone();
        self.resource.set_document_name(&mut state, &doctype, &name);
        let mut said = Diagnostics::new();
        // Nothing sent leaves the document, and so the last check of its
        // secrets, as it was.
        let mut private = request.planned_private.to_vec();
        if !document.is_empty() {
            let written = client.update_document(&doctype, &name, &document).await;
            if let Ok(stored) = &written {
                let (settled, differences) = self.settle(&planned, stored, &doctype, &name);
                private = self.secrets_written(&document, stored, &settled);
                state = settled;
                said.extend(differences);
            }
            if let Err(error) = written {
                let action = format!("updating {} {name:?}", self.resource.noun());
                let mut diagnostics: Diagnostics = self.errors().diagnostic(&action, &error).into();
                // Record what the site really holds, not what was hoped for.
                let actual = match client.get_document(&doctype, &name).await {
                    Ok(Some(doc)) => {
                        let mut actual = self.resource.state_from_document(&doc, &prior);
                        self.resource.set_document_name(&mut actual, &doctype, &name);
                        actual.to_value()
                    }
                    Ok(None) => {
                        diagnostics.push(Diagnostic::warning(
                            format!("The {} no longer exists", self.resource.noun()),
                            format!(
                                "{} {name:?} was deleted on the site during the update.",
                                self.resource.noun()
                            ),
                        ));
                        Value::Null
                    }
                    Err(_) => request.prior_state.clone(),
                };
                return respond(actual, None, diagnostics);
            }
        }
        if state.to_value().is_wholly_known() {
            let identity = self.identity_of(&state);
            return respond_with(state.to_value(), private, identity, said);
        }
        // Nothing was sent, yet the plan left a value to learn (a derived
        // one): read the document to learn it.
        match client.get_document(&doctype, &name).await {
            Ok(Some(stored)) => {
                let (settled, differences) = self.settle(&planned, &stored, &doctype, &name);
                said.extend(differences);
                let identity = self.identity_of(&settled);
                respond(settled.to_value(), identity, said)
            }
            Ok(None) | Err(_) => {
                let d = Diagnostic::error(
                    format!("Could not read the {} back", self.resource.noun()),
                    "The plan left a value to be learned from the site, and the site could not be read; the next \
                     plan reads it again.",
                );
                respond(request.prior_state.clone(), None, d.into())
            }
        }
    }

    async fn delete(&self, client: &FrappeClient, prior: &Value) -> ApplyResponse {
        let prior_model = R::Model::from_value(prior);
        let Some((doctype, name)) = self.place(&prior_model) else {
            return respond(Value::Null, None, Diagnostics::new());
        };
        if let Some(warning) = self.resource.forget_instead_of_delete(&prior_model) {
            let d = Diagnostic::warning(format!("{} {name:?} is only forgotten", self.resource.noun()), warning);
            return respond(Value::Null, None, d.into());
        }
        match client.delete_document(&doctype, &name).await {
            // Already gone is as good as deleted.
            Ok(_) => respond(Value::Null, None, Diagnostics::new()),
            Err(error) => {
                let action = format!("deleting {} {name:?}", self.resource.noun());
                let mut diagnostic = self.errors().diagnostic(&action, &error);
                if let Some(advice) = self.resource.delete_advice(&error) {
                    diagnostic.detail = format!("{advice}\n\n{}", diagnostic.detail);
                }
                respond(prior.clone(), None, diagnostic.into())
            }
        }
    }
}

fn respond(state: Value, identity: Option<Value>, diagnostics: Diagnostics) -> ApplyResponse {
    respond_with(state, Vec::new(), identity, diagnostics)
}

fn respond_with(state: Value, private: Vec<u8>, identity: Option<Value>, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        state,
        private,
        identity,
        diagnostics,
    }
}

fn import_failed(diagnostics: Diagnostics) -> ImportResponse {
    ImportResponse {
        imported: Vec::new(),
        diagnostics,
    }
}

#[async_trait]
impl<R: DocumentResource> Resource<FrappeSession> for DocumentResourceAdapter<R> {
    fn type_name(&self) -> &'static str {
        R::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        Schema::new(0, Block::new(self.resource.description(), R::Model::attributes()))
    }

    fn identity_schema(&self) -> Option<Schema> {
        Some(self.resource.identity_schema())
    }

    fn import_notes(&self) -> Option<&'static str> {
        self.resource.import_notes()
    }

    fn validate(&self, request: ValidateRequest<'_>) -> Diagnostics {
        self.resource
            .validate(&R::Model::from_value(request.config), request.write_only_allowed)
    }

    async fn read(&self, session: &FrappeSession, request: ReadRequest<'_>) -> ReadResponse {
        let prior = R::Model::from_value(request.state);
        let respond_with = |state: Value, private: Vec<u8>, diagnostics: Diagnostics| ReadResponse {
            identity: self.identity_of(&R::Model::from_value(&state)),
            state,
            private,
            diagnostics,
        };
        let respond =
            |state: Value, diagnostics: Diagnostics| respond_with(state, request.private.to_vec(), diagnostics);
        let Some((doctype, name)) = self.place(&prior) else {
            return respond(Value::Null, Diagnostics::new());
        };
        let client = match session.client() {
            Ok(c) => c,
            // The provider settings are not known yet (they depend on other
            // resources): keep what state says rather than failing the plan.
            Err(reason) => {
                let note = Diagnostic::warning(
                    format!("{} not refreshed", self.resource.noun()),
                    format!(
                        "{} The {} is planned from the state Terraform already has.",
                        reason.detail,
                        self.resource.noun()
                    ),
                );
                return respond(request.state.clone(), note.into());
            }
        };
        let mut diagnostics = Diagnostics::new();
        // Reads Terraform sends together share one list request.
        match client.read_document(&doctype, &name).await {
            Ok(Some(doc)) => {
                let mut state = self.resource.state_from_document(&doc, &prior);
                self.resource.set_document_name(&mut state, &doctype, &name);
                let secrets = self.resource.secret_fields(&doc, &state);
                let private = if secret_check::still_checked(request.private, &doc, &secrets) {
                    request.private.to_vec()
                } else if self
                    .resource
                    .after_read(client, &name, &doc, &mut state, &mut diagnostics)
                    .await
                {
                    secret_check::record(&doc)
                } else {
                    Vec::new()
                };
                respond_with(state.to_value(), private, diagnostics)
            }
            Ok(None) => {
                diagnostics.push(Diagnostic::warning(
                    format!("{} deleted outside Terraform", self.resource.noun()),
                    format!(
                        "{} {name:?} no longer exists on the site; the plan creates it again.",
                        self.resource.noun()
                    ),
                ));
                respond(Value::Null, diagnostics)
            }
            Err(error) => {
                let action = format!("reading {} {name:?}", self.resource.noun());
                diagnostics.push(self.errors().diagnostic(&action, &error));
                respond(request.state.clone(), diagnostics)
            }
        }
    }

    async fn plan(&self, session: &FrappeSession, request: PlanRequest<'_>) -> PlanResponse {
        let creating = request.prior_state.is_null();
        let prior = R::Model::from_value(request.prior_state);
        let config = R::Model::from_value(request.config);
        let planned = self
            .resource
            .plan(PlanInput {
                prior: (!creating).then_some(&prior),
                proposed: R::Model::from_value(request.proposed_state),
                config: &config,
                site: session,
            })
            .await;
        // A document being created has no identity yet. (An unknown identity
        // would pass Terraform's checks, but its plan renderer cannot show one.)
        let planned_identity = if creating { None } else { self.identity_of(&prior) };
        PlanResponse {
            planned_state: planned.planned.to_value(),
            requires_replace: if creating { Vec::new() } else { planned.requires_replace },
            planned_private: request.prior_private.to_vec(),
            planned_identity,
            diagnostics: planned.diagnostics,
        }
    }

    async fn apply(&self, session: &FrappeSession, request: ApplyRequest<'_>) -> ApplyResponse {
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return respond(request.prior_state.clone(), None, d.into()),
        };
        if request.planned_state.is_null() {
            self.delete(client, request.prior_state).await
        } else if request.prior_state.is_null() {
            self.create(session, client, &request).await
        } else {
            self.update(session, client, &request).await
        }
    }

    async fn import(&self, session: &FrappeSession, request: ImportRequest<'_>) -> ImportResponse {
        let place = match request.identity {
            Some(identity) => self.resource.place_of_identity(identity).ok_or_else(|| {
                format!(
                    "The import identity does not name a {}: {identity:?}.",
                    self.resource.noun()
                )
            }),
            None => self.resource.parse_import_id(request.id.trim()),
        };
        let (doctype, name) = match place {
            Ok(place) => place,
            Err(reason) => {
                let d = Diagnostic::error(format!("Cannot import this {}", self.resource.noun()), reason);
                return import_failed(d.into());
            }
        };
        match self.adopt(session, &doctype, &name).await {
            Ok(imported) => ImportResponse {
                imported: vec![imported],
                diagnostics: Diagnostics::new(),
            },
            Err(d) => import_failed(d),
        }
    }

    async fn generate_config(&self, session: &FrappeSession, state: &Value) -> Result<Value, Diagnostics> {
        Ok(super::generate::generate(&self.resource, session, state)
            .await
            .to_value())
    }
}

impl<R: DocumentResource> DocumentResourceAdapter<R> {
    /// The state of an existing document as an import records it (and a
    /// list result carries it): read from the site, nothing written.
    pub async fn adopt(
        &self,
        session: &FrappeSession,
        doctype: &str,
        name: &str,
    ) -> Result<ImportedResource, Diagnostics> {
        let client = session.client()?;
        let doc = match client.get_document(doctype, name).await {
            Ok(Some(doc)) => doc,
            Ok(None) => {
                let hint = self
                    .resource
                    .import_hint(name)
                    .map(|h| format!(" {h}"))
                    .unwrap_or_default();
                return Err(Diagnostic::error(
                    format!("Cannot import a {} that does not exist", self.resource.noun()),
                    format!("The site has no {} named {name:?}.{hint}", self.resource.noun()),
                )
                .into());
            }
            Err(error) => {
                let action = format!("importing {} {name:?}", self.resource.noun());
                return Err(self.errors().diagnostic(&action, &error).into());
            }
        };
        Ok(self.adopt_document(session, doctype, name, &doc).await)
    }

    /// The imported state of a document already read.
    pub async fn adopt_document(
        &self,
        session: &FrappeSession,
        doctype: &str,
        name: &str,
        doc: &Document,
    ) -> ImportedResource {
        // Frappe answers with the canonical spelling of the name (look-ups
        // are case-insensitive on MariaDB): record that one.
        let canonical = doc
            .get("name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(name)
            .to_string();
        let mut state = self.resource.state_from_document(doc, &R::Model::default());
        self.resource.set_document_name(&mut state, doctype, &canonical);
        self.resource.after_import(session, doc, &mut state).await;
        ImportedResource {
            state: state.to_value(),
            private: Vec::new(),
            identity: Some(self.resource.identity(doctype, &canonical)),
        }
    }

    /// The resource behind the adapter.
    pub fn resource(&self) -> &R {
        &self.resource
    }
}

/// Whether a failed request may nevertheless have been carried out: it may
/// have reached Frappe and only the answer was lost.
pub(super) fn outcome_unknown(error: &FrappeError) -> bool {
    match error {
        FrappeError::Timeout(_) | FrappeError::Unreachable { .. } | FrappeError::UnexpectedBody { .. } => true,
        FrappeError::Api(api) => matches!(api.status, 502 | 504),
        FrappeError::Cancelled => false,
    }
}
