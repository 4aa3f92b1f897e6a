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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> DocTypeMeta {
        let answer = json!({"docs": [
            {"name": "Website Settings", "issingle": 1, "fields": [
                {"fieldname": "copyright", "fieldtype": "Data"},
                {"fieldname": "hide_login", "fieldtype": "Check", "default": "0"},
                {"fieldname": "show_sidebar", "fieldtype": "Check", "default": "1"},
                {"fieldname": "retries", "fieldtype": "Int", "default": "3"},
                {"fieldname": "title_prefix", "fieldtype": "Data", "default": "Site"},
                {"fieldname": "computed_note", "fieldtype": "Data", "read_only": 1},
                {"fieldname": "smtp_password", "fieldtype": "Password"},
                {"fieldname": "top_bar_items", "fieldtype": "Table", "options": "Top Bar Item"},
                {"fieldname": "layout", "fieldtype": "Section Break"},
            ]},
            {"name": "Top Bar Item", "istable": 1, "fields": [
                {"fieldname": "label", "fieldtype": "Data"},
                {"fieldname": "url", "fieldtype": "Data"},
                {"fieldname": "right", "fieldtype": "Check", "default": "1"},
            ]},
        ]});
        DocTypeMeta::from_getdoctype(&answer, "Website Settings").unwrap()
    }

    #[test]
    fn only_what_a_person_set_is_kept_in_the_shape_configuration_takes() {
        let doc = json!({
            "name": "Website Settings", "doctype": "Website Settings", "owner": "Administrator",
            "modified": "2026-12-07 10:00:00.000000", "docstatus": 0, "idx": 0,
            "copyright": "Adopt Inc.", "hide_login": 1, "show_sidebar": 1, "retries": 3,
            "title_prefix": "Site", "computed_note": "set by code", "smtp_password": "********",
            "top_bar_items": [
                {"name": "a1b2c3", "idx": 1, "parent": "Website Settings", "parentfield": "top_bar_items",
                 "parenttype": "Website Settings", "doctype": "Top Bar Item", "owner": "Administrator",
                 "label": "Docs", "url": "/docs", "right": 1},
                {"name": "d4e5f6", "idx": 2, "label": "Blog", "url": "", "right": 0},
            ],
        });
        let fields = set_fields(&meta(), doc.as_object().unwrap());
        assert_eq!(
            Json::Object(fields),
            json!({
                "copyright": "Adopt Inc.",
                "hide_login": true,
                "top_bar_items": [{"label": "Docs", "url": "/docs"}, {"label": "Blog", "right": false}],
            })
        );
    }

    #[test]
    fn a_value_moved_away_from_its_default_is_kept() {
        let doc = json!({"show_sidebar": 0, "retries": 5, "title_prefix": "Adopt", "top_bar_items": []});
        let fields = set_fields(&meta(), doc.as_object().unwrap());
        assert_eq!(
            Json::Object(fields),
            json!({"show_sidebar": false, "retries": 5, "title_prefix": "Adopt"})
        );
    }
}
