//! The URL map: which handler answers a request, Django's trailing-slash
//! redirect, and the record of every request for tests.

use super::http::{Incoming, Outgoing};
use super::oauth::{authorize, discovery, token, userinfo};
use super::store::{RecordedRequest, Site};
use super::{api, login};

/// Longest body kept in the request record.
const RECORDED_BODY_LIMIT: usize = 64 * 1024;

/// OAuth2 endpoints authentik has that the stand-in does not reproduce.
const UNEMULATED: [&str; 3] = [
    "/application/o/introspect/",
    "/application/o/revoke/",
    "/application/o/device/",
];

/// Answers one request.
pub(crate) fn dispatch(site: &Site, request: &Incoming) -> Outgoing {
    let now = site.clock.now();
    let mut store = site.lock();
    let answer = route(&mut store, request, now).unwrap_or_else(|| {
        // Django's APPEND_SLASH: a known path without its slash is redirected.
        let slashed = Incoming {
            path: format!("{}/", request.path),
            ..request.clone()
        };
        if !request.path.ends_with('/') && is_routable(&slashed) {
            let query = request.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
            Outgoing::django_empty(301).with_header("location", &format!("{}{query}", slashed.path))
        } else {
            login::not_found_page()
        }
    });
    let body = &request.body[..request.body.len().min(RECORDED_BODY_LIMIT)];
    store.requests.push(RecordedRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        body: String::from_utf8_lossy(body).into_owned(),
        status: answer.status,
        response_body: String::from_utf8_lossy(&answer.body[..answer.body.len().min(RECORDED_BODY_LIMIT)]).into_owned(),
    });
    answer
}

fn is_routable(request: &Incoming) -> bool {
    let path = request.path.as_str();
    path.starts_with("/api/v3/")
        || matches!(
            path,
            "/application/o/authorize/" | "/application/o/token/" | "/application/o/userinfo/" | "/if/user/"
        )
        || UNEMULATED.contains(&path)
        || app_route(path).is_some()
        || flow_route(path).is_some()
}

/// `(slug, rest)` of `/application/o/<slug>/<rest>`.
fn app_route(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/application/o/")?;
    let (slug, rest) = rest.split_once('/')?;
    matches!(rest, ".well-known/openid-configuration" | "jwks/" | "end-session/").then_some((slug, rest))
}

/// The flow slug of `/if/flow/<slug>/`.
fn flow_route(path: &str) -> Option<&str> {
    let slug = path.strip_prefix("/if/flow/")?.strip_suffix('/')?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

fn route(store: &mut super::store::Store, request: &Incoming, now: f64) -> Option<Outgoing> {
    let path = request.path.as_str();
    if path.starts_with("/api/v3/") {
        return Some(api::handle(store, request));
    }
    let answer = match path {
        "/application/o/authorize/" => authorize::handle(store, request, now),
        "/application/o/token/" => token::handle(store, request, now),
        "/application/o/userinfo/" => userinfo::handle(store, request, now),
        "/flows/-/default/authentication/" => login::default_authentication(request),
        "/" | "/if/user/" => login::user_interface(store, request),
        p if UNEMULATED.contains(&p) => login::not_emulated_page(p),
        p => {
            if let Some((slug, rest)) = app_route(p) {
                match rest {
                    "jwks/" => discovery::jwks(store, slug),
                    "end-session/" => discovery::end_session(store, request, slug),
                    _ => discovery::openid_configuration(store, request, slug),
                }
            } else if let Some(slug) = flow_route(p) {
                login::flow(store, request, slug, now)
            } else {
                return None;
            }
        }
    };
    Some(answer)
}
