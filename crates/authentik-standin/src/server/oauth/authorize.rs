//! `/application/o/authorize/`: authentik's authorization endpoint, with its
//! checks in authentik's order:
//!
//! 1. no query string → 404; unknown `client_id` → 400 page "Client ID Error";
//! 2. `redirect_uri` missing or matching no `authorization`-type entry (an
//!    empty list matches nothing), or using a forbidden scheme → 400 page
//!    "Redirect URI Error" — never a redirect;
//! 3. `response_type` → grant (`code` → authorization_code, `id_token[
//!    token]` → implicit, `code …` → hybrid); anything else → redirect with
//!    `unsupported_response_type`;
//! 4. that grant missing from the provider's `grant_types` → redirect with
//!    `invalid_request`;
//! 5. requested scopes cut down to the scopes of the attached mappings (an
//!    empty request means all of them); `openid` required for id_token
//!    responses; `request` objects unsupported; `nonce` required when an
//!    id_token comes back; only `plain`/`S256` PKCE;
//! 6. `prompt=none` without a session → redirect with `login_required`.
//!
//! Then: not logged in → the login page (`next` back here); the provider
//! has no application, or the application's policy bindings refuse the user
//! (`authentik/policies/views.py` `PolicyAccessView.dispatch`) → the
//! access-denied page, with nothing sent back to the client; the authorization flow asks for
//! consent → the consent page; otherwise a code (32 hex digits, valid for
//! `access_code_validity`, single use) is sent to the redirect URI with the
//! `state`, keeping the URI's own query parameters.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::redirect_uris::{any_matches, has_forbidden_scheme, scheme};
use crate::server::http::{bad_request_page, escape_html, page, Incoming, Outgoing, QueryDict};
use crate::server::model::{AuthorizationCode, Grant, RedirectUri};
use crate::server::store::{PendingConsent, Store};
use crate::server::{duration, login, policies, random};

const RESPONSE_MODES: [&str; 3] = ["query", "fragment", "form_post"];

/// What Python's `urllib.parse.quote` leaves alone (`safe='/'`).
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// An authorization request that passed every check before login.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidatedAuthorization {
    pub(crate) provider_pk: i64,
    pub(crate) redirect_uri: String,
    pub(crate) response_type: String,
    pub(crate) grant_type: &'static str,
    pub(crate) response_mode: String,
    /// Granted scopes, in request order.
    pub(crate) scope: Vec<String>,
    pub(crate) state: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) prompt: Vec<String>,
    pub(crate) max_age: Option<f64>,
    pub(crate) code_challenge: Option<String>,
    pub(crate) code_challenge_method: String,
}

/// authentik's `AuthorizeError`: sent back to the client's redirect URI.
struct AuthorizeError {
    redirect_uri: String,
    error: &'static str,
    description: String,
    grant_type: &'static str,
    state: Option<String>,
}

impl AuthorizeError {
    fn new(redirect_uri: &str, error: &'static str, grant_type: &'static str, state: &Option<String>) -> Self {
        AuthorizeError {
            redirect_uri: redirect_uri.to_string(),
            error,
            description: description(error).to_string(),
            grant_type,
            state: state.clone(),
        }
    }

    /// The redirect (or, for a URI without a scheme, the 400 page).
    fn response(&self) -> Outgoing {
        // authentik quotes the description but sends the state as it came.
        let separator = if matches!(self.grant_type, "implicit" | "hybrid") {
            '#'
        } else {
            '?'
        };
        let mut uri = format!(
            "{}{separator}error={}&error_description={}",
            self.redirect_uri,
            self.error,
            utf8_percent_encode(&self.description, QUOTE)
        );
        if let Some(state) = self.state.as_deref().filter(|s| !s.is_empty()) {
            uri.push_str(&format!("&state={state}"));
        }
        if scheme(&uri).is_some() {
            Outgoing::redirect(&uri)
        } else {
            bad_request_page(self.error, &self.description)
        }
    }
}

/// authentik's descriptions of authorization errors.
fn description(error: &str) -> &'static str {
    match error {
        "invalid_request" => "The request is otherwise malformed",
        "unsupported_response_type" => {
            "The authorization server does not support obtaining an authorization code using this method"
        }
        "invalid_scope" => "The requested scope is invalid, unknown, or malformed",
        "login_required" => "The Authorization Server requires End-User authentication",
        "request_not_supported" => "The provider does not support use of the request parameter",
        _ => "The authorization server encountered an error",
    }
}

