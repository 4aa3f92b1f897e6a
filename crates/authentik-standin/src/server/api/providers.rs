//! `/api/v3/providers/oauth2/`: OAuth2/OpenID providers, by integer pk.
//!
//! Validation follows authentik's `OAuth2ProviderSerializer` in field order:
//! `name`, `authorization_flow`, `invalidation_flow` and `redirect_uris` are
//! required; `client_id` is unique (generated when missing); `client_secret`
//! is generated (128 characters, A-Za-z0-9) when missing; durations must
//! parse; every related object must exist. Fields a PUT leaves out keep their
//! stored value (DRF only sets what it was given); in particular a provider
//! created without `grant_types` has none, and keeps none.

use serde_json::{json, Map, Value};

use super::fields::{self, Detail, Errors, Text};
use super::{bad_request, json_object, not_found, server_error, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::{
    OAuth2Provider, RedirectUri, CLIENT_TYPES, GRANT_TYPES, ISSUER_MODES, LOGOUT_METHODS, MATCHING_MODES,
    REDIRECT_URI_TYPES, SUB_MODES,
};
use crate::server::oauth::redirect_uris::compile_fullmatch;
use crate::server::store::Store;
use crate::server::{duration, random};

const MAX_CLIENT_CREDENTIAL_LENGTH: usize = 255;

/// The API representation of a provider, or authentik's server error when
/// its stored redirect URIs cannot be read back (see
/// `OAuth2Provider::unreadable_redirect_uris`).
fn readable_json(store: &Store, p: &OAuth2Provider, request: &Incoming) -> Result<Value, Outgoing> {
    if p.unreadable_redirect_uris {
        return Err(server_error(request));
    }
    Ok(to_json(store, p))
}

/// The API representation of a provider.
pub(crate) fn to_json(store: &Store, p: &OAuth2Provider) -> Value {
    let mut out = summary(store, p);
    let Value::Object(map) = &mut out else { return out };
    let extra = json!({
        "client_type": p.client_type,
        "client_id": p.client_id,
        "client_secret": p.client_secret,
        "access_code_validity": p.access_code_validity,
        "access_token_validity": p.access_token_validity,
        "refresh_token_validity": p.refresh_token_validity,
        "refresh_token_threshold": p.refresh_token_threshold,
        "include_claims_in_id_token": p.include_claims_in_id_token,
        "signing_key": p.signing_key,
        "encryption_key": p.encryption_key,
        "redirect_uris": p.redirect_uris.iter().map(|r| {
            let mut entry = json!({ "matching_mode": r.matching_mode, "url": r.url });
            if store.release.redirect_uri_types {
                entry["redirect_uri_type"] = json!(r.redirect_uri_type);
            }
            entry
        }).collect::<Vec<_>>(),
        "logout_uri": p.logout_uri,
        "logout_method": p.logout_method,
        "sub_mode": p.sub_mode,
        "issuer_mode": p.issuer_mode,
        "jwt_federation_sources": p.jwt_federation_sources,
        "jwt_federation_providers": p.jwt_federation_providers,
    });
    if let Value::Object(extra) = extra {
        map.extend(extra);
    }
    if store.release.provider_grant_types {
        map.insert("grant_types".into(), json!(p.grant_types));
    }
    out
}

/// authentik's generic `ProviderSerializer` view (also `provider_obj` of an
/// application).
pub(crate) fn summary(store: &Store, p: &OAuth2Provider) -> Value {
    let application = store.application_of(p.pk);
    let backchannel = store
        .applications
        .iter()
        .find(|a| a.backchannel_providers.contains(&p.pk));
    json!({
        "pk": p.pk,
        "name": p.name,
        "authentication_flow": p.authentication_flow,
        "authorization_flow": p.authorization_flow,
        "invalidation_flow": p.invalidation_flow,
        "property_mappings": p.property_mappings,
        "component": "ak-provider-oauth2-form",
        "assigned_application_slug": application.map(|a| a.slug.clone()),
        "assigned_application_name": application.map(|a| a.name.clone()),
        "assigned_backchannel_application_slug": backchannel.map(|a| a.slug.clone()),
        "assigned_backchannel_application_name": backchannel.map(|a| a.name.clone()),
        "verbose_name": "OAuth2/OpenID Provider",
        "verbose_name_plural": "OAuth2/OpenID Providers",
        "meta_model_name": "authentik_providers_oauth2.oauth2provider",
    })
}

fn parse_pk(text: &str) -> Option<i64> {
    text.parse().ok()
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(
        request,
        &[
            "application",
            "authorization_flow",
            "property_mappings",
            "client_type",
            "access_code_validity",
            "access_token_validity",
            "refresh_token_validity",
            "include_claims_in_id_token",
            "signing_key",
            "redirect_uris",
            "sub_mode",
            "issuer_mode",
        ],
        "name",
    ) {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let mut providers: Vec<&OAuth2Provider> = store
        .providers
        .values()
        .filter(|p| query.get("name").is_none_or(|n| p.name == n))
        .filter(|p| query.get("client_id").is_none_or(|c| p.client_id == c))
        .filter(|p| query.search_matches(&[&p.name]))
        .collect();
    providers.sort_by(|a, b| a.name.cmp(&b.name).then(a.pk.cmp(&b.pk)));
    // One unreadable provider among those listed fails the whole list.
    match providers
        .into_iter()
        .map(|p| readable_json(store, p, request))
        .collect()
    {
        Ok(rows) => query.paginate(rows),
        Err(answer) => answer,
    }
}

pub(super) fn retrieve(store: &Store, pk: &str, request: &Incoming) -> Outgoing {
    match parse_pk(pk).and_then(|pk| store.providers.get(&pk)) {
        Some(p) => readable_json(store, p, request).map_or_else(|answer| answer, |v| Outgoing::json(200, &v)),
        None => not_found("OAuth2Provider", Lookup::Integer, pk),
    }
}

pub(super) fn create(store: &mut Store, request: &Incoming) -> Outgoing {
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let draft = OAuth2Provider {
        // No stored provider has pk 0, so the uniqueness check sees no clash with itself.
        pk: 0,
        name: String::new(),
        authentication_flow: None,
        authorization_flow: String::new(),
        invalidation_flow: String::new(),
        property_mappings: Vec::new(),
        client_type: "confidential".into(),
        client_id: random::alphanumeric(40),
        client_secret: random::alphanumeric(128),
        access_code_validity: "minutes=1".into(),
        access_token_validity: "hours=1".into(),
        refresh_token_validity: "days=30".into(),
        refresh_token_threshold: "seconds=0".into(),
        include_claims_in_id_token: true,
        signing_key: None,
        encryption_key: None,
        redirect_uris: Vec::new(),
        unreadable_redirect_uris: false,
        logout_uri: String::new(),
        logout_method: "backchannel".into(),
        sub_mode: "hashed_user_id".into(),
        issuer_mode: "per_provider".into(),
        jwt_federation_sources: Vec::new(),
        jwt_federation_providers: Vec::new(),
        grant_types: Vec::new(),
    };
    match validate(store, &body, draft, false) {
        Ok(provider) => {
            let pk = store.next_provider_pk();
            let provider = OAuth2Provider { pk, ..provider };
            let answer = Outgoing::json(201, &to_json(store, &provider));
            store.providers.insert(pk, provider);
            answer
        }
        Err(errors) => bad_request(errors),
    }
}

pub(super) fn update(store: &mut Store, pk: &str, request: &Incoming, partial: bool) -> Outgoing {
    let Some(current) = parse_pk(pk).and_then(|pk| store.providers.get(&pk)).cloned() else {
        return not_found("OAuth2Provider", Lookup::Integer, pk);
    };
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    match validate(store, &body, current, partial) {
        Ok(provider) => {
            // authentik saves before it renders the answer, so a provider it
            // cannot read back is stored and the answer is the server error.
            let answer =
                readable_json(store, &provider, request).map_or_else(|answer| answer, |v| Outgoing::json(200, &v));
            store.providers.insert(provider.pk, provider);
            answer
        }
        Err(errors) => bad_request(errors),
    }
}

pub(super) fn destroy(store: &mut Store, pk: &str) -> Outgoing {
    let Some(pk) = parse_pk(pk).filter(|pk| store.providers.contains_key(pk)) else {
        return not_found("OAuth2Provider", Lookup::Integer, pk);
    };
    store.providers.remove(&pk);
    // Application.provider is SET_DEFAULT (null); codes and tokens cascade.
    for application in &mut store.applications {
        if application.provider == Some(pk) {
            application.provider = None;
        }
        application.backchannel_providers.retain(|b| *b != pk);
    }
    store.codes.retain(|_, c| c.grant.provider_pk != pk);
    store.access_tokens.retain(|_, t| t.grant.provider_pk != pk);
    store.refresh_tokens.retain(|_, t| t.grant.provider_pk != pk);
    Outgoing::empty(204)
}

/// Applies `body` to `provider` with the serializer's rules; the error
/// object (DRF's 400 field errors) on failure.
fn validate(
    store: &Store,
    body: &Map<String, Value>,
    mut provider: OAuth2Provider,
    partial: bool,
) -> Result<OAuth2Provider, Value> {
    let mut errors = Errors::default();
    let flow_exists = |uuid: &str| store.flow(uuid).is_some();
    let cert_exists = |uuid: &str| store.certificates.iter().any(|c| c.pk == uuid);
    let mut field =
        |name: &str, required: bool, apply: &mut dyn FnMut(&Value) -> Result<(), Detail>| match body.get(name) {
            Some(value) => {
                if let Err(detail) = apply(value) {
                    errors.add(name, detail);
                }
            }
            None if required && !partial => errors.add(name, fields::message(fields::REQUIRED)),
            None => {}
        };

    field("name", true, &mut |v| {
        let name = fields::text(v, Text::REQUIRED_TEXT)?.unwrap_or_default();
        // `authentik/core/models.py` `Provider.name` is `TextField(unique=True)`;
        // DRF's UniqueValidator words it with the model's default verbose name.
        if store.providers.values().any(|p| p.pk != provider.pk && p.name == name) {
            return Err(fields::message("provider with this name already exists."));
        }
        provider.name = name;
        Ok(())
    });
    field("authentication_flow", false, &mut |v| {
        provider.authentication_flow = match v {
            v if fields::no_object(v) => None,
            v => Some(fields::uuid_pk(v, flow_exists)?),
        };
        Ok(())
    });
    field("authorization_flow", true, &mut |v| {
        provider.authorization_flow = fields::uuid_pk(v, flow_exists)?;
        Ok(())
    });
    field("invalidation_flow", true, &mut |v| {
        provider.invalidation_flow = fields::uuid_pk(v, flow_exists)?;
        Ok(())
    });
    field("property_mappings", false, &mut |v| {
        provider.property_mappings = fields::many(v, |item| {
            fields::uuid_pk(item, |u| store.scope_mappings.iter().any(|m| m.uuid == u))
        })?;
        Ok(())
    });
    field("client_type", false, &mut |v| {
        provider.client_type = fields::choice(v, CLIENT_TYPES)?;
        Ok(())
    });
    let own_pk = provider.pk;
    field("client_id", false, &mut |v| {
        let id = fields::text(
            v,
            Text {
                max_length: Some(MAX_CLIENT_CREDENTIAL_LENGTH),
                ..Text::REQUIRED_TEXT
            },
        )?
        .unwrap_or_default();
        if store.providers.values().any(|p| p.client_id == id && p.pk != own_pk) {
            return Err(fields::message(
                "OAuth2/OpenID Provider with this Client ID already exists.",
            ));
        }
        provider.client_id = id;
        Ok(())
    });
    field("client_secret", false, &mut |v| {
        provider.client_secret = fields::text(
            v,
            Text {
                max_length: Some(MAX_CLIENT_CREDENTIAL_LENGTH),
                ..Text::BLANK_OK
            },
        )?
        .unwrap_or_default();
        Ok(())
    });
    for name in [
        "access_code_validity",
        "access_token_validity",
        "refresh_token_validity",
        "refresh_token_threshold",
    ] {
        field(name, false, &mut |v| {
            let text = fields::text(v, Text::REQUIRED_TEXT)?.unwrap_or_default();
            if duration::seconds(&text).is_err() {
                return Err(fields::message(format!(
                    "{text} is not in the correct format of 'hours=3;minutes=1'."
                )));
            }
            match name {
                "access_code_validity" => provider.access_code_validity = text,
                "access_token_validity" => provider.access_token_validity = text,
                "refresh_token_validity" => provider.refresh_token_validity = text,
                _ => provider.refresh_token_threshold = text,
            }
            Ok(())
        });
    }
    field("include_claims_in_id_token", false, &mut |v| {
        provider.include_claims_in_id_token = fields::boolean(v)?;
        Ok(())
    });
    field("signing_key", false, &mut |v| {
        provider.signing_key = match v {
            v if fields::no_object(v) => None,
            v => Some(fields::uuid_pk(v, cert_exists)?),
        };
        Ok(())
    });
    field("encryption_key", false, &mut |v| {
        provider.encryption_key = match v {
            v if fields::no_object(v) => None,
            v => Some(fields::uuid_pk(v, cert_exists)?),
        };
        Ok(())
    });
    field("redirect_uris", true, &mut |v| {
        let (entries, incomplete) = redirect_uris(v, store.release.redirect_uri_types, partial)?;
        provider.redirect_uris = entries;
        // A partial update whose entry lacks `matching_mode` or `url`: DRF
        // does not enforce a nested serializer's required fields when
        // `partial`, so authentik 2025.12.4 stores the entry as given.
        provider.unreadable_redirect_uris = incomplete;
        Ok(())
    });
    field("logout_uri", false, &mut |v| {
        let text = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        if !text.is_empty() && !fields::is_http_url(&text) {
            return Err(fields::message("Enter a valid URL."));
        }
        provider.logout_uri = text;
        Ok(())
    });
    field("logout_method", false, &mut |v| {
        provider.logout_method = fields::choice(v, LOGOUT_METHODS)?;
        Ok(())
    });
    field("sub_mode", false, &mut |v| {
        provider.sub_mode = fields::choice(v, SUB_MODES)?;
        Ok(())
    });
    field("issuer_mode", false, &mut |v| {
        provider.issuer_mode = fields::choice(v, ISSUER_MODES)?;
        Ok(())
    });
    field("jwt_federation_sources", false, &mut |v| {
        // A fresh install has no OAuth sources, so every reference is dangling.
        provider.jwt_federation_sources = fields::many(v, |item| fields::uuid_pk(item, |_| false))?;
        Ok(())
    });
    field("jwt_federation_providers", false, &mut |v| {
        provider.jwt_federation_providers =
            fields::many(v, |item| fields::int_pk(item, |pk| store.providers.contains_key(&pk)))?;
        Ok(())
    });
    // Before 2026.5 the serializer has no such field and DRF ignores it.
    if store.release.provider_grant_types {
        field("grant_types", false, &mut |v| {
            // The Terraform provider's code says the API refuses an empty list.
            provider.grant_types = fields::list_of_choices(v, GRANT_TYPES, false)?;
            Ok(())
        });
    }

    if !errors.is_empty() {
        Err(errors.into_value())
    } else {
        Ok(provider)
    }
}

/// `redirect_uris`: a list of `{matching_mode, url, redirect_uri_type}`.
/// Errors come back as DRF's list serializer reports them: one object per
/// entry, `{}` for the good ones. In a partial update a missing key is no
/// error (DRF's `partial` reaches nested serializers); such an entry is
/// left out and reported as incomplete (`true`).
fn redirect_uris(value: &Value, with_types: bool, partial: bool) -> Result<(Vec<RedirectUri>, bool), Detail> {
    let items = match value {
        Value::Array(items) => items,
        other => {
            return Err(json!({ "non_field_errors": [format!(
                "Expected a list of items but got type \"{}\".",
                fields::python_type(other)
            )] }))
        }
    };
    let mut entries = Vec::new();
    let mut details = Vec::new();
    let mut incomplete = false;
    for item in items {
        let Value::Object(entry) = item else {
            details.push(json!({ "non_field_errors": [format!(
                "Invalid data. Expected a dictionary, but got {}.",
                fields::python_type(item)
            )] }));
            continue;
        };
        let mut errors = Errors::default();
        if partial && !(entry.contains_key("matching_mode") && entry.contains_key("url")) {
            incomplete = true;
        }
        let matching_mode = match entry.get("matching_mode") {
            None if partial => Ok(String::new()),
            None => Err(fields::message(fields::REQUIRED)),
            Some(v) => fields::choice(v, MATCHING_MODES),
        };
        let url = match entry.get("url") {
            None if partial => Ok(String::new()),
            None => Err(fields::message(fields::REQUIRED)),
            Some(v) => fields::text(v, Text::REQUIRED_TEXT).map(Option::unwrap_or_default),
        };
        // Before 2026.5 the entry serializer has no type: every entry is an
        // authorization URI and the key is ignored.
        let redirect_uri_type = match entry.get("redirect_uri_type").filter(|_| with_types) {
            None => Ok("authorization".to_string()),
            Some(v) => fields::choice(v, REDIRECT_URI_TYPES),
        };
        for (name, result) in [
            ("matching_mode", &matching_mode),
            ("url", &url),
            ("redirect_uri_type", &redirect_uri_type),
        ] {
            if let Err(detail) = result {
                errors.add(name, detail.clone());
            }
        }
        match (matching_mode, url, redirect_uri_type) {
            (Ok(matching_mode), Ok(url), Ok(redirect_uri_type)) if errors.is_empty() => {
                details.push(json!({}));
                entries.push(RedirectUri {
                    matching_mode,
                    url,
                    redirect_uri_type,
                });
            }
            _ => details.push(errors.into_value()),
        }
    }
    if details.iter().any(|d| d.as_object().is_some_and(|o| !o.is_empty())) {
        return Err(Value::Array(details));
    }
    // The serializer's validate_redirect_uris: regex patterns must compile.
    for entry in &entries {
        if entry.matching_mode == "regex" && compile_fullmatch(&entry.url).is_err() {
            return Err(fields::message(format!("Invalid Regex Pattern: {}", entry.url)));
        }
    }
    Ok((entries, incomplete))
}
