//! Fault injection: the ways a Frappe site, or the proxy in front of it, lets a client down.
//!
//! Rules are registered with [`super::Emulator::inject`] and consulted by the server for every
//! request once its head and body have been read; the first matching rule with uses left
//! applies. What each fault answers is built here; the server (`server.rs`) carries out the
//! ones that act on the connection (latency, a dropped connection, a cut body).
//!
//! The bodies follow Frappe v15 (`frappe/app.py` `handle_exception`, `frappe/rate_limiter.py`,
//! `frappe/utils/response.py`) and nginx (`ngx_http_special_response.c`) as closely as the rest of
//! the emulator follows Frappe.

use std::time::Duration;

use axum::http::{Method, StatusCode};

use super::errors::{
    render_failure, ErrorContext, ExceptionClass, Failure, FrappeError, HttpReply, AUTHENTICATION_ERROR,
    DOES_NOT_EXIST_ERROR, DUPLICATE_ENTRY_ERROR, PERMISSION_ERROR, VALIDATION_ERROR,
};
use super::routes::ApiRequest;
use super::site::Site;

/// What goes wrong with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Delay handling of the request by this long (the request is still answered normally).
    Latency(Duration),
    /// Close the TCP connection without answering and without handling the request.
    ///
    /// The socket is closed with `SO_LINGER` 0, so the client sees a reset (or an EOF).
    ResetConnection,
    /// Answer with this status without handling.
    ///
    /// Statuses Frappe raises itself get its JSON error body (401 `AuthenticationError`,
    /// 403 `PermissionError`, 404 `DoesNotExistError`, 409 `DuplicateEntryError`,
    /// 417 `ValidationError`, 429 `TooManyRequestsError` without the rate-limit headers,
    /// 500 an uncaught `pymysql.err.OperationalError`); other 5xx get nginx's HTML page
    /// ("502 Bad Gateway"); other 4xx werkzeug's HTML page.
    Status(u16),
    /// 429 `TooManyRequestsError` as Frappe's rate limiter answers (`{"exc_type":
    /// "TooManyRequestsError"}` plus `X-RateLimit-*` and `Retry-After` headers), without handling.
    RateLimited { retry_after_seconds: u64 },
    /// Site in maintenance mode: 503 `SessionStopped`, handled by nothing.
    ///
    /// `init_request` raises `frappe.SessionStopped("Session Stopped")` before authentication,
    /// so an API client gets `{"exc_type": "SessionStopped"}` (v15); a client that asked for a
    /// page gets Frappe's "Updating" page (`handle_session_stopped`).
    Maintenance,
    /// Handle the request fully (the write is committed) and then drop the connection without
    /// sending a response: the "lost answer" case.
    LoseResponse,
    /// Handle the request, then answer with its status (200 for a successful request) and the
    /// JSON body cut in half (`Content-Length` matching the truncated body).
    TruncatedJson,
    /// Handle nothing; answer with this status and nginx's HTML error page (`text/html`), like
    /// a proxy in front of the site.
    HtmlPage(u16),
}

impl Fault {
    /// The marker recorded in [`super::RecordedRequest::fault`]: the `Debug` form, e.g.
    /// `"Status(502)"`, `"Latency(200ms)"`, `"ResetConnection"`.
    pub(crate) fn marker(&self) -> String {
        format!("{self:?}")
    }
}

/// A fault and the requests it applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultRule {
    pub fault: Fault,
    /// Only requests with this method (None = any); compared case-insensitively.
    pub method: Option<&'static str>,
    /// Only requests whose decoded path contains this (None = any).
    pub path_contains: Option<String>,
    /// How many matching requests it affects; None = every one until cleared.
    pub times: Option<usize>,
}

impl FaultRule {
    /// A rule for every request, until cleared.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            fault,
            method: None,
            path_contains: None,
            times: None,
        }
    }

    /// Only requests with this HTTP method.
    pub fn method(mut self, m: &'static str) -> Self {
        self.method = Some(m);
        self
    }

    /// Only requests whose percent-decoded path contains `p`.
    pub fn path(mut self, p: &str) -> Self {
        self.path_contains = Some(p.to_string());
        self
    }

    /// Only the next `n` matching requests.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.times != Some(0)
            && self.method.is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && self.path_contains.as_deref().is_none_or(|p| path.contains(p))
    }
}

/// The registered rules and how often one applied.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<FaultRule>,
    triggered: usize,
}

