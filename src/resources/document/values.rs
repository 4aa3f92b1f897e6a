//! Field values between Terraform and Frappe.
//!
//! Going out, a configured value becomes the JSON Frappe takes for the field
//! (Check as 0/1, child tables as lists of row objects). Coming back, a
//! stored value is read in the shape of the configured one: the same
//! attributes, the same Terraform types, and — where the meaning is the same
//! — the very same spelling, so a value Frappe normalises (`1` for `true`,
//! `3.0` for `3`, a datetime without its zero microseconds, JSON re-spaced)
//! never shows as a change. Frappe's bookkeeping of child-table rows is left
//! out.

use std::collections::BTreeMap;

use serde_json::{Map, Number as JsonNumber, Value as Json};

use frappe_client::{DocTypeMeta, FieldMeta};
use terraform_plugin::protocol::{Number, Type, Value};

/// Keys of a child-table row that Frappe manages; they never cause a diff.
pub const ROW_BOOKKEEPING: &[&str] = &[
    "name",
    "idx",
    "parent",
    "parentfield",
    "parenttype",
    "doctype",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "__unsaved",
    "__islocal",
];

/// A Terraform value with its type (what a `dynamic` attribute holds).
pub type Typed = (Type, Value);

/// Splits a `dynamic` attribute's value into its type and value.
pub fn typed(value: &Value) -> Typed {
    match value {
        Value::Dynamic(d) => (d.0.clone(), d.1.clone()),
        Value::Null | Value::Unknown(_) => (Type::Dynamic, value.clone()),
        known => (known.infer_type(), known.clone()),
    }
}

/// Wraps a typed value for a `dynamic` attribute.
pub fn dynamic((ty, value): Typed) -> Value {
    match value {
        Value::Null | Value::Unknown(_) => value,
        value => Value::Dynamic(Box::new((ty, value))),
    }
}

/// The fields of an object-typed value: `(name, type, value)`.
pub fn object_fields(typed: &Typed) -> Vec<(String, Type, Value)> {
    match typed {
        (Type::Object(types), Value::Object(values)) => types
            .iter()
            .map(|(name, ty)| (name.clone(), ty.clone(), values.get(name).cloned().unwrap_or_default()))
            .collect(),
        (Type::Map(element), Value::Map(values)) => values
            .iter()
            .map(|(name, v)| (name.clone(), (**element).clone(), v.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The rows of a list-like value with each row's type.
pub fn rows(ty: &Type, value: &Value) -> Option<Vec<Typed>> {
    let items = match value {
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => items,
        _ => return None,
    };
    Some(
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let row_ty = match ty {
                    Type::List(e) | Type::Set(e) => (**e).clone(),
                    Type::Tuple(types) => types.get(i).cloned().unwrap_or(Type::Dynamic),
                    _ => Type::Dynamic,
                };
                (row_ty, item.clone())
            })
            .collect(),
    )
}

fn number_to_json(n: &Number) -> Json {
    match n {
        Number::Int(i) => Json::from(*i),
        Number::UInt(u) => Json::from(*u),
        Number::Float(f) => JsonNumber::from_f64(*f).map_or(Json::Null, Json::Number),
        Number::Decimal(text) => text
            .parse::<JsonNumber>()
            .map(Json::Number)
            .unwrap_or_else(|_| Json::String(text.clone())),
    }
}

/// A configured value as the JSON Frappe takes. Booleans become 0/1 (how
/// Frappe stores Check fields), lists of objects become child-table rows.
pub fn to_frappe(value: &Value, field: Option<&FieldMeta>, child: Option<&DocTypeMeta>) -> Json {
    match value {
        Value::Null | Value::Unknown(_) => Json::Null,
        Value::Bool(b) => Json::from(i64::from(*b)),
        Value::Number(n) => number_to_json(n),
        Value::String(s) => Json::String(s.clone()),
        Value::Dynamic(d) => to_frappe(&d.1, field, child),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => Json::Array(
            items
                .iter()
                .map(|row| match row {
                    Value::Object(attrs) | Value::Map(attrs) => Json::Object(row_to_frappe(attrs, child)),
                    other => to_frappe(other, None, None),
                })
                .collect(),
        ),
        Value::Object(attrs) | Value::Map(attrs) => {
            let is_json = field.is_some_and(|f| f.fieldtype == "JSON");
            Json::Object(
                attrs
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            if is_json {
                                plain_json(v)
                            } else {
                                to_frappe(v, None, None)
                            },
                        )
                    })
                    .collect(),
            )
        }
    }
}

