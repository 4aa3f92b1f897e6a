//! The `/api/resource/{doctype}` endpoints (`frappe/api/v1.py`, v14 `frappe/api.py`) for any
//! modelled DocType.
//!
//! Each function is one endpoint, independent of HTTP, so the desk helpers of
//! [`super::Emulator`] run exactly the rules the API runs.

use serde_json::{Map, Value};

use super::body::{apply_body, check_create_body, not_a_mapping, BodyPurpose};
use super::context::{Answer, Context};
use super::document::{as_dict, load, load_single, Document};
use super::errors::{
    not_emulated, Failure, FrappeError, DOES_NOT_EXIST_ERROR, IMPORT_ERROR, KEY_ERROR, MODULE_NOT_FOUND_ERROR,
    PERMISSION_ERROR, TYPE_ERROR,
};
use super::lifecycle::{self, new_document, not_found};
use super::list_query::{self, json_decode_error, ListRequest};
use super::mariadb;
use super::meta::doctype_settings::{self, Setting};
use super::meta::{DocType, Rights};
use super::permissions::{
    apply_fieldlevel_read_permissions, check_document, check_list, role_rights, Action, ADMINISTRATOR,
};
use super::python::{sbool, truthy, type_name};
use super::store::row_name;
use super::version::CreateCall;

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

/// The document answer: v15+ serialise the Document (nulls dropped); v14 answered a create
/// with `doc.as_dict()` (nulls kept) and everything else without nulls (notes, section 1).
fn document_answer(ctx: &Context, meta: &DocType, doc: &Document, keep_nulls: bool) -> Value {
    Value::Object(as_dict(&ctx.schema(), meta, doc, !keep_nulls))
}

/// GET `/api/resource/{doctype}`.
pub(crate) fn list(ctx: &mut Context, doctype: &str, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let profile = ctx.profile();
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
        let limit = if profile.list_limit_alias {
            form.get("limit")
                .filter(|v| truthy(v))
                .cloned()
                .unwrap_or(Value::from(20))
        } else {
            Value::from(20)
        };
        form.insert("limit_page_length".into(), limit);
    }
    if form.contains_key("doctype") {
        return Err(FrappeError::raise(TYPE_ERROR, "get_list() got multiple values for argument 'doctype'").into());
    }
    for unsupported in ["group_by", "or_filters", "debug", "parent_doctype"] {
        if form.get(unsupported).is_some_and(|v| truthy(&sbool(v))) {
            return Err(not_emulated(format!("the list parameter `{unsupported}`")));
        }
    }
    let as_list = match form.get("as_dict").map(sbool) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(as_dict)) => !as_dict,
        Some(other) => return Err(not_emulated(format!("as_dict = {other}"))),
    };
    if doctype == "DocType" {
        return Err(super::desk_meta::list_doctypes(ctx, &fields, &form));
    }
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.istable {
        check_parent_permission(ctx, &meta, form.get("parent"))?;
    }
    // `frappe.client.get_list` validates the field names before `frappe.get_list` checks
    // permissions.
    list_query::validate_args(&meta, &fields, form.get("filters").unwrap_or(&Value::Null))?;
    // A child DocType's rows are read under its parent's permission (checked above).
    let shared_only = if meta.istable {
        None
    } else {
        check_list(ctx, &meta, &fields)?
    };
    if meta.issingle {
        // `frappe/database/database.py` `get_table_columns` finds no `tab<Single>` columns and
        // raises `TableMissingError("DocType", doctype)`, the driver's ProgrammingError (v14,
        // v15, develop; observed on v15.55.1 with MariaDB and PostgreSQL).
        let text = format!("('DocType', '{}')", meta.name);
        return Err(FrappeError::raise(ctx.site.database.programming_error(), text).into());
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
        star_extra_columns: if ctx.profile().list_star_selects_table_columns {
            let track_seen = doctype_settings::settings(ctx.site.version, meta.name)
                .iter()
                .any(|(key, value)| *key == "track_seen" && *value == Setting::Int(1));
            let mut columns: Vec<String> = list_query::table_only_columns(&meta, track_seen)
                .into_iter()
                .map(str::to_string)
                .collect();
            let orphans = ctx.state.store.orphan_columns(meta.name);
            columns.extend(orphans.iter().filter(|c| !meta.is_valid_column(c)).cloned());
            columns
        } else {
            Vec::new()
        },
    };
    let visible = super::controllers::controller_for(meta.name).list_condition(ctx);
    let rows: Vec<_> = ctx
        .state
        .store
        .rows(meta.name)
        .into_iter()
        .filter(|row| visible.as_ref().is_none_or(|keep| keep(row)))
        .filter(|row| {
            shared_only
                .as_ref()
                .is_none_or(|names| names.iter().any(|n| mariadb::text_eq(n, row_name(row))))
        })
        .collect();
    if let Ok(tuples) = list_query::filter_tuples(&meta, &request.filters) {
        let restricted = visible.is_some() || shared_only.is_some();
        ctx.site.database.check_filters(&meta, &tuples, restricted)?;
    }
    let data = list_query::run(&meta, &rows, &request)?;
    Ok(Answer::data(200, data))
}

