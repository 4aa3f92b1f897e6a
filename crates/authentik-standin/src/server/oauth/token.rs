//! `/application/o/token/`: authentik's token endpoint for the
//! authorization-code and refresh-token grants, with its checks in order:
//!
//! 1. client credentials from `Authorization: Basic` (percent-decoded after
//!    base64; the header wins over the form) or the `client_id` /
//!    `client_secret` form fields; unknown client → `invalid_client`;
//! 2. `grant_type` not among the provider's `grant_types` → `invalid_grant`
//!    (before the secret is looked at);
//! 3. a confidential client with the wrong secret → `invalid_client`;
//! 4. no `code` → `invalid_grant`; `redirect_uri` matching no
//!    `authorization`-type entry (by the authorize rules, not compared with
//!    the authorize request) → `invalid_client`;
//! 5. unknown, expired or another client's code → `invalid_grant`; PKCE:
//!    a challenge needs a matching verifier, a verifier needs a challenge.
//!
//! Errors are 400 JSON `{error, error_description, request_id}`; every
//! answer carries `Cache-Control: no-store` and `Pragma: no-cache`.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use super::claims;
use super::redirect_uris::{any_matches, has_forbidden_scheme};
use crate::server::http::{Incoming, Outgoing, QueryDict};
use crate::server::model::{Grant, IssuedToken, OAuth2Provider};
use crate::server::store::Store;
use crate::server::{duration, random};

/// The grant types `TokenParams.__post_init__` handles.
const KNOWN_GRANT_TYPES: [&str; 5] = [
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "password",
    "urn:ietf:params:oauth:grant-type:device_code",
];

fn token_response(status: u16, body: &Value) -> Outgoing {
    Outgoing::json(status, body)
        .with_header("cache-control", "no-store")
        .with_header("pragma", "no-cache")
}

/// authentik's `TokenError`.
fn error(code: &'static str) -> Outgoing {
    let description = match code {
        "invalid_request" => "The request is otherwise malformed",
        "invalid_client" => {
            "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)"
        }
        "invalid_grant" => {
            "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client"
        }
        "unsupported_grant_type" => "The authorization grant type is not supported by the authorization server",
        _ => "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner",
    };
    token_response(
        400,
        &json!({ "error": code, "error_description": description, "request_id": random::hex(16) }),
    )
}

/// `(client_id, client_secret)` as authentik's `extract_client_auth` finds them.
fn client_credentials(request: &Incoming, form: &QueryDict) -> (String, String) {
    let header = request.header("authorization").unwrap_or("");
    if let Some(encoded) = header.strip_prefix("Basic ").filter(|rest| !rest.trim().is_empty()) {
        let encoded = encoded.split_whitespace().next().unwrap_or("");
        let decoded = STANDARD.decode(encoded).ok().and_then(|b| String::from_utf8(b).ok());
        return match decoded {
            Some(text) => {
                let (id, secret) = text.split_once(':').unwrap_or((text.as_str(), ""));
                let unquote = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
                (unquote(id), unquote(secret))
            }
            None => (String::new(), String::new()),
        };
    }
    (
        form.get("client_id").unwrap_or("").to_string(),
        form.get("client_secret").unwrap_or("").to_string(),
    )
}

/// Constant-time string comparison (`hmac.compare_digest`).
fn same_secret(a: &str, b: &str) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(a.as_bytes(), b.as_bytes()).is_ok()
}