fn row_to_frappe(attrs: &BTreeMap<String, Value>, child: Option<&DocTypeMeta>) -> Map<String, Json> {
    attrs
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), to_frappe(v, child.and_then(|c| c.field(k)), None)))
        .collect()
}

/// A value as plain JSON (booleans stay booleans): the content of a JSON field.
pub fn plain_json(value: &Value) -> Json {
    match value {
        Value::Null | Value::Unknown(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => number_to_json(n),
        Value::String(s) => Json::String(s.clone()),
        Value::Dynamic(d) => plain_json(&d.1),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            Json::Array(items.iter().map(plain_json).collect())
        }
        Value::Object(attrs) | Value::Map(attrs) => {
            Json::Object(attrs.iter().map(|(k, v)| (k.clone(), plain_json(v))).collect())
        }
    }
}

/// Any JSON as a Terraform value with its type (for values nobody
/// configured: a data source's document, a drifted table row).
pub fn from_json(json: &Json) -> Typed {
    match json {
        Json::Null => (Type::Dynamic, Value::Null),
        Json::Bool(b) => (Type::Bool, Value::Bool(*b)),
        Json::Number(n) => (Type::Number, Value::Number(json_number(n))),
        Json::String(s) => (Type::String, Value::from(s.as_str())),
        Json::Array(items) => {
            let (types, values): (Vec<Type>, Vec<Value>) = items.iter().map(from_json).unzip();
            (Type::Tuple(types), Value::Tuple(values))
        }
        Json::Object(o) => {
            let (types, values): (BTreeMap<String, Type>, BTreeMap<String, Value>) = o
                .iter()
                .map(|(k, v)| {
                    let (ty, value) = from_json(v);
                    ((k.clone(), ty), (k.clone(), value))
                })
                .unzip();
            (Type::Object(types), Value::Object(values))
        }
    }
}

fn json_number(n: &JsonNumber) -> Number {
    if let Some(i) = n.as_i64() {
        Number::Int(i)
    } else if let Some(u) = n.as_u64() {
        Number::UInt(u)
    } else {
        match n.as_f64() {
            Some(f) if f.to_string() == n.to_string() || n.to_string().parse::<f64>().ok() == Some(f) => {
                Number::Float(f)
            }
            _ => Number::Decimal(n.to_string()),
        }
    }
}

/// How Frappe spells a datetime it read back: `T` or space, with or
/// without zero microseconds, all mean the same instant.
fn canonical_datetime(text: &str) -> String {
    let text = text.trim().replacen('T', " ", 1);
    match text.split_once('.') {
        Some((whole, fraction)) if fraction.trim_end_matches('0').is_empty() => whole.to_string(),
        Some((whole, fraction)) => format!("{whole}.{}", fraction.trim_end_matches('0')),
        None => text,
    }
}

/// Whether a stored string means the same as the configured one for a field.
fn same_text(field: Option<&FieldMeta>, configured: &str, stored: &str) -> bool {
    if configured == stored {
        return true;
    }
    match field.map(|f| f.fieldtype.as_str()) {
        Some("Datetime" | "Time") => canonical_datetime(configured) == canonical_datetime(stored),
        Some("Select") => configured.trim() == stored,
        Some("JSON" | "Code") => same_json_text(configured, stored),
        Some(_) => false,
        // The field's type is not at hand (reading state without the
        // DocType): only spellings Frappe itself produces are taken as
        // equal — a datetime read back without its zero microseconds, JSON
        // text re-serialised.
        None => {
            (looks_like_datetime(configured) && canonical_datetime(configured) == canonical_datetime(stored))
                || same_json_text(configured, stored)
        }
    }
}

fn same_json_text(a: &str, b: &str) -> bool {
    match (serde_json::from_str::<Json>(a), serde_json::from_str::<Json>(b)) {
        (Ok(a @ (Json::Object(_) | Json::Array(_))), Ok(b)) => a == b,
        _ => false,
    }
}

fn looks_like_datetime(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 19 && bytes[4] == b'-' && bytes[7] == b'-' && bytes[13] == b':' && bytes[16] == b':'
}

