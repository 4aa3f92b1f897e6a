//! Frappe exceptions and how a v1 API request reports them.
//!
//! Frappe answers an exception with the status of its class (`http_status_code`) and a JSON
//! object built from `frappe.local.response` (`frappe/utils/response.py` `report_error` and
//! `_make_logs_v1`):
//!
//! * `exception`: last line of the traceback, only when tracebacks are allowed (System Settings
//!   `allow_error_traceback`, the status is not 404, and the handler did not set
//!   `disable_traceback`); the reference sites send it to every caller, Guest included;
//! * `exc_type`: class name (v15 always; v14 only when raised through `frappe.throw`);
//! * `exc`: a string holding a JSON array of traceback strings (same condition as `exception`);
//! * `_server_messages`: a string holding a JSON array of JSON strings, one per `msgprint`;
//! * `_error_message`: set by some permission failures.
//!
//! With `Accept: text/...` on an `/api/` path Frappe renders an HTML error page instead.

use serde_json::{Map, Value};

use super::python::{json_dumps, splitlines};
use super::version::{ExcTypeRule, JsonStyle, Profile};

/// A Python exception class: what `exc_type`, `exception` and the status are derived from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ExceptionClass {
    pub(crate) name: &'static str,
    pub(crate) module: &'static str,
    pub(crate) status: u16,
}

impl ExceptionClass {
    const fn frappe(name: &'static str, status: u16) -> ExceptionClass {
        ExceptionClass {
            name,
            module: "frappe.exceptions",
            status,
        }
    }

    const fn controller(name: &'static str) -> ExceptionClass {
        ExceptionClass {
            name,
            module: "frappe.integrations.doctype.social_login_key.social_login_key",
            status: 417,
        }
    }

    const fn builtin(name: &'static str) -> ExceptionClass {
        ExceptionClass {
            name,
            module: "builtins",
            status: 500,
        }
    }

    /// How the class is printed on the last line of a traceback.
    fn qualified_name(&self) -> String {
        if self.module == "builtins" {
            self.name.to_string()
        } else {
            format!("{}.{}", self.module, self.name)
        }
    }
}

pub(crate) const VALIDATION_ERROR: ExceptionClass = ExceptionClass::frappe("ValidationError", 417);
pub(crate) const DOES_NOT_EXIST_ERROR: ExceptionClass = ExceptionClass::frappe("DoesNotExistError", 404);
pub(crate) const PERMISSION_ERROR: ExceptionClass = ExceptionClass::frappe("PermissionError", 403);
pub(crate) const AUTHENTICATION_ERROR: ExceptionClass = ExceptionClass::frappe("AuthenticationError", 401);
pub(crate) const MANDATORY_ERROR: ExceptionClass = ExceptionClass::frappe("MandatoryError", 417);
pub(crate) const CHARACTER_LENGTH_EXCEEDED_ERROR: ExceptionClass =
    ExceptionClass::frappe("CharacterLengthExceededError", 417);
pub(crate) const CANNOT_CHANGE_CONSTANT_ERROR: ExceptionClass =
    ExceptionClass::frappe("CannotChangeConstantError", 417);
pub(crate) const TIMESTAMP_MISMATCH_ERROR: ExceptionClass = ExceptionClass::frappe("TimestampMismatchError", 417);
pub(crate) const DOCSTATUS_TRANSITION_ERROR: ExceptionClass = ExceptionClass::frappe("DocstatusTransitionError", 417);
pub(crate) const NAME_ERROR: ExceptionClass = ExceptionClass::frappe("NameError", 409);
pub(crate) const DUPLICATE_ENTRY_ERROR: ExceptionClass = ExceptionClass::frappe("DuplicateEntryError", 409);
pub(crate) const DATA_ERROR: ExceptionClass = ExceptionClass::frappe("DataError", 417);
pub(crate) const UNIQUE_VALIDATION_ERROR: ExceptionClass = ExceptionClass::frappe("UniqueValidationError", 417);
pub(crate) const INVALID_AUTHORIZATION_TOKEN: ExceptionClass = ExceptionClass::frappe("InvalidAuthorizationToken", 400);

pub(crate) const BASE_URL_NOT_SET_ERROR: ExceptionClass = ExceptionClass::controller("BaseUrlNotSetError");
pub(crate) const AUTHORIZE_URL_NOT_SET_ERROR: ExceptionClass = ExceptionClass::controller("AuthorizeUrlNotSetError");
pub(crate) const ACCESS_TOKEN_URL_NOT_SET_ERROR: ExceptionClass =
    ExceptionClass::controller("AccessTokenUrlNotSetError");
