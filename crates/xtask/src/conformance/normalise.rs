//! Turning an answer into what a recording keeps: values that change from run to run are
//! replaced by the variable they came from (`{{name}}`) or by a marker saying what kind of
//! value stood there (`<datetime>`, `<hash>`, `<uuid>`, `<opaque>`, `<traceback>`), and
//! Frappe's `_server_messages` (JSON in a JSON string, twice) is decoded so a difference
//! names the message field that differs.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::variables::{placeholder, Variables};

static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$").expect("a valid pattern")
});
/// `frappe.generate_hash(length=10)`: the names of child rows and hash-named documents (base
/// 36, so only recognised under the keys that hold names).
static FRAPPE_HASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9a-z]{10}$").expect("a valid pattern"));
/// Keys whose 10-character base-36 values are generated names.
const NAME_KEYS: &[&str] = &["name", "parent"];
/// Inside a message: a timestamp (TimestampMismatchError names both), the provisional hash
/// name of a document that failed before naming (`[ToDo, kkujahvq5u]: description`), the
/// site's database name (`_9e44e12d7f7ce993`.`tabToDo`).
static EMBEDDED: LazyLock<[(Regex, &'static str); 3]> = LazyLock::new(|| {
    [
        (
            Regex::new(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?").expect("a valid pattern"),
            "<datetime>",
        ),
        (Regex::new(r", [0-9a-z]{10}\]").expect("a valid pattern"), ", <hash>]"),
        (Regex::new(r"`_[0-9a-f]{16}`").expect("a valid pattern"), "`<database>`"),
    ]
});
static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").expect("a valid pattern")
});
/// Generated keys, ids and secrets, certificate data: 32 or more base64/hex characters (no
/// dots or colons, so module paths and URLs stay) with at least one digit.
static OPAQUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_\-+/=]{32,}$").expect("a valid pattern"));
/// Shorter generated values (a certificate's `x5t`, 27 characters): 20 or more base64
/// characters mixing upper case, lower case and digits, as words and names do not.
static SHORT_OPAQUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_\-+/=]{20,}$").expect("a valid pattern"));
/// Certificate fingerprints (`AB:CD:…`).
static FINGERPRINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9A-Fa-f]{2}:){15,}[0-9A-Fa-f]{2}$").expect("a valid pattern"));
/// A Frappe-style date of today (`YYYY-MM-DD`) — a default some DocTypes fill in.
static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("a valid pattern"));

/// Keys whose text values are always generated: a key's thumbprints and id, OAuth2 client
/// credentials.
const GENERATED_KEYS: &[&str] = &["x5t", "x5t#S256", "kid", "client_id", "client_secret"];

/// `getdoctype`'s code bundles (`frappe/desk/form/meta.py` `FormMeta._add_code`): Frappe's own
/// front-end files, each after a `/* Adding <path> */` comment. Their text changes with every
/// release and build of the app, and an emulator cannot carry it without copying Frappe's code;
/// which files a bundle holds is what a site's answer says about the DocType, so that is kept.
const CODE_BUNDLE_KEYS: &[&str] = &["__js", "__css", "__list_js", "__calendar_js", "__tree_js", "__map_js"];
static ADDED_FILE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/\* Adding (\S+) \*/").expect("a valid pattern"));

/// Keys whose integer values are database ids (authentik's primary keys).
const ID_KEYS: &[&str] = &["pk", "provider", "num_pk"];

/// What a body becomes in a recording.
pub fn normalise(body: &Value, vars: &Variables, today: &str) -> Value {
    let mut normalised = normalise_at(None, body, vars, today);
    for key in ["data", "message"] {
        if let Some(document) = normalised.get_mut(key) {
            sort_administrator_roles(document);
        }
    }
    normalised
}

/// Administrator's role rows, sorted by role and numbered again. `after_install` gives
/// Administrator every Role in `modified desc` order (`frappe/utils/install.py`), and the roles
/// the DocType sync created within the same instant tie, so the order is the install's: two
/// installs of the same release disagree (the v15.55.1 MariaDB and PostgreSQL sites do).
fn sort_administrator_roles(document: &mut Value) {
    let is_administrator = document.get("doctype").and_then(Value::as_str) == Some("User")
        && document.get("name").and_then(Value::as_str) == Some("Administrator");
    let Some(Value::Array(rows)) = document.get_mut("roles").filter(|_| is_administrator) else {
        return;
    };
    rows.sort_by(|a, b| {
        let role = |row: &Value| row.get("role").and_then(Value::as_str).unwrap_or_default().to_string();
        role(a).cmp(&role(b))
    });
    for (index, row) in rows.iter_mut().enumerate() {
        if let Some(idx) = row.get_mut("idx") {
            *idx = Value::from(index + 1);
        }
    }
}