pub(crate) fn handle(store: &mut Store, request: &Incoming, now: f64) -> Outgoing {
    match request.method.as_str() {
        "POST" => {}
        "OPTIONS" => return token_response(200, &json!({})),
        _ => return Outgoing::django_empty(405).with_header("allow", "POST, OPTIONS"),
    }
    let form = request.form();
    let (client_id, client_secret) = client_credentials(request, &form);
    let Some(provider) = store.provider_by_client_id(&client_id).cloned() else {
        return error("invalid_client");
    };
    let grant_type = form.get("grant_type").unwrap_or("");
    if !store.release.allows_grant(&provider.grant_types, grant_type) {
        return error("invalid_grant");
    }
    let needs_secret = matches!(
        grant_type,
        "authorization_code" | "refresh_token" | "urn:ietf:params:oauth:grant-type:device_code"
    );
    if needs_secret && provider.client_type == "confidential" && !same_secret(&provider.client_secret, &client_secret) {
        return error("invalid_client");
    }
    // `authentik/providers/oauth2/views/token.py` `TokenParams.__post_init__`:
    // a grant type it has no branch for (or none at all) is refused.
    if !KNOWN_GRANT_TYPES.contains(&grant_type) {
        return error("unsupported_grant_type");
    }
    let allowed = store.provider_scope_names(&provider);
    let mut scope: Vec<String> = Vec::new();
    for s in form.get("scope").unwrap_or("").split_whitespace() {
        if allowed.contains(&s) && !scope.iter().any(|have| have == s) {
            scope.push(s.to_string());
        }
    }
    if provider.encryption_key.is_some() {
        return token_response(
            501,
            &json!({ "error": "not_emulated", "error_description": "The authentik stand-in does not encrypt tokens (encryption_key)." }),
        );
    }
    match grant_type {
        "authorization_code" => authorization_code(store, request, &form, &provider, now),
        "refresh_token" => refresh(store, request, &form, &provider, scope, now),
        _ => token_response(
            501,
            &json!({ "error": "not_emulated", "error_description": format!("The authentik stand-in does not reproduce the {grant_type} grant.") }),
        ),
    }
}

fn authorization_code(
    store: &mut Store,
    request: &Incoming,
    form: &QueryDict,
    provider: &OAuth2Provider,
    now: f64,
) -> Outgoing {
    let raw_code = form.get("code").unwrap_or("");
    if raw_code.is_empty() {
        return error("invalid_grant");
    }
    let redirect_uri = form.get("redirect_uri").unwrap_or("");
    if !any_matches(provider.authorization_redirect_uris(), redirect_uri) {
        return error("invalid_client");
    }
    if has_forbidden_scheme(redirect_uri) {
        return error("invalid_request");
    }
    let Some(code) = store.codes.get(raw_code).cloned() else {
        return error("invalid_grant");
    };
    if code.grant.expires <= now || code.grant.provider_pk != provider.pk {
        return error("invalid_grant");
    }
    let verifier = form.get("code_verifier").filter(|v| !v.is_empty());
    match (&code.code_challenge, verifier) {
        (Some(challenge), Some(verifier)) => {
            let computed = if code.code_challenge_method == "S256" {
                URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
                    &aws_lc_rs::digest::SHA256,
                    verifier.as_bytes(),
                ))
            } else {
                verifier.to_string()
            };
            if &computed != challenge {
                return error("invalid_grant");
            }
        }
        (Some(_), None) | (None, Some(_)) => return error("invalid_grant"),
        (None, None) => {}
    }
    let access_validity = duration::seconds(&provider.access_token_validity).unwrap_or(600.0);
    let access_grant = Grant {
        expires: now + access_validity,
        ..code.grant.clone()
    };
    let mut body = match issue(store, provider, &access_grant, request, now) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    if code.grant.scope.iter().any(|s| s == "offline_access") {
        let refresh_validity = duration::seconds(&provider.refresh_token_validity).unwrap_or(2_592_000.0);
        let refresh_grant = Grant {
            expires: now + refresh_validity,
            ..code.grant.clone()
        };
        match new_refresh_token(store, provider, refresh_grant) {
            Ok(token) => body["refresh_token"] = Value::from(token),
            Err(answer) => return answer,
        }
    }
    // A code works once.
    store.codes.remove(raw_code);
    token_response(200, &body)
}

