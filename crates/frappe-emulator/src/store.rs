//! The site's tables: `tabSocial Login Key` rows and the `__Auth` password store.
//!
//! Rows hold what MariaDB would hold: Check fields as 0/1, other fields as text or NULL, and
//! `creation`/`modified` in their fresh six-digit spelling (rendered for reads by
//! [`super::clock::read_back`]). Writes are applied only after every check passed, which is
//! what a rolled-back Frappe transaction looks like from outside.

use serde_json::{Map, Value};

use super::clock::{Clock, Timestamp};
use super::mariadb;

/// One table row, keyed by column name, in table-column order.
pub(crate) type Row = Map<String, Value>;

/// An `__Auth` entry: the decrypted secret of one Password field of one document.
#[derive(Clone, Debug)]
struct Secret {
    document: String,
    fieldname: String,
    value: String,
}

/// What to do with a document's `__Auth` entry when a save commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SecretChange {
    Keep,
    Set(String),
    Remove,
}

/// The effect of a successful insert or save, applied atomically.
#[derive(Clone, Debug)]
pub(crate) struct WritePlan {
    /// Canonical name of the row being replaced; `None` for an insert.
    pub(crate) replaces: Option<String>,
    pub(crate) row: Row,
    pub(crate) secret_field: &'static str,
    pub(crate) secret: SecretChange,
}

/// All persistent state of the emulated site's data.
#[derive(Debug, Default)]
pub(crate) struct Store {
    rows: Vec<Row>,
    secrets: Vec<Secret>,
    clock: Clock,
}

pub(crate) fn row_name(row: &Row) -> &str {
    row.get("name").and_then(Value::as_str).unwrap_or_default()
}

impl Store {
    pub(crate) fn now(&mut self) -> Timestamp {
        self.clock.now()
    }

    /// Rows in primary-key order (what a table scan on InnoDB returns).
    pub(crate) fn rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by(|a, b| mariadb::text_cmp(row_name(a), row_name(b)));
        rows
    }

    /// `frappe.db.get_value(doctype, name)`: a case-insensitive primary-key lookup.
    pub(crate) fn find(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|row| mariadb::text_eq(row_name(row), name))
    }

    /// The decrypted secret stored for a document's field.
    pub(crate) fn secret(&self, document: &str, fieldname: &str) -> Option<&str> {
        self.secrets
            .iter()
            .find(|s| mariadb::text_eq(&s.document, document) && s.fieldname == fieldname)
            .map(|s| s.value.as_str())
    }

    pub(crate) fn apply(&mut self, plan: WritePlan) {
        let name = row_name(&plan.row).to_string();
        match &plan.replaces {
            Some(old) => {
                if let Some(slot) = self.rows.iter_mut().find(|row| mariadb::text_eq(row_name(row), old)) {
                    *slot = plan.row;
                }
            }
            None => self.rows.push(plan.row),
        }
        match plan.secret {
            SecretChange::Keep => {}
            SecretChange::Remove => self.remove_secret(&name, plan.secret_field),
            SecretChange::Set(value) => {
                self.remove_secret(&name, plan.secret_field);
                self.secrets.push(Secret {
                    document: name,
                    fieldname: plan.secret_field.to_string(),
                    value,
                });
            }
        }
    }

    fn remove_secret(&mut self, document: &str, fieldname: &str) {
        self.secrets
            .retain(|s| !(mariadb::text_eq(&s.document, document) && s.fieldname == fieldname));
    }

    /// Deletes the document and every `__Auth` entry of it. Returns whether it existed.
    pub(crate) fn delete(&mut self, name: &str) -> bool {
        let before = self.rows.len();
        self.rows.retain(|row| !mariadb::text_eq(row_name(row), name));
        let existed = self.rows.len() != before;
        if existed {
            self.secrets.retain(|s| !mariadb::text_eq(&s.document, name));
        }
        existed
    }
}
