//! `frappe_document`: one document of any DocType, driven by the site's own
//! DocType meta — the long tail no typed resource covers, as
//! `kubernetes_manifest` is for Kubernetes.
//!
//! Only the fields written in `data` / `sensitive_data` are managed; values
//! read back are shaped like the configured ones (see [`values`]); fields
//! are checked against the site's DocType at plan time (see [`checks`]).

mod adopted;
pub mod checks;
mod held;
mod model;
pub mod values;

use async_trait::async_trait;
use serde_json::{Map, Value as Json};

use crate::document_resource::{DocumentResource, PlanInput, Planned};
use crate::provider::{FrappeSession, SiteMeta};
use frappe_client::{ApiError, DocTypeMeta, Document, FrappeClient, PasswordLookup};
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};
use values::{dynamic, object_fields, plain_json, read_as, to_frappe, typed};

pub use model::DocumentModel;

/// The `frappe_document` resource.
pub struct AnyDocumentResource;

type Doc = DocumentModel;

const DESCRIPTION: &str = "One **document of any DocType** — a Role, a ToDo, System Settings, or a site's own \
     custom DocType — as an object of its fields. Next to the typed resources it covers the long tail, as \
     `kubernetes_manifest` does for Kubernetes.\n\nOnly the fields written in `data` (and `sensitive_data`) are \
     managed; everything Frappe fills in is left alone and never shows as a change. Every field is checked \
     against the site's own DocType at plan time: unknown names (with the closest ones), wrong types, Select \
     values the field does not offer, read-only fields, and required fields missing on create; a change of a \
     field Frappe sets only once replaces the document. When the provider cannot reach the site at plan time \
     (its URL comes from another resource), the checks wait for apply.\n\nDestroying the resource deletes the \
     document — except for a **Single** DocType (System Settings, Website Settings, …), whose one document cannot \
     be deleted: destroying only forgets it, with a warning, and the settings stay as they are.";

const IMPORT_NOTES: &str = "Import takes `<doctype>/<name>` (for a Single, `<doctype>/<doctype>`). The imported \
     state manages the fields a person set on the document: every field that is not standard, read-only or a \
     Password and whose value differs from the field's default, with Check fields as `true`/`false` and child \
     tables as lists of rows without Frappe's bookkeeping (`name`, `idx`, `parent…`, `owner`, `creation`, \
     `modified…`, `docstatus`, `doctype`). That is exactly the `data` that `-generate-config-out` writes \
     (`terraform plan` with `import` blocks, or `terraform query`), so the generated configuration plans a pure \
     import. A hand-written `data` with fewer fields whose values already hold on the site plans a pure import \
     too: the state keeps the imported fields (which never show as a change while the configured ones hold) \
     until the first real change of a configured field, whose plan then drops the fields left out of `data` \
     from the state — without changing them on the site. \
     `name` is generated only for DocTypes whose names a person chooses (not for `field:`, `hash` or naming \
     series).";

fn path(name: &'static str) -> AttributePath {
    AttributePath::attribute(name)
}

fn text(value: &Value) -> Option<&str> {
    value.as_str().filter(|s| !s.is_empty())
}

/// What the site says about a DocType, for checks; `None` when it cannot
/// be known now (checks then wait for apply).
async fn meta_for(site: &FrappeSession, doctype: &str, d: &mut Diagnostics) -> Option<std::sync::Arc<DocTypeMeta>> {
    match site.doctype_meta(doctype).await {
        SiteMeta::Known(meta) => Some(meta),
        SiteMeta::NotYet => None,
        SiteMeta::Missing => {
            d.error_at(
                path(Doc::doctype),
                format!("This site has no DocType {doctype:?}"),
                "Check the spelling (DocType names are case-sensitive and may contain spaces, e.g. \"System \
                 Settings\"), and that the app defining it is installed on this site.",
            );
            None
        }
        SiteMeta::Unreadable(reason) => {
            d.warning_at(
                path(Doc::doctype),
                format!("Could not read the {doctype} DocType"),
                format!(
                    "The provider checks data against the site's own DocType, but reading it failed: {reason}. The \
                     fields are sent unchecked; Frappe's own answer will tell."
                ),
            );
            None
        }
    }
}

impl AnyDocumentResource {
    /// The name Frappe's naming rule will give the document, when it can be
    /// told before it is created.
    fn planned_name(meta: Option<&DocTypeMeta>, doctype: &str, config: &Doc) -> Value {
        if let Some(name) = text(&config.name) {
            return Value::from(name);
        }
        let Some(meta) = meta else {
            return Value::unknown();
        };
        Self::derived_name(meta, doctype, config).map_or_else(Value::unknown, Value::from)
    }

