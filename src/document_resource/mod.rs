//! The DocType-resource kit: everything a Terraform resource for a Frappe
//! document shares, written once.
//!
//! A resource implements [`DocumentResource`] — its typed model, schema,
//! plan, and its DocType's quirks (how fields map to the model, what Frappe
//! rewrites) — and registers `DocumentResourceAdapter::new(MyResource)` in
//! `provider/mod.rs`. The adapter supplies the Terraform life cycle:
//! - read: the site is the source of truth; a document gone from the site
//!   (404) is removed from state with a warning, so the plan creates it
//!   again; the site being unreachable during plan keeps state with a warning
//!   when the provider settings are not known yet;
//! - create without duplicates: a create whose answer was lost is settled by
//!   looking the document up by the name Frappe will give it
//!   ([`create`](self::create));
//! - partial updates that send only what changed, and a failed update that
//!   records what the site really holds;
//! - delete, where "already gone" counts as done;
//! - import by id or by identity (`{ name = … }`), then the usual read;
//! - Frappe's errors as diagnostics on the attribute they concern.

mod adapter;
mod create;
pub mod errors;
mod generate;
mod secret_check;

use async_trait::async_trait;

use crate::provider::FrappeSession;
use frappe_client::{ApiError, Document, FrappeClient, FrappeError};
use terraform_plugin::framework::Model;
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostics, Schema, Value};

pub use adapter::DocumentResourceAdapter;

/// What a plan is computed from.
pub struct PlanInput<'a, M> {
    /// `None` when the document is being created.
    pub prior: Option<&'a M>,
    /// Terraform's proposal: the configuration, with prior values for
    /// computed attributes the configuration leaves out.
    pub proposed: M,
    pub config: &'a M,
    /// The provider's view of the site (its URL; its client if configured).
    pub site: &'a FrappeSession,
}

/// A plan: the state the apply will produce, and what forces replacement.
pub struct Planned<M> {
    pub planned: M,
    pub requires_replace: Vec<AttributePath>,
    pub diagnostics: Diagnostics,
}

