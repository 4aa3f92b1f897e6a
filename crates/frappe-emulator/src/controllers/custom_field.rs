//! The `CustomField` controller (`frappe/custom/doctype/custom_field/custom_field.py`):
//! a Custom Field adds a field to a DocType's meta (and a column to its table); it is named
//! `<dt>-<fieldname>`.
//!
//! Emulated for the value field types the rest of the emulator models, on modelled DocTypes.
//! Not emulated (501): other field types (layout breaks, tables, attachments, times, dynamic
//! links), unusual fieldnames, and changing anything of a custom field but its `insert_after`
//! (Frappe alters the table).

use serde_json::Value;

use super::Controller;
use crate::context::{Context, Effect};
use crate::document::Document;
use crate::errors::{not_emulated, Failure, FrappeError, TYPE_ERROR, VALIDATION_ERROR};
use crate::meta::registry::LinkTarget;
use crate::meta::{DocType, FieldType};
use crate::permissions::ADMINISTRATOR;
use crate::python::{cstr, truthy, type_name};

pub(crate) use crate::meta::doctypes::custom_field::NAME;

pub(crate) struct CustomField;

/// Fieldnames `set_fieldname()` renames by appending "1".
const RESTRICTED: [&str; 10] = [
    "name",
    "parent",
    "creation",
    "modified",
    "modified_by",
    "parentfield",
    "parenttype",
    "file_list",
    "flags",
    "docstatus",
];

/// Field types a custom field may have here.
const SUPPORTED: [FieldType; 17] = [
    FieldType::Autocomplete,
    FieldType::Check,
    FieldType::Code,
    FieldType::Color,
    FieldType::Currency,
    FieldType::Data,
    FieldType::Date,
    FieldType::Datetime,
    FieldType::Float,
    FieldType::Int,
    FieldType::Json,
    FieldType::Link,
    FieldType::LongText,
    FieldType::Percent,
    FieldType::Select,
    FieldType::SmallText,
    FieldType::Text,
];

/// `set_fieldname()`: from the label when missing ("custom_" + its letters, digits and
/// underscores), lower-cased, never a restricted name.
fn set_fieldname(doc: &mut Document) -> Result<(), Failure> {
    if !truthy(doc.get("fieldname")) {
        let label = doc.get("label").clone();
        let Value::String(label) = label else {
            if truthy(&label) {
                return Err(not_emulated("a non-string label"));
            }
            return Err(FrappeError::throw(VALIDATION_ERROR, "Label is mandatory").into());
        };
        if !label.is_ascii() {
            return Err(not_emulated(
                "a fieldname made from a non-ASCII label (Python's isalpha)",
            ));
        }
        let cleaned: String = label
            .replace(' ', "_")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        doc.set("fieldname", Value::from(format!("custom_{cleaned}")));
    }
    let Value::String(fieldname) = doc.get("fieldname").clone() else {
        return Err(not_emulated("a non-string fieldname"));
    };
    let mut fieldname = fieldname.to_lowercase();
    if RESTRICTED.contains(&fieldname.as_str()) {
        fieldname.push('1');
    }
    doc.set("fieldname", Value::from(fieldname));
    Ok(())
}

/// Keys a save sets itself: not a change the client asked for.
const BOOKKEEPING: [&str; 2] = ["modified", "modified_by"];

/// `CustomField.validate` of a saved field: only moving it (a new `insert_after`) is emulated.
/// Frappe recomputes `idx` only for a new field or `insert_after` "append" ("setting idx is
/// just an improvement, not a requirement"), so a move keeps the field's `idx` and its
/// `insert_after` as sent, named field or not (v15.55.1, v14.93.2 and develop: `idx` 9 stays
/// after a move from `description` to `status`); the meta places the field by `insert_after`.
fn validate_change(doc: &Document, previous: &Document) -> Result<(), Failure> {
    let changed = doc.values().iter().find(|(key, value)| {
        !key.starts_with("__")
            && !BOOKKEEPING.contains(&key.as_str())
            && key.as_str() != "insert_after"
            && previous.get(key) != *value
    });
    if let Some((key, _)) = changed {
        return Err(not_emulated(format!(
            "changing a custom field's {key} (Frappe alters the table)"
        )));
    }
    match doc.get("insert_after") {
        Value::String(after) if after == "append" => Err(not_emulated("moving a custom field to \"append\"")),
        Value::String(_) | Value::Null => Ok(()),
        _ => Err(not_emulated("a non-string insert_after")),
    }
}

impl Controller for CustomField {
    fn before_insert(&self, _ctx: &mut Context, doc: &mut Document) -> Result<(), Failure> {
        set_fieldname(doc)
    }

    /// `autoname()`: `<dt>-<fieldname>`.
    fn autoname(&self, _ctx: &mut Context, doc: &mut Document) -> Result<Option<String>, Failure> {
        set_fieldname(doc)?;
        let dt = match doc.get("dt") {
            Value::String(dt) => dt.clone(),
            other => {
                return Err(FrappeError::raise(
                    TYPE_ERROR,
                    format!("unsupported operand type(s) for +: '{}' and 'str'", type_name(other)),
                )
                .into())
            }
        };
        Ok(Some(format!("{dt}-{}", cstr(doc.get("fieldname")))))
    }