fn normalise_at(key: Option<&str>, value: &Value, vars: &Variables, today: &str) -> Value {
    match (key, value) {
        (Some("exc"), Value::String(_)) => Value::from("<traceback>"),
        (Some(key), Value::String(text)) if CODE_BUNDLE_KEYS.contains(&key) => Value::from(code_bundle(text)),
        // authentik's flow cache counter grows as flows are used.
        (Some("cache_count"), Value::Number(_)) => Value::from("<count>"),
        (Some("_server_messages"), Value::String(text)) => normalise_at(None, &decode_messages(text), vars, today),
        (Some(key), Value::Number(number)) if ID_KEYS.contains(&key) => match vars.name_of_number(number) {
            Some(name) => Value::from(placeholder(name)),
            None => Value::from("<id>"),
        },
        (Some(key), Value::String(text)) if NAME_KEYS.contains(&key) && FRAPPE_HASH.is_match(text) => {
            match vars.name_of_text(text) {
                Some(name) => Value::from(placeholder(name)),
                None => Value::from("<hash>"),
            }
        }
        (Some(key), Value::String(text)) if GENERATED_KEYS.contains(&key) => {
            let normalised = normalise_text(text, vars, today);
            // Random text need not contain a digit (a 27-character `x5t` lacks one about
            // once in a hundred keys), so under these keys the shape alone decides.
            if normalised == *text && SHORT_OPAQUE.is_match(text) {
                Value::from("<opaque>")
            } else {
                Value::String(normalised)
            }
        }
        (_, Value::String(text)) => Value::String(normalise_text(text, vars, today)),
        (_, Value::Array(items)) => {
            Value::Array(items.iter().map(|item| normalise_at(None, item, vars, today)).collect())
        }
        (_, Value::Object(map)) => Value::Object(
            map.iter()
                // Keys too: v14's `select *` returns the column a deleted custom field of
                // this run left behind (`conf_{{run}}`).
                .map(|(key, value)| (vars.unfill_text(key), normalise_at(Some(key), value, vars, today)))
                .collect::<Map<String, Value>>(),
        ),
        (_, other) => other.clone(),
    }
}

fn normalise_text(text: &str, vars: &Variables, today: &str) -> String {
    if let Some(name) = vars.name_of_text(text) {
        if !text.is_empty() {
            return placeholder(name);
        }
    }
    let text = vars.unfill_text(text);
    if text.starts_with("-----BEGIN ") {
        "<pem>".to_string()
    } else if DATETIME.is_match(&text) {
        "<datetime>".to_string()
    } else if DATE.is_match(&text) && text == today {
        "<today>".to_string()
    } else if UUID.is_match(&text) {
        "<uuid>".to_string()
    } else if FINGERPRINT.is_match(&text) || looks_generated(&text) {
        "<opaque>".to_string()
    } else {
        EMBEDDED.iter().fold(text, |text, (pattern, marker)| {
            pattern.replace_all(&text, *marker).into_owned()
        })
    }
}

/// `<asset: path, …>`: the files a code bundle adds, without their text.
fn code_bundle(text: &str) -> String {
    if text.starts_with("<asset") {
        return text.to_string();
    }
    let files: Vec<&str> = ADDED_FILE
        .captures_iter(text)
        .filter_map(|captures| captures.get(1).map(|m| m.as_str()))
        .collect();
    format!("<asset: {}>", files.join(", "))
}

/// A generated key, id or secret: long and with a digit, or shorter and mixing cases and digits.
fn looks_generated(text: &str) -> bool {
    let digit = text.chars().any(|c| c.is_ascii_digit());
    let mixed = text.chars().any(|c| c.is_ascii_uppercase()) && text.chars().any(|c| c.is_ascii_lowercase());
    (OPAQUE.is_match(text) && digit) || (SHORT_OPAQUE.is_match(text) && digit && mixed)
}

