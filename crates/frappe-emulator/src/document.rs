//! Frappe's `Document` lifecycle for one DocType: `new_doc`, `update`, `insert`, `save`.
//!
//! The order of every step follows `frappe/model/document.py`: a request that breaks two
//! rules gets the error of whichever check Frappe runs first. Nothing is written until every
//! check passed; the caller applies the returned [`WritePlan`].

use serde_json::{Map, Value};

use super::auth::{Users, ADMINISTRATOR, SYSTEM_MANAGER};
use super::clock::{self, Timestamp};
use super::controller;
use super::doctype::{DocTypeMeta, FieldType, DOCTYPE, OPTIONAL_FIELDS, VARCHAR_LENGTH};
use super::errors::{
    not_emulated, random_hash, Failure, FrappeError, ServerMessage, ATTRIBUTE_ERROR, CANNOT_CHANGE_CONSTANT_ERROR,
    CHARACTER_LENGTH_EXCEEDED_ERROR, DOCSTATUS_TRANSITION_ERROR, DOES_NOT_EXIST_ERROR, DUPLICATE_ENTRY_ERROR,
    MANDATORY_ERROR, NAME_ERROR, PERMISSION_ERROR, TIMESTAMP_MISMATCH_ERROR, TYPE_ERROR, VALIDATION_ERROR, VALUE_ERROR,
};
use super::python::{cint, cstr, py_eq, strip, truthy, type_name};
use super::store::{Row, SecretChange, Store, WritePlan};

/// An in-memory document: request values as Python would hold them, keyed like `__dict__`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Document {
    values: Map<String, Value>,
}

const NULL: Value = Value::Null;

impl Document {
    pub(crate) fn get(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&NULL)
    }

    pub(crate) fn set(&mut self, key: &str, value: Value) {
        self.values.insert(key.to_string(), value);
    }

    fn remove(&mut self, key: &str) {
        self.values.shift_remove(key);
    }
}

/// `BaseDocument._reserved_keywords`: `set()` silently ignores these keys.
const RESERVED_KEYWORDS: [&str; 11] = [
    "doctype",
    "meta",
    "flags",
    "parent_doc",
    "_table_fields",
    "_valid_columns",
    "_doc_before_save",
    "_table_fieldnames",
    "_reserved_keywords",
    "permitted_fieldnames",
    "dont_update_if_missing",
];

/// Document attributes a request key would overwrite (`doc.update()` uses `__dict__`), which
/// breaks Frappe in ways not modelled here.
const SHADOWED_ATTRIBUTES: [&str; 48] = [
    "get",
    "set",
    "update",
    "insert",
    "save",
    "delete",
    "validate",
    "autoname",
    "set_icon",
    "get_social_login_provider",
    "is_new",
    "run_method",
    "run_trigger",
    "as_dict",
    "as_json",
    "get_valid_dict",
    "db_insert",
    "db_update",
    "db_set",
    "reload",
    "load_from_db",
    "check_permission",
    "has_permission",
    "append",
    "extend",
    "remove",
    "get_password",
    "is_dummy_password",
    "set_new_name",
    "set_user_and_timestamp",
    "set_docstatus",
    "check_if_latest",
    "get_doc_before_save",
    "has_value_changed",
    "get_title",
    "precision",
    "get_value",
    "submit",
    "cancel",
    "rename",
    "update_if_missing",
    "init_valid_columns",
    "get_valid_columns",
    "get_all_children",
    "notify_update",
    "add_comment",
    "lock",
    "is_locked",
];

/// Which API call applies a request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyPurpose {
    Create,
    Update,
}

/// Everything a lifecycle step may consult.
pub(crate) struct Lifecycle<'a> {
    pub(crate) meta: &'a DocTypeMeta,
    pub(crate) store: &'a mut Store,
    pub(crate) users: &'a Users,
    pub(crate) user: &'a str,
}

/// `frappe.throw`-free permission failure of `Document.check_permission`.
pub(crate) fn insufficient_permission() -> FrappeError {
    FrappeError::bare(PERMISSION_ERROR).with_error_message(format!("Insufficient Permission for {DOCTYPE}"))
}

