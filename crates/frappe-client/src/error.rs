//! Frappe's error answers, decoded.
//!
//! A v1 error body looks like
//! `{"exc_type": "AuthorizeUrlNotSetError", "exception": "…", "exc": "[…]",
//!   "_server_messages": "[\"{\\\"message\\\": \\\"Please enter Authorize URL\\\", …}\"]"}`:
//! `_server_messages` is a JSON string holding an array of JSON strings, each
//! an object with the user-facing `message` (which may contain HTML).

use std::time::Duration;

use serde_json::Value as Json;

use super::database_refusal::DatabaseRefusal;

/// What went wrong talking to Frappe.
#[derive(Debug, thiserror::Error)]
pub enum FrappeError {
    /// Frappe answered with an error status and (usually) its JSON error body.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// No HTTP answer at all: DNS, refused connection, TLS failure, reset.
    #[error("could not reach the Frappe site at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("the Frappe site did not answer within {0:?}")]
    Timeout(Duration),
    #[error("cancelled: Terraform asked the provider to stop")]
    Cancelled,
    /// An answer that is not Frappe's JSON (a proxy's HTML page, a truncated body…).
    #[error("the server answered HTTP {status} with something that is not Frappe's JSON: {snippet}")]
    UnexpectedBody { status: u16, snippet: String },
}

impl FrappeError {
    /// Why the site's database refused the request, if that is what failed.
    pub fn database_refusal(&self) -> Option<DatabaseRefusal> {
        match self {
            FrappeError::Api(api) => api.database_refusal,
            _ => None,
        }
    }
}

/// An error answer from Frappe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ApiError {
    pub status: u16,
    /// The exception class, e.g. `CannotChangeConstantError`.
    pub exc_type: Option<String>,
    /// The user-facing messages, HTML tags removed.
    pub messages: Vec<String>,
    /// The last traceback line when the site shows tracebacks.
    pub exception: Option<String>,
    /// The site's database refused the request because of a concurrent
    /// writer; Frappe rolled it back, so it may be sent again.
    pub database_refusal: Option<DatabaseRefusal>,
}

/// The broad meaning of an error status, for deciding what to tell the user
/// and what may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Authentication,
    Permission,
    NotFound,
    Duplicate,
    Validation,
    RateLimited,
    Unavailable,
    /// A deadlock, lock timeout or serialization failure between concurrent
    /// writers (see [`DatabaseRefusal`]); told from the body, never from the
    /// status alone.
    DatabaseBusy,
    Server,
}

impl ApiError {
    pub fn kind(&self) -> ErrorKind {
        if self.database_refusal.is_some() {
            return ErrorKind::DatabaseBusy;
        }
        match self.status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::Permission,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Duplicate,
            417 => ErrorKind::Validation,
            429 => ErrorKind::RateLimited,
            502..=504 => ErrorKind::Unavailable,
            _ => ErrorKind::Server,
        }
    }

    /// The most useful single sentence: the server's message, else the exception text.
    pub fn message(&self) -> Option<String> {
        if !self.messages.is_empty() {
            // One message per line: several messages run together read as
            // one garbled sentence.
            return Some(self.messages.join("\n"));
        }
        self.exception
            .as_deref()
            .map(|e| e.split_once(": ").map_or(e, |(_, msg)| msg).to_string())
            .filter(|m| !m.is_empty())
    }

    fn describe(&self) -> String {
        // A PostgreSQL refusal often comes with an empty `exception`.
        let message = self
            .message()
            .or_else(|| self.database_refusal.map(|r| r.reason().to_string()));
        match (self.exc_type.as_deref(), message) {
            (Some(class), Some(message)) => format!("Frappe answered HTTP {} ({class}): {message}", self.status),
            (Some(class), None) => format!("Frappe answered HTTP {} ({class})", self.status),
            // v14 names no class, but the body is Frappe's.
            (None, Some(message)) if self.database_refusal.is_some() => {
                format!("Frappe answered HTTP {}: {message}", self.status)
            }
            // Not Frappe's JSON: a proxy or web server answered.
            (None, Some(message)) => format!("the server answered HTTP {}: {message}", self.status),
            (None, None) => format!("the server answered HTTP {} with an empty body", self.status),
        }
    }

    /// Decodes an error body; `None` when the body is not Frappe's JSON.
    pub fn from_body(status: u16, body: &[u8]) -> Option<ApiError> {
        let json: Json = serde_json::from_slice(body).ok()?;
        let object = json.as_object()?;
        let exc_type = object.get("exc_type").and_then(Json::as_str).map(str::to_owned);
        let exception = object
            .get("exception")
            .and_then(Json::as_str)
            .map(|e| strip_html(e.trim()));
        let mut messages = object
            .get("_server_messages")
            .and_then(Json::as_str)
            .map(decode_server_messages)
            .unwrap_or_default();
        if messages.is_empty() {
            if let Some(m) = object.get("_error_message").and_then(Json::as_str) {
                messages.push(strip_html(m));
            }
        }
        // Login failures carry their text in "message".
        if messages.is_empty() && status == 401 {
            if let Some(m) = object.get("message").and_then(Json::as_str) {
                messages.push(strip_html(m));
            }
        }
        // Frappe answers these with 500 (`handle_exception`'s default); a
        // 4xx naming such a class is something else.
        let database_refusal = (status >= 500).then(|| DatabaseRefusal::from_body(object)).flatten();
        Some(ApiError {
            status,
            exc_type,
            messages,
            exception,
            database_refusal,
        })
    }
}