/// `_server_messages`: a JSON list of JSON-encoded message objects (or plain strings).
fn decode_messages(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(inner) => serde_json::from_str(&inner).unwrap_or(Value::String(inner)),
                    other => other,
                })
                .collect(),
        ),
        _ => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generated_values_without_a_digit_are_still_opaque_under_their_keys() {
        let vars = Variables::default();
        let key = json!({"x5t": "AbCdEfGhIjKlMnOpQrStUvWxYz_", "kid": "short",
                         "alg": "RS256", "exc_type": "AuthorizeUrlNotSetError"});
        let normalised = normalise(&key, &vars, "2026-12-07");
        assert_eq!(normalised["x5t"], "<opaque>");
        // Too short to be generated, and not under a generated key: kept as they are.
        assert_eq!(normalised["kid"], "short");
        assert_eq!(normalised["exc_type"], "AuthorizeUrlNotSetError");
    }

    #[test]
    fn volatile_values_become_markers_and_messages_are_decoded() {
        let mut vars = Variables::default();
        vars.set("todo", json!("b3c1d2e4f5"));
        vars.set("run", json!("zzqqxx"));
        let body = json!({
            "data": {"name": "b3c1d2e4f5", "modified": "2026-12-07 13:01:02.123456", "idx": 0,
                     "roles": [{"name": "0a1b2c3d4e", "role": "Role zzqqxx"}], "date": "2030-01-01",
                     "description": "[ToDo, kkujahvq5u]: modified (2026-12-07 13:10:39.439354)"},
            "exc": "[\"Traceback ...\"]",
            "_server_messages": "[\"{\\\"message\\\": \\\"Saved zzqqxx\\\"}\"]"
        });
        let normalised = normalise(&body, &vars, "2026-12-07");
        assert_eq!(
            normalised,
            json!({
                "data": {"name": "{{todo}}", "modified": "<datetime>", "idx": 0,
                         "roles": [{"name": "<hash>", "role": "Role {{run}}"}], "date": "2030-01-01",
                         "description": "[ToDo, <hash>]: modified (<datetime>)"},
                "exc": "<traceback>",
                "_server_messages": [{"message": "Saved {{run}}"}]
            })
        );
    }

    #[test]
    fn code_bundles_keep_the_files_they_add_not_their_text() {
        let vars = Variables::default();
        let bundle = "\n\n/* Adding apps/frappe/frappe/desk/doctype/todo/todo.js */\n\nfrappe.ui.form.on(\"ToDo\", {});\n\n//# sourceURL=todo__js";
        let meta = json!({"__js": bundle, "__css": null, "__custom_js": "\n\n//# sourceURL=todo__custom_js"});
        let normalised = normalise(&meta, &vars, "");
        assert_eq!(
            normalised["__js"],
            "<asset: apps/frappe/frappe/desk/doctype/todo/todo.js>"
        );
        assert_eq!(normalised["__css"], Value::Null);
        assert_eq!(normalised["__custom_js"], "\n\n//# sourceURL=todo__custom_js");
        // Normalising a recorded answer again changes nothing.
        assert_eq!(normalise(&normalised, &vars, ""), normalised);
    }

    #[test]
    fn ids_are_named_after_the_variable_that_captured_them() {
        let mut vars = Variables::default();
        vars.set("provider", json!(12));
        let normalised = normalise(&json!({"pk": 12, "provider": 12, "num_pk": 3, "order": 12}), &vars, "");
        assert_eq!(
            normalised,
            json!({"pk": "{{provider}}", "provider": "{{provider}}", "num_pk": "<id>", "order": 12})
        );
    }

    #[test]
    fn administrators_roles_are_compared_in_role_order() {
        let vars = Variables::default();
        let body = json!({"data": {"name": "Administrator", "doctype": "User", "roles": [
            {"idx": 1, "role": "Administrator"},
            {"idx": 2, "role": "Translator"},
            {"idx": 3, "role": "All"}
        ]}});
        let normalised = normalise(&body, &vars, "2026-01-01");
        assert_eq!(
            normalised["data"]["roles"],
            json!([
                {"idx": 1, "role": "Administrator"},
                {"idx": 2, "role": "All"},
                {"idx": 3, "role": "Translator"}
            ])
        );
        // Anybody else's rows keep the order the user gave them.
        let other = json!({"data": {"name": "a@example.com", "doctype": "User", "roles": [
            {"idx": 1, "role": "Translator"},
            {"idx": 2, "role": "All"}
        ]}});
        assert_eq!(normalise(&other, &vars, "2026-01-01"), other);
    }
}