fn truthy(json: &Json) -> bool {
    match json {
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => s.trim() == "1",
        _ => false,
    }
}

/// A stored value read in the shape of the configured `prior` (its type and,
/// where the meaning is the same, its spelling).
pub fn read_as(stored: Option<&Json>, prior: &Typed, field: Option<&FieldMeta>, child: Option<&DocTypeMeta>) -> Typed {
    let (ty, before) = prior;
    let stored = stored.unwrap_or(&Json::Null);
    if before.is_unknown() {
        return from_json(stored);
    }
    let keep = || (ty.clone(), before.clone());
    match (ty, stored) {
        // Frappe omits empty fields: "" and null are the same.
        (_, Json::Null) => match before {
            Value::Null => keep(),
            Value::String(s) if s.is_empty() => keep(),
            _ => (ty.clone(), Value::Null),
        },
        (Type::Bool, _) => {
            let value = truthy(stored);
            if before.as_bool() == Some(value) {
                keep()
            } else {
                (Type::Bool, Value::Bool(value))
            }
        }
        (Type::Number, Json::Number(n)) => {
            let value = json_number(n);
            if before.as_number() == Some(&value) {
                keep()
            } else {
                (Type::Number, Value::Number(value))
            }
        }
        (Type::Number, Json::String(s)) => match s.trim().parse::<f64>() {
            Ok(f) if before.as_number().map(Number::as_f64) == Some(f) => keep(),
            Ok(f) => (Type::Number, Value::Number(Number::Float(f))),
            Err(_) => (Type::String, Value::from(s.as_str())),
        },
        (Type::String, Json::String(s)) => {
            if before.as_str().is_some_and(|b| same_text(field, b, s)) {
                keep()
            } else {
                (Type::String, Value::from(s.as_str()))
            }
        }
        (Type::String, Json::Number(n)) => {
            let text = n.to_string();
            if before
                .as_str()
                .is_some_and(|b| b.parse::<f64>().ok() == n.as_f64() || b == text)
            {
                keep()
            } else {
                (Type::String, Value::from(text))
            }
        }
        (Type::String, Json::Object(_) | Json::Array(_)) => {
            // A JSON field configured as text: compare what the texts mean.
            let stored_value = stored.clone();
            match before.as_str().map(serde_json::from_str::<Json>) {
                Some(Ok(parsed)) if parsed == stored_value => keep(),
                _ => (Type::String, Value::from(stored.to_string())),
            }
        }
        (Type::Object(_) | Type::Map(_), Json::String(_) | Json::Object(_))
            if field.is_none_or(|f| f.fieldtype == "JSON" || f.fieldtype == "Code") =>
        {
            // A JSON field configured as an object: Frappe stores it as text.
            let parsed = match stored {
                Json::String(s) => serde_json::from_str::<Json>(s).unwrap_or_else(|_| stored.clone()),
                other => other.clone(),
            };
            if plain_json(before) == parsed {
                keep()
            } else {
                from_json(&parsed)
            }
        }
        (Type::List(_) | Type::Set(_) | Type::Tuple(_), Json::Array(stored_rows)) => {
            read_rows(stored_rows, ty, before, child).unwrap_or_else(|| from_json(stored))
        }
        _ => from_json(stored),
    }
}

