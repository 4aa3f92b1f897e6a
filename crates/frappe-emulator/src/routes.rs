//! From an HTTP request to an HTTP answer, in the order `frappe/app.py` does it:
//! site lookup, form dict, the session (and `/api/method/login`), `validate_auth`, then the
//! `/login` page or the `/api` URL map; every answer carries the session's cookies.
//!
//! v15 routes (`frappe/api/__init__.py`): `/api/...` and `/api/v1/...` serve the v1 rules
//! (`strict_slashes=False`, so a document path may end in `/`; a collection path may not).
//! Of `/api/v2/...` only `GET doctype/<doctype>/meta` is emulated; the rest answers 404 like an
//! unknown route. v14 (`frappe/api.py`)
//! splits `/api/<call>/<doctype>/<name>` and has no versioned prefixes.

use axum::http::{HeaderMap, Method};
use bytes::Bytes;
use serde_json::{Map, Value};

use super::auth;
use super::context::{Answer, Context};
use super::errors::{
    not_emulated, render_failure, server_messages, ErrorContext, Failure, FrappeError, HttpReply, ServerMessage,
    DOES_NOT_EXIST_ERROR, VALIDATION_ERROR,
};
use super::list_query::json_decode_error;
use super::python::truthy;
use super::resource;
use super::rpc;
use super::sessions::{self, CookieJar};
use super::site::Site;
use super::social_login;
use super::version::{Profile, Router};

/// The parts of an HTTP request Frappe looks at.
#[derive(Clone, Debug)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// Percent-decoded path (WSGI decodes `%2F` before routing; `+` stays `+`).
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The request came over HTTPS (cookies are then `Secure`).
    pub(crate) secure: bool,
}

impl ApiRequest {
    pub(crate) fn new(
        method: Method,
        raw_path: &str,
        query: Option<&str>,
        headers: HeaderMap,
        body: Bytes,
    ) -> ApiRequest {
        let path = percent_encoding::percent_decode_str(raw_path)
            .decode_utf8_lossy()
            .into_owned();
        ApiRequest {
            method,
            path,
            query: query.map(str::to_string),
            headers,
            body,
            secure: false,
        }
    }

    /// A header as WSGI sees it (latin-1 decoded).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|value| value.as_bytes().iter().map(|b| char::from(*b)).collect())
    }

    fn mimetype(&self) -> String {
        self.header("content-type")
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_lowercase()
    }

    /// werkzeug's `Request.is_json`.
    fn is_json(&self) -> bool {
        let mimetype = self.mimetype();
        mimetype == "application/json" || (mimetype.starts_with("application/") && mimetype.ends_with("+json"))
    }

    /// `handle_exception` answers with JSON unless the client asked for a text page.
    pub(crate) fn wants_html(&self) -> bool {
        let accept = self.header("accept").unwrap_or_default();
        let ajax = self.header("x-requested-with").as_deref() == Some("XMLHttpRequest");
        let json = (!accept.is_empty() && (ajax || accept.contains("application/json")))
            || (self.path.starts_with("/api/") && !accept.starts_with("text"));
        !json
    }
}

/// What handling a request produced: an answer, or a social login callback that still has
/// to call the identity provider (without holding the site lock).
pub(crate) enum Handled {
    Reply(HttpReply),
    OAuthCallback(Box<social_login::callback::Pending>),
}

/// Handles one request against the site, calling out to an identity provider when the
/// request is a social login callback.
pub(crate) async fn respond(site: &Site, request: &ApiRequest) -> HttpReply {
    match handle(site, request) {
        Handled::Reply(reply) => reply,
        Handled::OAuthCallback(pending) => social_login::callback::finish(site, request, *pending).await,
    }
}

