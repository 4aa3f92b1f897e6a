//! The browser side: the stand-in's login page, sessions, the consent page
//! and the pages authentik shows instead of a redirect.
//!
//! authentik runs logins through its flow executor (a single-page app that
//! walks the stages of the authentication flow). The stand-in replaces that
//! with one plain HTML form at the same address,
//! `/if/flow/default-authentication-flow/?next=…`: POST `username` (or the
//! e-mail address) and `password`, get an `authentik_session` cookie and a
//! redirect to `next`. Unauthenticated authorize requests are sent there the
//! way authentik sends them (through `/flows/-/default/authentication/`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::http::{escape_html, page, titled_page, Incoming, Outgoing};
use super::model::Session;
use super::oauth::authorize;
use super::random;
use super::store::Store;
use crate::fresh_install;

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "authentik_session";

/// What Django's `redirect_to_login` leaves alone in `next` (`safe='/'`).
const NEXT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

/// The browser's session, if it has a live one.
pub(crate) fn current_session(store: &Store, request: &Incoming) -> Option<(String, Session)> {
    let key = request.cookie(SESSION_COOKIE)?;
    let session = store.sessions.get(&key)?;
    let active = store.user(session.user_pk).is_some_and(|u| u.is_active);
    active.then(|| (key, session.clone()))
}

/// Sends the browser to log in, coming back to this request afterwards.
pub(crate) fn redirect_to_login(request: &Incoming) -> Outgoing {
    redirect_to_login_path(&request.full_path())
}

pub(crate) fn redirect_to_login_path(next: &str) -> Outgoing {
    Outgoing::redirect(&format!(
        "/flows/-/default/authentication/?next={}",
        utf8_percent_encode(next, NEXT)
    ))
}

/// An authorize request without a session, to the authentication flow
/// (`authentik/policies/views.py` `PolicyAccessView.handle_no_permission`,
/// `authentik/flows/planner.py` `FlowPlan.to_redirect`): the flow's
/// interface, with the request's own query parameters and `next` (its full
/// path) urlencoded as Django's `QueryDict.urlencode` does.
pub(crate) fn redirect_to_authentication_flow(request: &Incoming) -> Outgoing {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    let own = url::form_urlencoded::parse(request.query.as_deref().unwrap_or("").as_bytes());
    for (key, value) in own.filter(|(key, _)| key != "next") {
        query.append_pair(&key, &value);
    }
    query.append_pair("next", &request.full_path());
    Outgoing::redirect(&format!("{}?{}", crate::LOGIN_PATH, query.finish()))
}

/// `/flows/-/default/authentication/`: on to the authentication flow.
pub(crate) fn default_authentication(request: &Incoming) -> Outgoing {
    let query = request.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
    Outgoing::redirect(&format!("{}{query}", crate::LOGIN_PATH))
}

pub(crate) fn not_found_page() -> Outgoing {
    Outgoing::html(
        404,
        page(
            "Not Found",
            "<p>The requested resource was not found on this server.</p>",
        ),
    )
}

/// authentik's access-denied page (`authentik/policies/denied.py`
/// `AccessDeniedResponse`, template `policies/templates/policies/denied.html`):
/// status 200, "Permission denied", "Request has been denied." and a "Go
/// home" link — nothing is sent back to the client. `reason` is the policy
/// result's message, which authentik shows to superusers.
pub(crate) fn access_denied_page(reason: &str) -> Outgoing {
    Outgoing::html(
        200,
        titled_page(
            "Permission denied - authentik",
            "Permission denied",
            &format!(
                "<p>Request has been denied.</p>\n<p class=\"access-denied\">{}</p>\n\
                 <a id=\"ak-back-home\" href=\"/\">Go home</a>",
                escape_html(reason)
            ),
        ),
    )
}

/// A page for behaviour authentik has but the stand-in does not reproduce.
pub(crate) fn not_emulated_page(what: &str) -> Outgoing {
    Outgoing::html(
        501,
        page(
            "Not emulated",
            &format!(
                "<p>The authentik stand-in does not reproduce {}.</p>",
                escape_html(what)
            ),
        ),
    )
}

