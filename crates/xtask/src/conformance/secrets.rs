//! The check that a recording holds no token, password or secret: the shapes Frappe's API
//! keys and authentik's tokens and client secrets have, and the fields that carry them, must
//! only ever hold placeholders (`{{name}}`), markers (`<redacted>`, `<opaque>`) or Frappe's
//! asterisks.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Frappe `api_key:api_secret` (15 + 15 characters, `frappe.generate_hash(length=15)`).
static FRAPPE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9a-z]{15}:[0-9a-z]{15}").expect("a valid pattern"));
/// authentik API tokens (60 characters), client ids (40) and secrets (128), JWTs.
static LONG_TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9]{40,}").expect("a valid pattern"));
/// `Bearer …`/`token …` followed by something with a digit in it (words like "token URL" are
/// prose, not credentials).
static BEARER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:bearer|token|basic) ([A-Za-z0-9_\-:+/=]{6,})").expect("a valid pattern"));

/// Keys whose values are credentials.
const SECRET_KEYS: &[&str] = &[
    "api_key",
    "api_secret",
    "client_secret",
    "password",
    "new_password",
    "access_token",
    "refresh_token",
    "id_token",
    "key",
    "token",
    "authorization",
];

/// A suspicious value: where it is and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    pub pointer: String,
    pub reason: &'static str,
}

/// Every place in `value` that looks like a credential.
pub fn scan(value: &Value) -> Vec<Finding> {
    let mut found = Vec::new();
    walk("", None, value, &mut found);
    found
}

fn walk(pointer: &str, key: Option<&str>, value: &Value, found: &mut Vec<Finding>) {
    match value {
        Value::Object(map) => {
            for (child, value) in map {
                walk(&format!("{pointer}/{child}"), Some(child), value, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(&format!("{pointer}/{index}"), key, item, found);
            }
        }
        Value::String(text) => {
            let mut flag = |reason| {
                found.push(Finding {
                    pointer: pointer.to_string(),
                    reason,
                })
            };
            if FRAPPE_TOKEN.is_match(text) {
                flag("looks like a Frappe api_key:api_secret");
            }
            if LONG_TOKEN.is_match(text) {
                flag("a run of 40 or more letters and digits, like a token or client secret");
            }
            if BEARER
                .captures_iter(text)
                .any(|found| found[1].chars().any(|c| c.is_ascii_digit()))
            {
                flag("an Authorization header value");
            }
            let secret_key = key.is_some_and(|key| SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str()));
            if secret_key && !harmless(text) {
                flag("a credential field with a real value");
            }
        }
        _ => {}
    }
}

/// What a credential field may hold in a recording.
fn harmless(text: &str) -> bool {
    text.is_empty()
        || text.chars().all(|c| c == '*')
        || (text.starts_with('<') && text.ends_with('>'))
        || (text.starts_with("{{") && text.ends_with("}}"))
        // The scenarios' own made-up secrets say so; a weak password the policy refuses is
        // shorter than any generated secret.
        || text.starts_with("not-a-secret-")
        || text.len() < 6
        // A JSON pointer naming where a capture finds the value.
        || text.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_markers_and_asterisks_pass() {
        let clean = json!({"data": {"api_key": "<redacted>", "api_secret": "*****", "client_secret": "{{client_secret}}",
                                    "client_id": "<opaque>", "new_password": ""}});
        assert_eq!(scan(&clean), []);
    }

    #[test]
    fn tokens_and_secrets_are_found() {
        let leaky = json!({
            "a": "token 0123456789abcde:edcba9876543210",
            "b": {"api_key": "0123456789abcde"},
            "c": ["vZ2JpBx9QmTq7cN1Lk4RsWy8Ea3Hf6Ud0Go5Ip2Xn7Mb4Vc1Zt9Jr3Sw6Pe8KlQa"],
            "d": "Authorization: Bearer abc123def",
            "e": "Please enter Access Token URL"
        });
        let pointers: Vec<String> = scan(&leaky).into_iter().map(|f| f.pointer).collect();
        assert_eq!(pointers, ["/a", "/a", "/b/api_key", "/c/0", "/d"]);
    }
}
