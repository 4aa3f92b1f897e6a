//! What terraform-plugin-sdk v2 does around the real provider's code, so
//! the stand-in plans, validates and stores exactly what users of the real
//! provider see:
//!
//! - **Planning** ([`plan`]): a `Default` fills an unset attribute; computed
//!   attributes of a new object are unknown; an unset computed attribute
//!   keeps its state; an unset optional attribute whose state holds a zero
//!   value (`""`, `false`, `0`, empty list) shows no change, a non-zero one
//!   is planned away; and a plan equal to the state *is* the state. The
//!   resources answer with `legacy_type_system`, so Terraform accepts what
//!   only the SDK may do (defaults in the plan, apply results that differ
//!   from the plan — the SDK's own looseness, which these semantics need).
//! - **`GetOk`** ([`get_ok`]): an attribute counts as set only when it is
//!   known and not a zero value — which is why the real provider never sends
//!   an empty `client_secret`, `grant_types` or `logout_uri`.
//! - **Validators** ([`string_in_slice`], [`relative_duration`]) and their
//!   messages, and `ConflictsWith`.
//! - **`ListConsistentMerge`** ([`list_consistent_merge`]): the real
//!   provider's way of reading a list back in the order of the state.
//! - **Descriptions** ([`describe`]): the provider's description builder
//!   appends ``Defaults to `X`.`` and `Generated.`.

use terraform_plugin::protocol::{AttributePath, Block, Diagnostic, Presence, Value};