pub(crate) const REDIRECT_URL_NOT_SET_ERROR: ExceptionClass = ExceptionClass::controller("RedirectUrlNotSetError");
pub(crate) const CLIENT_ID_NOT_SET_ERROR: ExceptionClass = ExceptionClass::controller("ClientIDNotSetError");
pub(crate) const CLIENT_SECRET_NOT_SET_ERROR: ExceptionClass = ExceptionClass::controller("ClientSecretNotSetError");

pub(crate) const TYPE_ERROR: ExceptionClass = ExceptionClass::builtin("TypeError");
pub(crate) const ATTRIBUTE_ERROR: ExceptionClass = ExceptionClass::builtin("AttributeError");
pub(crate) const VALUE_ERROR: ExceptionClass = ExceptionClass::builtin("ValueError");
pub(crate) const KEY_ERROR: ExceptionClass = ExceptionClass::builtin("KeyError");
pub(crate) const IMPORT_ERROR: ExceptionClass = ExceptionClass::builtin("ImportError");
pub(crate) const MODULE_NOT_FOUND_ERROR: ExceptionClass = ExceptionClass::builtin("ModuleNotFoundError");
pub(crate) const JSON_DECODE_ERROR: ExceptionClass = ExceptionClass {
    name: "JSONDecodeError",
    module: "json.decoder",
    status: 500,
};

/// One entry of `frappe.local.message_log` (a `msgprint`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ServerMessage {
    pub(crate) message: String,
    /// The title passed to msgprint; v15 shows "Message" when none was given.
    pub(crate) title: Option<String>,
    pub(crate) indicator: Option<&'static str>,
    /// `msgprint(..., alert=True)`: a toast rather than a dialog.
    pub(crate) alert: bool,
    /// `frappe.throw` marks its message with `raise_exception` and (v15) `__frappe_exc_id`.
    pub(crate) raised: bool,
    /// `msgprint(..., primary_action=...)`.
    pub(crate) primary_action: Option<Value>,
}

impl ServerMessage {
    /// A plain `frappe.msgprint(message)`.
    pub(crate) fn plain(message: impl Into<String>) -> ServerMessage {
        ServerMessage {
            message: message.into(),
            title: None,
            indicator: None,
            alert: false,
            raised: false,
            primary_action: None,
        }
    }

    /// `frappe.msgprint(message, alert=True)` (with an optional indicator).
    pub(crate) fn alert(message: impl Into<String>, indicator: Option<&'static str>) -> ServerMessage {
        ServerMessage {
            indicator,
            alert: true,
            ..ServerMessage::plain(message)
        }
    }

    pub(crate) fn titled(mut self, title: &str) -> ServerMessage {
        self.title = Some(title.to_string());
        self
    }

    pub(crate) fn indicator(mut self, indicator: &'static str) -> ServerMessage {
        self.indicator = Some(indicator);
        self
    }

    /// The message as `msgprint` builds it (`message`, `title`, `indicator`, `alert`,
    /// `raise_exception`, `__frappe_exc_id`, `primary_action`), JSON-encoded.
    fn to_json(&self, profile: &Profile) -> String {
        let mut out = Map::new();
        out.insert("message".into(), Value::from(self.message.clone()));
        match (&self.title, profile.default_message_title) {
            (Some(title), _) => {
                out.insert("title".into(), Value::from(title.clone()));
            }
            (None, Some(default)) => {
                out.insert("title".into(), Value::from(default));
            }
            (None, None) => {}
        }
        if let Some(indicator) = self.indicator {
            out.insert("indicator".into(), Value::from(indicator));
        }
        if self.alert {
            out.insert("alert".into(), Value::from(1));
        }
        if self.raised {
            out.insert("raise_exception".into(), Value::from(1));
            if profile.exception_ids {
                out.insert("__frappe_exc_id".into(), Value::from(random_hash(56)));
            }
        }
        if let Some(action) = &self.primary_action {
            out.insert("primary_action".into(), action.clone());
        }
        encode(profile, &Value::Object(out))
    }
}

/// `_server_messages`: a JSON string of a list of JSON strings, one per message.
pub(crate) fn server_messages(profile: &Profile, messages: &[ServerMessage]) -> Value {
    let inner: Vec<Value> = messages.iter().map(|m| Value::from(m.to_json(profile))).collect();
    Value::from(encode(profile, &Value::Array(inner)))
}