    /// The name Frappe gives the document by itself, when the configuration
    /// tells it: a Single's, or the field of `field:role_name` (trimmed, as
    /// `frappe/model/naming.py` `_field_autoname` does).
    fn derived_name(meta: &DocTypeMeta, doctype: &str, config: &Doc) -> Option<String> {
        if meta.is_single {
            return Some(doctype.to_string());
        }
        let fieldname = meta.autoname.as_deref()?.strip_prefix("field:")?.trim();
        let data = typed(&config.data);
        let (_, _, value) = object_fields(&data).into_iter().find(|(n, _, _)| n == fieldname)?;
        value.as_str().map(|name| name.trim().to_string())
    }

    /// Whether Frappe takes a name given by the configuration: a name equal
    /// to the one Frappe derives is taken; any other is not where the
    /// DocType names its documents itself.
    fn name_problem(meta: &DocTypeMeta, doctype: &str, name: &str, config: &Doc) -> Option<String> {
        if Self::derived_name(meta, doctype, config).as_deref() == Some(name) {
            return None;
        }
        if meta.is_single {
            return Some(format!(
                "{doctype} is a Single DocType: its one document is named {doctype:?}. Remove name."
            ));
        }
        if Self::takes_name_from_user(meta) {
            return None;
        }
        meta.autoname.as_deref().map(str::trim).map(|rule| {
            format!(
                "{doctype} names its documents itself ({rule}); Frappe would ignore this name and the document \
                 would not be where the state says. Remove name{}.",
                rule.strip_prefix("field:")
                    .map(|f| format!(" and set data.{f}"))
                    .unwrap_or_default()
            )
        })
    }

    /// Whether the DocType takes its documents' names from whoever creates
    /// them (no `autoname`, or `prompt`), rather than naming them itself.
    fn takes_name_from_user(meta: &DocTypeMeta) -> bool {
        !meta.is_single
            && matches!(
                meta.autoname.as_deref().map(str::trim),
                None | Some("" | "prompt" | "Prompt")
            )
    }

    /// The fields to send: everything written in `data` and
    /// `sensitive_data` (on create), or what changed (on update).
    fn fields(meta: Option<&DocTypeMeta>, prior: Option<&Doc>, planned: &Doc) -> Document {
        let mut doc = Map::new();
        for (attribute, before) in [
            (&planned.data, prior.map(|p| &p.data)),
            (&planned.sensitive_data, prior.map(|p| &p.sensitive_data)),
        ] {
            let before_fields = before.map(|b| object_fields(&typed(b))).unwrap_or_default();
            for (name, _, value) in object_fields(&typed(attribute)) {
                if value.is_unknown() {
                    continue;
                }
                let unchanged = before_fields
                    .iter()
                    .any(|(n, _, v)| n == &name && plain_json(v) == plain_json(&value));
                if unchanged {
                    continue;
                }
                let field = meta.and_then(|m| m.field(&name));
                let child = meta.and_then(|m| m.child_table(&name));
                doc.insert(name, to_frappe(&value, field, child));
            }
        }
        doc
    }

    /// A field `data` starts to manage (after an import, say) is not sent
    /// when the site already holds that value: adopting a document that is
    /// already as configured writes nothing.
    async fn drop_already_holding(
        site: &FrappeSession,
        meta: Option<&DocTypeMeta>,
        prior: &Doc,
        planned: &Doc,
        doc: &mut Document,
    ) {
        let managed: Vec<String> = object_fields(&typed(&prior.data)).into_iter().map(|f| f.0).collect();
        let fresh: Vec<(String, Type, Value)> = object_fields(&typed(&planned.data))
            .into_iter()
            .filter(|(name, _, _)| doc.contains_key(name) && !managed.contains(name))
            .collect();
        let (Ok(client), Some(name)) = (site.client(), text(&prior.name)) else {
            return;
        };
        if fresh.is_empty() {
            return;
        }
        let Ok(Some(stored)) = client
            .get_document(text(&prior.doctype).unwrap_or_default(), name)
            .await
        else {
            return;
        };
        for (field, ty, value) in fresh {
            let meta_field = meta.and_then(|m| m.field(&field));
            let child = meta.and_then(|m| m.child_table(&field));
            let read = read_as(stored.get(&field), &(ty, value.clone()), meta_field, child);
            if read.1 == value {
                doc.remove(&field);
            }
        }
    }

