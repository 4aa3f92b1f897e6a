//! MariaDB string semantics that leak through Frappe's API.
//!
//! Frappe sites run on MariaDB with `utf8mb4_unicode_ci`: comparisons ignore letter case and
//! trailing spaces (PAD SPACE), so `GET .../GitHub` finds `github` and two provider names that
//! scrub to different cases collide. Accent folding is not modelled.

use std::cmp::Ordering;

use super::errors::{ExceptionClass, FrappeError, ServerMessage, DUPLICATE_ENTRY_ERROR};

/// The emulated site's database name, as MariaDB errors print it. Frappe names a site's
/// database `_` and the first 16 hex digits of a SHA-1 (`frappe/installer.py`
/// `_new_site`), so the emulator's name has that shape too.
pub(crate) const DATABASE_NAME: &str = "_e3b0c44298fc1c14";

/// pymysql's class for SQL the server refuses to parse or tables it lacks.
pub(crate) const PROGRAMMING_ERROR: ExceptionClass = ExceptionClass {
    name: "ProgrammingError",
    module: "pymysql.err",
    status: 500,
};

/// pymysql's class for values the server refuses in strict mode (e.g. 1292, an incorrect date).
pub(crate) const OPERATIONAL_ERROR: ExceptionClass = ExceptionClass {
    name: "OperationalError",
    module: "pymysql.err",
    status: 500,
};

/// MariaDB 1292 for a DATE column given `YYYY-MM-DD` digits that name no day (strict mode, the
/// default of the MariaDB versions Frappe supports): Frappe does not check dates itself, so the
/// insert or update fails in the database (observed on v15.55.1 for "2026-13-45").
pub(crate) fn incorrect_date_value(text: &str, table: &str, column: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits_at(0..4)
        && digits_at(5..7)
        && digits_at(8..10);
    shaped.then(|| {
        format!(
            "(1292, \"Incorrect date value: '{text}' for column `{DATABASE_NAME}`.`tab{table}`.`{column}` at row 1\")"
        )
    })
}

/// `frappe.exceptions.QueryDeadlockError` (`frappe/exceptions.py`; no `http_status_code`, so 500).
const QUERY_DEADLOCK_ERROR: ExceptionClass = ExceptionClass {
    name: "QueryDeadlockError",
    module: "frappe.exceptions",
    status: 500,
};

/// A transaction that met a concurrent writer: `frappe/database/database.py` `Database.sql`
/// raises `QueryDeadlockError` for what `frappe/database/mariadb/database.py` `is_deadlocked`
/// recognises (error 1213), with pymysql's `str()` of it.
pub(crate) fn deadlock() -> FrappeError {
    FrappeError::raise(
        QUERY_DEADLOCK_ERROR,
        "(1213, 'Deadlock found when trying to get lock; try restarting transaction')",
    )
}

/// `frappe/model/base_document.py` `db_insert` on a taken name: MariaDB refuses the INSERT
/// with 1062 on `PRIMARY`, `is_primary_key_violation` recognises it, and Frappe prints
/// "… already exists" and raises `DuplicateEntryError` with pymysql's exception.
pub(crate) fn primary_key_taken(doctype: &str, name: &str) -> FrappeError {
    let notice = ServerMessage::plain(format!("{doctype} <strong>{name}</strong> already exists"))
        .titled("Duplicate Name")
        .indicator("red");
    let text = format!("('{doctype}', '{name}', IntegrityError(1062, \"Duplicate entry '{name}' for key 'PRIMARY'\"))");
    FrappeError::raise(DUPLICATE_ENTRY_ERROR, text).after_messages(vec![notice])
}

fn fold(text: &str) -> String {
    text.trim_end_matches(' ').to_lowercase()
}

/// `a = b` under the site collation.
pub(crate) fn text_eq(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

/// Ordering under the site collation (used by `ORDER BY` and `<`/`>` filters).
pub(crate) fn text_cmp(a: &str, b: &str) -> Ordering {
    fold(a).cmp(&fold(b))
}

/// `value LIKE pattern` where Frappe has already escaped backslashes: `%` matches any run of
/// characters, `_` one character, everything else itself (case-insensitively).
pub(crate) fn like(value: &str, pattern: &str) -> bool {
    let value: Vec<char> = value.to_lowercase().chars().collect();
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    like_from(&value, &pattern)
}

fn like_from(value: &[char], pattern: &[char]) -> bool {
    // Iterative wildcard matching with backtracking on the last '%'.
    let (mut v, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some('%') => {
                star = Some((p, v));
                p += 1;
            }
            Some('_') => {
                v += 1;
                p += 1;
            }
            Some(ch) if *ch == value[v] => {
                v += 1;
                p += 1;
            }
            _ => match star {
                Some((star_p, star_v)) => {
                    p = star_p + 1;
                    v = star_v + 1;
                    star = Some((star_p, star_v + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|ch| *ch == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_ignores_case_and_trailing_spaces() {
        assert!(text_eq("GitHub", "github  "));
        assert!(!text_eq("github", " github"));
        assert_eq!(text_cmp("B", "a"), Ordering::Greater);
    }

    #[test]
    fn like_supports_wildcards() {
        assert!(like("GitHub", "%git%"));
        assert!(like("github", "g_thub"));
        assert!(!like("github", "git"));
        assert!(like("", "%"));
        assert!(like("a%b", "a%b"));
    }
}