fn client_id_error() -> Outgoing {
    bad_request_page(
        "Client ID Error",
        "The client identifier (client_id) is missing or invalid.",
    )
}

fn redirect_uri_error() -> Outgoing {
    bad_request_page(
        "Redirect URI Error",
        "The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).",
    )
}

/// The checks authentik makes before it looks at the user.
fn validate(store: &Store, query: &QueryDict, authenticated: bool) -> Result<ValidatedAuthorization, Outgoing> {
    let text = |k: &str| query.get(k).map(str::to_string);
    let client_id = query.get("client_id").unwrap_or("");
    let provider = store.provider_by_client_id(client_id).ok_or_else(client_id_error)?;

    let redirect_uri = query.get("redirect_uri").unwrap_or("").to_string();
    if redirect_uri.is_empty()
        || !any_matches(provider.authorization_redirect_uris(), &redirect_uri)
        || has_forbidden_scheme(&redirect_uri)
    {
        return Err(redirect_uri_error());
    }

    let state = text("state");
    let response_type = query.get("response_type").unwrap_or("").to_string();
    let grant_type = match response_type.as_str() {
        "code" => "authorization_code",
        "id_token" | "id_token token" => "implicit",
        "code token" | "code id_token" | "code id_token token" => "hybrid",
        _ => {
            return Err(AuthorizeError::new(&redirect_uri, "unsupported_response_type", "", &state).response());
        }
    };
    if !store.release.allows_grant(&provider.grant_types, grant_type) {
        return Err(AuthorizeError::new(&redirect_uri, "invalid_request", grant_type, &state).response());
    }
    let response_mode = match query.get("response_mode") {
        Some(mode) if RESPONSE_MODES.contains(&mode) => mode.to_string(),
        _ if grant_type == "authorization_code" => "query".to_string(),
        _ => "fragment".to_string(),
    };

    let allowed = store.provider_scope_names(provider);
    let mut scope: Vec<String> = Vec::new();
    for s in query.get("scope").unwrap_or("").split_whitespace() {
        if !scope.iter().any(|have| have == s) {
            scope.push(s.to_string());
        }
    }
    if scope.is_empty() {
        scope = allowed.iter().map(|s| s.to_string()).collect();
    }
    scope.retain(|s| allowed.contains(&s.as_str()));
    let returns_id_token = matches!(
        response_type.as_str(),
        "id_token" | "id_token token" | "code id_token" | "code id_token token"
    );
    let has_openid = scope.iter().any(|s| s == "openid");
    if !has_openid && (grant_type == "hybrid" || matches!(response_type.as_str(), "id_token" | "id_token token")) {
        return Err(AuthorizeError::new(&redirect_uri, "invalid_scope", grant_type, &state).response());
    }
    if !response_type.starts_with("code") {
        // Without a code there is nothing to refresh.
        scope.retain(|s| s != "offline_access");
    }
    if query.contains("request") {
        return Err(AuthorizeError::new(&redirect_uri, "request_not_supported", grant_type, &state).response());
    }
    let nonce = text("nonce");
    if returns_id_token && has_openid && nonce.as_deref().is_none_or(str::is_empty) {
        return Err(AuthorizeError::new(&redirect_uri, "invalid_request", grant_type, &state).response());
    }
    let code_challenge = text("code_challenge").filter(|c| !c.is_empty());
    let code_challenge_method = query.get("code_challenge_method").unwrap_or("plain").to_string();
    if code_challenge.is_some() && !matches!(code_challenge_method.as_str(), "plain" | "S256") {
        let mut error = AuthorizeError::new(&redirect_uri, "invalid_request", grant_type, &state);
        error.description = format!("Unsupported challenge method {code_challenge_method}");
        return Err(error.response());
    }
    let prompt: Vec<String> = query
        .get("prompt")
        .unwrap_or("")
        .split_whitespace()
        .filter(|p| matches!(*p, "none" | "consent" | "login"))
        .map(str::to_string)
        .collect();
    if prompt.iter().any(|p| p == "none") && !authenticated {
        return Err(AuthorizeError::new(&redirect_uri, "login_required", grant_type, &state).response());
    }
    let max_age = match query.get("max_age").filter(|m| !m.is_empty()) {
        None => None,
        // authentik calls int() on it and fails with a server error otherwise.
        Some(text) => Some(text.trim().parse::<i64>().map_err(|_| Outgoing::django_empty(500))? as f64),
    };
    Ok(ValidatedAuthorization {
        provider_pk: provider.pk,
        redirect_uri,
        response_type,
        grant_type,
        response_mode,
        scope,
        state,
        nonce,
        prompt,
        max_age,
        code_challenge,
        code_challenge_method,
    })
}