/// A Frappe exception on its way to `handle_exception`.
#[derive(Clone, Debug)]
pub(crate) struct FrappeError {
    pub(crate) class: ExceptionClass,
    /// `str(exception)`; `None` for a bare `raise Class`.
    pub(crate) text: Option<String>,
    /// `frappe.local.message_log` at the time of the error, oldest first.
    pub(crate) messages: Vec<ServerMessage>,
    /// `frappe.flags.error_message` → `_error_message`.
    pub(crate) error_message: Option<String>,
    /// `frappe.flags.disable_traceback` (set when a missing document is reported as 403).
    pub(crate) disable_traceback: bool,
    /// Raised through `msgprint(raise_exception=...)`; v14 only reports `exc_type` then.
    pub(crate) thrown: bool,
    /// Keys the handler put into `frappe.local.response` before failing (e.g. login's
    /// `"message"`); they open the error body.
    pub(crate) preamble: Map<String, Value>,
    /// `frappe.local.debug_log`: what `frappe.log` wrote, e.g. the `"Error in query:\n…"` of
    /// every query PostgreSQL refused (`frappe/database/database.py` `Database.sql`).
    pub(crate) debug_log: Vec<String>,
    /// `raise ... from cause`: the exception this one was raised from (class and text).
    pub(crate) cause: Option<(ExceptionClass, String)>,
}

impl FrappeError {
    /// `frappe.throw(message, class)`.
    pub(crate) fn throw(class: ExceptionClass, message: impl Into<String>) -> FrappeError {
        Self::throw_with_title(class, message, None)
    }

    /// `frappe.throw(message, class, title=title)`.
    pub(crate) fn throw_with_title(
        class: ExceptionClass,
        message: impl Into<String>,
        title: Option<&str>,
    ) -> FrappeError {
        let message = message.into();
        FrappeError {
            class,
            text: Some(message.clone()),
            messages: vec![ServerMessage {
                message,
                title: title.map(str::to_string),
                indicator: Some("red"),
                alert: false,
                raised: true,
                primary_action: None,
            }],
            error_message: None,
            disable_traceback: false,
            thrown: true,
            preamble: Map::new(),
            debug_log: Vec::new(),
            cause: None,
        }
    }

    /// `raise Class(text)` without a message.
    pub(crate) fn raise(class: ExceptionClass, text: impl Into<String>) -> FrappeError {
        FrappeError {
            class,
            text: Some(text.into()),
            messages: Vec::new(),
            error_message: None,
            disable_traceback: false,
            thrown: false,
            preamble: Map::new(),
            debug_log: Vec::new(),
            cause: None,
        }
    }

    /// A bare `raise Class`.
    pub(crate) fn bare(class: ExceptionClass) -> FrappeError {
        FrappeError {
            class,
            text: None,
            messages: Vec::new(),
            error_message: None,
            disable_traceback: false,
            thrown: false,
            preamble: Map::new(),
            debug_log: Vec::new(),
            cause: None,
        }
    }

    /// Messages printed before the exception was raised.
    pub(crate) fn after_messages(mut self, mut earlier: Vec<ServerMessage>) -> FrappeError {
        earlier.append(&mut self.messages);
        self.messages = earlier;
        self
    }

    pub(crate) fn with_error_message(mut self, message: impl Into<String>) -> FrappeError {
        self.error_message = Some(message.into());
        self
    }

    /// A response key set before the exception (it comes first in the body).
    pub(crate) fn with_response_key(mut self, key: &str, value: Value) -> FrappeError {
        self.preamble.insert(key.to_string(), value);
        self
    }

    /// A `frappe.log` entry written before the exception reached `handle_exception`.
    pub(crate) fn logged(mut self, entry: impl Into<String>) -> FrappeError {
        self.debug_log.push(entry.into());
        self
    }

    /// `raise self from cause`.
    pub(crate) fn caused_by(mut self, class: ExceptionClass, text: impl Into<String>) -> FrappeError {
        self.cause = Some((class, text.into()));
        self
    }

    /// The text a client would show: the last message, or the exception text.
    pub(crate) fn summary(&self) -> String {
        self.messages
            .last()
            .map(|m| m.message.clone())
            .or_else(|| self.text.clone())
            .unwrap_or_default()
    }

    /// The traceback text; `of_cause`: the line formats the exception's cause instead of the
    /// exception itself when it has one (develop's `frappe/utils/__init__.py` `get_traceback`:
    /// `if exc.__cause__: exc = exc.__cause__`).
    fn traceback(&self, of_cause: bool) -> String {
        let (class, text) = match (&self.cause, of_cause) {
            (Some((class, text)), true) => (class, Some(text.as_str())),
            _ => (&self.class, self.text.as_deref()),
        };
        let mut last = class.qualified_name();
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            last.push_str(": ");
            last.push_str(text);
        }
        format!(
            "Traceback (most recent call last):\n  File \"apps/frappe/frappe/app.py\", line 1, in application\n    (frames not emulated)\n{last}\n"
        )
    }
}

