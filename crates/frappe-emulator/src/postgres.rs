//! What a Frappe site on PostgreSQL answers where its database speaks.
//!
//! `frappe/database/database.py` `Database.sql` logs every refused query on PostgreSQL as
//! `frappe.log(f"Error in query:\n{e}")` and re-raises psycopg2's exception, whose `str()` is
//! the server's message as libpq formats it: the message, `LINE n: ` with the query line around
//! the error position and a caret under it (`reportErrorPosition` in libpq's
//! `fe-protocol3.c`), `DETAIL:`/`HINT:` lines, and a final line break — which is why the
//! traceback's last line, and so `exception`, is empty for them.

use serde_json::Value;

use super::errors::{not_emulated, ExceptionClass, Failure, FrappeError, ServerMessage, DUPLICATE_ENTRY_ERROR};
use super::meta::{DocType, FieldType};
use super::python::{cstr, truthy};

/// `psycopg2.ProgrammingError`, what `PostgresExceptionUtil.ProgrammingError` (and so
/// `TableMissingError`) is (`frappe/database/postgres/database.py`).
pub(crate) const PROGRAMMING_ERROR: ExceptionClass = ExceptionClass {
    name: "ProgrammingError",
    module: "psycopg2",
    status: 500,
};

/// A psycopg2 exception class for an SQLSTATE Frappe does not map (`psycopg2.errors`).
const fn psycopg2_error(name: &'static str) -> ExceptionClass {
    ExceptionClass {
        name,
        module: "psycopg2.errors",
        status: 500,
    }
}

/// SQLSTATE 40001.
const SERIALIZATION_FAILURE: ExceptionClass = psycopg2_error("SerializationFailure");
/// SQLSTATE 22008.
const DATETIME_FIELD_OVERFLOW: ExceptionClass = psycopg2_error("DatetimeFieldOverflow");
/// SQLSTATE 22007.
const INVALID_DATETIME_FORMAT: ExceptionClass = psycopg2_error("InvalidDatetimeFormat");
/// SQLSTATE 22P02.
const INVALID_TEXT_REPRESENTATION: ExceptionClass = psycopg2_error("InvalidTextRepresentation");

/// libpq shows at most this many columns of the query line (`DISPLAY_SIZE`).
const DISPLAY_SIZE: usize = 60;
/// libpq keeps this many columns after the error position when it cuts (`MIN_RIGHT_CUT`).
const MIN_RIGHT_CUT: usize = 10;

/// `frappe.log(f"Error in query:\n{e}")` of `Database.sql`.
fn query_log(message: &str) -> String {
    format!("Error in query:\n{message}")
}

/// A psycopg2 error the way `Database.sql` lets it through: raised and logged.
fn refused_query(class: ExceptionClass, message: String) -> FrappeError {
    FrappeError::raise(class, message.clone()).logged(query_log(&message))
}

/// The serialization failure (SQLSTATE 40001) of a transaction that met a concurrent writer:
/// `Database.sql` maps only deadlocks (40P01) and lock timeouts, so psycopg2's exception
/// reaches `handle_exception` unchanged.
pub(crate) fn serialization_failure() -> FrappeError {
    refused_query(
        SERIALIZATION_FAILURE,
        "could not serialize access due to concurrent update\n".to_string(),
    )
}

/// `frappe/model/base_document.py` `db_insert` on a taken name: PostgreSQL refuses the
/// INSERT with a unique violation on `tab<DocType>_pkey`, `is_primary_key_violation`
/// recognises it, and Frappe prints "… already exists" and raises `DuplicateEntryError` with
/// psycopg2's exception as the third argument.
pub(crate) fn primary_key_taken(doctype: &str, name: &str) -> FrappeError {
    let message =
        format!("duplicate key value violates unique constraint \"tab{doctype}_pkey\"\nDETAIL:  Key (name)=({name}) already exists.\n");
    let notice = ServerMessage::plain(format!("{doctype} <strong>{name}</strong> already exists"))
        .titled("Duplicate Name")
        .indicator("red");
    let text = format!("('{doctype}', '{name}', UniqueViolation({}))", python_repr(&message));
    let mut error = FrappeError::raise(DUPLICATE_ENTRY_ERROR, text)
        .after_messages(vec![notice])
        .logged(query_log(&message));
    if doctype == "User" {
        // A v15.55.1 PostgreSQL site logs one more refused query for a User, always (with or
        // without roles or `send_welcome_email`): something of the User's error path queries
        // the aborted transaction and ignores the refusal. The query is not named here.
        error = error.logged(query_log(
            "current transaction is aborted, commands ignored until end of transaction block\n",
        ));
    }
    error
}

