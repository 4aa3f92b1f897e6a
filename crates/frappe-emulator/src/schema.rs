//! The effective DocTypes of a site at one moment: the registry's DocTypes plus the Custom
//! Fields stored on the site (`frappe.get_meta` merges them the same way).

use serde_json::Value;

use super::meta::{DocField, DocType, FieldType, Registry};
use super::python::{cint, cstr};
use super::store::Store;

/// The DocType of Custom Field documents.
pub(crate) const CUSTOM_FIELD: &str = "Custom Field";

/// Registry plus custom fields, read once per request.
#[derive(Clone, Debug)]
pub(crate) struct Schema<'a> {
    pub(crate) registry: &'a Registry,
    /// `(dt, field)` in insertion order.
    custom: Vec<(String, DocField)>,
}

impl<'a> Schema<'a> {
    pub(crate) fn new(registry: &'a Registry, store: &Store) -> Schema<'a> {
        let custom = store
            .rows(CUSTOM_FIELD)
            .into_iter()
            .filter_map(|row| {
                let get = |key: &str| cstr(row.get(key).unwrap_or(&Value::Null));
                let fieldtype = FieldType::from_name(&get("fieldtype"))?;
                let default = row.get("default").filter(|v| !v.is_null()).map(cstr);
                let flag = |key: &str| cint(row.get(key).unwrap_or(&Value::Null)) != 0;
                let field = DocField {
                    fieldname: get("fieldname"),
                    fieldtype,
                    label: get("label"),
                    options: get("options"),
                    default,
                    reqd: flag("reqd"),
                    read_only: flag("read_only"),
                    set_only_once: false,
                    hidden: flag("hidden"),
                    unique: flag("unique"),
                    no_copy: flag("no_copy"),
                    in_list_view: flag("in_list_view"),
                    permlevel: u8::try_from(cint(row.get("permlevel").unwrap_or(&Value::Null))).unwrap_or(0),
                    length: u16::try_from(cint(row.get("length").unwrap_or(&Value::Null))).unwrap_or(0),
                    fetch_from: get("fetch_from"),
                    is_custom: true,
                    insert_after: get("insert_after"),
                };
                Some((get("dt"), field))
            })
            .collect();
        Schema { registry, custom }
    }

    /// `frappe.get_meta(name)`: the DocType with its custom fields (exact spelling).
    pub(crate) fn meta(&self, name: &str) -> Option<DocType> {
        let doctype = self.registry.get(name)?.clone();
        let custom = self
            .custom
            .iter()
            .filter(|(dt, _)| dt == name)
            .map(|(_, field)| field.clone())
            .collect();
        Some(doctype.with_custom_fields(custom))
    }

    /// Every effective DocType (for link scans).
    pub(crate) fn all(&self) -> Vec<DocType> {
        self.registry
            .doctypes()
            .iter()
            .filter_map(|d| self.meta(d.name))
            .collect()
    }
}