impl Faults {
    pub(crate) fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub(crate) fn clear(&mut self) {
        self.rules.clear();
    }

    pub(crate) fn triggered(&self) -> usize {
        self.triggered
    }

    /// The fault for this request, if any, using up one application of its rule.
    pub(crate) fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let index = self.rules.iter().position(|rule| rule.matches(method, path))?;
        let rule = &mut self.rules[index];
        let fault = rule.fault.clone();
        if let Some(times) = &mut rule.times {
            *times -= 1;
            if *times == 0 {
                self.rules.remove(index);
            }
        }
        self.triggered += 1;
        Some(fault)
    }
}

/// `frappe.exceptions.TooManyRequestsError`.
const TOO_MANY_REQUESTS_ERROR: ExceptionClass = ExceptionClass {
    name: "TooManyRequestsError",
    module: "frappe.exceptions",
    status: 429,
};

/// `frappe.exceptions.SessionStopped`.
const SESSION_STOPPED: ExceptionClass = ExceptionClass {
    name: "SessionStopped",
    module: "frappe.exceptions",
    status: 503,
};

/// What an uncaught database error looks like: the usual cause of a bare 500 from Frappe.
const OPERATIONAL_ERROR: ExceptionClass = ExceptionClass {
    name: "OperationalError",
    module: "pymysql.err",
    status: 500,
};

/// `rate_limit.limit` of the imagined site config (seconds of request time per window);
/// `X-RateLimit-Limit` reports it in microseconds.
const RATE_LIMIT_SECONDS: u64 = 600;

/// The answer of a fault that does not handle the request.
pub(crate) fn reply(site: &Site, request: &ApiRequest, fault: &Fault) -> HttpReply {
    match fault {
        Fault::Status(status) => status_reply(site, request, *status),
        Fault::RateLimited { retry_after_seconds } => rate_limited(site, request, *retry_after_seconds),
        Fault::Maintenance => maintenance(site, request),
        Fault::HtmlPage(status) => nginx_page(*status),
        Fault::Latency(_) | Fault::ResetConnection | Fault::LoseResponse | Fault::TruncatedJson => {
            unreachable!("{fault:?} handles the request")
        }
    }
}

/// `handle_exception` for an exception raised before `validate_auth`.
fn before_auth(site: &Site, request: &ApiRequest, error: FrappeError) -> HttpReply {
    frappe_error(site, request, error)
}

/// `handle_exception`: the reference sites show tracebacks to every caller (notes, section 3),
/// so it makes no difference who the caller is.
fn frappe_error(site: &Site, request: &ApiRequest, error: FrappeError) -> HttpReply {
    render_failure(
        &Failure::from(error),
        ErrorContext {
            profile: site.version.profile(),
            tracebacks_enabled: site.lock().single_flag("System Settings", "allow_error_traceback"),
            wants_html: request.wants_html(),
        },
    )
}

fn status_reply(site: &Site, request: &ApiRequest, status: u16) -> HttpReply {
    let raised_after_auth = |class: ExceptionClass, text: Option<&str>| {
        let mut error = FrappeError::bare(class);
        error.text = text.map(str::to_string);
        frappe_error(site, request, error)
    };
    match status {
        401 => before_auth(site, request, FrappeError::bare(AUTHENTICATION_ERROR)),
        403 => raised_after_auth(PERMISSION_ERROR, None),
        404 => raised_after_auth(DOES_NOT_EXIST_ERROR, None),
        409 => raised_after_auth(DUPLICATE_ENTRY_ERROR, None),
        417 => raised_after_auth(VALIDATION_ERROR, None),
        429 => before_auth(site, request, FrappeError::bare(TOO_MANY_REQUESTS_ERROR)),
        500 => raised_after_auth(
            OPERATIONAL_ERROR,
            Some("(2013, 'Lost connection to MySQL server during query')"),
        ),
        501..=599 => nginx_page(status),
        _ => werkzeug_page(status),
    }
}