/// A row `db_insert`/`db_update` writes: the DocType and the values in column order, `name`
/// first.
#[derive(Clone, Debug)]
pub(crate) struct RowWrite<'a> {
    pub(crate) doctype: &'a str,
    /// An INSERT (a new document) or an UPDATE.
    pub(crate) insert: bool,
    pub(crate) columns: Vec<(&'a str, Value)>,
}

impl RowWrite<'_> {
    /// The statement as PostgreSQL receives it: Frappe's query text
    /// (`frappe/model/base_document.py` `db_insert`/`db_update`, backticks turned into double
    /// quotes by `frappe/database/postgres/database.py` `modify_query`) with the values
    /// psycopg2 interpolates (ints made strings by `modify_values` first).
    fn statement(&self) -> String {
        let values = self.columns.iter().map(|(column, value)| (*column, sql_literal(value)));
        if self.insert {
            let (columns, values): (Vec<String>, Vec<String>) =
                values.map(|(column, value)| (format!("\"{column}\""), value)).unzip();
            format!(
                "INSERT INTO \"tab{}\" ({})\n\t\t\t\t\tVALUES ({}) ",
                self.doctype,
                columns.join(", "),
                values.join(", ")
            )
        } else {
            let name = self
                .columns
                .iter()
                .find(|(column, _)| *column == "name")
                .map(|(_, value)| sql_literal(value))
                .unwrap_or_else(|| "NULL".to_string());
            let set: Vec<String> = values
                .filter(|(column, _)| *column != "name")
                .map(|(column, value)| format!("\"{column}\"={value}"))
                .collect();
            format!(
                "UPDATE \"tab{}\"\n\t\t\t\tSET {} WHERE \"name\"={name}",
                self.doctype,
                set.join(", ")
            )
        }
    }
}

/// PostgreSQL's refusal of a `YYYY-MM-DD` date that names no day (`date_in` →
/// `DecodeDateTime`/`ValidateDate`): a month or day outside 1–12/1–31 is a
/// "month/day field" overflow, which carries the datestyle hint; a day past the month's end
/// (or year 0) a plain field overflow. Frappe does not check dates itself, so the refusal of
/// the INSERT or UPDATE reaches the client (observed on v15.55.1 for "2030-13-45").
pub(crate) fn date_out_of_range(write: &RowWrite, column: &str, text: &str) -> Option<FrappeError> {
    let part = |range: std::ops::Range<usize>| text.get(range).and_then(|digits| digits.parse::<u32>().ok());
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    let (Some(year), Some(month), Some(day)) = (part(0..4), part(5..7), part(8..10)) else {
        return None;
    };
    if !shaped {
        return None;
    }
    let month_day_overflow = !(1..=12).contains(&month) || !(1..=31).contains(&day);
    let field_overflow = year == 0 || day > days_in_month(year, month);
    if !month_day_overflow && !field_overflow {
        return None;
    }
    let statement = write.statement();
    let literal = format!("\"{column}\"={}", sql_literal(&Value::from(text)));
    let at = statement.find(&literal)? + column.len() + 3;
    let mut message = format!("date/time field value out of range: \"{text}\"\n");
    message.push_str(&error_position(&statement, at));
    if month_day_overflow {
        message.push_str("HINT:  Perhaps you need a different \"datestyle\" setting.\n");
    }
    Some(refused_query(DATETIME_FIELD_OVERFLOW, message))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One `frappe.get_list` filter as `frappe/model/db_query.py` `prepare_filter_condition`
/// writes it, for the statements below.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FilterSql {
    /// `like` on PostgreSQL: `"tab<DocType>"."<field>" ilike '<value with % doubled>'`.
    Like { column: String, value: String },
    /// `=` with a non-empty value: no `ifnull`.
    Equals { column: String, value: String },
    /// `is set`: `<column> != ''` (no `ifnull`, "faster because indexes can be used").
    IsSet { column: String },
    /// `is not set`: `ifnull(<column>, '') = ''`, which PostgreSQL receives as `coalesce`.
    IsNotSet { column: String },
}