/// Why a request failed, in the form the HTTP layer needs to answer it.
#[derive(Clone, Debug)]
pub(crate) enum Failure {
    /// A Frappe exception, answered by `handle_exception` (boxed: it is large and rare).
    Frappe(Box<FrappeError>),
    /// Werkzeug's `MethodNotAllowed`, returned as-is (HTML 405 with an `Allow` header).
    MethodNotAllowed { allow: &'static str },
    /// Werkzeug's `NotFound` from `init_request`: no site answers to this host.
    SiteNotFound,
    /// Behaviour this emulator does not model; answered with 501 so no test passes on it.
    NotEmulated(String),
}

impl From<FrappeError> for Failure {
    fn from(error: FrappeError) -> Failure {
        Failure::Frappe(Box::new(error))
    }
}

/// Shorthand for handlers.
pub(crate) fn not_emulated(what: impl Into<String>) -> Failure {
    Failure::NotEmulated(what.into())
}

/// A complete HTTP answer.
#[derive(Clone, Debug)]
pub(crate) struct HttpReply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl HttpReply {
    pub(crate) fn json_text(status: u16, body: String) -> HttpReply {
        HttpReply {
            status,
            // werkzeug adds no charset to application/json, whatever `response.charset` says.
            content_type: "application/json",
            headers: vec![(
                "Cache-Control",
                "no-store,no-cache,must-revalidate,max-age=0".to_string(),
            )],
            body: body.into_bytes(),
        }
    }

    pub(crate) fn json(status: u16, profile: &Profile, body: &Value) -> HttpReply {
        let text = match profile.json {
            JsonStyle::Orjson => body.to_string(),
            JsonStyle::Python => json_dumps(body, true),
        };
        HttpReply::json_text(status, text)
    }

    pub(crate) fn html(status: u16, body: String) -> HttpReply {
        HttpReply {
            status,
            content_type: "text/html; charset=utf-8",
            headers: Vec::new(),
            body: body.into_bytes(),
        }
    }
}

/// What `handle_exception` needs to know about the request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ErrorContext {
    pub(crate) profile: &'static Profile,
    /// System Settings `allow_error_traceback`.
    pub(crate) tracebacks_enabled: bool,
    /// The request asked for a page (`Accept: text/...`, not ajax, no JSON accepted).
    pub(crate) wants_html: bool,
}

/// Encodes a value the way the line's JSON library would inside `_server_messages`/`exc`.
fn encode(profile: &Profile, value: &Value) -> String {
    match profile.json {
        JsonStyle::Orjson => value.to_string(),
        JsonStyle::Python => json_dumps(value, false),
    }
}

/// Turns a failure into the HTTP answer Frappe would give.
pub(crate) fn render_failure(failure: &Failure, context: ErrorContext) -> HttpReply {
    match failure {
        Failure::Frappe(error) if context.wants_html => {
            HttpReply::html(error.class.status, frappe_error_page(error.class.status))
        }
        Failure::Frappe(error) => render_json_error(error, context),
        Failure::MethodNotAllowed { allow } => {
            let mut reply = HttpReply::html(405, werkzeug_page(405));
            reply.headers.push(("Allow", (*allow).to_string()));
            reply
        }
        Failure::SiteNotFound => HttpReply::html(404, werkzeug_page(404)),
        Failure::NotEmulated(what) => {
            let body = serde_json::json!({
                "exc_type": "NotEmulated",
                "_emulator": format!("frappe-emulator does not emulate this: {what}"),
            });
            HttpReply::json_text(501, body.to_string())
        }
    }
}