/// authentik 2025.12 `OAuthAuthorizationParams.check_redirect_uri`: a
/// provider without redirect URIs keeps the first one it is sent (strict).
/// 2026.5 does not (authentik PR #21746).
fn fill_blank_redirect_uris(store: &mut Store, query: &QueryDict) {
    if !store.release.fills_blank_redirect_uris {
        return;
    }
    let redirect_uri = query.get("redirect_uri").unwrap_or("");
    let client_id = query.get("client_id").unwrap_or("");
    if redirect_uri.is_empty() {
        return;
    }
    if let Some(provider) = store
        .providers
        .values_mut()
        .find(|p| p.client_id == client_id && p.redirect_uris.is_empty())
    {
        provider.redirect_uris.push(RedirectUri {
            matching_mode: "strict".to_string(),
            url: redirect_uri.to_string(),
            redirect_uri_type: "authorization".to_string(),
        });
    }
}

/// Handles the authorization endpoint.
pub(crate) fn handle(store: &mut Store, request: &Incoming, now: f64) -> Outgoing {
    let query = request.query_dict();
    if query.len() < 1 {
        return login::not_found_page();
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Outgoing::django_empty(405).with_header("allow", "GET");
    }
    fill_blank_redirect_uris(store, &query);
    let session = login::current_session(store, request);
    let authorization = match validate(store, &query, session.is_some()) {
        Ok(a) => a,
        Err(answer) => return answer,
    };
    let Some((session_key, session)) = session else {
        return login::redirect_to_authentication_flow(request);
    };
    if authorization.max_age.is_some_and(|max| now - session.login_time > max) {
        // Too long since the login: log in again.
        store.sessions.remove(&session_key);
        return login::redirect_to_authentication_flow(request);
    }
    if authorization.prompt.iter().any(|p| p == "login") {
        return login::not_emulated_page("prompt=login (forced re-authentication)");
    }
    let Some(application) = store.application_of(authorization.provider_pk).cloned() else {
        return login::access_denied_page("Failed to resolve application");
    };
    if !policies::user_may_access(store, &application, session.user_pk) {
        return login::access_denied_page("");
    }
    let Some(provider) = store.providers.get(&authorization.provider_pk) else {
        return login::access_denied_page("Failed to resolve application");
    };
    let asks_consent = store.flow(&provider.authorization_flow).is_some_and(|f| f.consent)
        || authorization.prompt.iter().any(|p| p == "consent");
    if asks_consent {
        let id = random::hex(16);
        let flow_slug = store
            .flow(&provider.authorization_flow)
            .map(|f| f.slug)
            .unwrap_or(crate::fresh_install::EXPLICIT_CONSENT_FLOW.slug);
        store.pending_consents.insert(
            id.clone(),
            PendingConsent {
                session_key,
                request: authorization,
                application_name: application.name,
            },
        );
        return Outgoing::redirect(&format!("/if/flow/{flow_slug}/?pending={id}"));
    }
    fulfil(store, &authorization, &session_key, now)
}