impl FilterSql {
    fn sql(&self, doctype: &str) -> String {
        let column = |name: &str| format!("\"tab{doctype}\".\"{name}\"");
        match self {
            FilterSql::Like { column: name, value } => {
                format!(
                    "{} ilike {}",
                    column(name),
                    sql_literal(&Value::from(value.replace('%', "%%")))
                )
            }
            FilterSql::Equals { column: name, value } => {
                format!("{} = {}", column(name), sql_literal(&Value::from(value.clone())))
            }
            FilterSql::IsSet { column: name } => format!("{} != ''", column(name)),
            FilterSql::IsNotSet { column: name } => format!("coalesce({}, '') = ''", column(name)),
        }
    }
}

/// The column type PostgreSQL names when it refuses `''` as its input, and the SQLSTATE's
/// class (`frappe/database/postgres/database.py` `setup_type_map`; the standard columns from
/// `frappe/database/postgres/schema.py`); `None` for text columns, which take `''`.
fn refuses_empty_text(meta: &DocType, column: &str) -> Option<(&'static str, ExceptionClass)> {
    let fieldtype = match column {
        "creation" | "modified" => return Some(("timestamp", INVALID_DATETIME_FORMAT)),
        "docstatus" => return Some(("smallint", INVALID_TEXT_REPRESENTATION)),
        "idx" => return Some(("bigint", INVALID_TEXT_REPRESENTATION)),
        _ => meta.data_fields().find(|f| f.fieldname == column)?.fieldtype,
    };
    match fieldtype {
        FieldType::Date => Some(("date", INVALID_DATETIME_FORMAT)),
        FieldType::Datetime => Some(("timestamp", INVALID_DATETIME_FORMAT)),
        FieldType::Check => Some(("smallint", INVALID_TEXT_REPRESENTATION)),
        FieldType::Int => Some(("bigint", INVALID_TEXT_REPRESENTATION)),
        FieldType::Currency | FieldType::Float | FieldType::Percent => Some(("numeric", INVALID_TEXT_REPRESENTATION)),
        _ => None,
    }
}

/// The refusal of `frappe.get_list` filters (`[doctype, field, operator, value]`) PostgreSQL
/// cannot run: `is set`/`is not set` on a column whose type cannot hold `''`. `restricted`:
/// the user's permission conditions follow the filters in the `where` clause (not modelled
/// in the refusal's text).
pub(crate) fn refused_filters(meta: &DocType, tuples: &[Vec<Value>], restricted: bool) -> Result<(), Failure> {
    let field = |tuple: &[Value]| tuple[1].as_str().unwrap_or_default().to_string();
    let is_test = |tuple: &[Value]| tuple[2].as_str().is_some_and(|op| op.eq_ignore_ascii_case("is"));
    let Some((failing, (sql_type, class))) = tuples
        .iter()
        .enumerate()
        .filter(|(_, tuple)| is_test(tuple))
        .find_map(|(index, tuple)| refuses_empty_text(meta, &field(tuple)).map(|refusal| (index, refusal)))
    else {
        return Ok(());
    };
    let mut filters = Vec::new();
    for tuple in tuples {
        let column = field(tuple);
        let operator = tuple[2].as_str().unwrap_or_default().to_lowercase();
        let value = &tuple[3];
        filters.push(match (operator.as_str(), value.as_str()) {
            ("is", Some("set")) => FilterSql::IsSet { column },
            ("is", Some("not set")) => FilterSql::IsNotSet { column },
            ("like", Some(text)) => FilterSql::Like {
                column,
                value: text.replace('\\', "\\\\"),
            },
            ("=", Some(text)) if truthy(value) && refuses_empty_text(meta, &column).is_none() => FilterSql::Equals {
                column,
                value: text.to_string(),
            },
            _ => {
                return Err(not_emulated(format!(
                    "the SQL PostgreSQL is sent for the filter {tuple:?}"
                )))
            }
        });
    }
    if restricted {
        return Err(not_emulated(
            "the SQL PostgreSQL is sent for a list with permission conditions",
        ));
    }
    Err(empty_text_refused(meta.name, &filters, failing, sql_type, class).into())
}

