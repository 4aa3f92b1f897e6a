//! `doc.update(body)`: how a request body lands on a document, child tables included.
//!
//! Frappe copies every key into `__dict__` (unknown keys are carried along and dropped at the
//! database write), except reserved keywords. A Table field's value replaces the whole table:
//! each element becomes a child document; one with the `name` of a stored row updates that
//! row, one without a name is inserted, and stored rows not listed are deleted on save.
//! Inputs whose effect this emulator cannot follow are refused with 501.

use serde_json::{Map, Value};

use super::clock::Timestamp;
use super::document::Document;
use super::errors::{not_emulated, Failure, FrappeError, ATTRIBUTE_ERROR, TYPE_ERROR, VALUE_ERROR};
use super::meta::{DocType, FieldType};
use super::python::{truthy, type_name};

/// `BaseDocument._reserved_keywords`: `set()` silently ignores these keys.
const RESERVED_KEYWORDS: [&str; 11] = [
    "doctype",
    "meta",
    "flags",
    "parent_doc",
    "_table_fields",
    "_valid_columns",
    "_doc_before_save",
    "_table_fieldnames",
    "_reserved_keywords",
    "permitted_fieldnames",
    "dont_update_if_missing",
];

/// Document attributes a request key would overwrite (`doc.update()` uses `__dict__`), which
/// breaks Frappe in ways not modelled here.
const SHADOWED_ATTRIBUTES: [&str; 48] = [
    "get",
    "set",
    "update",
    "insert",
    "save",
    "delete",
    "validate",
    "autoname",
    "set_icon",
    "get_social_login_provider",
    "is_new",
    "run_method",
    "run_trigger",
    "as_dict",
    "as_json",
    "get_valid_dict",
    "db_insert",
    "db_update",
    "db_set",
    "reload",
    "load_from_db",
    "check_permission",
    "has_permission",
    "append",
    "extend",
    "remove",
    "get_password",
    "is_dummy_password",
    "set_new_name",
    "set_user_and_timestamp",
    "set_docstatus",
    "check_if_latest",
    "get_doc_before_save",
    "has_value_changed",
    "get_title",
    "precision",
    "get_value",
    "submit",
    "cancel",
    "rename",
    "update_if_missing",
    "init_valid_columns",
    "get_valid_columns",
    "get_all_children",
    "notify_update",
    "add_comment",
    "lock",
    "is_locked",
];

/// Whether a name is an attribute or method of Frappe's `Document` (a request key or a
/// custom fieldname of that name would shadow it).
pub(crate) fn is_document_attribute(name: &str) -> bool {
    SHADOWED_ATTRIBUTES.contains(&name)
}

/// Which API call applies a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyPurpose {
    Create,
    Update,
}

/// `doc.update(body)`, refusing what this emulator cannot follow.
pub(crate) fn apply_body(
    meta: &DocType,
    child_metas: &dyn Fn(&str) -> Option<DocType>,
    doc: &mut Document,
    body: &Map<String, Value>,
    purpose: BodyPurpose,
) -> Result<(), Failure> {
    for (key, value) in body {
        check_key(meta, key, value, purpose)?;
    }
    // `update()` sets `name` first, as child rows refer to it.
    if let Some(name) = body.get("name") {
        doc.set("name", name.clone());
    }
    for (key, value) in body {
        let key = key.as_str();
        if RESERVED_KEYWORDS.contains(&key) {
            continue;
        }
        match meta.field(key).filter(|f| f.fieldtype.is_table()) {
            Some(table) => {
                let rows = table_rows(meta, table.fieldname.as_str(), &table.options, child_metas, value)?;
                doc.set_table(key, rows);
            }
            None => doc.set(key, value.clone()),
        }
    }
    Ok(())
}

fn check_key(meta: &DocType, key: &str, value: &Value, purpose: BodyPurpose) -> Result<(), Failure> {
    if RESERVED_KEYWORDS.contains(&key) {
        return Ok(());
    }
    if SHADOWED_ATTRIBUTES.contains(&key) {
        return Err(not_emulated(format!(
            "a body key `{key}` (it would overwrite Document.{key})"
        )));
    }
    if matches!(key, "parent" | "parentfield" | "parenttype") && truthy(value) && !meta.istable {
        return Err(not_emulated(format!("a body key `{key}` (child-table handling)")));
    }
    if key == "__newname" && !matches!(value, Value::String(_) | Value::Null | Value::Bool(false)) {
        return Err(not_emulated("a non-string __newname"));
    }
    let Some(field) = meta.field(key) else {
        if !meta.is_valid_column(key) {
            // Carried in `__dict__` and dropped at the write.
            return Ok(());
        }
        return check_default_column(key, value, purpose);
    };
    if field.fieldtype.is_table() {
        return Ok(());
    }
    match value {
        Value::Object(_) if field.fieldtype != FieldType::Json => Err(not_emulated(format!(
            "an object value for the {} field `{key}`",
            field.fieldtype.name()
        ))),
        // `get_valid_dict` refuses lists later ("Value for X cannot be a list"); before that,
        // these field types would already have used the list in ways not modelled.
        Value::Array(_)
            if matches!(
                field.fieldtype,
                FieldType::Select | FieldType::Link | FieldType::DynamicLink | FieldType::Password
            ) || (field.fieldtype == FieldType::Data && !field.options.is_empty()) =>
        {
            Err(not_emulated(format!(
                "a list value for the {} field `{key}`",
                field.fieldtype.name()
            )))
        }
        Value::Bool(_) if field.fieldtype == FieldType::Int => Err(not_emulated(format!(
            "a boolean for the Int field `{key}` (Python keeps it as a bool in answers)"
        ))),
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => {
            Err(not_emulated(format!("a non-finite number for `{key}`")))
        }
        _ => Ok(()),
    }
}