/// A Frappe DocType as a Terraform resource. See the [module docs](self).
#[async_trait]
pub trait DocumentResource: Send + Sync + 'static {
    /// The resource's attributes, declared once with [`terraform_plugin::model!`].
    type Model: Model;

    /// The Terraform type name, e.g. `frappe_social_login_key`.
    const TYPE_NAME: &'static str;

    /// What one document is called in messages, e.g. `Social Login Key`.
    fn noun(&self) -> &'static str;

    /// The resource's description (Markdown) for the schema and the docs.
    fn description(&self) -> &'static str;

    /// Markdown for the docs' import section (what to expect after an import).
    fn import_notes(&self) -> Option<&'static str> {
        None
    }

    /// The DocType of the document a state or plan describes.
    fn doctype(&self, model: &Self::Model) -> String;

    /// The document name recorded in `state`; `None` before it exists.
    fn document_name(&self, state: &Self::Model) -> Option<String>;

    /// Records where a document lives after a create or an import.
    fn set_document_name(&self, state: &mut Self::Model, doctype: &str, name: &str);

    /// Plan-time checks of the configuration alone; unknown values are skipped.
    fn validate(&self, config: &Self::Model, write_only_allowed: bool) -> Diagnostics;

    /// The planned state of a create or an update: defaults and Frappe's
    /// rewrites applied, equivalent prior spellings kept, checks of the
    /// values that will be sent, and what requires replacement.
    async fn plan(&self, input: PlanInput<'_, Self::Model>) -> Planned<Self::Model>;

    /// The name Frappe will give a new document, if it can be known before
    /// the create (used to settle a create whose answer was lost).
    fn expected_name(&self, planned: &Self::Model) -> Option<String>;

    /// Whether the document exists before Terraform "creates" it — the one
    /// document of a Single DocType: creating it then means writing the
    /// configured fields into it, by name.
    fn exists_before_create(&self, _planned: &Self::Model) -> bool {
        false
    }

    /// The fields sent to create the document, or why it cannot be created
    /// on this site (checks the plan could not make because the site was
    /// not known yet).
    async fn document_for_create(
        &self,
        site: &FrappeSession,
        planned: &Self::Model,
        config: &Self::Model,
    ) -> Result<Document, Diagnostics>;

    /// The fields a partial update sends: only those whose meaning changed.
    async fn document_for_update(
        &self,
        site: &FrappeSession,
        prior: &Self::Model,
        planned: &Self::Model,
        config: &Self::Model,
    ) -> Result<Document, Diagnostics>;

    /// The state of a stored document. Where the stored value means the same
    /// as the one in `prior`, `prior`'s spelling is kept.
    fn state_from_document(&self, doc: &Document, prior: &Self::Model) -> Self::Model;

    /// Refines a freshly read state with what needs more requests (a
    /// secret's drift, say); answers whether every secret it was to check
    /// was checked. The default does nothing. The kit calls it only when a
    /// secret could have changed since the last check ([`secret_check`]).
    async fn after_read(
        &self,
        _client: &FrappeClient,
        _name: &str,
        _doc: &Document,
        _state: &mut Self::Model,
        _diagnostics: &mut Diagnostics,
    ) -> bool {
        true
    }

    /// The Password fields of `doc` whose stored secrets
    /// [`DocumentResource::after_read`] asks Frappe for, given `state`.
    fn secret_fields(&self, _doc: &Document, _state: &Self::Model) -> Vec<String> {
        Vec::new()
    }

    /// Whether Frappe stores a secret this resource sends exactly as sent
    /// (no controller rewrites it before `_save_passwords`), so a write that
    /// sent every secret counts as a check of them.
    fn stores_secrets_as_sent(&self) -> bool {
        false
    }

    /// Refines an imported (or listed) state from the stored document, e.g.
    /// records which fields a person set; the default does nothing. It must
    /// not adopt secrets: a state holding one makes the generated
    /// configuration (which never writes secrets) plan a change.
    async fn after_import(&self, _site: &FrappeSession, _doc: &Document, _state: &mut Self::Model) {}

    /// Last touches to a generated configuration, after the kit has left
    /// out secrets, computed values and defaults ([`generate`]). The
    /// default does nothing.
    async fn refine_generated_config(&self, _site: &FrappeSession, _config: &mut Self::Model) {}

    /// The DocType the resource's list finds; `None` for a resource of any
    /// DocType, whose list block names it (`doctype`).
    fn listed_doctype(&self) -> Option<&'static str> {
        None
    }

    /// The fields of a list row [`DocumentResource::display_name`] needs.
    fn display_fields(&self) -> &'static [&'static str] {
        &[]
    }

    /// An example of the list block's `filters`, for its documentation.
    fn filter_example(&self) -> &'static str {
        "enabled = true"
    }

    /// What a person recognises the document by in `terraform query`'s
    /// results, from a stored document (or list row).
    fn display_name(&self, _doctype: &str, name: &str, _doc: &Document) -> String {
        name.to_string()
    }

    /// Whether `existing` is the document a create whose answer was lost
    /// sent as `sent`.
    fn matches_sent(&self, sent: &Document, existing: &Document) -> bool;

    /// The attribute a Frappe validation error is about, when it can be told.
    fn attribute_of(&self, error: &ApiError) -> Option<AttributePath>;

    /// The attribute Frappe derives the document name from, where a
    /// "name taken" error is reported.
    fn name_attribute(&self) -> Option<AttributePath>;

    /// Where an import id points: `(doctype, name)`, or why it cannot be used.
    fn parse_import_id(&self, id: &str) -> Result<(String, String), String>;

    /// A hint for an import of a document that does not exist (e.g. the
    /// spelling Frappe would use).
    fn import_hint(&self, _name: &str) -> Option<String> {
        None
    }

    /// Advice added to a refused delete, e.g. "disable it instead".
    fn delete_advice(&self, _error: &FrappeError) -> Option<String> {
        None
    }

    /// For documents that cannot be deleted (a Single DocType's one
    /// document): destroying forgets them, and this warning says so.
    fn forget_instead_of_delete(&self, _state: &Self::Model) -> Option<String> {
        None
    }

    /// The schema of the identity Terraform ≥ 1.12 records; the default is
    /// `{ name }`, the document name.
    fn identity_schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "",
                vec![Attribute::string("name")
                    .required()
                    .description(format!("The {}'s document name (the resource `id`).", self.noun()))],
            ),
        )
    }

    /// The identity Terraform ≥ 1.12 records, from a document's place.
    fn identity(&self, _doctype: &str, name: &str) -> Value {
        Value::object([("name", Value::from(name))])
    }

    /// The document a `import { identity = … }` block names: `(doctype, name)`.
    fn place_of_identity(&self, identity: &Value) -> Option<(String, String)> {
        let name = identity.get("name").as_str()?;
        self.parse_import_id(name).ok()
    }
}
