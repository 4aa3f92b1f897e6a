//! `/application/o/userinfo/` (GET or POST): the token from `Authorization:
//! Bearer …` or an `access_token` form or query parameter. A missing,
//! unknown, expired or revoked token → 401; a token without the `openid`
//! scope → 403; both with an empty body and a `WWW-Authenticate` header.
//! Otherwise `sub` plus the claims of the provider's scope mappings for the
//! granted scopes (and the `nonce`, if the login had one).

use serde_json::{Map, Value};

use super::claims;
use crate::server::http::{Incoming, Outgoing};
use crate::server::store::Store;

fn bearer_error(code: &str) -> Outgoing {
    let (status, description) = match code {
        "insufficient_scope" => (
            403,
            "The request requires higher privileges than provided by the access token",
        ),
        _ => (
            401,
            "The access token provided is expired, revoked, malformed, or invalid for other reasons",
        ),
    };
    Outgoing::django_empty(status).with_header(
        "www-authenticate",
        &format!("error=\"{code}\", error_description=\"{description}\""),
    )
}

/// authentik's `extract_access_token`.
fn access_token(request: &Incoming) -> Option<String> {
    let header = request.header("authorization").unwrap_or("");
    let mut parts = header.splitn(2, ' ');
    if let (Some("Bearer" | "bearer"), Some(rest)) = (parts.next(), parts.next()) {
        if !rest.is_empty() && !rest.starts_with(' ') {
            return rest.split_whitespace().next().map(str::to_string);
        }
    }
    let form = request.form();
    if form.contains("access_token") {
        return form.get("access_token").map(str::to_string);
    }
    request.query_dict().get("access_token").map(str::to_string)
}

pub(crate) fn handle(store: &Store, request: &Incoming, now: f64) -> Outgoing {
    match request.method.as_str() {
        "GET" | "POST" => {}
        "OPTIONS" => return Outgoing::django_empty(200),
        _ => return Outgoing::django_empty(405).with_header("allow", "GET, POST, OPTIONS"),
    }
    let Some(raw) = access_token(request).filter(|t| !t.is_empty()) else {
        return bearer_error("invalid_token");
    };
    let Some(token) = store.access_tokens.get(&raw) else {
        return bearer_error("invalid_token");
    };
    if token.grant.expires <= now || token.revoked {
        return bearer_error("invalid_token");
    }
    if !token.grant.scope.iter().any(|s| s == "openid") {
        return bearer_error("insufficient_scope");
    }
    let (Some(provider), Some(user)) = (
        store.providers.get(&token.grant.provider_pk),
        store.user(token.grant.user_pk),
    ) else {
        return bearer_error("invalid_token");
    };
    let mut body = Map::new();
    body.insert("sub".into(), token.subject.clone().into());
    body.extend(claims::scope_claims(store, provider, user, &token.grant.scope));
    if let Some(nonce) = &token.grant.nonce {
        body.insert("nonce".into(), nonce.clone().into());
    }
    Outgoing::json(200, &Value::Object(body))
        .with_header("cache-control", "no-store")
        .with_header("pragma", "no-cache")
}