fn render_json_error(error: &FrappeError, context: ErrorContext) -> HttpReply {
    let status = error.class.status;
    let profile = context.profile;
    let traceback_allowed = context.tracebacks_enabled && status != 404 && !error.disable_traceback;
    let traceback = error.traceback(profile.traceback_of_cause);
    let last_line = splitlines(&traceback).last().copied().unwrap_or_default().to_string();

    let mut body = error.preamble.clone();
    let exc_type = Value::from(error.class.name);
    match profile.exc_type {
        ExcTypeRule::Always => {
            if traceback_allowed {
                body.insert("exception".into(), Value::from(last_line));
            }
            body.insert("exc_type".into(), exc_type);
        }
        ExcTypeRule::ThrownOnly => {
            // v14's msgprint put exc_type into the response before the exception was raised.
            if error.thrown {
                body.insert("exc_type".into(), exc_type);
            }
            if traceback_allowed {
                body.insert("exception".into(), Value::from(last_line));
            }
        }
    }
    let logged = error.debug_log.iter().map(|entry| Value::from(entry.clone()));
    if traceback_allowed {
        let mut frames: Vec<Value> = Vec::new();
        if profile.debug_log_in_exc {
            frames.extend(logged.clone());
        }
        frames.push(Value::from(traceback));
        body.insert("exc".into(), Value::from(encode(profile, &Value::Array(frames))));
    }
    if !error.messages.is_empty() {
        body.insert("_server_messages".into(), server_messages(profile, &error.messages));
    }
    if let Some(message) = &error.error_message {
        body.insert("_error_message".into(), Value::from(message.clone()));
    }
    if !profile.debug_log_in_exc && !error.debug_log.is_empty() {
        // `build_response` sends `frappe.debug_log` with `json.dumps` (`", "` separators).
        let entries = Value::Array(logged.collect());
        body.insert("_debug_messages".into(), Value::from(json_dumps(&entries, false)));
    }
    HttpReply::json(status, profile, &Value::Object(body))
}

/// Frappe's `ErrorPage` for `handle_exception` when the client asked for HTML.
fn frappe_error_page(status: u16) -> String {
    let (title, message) = match status {
        401 => (
            "Session Expired",
            "Your session has expired, please login again to continue.",
        ),
        403 => (
            "Not Permitted",
            "You do not have enough permissions to complete the action",
        ),
        404 => ("Not Found", "The resource you are looking for is not available"),
        _ => ("Server Error", "Uncaught Exception"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n<div class=\"page-card\">\n<h4 class=\"page-card-head\">{title}</h4>\n<p>{message}</p>\n</div>\n</body>\n</html>\n"
    )
}

/// Werkzeug's default HTML for an `HTTPException` returned without Frappe's handler.
fn werkzeug_page(status: u16) -> String {
    let (name, description) = match status {
        405 => (
            "Method Not Allowed",
            "The method is not allowed for the requested URL.",
        ),
        _ => (
            "Not Found",
            "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
        ),
    };
    format!("<!doctype html>\n<html lang=en>\n<title>{status} {name}</title>\n<h1>{name}</h1>\n<p>{description}</p>\n")
}

/// `frappe.generate_hash(length=n)`: lowercase hex.
pub(crate) fn random_hash(length: usize) -> String {
    (0..length)
        .map(|_| char::from_digit(fastrand::u32(0..16), 16).unwrap_or('0'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FrappeVersion;

    fn context(version: FrappeVersion) -> ErrorContext {
        ErrorContext {
            profile: version.profile(),
            tracebacks_enabled: true,
            wants_html: false,
        }
    }

    #[test]
    fn thrown_error_has_doubly_encoded_messages() {
        let error = FrappeError::throw(AUTHORIZE_URL_NOT_SET_ERROR, "Please enter Authorize URL");
        let reply = render_failure(&Failure::from(error), context(FrappeVersion::V15));
        assert_eq!(reply.status, 417);
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(
            body["exception"],
            "frappe.integrations.doctype.social_login_key.social_login_key.AuthorizeUrlNotSetError: Please enter Authorize URL"
        );
        let outer: Vec<String> = serde_json::from_str(body["_server_messages"].as_str().unwrap()).unwrap();
        let inner: Value = serde_json::from_str(&outer[0]).unwrap();
        assert_eq!(inner["message"], "Please enter Authorize URL");
        assert_eq!(inner["title"], "Message");
        assert_eq!(inner["indicator"], "red");
        assert_eq!(inner["raise_exception"], 1);
        assert_eq!(inner["__frappe_exc_id"].as_str().unwrap().len(), 56);
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["exception", "exc_type", "exc", "_server_messages"]);
    }

    #[test]
    fn not_found_never_carries_a_traceback() {
        let error = FrappeError::bare(DOES_NOT_EXIST_ERROR);
        let reply = render_failure(&Failure::from(error), context(FrappeVersion::V15));
        assert_eq!(reply.body, br#"{"exc_type":"DoesNotExistError"}"#);
        let error = FrappeError::bare(DOES_NOT_EXIST_ERROR);
        let reply = render_failure(&Failure::from(error), context(FrappeVersion::V14));
        assert_eq!(reply.body, b"{}");
    }

    #[test]
    fn exception_line_is_the_last_line_of_a_multiline_message() {
        let error = FrappeError::raise(VALIDATION_ERROR, "first\nsecond");
        let reply = render_failure(&Failure::from(error), context(FrappeVersion::V15));
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(body["exception"], "second");
    }
}