/// The "not found" error `frappe.get_doc` throws.
pub(crate) fn not_found(name: &str) -> FrappeError {
    FrappeError::throw(DOES_NOT_EXIST_ERROR, format!("{DOCTYPE} {name} not found"))
}

impl Lifecycle<'_> {
    /// `frappe.new_doc(doctype)` before any request value is applied.
    pub(crate) fn new_document(&self) -> Document {
        let mut doc = Document::default();
        for column in self.meta.valid_columns() {
            doc.set(column, Value::Null);
        }
        doc.set("owner", Value::from(self.user));
        doc.set("docstatus", Value::from(0));
        doc.set("idx", Value::from(0));
        for field in self.meta.fields() {
            if let Some(default) = self.meta.new_doc_default(field) {
                doc.set(field.fieldname, default);
            }
        }
        doc.set("__islocal", Value::from(1));
        doc.set("__unsaved", Value::from(1));
        doc
    }

    /// `frappe.get_doc(doctype, name)` for a stored row.
    pub(crate) fn load(&self, row: &Row) -> Document {
        load(row)
    }

    /// `Document.insert()`.
    pub(crate) fn insert(&mut self, mut doc: Document) -> Result<(Document, WritePlan), Failure> {
        doc.set("__islocal", Value::from(1));
        self.set_missing_defaults(&mut doc);
        let now = self.store.now();
        doc.set("modified", Value::from(now.fresh()));
        doc.set("modified_by", Value::from(self.user));
        doc.set("creation", Value::from(now.fresh()));
        doc.set("owner", Value::from(self.user));
        self.check_docstatus(&mut doc)?;
        if !self.users.has_role(self.user, SYSTEM_MANAGER) {
            return Err(insufficient_permission().into());
        }
        let name = self.new_name(&doc)?;
        doc.set("name", Value::from(name.clone()));
        controller::validate(&mut doc, self.meta.version)?;
        let secret = self.validate_fields(&mut doc)?;
        for optional in OPTIONAL_FIELDS {
            doc.set(optional, Value::Null);
        }
        if self.store.find(&name).is_some() {
            let notice = ServerMessage {
                message: format!("{DOCTYPE} <strong>{name}</strong> already exists"),
                title: Some("Duplicate Name".to_string()),
                indicator: Some("red"),
                raised: false,
            };
            let text = format!(
                "('{DOCTYPE}', '{name}', IntegrityError(1062, \"Duplicate entry '{name}' for key 'PRIMARY'\"))"
            );
            return Err(FrappeError::raise(DUPLICATE_ENTRY_ERROR, text)
                .after_messages(vec![notice])
                .into());
        }
        let row = self.row_of(&doc, &name)?;
        doc.remove("__islocal");
        doc.remove("__unsaved");
        Ok((
            doc,
            WritePlan {
                replaces: None,
                row,
                secret_field: "client_secret",
                secret,
            },
        ))
    }

    /// `Document.save()` of a loaded document that a request has updated.
    pub(crate) fn save(&mut self, mut doc: Document) -> Result<(Document, WritePlan), Failure> {
        if truthy(doc.get("__islocal")) || !truthy(doc.get("name")) {
            return self.insert(doc);
        }
        if !self.users.has_role(self.user, SYSTEM_MANAGER) {
            return Err(insufficient_permission().into());
        }
        let original_modified = cstr(doc.get("modified"));
        let now: Timestamp = self.store.now();
        doc.set("modified", Value::from(now.fresh()));
        doc.set("modified_by", Value::from(self.user));
        docstatus_number(&doc)?;
        // check_if_latest: the document named by the in-memory `name` (a body may change it).
        let name = cstr(doc.get("name"));
        let Some(previous_row) = self.store.find(&name).cloned() else {
            return Err(not_found(&name).into());
        };
        let previous = self.load(&previous_row);
        let previous_modified = cstr(previous.get("modified"));
        if previous_modified != original_modified {
            return Err(FrappeError::throw(
                TIMESTAMP_MISMATCH_ERROR,
                format!(
                    "Error: Document has been modified after you have opened it ({previous_modified}, {}). Please refresh to get the latest document.",
                    now.fresh()
                ),
            )
            .into());
        }
        self.check_docstatus(&mut doc)?;
        controller::validate(&mut doc, self.meta.version)?;
        let secret = self.validate_fields(&mut doc)?;
        for field in self.meta.fields().iter().filter(|f| f.set_only_once) {
            if !py_eq(doc.get(field.fieldname), previous.get(field.fieldname)) {
                return Err(FrappeError::throw(
                    CANNOT_CHANGE_CONSTANT_ERROR,
                    format!("Value cannot be changed for <strong>{}</strong>", field.label),
                )
                .into());
            }
        }
        let canonical = super::store::row_name(&previous_row).to_string();
        let row = self.row_of(&doc, &canonical)?;
        doc.remove("__unsaved");
        Ok((
            doc,
            WritePlan {
                replaces: Some(canonical),
                row,
                secret_field: "client_secret",
                secret,
            },
        ))
    }

    /// `_set_defaults()`: `update_if_missing(frappe.new_doc(...))`.
    fn set_missing_defaults(&self, doc: &mut Document) {
        let template = self.new_document();
        for (key, value) in &template.values {
            if !value.is_null() && doc.get(key).is_null() {
                doc.set(key, value.clone());
            }
        }
    }

    /// `set_docstatus()` and `check_docstatus_transition()` for a draft-only DocType.
    fn check_docstatus(&self, doc: &mut Document) -> Result<(), Failure> {
        match docstatus_number(doc)? {
            0 => {
                doc.set("docstatus", Value::from(0));
                Ok(())
            }
            1 if self.user == ADMINISTRATOR => Err(not_emulated(
                "docstatus 1 (Administrator submitting a non-submittable document)",
            )),
            1 => Err(insufficient_permission().into()),
            _ => Err(FrappeError::raise(
                DOCSTATUS_TRANSITION_ERROR,
                "Cannot change docstatus from 0 (Draft) to 2 (Cancelled)",
            )
            .into()),
        }
    }

    /// `Document.set_new_name()` and `naming.validate_name()`.
    fn new_name(&self, doc: &Document) -> Result<String, Failure> {
        let newname = doc.get("__newname");
        let candidate = if truthy(newname) {
            match newname {
                Value::String(s) => s.clone(),
                _ => return Err(not_emulated("a non-string __newname")),
            }
        } else {
            let scrubbed = controller::autoname(doc);
            if scrubbed.is_empty() {
                random_hash(10)
            } else {
                scrubbed
            }
        };
        if candidate.starts_with(&format!("New {DOCTYPE}")) {
            return Err(FrappeError::throw(
                NAME_ERROR,
                "There were some errors setting the name, please contact the administrator",
            )
            .into());
        }
        let name = strip(&candidate).to_string();
        if name == DOCTYPE {
            return Err(FrappeError::throw(NAME_ERROR, format!("Name of {DOCTYPE} cannot be {DOCTYPE}")).into());
        }
        if name.contains(['<', '>']) {
            return Err(FrappeError::throw(NAME_ERROR, "Name cannot contain special characters like '<', '>'").into());
        }
        Ok(name)
    }

    /// The generic checks of `Document._validate()` that apply to this DocType, in order.
    /// Returns what `_save_passwords` will do to the `__Auth` entry.
    fn validate_fields(&self, doc: &mut Document) -> Result<SecretChange, Failure> {
        let name = cstr(doc.get("name"));
        // _validate_mandatory
        let mut missing = Vec::new();
        for field in self.meta.fields().iter().filter(|f| f.reqd) {
            let value = doc.get(field.fieldname);
            if value.is_null() || strip(&strip_html(&cstr(value))).is_empty() {
                missing.push(field);
            }
        }
        if !missing.is_empty() {
            let notices = missing
                .iter()
                .map(|f| ServerMessage::plain(format!("Error: Value missing for {DOCTYPE}: {}", f.label)))
                .collect();
            let fields: Vec<&str> = missing.iter().map(|f| f.fieldname).collect();
            return Err(
                FrappeError::raise(MANDATORY_ERROR, format!("[{DOCTYPE}, {name}]: {}", fields.join(", ")))
                    .after_messages(notices)
                    .into(),
            );
        }
        // _validate_selects
        for field in self.meta.fields() {
            if field.fieldtype != FieldType::Select || !truthy(doc.get(field.fieldname)) {
                continue;
            }
            let value = strip(&cstr(doc.get(field.fieldname))).to_string();
            doc.set(field.fieldname, Value::from(value.clone()));
            let options = field.select_options();
            if !options.contains(&value.as_str()) {
                return Err(FrappeError::throw(
                    VALIDATION_ERROR,
                    format!(
                        " {} cannot be \"{}\". It should be one of \"{}\"",
                        field.label,
                        value,
                        options.join("\", \"")
                    ),
                )
                .into());
            }
        }
        // _validate_length
        for field in self.meta.fields().iter().filter(|f| f.fieldtype.is_varchar()) {
            let value = cstr(doc.get(field.fieldname));
            if value.chars().count() > VARCHAR_LENGTH {
                return Err(FrappeError::throw_with_title(
                    CHARACTER_LENGTH_EXCEEDED_ERROR,
                    format!(
                        "{DOCTYPE} {name}: '{}' ({value}) will get truncated, as max characters allowed is {VARCHAR_LENGTH}",
                        field.label
                    ),
                    Some("Value too big"),
                )
                .into());
            }
        }
        // _sanitize_content
        for column in self.meta.valid_columns() {
            let Value::String(text) = doc.get(column) else {
                continue;
            };
            let is_code = self.meta.field(column).is_some_and(|f| f.fieldtype == FieldType::Code);
            if !is_code && sanitiser_would_change(text) {
                return Err(not_emulated(format!(
                    "HTML sanitising of the value of `{column}` (it contains markup)"
                )));
            }
        }
        // _save_passwords
        let password = doc.get("client_secret").clone();
        if !truthy(&password) {
            return Ok(SecretChange::Remove);
        }
        let Value::String(secret) = password else {
            return Err(
                FrappeError::raise(TYPE_ERROR, format!("'{}' object is not iterable", type_name(&password))).into(),
            );
        };
        if secret.chars().all(|c| c == '*') {
            // A "dummy" password: the column takes the asterisks, the secret stays.
            return Ok(SecretChange::Keep);
        }
        doc.set("client_secret", Value::from("*".repeat(secret.chars().count())));
        Ok(SecretChange::Set(secret))
    }

    /// The table row `db_insert`/`db_update` would write for the document.
    fn row_of(&self, doc: &Document, name: &str) -> Result<Row, Failure> {
        let mut row = Row::new();
        for column in self.meta.valid_columns() {
            let value = doc.get(column);
            let stored = match column {
                "name" => Value::from(name),
                "creation" | "modified" => {
                    let text = cstr(value);
                    match Timestamp::parse(&text) {
                        Some(timestamp) => Value::from(timestamp.fresh()),
                        None => return Err(not_emulated(format!("storing {column} = {value}"))),
                    }
                }
                "docstatus" => Value::from(0),
                "idx" | "owner" | "modified_by" => value.clone(),
                _ => match self.meta.field(column).map(|f| f.fieldtype) {
                    Some(FieldType::Check) => Value::from(i64::from(cint(value) != 0)),
                    _ => match value {
                        Value::Bool(b) => Value::from(if *b { "1" } else { "0" }),
                        Value::Number(_) => Value::from(cstr(value)),
                        other => other.clone(),
                    },
                },
            };
            row.insert(column.to_string(), stored);
        }
        Ok(row)
    }
}