/// Whether a value is one SDKv2 cannot tell from "unset".
pub(crate) fn is_zero(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == 0.0,
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

/// SDKv2's `d.GetOk`: known and not a zero value.
pub(crate) fn get_ok(value: &Value) -> bool {
    value.is_wholly_known() && !is_zero(value)
}

/// Whether the SDK's diff would find no change between two values.
fn same(a: &Value, b: &Value) -> bool {
    if a == b || (is_zero(a) && is_zero(b)) {
        return true;
    }
    match (a, b) {
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        _ => false,
    }
}

/// The planned state of a resource, as SDKv2 plans it. `defaults` are the
/// schema's `Default` values.
pub(crate) fn plan(block: &Block, defaults: &[(&str, Value)], prior: &Value, config: &Value) -> Value {
    let creating = prior.is_null();
    let mut planned = Value::null_object(&block.value_type());
    for attribute in &block.attributes {
        let name = attribute.name.as_str();
        let configured = config.get(name);
        let default = defaults.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
        let computed = matches!(attribute.presence, Presence::Computed | Presence::OptionalComputed);
        let value = if !configured.is_null() && attribute.presence != Presence::Computed {
            configured.clone()
        } else if let Some(default) = default {
            default
        } else if computed {
            if creating {
                Value::unknown()
            } else {
                prior.get(name).clone()
            }
        } else if !creating && is_zero(prior.get(name)) {
            prior.get(name).clone()
        } else {
            Value::Null
        };
        planned.set_attribute(name, value);
    }
    if !creating
        && block
            .attributes
            .iter()
            .all(|a| same(planned.get(&a.name), prior.get(&a.name)))
    {
        return prior.clone();
    }
    planned
}

/// SDKv2's data source read starts from the configuration with defaults
/// filled in.
pub(crate) fn with_defaults(config: &Value, defaults: &[(&str, Value)]) -> Value {
    let mut out = config.clone();
    for (name, default) in defaults {
        if config.get(name).is_null() {
            out.set_attribute(name, default.clone());
        }
    }
    out
}

/// `validation.StringInSlice` (case-sensitive), through `ToDiagFunc`: the
/// message names the last attribute of the path.
pub(crate) fn string_in_slice(path: AttributePath, key: &str, value: &Value, allowed: &[&str]) -> Option<Diagnostic> {
    let Value::String(text) = value else { return None };
    if allowed.contains(&text.as_str()) {
        return None;
    }
    let quoted: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
    Some(
        Diagnostic::error(
            format!("expected {key} to be one of [{}], got {text}", quoted.join(" ")),
            "",
        )
        .at(path),
    )
}

/// The real provider's `ValidateRelativeDuration`: every `;`-separated
/// element needs an `=` and a known key. (It does not check the value, nor
/// that there is exactly one `=`; the server does.)
pub(crate) fn relative_duration(path: AttributePath, value: &Value) -> Vec<Diagnostic> {
    const KEYS: [&str; 7] = [
        "microseconds",
        "milliseconds",
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
    ];
    let Value::String(text) = value else { return Vec::new() };
    let mut out = Vec::new();
    for element in text.split(';') {
        let parts: Vec<&str> = element.split('=').collect();
        if parts.len() < 2 {
            out.push(Diagnostic::error(format!("{element} has incorrect amount of elements"), "").at(path.clone()));
            return out;
        }
        if !KEYS.iter().any(|k| k.eq_ignore_ascii_case(parts[0])) {
            out.push(Diagnostic::error(format!("{element} has incorrect key {}", parts[0]), "").at(path.clone()));
        }
    }
    out
}

/// `ConflictsWith`: both attributes set.
pub(crate) fn conflicts_with(config: &Value, name: &str, other: &str) -> Option<Diagnostic> {
    (!config.get(name).is_null() && !config.get(other).is_null()).then(|| {
        Diagnostic {
            summary: "ConflictsWith".into(),
            ..Diagnostic::error("", format!("{name:?}: conflicts with {other}"))
        }
        .at(AttributePath::attribute(name))
    })
}

/// `helpers.ListConsistentMerge`: items of `new` that are also in `old` in
/// `old`'s order, then the others in `new`'s order.
pub(crate) fn list_consistent_merge<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Vec<T> {
    let mut kept: Vec<(usize, T)> = Vec::new();
    let mut added = Vec::new();
    for item in new {
        match old.iter().position(|o| o == item) {
            Some(offset) => kept.push((offset, item.clone())),
            None => added.push(item.clone()),
        }
    }
    kept.sort_by_key(|(offset, _)| *offset);
    kept.into_iter().map(|(_, item)| item).chain(added).collect()
}

/// The provider's `SchemaDescriptionBuilder`.
pub(crate) fn describe(description: &str, default: Option<&str>, computed: bool) -> String {
    let mut text = description.to_string();
    if let Some(default) = default {
        text.push_str(&format!(" Defaults to `{default}`."));
    }
    if computed {
        text.push_str(" Generated.");
    }
    text.trim().to_string()
}

/// `helpers.EnumToDescription`.
pub(crate) fn enum_description(values: &[&str]) -> String {
    let mut text = "Allowed values:\n".to_string();
    for value in values {
        text.push_str(&format!("  - `{value}`\n"));
    }
    text
}

/// The strings of a list value (unknown or non-string items are skipped).
pub(crate) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// A list of strings as a value.
pub(crate) fn string_list(items: impl IntoIterator<Item = String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use terraform_plugin::protocol::Attribute;

    fn block() -> Block {
        Block::new(
            "",
            vec![
                Attribute::string("id").optional_computed(),
                Attribute::string("name").required(),
                Attribute::string("kind").optional(),
                Attribute::string("note").optional(),
                Attribute::string("secret").optional_computed(),
            ],
        )
    }

    #[test]
    fn a_new_object_gets_defaults_and_unknown_computed_values() {
        let config = Value::object([("name", Value::from("n"))]);
        let planned = plan(
            &block(),
            &[("kind", Value::from("confidential"))],
            &Value::Null,
            &config,
        );
        assert_eq!(planned.get("kind"), &Value::from("confidential"));
        assert!(planned.get("secret").is_unknown());
        assert!(planned.get("id").is_unknown());
        assert!(planned.get("note").is_null());
    }

    #[test]
    fn zero_values_in_state_plan_no_change() {
        let prior = Value::object([
            ("id", Value::from("1")),
            ("name", Value::from("n")),
            ("kind", Value::from("confidential")),
            ("note", Value::from("")),
            ("secret", Value::from("s")),
        ]);
        let config = Value::object([("name", Value::from("n"))]);
        let planned = plan(&block(), &[("kind", Value::from("confidential"))], &prior, &config);
        assert_eq!(planned, prior);
        // A non-zero value left out of the configuration is planned away.
        let mut with_note = prior.clone();
        with_note.set_attribute("note", Value::from("x"));
        let planned = plan(&block(), &[("kind", Value::from("confidential"))], &with_note, &config);
        assert!(planned.get("note").is_null());
        assert_eq!(planned.get("secret"), &Value::from("s"));
    }

    #[test]
    fn merge_keeps_the_old_order() {
        assert_eq!(
            list_consistent_merge(&["b", "a"], &["a", "c", "b"]),
            vec!["b", "a", "c"]
        );
        assert_eq!(list_consistent_merge::<&str>(&[], &["x", "y"]), vec!["x", "y"]);
    }

    #[test]
    fn validator_messages() {
        let d = string_in_slice(
            AttributePath::attribute("client_type"),
            "client_type",
            &Value::from("secret"),
            &["confidential", "public"],
        )
        .expect("error");
        assert_eq!(
            d.summary,
            "expected client_type to be one of [\"confidential\" \"public\"], got secret"
        );
        let d = relative_duration(AttributePath::attribute("x"), &Value::from("minutes"));
        assert_eq!(d[0].summary, "minutes has incorrect amount of elements");
        let d = relative_duration(AttributePath::attribute("x"), &Value::from("fortnights=1"));
        assert_eq!(d[0].summary, "fortnights=1 has incorrect key fortnights");
        assert!(relative_duration(AttributePath::attribute("x"), &Value::from("minutes=1=2")).is_empty());
    }

    #[test]
    fn descriptions() {
        assert_eq!(describe("", None, true), "Generated.");
        assert_eq!(describe("", Some("true"), false), "Defaults to `true`.");
        assert_eq!(
            describe(&enum_description(&["a", "b"]), Some("a"), false),
            "Allowed values:\n  - `a`\n  - `b`\n Defaults to `a`."
        );
    }
}
