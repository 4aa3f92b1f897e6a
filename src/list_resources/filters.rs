//! The `filters` of a `list` block: field → value, each an equality, as the
//! `frappe_documents` data source's object form means them. Every field is
//! checked against the site's DocType first: Frappe answers an unknown
//! column with a database error that names no attribute.

use serde_json::Value as Json;

use crate::resources::document::checks::{closest, STANDARD_FIELDS};
use crate::resources::document::values::{plain_json, typed};
use frappe_client::{DocTypeMeta, Document};
use terraform_plugin::protocol::{AttributePath, Diagnostic, Diagnostics, Type, Value};

/// Checked filters, ready for Frappe's list API.
pub struct Filters {
    json: Option<Json>,
}

fn at_filters() -> AttributePath {
    AttributePath::attribute("filters")
}

impl Filters {
    /// Whether `filters` is written as an object (or left out).
    pub fn shape(value: &Value) -> Result<(), Diagnostic> {
        let (ty, v) = typed(value);
        if v.is_null() || v.is_unknown() || matches!(ty, Type::Object(_) | Type::Map(_)) {
            return Ok(());
        }
        Err(Diagnostic::error(
            "filters must be an object",
            "Write filters as an object of field → value, e.g. { enabled = true }: each field must equal its value.",
        )
        .at(at_filters()))
    }

    /// The filters, every field checked against `meta`.
    pub fn checked(value: &Value, meta: &DocTypeMeta) -> Result<Filters, Diagnostics> {
        Self::shape(value)?;
        let Json::Object(pairs) = plain_json(value) else {
            return Ok(Filters { json: None });
        };
        let mut d = Diagnostics::new();
        for field in pairs.keys() {
            if meta.has_field(field) || STANDARD_FIELDS.contains(&field.as_str()) {
                continue;
            }
            let close = closest(meta, field);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!(" Did you mean {}?", close.join(", "))
            };
            d.push(
                Diagnostic::error(
                    format!("{} has no field {field}", meta.name),
                    format!(
                        "filters names {field:?}, which this site's {} DocType does not have.{hint}",
                        meta.name
                    ),
                )
                .at(at_filters().then_attribute(field.clone())),
            );
        }
        if d.has_errors() {
            return Err(d);
        }
        Ok(Filters {
            json: (!pairs.is_empty()).then_some(Json::Object(pairs)),
        })
    }

    /// As Frappe's list API takes them; `None` when there are none.
    pub fn json(&self) -> Option<&Json> {
        self.json.as_ref()
    }

    /// Whether a document read in full meets the filters (for a Single's
    /// one document, which the list API does not list): values compared as
    /// the text MariaDB compares, booleans as Frappe's 0/1.
    pub fn hold_for(&self, doc: &Document) -> bool {
        let Some(Json::Object(pairs)) = &self.json else {
            return true;
        };
        pairs
            .iter()
            .all(|(field, wanted)| text(wanted) == text(doc.get(field).unwrap_or(&Json::Null)))
    }
}

fn text(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::Bool(b) => i64::from(*b).to_string(),
        Json::String(s) => s.clone(),
        Json::Number(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0)
            .map_or_else(|| n.to_string(), |f| format!("{}", f as i64)),
        other => other.to_string(),
    }
}