/// `/if/flow/<slug>/`.
pub(crate) fn flow(store: &mut Store, request: &Incoming, slug: &str, now: f64) -> Outgoing {
    let Some(flow) = store.flows.iter().find(|f| f.slug == slug).copied() else {
        return not_found_page();
    };
    match flow.designation {
        "authentication" => authentication(store, request, now),
        "authorization" => consent(store, request, now),
        "invalidation" => {
            if let Some((key, _)) = current_session(store, request) {
                store.sessions.remove(&key);
            }
            Outgoing::html(200, page(flow.title, "<p>You have been logged out.</p>"))
                .with_header("set-cookie", &format!("{SESSION_COOKIE}=; Max-Age=0; Path=/"))
        }
        _ => not_emulated_page(&format!("the {} flow", flow.designation)),
    }
}

/// Only relative paths are followed after login (as authentik's
/// `is_url_absolute` check does); anything else goes to the user interface.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n.to_string(),
        _ => "/if/user/".to_string(),
    }
}

fn login_form(error: Option<&str>) -> String {
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>\n", escape_html(e)))
        .unwrap_or_default();
    page(
        fresh_install::AUTHENTICATION_FLOW.title,
        &format!(
            "{error}<form method=\"post\">\n\
             <label>Username or Email <input type=\"text\" name=\"username\" autocomplete=\"username\"></label>\n\
             <label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>\n\
             <button type=\"submit\">Log in</button>\n</form>"
        ),
    )
}

fn authentication(store: &mut Store, request: &Incoming, now: f64) -> Outgoing {
    let next = safe_next(request.query_dict().get("next"));
    match request.method.as_str() {
        "GET" | "HEAD" => Outgoing::html(200, login_form(None)),
        "POST" => {
            let form = request.form();
            let identifier = form.get("username").unwrap_or("");
            let password = form.get("password").unwrap_or("");
            let user = store
                .users
                .iter()
                .find(|u| u.is_active && (u.username == identifier || (!u.email.is_empty() && u.email == identifier)));
            match user {
                Some(user) if user.password == password && !identifier.is_empty() => {
                    let key = random::alphanumeric(32);
                    store.sessions.insert(
                        key.clone(),
                        Session {
                            user_pk: user.pk,
                            login_time: now,
                        },
                    );
                    Outgoing::redirect(&next).with_header(
                        "set-cookie",
                        &format!("{SESSION_COOKIE}={key}; HttpOnly; Path=/; SameSite=Lax"),
                    )
                }
                _ => Outgoing::html(200, login_form(Some("Invalid password"))),
            }
        }
        _ => Outgoing::django_empty(405),
    }
}

fn consent(store: &mut Store, request: &Incoming, now: f64) -> Outgoing {
    let pending_id = match request.method.as_str() {
        "POST" => request.form().get("pending").map(str::to_string),
        _ => request.query_dict().get("pending").map(str::to_string),
    };
    let session = current_session(store, request);
    let Some(id) = pending_id else {
        return not_found_page();
    };
    let Some(pending) = store.pending_consents.get(&id).cloned() else {
        return not_found_page();
    };
    if session.as_ref().map(|(k, _)| k) != Some(&pending.session_key) {
        return redirect_to_login(request);
    }
    match request.method.as_str() {
        "GET" | "HEAD" => authorize::consent_page(&id, &pending),
        "POST" if request.form().get("consent") == Some("accept") => {
            store.pending_consents.remove(&id);
            authorize::fulfil(store, &pending.request, &pending.session_key, now)
        }
        "POST" => authorize::consent_page(&id, &pending),
        _ => Outgoing::django_empty(405),
    }
}

/// `/` and `/if/user/`: who is logged in.
pub(crate) fn user_interface(store: &Store, request: &Incoming) -> Outgoing {
    match current_session(store, request).and_then(|(_, s)| store.user(s.user_pk)) {
        Some(user) => Outgoing::html(
            200,
            page(
                "authentik",
                &format!(
                    "<p>Logged in as <span class=\"username\">{}</span>.</p>",
                    escape_html(&user.username)
                ),
            ),
        ),
        None => redirect_to_login_path("/if/user/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(
            safe_next(Some("/application/o/authorize/?a=1")),
            "/application/o/authorize/?a=1"
        );
        assert_eq!(safe_next(Some("//evil.example/")), "/if/user/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/if/user/");
        assert_eq!(safe_next(None), "/if/user/");
    }

    #[test]
    fn login_redirect_keeps_slashes_in_next() {
        let answer = redirect_to_login_path("/application/o/authorize/?client_id=x&scope=openid email");
        assert_eq!(
            answer.header("location"),
            Some("/flows/-/default/authentication/?next=/application/o/authorize/%3Fclient_id%3Dx%26scope%3Dopenid%20email")
        );
    }
}
