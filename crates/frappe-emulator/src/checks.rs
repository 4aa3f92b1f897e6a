//! `Document._validate()`: Frappe's generic checks, in its order, for a document and its child
//! rows: mandatory fields, Data options (Email, Phone), Select options, lengths, HTML
//! sanitising, passwords, and on a save the set-only-once fields.

use serde_json::Value;

use super::document::Document;
use super::email::{validate_email, validate_phone};
use super::errors::{
    not_emulated, Failure, FrappeError, ServerMessage, CANNOT_CHANGE_CONSTANT_ERROR, CHARACTER_LENGTH_EXCEEDED_ERROR,
    MANDATORY_ERROR, TYPE_ERROR, VALIDATION_ERROR,
};
use super::meta::{Column, DocField, DocType, FieldType};
use super::python::{cint, cstr, py_eq, strip, truthy, type_name};
use super::store::SecretChange;

/// `max_positive_value["int"]`.
const INT_COLUMN_MAX: i64 = 2_147_483_647;

/// Everything `_validate()` runs, for the parent (`meta`) and its rows (`child_meta`).
/// Returns what `_save_passwords` does to each Password field's `__Auth` entry.
pub(crate) fn validate_document(
    meta: &DocType,
    child_meta: &dyn Fn(&str) -> Option<DocType>,
    doc: &mut Document,
    previous: Option<&Document>,
    own_password_fields: &[&str],
) -> Result<Vec<(String, SecretChange)>, Failure> {
    validate_mandatory(meta, child_meta, doc)?;
    let secrets = validate_values(meta, doc, own_password_fields)?;
    let tables: Vec<(String, String)> = meta
        .table_fields()
        .map(|t| (t.fieldname.clone(), t.options.clone()))
        .collect();
    for (fieldname, child_doctype) in tables {
        let Some(child) = child_meta(&child_doctype) else {
            continue;
        };
        for row in doc.table_mut(&fieldname).iter_mut() {
            let row_secrets = validate_values(&child, row, &[])?;
            if row_secrets.iter().any(|(_, change)| *change != SecretChange::Keep) {
                return Err(not_emulated("Password fields in child rows"));
            }
        }
    }
    if let Some(previous) = previous {
        validate_set_only_once(meta, doc, previous)?;
    }
    Ok(secrets)
}

