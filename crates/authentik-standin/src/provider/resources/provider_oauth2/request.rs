//! The body the real provider sends for create and update
//! (`resourceProviderOAuth2SchemaToProvider`), built from the planned
//! state. What `GetOk` finds unset is left out or sent as null exactly as
//! the Go code does; `grant_types` is sent only when non-empty.

use serde_json::{json, Map, Value as Json};
use terraform_plugin::protocol::{Diagnostic, Value};

use crate::provider::release::ProviderRelease;
use crate::provider::sdk::{get_ok, strings};

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// `helpers.GetP[string]`: the string when `GetOk`, else absent.
fn get_p(value: &Value) -> Option<String> {
    get_ok(value).then(|| text(value))
}

/// The API request body, or the error that stands for the real provider's
/// crash on a redirect entry without `matching_mode` or `url`.
pub(crate) fn body(release: ProviderRelease, planned: &Value) -> Result<Json, Diagnostic> {
    let mut body = Map::new();
    body.insert("name".into(), text(planned.get("name")).into());
    body.insert(
        "authorization_flow".into(),
        text(planned.get("authorization_flow")).into(),
    );
    body.insert(
        "authentication_flow".into(),
        get_p(planned.get("authentication_flow")).into(),
    );
    body.insert(
        "invalidation_flow".into(),
        text(planned.get("invalidation_flow")).into(),
    );
    for name in [
        "access_code_validity",
        "access_token_validity",
        "refresh_token_validity",
    ] {
        body.insert(name.into(), text(planned.get(name)).into());
    }
    if let Some(threshold) = get_p(planned.get("refresh_token_threshold")) {
        body.insert("refresh_token_threshold".into(), threshold.into());
    }
    body.insert(
        "include_claims_in_id_token".into(),
        planned
            .get("include_claims_in_id_token")
            .as_bool()
            .unwrap_or(false)
            .into(),
    );
    body.insert("client_id".into(), text(planned.get("client_id")).into());
    if let Some(secret) = get_p(planned.get("client_secret")) {
        body.insert("client_secret".into(), secret.into());
    }
    for name in ["issuer_mode", "sub_mode", "client_type"] {
        body.insert(name.into(), text(planned.get(name)).into());
    }
    body.insert(
        "property_mappings".into(),
        json!(strings(planned.get("property_mappings"))),
    );
    body.insert(
        "jwt_federation_sources".into(),
        json!(strings(planned.get("jwt_federation_sources"))),
    );
    if let Some(method) = get_p(planned.get("logout_method")) {
        body.insert("logout_method".into(), method.into());
    }
    if let Some(uri) = get_p(planned.get("logout_uri")) {
        body.insert("logout_uri".into(), uri.into());
    }
    body.insert("signing_key".into(), get_p(planned.get("signing_key")).into());
    body.insert("encryption_key".into(), get_p(planned.get("encryption_key")).into());
    body.insert(
        "redirect_uris".into(),
        redirect_uris(release, planned.get("allowed_redirect_uris"))?,
    );
    let providers: Vec<i64> = match planned.get("jwt_federation_providers") {
        Value::List(items) => items
            .iter()
            .filter_map(|v| v.as_number().and_then(|n| n.as_i64()))
            .collect(),
        _ => Vec::new(),
    };
    body.insert("jwt_federation_providers".into(), json!(providers));
    // "Only send grant_types when explicitly set": an empty or unset list is left out.
    let grant_types = strings(planned.get("grant_types"));
    if release.grant_types && !grant_types.is_empty() {
        body.insert("grant_types".into(), json!(grant_types));
    }
    Ok(Json::Object(body))
}

/// One string entry of a redirect map; `None` when absent or null.
fn entry<'a>(map: &'a std::collections::BTreeMap<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key).and_then(Value::as_str)
}

fn redirect_uris(release: ProviderRelease, value: &Value) -> Result<Json, Diagnostic> {
    let Value::List(items) = value else {
        return Ok(json!([]));
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Map(map) = item else { continue };
        let (Some(matching_mode), Some(url)) = (entry(map, "matching_mode"), entry(map, "url")) else {
            let missing = if entry(map, "matching_mode").is_none() {
                "matching_mode"
            } else {
                "url"
            };
            return Err(Diagnostic::error(
                format!("allowed_redirect_uris entry without {missing:?}"),
                "The real goauthentik/authentik provider crashes on this entry (a Go panic: \
                 interface conversion: interface {} is nil, not string) and the apply fails. \
                 Give every entry \"matching_mode\" and \"url\".",
            ));
        };
        let mut uri = json!({ "matching_mode": matching_mode, "url": url });
        // v2025.12.1 knows only matching_mode and url.
        let kind = entry(map, "redirect_uri_type").filter(|k| release.redirect_uri_type && !k.is_empty());
        if let Some(kind) = kind {
            uri["redirect_uri_type"] = kind.into();
        }
        out.push(uri);
    }
    Ok(Json::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn redirect(pairs: &[(&str, &str)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(*v)))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn unset_grant_types_and_secret_are_not_sent() {
        let planned = Value::object([
            ("name", Value::from("Frappe")),
            ("client_id", Value::from("frappe")),
            ("client_secret", Value::unknown()),
            ("grant_types", Value::unknown()),
            ("logout_uri", Value::from("")),
            (
                "allowed_redirect_uris",
                Value::List(vec![redirect(&[("matching_mode", "strict"), ("url", "u")])]),
            ),
        ]);
        let body = body(ProviderRelease::default(), &planned).expect("body");
        assert!(body.get("grant_types").is_none());
        assert!(body.get("client_secret").is_none());
        assert!(body.get("logout_uri").is_none());
        assert_eq!(body["authentication_flow"], Json::Null);
        assert_eq!(body["property_mappings"], json!([]));
        assert_eq!(body["redirect_uris"], json!([{"matching_mode": "strict", "url": "u"}]));
    }

    #[test]
    fn an_entry_without_url_is_an_error() {
        let planned = Value::object([(
            "allowed_redirect_uris",
            Value::List(vec![redirect(&[("matching_mode", "strict")])]),
        )]);
        let error = body(ProviderRelease::default(), &planned).expect_err("refused");
        assert!(error.summary.contains("\"url\""));
    }
}
