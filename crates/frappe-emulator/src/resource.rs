//! The `/api/resource/Social Login Key` endpoints (`frappe/api/v1.py`, v14 `frappe/api.py`).
//!
//! Each function is one endpoint, independent of HTTP, so the desk helpers of
//! [`super::Emulator`] run exactly the same rules as the API.

use serde_json::{Map, Value};

use super::auth::{ADMINISTRATOR, SYSTEM_MANAGER};
use super::doctype::DOCTYPE;
use super::document::{
    apply_body, as_dict, check_create_body, insufficient_permission, not_a_mapping, not_found, BodyPurpose, Lifecycle,
};
use super::errors::{
    not_emulated, Failure, FrappeError, DOES_NOT_EXIST_ERROR, KEY_ERROR, PERMISSION_ERROR, TYPE_ERROR,
};
use super::list_query::{self, json_decode_error, ListRequest};
use super::python::{sbool, truthy, type_name};
use super::site::{Site, SiteState};
use super::store::row_name;
use super::FrappeVersion;

/// A successful answer: status and the JSON object to send.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Value,
}

impl Answer {
    fn data(status: u16, data: Value) -> Answer {
        let mut body = Map::new();
        body.insert("data".into(), data);
        Answer {
            status,
            body: Value::Object(body),
        }
    }
}

/// Who is calling, on which site.
pub(crate) struct Caller<'a> {
    pub(crate) site: &'a Site,
    pub(crate) state: &'a mut SiteState,
    pub(crate) user: &'a str,
}

impl Caller<'_> {
    fn version(&self) -> FrappeVersion {
        self.site.version
    }

    fn is_system_manager(&self) -> bool {
        self.state.users.has_role(self.user, SYSTEM_MANAGER)
    }

    fn lifecycle(&mut self) -> Lifecycle<'_> {
        let SiteState { users, store, .. } = &mut *self.state;
        Lifecycle {
            meta: &self.site.meta,
            store,
            users,
            user: self.user,
        }
    }

    /// A DoesNotExistError that carries a doctype: v15's `handle_does_not_exist_error`
    /// reports it as 403 to callers who may not read that doctype.
    fn missing(&self, error: FrappeError, doctype: &str) -> Failure {
        if self.version() != FrappeVersion::V14 && !self.is_system_manager() {
            no_permission(doctype, true).into()
        } else {
            error.into()
        }
    }

    /// `frappe.get_meta(doctype)` for the doctype in the URL.
    fn check_doctype(&self, doctype: &str) -> Result<(), Failure> {
        if doctype == DOCTYPE {
            return Ok(());
        }
        if doctype.to_lowercase() == DOCTYPE.to_lowercase() {
            return Err(not_emulated(format!("the DocType spelled {doctype:?}")));
        }
        let error = FrappeError::throw(DOES_NOT_EXIST_ERROR, format!("DocType {doctype} not found"));
        Err(self.missing(error, "DocType"))
    }

    fn respond_with(&self, doc: &super::document::Document) -> Value {
        // v15 serialises the Document (nulls dropped); v14 returned `doc.as_dict()`.
        Value::Object(as_dict(&self.site.meta, doc, self.version() != FrappeVersion::V14))
    }
}

/// `frappe.has_permission(doctype, throw=True)` failing.
fn no_permission(doctype: &str, disable_traceback: bool) -> FrappeError {
    let mut error = FrappeError::bare(PERMISSION_ERROR).with_error_message(format!("No permission for {doctype}"));
    error.disable_traceback = disable_traceback;
    error
}

