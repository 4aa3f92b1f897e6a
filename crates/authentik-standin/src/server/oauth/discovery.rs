//! Per-application endpoints: `/application/o/<slug>/.well-known/openid-configuration`,
//! `/application/o/<slug>/jwks/` and `/application/o/<slug>/end-session/`.

use serde_json::json;

use super::claims;
use super::redirect_uris::any_matches;
use crate::server::http::{page, Incoming, Outgoing};
use crate::server::keys;
use crate::server::login::{self, SESSION_COOKIE};
use crate::server::model::OAuth2Provider;
use crate::server::store::Store;

/// The application's OAuth2 provider, or the 404 authentik answers.
fn provider_of<'a>(store: &'a Store, slug: &str) -> Result<&'a OAuth2Provider, Outgoing> {
    store
        .application(slug)
        .and_then(|a| a.provider)
        .and_then(|pk| store.providers.get(&pk))
        .ok_or_else(login::not_found_page)
}

pub(crate) fn openid_configuration(store: &Store, request: &Incoming, slug: &str) -> Outgoing {
    let provider = match provider_of(store, slug) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let origin = &request.origin;
    let o = |path: &str| format!("{origin}/application/o/{path}");
    let alg = if provider.signing_key.is_some() {
        "RS256"
    } else {
        "HS256"
    };
    let scopes: Vec<&str> = store.provider_scope_names(provider);
    let mut body = json!({
        "issuer": claims::issuer(store, provider, origin),
        "authorization_endpoint": o("authorize/"),
        "token_endpoint": o("token/"),
        "userinfo_endpoint": o("userinfo/"),
        "end_session_endpoint": o(&format!("{slug}/end-session/")),
        "introspection_endpoint": o("introspect/"),
        "revocation_endpoint": o("revoke/"),
        "device_authorization_endpoint": o("device/"),
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
        "response_types_supported": [
            "code", "id_token", "id_token token", "code token", "code id_token", "code id_token token"
        ],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "jwks_uri": o(&format!("{slug}/jwks/")),
        "grant_types_supported": [
            "authorization_code", "refresh_token", "implicit", "client_credentials", "password",
            "urn:ietf:params:oauth:grant-type:device_code"
        ],
        "id_token_signing_alg_values_supported": [alg],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "acr_values_supported": ["goauthentik.io/providers/oauth2/default"],
        "scopes_supported": scopes,
        "request_parameter_supported": false,
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce",
            "email", "email_verified", "name", "given_name", "preferred_username", "nickname", "groups"
        ],
        "claims_parameter_supported": false,
        "code_challenge_methods_supported": ["plain", "S256"],
    });
    if store.release.discovery_frontchannel_logout {
        body["frontchannel_logout_supported"] = json!(true);
        body["frontchannel_logout_session_supported"] = json!(true);
    }
    Outgoing::json(200, &body)
}

pub(crate) fn jwks(store: &Store, slug: &str) -> Outgoing {
    let provider = match provider_of(store, slug) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    if provider.signing_key.is_none() {
        // HS256 keys are the client secret: nothing to publish.
        return Outgoing::json(200, &json!({}));
    }
    // `authentik/providers/oauth2/views/jwks.py` `JWKSView.get_jwk_for_key`:
    // an RSA key with its certificate chain and thumbprints.
    match keys::self_signed() {
        Ok(material) => Outgoing::json(
            200,
            &json!({ "keys": [{
                "alg": "RS256",
                "kid": material.kid,
                "kty": "RSA",
                "use": "sig",
                "n": material.jwk_n,
                "e": material.jwk_e,
                "x5c": [material.jwk_x5c],
                "x5t": material.jwk_x5t,
                "x5t#S256": material.jwk_x5t_s256,
            }] }),
        ),
        Err(e) => Outgoing::json(500, &json!({ "detail": e.to_string() })),
    }
}

/// Ends the browser's session; with a `post_logout_redirect_uri` that
/// matches a `logout`-type entry, sends the browser there (with `state`).
pub(crate) fn end_session(store: &mut Store, request: &Incoming, slug: &str) -> Outgoing {
    let provider = match provider_of(store, slug) {
        Ok(p) => p.clone(),
        Err(answer) => return answer,
    };
    let query = request.query_dict();
    let target = query
        .get("post_logout_redirect_uri")
        .filter(|uri| any_matches(provider.logout_redirect_uris(), uri))
        .map(|uri| match query.get("state").filter(|s| !s.is_empty()) {
            Some(state) => super::authorize::with_query_params(uri, &[("state", state)]),
            None => uri.to_string(),
        });
    if let Some((key, _)) = login::current_session(store, request) {
        store.sessions.remove(&key);
    }
    let clear = format!("{SESSION_COOKIE}=; Max-Age=0; Path=/");
    let application = store.application(slug).map(|a| a.name.clone()).unwrap_or_default();
    match target {
        Some(uri) => Outgoing::redirect(&uri).with_header("set-cookie", &clear),
        None => Outgoing::html(
            200,
            page(
                &format!("You've logged out of {application}."),
                "<p>You have been logged out.</p>",
            ),
        )
        .with_header("set-cookie", &clear),
    }
}