/// `frappe/model/db_query.py` `check_parent_permission(parent, child_doctype)`, which
/// `frappe/client.py` `get_list` calls for a child DocType: the parent must be named, must hold
/// the child DocType in a Table field (DocField or Custom Field), and the user must have
/// permission on it (`frappe.permissions.has_permission(parent)`); any failure is a bare
/// PermissionError. Users who read the parent only through a controller rule or a share, and
/// the columns field-level permissions then leave (`get_permitted_fields`), are not emulated.
fn check_parent_permission(ctx: &Context, child: &DocType, parent: Option<&Value>) -> Result<(), Failure> {
    let parent = match parent {
        Some(Value::String(parent)) if !parent.is_empty() => parent,
        _ => return Err(FrappeError::bare(PERMISSION_ERROR).into()),
    };
    let Some(parent_meta) = ctx.meta(parent) else {
        return Err(FrappeError::bare(PERMISSION_ERROR).into());
    };
    if !parent_meta.table_fields().any(|f| f.options == child.name) {
        return Err(FrappeError::bare(PERMISSION_ERROR).into());
    }
    if ctx.user != ADMINISTRATOR && !role_rights(ctx, &parent_meta).contains(Rights::READ) {
        return Err(not_emulated(
            "listing a child DocType without role permission to read its parent",
        ));
    }
    Ok(())
}

/// POST `/api/resource/{doctype}`.
pub(crate) fn create(ctx: &mut Context, doctype: &str, document: Value) -> Result<Answer, Failure> {
    let profile = ctx.profile();
    let mut body = match document {
        Value::Object(map) => map,
        Value::Array(_) if profile.create_call == CreateCall::NewDoc => {
            return Err(FrappeError::raise(TYPE_ERROR, "pop expected at most 1 argument, got 2").into())
        }
        other => {
            let attribute = match profile.create_call {
                CreateCall::NewDoc => "pop",
                CreateCall::GetDoc => "update",
            };
            return Err(not_a_mapping(&other, attribute));
        }
    };
    body.shift_remove("doctype");
    check_create_body(&body)?;
    if doctype == "DocType" {
        return Err(super::desk_meta::create_doctype(ctx, &body));
    }
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.istable {
        return Err(not_emulated("creating a child row on its own"));
    }
    let mut doc = new_document(ctx, &meta);
    apply_body(&meta, &|d| ctx.meta(d), &mut doc, &body, BodyPurpose::Create)?;
    let doc = lifecycle::insert(ctx, &meta, doc)?;
    Ok(Answer::data(
        200,
        document_answer(ctx, &meta, &doc, profile.create_answer_keeps_nulls),
    ))
}

/// `frappe.get_doc(doctype, name)`: a Single answers to any name.
fn get_doc(ctx: &Context, meta: &DocType, name: &str) -> Result<Document, Failure> {
    let schema = ctx.schema();
    if meta.issingle {
        return Ok(load_single(&schema, meta, &ctx.state.store));
    }
    match ctx.state.store.find(meta.name, name) {
        Some(row) => Ok(load(&schema, meta, &ctx.state.store, row)),
        None => Err(not_found(meta.name, name).into()),
    }
}

/// `apply_fieldlevel_read_permissions()` as a document read calls it: v15+ always, v14 only
/// with System Settings `apply_perm_level_on_api_calls` (`Profile::read_permlevel_needs_setting`).
fn hide_unreadable_fields(ctx: &Context, meta: &DocType, doc: &mut Document) {
    if !ctx.profile().read_permlevel_needs_setting
        || ctx
            .state
            .single_flag("System Settings", "apply_perm_level_on_api_calls")
    {
        apply_fieldlevel_read_permissions(ctx, meta, doc);
    }
}

/// `frappe.client.get(doctype, name)` (`frappe/client.py`, v14, v15, develop): the document as
/// `as_dict()` gives it — nulls kept — after `check_permission()` and
/// `apply_fieldlevel_read_permissions()`. Without `name` it reads the Single; `filters` and
/// child DocTypes (`parent`) are not emulated.
pub(crate) fn client_get(ctx: &mut Context, form: &Map<String, Value>) -> Result<Answer, Failure> {
    if form.get("filters").is_some_and(truthy) || form.contains_key("parent") {
        return Err(not_emulated("frappe.client.get with filters or parent"));
    }
    let Some(doctype) = form.get("doctype") else {
        return Err(FrappeError::raise(TYPE_ERROR, "get() missing 1 required positional argument: 'doctype'").into());
    };
    let Value::String(doctype) = doctype else {
        return Err(not_emulated("frappe.client.get with a non-string doctype"));
    };
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.istable {
        return Err(not_emulated("frappe.client.get of a child DocType"));
    }
    let name = match form.get("name") {
        Some(Value::String(name)) if !name.is_empty() => name.clone(),
        None | Some(Value::Null) if meta.issingle => meta.name.to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(not_emulated("frappe.client.get of a non-Single without a name"))
        }
        Some(_) => return Err(not_emulated("frappe.client.get with a non-string name")),
    };
    let mut doc = get_doc(ctx, &meta, &name)?;
    check_document(ctx, &meta, &doc, Action::Read)?;
    hide_unreadable_fields(ctx, &meta, &mut doc);
    Ok(Answer::message(document_answer(ctx, &meta, &doc, true)))
}

