//! A user's model ↔ Frappe's User document (with its `roles` child table).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value as Json};

use super::model::UserModel;
use frappe_client::doctypes::user::{user_name, ROLES_FIELD, ROLE_FIELD};
use frappe_client::Document;
use terraform_plugin::protocol::Value;

/// The role names of a set value, sorted; `None` unless known.
pub fn role_names(roles: &Value) -> Option<BTreeSet<String>> {
    match roles {
        Value::Set(items) | Value::List(items) => items.iter().map(|r| r.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// A set value of role names, in a stable order.
pub fn roles_value(names: &BTreeSet<String>) -> Value {
    Value::Set(names.iter().map(|n| Value::from(n.as_str())).collect())
}

/// Whether two emails name the same Frappe user.
pub fn same_email(a: &Value, b: &Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(a), Some(b)) => user_name(a) == user_name(b),
        _ => a == b,
    }
}

/// Whether two role sets hold the same roles.
pub fn same_roles(a: &Value, b: &Value) -> bool {
    match (role_names(a), role_names(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

fn check(value: &Value) -> Option<Json> {
    value.as_bool().map(|b| json!(i64::from(b)))
}

fn roles_table(roles: &Value) -> Option<Json> {
    let names = role_names(roles)?;
    Some(Json::Array(names.iter().map(|n| json!({ ROLE_FIELD: n })).collect()))
}

/// The fields that create the user.
pub fn document_for_create(planned: &UserModel) -> Document {
    let mut doc = Map::new();
    for (field, value) in [
        ("email", planned.email.as_str().map(Json::from)),
        ("first_name", planned.first_name.as_str().map(Json::from)),
        ("last_name", planned.last_name.as_str().map(Json::from)),
        ("enabled", check(&planned.enabled)),
        // Frappe's default is 1: always say what the plan showed.
        (
            "send_welcome_email",
            check(&planned.send_welcome_email).or(Some(json!(0))),
        ),
        (ROLES_FIELD, roles_table(&planned.roles)),
    ] {
        if let Some(value) = value {
            doc.insert(field.to_string(), value);
        }
    }
    doc
}

/// The fields whose meaning changed. Email never changes in place (it is
/// the name); a roles table that is sent replaces the whole table.
pub fn document_for_update(prior: &UserModel, planned: &UserModel) -> Document {
    let mut doc = Map::new();
    for (field, before, after) in [
        ("first_name", &prior.first_name, &planned.first_name),
        ("last_name", &prior.last_name, &planned.last_name),
    ] {
        let empty = |v: &Value| v.is_null() || v.as_str() == Some("");
        if after.is_unknown() || before == after || (empty(before) && empty(after)) {
            continue;
        }
        doc.insert(field.to_string(), after.as_str().map_or(Json::Null, Json::from));
    }
    for (field, before, after) in [
        ("enabled", &prior.enabled, &planned.enabled),
        (
            "send_welcome_email",
            &prior.send_welcome_email,
            &planned.send_welcome_email,
        ),
    ] {
        if before != after {
            if let Some(value) = check(after) {
                doc.insert(field.to_string(), value);
            }
        }
    }
    if !same_roles(&prior.roles, &planned.roles) {
        if let Some(table) = roles_table(&planned.roles) {
            doc.insert(ROLES_FIELD.to_string(), table);
        }
    }
    doc
}

fn text(doc: &Document, field: &str) -> Value {
    match doc.get(field) {
        Some(Json::String(s)) => Value::from(s.as_str()),
        _ => Value::Null,
    }
}

fn flag(doc: &Document, field: &str) -> Value {
    match doc.get(field) {
        Some(Json::Number(n)) => Value::Bool(n.as_f64().is_some_and(|f| f != 0.0)),
        Some(Json::Bool(b)) => Value::Bool(*b),
        Some(Json::String(s)) => Value::Bool(s.trim() == "1"),
        _ => Value::Null,
    }
}

/// The user as stored, keeping `prior`'s spelling where the meaning is equal.
pub fn state_from_document(doc: &Document, prior: &UserModel) -> UserModel {
    let roles: BTreeSet<String> = doc
        .get(ROLES_FIELD)
        .and_then(Json::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(|row| row.get(ROLE_FIELD).and_then(Json::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let keep = |stored: Value, before: &Value, same: fn(&Value, &Value) -> bool| {
        if !before.is_unknown() && !before.is_null() && same(&stored, before) {
            before.clone()
        } else {
            stored
        }
    };
    let last_name = match (text(doc, "last_name"), &prior.last_name) {
        // Frappe omits an empty last name; "" and null mean the same.
        (Value::Null, Value::String(s)) if s.is_empty() => Value::from(""),
        (stored, _) => stored,
    };
    UserModel {
        id: Value::from(doc.get("name").and_then(Json::as_str).map(str::to_owned)),
        email: keep(text(doc, "email"), &prior.email, same_email),
        first_name: text(doc, "first_name"),
        last_name,
        enabled: flag(doc, "enabled"),
        roles: keep(roles_value(&roles), &prior.roles, same_roles),
        user_type: text(doc, "user_type"),
        send_welcome_email: flag(doc, "send_welcome_email"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(j: Json) -> Document {
        j.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn roles_are_a_set_without_bookkeeping() {
        let stored = doc(json!({
            "name": "alice@example.com", "email": "alice@example.com", "first_name": "Alice",
            "enabled": 1, "user_type": "System User", "send_welcome_email": 0,
            "roles": [
                {"name": "x1", "idx": 2, "role": "System Manager", "parent": "alice@example.com", "doctype": "Has Role"},
                {"name": "x2", "idx": 1, "role": "Accounts User", "parenttype": "User"}
            ]
        }));
        let prior = UserModel {
            email: Value::from("Alice@Example.com"),
            ..UserModel::default()
        };
        let state = state_from_document(&stored, &prior);
        assert_eq!(
            state.email,
            Value::from("Alice@Example.com"),
            "the configured spelling is kept"
        );
        assert_eq!(
            role_names(&state.roles).unwrap().into_iter().collect::<Vec<_>>(),
            vec!["Accounts User", "System Manager"]
        );
        assert_eq!(state.enabled, Value::Bool(true));
        assert_eq!(state.user_type, Value::from("System User"));
    }

    #[test]
    fn create_never_mails_unless_asked_and_sends_the_roles_table() {
        let planned = UserModel {
            email: Value::from("a@example.com"),
            first_name: Value::from("A"),
            enabled: Value::Bool(true),
            roles: Value::Set(vec![Value::from("System Manager")]),
            ..UserModel::default()
        };
        let d = document_for_create(&planned);
        assert_eq!(d["send_welcome_email"], json!(0));
        assert_eq!(d["roles"], json!([{"role": "System Manager"}]));
        assert!(!d.contains_key("last_name"));
    }

    #[test]
    fn update_sends_the_roles_only_when_the_set_changed() {
        let prior = UserModel {
            first_name: Value::from("A"),
            roles: Value::Set(vec![Value::from("B"), Value::from("A")]),
            enabled: Value::Bool(true),
            ..UserModel::default()
        };
        let same = UserModel {
            roles: Value::Set(vec![Value::from("A"), Value::from("B")]),
            ..prior.clone()
        };
        assert!(document_for_update(&prior, &same).is_empty());
        let fewer = UserModel {
            roles: Value::Set(vec![Value::from("A")]),
            enabled: Value::Bool(false),
            ..prior.clone()
        };
        let d = document_for_update(&prior, &fewer);
        assert_eq!(d["roles"], json!([{"role": "A"}]));
        assert_eq!(d["enabled"], json!(0));
    }
}