/// The refusal of an `is set`/`is not set` filter on a column whose type cannot hold `''`:
/// `prepare_filter_condition` compares the column with `''` on every database; MariaDB
/// converts, PostgreSQL refuses the text as input for the column's type (observed on v15.55.1
/// for a Date column: 500 `InvalidDatetimeFormat`; for a Check column `InvalidTextRepresentation`
/// "… type smallint"). `filters` in the order `build_conditions` joins them (the `where`
/// clause is line 3 of `DatabaseQuery.build_and_run`'s query).
fn empty_text_refused(
    doctype: &str,
    filters: &[FilterSql],
    failing: usize,
    sql_type: &str,
    class: ExceptionClass,
) -> FrappeError {
    let conditions: Vec<String> = filters.iter().map(|f| f.sql(doctype)).collect();
    let before: usize = conditions[..failing].iter().map(|c| c.len() + " and ".len()).sum();
    let failing_sql = &conditions[failing];
    let within = match filters[failing] {
        // `coalesce(col, '')`: the fallback is the first literal PostgreSQL reads.
        FilterSql::IsNotSet { .. } => failing_sql.find("''").unwrap_or(0),
        _ => failing_sql.rfind("''").unwrap_or(0),
    };
    let where_line = format!("\t\t\twhere {}", conditions.join(" and "));
    let statement = format!("select `name`\n\t\t\tfrom \"tab{doctype}\"\n{where_line}\n\t\t\t\n\t\t\t\n\t\t\t");
    let at = statement.find("where ").unwrap_or(0) + "where ".len() + before + within;
    let message = format!(
        "invalid input syntax for type {sql_type}: \"\"\n{}",
        error_position(&statement, at)
    );
    refused_query(class, message)
}

/// libpq's `LINE n: …` and caret lines for an error at byte `at` of `statement`
/// (`reportErrorPosition`, `fe-protocol3.c`): tabs shown as spaces, a line longer than
/// `DISPLAY_SIZE` columns cut on the right (keeping `MIN_RIGHT_CUT` after the position) and
/// then on the left, each cut marked `...`.
pub(crate) fn error_position(statement: &str, at: usize) -> String {
    let chars: Vec<char> = statement.chars().collect();
    let loc = statement[..at.min(statement.len())].chars().count();
    let mut line = 1;
    let mut begin = 0;
    let mut end = chars.len();
    for (index, ch) in chars.iter().enumerate() {
        if *ch == '\n' || *ch == '\r' {
            if index < loc {
                let crlf = *ch == '\n' && index > 0 && chars[index - 1] == '\r';
                if !crlf {
                    line += 1;
                }
                begin = index + 1;
            } else {
                end = index;
                break;
            }
        }
    }
    let (mut cut_left, mut cut_right) = (false, false);
    if end - begin > DISPLAY_SIZE {
        if begin + DISPLAY_SIZE >= loc + MIN_RIGHT_CUT {
            end = begin + DISPLAY_SIZE;
            cut_right = true;
        } else {
            if loc + MIN_RIGHT_CUT < end {
                end = loc + MIN_RIGHT_CUT;
                cut_right = true;
            }
            if end - begin > DISPLAY_SIZE {
                begin = end - DISPLAY_SIZE;
                cut_left = true;
            }
        }
    }
    let shown: String = chars[begin..end]
        .iter()
        .map(|c| if *c == '\t' { ' ' } else { *c })
        .collect();
    let prefix = format!("LINE {line}: {}", if cut_left { "..." } else { "" });
    let caret = " ".repeat(prefix.chars().count() + loc - begin);
    format!("{prefix}{shown}{}\n{caret}^\n", if cut_right { "..." } else { "" })
}