/// A stored row as `frappe.get_doc` loads it: datetimes read back as `str(datetime)`.
pub(crate) fn load(row: &Row) -> Document {
    let mut doc = Document::default();
    for (column, value) in row {
        let value = match (column.as_str(), value) {
            ("creation" | "modified", Value::String(stored)) => Value::from(clock::read_back(stored)),
            _ => value.clone(),
        };
        doc.set(column, value);
    }
    doc
}

/// The `DocStatus(cint(value))` a document's `docstatus` property evaluates to.
fn docstatus_number(doc: &Document) -> Result<i64, Failure> {
    let number = cint(doc.get("docstatus"));
    if (0..=2).contains(&number) {
        Ok(number)
    } else {
        Err(FrappeError::raise(VALUE_ERROR, format!("{number} is not a valid DocStatus")).into())
    }
}

/// `frappe.utils.strip_html`: removes anything between `<` and `>`.
fn strip_html(text: &str) -> String {
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

/// `doc.update(body)`, refusing what this emulator cannot follow.
pub(crate) fn apply_body(
    meta: &DocTypeMeta,
    doc: &mut Document,
    body: &Map<String, Value>,
    purpose: BodyPurpose,
) -> Result<(), Failure> {
    for (key, value) in body {
        let key = key.as_str();
        if RESERVED_KEYWORDS.contains(&key) {
            continue;
        }
        if SHADOWED_ATTRIBUTES.contains(&key) {
            return Err(not_emulated(format!(
                "a body key `{key}` (it would overwrite Document.{key})"
            )));
        }
        if matches!(key, "parent" | "parentfield" | "parenttype") && truthy(value) {
            return Err(not_emulated(format!("a body key `{key}` (child-table handling)")));
        }
        if key == "__newname" && !matches!(value, Value::String(_) | Value::Null | Value::Bool(false)) {
            return Err(not_emulated("a non-string __newname"));
        }
        if !meta.is_valid_column(key) {
            continue;
        }
        if matches!(value, Value::Array(_) | Value::Object(_)) {
            return Err(not_emulated(format!("a list or object value for `{key}`")));
        }
        let is_float = matches!(value, Value::Number(n) if n.is_f64());
        let field_type = meta.field(key).map(|f| f.fieldtype);
        if is_float && field_type.is_some_and(|t| t != FieldType::Check) {
            return Err(not_emulated(format!("a float value for `{key}`")));
        }
        match (key, purpose) {
            ("idx", _) if !value.is_i64() => {
                return Err(not_emulated(format!("idx = {value}")));
            }
            ("name", BodyPurpose::Update) if !value.is_string() && truthy(value) => {
                return Err(not_emulated(format!("a non-string name ({value})")));
            }
            ("owner", BodyPurpose::Update) if !(value.is_string() || value.is_null()) => {
                return Err(not_emulated(format!("owner = {value}")));
            }
            ("creation", BodyPurpose::Update) if value.as_str().is_none_or(|s| Timestamp::parse(s).is_none()) => {
                return Err(not_emulated(format!("creation = {value}")));
            }
            _ => {}
        }
    }
    if let Some(name) = body.get("name") {
        doc.set("name", name.clone());
    }
    for (key, value) in body {
        if !RESERVED_KEYWORDS.contains(&key.as_str()) {
            doc.set(key, value.clone());
        }
    }
    Ok(())
}

/// Rejects what `frappe.new_doc(doctype, **data)` would treat as its own parameters.
pub(crate) fn check_create_body(body: &Map<String, Value>) -> Result<(), Failure> {
    for key in ["parent_doc", "parentfield", "as_dict"] {
        if body.contains_key(key) {
            return Err(not_emulated(format!(
                "a create body key `{key}` (it is a parameter of frappe.new_doc)"
            )));
        }
    }
    Ok(())
}

/// `doc.as_dict(no_nulls=...)`, the shape every document response has.
pub(crate) fn as_dict(meta: &DocTypeMeta, doc: &Document, no_nulls: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for column in meta.valid_columns() {
        let mut value = doc.get(column).clone();
        if meta.field(column).is_some_and(|f| f.fieldtype == FieldType::Check) {
            value = Value::from(i64::from(cint(&value) != 0));
        }
        if no_nulls && value.is_null() {
            continue;
        }
        out.insert(column.to_string(), value);
    }
    out.insert("doctype".into(), Value::from(DOCTYPE));
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

/// The Python error raised when a request document is not a dict.
pub(crate) fn not_a_mapping(value: &Value, attribute: &str) -> Failure {
    FrappeError::raise(
        ATTRIBUTE_ERROR,
        format!("'{}' object has no attribute '{attribute}'", type_name(value)),
    )
    .into()
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