/// `RateLimiter.apply()` (a `before_request` hook, so before authentication) raising
/// `TooManyRequestsError`, and the headers `application()` adds from `RateLimiter.headers()`.
/// The database is connected by then, so the body carries the traceback when allowed.
/// A client that asked for a page gets `RateLimiter.respond()`: plain "Too Many Requests".
fn rate_limited(site: &Site, request: &ApiRequest, retry_after_seconds: u64) -> HttpReply {
    let mut reply = if request.wants_html() {
        HttpReply {
            status: 429,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: b"Too Many Requests".to_vec(),
        }
    } else {
        before_auth(site, request, FrappeError::bare(TOO_MANY_REQUESTS_ERROR))
    };
    let reset = retry_after_seconds.to_string();
    reply.headers.extend([
        ("X-RateLimit-Reset", reset.clone()),
        ("X-RateLimit-Limit", (RATE_LIMIT_SECONDS * 1_000_000).to_string()),
        ("X-RateLimit-Remaining", "0".to_string()),
        ("Retry-After", reset),
    ]);
    reply
}

/// `init_request` with `maintenance_mode` set: `raise frappe.SessionStopped("Session Stopped")`
/// (after connecting to the database, so the traceback rule applies).
fn maintenance(site: &Site, request: &ApiRequest) -> HttpReply {
    if request.wants_html() {
        // `handle_session_stopped()`: `respond_as_web_page(_("Updating"), ..., http_status_code=503)`.
        let body = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Updating</title>\n</head>\n<body>\n<div class=\"page-card\">\n<h4 class=\"page-card-head\">Updating</h4>\n<p>The system is being updated. Please refresh again after a few moments.</p>\n</div>\n</body>\n</html>\n";
        return HttpReply {
            status: 503,
            content_type: "text/html; charset=utf-8",
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
    }
    before_auth(site, request, FrappeError::raise(SESSION_STOPPED, "Session Stopped"))
}

/// The reason phrase nginx prints for a status (its own spellings where they differ).
fn nginx_reason(status: u16) -> String {
    match status {
        503 => "Service Temporarily Unavailable".to_string(),
        504 => "Gateway Time-out".to_string(),
        413 => "Request Entity Too Large".to_string(),
        414 => "Request-URI Too Large".to_string(),
        _ => StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error")
            .to_string(),
    }
}

/// nginx's built-in error page (`ngx_http_error_tail` without the version).
pub(crate) fn nginx_page(status: u16) -> HttpReply {
    let title = format!("{status} {}", nginx_reason(status));
    let body = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    HttpReply {
        status,
        content_type: "text/html",
        headers: vec![("Server", "nginx".to_string())],
        body: body.into_bytes(),
    }
}

/// werkzeug's HTML for an `HTTPException` that no Frappe handler turned into JSON.
fn werkzeug_page(status: u16) -> HttpReply {
    let name = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown Error");
    let description = match status {
        400 => "The browser (or proxy) sent a request that this server could not understand.",
        405 => "The method is not allowed for the requested URL.",
        408 => "The server closed the network connection because the browser didn't finish the request within the specified time.",
        413 => "The data value transmitted exceeds the capacity limit.",
        415 => "The server does not support the media type transmitted in the request.",
        _ => "",
    };
    HttpReply {
        status,
        content_type: "text/html; charset=utf-8",
        headers: Vec::new(),
        body: format!(
            "<!doctype html>\n<html lang=en>\n<title>{status} {name}</title>\n<h1>{name}</h1>\n<p>{description}</p>\n"
        )
        .into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_in_order_and_run_out() {
        let mut faults = Faults::default();
        faults.add(FaultRule::new(Fault::Status(502)).method("post").times(1));
        faults.add(FaultRule::new(Fault::Status(503)).path("/resource/"));
        assert_eq!(faults.take(&Method::GET, "/api/method/x"), None);
        assert_eq!(faults.take(&Method::POST, "/api/x"), Some(Fault::Status(502)));
        assert_eq!(faults.take(&Method::POST, "/api/x"), None);
        assert_eq!(faults.take(&Method::POST, "/api/resource/X"), Some(Fault::Status(503)));
        assert_eq!(faults.take(&Method::GET, "/api/resource/X"), Some(Fault::Status(503)));
        assert_eq!(faults.triggered(), 3);
        faults.clear();
        assert_eq!(faults.take(&Method::GET, "/api/resource/X"), None);
    }

    #[test]
    fn nginx_page_is_what_nginx_sends() {
        let reply = nginx_page(502);
        assert_eq!(reply.content_type, "text/html");
        let body = String::from_utf8(reply.body).unwrap();
        assert!(body.contains("<head><title>502 Bad Gateway</title></head>"), "{body}");
        assert!(String::from_utf8(nginx_page(504).body)
            .unwrap()
            .contains("504 Gateway Time-out"));
    }
}
