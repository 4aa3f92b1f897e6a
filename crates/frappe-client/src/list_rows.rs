//! A list row (`fields=["*"]`) turned into the document the single-document
//! GET answers, so a read answered from a list is the same read.
//!
//! `GET /api/resource/<doctype>/<name>` (`frappe/api/v1.py` `read_doc`)
//! serialises the loaded document with `BaseDocument.as_dict`
//! (`frappe/model/base_document.py`): `get_valid_dict` casts Check, Int and
//! float-like columns and turns an empty date or unique value into null; the
//! answer leaves nulls out and adds `doctype`, each child table's rows, and
//! `_user_tags` / `_liked_by` only when set. A list row (`frappe/model/db_query.py`)
//! is the table's columns as the database returns them. A row that lacks a
//! column the DocType has was cut by field-level permissions
//! (`get_permitted_fields`), which the GET applies differently; such a row
//! is not used.

use serde_json::{Map, Value as Json};

use crate::client::Document;
use crate::meta::DocTypeMeta;

/// Columns every child row carries (`frappe/model/__init__.py` `child_table_fields`).
pub const CHILD_ROW_COLUMNS: &[&str] = &["parent", "parentfield", "parenttype"];

/// Columns `as_dict` adds only when they hold something.
const SET_ONLY_FLAGS: &[&str] = &["_user_tags", "_liked_by"];

/// Field types `get_valid_dict` casts with `flt` (`frappe/model/__init__.py` `float_like_fields`).
const FLOAT_LIKE: &[&str] = &["Float", "Currency", "Percent"];

/// Field types whose empty text becomes null (`datetime_fields`).
const DATETIME: &[&str] = &["Datetime", "Date", "Time"];

/// Whether a list row can stand for the document: the DocType has no
/// virtual field (computed at load time, never in a list) and no Single.
pub fn listable(meta: &DocTypeMeta) -> bool {
    !meta.is_single && !meta.fields.iter().any(|f| f.is_virtual)
}

/// The document as the single-document GET serialises it (child tables not
/// yet added), or `None` when the row lacks a column of `meta`.
pub fn document_from_row(meta: &DocTypeMeta, row: &Document) -> Option<Document> {
    let has_every_column = meta
        .value_fields()
        .filter(|f| !f.is_table() && !f.is_virtual)
        .all(|f| row.contains_key(&f.fieldname));
    if !has_every_column || (meta.is_table && CHILD_ROW_COLUMNS.iter().any(|c| !row.contains_key(*c))) {
        return None;
    }
    let mut doc = Map::new();
    for (column, value) in row {
        let value = if SET_ONLY_FLAGS.contains(&column.as_str()) {
            if !truthy(value) {
                continue;
            }
            value.clone()
        } else {
            sanitised(meta, column, value)
        };
        if !value.is_null() {
            doc.insert(column.clone(), value);
        }
    }
    doc.insert("doctype".into(), Json::from(meta.name.clone()));
    Some(doc)
}

/// `get_valid_dict`'s casts for one column.
fn sanitised(meta: &DocTypeMeta, column: &str, value: &Json) -> Json {
    let Some(field) = meta.field(column) else {
        return value.clone();
    };
    let fieldtype = field.fieldtype.as_str();
    match fieldtype {
        "Check" => Json::from(i64::from(cint(value) != 0)),
        // `isinstance(value, int)`: a bool is an int in Python.
        "Int" if !(value.is_i64() || value.is_u64() || value.is_boolean()) => Json::from(cint(value)),
        t if FLOAT_LIKE.contains(&t) && !value.is_f64() => Json::from(flt(value)),
        t if DATETIME.contains(&t) && value.as_str() == Some("") => Json::Null,
        _ if field.unique && !value.is_null() && text_of(value).trim().is_empty() => Json::Null,
        _ => value.clone(),
    }
}

/// `frappe.utils.cint`: the integer a value means, 0 when it means none.
fn cint(value: &Json) -> i64 {
    match value {
        Json::Bool(b) => i64::from(*b),
        // Python's `int(float)` truncates; the cast saturates at the ends.
        #[allow(clippy::cast_possible_truncation)]
        Json::Number(n) => n.as_i64().unwrap_or_else(|| n.as_f64().map_or(0, |f| f.trunc() as i64)),
        #[allow(clippy::cast_possible_truncation)]
        Json::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().map(|f| f.trunc() as i64))
            .unwrap_or(0),
        _ => 0,
    }
}

/// `frappe.utils.flt`: the float a value means, 0.0 when it means none.
fn flt(value: &Json) -> f64 {
    match value {
        Json::Bool(b) => f64::from(u8::from(*b)),
        Json::Number(n) => n.as_f64().unwrap_or(0.0),
        Json::String(s) => s.trim().replace(',', "").parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn text_of(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::FieldMeta;
    use serde_json::json;

    fn field(fieldname: &str, fieldtype: &str) -> FieldMeta {
        FieldMeta {
            fieldname: fieldname.into(),
            fieldtype: fieldtype.into(),
            ..FieldMeta::default()
        }
    }

    fn meta() -> DocTypeMeta {
        DocTypeMeta {
            name: "Thing".into(),
            fields: vec![
                field("enabled", "Check"),
                field("count", "Int"),
                field("price", "Currency"),
                field("due", "Date"),
                field("secret", "Password"),
                field("note", "Data"),
                field("rows", "Table"),
            ],
            ..DocTypeMeta::default()
        }
    }

    fn row(value: Json) -> Document {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_row_reads_as_the_get_answers_it() {
        let listed = row(json!({
            "name": "T-1", "modified": "2026-12-07 10:00:00.000001", "enabled": "1", "count": null,
            "price": 3, "due": "", "secret": "*****", "note": null, "_user_tags": null, "_liked_by": "[\"a\"]",
        }));
        let doc = document_from_row(&meta(), &listed).unwrap_or_default();
        assert_eq!(
            Json::Object(doc),
            json!({
                "name": "T-1", "modified": "2026-12-07 10:00:00.000001", "enabled": 1, "count": 0,
                "price": 3.0, "secret": "*****", "_liked_by": "[\"a\"]", "doctype": "Thing",
            })
        );
    }

    #[test]
    fn a_row_cut_by_field_permissions_is_not_used() {
        let listed = row(json!({"name": "T-1", "enabled": 1, "count": 1, "price": 1.0, "due": null, "note": "x"}));
        assert_eq!(document_from_row(&meta(), &listed), None);
    }

    #[test]
    fn a_child_row_without_its_parent_is_not_used() {
        let child = DocTypeMeta {
            name: "Has Role".into(),
            is_table: true,
            fields: vec![field("role", "Link")],
            ..DocTypeMeta::default()
        };
        let without = row(json!({"name": "r1", "idx": 1, "role": "Blogger"}));
        assert_eq!(document_from_row(&child, &without), None);
        let with = row(json!({"name": "r1", "idx": 1, "role": "Blogger", "parent": "u",
            "parentfield": "roles", "parenttype": "User"}));
        assert!(document_from_row(&child, &with).is_some());
    }

    #[test]
    fn virtual_fields_and_singles_are_not_listable() {
        let mut m = meta();
        assert!(listable(&m));
        m.fields.push(FieldMeta {
            is_virtual: true,
            ..field("computed", "Data")
        });
        assert!(!listable(&m));
        assert!(!listable(&DocTypeMeta {
            is_single: true,
            ..DocTypeMeta::default()
        }));
    }
}