    /// At apply the site is known: refuse what the plan could not check.
    async fn meta_for_apply(
        site: &FrappeSession,
        planned: &Doc,
        creating: bool,
    ) -> Result<Option<std::sync::Arc<DocTypeMeta>>, Diagnostics> {
        let doctype = planned.doctype.as_str().unwrap_or_default();
        let mut d = Diagnostics::new();
        let meta = meta_for(site, doctype, &mut d).await;
        if let Some(meta) = &meta {
            let findings = checks::check(
                meta,
                &typed(&planned.data),
                &typed(&planned.sensitive_data),
                creating,
                None,
            );
            d.extend(findings.diagnostics);
        }
        if d.has_errors() {
            return Err(d);
        }
        Ok(meta)
    }
}

fn is_masked(json: Option<&Json>) -> bool {
    matches!(json, Some(Json::String(s)) if !s.is_empty() && s.chars().all(|c| c == '*'))
}

/// `data` or `sensitive_data` read from a document in the shape of `prior`.
fn read_fields(doc: &Document, prior: &Value, keep_masked: bool) -> Value {
    let prior = typed(prior);
    if !matches!(prior.1, Value::Object(_) | Value::Map(_)) {
        return dynamic(prior);
    }
    let mut types = std::collections::BTreeMap::new();
    let mut values = std::collections::BTreeMap::new();
    for (name, ty, before) in object_fields(&prior) {
        let stored = doc.get(&name);
        let (t, v) = if keep_masked && is_masked(stored) {
            // A Password field: checked against the stored secret later.
            (ty, before)
        } else {
            read_as(stored, &(ty, before), None, None)
        };
        types.insert(name.clone(), t);
        values.insert(name, v);
    }
    dynamic((Type::Object(types), Value::Object(values)))
}

#[async_trait]
impl DocumentResource for AnyDocumentResource {
    type Model = Doc;

    const TYPE_NAME: &'static str = "frappe_document";