/// Decodes the doubly-encoded `_server_messages` into plain sentences.
pub fn decode_server_messages(encoded: &str) -> Vec<String> {
    let Ok(Json::Array(items)) = serde_json::from_str::<Json>(encoded) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let inner = match item {
                Json::String(s) => serde_json::from_str::<Json>(s).unwrap_or_else(|_| Json::String(s.clone())),
                other => other.clone(),
            };
            match inner {
                Json::Object(o) => o.get("message").and_then(Json::as_str).map(strip_html),
                Json::String(s) => Some(strip_html(&s)),
                _ => None,
            }
        })
        .filter(|m| !m.is_empty())
        .collect()
}

/// Tags after which Frappe's HTML starts a new line of text.
const LINE_BREAKING_TAGS: &[&str] = &["br", "p", "div", "li", "tr", "ul", "ol", "details", "summary", "hr"];

/// Removes HTML tags and decodes the few entities Frappe uses, so messages
/// read well in a terminal. Line-breaking tags (`<br>`, `</p>`, …) become
/// line breaks, so two sentences Frappe separates with `<br>` stay apart.
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut tag: Option<String> = None;
    for c in text.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if LINE_BREAKING_TAGS.contains(&name.as_str()) {
                    out.push('\n');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => out.push(c),
        }
    }
    // An unclosed `<` was not a tag after all.
    if let Some(rest) = tag {
        out.push('<');
        out.push_str(&rest);
    }
    let decoded = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_with_doubly_encoded_messages() {
        let body = br#"{"exc_type":"AuthorizeUrlNotSetError","exception":"frappe.integrations.doctype.social_login_key.social_login_key.AuthorizeUrlNotSetError: Please enter Authorize URL","exc":"[\"Traceback (most recent call last):\\n ...\"]","_server_messages":"[\"{\\\"message\\\":\\\"Please enter Authorize URL\\\",\\\"title\\\":\\\"Message\\\",\\\"indicator\\\":\\\"red\\\",\\\"raise_exception\\\":1,\\\"__frappe_exc_id\\\":\\\"8f1c\\\"}\"]"}"#;
        let e = ApiError::from_body(417, body).unwrap();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.exc_type.as_deref(), Some("AuthorizeUrlNotSetError"));
        assert_eq!(e.messages, vec!["Please enter Authorize URL"]);
        assert_eq!(
            e.to_string(),
            "Frappe answered HTTP 417 (AuthorizeUrlNotSetError): Please enter Authorize URL"
        );
    }

    #[test]
    fn html_is_stripped_from_messages() {
        let body = br#"{"exc_type":"CannotChangeConstantError","_server_messages":"[\"{\\\"message\\\": \\\"Value cannot be changed for <strong>Provider Name</strong>\\\"}\"]"}"#;
        let e = ApiError::from_body(417, body).unwrap();
        assert_eq!(e.messages, vec!["Value cannot be changed for Provider Name"]);
    }

    #[test]
    fn messages_separated_by_html_or_sent_apart_stay_apart() {
        assert_eq!(
            strip_html(
                "User <strong>u</strong> does not have doctype access via role permission for document \
                 <strong>Social Login Key</strong><br>User <strong>u</strong> does not have access to this document"
            ),
            "User u does not have doctype access via role permission for document Social Login Key\nUser u does \
             not have access to this document"
        );
        let body = br#"{"exc_type":"MandatoryError","_server_messages":"[\"{\\\"message\\\": \\\"Error: Value missing for User: First Name\\\"}\", \"{\\\"message\\\": \\\"[User, a@example.com]: first_name\\\"}\"]"}"#;
        let e = ApiError::from_body(417, body).unwrap();
        assert_eq!(e.messages.len(), 2, "{e:?}");
        assert!(e
            .to_string()
            .ends_with("Error: Value missing for User: First Name\n[User, a@example.com]: first_name"));
        assert_eq!(strip_html("a < b"), "a < b");
        assert_eq!(
            strip_html(
                "<details><summary>Not permitted.</summary>Function <strong>x</strong> is not whitelisted.</details>"
            ),
            "Not permitted.\nFunction x is not whitelisted."
        );
    }

    #[test]
    fn not_found_with_only_exc_type() {
        let e = ApiError::from_body(404, br#"{"exc_type":"DoesNotExistError"}"#).unwrap();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(e.messages.is_empty());
        assert_eq!(e.to_string(), "Frappe answered HTTP 404 (DoesNotExistError)");
    }

    #[test]
    fn authentication_and_permission() {
        let e = ApiError::from_body(401, br#"{"exc_type":"AuthenticationError"}"#).unwrap();
        assert_eq!(e.kind(), ErrorKind::Authentication);
        let body = br#"{"exc_type":"PermissionError","exception":"frappe.exceptions.PermissionError: Not permitted","_error_message":"Insufficient Permission for Social Login Key"}"#;
        let e = ApiError::from_body(403, body).unwrap();
        assert_eq!(e.kind(), ErrorKind::Permission);
        assert_eq!(
            e.message().as_deref(),
            Some("Insufficient Permission for Social Login Key")
        );
    }

    #[test]
    fn duplicate_entry() {
        let body = br#"{"exc_type":"DuplicateEntryError","_server_messages":"[\"{\\\"message\\\": \\\"Social Login Key <strong>github</strong> already exists\\\", \\\"title\\\": \\\"Duplicate Name\\\", \\\"indicator\\\": \\\"red\\\"}\"]"}"#;
        let e = ApiError::from_body(409, body).unwrap();
        assert_eq!(e.kind(), ErrorKind::Duplicate);
        assert_eq!(e.messages, vec!["Social Login Key github already exists"]);
    }

    #[test]
    fn exception_text_is_used_when_there_are_no_messages() {
        let e = ApiError::from_body(500, br#"{"exc_type":"KeyError","exception":"builtins.KeyError: 'x'"}"#).unwrap();
        assert_eq!(e.message().as_deref(), Some("'x'"));
    }

    #[test]
    fn database_refusals_say_what_the_database_said() {
        let v14 = br#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"}"#;
        let e = ApiError::from_body(500, v14).unwrap();
        assert_eq!(e.kind(), ErrorKind::DatabaseBusy);
        assert_eq!(
            e.to_string(),
            "Frappe answered HTTP 500: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"
        );
        let postgres_v14 = br#"{"exception": "", "exc": "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\"]"}"#;
        let e = ApiError::from_body(500, postgres_v14).unwrap();
        assert_eq!(
            e.to_string(),
            "Frappe answered HTTP 500: a database serialization failure"
        );
        assert_eq!(
            ApiError::from_body(500, br#"{"exc_type": "KeyError"}"#).unwrap().kind(),
            ErrorKind::Server
        );
    }

    #[test]
    fn non_json_bodies_are_not_api_errors() {
        assert!(ApiError::from_body(502, b"<html><body>Bad Gateway</body></html>").is_none());
        assert!(ApiError::from_body(500, b"[1,2]").is_none());
        assert!(ApiError::from_body(500, b"{\"exc_type\": ").is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_body_decodes_or_is_refused_without_panicking(
            status in 100u16..600,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
        ) {
            let _ = ApiError::from_body(status, &body);
        }

        #[test]
        fn any_server_messages_string_is_tolerated(text in "\\PC{0,200}") {
            let _ = decode_server_messages(&text);
            let _ = strip_html(&text);
            let json = serde_json::json!({"exc_type": "X", "_server_messages": text}).to_string();
            proptest::prop_assert!(ApiError::from_body(417, json.as_bytes()).is_some());
        }
    }

    #[test]
    fn malformed_server_messages_are_tolerated() {
        assert!(decode_server_messages("not json").is_empty());
        assert_eq!(decode_server_messages(r#"["plain text"]"#), vec!["plain text"]);
        assert_eq!(
            decode_server_messages(r#"[{"message":"an object"}]"#),
            vec!["an object"]
        );
    }
}
