//! Frappe's in-memory `Document`: values as Python would hold them, child rows per table
//! field, and the two conversions every answer goes through — loading a stored row
//! (`frappe.get_doc`) and serialising (`as_dict`).

use serde_json::{Map, Value};

use super::clock;
use super::meta::{Column, DocType, FieldType};
use super::python::{cint, flt, json_dumps, truthy};
use super::schema::Schema;
use super::store::{row_name, Row, Store};

/// A document: request values as they arrived (a JSON `"0"` stays the string `"0"`) until a
/// save coerces them for the database, keyed like `__dict__`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Document {
    pub(crate) doctype: String,
    values: Map<String, Value>,
    /// Child rows per Table field, in the order they were set.
    tables: Vec<(String, Vec<Document>)>,
}

const NULL: Value = Value::Null;

impl Document {
    pub(crate) fn new(doctype: &str) -> Document {
        Document {
            doctype: doctype.to_string(),
            ..Document::default()
        }
    }

    pub(crate) fn get(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&NULL)
    }

    pub(crate) fn set(&mut self, key: &str, value: Value) {
        self.values.insert(key.to_string(), value);
    }

    pub(crate) fn remove(&mut self, key: &str) {
        self.values.shift_remove(key);
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    pub(crate) fn values(&self) -> &Map<String, Value> {
        &self.values
    }

    /// The document's `name` as a string ("" when unset).
    pub(crate) fn name(&self) -> String {
        super::python::cstr(self.get("name"))
    }

    pub(crate) fn is_new(&self) -> bool {
        truthy(self.get("__islocal"))
    }

    pub(crate) fn table(&self, fieldname: &str) -> &[Document] {
        self.tables
            .iter()
            .find(|(name, _)| name == fieldname)
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or(&[])
    }

    pub(crate) fn table_mut(&mut self, fieldname: &str) -> &mut Vec<Document> {
        let index = match self.tables.iter().position(|(name, _)| name == fieldname) {
            Some(index) => index,
            None => {
                self.tables.push((fieldname.to_string(), Vec::new()));
                self.tables.len() - 1
            }
        };
        &mut self.tables[index].1
    }

    pub(crate) fn set_table(&mut self, fieldname: &str, rows: Vec<Document>) {
        *self.table_mut(fieldname) = rows;
    }

    pub(crate) fn all_children_mut(&mut self) -> impl Iterator<Item = &mut Document> {
        self.tables.iter_mut().flat_map(|(_, rows)| rows.iter_mut())
    }
}

/// A stored row as `frappe.get_doc` loads it: datetimes read back as `str(datetime)`, and the
/// rows of each Table field the schema knows.
pub(crate) fn load(schema: &Schema, meta: &DocType, store: &Store, row: &Row) -> Document {
    let mut doc = load_row(meta, row);
    let name = row_name(row).to_string();
    for table in meta.table_fields() {
        let rows = match schema.meta(&table.options) {
            Some(child_meta) => store
                .children(child_meta.name, meta.name, &name, &table.fieldname)
                .into_iter()
                .map(|child| load_row(&child_meta, child))
                .collect(),
            None => Vec::new(),
        };
        doc.set_table(&table.fieldname, rows);
    }
    doc
}

fn load_row(meta: &DocType, row: &Row) -> Document {
    let mut doc = Document::new(meta.name);
    for (column, value) in row {
        let is_datetime = matches!(column.as_str(), "creation" | "modified")
            || meta
                .field(column)
                .is_some_and(|f| f.fieldtype.column() == Column::Datetime);
        let value = match value {
            Value::String(stored) if is_datetime => Value::from(clock::read_back(stored)),
            _ => value.clone(),
        };
        doc.set(column, value);
    }
    doc
}

/// A Single as `frappe.get_doc` loads it from `tabSingles`: every value is text there, and
/// `_fix_numeric_types` turns Check/Int and Float-like fields back into numbers. `idx` stays
/// the string `"0"` and there is no `creation` (notes, section 7).
pub(crate) fn load_single(schema: &Schema, meta: &DocType, store: &Store) -> Document {
    let mut doc = Document::new(meta.name);
    doc.set("name", Value::from(meta.name));
    if let Some(row) = store.single(meta.name) {
        for (column, value) in row {
            let value = match (meta.field(column).map(|f| f.fieldtype), value) {
                (_, Value::Null) => Value::Null,
                (Some(FieldType::Check | FieldType::Int), value) => Value::from(cint(value)),
                (Some(t), value) if t.is_float_like() => Value::from(flt(value)),
                (_, value) if column == "docstatus" => Value::from(cint(value)),
                // Text in tabSingles, so `modified` keeps its six fractional digits.
                (_, value) => Value::from(super::python::cstr(value)),
            };
            doc.set(column, value);
        }
    }
    for table in meta.table_fields() {
        let rows = match schema.meta(&table.options) {
            Some(child_meta) => store
                .children(child_meta.name, meta.name, meta.name, &table.fieldname)
                .into_iter()
                .map(|child| load_row(&child_meta, child))
                .collect(),
            None => Vec::new(),
        };
        doc.set_table(&table.fieldname, rows);
    }
    doc
}

/// `BaseDocument.get_valid_dict()` applied to one value: the coercions every serialisation
/// and every database write share.
pub(crate) fn sanitised_value(meta: &DocType, column: &str, value: &Value) -> Value {
    let Some(field) = meta.data_fields().find(|f| f.fieldname == column) else {
        return value.clone();
    };
    match field.fieldtype {
        FieldType::Check => Value::from(i64::from(cint(value) != 0)),
        // `isinstance(value, int)`: Python's bools are ints and stay as they are.
        FieldType::Int if !(value.is_i64() || value.is_u64() || value.is_boolean()) => Value::from(cint(value)),
        FieldType::Json if value.is_object() => Value::from(json_dumps(value, true)),
        t if t.is_float_like() && !value.is_f64() => Value::from(flt(value)),
        FieldType::Date | FieldType::Datetime | FieldType::Time if value.as_str() == Some("") => Value::Null,
        _ if field.unique && super::python::strip(&super::python::cstr(value)).is_empty() => Value::Null,
        _ => value.clone(),
    }
}

/// `doc.as_dict(no_nulls=...)`: valid columns in table order, `doctype`, then each Table
/// field's rows, then the flags Frappe copies (`__islocal`, `__unsaved`, ...).
pub(crate) fn as_dict(schema: &Schema, meta: &DocType, doc: &Document, no_nulls: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for column in meta.valid_columns() {
        let value = sanitised_value(meta, column, doc.get(column));
        if no_nulls && value.is_null() {
            continue;
        }
        out.insert(column.to_string(), value);
    }
    out.insert("doctype".into(), Value::from(meta.name));
    for table in meta.table_fields() {
        let rows = match schema.meta(&table.options) {
            Some(child_meta) => doc
                .table(&table.fieldname)
                .iter()
                .map(|row| Value::Object(as_dict(schema, &child_meta, row, no_nulls)))
                .collect(),
            None => Vec::new(),
        };
        out.insert(table.fieldname.clone(), Value::Array(rows));
    }
    for key in [
        "_user_tags",
        "__islocal",
        "__onload",
        "_liked_by",
        "__run_link_triggers",
        "__unsaved",
    ] {
        if truthy(doc.get(key)) {
            out.insert(key.to_string(), doc.get(key).clone());
        }
    }
    out
}