/// `get_request_form_data()`: the `data` form field, else the raw body, parsed as JSON;
/// the whole form dict when that fails.
pub(crate) fn request_document(form: &Map<String, Value>, raw_body: &[u8]) -> Result<Value, Failure> {
    let data = match form.get("data") {
        Some(value) if !value.is_null() => value.clone(),
        _ => match std::str::from_utf8(raw_body) {
            Ok(text) => Value::from(text),
            Err(_) => return Ok(Value::Object(form.clone())),
        },
    };
    let Value::String(text) = data else {
        return Ok(data);
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => Ok(value),
        Err(_) if text.contains("NaN") || text.contains("Infinity") => {
            Err(not_emulated("JSON with NaN/Infinity (Python's json accepts it)"))
        }
        Err(_) => Ok(Value::Object(form.clone())),
    }
}

/// GET `/api/resource/{doctype}`.
pub(crate) fn list(caller: &mut Caller, doctype: &str, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let version = caller.version();
    let mut form = form.clone();
    let mut fields = Value::Null;
    if let Some(raw) = form.get("fields").filter(|v| truthy(v)) {
        let Value::String(text) = raw else {
            return Err(FrappeError::raise(
                TYPE_ERROR,
                format!(
                    "the JSON object must be str, bytes or bytearray, not {}",
                    type_name(raw)
                ),
            )
            .into());
        };
        fields = serde_json::from_str(text).map_err(|e| Failure::from(json_decode_error(text, &e)))?;
    }
    if !form.contains_key("limit_page_length") {
        let limit = match version {
            FrappeVersion::V15 | FrappeVersion::Develop => form
                .get("limit")
                .filter(|v| truthy(v))
                .cloned()
                .unwrap_or(Value::from(20)),
            FrappeVersion::V14 => Value::from(20),
        };
        form.insert("limit_page_length".into(), limit);
    }
    if form.contains_key("doctype") {
        return Err(FrappeError::raise(TYPE_ERROR, "get_list() got multiple values for argument 'doctype'").into());
    }
    for unsupported in ["group_by", "or_filters", "debug"] {
        if form.get(unsupported).is_some_and(|v| truthy(&sbool(v))) {
            return Err(not_emulated(format!("the list parameter `{unsupported}`")));
        }
    }
    let as_list = match form.get("as_dict").map(sbool) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(as_dict)) => !as_dict,
        Some(other) => return Err(not_emulated(format!("as_dict = {other}"))),
    };
    caller.check_doctype(doctype)?;
    if !caller.is_system_manager() {
        return Err(no_permission(DOCTYPE, false).into());
    }
    let order_by = match form.get("order_by") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.is_empty() => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(other) => return Err(not_emulated(format!("order_by = {other}"))),
    };
    let request = ListRequest {
        fields,
        filters: form.get("filters").cloned().unwrap_or(Value::Null),
        order_by,
        limit_start: form.get("limit_start").cloned().unwrap_or(Value::Null),
        limit_page_length: form.get("limit_page_length").cloned().unwrap_or(Value::Null),
        as_list,
    };
    let rows = caller.state.store.rows();
    let data = list_query::run(&caller.site.meta, &rows, &request)?;
    Ok(Answer::data(200, data))
}

/// POST `/api/resource/{doctype}`.
pub(crate) fn create(caller: &mut Caller, doctype: &str, document: Value) -> Result<Answer, Failure> {
    let version = caller.version();
    let mut body = match document {
        Value::Object(map) => map,
        Value::Array(_) if version != FrappeVersion::V14 => {
            return Err(FrappeError::raise(TYPE_ERROR, "pop expected at most 1 argument, got 2").into())
        }
        other => {
            let attribute = if version != FrappeVersion::V14 { "pop" } else { "update" };
            return Err(not_a_mapping(&other, attribute));
        }
    };
    body.shift_remove("doctype");
    check_create_body(&body)?;
    caller.check_doctype(doctype)?;
    let meta = caller.site.meta.clone();
    let mut lifecycle = caller.lifecycle();
    let mut doc = lifecycle.new_document();
    apply_body(&meta, &mut doc, &body, BodyPurpose::Create)?;
    let (doc, plan) = lifecycle.insert(doc)?;
    caller.state.store.apply(plan);
    Ok(Answer::data(200, caller.respond_with(&doc)))
}

