//! The site's tables: one `tab<DocType>` per DocType (child tables included), `tabSingles`,
//! and the `__Auth` password store.
//!
//! Rows hold what MariaDB would hold: Check and Int fields as integers, Float-like fields as
//! numbers, other fields as text or NULL, and `creation`/`modified` in their fresh six-digit
//! spelling (rendered for reads by [`super::clock::read_back`]). Writes are applied only after
//! every check passed, which is what a rolled-back Frappe transaction looks like from outside.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::clock::{Clock, Timestamp};
use super::mariadb;

/// One table row, keyed by column name, in table-column order.
pub(crate) type Row = Map<String, Value>;

/// An `__Auth` entry: the decrypted secret of one Password field of one document.
#[derive(Clone, Debug)]
struct Secret {
    doctype: String,
    document: String,
    fieldname: String,
    value: String,
    /// Password fields are stored encrypted (readable through `get_password`); login
    /// passwords are hashed (`encrypted=0`) and can only be checked.
    encrypted: bool,
}

/// What to do with a document's `__Auth` entry when a save commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SecretChange {
    Keep,
    Set(String),
    Remove,
}

/// The effect of a successful insert or save, applied atomically.
#[derive(Clone, Debug, Default)]
pub(crate) struct WritePlan {
    pub(crate) doctype: String,
    /// Canonical name of the row being replaced; `None` for an insert.
    pub(crate) replaces: Option<String>,
    /// Whether `row` is the `tabSingles` entry of a Single.
    pub(crate) single: bool,
    pub(crate) row: Row,
    /// The child rows of the document after the save, per child DocType. Every stored row of
    /// those DocTypes that belongs to this document is replaced by them.
    pub(crate) children: Vec<(String, Vec<Row>)>,
    /// `__Auth` changes per field name.
    pub(crate) secrets: Vec<(String, SecretChange)>,
}

/// All persistent state of the emulated site's data.
#[derive(Debug, Default)]
pub(crate) struct Store {
    tables: BTreeMap<String, Vec<Row>>,
    singles: BTreeMap<String, Row>,
    secrets: Vec<Secret>,
    clock: Clock,
    /// Per DocType, the columns deleted Custom Fields left in its table, oldest first.
    orphan_columns: BTreeMap<String, Vec<String>>,
}

pub(crate) fn row_name(row: &Row) -> &str {
    row.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn column_text<'r>(row: &'r Row, column: &str) -> &'r str {
    row.get(column).and_then(Value::as_str).unwrap_or_default()
}

impl Store {
    pub(crate) fn now(&mut self) -> Timestamp {
        self.clock.now()
    }

    /// Records a column that stays in the table after its Custom Field was deleted.
    pub(crate) fn keep_orphan_column(&mut self, doctype: &str, column: String) {
        let columns = self.orphan_columns.entry(doctype.to_string()).or_default();
        if !columns.contains(&column) {
            columns.push(column);
        }
    }

    /// The columns deleted Custom Fields left in a DocType's table.
    pub(crate) fn orphan_columns(&self, doctype: &str) -> &[String] {
        self.orphan_columns.get(doctype).map_or(&[], Vec::as_slice)
    }