/// A value as psycopg2 writes it into a statement: text quoted with `'` doubled, NULL, and
/// numbers — ints as text, since `modify_values` made them strings.
fn sql_literal(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Number(number) if number.is_f64() => number.to_string(),
        Value::Bool(flag) => format!("'{}'", u8::from(*flag)),
        other => format!("'{}'", cstr(other).replace('\'', "''")),
    }
}

/// Python's `repr` of a `str` (as inside an exception's `repr`): single quotes unless the
/// text holds one and no double quote, `\n` and backslashes escaped.
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The answers of the v15.55.1 PostgreSQL site in `tests/conformance/frappe-v15-postgres`
    // (run suffix "abcdef").

    /// The conformance scenario's ToDo list: its description filter, then `date_filter`.
    fn scenario_date_filter(date_filter: FilterSql) -> FrappeError {
        let filters = [
            FilterSql::Like {
                column: "description".into(),
                value: "Conf abcdef%".into(),
            },
            date_filter,
        ];
        empty_text_refused("ToDo", &filters, 1, "date", INVALID_DATETIME_FORMAT)
    }

    #[test]
    fn an_is_set_filter_on_a_date_shows_the_end_of_the_where_line() {
        let error = scenario_date_filter(FilterSql::IsSet { column: "date".into() });
        assert_eq!(
            error.debug_log,
            ["Error in query:\ninvalid input syntax for type date: \"\"\nLINE 3: ...escription\" ilike 'Conf abcdef%%' and \"tabToDo\".\"date\" != ''\n                                                                     ^\n"]
        );
        assert_eq!(error.class.name, "InvalidDatetimeFormat");
    }

    #[test]
    fn an_is_not_set_filter_points_at_the_coalesce_fallback() {
        let error = scenario_date_filter(FilterSql::IsNotSet { column: "date".into() });
        assert_eq!(
            error.debug_log,
            ["Error in query:\ninvalid input syntax for type date: \"\"\nLINE 3: ...like 'Conf abcdef%%' and coalesce(\"tabToDo\".\"date\", '') = ''\n                                                               ^\n"]
        );
    }

    #[test]
    fn a_month_past_december_is_a_month_day_overflow_with_the_datestyle_hint() {
        let write = |date: &str| RowWrite {
            doctype: "ToDo",
            insert: false,
            columns: vec![
                ("name", Value::from("abc123")),
                ("status", Value::from("Open")),
                ("priority", Value::from("High")),
                ("color", Value::Null),
                ("date", Value::from(date)),
                ("description", Value::from("x")),
            ],
        };
        let error = date_out_of_range(&write("2030-13-45"), "date", "2030-13-45").expect("refused");
        assert_eq!(error.class.name, "DatetimeFieldOverflow");
        assert_eq!(
            error.debug_log,
            ["Error in query:\ndate/time field value out of range: \"2030-13-45\"\nLINE 2: ...\"='Open', \"priority\"='High', \"color\"=NULL, \"date\"='2030-13-4...\n                                                             ^\nHINT:  Perhaps you need a different \"datestyle\" setting.\n"]
        );
        // A day past the month's end is a plain field overflow: no hint.
        let error = date_out_of_range(&write("2030-02-30"), "date", "2030-02-30").expect("refused");
        assert!(!error.debug_log[0].contains("HINT"));
        assert!(date_out_of_range(&write("2028-02-29"), "date", "2028-02-29").is_none());
    }

    #[test]
    fn a_taken_name_names_the_primary_key_constraint() {
        let error = primary_key_taken("Role", "Conf Role abcdef");
        assert_eq!(
            error.text.as_deref(),
            Some("('Role', 'Conf Role abcdef', UniqueViolation('duplicate key value violates unique constraint \"tabRole_pkey\"\\nDETAIL:  Key (name)=(Conf Role abcdef) already exists.\\n'))")
        );
        assert_eq!(error.debug_log.len(), 1);
        assert_eq!(primary_key_taken("User", "a@example.com").debug_log.len(), 2);
    }

    #[test]
    fn a_short_line_is_shown_whole_with_tabs_as_spaces() {
        assert_eq!(
            error_position("select\n\twhere x != ''", 17),
            "LINE 2:  where x != ''\n                  ^\n"
        );
    }
}