/// `_validate_mandatory()`: one msgprint per missing field (parent first, then rows), then
/// `MandatoryError("[doctype, name]: fields")`.
fn validate_mandatory(
    meta: &DocType,
    child_meta: &dyn Fn(&str) -> Option<DocType>,
    doc: &Document,
) -> Result<(), Failure> {
    let mut missing: Vec<(String, String)> = Vec::new();
    for field in meta.value_fields().filter(|f| f.reqd) {
        if is_missing(field, doc) {
            let message = if field.fieldtype.is_table() {
                format!("Error: Data missing in table: {}", field.label)
            } else {
                format!("Error: Value missing for {}: {}", meta.name, field.label)
            };
            missing.push((field.fieldname.clone(), message));
        }
    }
    for table in meta.table_fields() {
        let Some(child) = child_meta(&table.options) else {
            continue;
        };
        for row in doc.table(&table.fieldname) {
            for field in child.value_fields().filter(|f| f.reqd) {
                if is_missing(field, row) {
                    let message = format!(
                        "Error: <strong>{}</strong> Row #{}: Value missing for: {}",
                        child.name,
                        cstr(row.get("idx")),
                        field.label
                    );
                    missing.push((field.fieldname.clone(), message));
                }
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let notices = missing.iter().map(|(_, m)| ServerMessage::plain(m.clone())).collect();
    let fields: Vec<&str> = missing.iter().map(|(f, _)| f.as_str()).collect();
    Err(FrappeError::raise(
        MANDATORY_ERROR,
        format!("[{}, {}]: {}", meta.name, doc.name(), fields.join(", ")),
    )
    .after_messages(notices)
    .into())
}

/// `_get_missing_mandatory_fields`: None or `[]`, or no text once tags are stripped (an
/// `<img` counts as content in a Text Editor).
fn is_missing(field: &DocField, doc: &Document) -> bool {
    if field.fieldtype.is_table() {
        return doc.table(&field.fieldname).is_empty();
    }
    let value = doc.get(&field.fieldname);
    if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
        return true;
    }
    let text = cstr(value);
    let has_text = !strip(&strip_html(&text)).is_empty();
    let has_img = text.contains("<img");
    match field.fieldtype {
        FieldType::TextEditor => !(has_text || has_img),
        FieldType::Code if field.options == "HTML" => !(has_text || has_img),
        _ => !has_text,
    }
}

/// The per-document checks after the mandatory one.
fn validate_values(
    meta: &DocType,
    doc: &mut Document,
    own_password_fields: &[&str],
) -> Result<Vec<(String, SecretChange)>, Failure> {
    validate_data_fields(meta, doc)?;
    validate_selects(meta, doc)?;
    validate_lists(meta, doc)?;
    if !meta.issingle {
        validate_length(meta, doc)?;
    }
    sanitize_content(meta, doc)?;
    save_passwords(meta, doc, own_password_fields)
}

/// `_validate_data_fields()`: Data fields with the Email or Phone option.
fn validate_data_fields(meta: &DocType, doc: &Document) -> Result<(), Failure> {
    for field in meta.data_fields().filter(|f| f.fieldtype == FieldType::Data) {
        let value = doc.get(&field.fieldname);
        match field.options.as_str() {
            "Email" => {
                let owner = cstr(doc.get("owner"));
                let text = cstr(value);
                let standard = |s: &str| s == "Administrator" || s == "Guest";
                if standard(&owner) && standard(&text) {
                    continue;
                }
                if text.contains(['\n', '\t', '\r']) {
                    return Err(not_emulated("several addresses in an Email field"));
                }
                for address in text.split(',').map(strip).filter(|a| !a.is_empty()) {
                    validate_email(address)?;
                }
            }
            "Phone" if truthy(value) => validate_phone(&cstr(value))?,
            "" | "Phone" => {}
            other => {
                if truthy(value) {
                    return Err(not_emulated(format!("Data fields with the option {other:?}")));
                }
            }
        }
    }
    Ok(())
}

/// `_validate_selects()`: non-empty values are stripped, then must be one of the options.
fn validate_selects(meta: &DocType, doc: &mut Document) -> Result<(), Failure> {
    let selects: Vec<DocField> = meta
        .data_fields()
        .filter(|f| f.fieldtype == FieldType::Select && !f.options.is_empty())
        .cloned()
        .collect();
    for field in selects {
        let value = doc.get(&field.fieldname);
        if !truthy(value) {
            continue;
        }
        let stripped = strip(&cstr(value)).to_string();
        doc.set(&field.fieldname, Value::from(stripped.clone()));
        let options = field.select_options();
        if !options.contains(&stripped.as_str()) {
            let prefix = if doc.contains("parentfield") && meta.istable {
                format!("Row #{}:", cstr(doc.get("idx")))
            } else {
                String::new()
            };
            return Err(FrappeError::throw(
                VALIDATION_ERROR,
                format!(
                    "{prefix} {} cannot be \"{stripped}\". It should be one of \"{}\"",
                    field.label,
                    options.join("\", \"")
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// `get_valid_dict()` refuses a list for any field that is not a table (notes, section 2.1).
fn validate_lists(meta: &DocType, doc: &Document) -> Result<(), Failure> {
    for field in meta.data_fields() {
        if doc.get(&field.fieldname).is_array() {
            return Err(
                FrappeError::throw(VALIDATION_ERROR, format!("Value for {} cannot be a list", field.label)).into(),
            );
        }
    }
    Ok(())
}

/// `_validate_length()`: varchar values longer than the column, ints beyond `int(11)`.
fn validate_length(meta: &DocType, doc: &Document) -> Result<(), Failure> {
    for field in meta.data_fields().filter(|f| f.fieldtype != FieldType::Check) {
        let value = super::document::sanitised_value(meta, &field.fieldname, doc.get(&field.fieldname));
        let (limit, too_long) = match field.fieldtype.column() {
            Column::Varchar => {
                let limit = field.varchar_length();
                (limit as i64, cstr(&value).chars().count() > limit)
            }
            Column::Int => (
                INT_COLUMN_MAX,
                cint(&value).unsigned_abs() > INT_COLUMN_MAX.unsigned_abs(),
            ),
            _ => continue,
        };
        if too_long {
            let reference = if meta.istable {
                format!("{}, Row {}", meta.name, cstr(doc.get("idx")))
            } else {
                format!("{} {}", meta.name, doc.name())
            };
            return Err(FrappeError::throw_with_title(
                CHARACTER_LENGTH_EXCEEDED_ERROR,
                format!(
                    "{reference}: '<strong>{}</strong>' ({}) will get truncated, as max characters allowed is {limit}",
                    field.label,
                    cstr(&value)
                ),
                Some("Value too big"),
            )
            .into());
        }
    }
    Ok(())
}

/// `_sanitize_content()`: values that look like HTML go through bleach, which is not
/// emulated; fields Frappe exempts are left alone.
fn sanitize_content(meta: &DocType, doc: &Document) -> Result<(), Failure> {
    for column in meta.valid_columns() {
        let Value::String(text) = doc.get(column) else {
            continue;
        };
        let exempt = meta.data_fields().find(|f| f.fieldname == column).is_some_and(|f| {
            matches!(
                f.fieldtype,
                FieldType::Attach | FieldType::AttachImage | FieldType::Code
            ) || (matches!(f.fieldtype, FieldType::Data | FieldType::SmallText | FieldType::Text)
                && f.options == "Email")
        });
        if !exempt && sanitiser_would_change(text) {
            return Err(not_emulated(format!(
                "HTML sanitising of the value of `{column}` (it contains markup)"
            )));
        }
    }
    Ok(())
}

/// `_save_passwords()`: a non-dummy value goes to `__Auth` and the field keeps asterisks; an
/// empty one removes the entry; a "dummy" (all asterisks) changes only the column.
pub(crate) fn save_passwords(
    meta: &DocType,
    doc: &mut Document,
    own_password_fields: &[&str],
) -> Result<Vec<(String, SecretChange)>, Failure> {
    let fields: Vec<String> = meta
        .data_fields()
        .filter(|f| f.fieldtype == FieldType::Password && !own_password_fields.contains(&f.fieldname.as_str()))
        .map(|f| f.fieldname.clone())
        .collect();
    let mut changes = Vec::new();
    for fieldname in fields {
        let value = doc.get(&fieldname).clone();
        if !truthy(&value) {
            changes.push((fieldname, SecretChange::Remove));
            continue;
        }
        let Value::String(secret) = value else {
            return Err(
                FrappeError::raise(TYPE_ERROR, format!("'{}' object is not iterable", type_name(&value))).into(),
            );
        };
        if secret.chars().all(|c| c == '*') {
            changes.push((fieldname, SecretChange::Keep));
            continue;
        }
        doc.set(&fieldname, Value::from("*".repeat(secret.chars().count())));
        changes.push((fieldname, SecretChange::Set(secret)));
    }
    Ok(changes)
}

/// `validate_set_only_once()`: a plain `!=` against the stored value.
fn validate_set_only_once(meta: &DocType, doc: &Document, previous: &Document) -> Result<(), Failure> {
    for field in meta.value_fields().filter(|f| f.set_only_once) {
        if !py_eq(doc.get(&field.fieldname), previous.get(&field.fieldname)) {
            return Err(FrappeError::throw(
                CANNOT_CHANGE_CONSTANT_ERROR,
                format!("Value cannot be changed for <strong>{}</strong>", field.label),
            )
            .into());
        }
    }
    Ok(())
}

/// `frappe.utils.strip_html`: removes anything between `<` and `>`.
pub(crate) fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        match rest[start..].find('>') {
            Some(end) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + end + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Whether `_sanitize_content` would pass the value through bleach: it contains `<` or `>`,
/// is not JSON, and has what an HTML parser reads as a start tag.
fn sanitiser_would_change(text: &str) -> bool {
    if !text.contains(['<', '>']) {
        return false;
    }
    if serde_json::from_str::<Value>(text).is_ok() {
        return false;
    }
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(index, byte)| {
        *byte == b'<' && bytes.get(index + 1).is_some_and(u8::is_ascii_alphabetic) && bytes[index + 1..].contains(&b'>')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitiser_detection() {
        assert!(!sanitiser_would_change("https://example.com/a?b=c"));
        assert!(!sanitiser_would_change("a < b"));
        assert!(!sanitiser_would_change("x>y"));
        assert!(sanitiser_would_change("<b>bold</b>"));
        assert!(!sanitiser_would_change("{\"a\": \"<b>\"}"));
    }

    #[test]
    fn strip_html_removes_tags() {
        assert_eq!(strip_html("<b></b>"), "");
        assert_eq!(strip_html("a<i>b</i>c"), "abc");
        assert_eq!(strip_html("a<b"), "a<b");
    }
}