    fn noun(&self) -> &'static str {
        "document"
    }

    fn description(&self) -> &'static str {
        DESCRIPTION
    }

    fn import_notes(&self) -> Option<&'static str> {
        Some(IMPORT_NOTES)
    }

    fn doctype(&self, model: &Doc) -> String {
        model.doctype.as_str().unwrap_or_default().to_string()
    }

    fn document_name(&self, state: &Doc) -> Option<String> {
        text(&state.name).map(str::to_owned)
    }

    fn set_document_name(&self, state: &mut Doc, doctype: &str, name: &str) {
        state.doctype = Value::from(doctype);
        state.name = Value::from(name);
        state.id = Value::from(format!("{doctype}/{name}"));
    }

    fn validate(&self, config: &Doc, _write_only_allowed: bool) -> Diagnostics {
        let mut d = Diagnostics::new();
        if config.doctype.as_str().is_some_and(|t| t.trim().is_empty()) {
            d.error_at(
                path(Doc::doctype),
                "doctype is empty",
                "Name the DocType, e.g. \"Role\".",
            );
        }
        for (attribute, value) in [(Doc::data, &config.data), (Doc::sensitive_data, &config.sensitive_data)] {
            let (ty, v) = typed(value);
            if !v.is_null() && !v.is_unknown() && !matches!(ty, Type::Object(_) | Type::Map(_)) {
                d.error_at(
                    path(attribute),
                    format!("{attribute} must be an object"),
                    format!(
                        "Write {attribute} as an object of field name → value, e.g. {{ role_name = \"Auditor\" }}."
                    ),
                );
            }
        }
        d
    }

    async fn plan(&self, input: PlanInput<'_, Doc>) -> Planned<Doc> {
        let (config, prior) = (input.config, input.prior);
        let mut planned = input.proposed;
        let mut diagnostics = Diagnostics::new();
        planned.data = config.data.clone();
        planned.sensitive_data = config.sensitive_data.clone();
        let doctype = config.doctype.as_str().map(str::to_owned);
        let meta = match &doctype {
            Some(doctype) => meta_for(input.site, doctype, &mut diagnostics).await,
            None => None,
        };
        if let (Some(meta), Some(doctype)) = (&meta, &doctype) {
            let before = prior.map(|p| (typed(&p.data), typed(&p.sensitive_data)));
            let findings = checks::check(
                meta,
                &typed(&config.data),
                &typed(&config.sensitive_data),
                prior.is_none(),
                before.as_ref().map(|(data, sensitive)| [data, sensitive]),
            );
            diagnostics.extend(findings.diagnostics);
            if let Some(name) = text(&config.name) {
                if let Some(problem) = Self::name_problem(meta, doctype, name, config) {
                    diagnostics.error_at(path(Doc::name), "Frappe will not use this name", problem);
                }
            }
        }
        // Fields written that the state already holds (say, a hand-written
        // subset of an imported document's) are no change.
        if let Some(prior) = prior {
            if held::configured_fields_hold(&config.data, &prior.data, meta.as_deref()) {
                planned.data = prior.data.clone();
            }
        }
        planned.name = match prior {
            Some(prior) if config.name.is_null() => prior.name.clone(),
            _ => Self::planned_name(meta.as_deref(), doctype.as_deref().unwrap_or_default(), config),
        };
        planned.id = match (&doctype, planned.name.as_str()) {
            (Some(doctype), Some(name)) => Value::from(format!("{doctype}/{name}")),
            _ => Value::unknown(),
        };
        let mut requires_replace = Vec::new();
        if let Some(prior) = prior {
            if prior.doctype != planned.doctype {
                requires_replace.push(path(Doc::doctype));
            }
            if prior.name != planned.name {
                requires_replace.push(path(Doc::name));
            }
            // A field Frappe sets only once can only change by a new document.
            if let Some(meta) = &meta {
                let before = object_fields(&typed(&prior.data));
                for (name, _, value) in object_fields(&typed(&planned.data)) {
                    let changed = before
                        .iter()
                        .find(|(n, _, _)| n == &name)
                        .is_some_and(|(_, _, v)| plain_json(v) != plain_json(&value));
                    if changed && meta.field(&name).is_some_and(|f| f.set_only_once) {
                        requires_replace.push(path(Doc::data).then_attribute(name));
                    }
                }
            }
        }
        Planned {
            planned,
            requires_replace,
            diagnostics,
        }
    }

    fn expected_name(&self, planned: &Doc) -> Option<String> {
        text(&planned.name).map(str::to_owned)
    }

    fn exists_before_create(&self, planned: &Doc) -> bool {
        // Only a Single is named after its DocType by the plan.
        planned.name.as_str().is_some() && planned.name == planned.doctype
    }

    async fn document_for_create(&self, site: &FrappeSession, planned: &Doc, _: &Doc) -> Result<Document, Diagnostics> {
        let meta = Self::meta_for_apply(site, planned, !self.exists_before_create(planned)).await?;
        let mut doc = Self::fields(meta.as_deref(), None, planned);
        if let Some(name) = text(&planned.name).filter(|_| !self.exists_before_create(planned)) {
            doc.insert("name".into(), Json::from(name));
        }
        Ok(doc)
    }

    async fn document_for_update(
        &self,
        site: &FrappeSession,
        prior: &Doc,
        planned: &Doc,
        _: &Doc,
    ) -> Result<Document, Diagnostics> {
        let meta = Self::meta_for_apply(site, planned, false).await?;
        let mut doc = Self::fields(meta.as_deref(), Some(prior), planned);
        Self::drop_already_holding(site, meta.as_deref(), prior, planned, &mut doc).await;
        Ok(doc)
    }

    fn state_from_document(&self, doc: &Document, prior: &Doc) -> Doc {
        let mut state = prior.clone();
        state.data = read_fields(doc, &prior.data, false);
        state.sensitive_data = read_fields(doc, &prior.sensitive_data, true);
        if let Some(name) = doc.get("name").and_then(Json::as_str) {
            state.name = Value::from(name);
        }
        state
    }

    /// Checks Password fields in `sensitive_data` against the stored secret.
    async fn after_read(
        &self,
        client: &FrappeClient,
        name: &str,
        doc: &Document,
        state: &mut Doc,
        d: &mut Diagnostics,
    ) -> bool {
        let doctype = self.doctype(state);
        let (ty, value) = typed(&state.sensitive_data);
        let Value::Object(mut fields) = value else { return true };
        let mut checked = true;
        for (field, before) in fields.iter_mut() {
            if !is_masked(doc.get(field)) {
                continue;
            }
            match client.get_password(&doctype, name, field).await {
                Ok(PasswordLookup::Found(actual)) => {
                    if before.as_str() != Some(actual.as_str()) {
                        *before = Value::from(actual);
                    }
                }
                Ok(PasswordLookup::NotSet) => *before = Value::Null,
                Ok(PasswordLookup::NotPermitted) => {
                    let stored_length = doc.get(field).and_then(Json::as_str).map(|s| s.chars().count());
                    if before.as_str().map(|s| s.chars().count()) != stored_length {
                        *before = Value::from("(changed outside Terraform)");
                    }
                }
                Err(e) => {
                    checked = false;
                    d.push(Diagnostic::warning(
                        format!("Could not check {field} for changes"),
                        format!(
                            "Reading the stored {field} of {doctype} {name:?} failed: {e}. It is assumed unchanged."
                        ),
                    ));
                }
            }
        }
        state.sensitive_data = dynamic((ty, Value::Object(fields)));
        checked
    }

    /// The `sensitive_data` fields Frappe masks: its Password fields.
    fn secret_fields(&self, doc: &Document, state: &Doc) -> Vec<String> {
        let Value::Object(fields) = typed(&state.sensitive_data).1 else {
            return Vec::new();
        };
        fields
            .keys()
            .filter(|field| is_masked(doc.get(field.as_str())))
            .cloned()
            .collect()
    }

    fn matches_sent(&self, sent: &Document, existing: &Document) -> bool {
        sent.iter().filter(|(k, _)| k.as_str() != "name").all(|(name, value)| {
            let stored = existing.get(name);
            is_masked(stored) || {
                let prior = values::from_json(value);
                read_as(stored, &prior, None, None) == prior
            }
        })
    }

    fn attribute_of(&self, error: &ApiError) -> Option<AttributePath> {
        // Frappe quotes a field by its label or (in the exception text) by
        // its fieldname; either way the error is about data.
        let text = format!(
            "{} {}",
            error.messages.join(" "),
            error.exception.clone().unwrap_or_default()
        );
        (!text.trim().is_empty()).then(|| path(Doc::data))
    }

    fn name_attribute(&self) -> Option<AttributePath> {
        Some(path(Doc::name))
    }

    fn parse_import_id(&self, id: &str) -> Result<(String, String), String> {
        match id.split_once('/') {
            Some((doctype, name)) if !doctype.trim().is_empty() && !name.is_empty() => {
                Ok((doctype.trim().to_string(), name.to_string()))
            }
            _ => Err(format!(
                "Import a document as <doctype>/<name>, e.g. `Role/Auditor` or `System Settings/System Settings`; \
                 got {id:?}."
            )),
        }
    }

    fn forget_instead_of_delete(&self, state: &Doc) -> Option<String> {
        (state.name == state.doctype && state.name.as_str().is_some()).then(|| {
            format!(
                "{} is a Single DocType: its one document cannot be deleted. Terraform forgets it; the settings \
                 on the site stay as they are.",
                self.doctype(state)
            )
        })
    }

    /// Records the fields a person set on the document, so the generated
    /// configuration manages them and plans no change.
    async fn after_import(&self, site: &FrappeSession, doc: &Document, state: &mut Doc) {
        let doctype = self.doctype(state);
        if let SiteMeta::Known(meta) = site.doctype_meta(&doctype).await {
            let fields = adopted::set_fields(&meta, doc);
            if !fields.is_empty() {
                state.data = dynamic(values::from_json(&Json::Object(fields)));
            }
        }
    }

    /// `name` stays only where the DocType takes it from the user.
    async fn refine_generated_config(&self, site: &FrappeSession, config: &mut Doc) {
        let doctype = self.doctype(config);
        if text(&config.name).is_none() {
            return;
        }
        let from_user = match site.doctype_meta(&doctype).await {
            SiteMeta::Known(meta) => Self::takes_name_from_user(&meta),
            _ => true,
        };
        if !from_user {
            config.name = Value::Null;
        }
    }

    fn display_name(&self, doctype: &str, name: &str, _doc: &Document) -> String {
        format!("{doctype}/{name}")
    }

    fn filter_example(&self) -> &'static str {
        "desk_access = true"
    }

    fn identity_schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "",
                vec![
                    Attribute::string("doctype")
                        .required()
                        .description("The document's DocType."),
                    Attribute::string("name").required().description("The document's name."),
                ],
            ),
        )
    }

    fn identity(&self, doctype: &str, name: &str) -> Value {
        Value::object([("doctype", Value::from(doctype)), ("name", Value::from(name))])
    }

    fn place_of_identity(&self, identity: &Value) -> Option<(String, String)> {
        let doctype = identity.get("doctype").as_str()?;
        let name = identity.get("name").as_str()?;
        Some((doctype.to_string(), name.to_string()))
    }
}