fn refresh(
    store: &mut Store,
    request: &Incoming,
    form: &QueryDict,
    provider: &OAuth2Provider,
    requested: Vec<String>,
    now: f64,
) -> Outgoing {
    let raw = form.get("refresh_token").unwrap_or("");
    if raw.is_empty() {
        return error("invalid_grant");
    }
    let Some(old) = store
        .refresh_tokens
        .get(raw)
        .filter(|t| t.grant.provider_pk == provider.pk)
        .cloned()
    else {
        return error("invalid_grant");
    };
    if old.grant.expires <= now || old.revoked {
        return error("invalid_grant");
    }
    let scope = if requested.is_empty() {
        old.grant.scope.clone()
    } else {
        requested
    };
    if scope.iter().any(|s| !old.grant.scope.contains(s)) || !scope.iter().any(|s| s == "offline_access") {
        return error("invalid_scope");
    }
    let access_validity = duration::seconds(&provider.access_token_validity).unwrap_or(600.0);
    let access_grant = Grant {
        expires: now + access_validity,
        ..old.grant.clone()
    };
    let mut body = match issue(store, provider, &access_grant, request, now) {
        Ok(body) => body,
        Err(answer) => return answer,
    };
    let threshold = duration::seconds(&provider.refresh_token_threshold).unwrap_or(0.0);
    if threshold == 0.0 || old.grant.expires - now < threshold {
        let refresh_validity = duration::seconds(&provider.refresh_token_validity).unwrap_or(2_592_000.0);
        let grant = Grant {
            expires: now + refresh_validity,
            ..old.grant.clone()
        };
        match new_refresh_token(store, provider, grant) {
            Ok(token) => body["refresh_token"] = Value::from(token),
            Err(answer) => return answer,
        }
        if let Some(stored) = store.refresh_tokens.get_mut(raw) {
            stored.revoked = true;
        }
    }
    token_response(200, &body)
}

/// Signs and records an access token; the 200 body without a refresh token.
fn issue(
    store: &mut Store,
    provider: &OAuth2Provider,
    grant: &Grant,
    request: &Incoming,
    now: f64,
) -> Result<Value, Outgoing> {
    let issued = claims::issue(store, provider, grant, &request.origin, now, grant.expires).map_err(|e| {
        token_response(
            500,
            &json!({ "error": "server_error", "error_description": e.to_string() }),
        )
    })?;
    store.access_tokens.insert(
        issued.access_token.clone(),
        IssuedToken {
            grant: grant.clone(),
            subject: issued.subject,
            revoked: false,
        },
    );
    let expires_in = duration::whole_seconds(&provider.access_token_validity).unwrap_or(600);
    Ok(json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "scope": grant.scope.join(" "),
        "expires_in": expires_in,
        "id_token": issued.id_token,
    }))
}

fn new_refresh_token(store: &mut Store, provider: &OAuth2Provider, grant: Grant) -> Result<String, Outgoing> {
    let user = store
        .user(grant.user_pk)
        .ok_or_else(|| token_response(500, &json!({ "error": "server_error" })))?;
    let subject = claims::subject(store, provider, user);
    let token = random::alphanumeric(128);
    store.refresh_tokens.insert(
        token.clone(),
        IssuedToken {
            grant,
            subject,
            revoked: false,
        },
    );
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(authorization: Option<&str>) -> Incoming {
        Incoming {
            method: "POST".into(),
            path: "/application/o/token/".into(),
            query: None,
            headers: authorization
                .map(|a| vec![("authorization".to_string(), a.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            origin: "http://127.0.0.1".into(),
        }
    }

    #[test]
    fn basic_header_wins_and_is_percent_decoded() {
        let form = QueryDict::parse("client_id=form&client_secret=formsecret");
        let header = format!("Basic {}", STANDARD.encode("my%20client:s%3Acret"));
        assert_eq!(
            client_credentials(&request(Some(&header)), &form),
            ("my client".to_string(), "s:cret".to_string())
        );
        assert_eq!(
            client_credentials(&request(None), &form),
            ("form".to_string(), "formsecret".to_string())
        );
        assert_eq!(
            client_credentials(&request(Some("Basic !!!")), &form),
            (String::new(), String::new())
        );
    }
}