/// The `sid` of the request: the `sid` form field, else the cookie (`Session.__init__`).
fn requested_sid(request: &ApiRequest, form: &Map<String, Value>) -> Option<String> {
    if let Some(Value::String(sid)) = form.get("sid") {
        return Some(sid.clone());
    }
    let cookies = request.header("cookie")?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == "sid").then(|| {
            percent_encoding::percent_decode_str(value.trim_matches('"'))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// The per-request state the answer is finished with.
#[derive(Debug)]
pub(crate) struct Finish {
    pub(crate) log: Vec<ServerMessage>,
    pub(crate) cookies: CookieJar,
    /// The request named a session that does not exist (`session_expired: 1`).
    pub(crate) session_expired: bool,
    /// `exc_type` a caught `frappe.throw` left in the response (`Context::caught_throw`).
    pub(crate) response_exc_type: Option<&'static str>,
}

/// Handles one request against the site up to the point where it needs the network.
pub(crate) fn handle(site: &Site, request: &ApiRequest) -> Handled {
    let profile = site.version.profile();
    let mut state = site.lock();
    let mut finish = Finish {
        log: Vec::new(),
        cookies: CookieJar::default(),
        session_expired: false,
        response_exc_type: None,
    };
    let mut outcome = (|| -> Result<Answer, Failure> {
        check_site(site, request)?;
        let form = form_dict(request)?;
        let resumed = sessions::resume(&state.sessions, &state.store, requested_sid(request, &form));
        finish.cookies = resumed.cookies;
        finish.session_expired = resumed.expired;
        let mut ctx = Context::new(site, &mut state, &resumed.user);
        ctx.sid = resumed.sid;
        if request.path == "/api/method/login" {
            // The login manager runs before anything else; a failed login sets no cookie.
            let mut cookies = CookieJar::default();
            let answer = sessions::login(&mut ctx, &form, &mut cookies);
            finish.cookies = cookies;
            return answer;
        }
        if let Some(header) = request.header("authorization") {
            ctx.user = auth::authenticate(profile, &ctx.state.store, Some(&header))?;
        }
        if request.method == Method::OPTIONS {
            return Ok(Answer {
                status: 200,
                body: Value::Null,
                ..Answer::default()
            });
        }
        if truthy(form.get("cmd").unwrap_or(&Value::Null)) {
            return Err(not_emulated("RPC through the `cmd` form field"));
        }
        ctx.cookies = std::mem::take(&mut finish.cookies);
        let answer = if request.path == "/login" && routing_method(request) == Method::GET {
            social_login::login_page::render(&mut ctx, request, &form)
        } else if !request.path.starts_with("/api/") {
            Err(not_emulated(format!("the website route {}", request.path)))
        } else {
            match profile.router {
                Router::Werkzeug => dispatch_v15(&mut ctx, request, &form),
                Router::SplitPath => dispatch_v14(&mut ctx, request, &form),
            }
        };
        finish.log = std::mem::take(&mut ctx.log);
        finish.cookies = std::mem::take(&mut ctx.cookies);
        finish.response_exc_type = ctx.response_exc_type;
        let version = ctx.site.version;
        let state = &mut *ctx.state;
        state
            .persistence
            .after_request(&mut state.store, version, &ctx.user, &ctx.sid);
        answer
    })();
    let pending = match &mut outcome {
        Ok(answer) => answer.pending_oauth.take(),
        Err(_) => None,
    };
    if let Some(mut callback) = pending {
        callback.finish = finish;
        return Handled::OAuthCallback(callback);
    }
    let tracebacks = state.single_flag("System Settings", "allow_error_traceback");
    Handled::Reply(reply(profile, request, tracebacks, outcome, finish))
}

/// The HTTP answer: the endpoint's answer or the error Frappe renders, the messages printed
/// on the way, `session_expired`, and the session's cookies.
pub(crate) fn reply(
    profile: &'static Profile,
    request: &ApiRequest,
    tracebacks: bool,
    outcome: Result<Answer, Failure>,
    mut finish: Finish,
) -> HttpReply {
    let mut reply = match outcome {
        Ok(mut answer) => {
            if let (Value::Object(map), true) = (&mut answer.body, finish.session_expired) {
                map.shift_insert(0, "session_expired".into(), Value::from(1));
            }
            if let (Value::Object(map), Some(exc_type)) = (&mut answer.body, finish.response_exc_type) {
                map.shift_insert(0, "exc_type".into(), Value::from(exc_type));
            }
            reply_of(profile, answer, &finish.log)
        }
        Err(mut failure) => {
            if let Failure::Frappe(error) = &mut failure {
                // Messages printed before the exception come first (`message_log`).
                let mut messages = std::mem::take(&mut finish.log);
                messages.append(&mut error.messages);
                error.messages = messages;
                if finish.session_expired {
                    error.preamble.shift_insert(0, "session_expired".into(), Value::from(1));
                }
                // An exception raised without `frappe.throw` reports the earlier caught one.
                if let (false, Some(exc_type)) = (error.thrown, finish.response_exc_type) {
                    error.preamble.shift_insert(0, "exc_type".into(), Value::from(exc_type));
                }
                // handle_exception clears the cookies after an AuthenticationError.
                if error.class.name == "AuthenticationError" {
                    finish.cookies.clear();
                }
            }
            render_failure(
                &failure,
                ErrorContext {
                    profile,
                    tracebacks_enabled: tracebacks,
                    wants_html: request.wants_html(),
                },
            )
        }
    };
    reply.headers.extend(finish.cookies.headers(request.secure));
    reply
}

/// The HTTP answer of a successful request: JSON (plus `_server_messages` when something
/// was printed), an HTML page, or an empty body.
pub(crate) fn reply_of(
    profile: &crate::version::Profile,
    answer: Answer,
    log: &[crate::errors::ServerMessage],
) -> HttpReply {
    let mut reply = match (&answer.html, &answer.body) {
        (Some(page), _) => HttpReply::html(answer.status, page.clone()),
        (None, Value::Null) => HttpReply {
            status: answer.status,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: Vec::new(),
        },
        (None, body) => {
            let mut body = body.clone();
            if let (Value::Object(map), false) = (&mut body, log.is_empty()) {
                map.insert("_server_messages".into(), server_messages(profile, log));
            }
            HttpReply::json(answer.status, profile, &body)
        }
    };
    reply.headers.extend(answer.headers);
    reply
}

/// `init_request`: the site comes from `X-Frappe-Site-Name`, else the Host without port.
fn check_site(site: &Site, request: &ApiRequest) -> Result<(), Failure> {
    let Some(expected) = &site.site_name else {
        return Ok(());
    };
    let from_header = request.header("x-frappe-site-name").filter(|s| !s.is_empty());
    let requested = from_header.unwrap_or_else(|| {
        request
            .header("host")
            .unwrap_or_default()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    if &requested == expected {
        Ok(())
    } else {
        Err(Failure::SiteNotFound)
    }
}

/// `make_form_dict`: a JSON body replaces the query string; otherwise query and form fields.
fn form_dict(request: &ApiRequest) -> Result<Map<String, Value>, Failure> {
    let text = String::from_utf8_lossy(&request.body);
    if !text.is_empty() && request.is_json() {
        return match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(mut map)) => {
                map.shift_remove("_");
                Ok(map)
            }
            Ok(list @ Value::Array(_)) => {
                let mut map = Map::new();
                map.insert("data".into(), list);
                Ok(map)
            }
            Ok(_) => Err(FrappeError::throw(VALIDATION_ERROR, "Invalid request arguments").into()),
            Err(_) if text.contains("NaN") || text.contains("Infinity") => {
                Err(not_emulated("JSON with NaN/Infinity (Python's json accepts it)"))
            }
            Err(error) => Err(json_decode_error(&text, &error).into()),
        };
    }
    let mut form = Map::new();
    if let Some(query) = &request.query {
        add_first_values(&mut form, query.as_bytes());
    }
    match request.mimetype().as_str() {
        "application/x-www-form-urlencoded" => add_first_values(&mut form, &request.body),
        "multipart/form-data" => return Err(not_emulated("multipart/form-data bodies")),
        _ => {}
    }
    form.shift_remove("_");
    Ok(form)
}

/// `dict.update(MultiDict)` keeps the first value of a repeated key.
fn add_first_values(form: &mut Map<String, Value>, encoded: &[u8]) {
    let mut seen = Map::new();
    for (key, value) in url::form_urlencoded::parse(encoded) {
        if !seen.contains_key(key.as_ref()) {
            seen.insert(key.into_owned(), Value::from(value.into_owned()));
        }
    }
    for (key, value) in seen {
        form.insert(key, value);
    }
}

/// The method as routing sees it: werkzeug answers HEAD with the GET rule.
fn routing_method(request: &ApiRequest) -> Method {
    if request.method == Method::HEAD {
        Method::GET
    } else {
        request.method.clone()
    }
}

enum V15Route<'a> {
    Method(&'a str),
    Collection(&'a str),
    Document(&'a str, &'a str),
    /// `/api/v2/doctype/<doctype>/meta`.
    V2Meta(&'a str),
    Unknown,
}

fn route_v15(path: &str) -> V15Route<'_> {
    let rest = if let Some(v2) = path.strip_prefix("/api/v2/") {
        // Of the v2 API (`frappe/api/v2.py`) only `doctype/<doctype>/meta` is emulated.
        return match v2.strip_prefix("doctype/").and_then(|d| d.strip_suffix("/meta")) {
            Some(doctype) if !doctype.is_empty() && !doctype.contains('/') => V15Route::V2Meta(doctype),
            _ => V15Route::Unknown,
        };
    } else if let Some(rest) = path.strip_prefix("/api/v1/") {
        rest
    } else if let Some(rest) = path.strip_prefix("/api/") {
        rest
    } else {
        return V15Route::Unknown;
    };
    if let Some(method) = rest.strip_prefix("method/") {
        return if method.is_empty() {
            V15Route::Unknown
        } else {
            V15Route::Method(method)
        };
    }
    let Some(resource) = rest.strip_prefix("resource/") else {
        return V15Route::Unknown;
    };
    match resource.split_once('/') {
        None if !resource.is_empty() => V15Route::Collection(resource),
        Some((doctype, tail)) if !doctype.is_empty() && !tail.is_empty() => {
            // `<path:name>/` with strict_slashes=False: one trailing slash is optional.
            let name = tail.strip_suffix('/').unwrap_or(tail);
            if name.is_empty() || name.starts_with('/') {
                V15Route::Unknown
            } else {
                V15Route::Document(doctype, name)
            }
        }
        _ => V15Route::Unknown,
    }
}

fn dispatch_v15(ctx: &mut Context, request: &ApiRequest, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let method = routing_method(request);
    match route_v15(&request.path) {
        V15Route::Method(path) => rpc::call(ctx, request, path, form),
        V15Route::Collection(doctype) => match method {
            Method::GET => resource::list(ctx, doctype, form),
            Method::POST => {
                let document = resource::request_document(form, &request.body)?;
                resource::create(ctx, doctype, document)
            }
            Method::PATCH => resource::patch(ctx),
            _ => Err(Failure::MethodNotAllowed {
                allow: "GET, HEAD, POST",
            }),
        },
        V15Route::Document(doctype, name) => match method {
            Method::GET => resource::read(ctx, doctype, name, form),
            Method::PUT => {
                let document = resource::request_document(form, &request.body)?;
                resource::update(ctx, doctype, name, document)
            }
            Method::DELETE => resource::delete(ctx, doctype, name),
            Method::POST => resource::execute_doc_method(form),
            Method::PATCH => resource::patch(ctx),
            _ => Err(Failure::MethodNotAllowed {
                allow: "DELETE, GET, HEAD, POST, PUT",
            }),
        },
        V15Route::V2Meta(doctype) if method == Method::GET => super::desk_meta::v2_meta(ctx, doctype),
        // `frappe.api.handle` turns werkzeug's NotFound into a bare DoesNotExistError.
        V15Route::V2Meta(_) | V15Route::Unknown => Err(FrappeError::bare(DOES_NOT_EXIST_ERROR).into()),
    }
}

fn dispatch_v14(ctx: &mut Context, request: &ApiRequest, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let method = routing_method(request);
    // `frappe.request.path[1:].split("/", 3)`: the name keeps any further slashes.
    let relative = request.path.strip_prefix('/').unwrap_or(&request.path);
    let parts: Vec<&str> = relative.splitn(4, '/').collect();
    let call = parts.get(1).copied();
    let doctype = parts.get(2).copied().filter(|d| !d.is_empty());
    let name = parts.get(3).copied().filter(|n| !n.is_empty());
    match (call, doctype, name) {
        (Some("method"), Some(command), _) => rpc::call(ctx, request, command, form),
        (Some("method"), None, _) => Err(not_emulated("/api/method without a method")),
        (Some("resource"), Some(_), _) if form.contains_key("run_method") => {
            Err(not_emulated("run_method (whitelisted document methods)"))
        }
        (Some("resource"), Some(doctype), Some(name)) => match method {
            Method::GET => resource::read(ctx, doctype, name, form),
            Method::PUT => {
                let document = resource::request_document(form, &request.body)?;
                resource::update(ctx, doctype, name, document)
            }
            Method::DELETE => resource::delete(ctx, doctype, name),
            // No branch of `frappe/api.py` matches: the handler answers `{}`.
            Method::PATCH => resource::patch(ctx),
            _ => Err(not_emulated(format!("v14 {method} on a document path"))),
        },
        (Some("resource"), Some(doctype), None) => match method {
            Method::GET => resource::list(ctx, doctype, form),
            Method::POST => {
                let document = resource::request_document(form, &request.body)?;
                resource::create(ctx, doctype, document)
            }
            Method::PATCH => resource::patch(ctx),
            _ => Err(not_emulated(format!("v14 {method} on a collection path"))),
        },
        _ => Err(FrappeError::bare(DOES_NOT_EXIST_ERROR).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v15_routes() {
        assert!(matches!(
            route_v15("/api/resource/Social Login Key"),
            V15Route::Collection("Social Login Key")
        ));
        assert!(matches!(
            route_v15("/api/v1/resource/Social Login Key/github/"),
            V15Route::Document("Social Login Key", "github")
        ));
        assert!(matches!(
            route_v15("/api/resource/Social Login Key/a/b"),
            V15Route::Document(_, "a/b")
        ));
        assert!(matches!(
            route_v15("/api/resource/Social Login Key/"),
            V15Route::Unknown
        ));
        assert!(matches!(route_v15("/api/v2/document/X"), V15Route::Unknown));
        assert!(matches!(
            route_v15("/api/v2/doctype/ToDo/meta"),
            V15Route::V2Meta("ToDo")
        ));
        assert!(matches!(
            route_v15("/api/method/frappe.auth.get_logged_user"),
            V15Route::Method("frappe.auth.get_logged_user")
        ));
        assert!(matches!(route_v15("/api/method/"), V15Route::Unknown));
    }
}
