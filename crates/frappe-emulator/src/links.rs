//! Link fields: `_validate_links()` on a save (with `fetch_from` values), and
//! `check_if_doc_is_linked()` on a delete.

use serde_json::Value;

use super::document::Document;
use super::errors::{not_emulated, ExceptionClass, Failure, FrappeError, VALIDATION_ERROR};
use super::mariadb;
use super::meta::registry::LinkTarget;
use super::meta::{DocType, FieldType};
use super::python::{cstr, truthy};
use super::schema::Schema;
use super::store::{row_name, Store};

pub(crate) const LINK_VALIDATION_ERROR: ExceptionClass = ExceptionClass {
    name: "LinkValidationError",
    module: "frappe.exceptions",
    status: 417,
};

pub(crate) const LINK_EXISTS_ERROR: ExceptionClass = ExceptionClass {
    name: "LinkExistsError",
    module: "frappe.exceptions",
    status: 417,
};

/// The `ignore_links_on_delete` hook of plain Frappe (the modelled DocTypes among them).
const IGNORE_LINKS_ON_DELETE: [&str; 1] = ["ToDo"];

/// `_validate_links()`: every Link and Dynamic Link value of the document and its rows must
/// name a record; found values take the record's spelling, and fields fetched from the link
/// are filled. Unknown values are reported together: "Could not find <label>: <value>, ...".
pub(crate) fn validate_links(
    schema: &Schema,
    store: &Store,
    meta: &DocType,
    doc: &mut Document,
) -> Result<(), Failure> {
    let mut invalid = check_document_links(schema, store, meta, doc, None)?;
    let tables: Vec<(String, String)> = meta
        .table_fields()
        .map(|t| (t.fieldname.clone(), t.options.clone()))
        .collect();
    for (fieldname, child_doctype) in tables {
        let Some(child_meta) = schema.meta(&child_doctype) else {
            continue;
        };
        for row in doc.table_mut(&fieldname).iter_mut() {
            let idx = cstr(row.get("idx"));
            invalid.extend(check_document_links(schema, store, &child_meta, row, Some(&idx))?);
        }
    }
    if invalid.is_empty() {
        return Ok(());
    }
    Err(FrappeError::throw(LINK_VALIDATION_ERROR, format!("Could not find {}", invalid.join(", "))).into())
}

fn check_document_links(
    schema: &Schema,
    store: &Store,
    meta: &DocType,
    doc: &mut Document,
    row_idx: Option<&str>,
) -> Result<Vec<String>, Failure> {
    let mut invalid = Vec::new();
    let links: Vec<_> = meta
        .data_fields()
        .filter(|f| matches!(f.fieldtype, FieldType::Link | FieldType::DynamicLink))
        .cloned()
        .collect();
    for field in links {
        let value = doc.get(&field.fieldname).clone();
        if !truthy(&value) {
            continue;
        }
        let Value::String(docname) = value else {
            return Err(not_emulated(format!(
                "a non-string value for the link field `{}`",
                field.fieldname
            )));
        };
        let target = if field.fieldtype == FieldType::Link {
            field.options.clone()
        } else {
            let target = cstr(doc.get(&field.options));
            if target.is_empty() {
                let label = meta
                    .field(&field.options)
                    .map_or(field.options.as_str(), |f| f.label.as_str());
                return Err(FrappeError::throw(VALIDATION_ERROR, format!("{label} must be set first")).into());
            }
            target
        };
        let found = match schema.registry.link_target(&target) {
            LinkTarget::Modelled(target_meta) if target_meta.issingle => {
                return Err(not_emulated(format!("a link to the Single {target}")));
            }
            LinkTarget::Modelled(target_meta) => {
                let row = store.find(target_meta.name, &docname);
                if let Some(row) = row {
                    fetch_values(meta, &field.fieldname, row, doc);
                }
                row.map(|r| row_name(r).to_string())
            }
            LinkTarget::Fixture(fixture) => {
                let known = fixture.names.iter().find(|n| mariadb::text_eq(n, &docname));
                match known {
                    Some(name) => Some((*name).to_string()),
                    None if fixture.complete => None,
                    None => {
                        return Err(not_emulated(format!(
                            "the {target} {docname:?} (only the standard records of {target} are known)"
                        )))
                    }
                }
            }
            LinkTarget::DocTypes => match schema
                .registry
                .doctypes()
                .iter()
                .find(|d| mariadb::text_eq(d.name, &docname))
            {
                Some(d) => Some(d.name.to_string()),
                None if super::meta::frappe_doctypes::FRAPPE_DOCTYPES
                    .iter()
                    .any(|d| mariadb::text_eq(d, &docname)) =>
                {
                    return Err(not_emulated(format!(
                        "a link to the DocType {docname:?} (a plain site has it; the emulator does not model it)"
                    )))
                }
                // No Frappe site has a DocType of that name.
                None => {
                    invalid.push(match row_idx {
                        Some(idx) => format!("Row #{idx}: {}: {docname}", field.label),
                        None => format!("{}: {docname}", field.label),
                    });
                    continue;
                }
            },
            LinkTarget::Unknown => {
                return Err(not_emulated(format!(
                    "a link to {target} (that DocType is not modelled)"
                )));
            }
        };
        match found {
            Some(canonical) => doc.set(&field.fieldname, Value::from(canonical)),
            None => invalid.push(match row_idx {
                Some(idx) => format!("Row #{idx}: {}: {docname}", field.label),
                None => format!("{}: {docname}", field.label),
            }),
        }
    }
    Ok(invalid)
}

