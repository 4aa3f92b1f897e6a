//! The fields a person set on an existing document, for an import: every
//! settable field (not standard, not read-only, not a Password) whose value
//! differs from the field's default, Check fields as booleans, and child
//! tables as lists of rows without Frappe's bookkeeping. An import records
//! them in `data`, so the generated configuration holds them and plans no
//! change.

use serde_json::{Map, Value as Json};

use super::checks::STANDARD_FIELDS;
use frappe_client::{DocTypeMeta, Document, FieldMeta};

/// What Frappe keeps on every child row for itself: `default_fields` and
/// `child_table_fields` of `frappe/model/__init__.py`.
const ROW_BOOKKEEPING: &[&str] = &[
    "name",
    "idx",
    "parent",
    "parentfield",
    "parenttype",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "doctype",
];

const NUMBER_TYPES: &[&str] = &["Int", "Float", "Currency", "Percent", "Duration", "Rating"];

/// The fields of `doc` a person set, as a JSON object.
pub fn set_fields(meta: &DocTypeMeta, doc: &Document) -> Map<String, Json> {
    let mut out = Map::new();
    for field in meta.value_fields() {
        if STANDARD_FIELDS.contains(&field.fieldname.as_str()) || !settable(field) {
            continue;
        }
        let Some(stored) = doc.get(&field.fieldname) else {
            continue;
        };
        if field.is_table() {
            let child = meta.child_table(&field.fieldname);
            let rows: Vec<Json> = stored
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .filter_map(|r| r.as_object())
                        .map(|r| Json::Object(row(child, r)))
                        .collect()
                })
                .unwrap_or_default();
            if !rows.is_empty() {
                out.insert(field.fieldname.clone(), Json::Array(rows));
            }
        } else if let Some(value) = non_default(field, stored) {
            out.insert(field.fieldname.clone(), value);
        }
    }
    out
}

fn settable(field: &FieldMeta) -> bool {
    field.fieldtype != "Password" && (field.is_table() || !field.read_only)
}

/// A child row's fields a person set.
fn row(child: Option<&DocTypeMeta>, stored: &Map<String, Json>) -> Map<String, Json> {
    let mut out = Map::new();
    for (name, value) in stored {
        if ROW_BOOKKEEPING.contains(&name.as_str()) {
            continue;
        }
        let field = child.and_then(|c| c.field(name));
        if child.is_some() && !field.is_some_and(settable) {
            continue;
        }
        let value = match field {
            Some(field) => non_default(field, value),
            None => (!is_empty(value)).then(|| value.clone()),
        };
        if let Some(value) = value {
            out.insert(name.clone(), value);
        }
    }
    out
}

fn is_empty(value: &Json) -> bool {
    matches!(value, Json::Null) || matches!(value, Json::String(s) if s.is_empty())
}

/// The stored value as configuration would write it, or `None` when it is
/// what Frappe gives a field nobody set.
fn non_default(field: &FieldMeta, stored: &Json) -> Option<Json> {
    if is_empty(stored) {
        return None;
    }
    let default = field.default.as_deref().unwrap_or_default().trim();
    match field.fieldtype.as_str() {
        "Check" => {
            let on = number(stored).is_some_and(|n| n != 0.0) || stored.as_bool() == Some(true);
            let default_on = default == "1";
            (on != default_on).then_some(Json::Bool(on))
        }
        t if NUMBER_TYPES.contains(&t) => {
            let value = number(stored)?;
            let default = default.parse::<f64>().unwrap_or(0.0);
            (value != default).then(|| stored.clone())
        }
        _ => {
            let text = match stored {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            (text != default).then(|| stored.clone())
        }
    }
}

fn number(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse().ok(),
        Json::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}
