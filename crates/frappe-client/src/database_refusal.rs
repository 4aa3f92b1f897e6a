//! Transient refusals of the site's database, recognised from Frappe's error
//! body.
//!
//! Two writers that meet in the database make one of them fail: MariaDB
//! answers a deadlock (error 1213) or a lock wait timeout (1205), PostgreSQL a
//! serialization failure (SQLSTATE 40001), a deadlock (40P01), a lock it
//! could not obtain (55P03) or a cancelled statement. Frappe turns the
//! deadlock and timeout cases into `QueryDeadlockError` / `QueryTimeoutError`
//! (`frappe/database/database.py` `Database.sql`, with `is_deadlocked` /
//! `is_timedout` of `frappe/database/mariadb/database.py` and
//! `frappe/database/postgres/database.py`); PostgreSQL's 40001 is not mapped
//! and reaches the client under psycopg2's class name `SerializationFailure`.
//! Any of them ends the request with a 500 after `frappe/app.py`
//! `application()` rolled the transaction back, so the same request may be
//! sent again.
//!
//! The body is what tells them apart from a bug: a plain 500 (a `TypeError`)
//! must still fail at once. Frappe sends them in several shapes:
//! - v15 and develop: `exc_type` names the class (always present);
//! - v14: no `exc_type`; `exception` holds the traceback's last line,
//!   `frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found …')`;
//! - PostgreSQL: `exception` is often empty (the driver's message ends with
//!   a line break, so the traceback's last line is blank) and the driver's
//!   text is in `_debug_messages` (v15+, `frappe.log`) or in `exc` (v14,
//!   `frappe.errprint`) as `"Error in query:\n<message>"`.

use serde_json::{Map, Value as Json};

/// Why the database refused a request; in every case Frappe rolled it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseRefusal {
    /// MariaDB 1213, PostgreSQL 40P01: `QueryDeadlockError`.
    Deadlock,
    /// MariaDB 1205, PostgreSQL 55P03 or a cancelled statement: `QueryTimeoutError`.
    LockTimeout,
    /// PostgreSQL 40001: `SerializationFailure`.
    SerializationFailure,
}

impl DatabaseRefusal {
    /// A short reason, for logs and error messages.
    pub fn reason(self) -> &'static str {
        match self {
            DatabaseRefusal::Deadlock => "a database deadlock",
            DatabaseRefusal::LockTimeout => "a database lock wait timeout",
            DatabaseRefusal::SerializationFailure => "a database serialization failure",
        }
    }

    /// The refusal an exception class stands for: Frappe's names, and
    /// psycopg2's for what Frappe leaves unmapped.
    fn of_class(name: &str) -> Option<DatabaseRefusal> {
        match name {
            "QueryDeadlockError" | "DeadlockDetected" => Some(DatabaseRefusal::Deadlock),
            "QueryTimeoutError" | "LockNotAvailable" | "QueryCanceledError" | "QueryCanceled" => {
                Some(DatabaseRefusal::LockTimeout)
            }
            "SerializationFailure" => Some(DatabaseRefusal::SerializationFailure),
            _ => None,
        }
    }

    /// The refusal a driver message stands for: MariaDB's error tuple
    /// `(1213, '…')`, or PostgreSQL's message text.
    fn of_driver_message(message: &str) -> Option<DatabaseRefusal> {
        let message = message.trim_start();
        if message.starts_with("(1213,") {
            return Some(DatabaseRefusal::Deadlock);
        }
        if message.starts_with("(1205,") {
            return Some(DatabaseRefusal::LockTimeout);
        }
        if message.starts_with("could not serialize access") {
            return Some(DatabaseRefusal::SerializationFailure);
        }
        if message.starts_with("deadlock detected") {
            return Some(DatabaseRefusal::Deadlock);
        }
        if message.starts_with("could not obtain lock") || message.starts_with("canceling statement due to") {
            return Some(DatabaseRefusal::LockTimeout);
        }
        None
    }

    /// Reads an error body. `exc_type`, when present, decides alone; then
    /// the `exception` line; then the "Error in query" entries PostgreSQL
    /// sites add to `_debug_messages` or `exc`.
    pub fn from_body(body: &Map<String, Json>) -> Option<DatabaseRefusal> {
        if let Some(class) = body.get("exc_type").and_then(Json::as_str) {
            return Self::of_class(class);
        }
        let exception = body.get("exception").and_then(Json::as_str).unwrap_or_default();
        if let Some(refusal) = Self::of_exception_line(exception) {
            return Some(refusal);
        }
        ["_debug_messages", "exc"]
            .iter()
            .filter_map(|key| body.get(*key).and_then(Json::as_str))
            .flat_map(encoded_list)
            .find_map(|entry| Self::of_driver_message(entry.strip_prefix("Error in query:")?))
    }

    /// `module.Class: message`, the last line of a traceback.
    fn of_exception_line(line: &str) -> Option<DatabaseRefusal> {
        let (qualified, message) = line.split_once(':').unwrap_or((line, ""));
        let class = qualified.trim().rsplit('.').next().unwrap_or_default();
        Self::of_class(class).or_else(|| match class {
            // The drivers' own classes, should a refusal escape Frappe's mapping.
            "OperationalError" | "InternalError" => Self::of_driver_message(message),
            _ => None,
        })
    }
}