/// The last stage of the authorization flow: the code, sent to the client.
pub(crate) fn fulfil(
    store: &mut Store,
    authorization: &ValidatedAuthorization,
    session_key: &str,
    now: f64,
) -> Outgoing {
    if authorization.grant_type != "authorization_code" || authorization.response_mode == "form_post" {
        return login::not_emulated_page("implicit, hybrid and form_post responses");
    }
    let Some(provider) = store.providers.get(&authorization.provider_pk) else {
        return login::access_denied_page("Failed to resolve application");
    };
    let Some(session) = store.sessions.get(session_key) else {
        return login::redirect_to_login_path("/");
    };
    let validity = duration::seconds(&provider.access_code_validity).unwrap_or(60.0);
    let code = random::hex(16);
    store.codes.insert(
        code.clone(),
        AuthorizationCode {
            grant: Grant {
                provider_pk: provider.pk,
                user_pk: session.user_pk,
                scope: authorization.scope.clone(),
                nonce: authorization.nonce.clone(),
                auth_time: session.login_time,
                session_key: session_key.to_string(),
                expires: now + validity,
            },
            code_challenge: authorization.code_challenge.clone(),
            code_challenge_method: authorization.code_challenge_method.clone(),
        },
    );
    let state = authorization.state.clone().unwrap_or_default();
    let location = if authorization.response_mode == "fragment" {
        let (base, fragment) = match authorization.redirect_uri.split_once('#') {
            Some((b, f)) => (b.to_string(), f.to_string()),
            None => (authorization.redirect_uri.clone(), String::new()),
        };
        let added = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("code", &code)
            .append_pair("state", &state)
            .finish();
        format!("{base}#{fragment}{added}")
    } else {
        with_query_params(&authorization.redirect_uri, &[("code", &code), ("state", &state)])
    };
    Outgoing::redirect(&location)
}

/// Python's `parse_qs` → set keys → `urlencode(doseq=True)` on a URI's
/// query: blank parameters disappear, a key already present keeps its place
/// and takes the new value, new keys go last.
pub(crate) fn with_query_params(uri: &str, params: &[(&str, &str)]) -> String {
    let (without_fragment, fragment) = match uri.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (uri, None),
    };
    let (base, query) = match without_fragment.split_once('?') {
        Some((b, q)) => (b, q),
        None => (without_fragment, ""),
    };
    let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        if v.is_empty() {
            continue;
        }
        match pairs.iter_mut().find(|(key, _)| *key == k) {
            Some((_, values)) => values.push(v.into_owned()),
            None => pairs.push((k.into_owned(), vec![v.into_owned()])),
        }
    }
    for (k, v) in params {
        match pairs.iter_mut().find(|(key, _)| key == k) {
            Some((_, values)) => *values = vec![v.to_string()],
            None => pairs.push((k.to_string(), vec![v.to_string()])),
        }
    }
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (k, values) in &pairs {
        for v in values {
            serializer.append_pair(k, v);
        }
    }
    let mut out = format!("{base}?{}", serializer.finish());
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The consent page of the explicit-consent flow.
pub(crate) fn consent_page(pending_id: &str, pending: &PendingConsent) -> Outgoing {
    let scopes: String = pending
        .request
        .scope
        .iter()
        .map(|s| format!("<li>{}</li>", escape_html(s)))
        .collect();
    let body = format!(
        "<p>You're about to sign into {app}.</p>\n<ul>{scopes}</ul>\n\
         <form method=\"post\">\n<input type=\"hidden\" name=\"pending\" value=\"{id}\">\n\
         <button type=\"submit\" name=\"consent\" value=\"accept\">Continue</button>\n</form>",
        app = escape_html(&pending.application_name),
        id = escape_html(pending_id),
    );
    Outgoing::html(200, page("Consent", &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_redirect_keeps_the_uris_own_query() {
        assert_eq!(
            with_query_params("https://rp/cb", &[("code", "c0de"), ("state", "s t")]),
            "https://rp/cb?code=c0de&state=s+t"
        );
        assert_eq!(
            with_query_params("https://rp/cb?a=1&empty=&a=2#frag", &[("code", "c"), ("state", "")]),
            "https://rp/cb?a=1&a=2&code=c&state=#frag"
        );
        assert_eq!(
            with_query_params("https://rp/cb?state=old&x=y", &[("code", "c"), ("state", "new")]),
            "https://rp/cb?state=new&x=y&code=c"
        );
    }

    #[test]
    fn error_redirect_quotes_only_the_description() {
        let error = AuthorizeError::new(
            "https://rp/cb",
            "invalid_request",
            "authorization_code",
            &Some("a b".into()),
        );
        let answer = error.response();
        assert_eq!(answer.status, 302);
        assert_eq!(
            answer.header("location"),
            Some("https://rp/cb?error=invalid_request&error_description=The%20request%20is%20otherwise%20malformed&state=a%20b")
        );
        let implicit = AuthorizeError::new("https://rp/cb", "invalid_request", "implicit", &None);
        assert!(implicit
            .response()
            .header("location")
            .is_some_and(|l| l.starts_with("https://rp/cb#error=")));
    }
}