    fn validate(
        &self,
        ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        previous: Option<&Document>,
    ) -> Result<(), Failure> {
        if let Some(previous) = previous {
            return validate_change(doc, previous);
        }
        let dt = cstr(doc.get("dt"));
        let fieldname = cstr(doc.get("fieldname"));
        let Some(target) = ctx.meta(&dt) else {
            return Err(not_emulated(format!("a custom field on {dt}")));
        };
        let fieldtype = cstr(doc.get("fieldtype"));
        let Some(kind) = FieldType::from_name(&fieldtype).filter(|t| SUPPORTED.contains(t)) else {
            return Err(not_emulated(format!("custom fields of type {fieldtype}")));
        };
        if target.fields.iter().any(|f| f.fieldname == fieldname) {
            return Err(FrappeError::throw(
                VALIDATION_ERROR,
                format!("A field with the name <strong>{fieldname}</strong> already exists in {dt}"),
            )
            .into());
        }
        if !fieldname.starts_with(|c: char| c.is_ascii_lowercase())
            || !fieldname
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            || fieldname.len() > 64
        {
            return Err(not_emulated(format!("the fieldname {fieldname:?}")));
        }
        if crate::body::is_document_attribute(&fieldname) {
            return Err(FrappeError::throw(
                VALIDATION_ERROR,
                format!("Fieldname {fieldname} conflicting with meta object"),
            )
            .into());
        }
        let insert_after = cstr(doc.get("insert_after"));
        let position = match insert_after.as_str() {
            "" => None,
            "append" => target.fields.last().map(|f| (f.fieldname.clone(), target.fields.len())),
            // `CustomField.validate` sets `idx` only when `insert_after` names a field of the
            // DocType ("setting idx is just an improvement, not a requirement"): any other value
            // is kept and `idx` stays 0 (observed on v15.55.1). `meta.get("fields")` holds the
            // layout fields, so they count in the position and may be named (`frappe/model/meta.py`
            // `Meta`; v15.55.1: after ToDo's `priority` idx 3, after `column_break_2` idx 5).
            name => target
                .fields
                .iter()
                .position(|f| f.fieldname == name)
                .map(|index| (name.to_string(), index + 1)),
        };
        if let Some((after, idx)) = position {
            doc.set("insert_after", Value::from(after));
            doc.set("idx", Value::from(idx));
        }
        for flag in ["non_negative", "is_virtual", "fetch_if_empty"] {
            if truthy(doc.get(flag)) {
                return Err(not_emulated(format!("custom fields with {flag}")));
            }
        }
        if truthy(doc.get("fetch_from")) {
            return Err(not_emulated("custom fields fetched from a link"));
        }
        if kind == FieldType::Link {
            // validate_fields_for_doctype: a Link needs a DocType in its options.
            let options = cstr(doc.get("options"));
            if options.is_empty() {
                return Err(FrappeError::throw(
                    VALIDATION_ERROR,
                    format!("Options required for Link or Table type field {fieldname} in row 1"),
                )
                .into());
            }
            if !matches!(ctx.site.registry.link_target(&options), LinkTarget::Modelled(_)) {
                return Err(not_emulated(format!("a custom Link field to {options}")));
            }
        }
        Ok(())
    }

    /// `on_update()` → `frappe.db.updatedb(dt)`: the new column holds the field's default in
    /// existing rows (0 for numbers).
    fn on_update(&self, ctx: &mut Context, doc: &mut Document, previous: Option<&Document>) -> Result<(), Failure> {
        if previous.is_some() {
            return Ok(());
        }
        let Some(kind) = FieldType::from_name(&cstr(doc.get("fieldtype"))) else {
            return Ok(());
        };
        let default = doc.get("default").clone();
        let value = match kind.column() {
            crate::meta::Column::Int => Value::from(crate::python::cint(&default)),
            crate::meta::Column::Decimal => Value::from(crate::python::flt(&default)),
            crate::meta::Column::Varchar if truthy(&default) => Value::from(cstr(&default)),
            _ => Value::Null,
        };
        let Some(target) = ctx.meta(&cstr(doc.get("dt"))) else {
            return Ok(());
        };
        if !target.issingle {
            ctx.effects.push(Effect::AddColumn {
                doctype: target.name,
                column: cstr(doc.get("fieldname")),
                value,
            });
        }
        Ok(())
    }

    /// `on_trash()`: a field Administrator created can only be removed by Administrator.
    fn on_trash(&self, ctx: &mut Context, doc: &Document) -> Result<(), Failure> {
        if cstr(doc.get("owner")) == ADMINISTRATOR && ctx.user != ADMINISTRATOR {
            return Err(FrappeError::throw(
                VALIDATION_ERROR,
                format!(
                    "Custom Field <strong>{}</strong> is created by the Administrator and can only be deleted through the Administrator account.",
                    cstr(doc.get("label"))
                ),
            )
            .into());
        }
        // Frappe drops the DocField, not the table column (v14, v15, develop): a later
        // `fields=["*"]` on v14 still selects it.
        if let Some(target) = ctx.meta(&cstr(doc.get("dt"))).filter(|t| !t.issingle) {
            ctx.effects.push(Effect::KeepOrphanColumn {
                doctype: target.name,
                column: cstr(doc.get("fieldname")),
            });
        }
        Ok(())
    }
}