fn check_default_column(key: &str, value: &Value, purpose: BodyPurpose) -> Result<(), Failure> {
    if matches!(value, Value::Array(_) | Value::Object(_)) {
        return Err(not_emulated(format!("a list or object value for `{key}`")));
    }
    match (key, purpose) {
        ("idx", _) if !value.is_i64() => Err(not_emulated(format!("idx = {value}"))),
        ("name", BodyPurpose::Update) if !value.is_string() && truthy(value) => {
            Err(not_emulated(format!("a non-string name ({value})")))
        }
        ("owner", BodyPurpose::Update) if !(value.is_string() || value.is_null()) => {
            Err(not_emulated(format!("owner = {value}")))
        }
        ("creation", BodyPurpose::Update) if value.as_str().is_none_or(|s| Timestamp::parse(s).is_none()) => {
            Err(not_emulated(format!("creation = {value}")))
        }
        _ => Ok(()),
    }
}

/// `set(table, value)`: `[]` for a falsy value, else `extend()` over its items.
fn table_rows(
    parent: &DocType,
    fieldname: &str,
    child_doctype: &str,
    child_metas: &dyn Fn(&str) -> Option<DocType>,
    value: &Value,
) -> Result<Vec<Document>, Failure> {
    if !truthy(value) {
        return Ok(Vec::new());
    }
    let items = match value {
        Value::Array(items) => items,
        // Iterating a string or a dict yields strings; `_init_child` then assigns into them.
        Value::String(_) | Value::Object(_) => return Err(str_item_assignment()),
        // `iter()` raises TypeError, which `extend()` turns into a bare ValueError.
        _ => return Err(FrappeError::bare(VALUE_ERROR).into()),
    };
    let Some(child_meta) = child_metas(child_doctype) else {
        return Err(not_emulated(format!("rows of the child DocType {child_doctype}")));
    };
    let mut rows = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(match item {
                Value::String(_) => str_item_assignment(),
                Value::Null => {
                    FrappeError::raise(TYPE_ERROR, "'NoneType' object does not support item assignment").into()
                }
                other => FrappeError::raise(
                    TYPE_ERROR,
                    format!("'{}' object does not support item assignment", type_name(other)),
                )
                .into(),
            });
        };
        for (key, value) in map {
            if matches!(value, Value::Array(_) | Value::Object(_)) && child_meta.field(key).is_some() {
                return Err(not_emulated(format!(
                    "a list or object value for `{key}` in a child row"
                )));
            }
            if SHADOWED_ATTRIBUTES.contains(&key.as_str()) {
                return Err(not_emulated(format!("a child row key `{key}`")));
            }
        }
        if map.get("parent").is_some_and(truthy) || map.get("parenttype").is_some_and(truthy) {
            return Err(not_emulated("child rows that name their own parent"));
        }
        let mut row = Document::new(child_meta.name);
        for (key, value) in map {
            if !RESERVED_KEYWORDS.contains(&key.as_str()) {
                row.set(key, value.clone());
            }
        }
        // `_init_child`: parent bookkeeping, docstatus, idx, and `__islocal` without a name.
        row.set("parentfield", Value::from(fieldname));
        row.set("parenttype", Value::from(parent.name));
        if row.get("docstatus").is_null() {
            row.set("docstatus", Value::from(0));
        }
        if !truthy(row.get("idx")) {
            row.set("idx", Value::from(index + 1));
        }
        if !truthy(row.get("name")) {
            row.set("__islocal", Value::from(1));
        } else if !row.get("name").is_string() {
            return Err(not_emulated("a non-string child row name"));
        }
        rows.push(row);
    }
    Ok(rows)
}

fn str_item_assignment() -> Failure {
    FrappeError::raise(TYPE_ERROR, "'str' object does not support item assignment").into()
}

/// Rejects what `frappe.new_doc(doctype, **data)` would treat as its own parameters.
pub(crate) fn check_create_body(body: &Map<String, Value>) -> Result<(), Failure> {
    for key in ["parent_doc", "parentfield", "as_dict"] {
        if body.contains_key(key) {
            return Err(not_emulated(format!(
                "a create body key `{key}` (it is a parameter of frappe.new_doc)"
            )));
        }
    }
    Ok(())
}

/// The Python error raised when a request document is not a dict.
pub(crate) fn not_a_mapping(value: &Value, attribute: &str) -> Failure {
    FrappeError::raise(
        ATTRIBUTE_ERROR,
        format!("'{}' object has no attribute '{attribute}'", type_name(value)),
    )
    .into()
}