    /// Rows of a table in primary-key order (what a table scan on InnoDB returns).
    pub(crate) fn rows(&self, doctype: &str) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.tables.get(doctype).map(|t| t.iter().collect()).unwrap_or_default();
        rows.sort_by(|a, b| mariadb::text_cmp(row_name(a), row_name(b)));
        rows
    }

    /// `frappe.db.get_value(doctype, name)`: a case-insensitive primary-key lookup.
    pub(crate) fn find(&self, doctype: &str, name: &str) -> Option<&Row> {
        self.tables
            .get(doctype)?
            .iter()
            .find(|row| mariadb::text_eq(row_name(row), name))
    }

    /// The rows of one Table field of one parent, by `idx`.
    pub(crate) fn children(&self, child_doctype: &str, parenttype: &str, parent: &str, parentfield: &str) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self
            .tables
            .get(child_doctype)
            .map(|t| {
                t.iter()
                    .filter(|row| {
                        column_text(row, "parenttype") == parenttype
                            && mariadb::text_eq(column_text(row, "parent"), parent)
                            && column_text(row, "parentfield") == parentfield
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.sort_by_key(|row| row.get("idx").and_then(Value::as_i64).unwrap_or(0));
        rows
    }

    /// The `tabSingles` values of a Single.
    pub(crate) fn single(&self, doctype: &str) -> Option<&Row> {
        self.singles.get(doctype)
    }

    /// The decrypted secret stored for a document's Password field.
    pub(crate) fn secret(&self, doctype: &str, document: &str, fieldname: &str) -> Option<&str> {
        self.find_secret(doctype, document, fieldname)
            .filter(|s| s.encrypted)
            .map(|s| s.value.as_str())
    }

    /// The login password of a user (hashed in Frappe; kept in clear here to check it).
    pub(crate) fn login_password(&self, user: &str) -> Option<&str> {
        self.find_secret("User", user, "password")
            .filter(|s| !s.encrypted)
            .map(|s| s.value.as_str())
    }

    pub(crate) fn set_login_password(&mut self, user: &str, password: String) {
        self.remove_secret("User", user, "password");
        self.secrets.push(Secret {
            doctype: "User".to_string(),
            document: user.to_string(),
            fieldname: "password".to_string(),
            value: password,
            encrypted: false,
        });
    }

    fn find_secret(&self, doctype: &str, document: &str, fieldname: &str) -> Option<&Secret> {
        self.secrets
            .iter()
            .find(|s| s.doctype == doctype && mariadb::text_eq(&s.document, document) && s.fieldname == fieldname)
    }

    /// Inserts a row as a test fixture (no checks).
    #[cfg(test)]
    pub(crate) fn seed(&mut self, doctype: &str, row: Row) {
        self.tables.entry(doctype.to_string()).or_default().push(row);
    }

    pub(crate) fn set_secret(&mut self, doctype: &str, document: &str, fieldname: &str, value: String) {
        self.remove_secret(doctype, document, fieldname);
        self.secrets.push(Secret {
            doctype: doctype.to_string(),
            document: document.to_string(),
            fieldname: fieldname.to_string(),
            value,
            encrypted: true,
        });
    }

    pub(crate) fn apply(&mut self, plan: WritePlan) {
        let name = if plan.single {
            plan.doctype.clone()
        } else {
            row_name(&plan.row).to_string()
        };
        if plan.single {
            self.singles.insert(plan.doctype.clone(), plan.row);
        } else {
            let table = self.tables.entry(plan.doctype.clone()).or_default();
            match &plan.replaces {
                Some(old) => {
                    if let Some(slot) = table.iter_mut().find(|row| mariadb::text_eq(row_name(row), old)) {
                        *slot = plan.row;
                    }
                }
                None => table.push(plan.row),
            }
        }
        for (child_doctype, rows) in plan.children {
            let table = self.tables.entry(child_doctype).or_default();
            table.retain(|row| {
                !(column_text(row, "parenttype") == plan.doctype && mariadb::text_eq(column_text(row, "parent"), &name))
            });
            table.extend(rows);
        }
        for (fieldname, change) in plan.secrets {
            match change {
                SecretChange::Keep => {}
                SecretChange::Remove => self.remove_secret(&plan.doctype, &name, &fieldname),
                SecretChange::Set(value) => self.set_secret(&plan.doctype, &name, &fieldname, value),
            }
        }
    }

    fn remove_secret(&mut self, doctype: &str, document: &str, fieldname: &str) {
        self.secrets
            .retain(|s| !(s.doctype == doctype && mariadb::text_eq(&s.document, document) && s.fieldname == fieldname));
    }

    /// Deletes the document, its child rows and every `__Auth` entry of it. Returns whether
    /// it existed.
    pub(crate) fn delete(&mut self, doctype: &str, name: &str) -> bool {
        let Some(table) = self.tables.get_mut(doctype) else {
            return false;
        };
        let before = table.len();
        table.retain(|row| !mariadb::text_eq(row_name(row), name));
        let existed = table.len() != before;
        if existed {
            for rows in self.tables.values_mut() {
                rows.retain(|row| {
                    !(column_text(row, "parenttype") == doctype && mariadb::text_eq(column_text(row, "parent"), name))
                });
            }
            self.secrets
                .retain(|s| !(s.doctype == doctype && mariadb::text_eq(&s.document, name)));
        }
        existed
    }

    /// Rows of any table whose `column`, as text, equals `value` under the site collation.
    pub(crate) fn rows_where(&self, doctype: &str, column: &str, value: &str) -> Vec<&Row> {
        self.rows(doctype)
            .into_iter()
            .filter(|row| {
                let stored = row.get(column).map(super::python::cstr).unwrap_or_default();
                row.get(column).is_some_and(|v| !v.is_null()) && mariadb::text_eq(&stored, value)
            })
            .collect()
    }

    /// Mutable access for side effects that Frappe runs as plain SQL (`frappe.db.delete`,
    /// `frappe.db.set_value`): no checks, no `modified` bump.
    pub(crate) fn table_mut(&mut self, doctype: &str) -> &mut Vec<Row> {
        self.tables.entry(doctype.to_string()).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(values: Value) -> Row {
        values.as_object().unwrap().clone()
    }

    #[test]
    fn children_are_found_by_parent_and_field_in_idx_order() {
        let mut store = Store::default();
        store.seed("User", row(json!({"name": "a@x"})));
        store.seed(
            "Has Role",
            row(json!({"name": "r2", "idx": 2, "role": "B", "parent": "a@x", "parentfield": "roles", "parenttype": "User"})),
        );
        store.seed(
            "Has Role",
            row(json!({"name": "r1", "idx": 1, "role": "A", "parent": "A@X", "parentfield": "roles", "parenttype": "User"})),
        );
        let names: Vec<&str> = store
            .children("Has Role", "User", "a@x", "roles")
            .into_iter()
            .map(row_name)
            .collect();
        assert_eq!(names, ["r1", "r2"]);
        assert!(store.delete("User", "A@x"));
        assert!(store.children("Has Role", "User", "a@x", "roles").is_empty());
    }
}
