//! Conversions between a key's model and Frappe's document JSON, and the
//! equivalences that keep plans stable: Frappe returns `0`/`1` for booleans,
//! drops null fields, and stores JSON text verbatim, so values are compared
//! by meaning and the spelling already in state is kept when the meaning is
//! the same.

use serde_json::{Map, Value as Json};

use super::model::SocialLoginKeyModel;
use frappe_client::doctypes::fields::FieldKind;
use frappe_client::doctypes::social_login_key::{FIELDS, SET_ONLY_ONCE};
use frappe_client::Document;
use terraform_plugin::framework::Model;
use terraform_plugin::protocol::Value;

/// Null and `""` mean the same to Frappe (an unset field).
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// Parses JSON text; `None` if it is not JSON.
pub fn parse_json(text: &str) -> Option<Json> {
    serde_json::from_str(text).ok()
}

/// Whether two values of a field mean the same to Frappe.
pub fn equivalent(kind: FieldKind, a: &Value, b: &Value) -> bool {
    if a == b || (is_empty(a) && is_empty(b)) {
        return true;
    }
    match (kind, a, b) {
        (FieldKind::Json, Value::String(x), Value::String(y)) => match (parse_json(x), parse_json(y)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// The JSON Frappe expects for a field value: strings as they are, booleans as 0/1.
pub fn to_frappe(kind: FieldKind, value: &Value) -> Json {
    match (kind, value) {
        (FieldKind::Check, Value::Bool(b)) => Json::from(i64::from(*b)),
        (_, Value::String(s)) => Json::String(s.clone()),
        (_, Value::Bool(b)) => Json::from(i64::from(*b)),
        (_, Value::Number(n)) => Json::String(n.to_string()),
        _ => Json::Null,
    }
}

/// A field of a Frappe document as a Terraform value (absent → null).
pub fn from_frappe(kind: FieldKind, json: Option<&Json>) -> Value {
    match (kind, json) {
        (_, None | Some(Json::Null)) => Value::Null,
        (FieldKind::Check, Some(j)) => Value::Bool(frappe_truthy(j)),
        (_, Some(Json::String(s))) => Value::String(s.clone()),
        (_, Some(Json::Number(n))) => Value::String(n.to_string()),
        (_, Some(Json::Bool(b))) => Value::String(if *b { "1" } else { "0" }.to_string()),
        (_, Some(other)) => Value::String(other.to_string()),
    }
}

/// How Frappe stores a Check value it was sent: 1 for 1, true and "1".
fn frappe_truthy(j: &Json) -> bool {
    match j {
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => s.trim() == "1",
        _ => false,
    }
}

/// The value of a Frappe field in a model (every field is an attribute; a
/// unit test checks it).
fn attribute<'m>(model: &'m SocialLoginKeyModel, field: &str) -> &'m Value {
    static NULL: Value = Value::Null;
    model.get(field).unwrap_or(&NULL)
}

/// The document fields for creating a key: every known, non-null stored
/// field the site has (`site_has`). The secret is passed separately because
/// it may come from a write-only attribute.
pub fn document_for_create(
    planned: &SocialLoginKeyModel,
    secret: Option<&str>,
    site_has: impl Fn(&str) -> bool,
) -> Document {
    let mut doc = Map::new();
    for field in FIELDS.iter().filter(|f| site_has(f.name)) {
        if field.kind == FieldKind::Password {
            continue;
        }
        let value = attribute(planned, field.name);
        if !value.is_null() && !value.is_unknown() {
            doc.insert(field.name.to_string(), to_frappe(field.kind, value));
        }
    }
    if let Some(secret) = secret {
        doc.insert("client_secret".into(), Json::String(secret.to_string()));
    }
    doc
}

/// The fields a partial update must send: those whose meaning changed.
/// `provider_name` and `social_login_provider` never change in place.
pub fn document_for_update(
    prior: &SocialLoginKeyModel,
    planned: &SocialLoginKeyModel,
    secret: Option<&str>,
    site_has: impl Fn(&str) -> bool,
) -> Document {
    let mut doc = Map::new();
    for field in FIELDS.iter().filter(|f| site_has(f.name)) {
        if SET_ONLY_ONCE.contains(&field.name) || field.kind == FieldKind::Password {
            continue;
        }
        let (before, after) = (attribute(prior, field.name), attribute(planned, field.name));
        if after.is_unknown() || equivalent(field.kind, before, after) {
            continue;
        }
        doc.insert(field.name.to_string(), to_frappe(field.kind, after));
    }
    if let Some(secret) = secret {
        doc.insert("client_secret".into(), Json::String(secret.to_string()));
    }
    doc
}

/// Builds the state of a key from its document. Where the stored value means
/// the same as the one already in `prior` state, `prior`'s spelling is kept;
/// the secret and Terraform-only attributes come from `prior` (Frappe never
/// returns a secret; drift of it is checked separately). A field the site
/// does not have is absent from its answers and reads as null.
pub fn state_from_document(doc: &Document, prior: &SocialLoginKeyModel) -> SocialLoginKeyModel {
    let mut state = SocialLoginKeyModel::default();
    for field in FIELDS {
        if field.kind == FieldKind::Password {
            continue;
        }
        let stored = from_frappe(field.kind, doc.get(field.name));
        let before = attribute(prior, field.name);
        let value = if !before.is_unknown() && equivalent(field.kind, &stored, before) {
            before.clone()
        } else {
            stored
        };
        if let Some(slot) = state.get_mut(field.name) {
            *slot = value;
        }
    }
    state.id = Value::from(doc.get("name").and_then(Json::as_str).map(str::to_owned));
    state.client_secret = prior.client_secret.clone();
    state.client_secret_wo_version = prior.client_secret_wo_version.clone();
    state
}

/// The length Frappe's masked `client_secret` column reveals (asterisks, one per character).
pub fn masked_secret_length(doc: &Document) -> Option<usize> {
    match doc.get("client_secret") {
        Some(Json::String(s)) if !s.is_empty() && s.chars().all(|c| c == '*') => Some(s.chars().count()),
        _ => None,
    }
}

/// Whether an existing key is the one a lost create sent (the secret and the
/// icon, which Frappe may rewrite, aside).
pub fn matches_sent(sent: &Document, existing: &Document) -> bool {
    sent.iter()
        .filter(|(name, _)| !matches!(name.as_str(), "client_secret" | "icon"))
        .all(|(name, value)| match FIELDS.iter().find(|f| f.name == name) {
            Some(f) => equivalent(
                f.kind,
                &from_frappe(f.kind, Some(value)),
                &from_frappe(f.kind, existing.get(name.as_str())),
            ),
            None => existing.get(name.as_str()) == Some(value) || value == &Json::Null,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(j: Json) -> Document {
        j.as_object().cloned().unwrap_or_default()
    }

    fn model(pairs: &[(&str, Value)]) -> SocialLoginKeyModel {
        let mut m = SocialLoginKeyModel::default();
        for (k, val) in pairs {
            *m.get_mut(k).expect("an attribute") = val.clone();
        }
        m
    }

    fn everything(_: &str) -> bool {
        true
    }

    #[test]
    fn every_frappe_field_is_an_attribute() {
        for field in FIELDS {
            assert!(
                SocialLoginKeyModel::default().get(field.name).is_some(),
                "{} missing",
                field.name
            );
        }
    }

    #[test]
    fn create_sends_known_fields_with_booleans_as_integers() {
        let p = model(&[
            ("provider_name", Value::from("authentik")),
            ("enable_social_login", Value::Bool(true)),
            ("custom_base_url", Value::Bool(false)),
            ("id", Value::unknown()),
            ("client_secret", Value::from("s3cret")),
        ]);
        let d = document_for_create(&p, Some("s3cret"), everything);
        assert_eq!(d["provider_name"], json!("authentik"));
        assert_eq!(d["enable_social_login"], json!(1));
        assert_eq!(d["custom_base_url"], json!(0));
        assert_eq!(d["client_secret"], json!("s3cret"));
        assert!(!d.contains_key("id") && !d.contains_key("client_id"));
    }

    #[test]
    fn fields_the_site_lacks_are_never_sent() {
        let p = model(&[
            ("provider_name", Value::from("authentik")),
            ("sign_ups", Value::from("Allow")),
        ]);
        let d = document_for_create(&p, None, |f| f != "sign_ups");
        assert!(!d.contains_key("sign_ups"));
        let prior = model(&[("sign_ups", Value::from(""))]);
        let d = document_for_update(&prior, &p, None, |f| f != "sign_ups");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn update_sends_only_what_changed_in_meaning() {
        let prior = model(&[
            ("client_id", Value::from("a")),
            (
                "auth_url_data",
                Value::from(r#"{"scope": "openid", "response_type": "code"}"#),
            ),
            ("api_endpoint", Value::from("/x")),
            ("sign_ups", Value::from("")),
            ("provider_name", Value::from("authentik")),
        ]);
        let next = model(&[
            ("client_id", Value::from("b")),
            (
                "auth_url_data",
                Value::from(r#"{"response_type":"code","scope":"openid"}"#),
            ),
            ("api_endpoint", Value::Null),
            ("sign_ups", Value::Null),
            ("provider_name", Value::from("authentik")),
        ]);
        let d = document_for_update(&prior, &next, None, everything);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d["client_id"], json!("b"));
        assert_eq!(d["api_endpoint"], Json::Null);
    }

    #[test]
    fn reading_keeps_the_spelling_in_state_when_the_meaning_is_equal() {
        let prior = model(&[
            ("auth_url_data", Value::from("{ \"scope\" : \"openid\" }")),
            ("sign_ups", Value::Null),
            ("enable_social_login", Value::Bool(true)),
            ("client_secret", Value::from("kept")),
        ]);
        let d = doc(json!({
            "name": "authentik",
            "auth_url_data": "{\"scope\":\"openid\"}",
            "sign_ups": "",
            "enable_social_login": 1,
            "client_secret": "****",
            "custom_base_url": 0,
        }));
        let s = state_from_document(&d, &prior);
        assert_eq!(s.auth_url_data, Value::from("{ \"scope\" : \"openid\" }"));
        assert_eq!(s.sign_ups, Value::Null);
        assert_eq!(s.enable_social_login, Value::Bool(true));
        assert_eq!(s.custom_base_url, Value::Bool(false));
        assert_eq!(s.client_secret, Value::from("kept"));
        assert_eq!(s.id, Value::from("authentik"));
        assert!(s.client_secret_wo.is_null());
    }

    #[test]
    fn reading_reports_real_changes() {
        let prior = model(&[
            ("auth_url_data", Value::from(r#"{"scope":"openid"}"#)),
            ("base_url", Value::from("https://a")),
        ]);
        let d = doc(json!({"name": "x", "auth_url_data": "{\"scope\":\"email\"}"}));
        let s = state_from_document(&d, &prior);
        assert_eq!(s.auth_url_data, Value::from(r#"{"scope":"email"}"#));
        assert!(s.base_url.is_null(), "a field removed on the site reads as null");
    }

    #[test]
    fn check_fields_accept_every_spelling_frappe_returns() {
        assert_eq!(from_frappe(FieldKind::Check, Some(&json!(1))), Value::Bool(true));
        assert_eq!(from_frappe(FieldKind::Check, Some(&json!("0"))), Value::Bool(false));
        assert_eq!(from_frappe(FieldKind::Check, Some(&json!(true))), Value::Bool(true));
        assert_eq!(from_frappe(FieldKind::Check, None), Value::Null);
    }

    #[test]
    fn masked_secret_length_counts_asterisks() {
        assert_eq!(masked_secret_length(&doc(json!({"client_secret": "******"}))), Some(6));
        assert_eq!(masked_secret_length(&doc(json!({}))), None);
        assert_eq!(masked_secret_length(&doc(json!({"client_secret": "plain"}))), None);
    }

    #[test]
    fn invalid_json_is_only_equal_to_itself() {
        assert!(!equivalent(FieldKind::Json, &Value::from("{"), &Value::from("{ ")));
        assert!(equivalent(FieldKind::Json, &Value::from("{"), &Value::from("{")));
        assert!(!equivalent(FieldKind::Data, &Value::from("a"), &Value::from("a ")));
    }

    #[test]
    fn lost_creates_are_matched_by_meaning() {
        let sent = json!({"provider_name": "A", "enable_social_login": 1, "auth_url_data": "{\"a\": 1}", "client_secret": "x", "icon": "i"});
        let stored = json!({"name": "a", "provider_name": "A", "enable_social_login": 1, "auth_url_data": "{\"a\":1}", "client_secret": "*", "icon": "other"});
        assert!(matches_sent(&doc(sent.clone()), &doc(stored)));
        let other = json!({"name": "a", "provider_name": "A", "enable_social_login": 0});
        assert!(!matches_sent(&doc(sent), &doc(other)));
    }
}