/// GET `/api/resource/{doctype}/{name}`.
pub(crate) fn read(ctx: &mut Context, doctype: &str, name: &str, form: &Map<String, Value>) -> Result<Answer, Failure> {
    if form.contains_key("run_method") {
        return Err(not_emulated("run_method (whitelisted document methods)"));
    }
    if doctype == "DocType" {
        return super::desk_meta::read_doctype(ctx, name);
    }
    let meta = ctx
        .meta_or_not_found(doctype)
        .map_err(|failure| missing_controller(doctype, failure))?;
    if meta.istable {
        return Err(not_emulated("reading a child row on its own"));
    }
    let mut doc = get_doc(ctx, &meta, name)?;
    check_document(ctx, &meta, &doc, Action::Read)?;
    hide_unreadable_fields(ctx, &meta, &mut doc);
    let expand_links = form.get("expand_links").is_some_and(|v| truthy(&sbool(v)));
    let keep_nulls = expand_links && ctx.profile().read_expand_links;
    Ok(Answer::data(200, document_answer(ctx, &meta, &doc, keep_nulls)))
}

/// `frappe.get_doc(doctype, name)` of a DocType the site does not have: before it loads the
/// document it imports the controller of a `Core` DocType of that name and fails (500
/// ImportError, no message) — `frappe/model/base_document.py` `import_controller` (v14
/// `get_controller`) and `frappe/modules/utils.py` `load_doctype_module`, which raises
/// `ImportError("Module import failed for …\nError: …") from` Python's ModuleNotFoundError.
/// Other failures (a DocType the emulator does not model) pass through.
fn missing_controller(doctype: &str, failure: Failure) -> Failure {
    let Failure::Frappe(error) = &failure else {
        return failure;
    };
    if error.class != DOES_NOT_EXIST_ERROR {
        return failure;
    }
    // `frappe.scrub`; a name that does not become a plain module name imports otherwise.
    let module = doctype.replace([' ', '-'], "_").to_lowercase();
    if !module.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || module.is_empty() {
        return not_emulated(format!("the controller import of the unknown DocType {doctype:?}"));
    }
    let not_found = format!("No module named 'frappe.core.doctype.{module}'");
    FrappeError::raise(
        IMPORT_ERROR,
        format!(
            "Module import failed for {doctype}, the DocType you're trying to open might be deleted.\nError: {not_found}"
        ),
    )
    .caused_by(MODULE_NOT_FOUND_ERROR, not_found)
    .into()
}

/// PUT `/api/resource/{doctype}/{name}`.
pub(crate) fn update(ctx: &mut Context, doctype: &str, name: &str, document: Value) -> Result<Answer, Failure> {
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.istable {
        return Err(not_emulated("updating a child row on its own"));
    }
    let mut doc = get_doc(ctx, &meta, name)?;
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
    apply_body(&meta, &|d| ctx.meta(d), &mut doc, &body, BodyPurpose::Update)?;
    let doc = lifecycle::save(ctx, &meta, doc)?;
    Ok(Answer::data(200, document_answer(ctx, &meta, &doc, false)))
}

/// DELETE `/api/resource/{doctype}/{name}`.
pub(crate) fn delete(ctx: &mut Context, doctype: &str, name: &str) -> Result<Answer, Failure> {
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.istable {
        return Err(not_emulated("deleting a child row on its own"));
    }
    lifecycle::delete(ctx, &meta, name)?;
    Ok(Answer::with_key(
        202,
        ctx.profile().delete_answer_key,
        Value::from("ok"),
    ))
}

/// PATCH `/api/resource/...`: v14 falls through its handler (200 `{}`, nothing changes);
/// v15 and develop answer with a bare 404 (notes, section 1).
pub(crate) fn patch(ctx: &Context) -> Result<Answer, Failure> {
    if ctx.profile().patch_is_a_no_op {
        Ok(Answer {
            status: 200,
            body: Value::Object(Map::new()),
            ..Answer::default()
        })
    } else {
        Err(FrappeError::bare(DOES_NOT_EXIST_ERROR).into())
    }
}

/// POST `/api/resource/{doctype}/{name}`: v15's `execute_doc_method`.
pub(crate) fn execute_doc_method(form: &Map<String, Value>) -> Result<Answer, Failure> {
    if form.contains_key("run_method") {
        return Err(not_emulated("run_method (whitelisted document methods)"));
    }
    // `frappe.form_dict.pop("run_method")` without a default.
    Err(FrappeError::raise(KEY_ERROR, "'run_method'").into())
}