/// The strings of a JSON-encoded list of strings (`"[\"a\", \"b\"]"`).
fn encoded_list(text: &str) -> Vec<String> {
    match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Json::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(body: &str) -> Option<DatabaseRefusal> {
        let json: Json = serde_json::from_str(body).unwrap();
        DatabaseRefusal::from_body(json.as_object().unwrap())
    }

    #[test]
    fn mariadb_deadlock_in_v15_and_v14_shapes() {
        let v15 = r#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')", "exc_type": "QueryDeadlockError", "exc": "[\"Traceback\"]"}"#;
        assert_eq!(refusal(v15), Some(DatabaseRefusal::Deadlock));
        let v14 = r#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')", "exc": "[\"Traceback\"]"}"#;
        assert_eq!(refusal(v14), Some(DatabaseRefusal::Deadlock));
        let timeout = r#"{"exception": "frappe.exceptions.QueryTimeoutError: (1205, 'Lock wait timeout exceeded; try restarting transaction')"}"#;
        assert_eq!(refusal(timeout), Some(DatabaseRefusal::LockTimeout));
        let raw = r#"{"exception": "pymysql.err.OperationalError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"}"#;
        assert_eq!(refusal(raw), Some(DatabaseRefusal::Deadlock));
    }

    #[test]
    fn postgres_shapes() {
        let v15 = r#"{"exception": "", "exc_type": "SerializationFailure", "_debug_messages": "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\"]"}"#;
        assert_eq!(refusal(v15), Some(DatabaseRefusal::SerializationFailure));
        let v14 = r#"{"exception": "", "exc": "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\", \"Traceback (most recent call last):\\n\"]"}"#;
        assert_eq!(refusal(v14), Some(DatabaseRefusal::SerializationFailure));
        assert_eq!(
            refusal(r#"{"exc_type": "QueryTimeoutError"}"#),
            Some(DatabaseRefusal::LockTimeout)
        );
        assert_eq!(
            refusal(r#"{"exc_type": "LockNotAvailable"}"#),
            Some(DatabaseRefusal::LockTimeout)
        );
        assert_eq!(
            refusal(r#"{"exc_type": "DeadlockDetected"}"#),
            Some(DatabaseRefusal::Deadlock)
        );
    }

    #[test]
    fn other_errors_are_not_refusals() {
        assert_eq!(
            refusal(r#"{"exc_type": "TypeError", "exception": "TypeError: unsupported operand"}"#),
            None
        );
        assert_eq!(refusal(r#"{"exception": "builtins.TypeError: 'NoneType'"}"#), None);
        assert_eq!(
            refusal(
                r#"{"exception": "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')"}"#
            ),
            None
        );
        // exc_type decides: a TypeError raised while logging a refusal is a TypeError.
        assert_eq!(
            refusal(r#"{"exc_type": "TypeError", "_debug_messages": "[\"Error in query:\\ndeadlock detected\"]"}"#),
            None
        );
        assert_eq!(refusal(r#"{}"#), None);
        assert_eq!(refusal(r#"{"exc": "not json"}"#), None);
    }
}
