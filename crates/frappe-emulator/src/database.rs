//! The database behind the emulated site: the one place every database-specific answer asks.
//!
//! Frappe runs on MariaDB or PostgreSQL, and some answers carry the database's own words: the
//! text of a refused query, the driver's exception class, a filter the other database accepts.
//! Each function here answers for the site's database; the texts themselves live in
//! [`super::mariadb`] and [`super::postgres`].

use serde_json::Value;

use super::errors::{ExceptionClass, Failure, FrappeError};
use super::meta::DocType;
use super::{mariadb, postgres};

/// The database behind the emulated site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Database {
    /// MariaDB (pymysql), what most Frappe sites run on.
    #[default]
    MariaDb,
    /// PostgreSQL (psycopg2).
    Postgres,
}

impl Database {
    /// The database named as `real-frappe.sh` and the recordings name it: `mariadb`,
    /// `postgres`.
    pub fn named(name: &str) -> Option<Database> {
        match name {
            "mariadb" => Some(Database::MariaDb),
            "postgres" => Some(Database::Postgres),
            _ => None,
        }
    }

    /// The driver's `ProgrammingError` (`PostgresExceptionUtil.ProgrammingError` is
    /// `psycopg2.ProgrammingError`, `frappe/database/postgres/database.py`).
    pub(crate) fn programming_error(self) -> ExceptionClass {
        match self {
            Database::MariaDb => mariadb::PROGRAMMING_ERROR,
            Database::Postgres => postgres::PROGRAMMING_ERROR,
        }
    }

    /// The `DuplicateEntryError` `frappe/model/base_document.py` `db_insert` raises when the
    /// primary key is taken (`is_primary_key_violation`), without its message.
    pub(crate) fn primary_key_taken(self, doctype: &str, name: &str) -> FrappeError {
        match self {
            Database::MariaDb => mariadb::primary_key_taken(doctype, name),
            Database::Postgres => postgres::primary_key_taken(doctype, name),
        }
    }

    /// The refusal of a Date column value shaped `YYYY-MM-DD` that names no day, written by
    /// `db_insert`/`db_update` as `row` (column, value) in column order; `None` if the
    /// database accepts it.
    pub(crate) fn refused_date(self, write: &postgres::RowWrite, column: &str, text: &str) -> Option<FrappeError> {
        match self {
            Database::MariaDb => mariadb::incorrect_date_value(text, write.doctype, column)
                .map(|message| FrappeError::raise(mariadb::OPERATIONAL_ERROR, message)),
            Database::Postgres => postgres::date_out_of_range(write, column, text),
        }
    }

    /// Refuses `frappe.get_list` filters (`[doctype, field, operator, value]`) the database
    /// refuses to run (PostgreSQL: `is set` on a column that cannot hold `''`); MariaDB runs
    /// them all. `restricted`: permission conditions follow the filters.
    pub(crate) fn check_filters(self, meta: &DocType, tuples: &[Vec<Value>], restricted: bool) -> Result<(), Failure> {
        match self {
            Database::MariaDb => Ok(()),
            Database::Postgres => postgres::refused_filters(meta, tuples, restricted),
        }
    }

    /// The answer to a transaction that met a concurrent writer (see `write_conflicts`).
    pub(crate) fn concurrent_write_refusal(self) -> FrappeError {
        match self {
            Database::MariaDb => mariadb::deadlock(),
            Database::Postgres => postgres::serialization_failure(),
        }
    }
}
