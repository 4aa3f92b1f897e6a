//! The real provider's read (`resourceProviderOAuth2Read`): every attribute
//! is set from the API except `jwks_sources`; `property_mappings`,
//! `allowed_redirect_uris` and the `jwt_*` lists keep the order they have in
//! the state (`ListConsistentMerge`). An entry read back with a
//! `redirect_uri_type` the state lacks counts as a different entry — which
//! is how a configuration without `redirect_uri_type` keeps showing a change.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use terraform_plugin::protocol::{Number, Value};

use crate::provider::release::ProviderRelease;
use crate::provider::sdk::{list_consistent_merge, string_list, strings};

fn json_str(json: &Json, key: &str) -> Value {
    match json.get(key) {
        Some(Json::String(s)) => Value::from(s.as_str()),
        _ => Value::Null,
    }
}

fn json_strings(json: &Json, key: &str) -> Vec<String> {
    json.get(key)
        .and_then(Json::as_array)
        .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// `CustomRedirectURI`: the type is empty when absent.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RedirectEntry {
    matching_mode: String,
    url: String,
    redirect_uri_type: String,
}

fn entries_of_state(value: &Value) -> Vec<RedirectEntry> {
    let Value::List(items) = value else { return Vec::new() };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Map(map) => {
                let get = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                Some(RedirectEntry {
                    matching_mode: get("matching_mode"),
                    url: get("url"),
                    redirect_uri_type: get("redirect_uri_type"),
                })
            }
            _ => None,
        })
        .collect()
}

fn entries_of_api(json: &Json) -> Vec<RedirectEntry> {
    json.get("redirect_uris")
        .and_then(Json::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| RedirectEntry {
                    matching_mode: item
                        .get("matching_mode")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    url: item.get("url").and_then(Json::as_str).unwrap_or_default().to_string(),
                    redirect_uri_type: item
                        .get("redirect_uri_type")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn entry_value(entry: RedirectEntry) -> Value {
    let mut map = BTreeMap::new();
    map.insert("matching_mode".to_string(), Value::String(entry.matching_mode));
    map.insert("url".to_string(), Value::String(entry.url));
    if !entry.redirect_uri_type.is_empty() {
        map.insert("redirect_uri_type".to_string(), Value::String(entry.redirect_uri_type));
    }
    Value::Map(map)
}

/// The state after reading `api` (the provider as the API returned it),
/// starting from `old` (the state, or the plan during create and update).
pub(crate) fn from_api(release: ProviderRelease, api: &Json, old: &Value) -> Value {
    let mut state = old.clone();
    for key in [
        "name",
        "authentication_flow",
        "authorization_flow",
        "invalidation_flow",
        "client_id",
        "client_secret",
        "client_type",
        "issuer_mode",
        "logout_method",
        "logout_uri",
        "signing_key",
        "encryption_key",
        "sub_mode",
        "access_code_validity",
        "access_token_validity",
        "refresh_token_validity",
        "refresh_token_threshold",
    ] {
        state.set_attribute(key, json_str(api, key));
    }
    if release.grant_types {
        state.set_attribute("grant_types", string_list(json_strings(api, "grant_types")));
    }
    state.set_attribute(
        "include_claims_in_id_token",
        api.get("include_claims_in_id_token")
            .and_then(Json::as_bool)
            .map_or(Value::Null, Value::Bool),
    );
    for key in ["property_mappings", "jwt_federation_sources"] {
        let merged = list_consistent_merge(&strings(old.get(key)), &json_strings(api, key));
        state.set_attribute(key, string_list(merged));
    }
    let mut from_state = entries_of_state(old.get("allowed_redirect_uris"));
    let mut from_server = entries_of_api(api);
    if !release.redirect_uri_type {
        // v2025.12.1's entries are exactly matching_mode and url, on both sides.
        for entry in from_state.iter_mut().chain(from_server.iter_mut()) {
            entry.redirect_uri_type.clear();
        }
    }
    let redirects = list_consistent_merge(&from_state, &from_server);
    state.set_attribute(
        "allowed_redirect_uris",
        Value::List(redirects.into_iter().map(entry_value).collect()),
    );
    let old_providers: Vec<i64> = match old.get("jwt_federation_providers") {
        Value::List(items) => items
            .iter()
            .filter_map(|v| v.as_number().and_then(Number::as_i64))
            .collect(),
        _ => Vec::new(),
    };
    let api_providers: Vec<i64> = api
        .get("jwt_federation_providers")
        .and_then(Json::as_array)
        .map(|items| items.iter().filter_map(Json::as_i64).collect())
        .unwrap_or_default();
    state.set_attribute(
        "jwt_federation_providers",
        Value::List(
            list_consistent_merge(&old_providers, &api_providers)
                .into_iter()
                .map(Value::from)
                .collect(),
        ),
    );
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_entry_without_type_reads_back_as_a_new_entry_with_it() {
        let old = Value::object([(
            "allowed_redirect_uris",
            Value::List(vec![Value::Map(BTreeMap::from([
                ("matching_mode".to_string(), Value::from("strict")),
                ("url".to_string(), Value::from("https://x/cb")),
            ]))]),
        )]);
        let api = json!({"redirect_uris": [{"matching_mode": "strict", "url": "https://x/cb", "redirect_uri_type": "authorization"}]});
        let state = from_api(ProviderRelease::default(), &api, &old);
        let Value::List(items) = state.get("allowed_redirect_uris") else {
            panic!("list")
        };
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0],
            entry_value(RedirectEntry {
                matching_mode: "strict".into(),
                url: "https://x/cb".into(),
                redirect_uri_type: "authorization".into(),
            })
        );
    }

    #[test]
    fn property_mappings_keep_the_state_order() {
        let old = Value::object([("property_mappings", string_list(["b".to_string(), "a".to_string()]))]);
        let state = from_api(
            ProviderRelease::default(),
            &json!({"property_mappings": ["a", "b", "c"]}),
            &old,
        );
        assert_eq!(strings(state.get("property_mappings")), vec!["b", "a", "c"]);
    }
}