/// `set_fetch_from_value`: fields whose `fetch_from` is `<link field>.<source>`.
fn fetch_values(meta: &DocType, link_field: &str, target: &super::store::Row, doc: &mut Document) {
    let prefix = format!("{link_field}.");
    let fetched: Vec<(String, String)> = meta
        .data_fields()
        .filter_map(|f| {
            f.fetch_from
                .strip_prefix(&prefix)
                .map(|source| (f.fieldname.clone(), source.to_string()))
        })
        .collect();
    for (fieldname, source) in fetched {
        let value = target.get(&source).cloned().unwrap_or(Value::Null);
        doc.set(&fieldname, value);
    }
}

/// `check_if_doc_is_linked()` for a delete: a Link from another document (or a Single)
/// blocks it; DocTypes in `ignore_links_on_delete` and the document's own rows do not.
/// DocTypes that have an `enabled`/`disabled` field answer with a second message suggesting
/// to disable the document instead (`delete_doc`).
pub(crate) fn check_not_linked(schema: &Schema, store: &Store, meta: &DocType, name: &str) -> Result<(), Failure> {
    for source in schema.all() {
        if IGNORE_LINKS_ON_DELETE.contains(&source.name) {
            continue;
        }
        for field in source
            .data_fields()
            .filter(|f| f.fieldtype == FieldType::Link && f.options == meta.name)
        {
            let linked = if source.issingle {
                let value = store
                    .single(source.name)
                    .and_then(|row| row.get(&field.fieldname))
                    .map(cstr);
                value
                    .filter(|v| mariadb::text_eq(v, name))
                    .map(|_| (source.name.to_string(), source.name.to_string()))
            } else {
                store
                    .rows_where(source.name, &field.fieldname, name)
                    .into_iter()
                    .map(|row| {
                        let parent = row.get("parent").map(cstr).filter(|p| !p.is_empty());
                        let doctype = match &parent {
                            Some(_) => row.get("parenttype").map(cstr).unwrap_or_default(),
                            None => source.name.to_string(),
                        };
                        (doctype, parent.unwrap_or_else(|| row_name(row).to_string()))
                    })
                    .find(|(doctype, docname)| {
                        let ignored = IGNORE_LINKS_ON_DELETE.contains(&doctype.as_str());
                        let itself = doctype == meta.name && mariadb::text_eq(docname, name);
                        !(ignored || itself)
                    })
            };
            if let Some((doctype, docname)) = linked {
                return Err(link_exists(meta, name, &doctype, &docname));
            }
        }
    }
    Ok(())
}

fn link_exists(meta: &DocType, name: &str, reference_doctype: &str, reference_name: &str) -> Failure {
    let doc_link = format!("<a href=\"/app/Form/{}/{name}\">{name}</a>", meta.name);
    let reference_link = format!("<a href=\"/app/Form/{reference_doctype}/{reference_name}\">{reference_name}</a>");
    // A Single is named only once ("hack to display Single doctype only once").
    let shown_doctype = if reference_doctype == reference_name {
        ""
    } else {
        reference_doctype
    };
    let first = FrappeError::throw(
        LINK_EXISTS_ERROR,
        format!(
            "Cannot delete or cancel because {} {doc_link} is linked with {shown_doctype} {reference_link} ",
            meta.name
        ),
    );
    if meta.field("enabled").is_some() || meta.field("disabled").is_some() {
        return FrappeError::throw(
            LINK_EXISTS_ERROR,
            format!("You can disable this {} instead of deleting it.", meta.name),
        )
        .after_messages(first.messages)
        .into();
    }
    first.into()
}