/// A child table read in the shape of the configured rows: each stored row
/// with the fields the configuration writes (the first configured row's,
/// for rows the configuration does not have), bookkeeping left out.
fn read_rows(stored: &[Json], ty: &Type, before: &Value, child: Option<&DocTypeMeta>) -> Option<Typed> {
    let configured = rows(ty, before)?;
    let template: Option<Typed> = configured.first().cloned();
    let mut types = Vec::new();
    let mut values = Vec::new();
    for (i, row) in stored.iter().enumerate() {
        let Json::Object(stored_row) = row else {
            let (t, v) = from_json(row);
            types.push(t);
            values.push(v);
            continue;
        };
        let shape = configured.get(i).cloned().or_else(|| template.clone());
        let (t, v) = match shape {
            Some(shape) if matches!(shape.1, Value::Object(_) | Value::Map(_)) => {
                let mut field_types = BTreeMap::new();
                let mut field_values = BTreeMap::new();
                for (name, fty, fvalue) in object_fields(&shape) {
                    let meta = child.and_then(|c| c.field(&name));
                    let prior = if configured.get(i).is_some() {
                        (fty, fvalue)
                    } else {
                        (fty, Value::unknown())
                    };
                    let (t, v) = read_as(stored_row.get(&name), &prior, meta, None);
                    field_types.insert(name.clone(), t);
                    field_values.insert(name, v);
                }
                (Type::Object(field_types), Value::Object(field_values))
            }
            _ => {
                let visible: Map<String, Json> = stored_row
                    .iter()
                    .filter(|(k, _)| !ROW_BOOKKEEPING.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                from_json(&Json::Object(visible))
            }
        };
        types.push(t);
        values.push(v);
    }
    let read = match ty {
        Type::List(e) if types.iter().all(|t| t == e.as_ref()) => (ty.clone(), Value::List(values)),
        Type::Set(e) if types.iter().all(|t| t == e.as_ref()) => (ty.clone(), Value::Set(values)),
        _ => (Type::Tuple(types), Value::Tuple(values)),
    };
    // Unchanged rows keep the configured spelling exactly.
    if read.1 == *before && read.0 == *ty {
        return Some((ty.clone(), before.clone()));
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(fieldtype: &str) -> FieldMeta {
        FieldMeta {
            fieldname: "f".into(),
            fieldtype: fieldtype.into(),
            ..FieldMeta::default()
        }
    }

    #[test]
    fn checks_numbers_and_datetimes_keep_the_configured_spelling() {
        let t = (Type::Bool, Value::Bool(true));
        assert_eq!(read_as(Some(&json!(1)), &t, Some(&field("Check")), None), t);
        assert_eq!(
            read_as(Some(&json!(0)), &t, Some(&field("Check")), None),
            (Type::Bool, Value::Bool(false))
        );
        let n = (Type::Number, Value::from(3));
        assert_eq!(read_as(Some(&json!(3.0)), &n, Some(&field("Float")), None), n);
        let dt = (Type::String, Value::from("2026-12-01T09:30:00"));
        assert_eq!(
            read_as(Some(&json!("2026-12-01 09:30:00")), &dt, Some(&field("Datetime")), None),
            dt
        );
        let empty = (Type::String, Value::from(""));
        assert_eq!(read_as(None, &empty, Some(&field("Data")), None), empty);
        let changed = read_as(
            Some(&json!("b")),
            &(Type::String, Value::from("a")),
            Some(&field("Data")),
            None,
        );
        assert_eq!(changed, (Type::String, Value::from("b")));
    }

    #[test]
    fn a_json_field_compares_by_meaning_as_text_or_object() {
        let text = (Type::String, Value::from(r#"{"a": 1}"#));
        assert_eq!(
            read_as(Some(&json!(r#"{"a":1}"#)), &text, Some(&field("JSON")), None),
            text
        );
        let object = from_json(&json!({"a": 1}));
        assert_eq!(
            read_as(Some(&json!(r#"{"a":1}"#)), &object, Some(&field("JSON")), None),
            object
        );
    }

    #[test]
    fn table_rows_are_read_by_the_configured_fields_without_bookkeeping() {
        let configured = from_json(&json!([{"role": "A"}, {"role": "B"}]));
        let stored = json!([
            {"name": "r1", "idx": 1, "role": "A", "parent": "u", "doctype": "Has Role"},
            {"name": "r2", "idx": 2, "role": "B", "parent": "u", "doctype": "Has Role"}
        ]);
        assert_eq!(
            read_as(Some(&stored), &configured, Some(&field("Table")), None),
            configured
        );
        let drifted =
            json!([{"name": "r1", "idx": 1, "role": "A"}, {"name": "r3", "idx": 2, "role": "C"}, {"role": "D"}]);
        let read = read_as(Some(&drifted), &configured, Some(&field("Table")), None);
        assert_eq!(
            plain_json(&read.1),
            json!([{"role": "A"}, {"role": "C"}, {"role": "D"}])
        );
    }

    #[test]
    fn values_go_out_as_frappe_takes_them() {
        let (_, row) = from_json(&json!([{"role": "A", "x": true}]));
        assert_eq!(to_frappe(&row, None, None), json!([{"role": "A", "x": 1}]));
        assert_eq!(to_frappe(&Value::Bool(false), Some(&field("Check")), None), json!(0));
        let (_, object) = from_json(&json!({"k": true}));
        assert_eq!(to_frappe(&object, Some(&field("JSON")), None), json!({"k": true}));
    }
}