/// GET `/api/resource/{doctype}/{name}`.
pub(crate) fn read(
    caller: &mut Caller,
    doctype: &str,
    name: &str,
    form: &Map<String, Value>,
) -> Result<Answer, Failure> {
    if form.contains_key("run_method") {
        return Err(not_emulated("run_method (whitelisted document methods)"));
    }
    caller.check_doctype(doctype)?;
    let Some(row) = caller.state.store.find(name).cloned() else {
        return Err(caller.missing(not_found(name), DOCTYPE));
    };
    if !caller.is_system_manager() {
        return Err(match caller.version() {
            FrappeVersion::V15 | FrappeVersion::Develop => insufficient_permission().into(),
            FrappeVersion::V14 => FrappeError::bare(PERMISSION_ERROR).into(),
        });
    }
    let doc = caller.lifecycle().load(&row);
    let expand_links = form.get("expand_links").is_some_and(|v| truthy(&sbool(v)));
    let no_nulls = !(expand_links && caller.version() != FrappeVersion::V14);
    Ok(Answer::data(
        200,
        Value::Object(as_dict(&caller.site.meta, &doc, no_nulls)),
    ))
}

/// PUT `/api/resource/{doctype}/{name}`.
pub(crate) fn update(caller: &mut Caller, doctype: &str, name: &str, document: Value) -> Result<Answer, Failure> {
    caller.check_doctype(doctype)?;
    let Some(row) = caller.state.store.find(name).cloned() else {
        return Err(caller.missing(not_found(name), DOCTYPE));
    };
    let mut body = match document {
        Value::Object(map) => map,
        Value::Array(_) | Value::String(_) => return Err(not_a_mapping(&document, "items")),
        other => {
            return Err(FrappeError::raise(
                TYPE_ERROR,
                format!("argument of type '{}' is not iterable", type_name(&other)),
            )
            .into())
        }
    };
    body.shift_remove("flags");
    let meta = caller.site.meta.clone();
    let mut lifecycle = caller.lifecycle();
    let mut doc = lifecycle.load(&row);
    apply_body(&meta, &mut doc, &body, BodyPurpose::Update)?;
    let (doc, plan) = lifecycle.save(doc)?;
    caller.state.store.apply(plan);
    Ok(Answer::data(200, caller.respond_with(&doc)))
}

/// DELETE `/api/resource/{doctype}/{name}`.
pub(crate) fn delete(caller: &mut Caller, doctype: &str, name: &str) -> Result<Answer, Failure> {
    caller.check_doctype(doctype)?;
    let Some(row) = caller.state.store.find(name) else {
        // `delete_doc` raises a bare DoesNotExistError: no message, no traceback (404).
        return Err(caller.missing(FrappeError::bare(DOES_NOT_EXIST_ERROR), DOCTYPE));
    };
    let canonical = row_name(row).to_string();
    if caller.user != ADMINISTRATOR && !caller.is_system_manager() {
        return Err(FrappeError::throw(
            PERMISSION_ERROR,
            format!("User not allowed to delete {DOCTYPE}: {canonical}"),
        )
        .into());
    }
    caller.state.store.delete(&canonical);
    let mut body = Map::new();
    match caller.version() {
        FrappeVersion::V15 | FrappeVersion::Develop => body.insert("data".into(), Value::from("ok")),
        FrappeVersion::V14 => body.insert("message".into(), Value::from("ok")),
    };
    Ok(Answer {
        status: 202,
        body: Value::Object(body),
    })
}

/// POST `/api/resource/{doctype}/{name}`: v15's `execute_doc_method`.
pub(crate) fn execute_doc_method(form: &Map<String, Value>) -> Result<Answer, Failure> {
    if form.contains_key("run_method") {
        return Err(not_emulated("run_method (whitelisted document methods)"));
    }
    // `frappe.form_dict.pop("run_method")` without a default.
    Err(FrappeError::raise(KEY_ERROR, "'run_method'").into())
}
