//! What a client learns about the site's DocTypes and release:
//! `GET /api/resource/DocType/<name>` (the stored DocType, System Manager only),
//! `frappe.desk.form.load.getdoctype` (the meta with custom fields, any logged-in user) and
//! `frappe.utils.change_log.get_versions`.
//!
//! The DocType answers carry every stored DocType setting (`meta::doctype_settings`, with the
//! registry's own naming, flags and sorting winning), every DocField row in `field_order`
//! (layout fields included, so `idx` counts them), the DocPerm rows, the JSON's `idx` and a
//! `migration_hash`; the rows of the `actions` and `links` tables are left out. `getdoctype`'s
//! form meta is built on the same rows in `desk_form_meta`.

use serde_json::{Map, Value};

use super::context::{Answer, Context};
use super::document::Document;
use super::errors::{not_emulated, Failure, FrappeError, DOES_NOT_EXIST_ERROR, TYPE_ERROR};
use super::meta::docfield_settings::{field_settings, KEY_ORDER};
use super::meta::doctype_settings::Setting;
use super::meta::{DocField, DocPerm, DocType, Naming, Rights};
use super::permissions::{check_document, check_list, Action};
use super::rpc::whitelisted;
use super::version::FrappeVersion;

/// The DocPerm rows of the DocType `DocType` (`frappe/core/doctype/doctype/doctype.json`).
const DOCTYPE_PERMISSIONS: &[DocPerm] = &[
    DocPerm {
        role: "Administrator",
        permlevel: 0,
        rights: Rights::CREATE
            .with(Rights::READ)
            .with(Rights::WRITE)
            .with(Rights::DELETE)
            .with(Rights::REPORT)
            .with(Rights::EXPORT)
            .with(Rights::IMPORT)
            .with(Rights::SHARE),
    },
    DocPerm {
        role: "System Manager",
        permlevel: 0,
        rights: Rights::CREATE
            .with(Rights::READ)
            .with(Rights::WRITE)
            .with(Rights::DELETE)
            .with(Rights::REPORT)
            .with(Rights::EXPORT)
            .with(Rights::IMPORT)
            .with(Rights::SHARE),
    },
];

/// The DocType `DocType` itself, for its permission check.
fn doctype_doctype() -> DocType {
    DocType {
        name: "DocType",
        module: "Core",
        fields: Vec::new(),
        naming: Naming::Prompt,
        naming_rule: "Set by user",
        issingle: false,
        istable: false,
        allow_rename: true,
        title_field: "",
        track_changes: true,
        permissions: DOCTYPE_PERMISSIONS,
        creation: "",
        modified: "",
        sort_field: "modified",
        sort_order: "DESC",
    }
}

/// A stable row name for a child row of a DocType record (the database keeps them fixed).
fn row_name(parent: &str, kind: &str, index: usize) -> String {
    // The row's identity, as ten hex digits.
    format!(
        "{:010x}",
        fnv1a(&format!("{parent}\u{0}{kind}\u{0}{index}")) & 0xff_ffff_ffff
    )
}

/// FNV-1a: a stable hash for values a real site generates once and keeps.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The standard columns in the database's order (records loaded from `tabDocType`, `tabDocField`
/// and `tabDocPerm` answer them so: name, creation, modified, modified_by, owner, docstatus, then
/// a row's parent columns, then idx; observed on v15.55.1).
fn bookkeeping(out: &mut Map<String, Value>, name: &str, meta: &DocType, idx: usize, parentfield: Option<&str>) {
    out.insert("name".into(), Value::from(name));
    out.insert("creation".into(), Value::from(meta.creation));
    out.insert("modified".into(), Value::from(meta.modified));
    out.insert("modified_by".into(), Value::from("Administrator"));
    out.insert("owner".into(), Value::from("Administrator"));
    out.insert("docstatus".into(), Value::from(0));
    if let Some(parentfield) = parentfield {
        out.insert("parent".into(), Value::from(meta.name));
        out.insert("parentfield".into(), Value::from(parentfield));
        out.insert("parenttype".into(), Value::from("DocType"));
    }
    out.insert("idx".into(), Value::from(idx));
}

/// A DocField row; null keys (no options, no default) are left out. A standard field also carries
/// the columns the field tables do not model (`docfield_settings`), in the database's key order.
fn field_row(
    version: FrappeVersion,
    shape: Shape,
    meta: &DocType,
    field: &DocField,
    index: usize,
    custom: Option<&Map<String, Value>>,
) -> Value {
    let mut out = Map::new();
    match custom {
        // A custom field keeps its Custom Field record's name and bookkeeping.
        Some(record) => {
            for key in ["name", "owner", "creation", "modified", "modified_by"] {
                if let Some(value) = record.get(key) {
                    out.insert(key.to_string(), value.clone());
                }
            }
            out.insert("docstatus".into(), Value::from(0));
            out.insert("idx".into(), Value::from(index + 1));
        }
        None => bookkeeping(
            &mut out,
            &row_name(meta.name, &field.fieldname, index),
            meta,
            index + 1,
            Some("fields"),
        ),
    }
    out.insert("fieldname".into(), Value::from(field.fieldname.clone()));
    if !field.label.is_empty() {
        out.insert("label".into(), Value::from(field.label.clone()));
    }
    out.insert("fieldtype".into(), Value::from(field.fieldtype.name()));
    if !field.options.is_empty() {
        out.insert("options".into(), Value::from(field.options.clone()));
    }
    if let Some(default) = &field.default {
        out.insert("default".into(), Value::from(default.clone()));
    }
    if !field.fetch_from.is_empty() {
        out.insert("fetch_from".into(), Value::from(field.fetch_from.clone()));
    }
    for (key, flag) in [
        ("reqd", field.reqd),
        ("read_only", field.read_only),
        ("set_only_once", field.set_only_once),
        ("hidden", field.hidden),
        ("unique", field.unique),
        ("no_copy", field.no_copy),
        ("in_list_view", field.in_list_view),
    ] {
        out.insert(key.into(), Value::from(i64::from(flag)));
    }
    out.insert("permlevel".into(), Value::from(field.permlevel));
    out.insert("length".into(), Value::from(field.length));
    if field.is_custom {
        out.insert("insert_after".into(), Value::from(field.insert_after.clone()));
        out.insert("is_custom_field".into(), Value::from(1));
    }
    out.insert("parent".into(), Value::from(meta.name));
    out.insert("parentfield".into(), Value::from("fields"));
    out.insert("parenttype".into(), Value::from("DocType"));
    out.insert("doctype".into(), Value::from("DocField"));
    if field.is_custom {
        return Value::Object(out);
    }
    for (key, setting) in field_settings(version, meta.name, &field.fieldname) {
        // A develop site's `tabDocField` rows answer no `show_preview_popup` (develop, February
        // 2025, in its conformance recording), while its meta (`getdoctype`) still has it.
        if key == "show_preview_popup" && shape == Shape::Record && version >= FrappeVersion::Develop {
            continue;
        }
        out.entry(key).or_insert_with(|| setting_value(setting));
    }
    // Known keys in the database's order, then any other key a line adds, `doctype` last.
    let rank = |key: &str| {
        let position = KEY_ORDER.iter().position(|k| *k == key);
        match (position, key) {
            (_, "doctype") => usize::MAX,
            (Some(position), _) => position,
            (None, _) => KEY_ORDER.len(),
        }
    };
    let mut entries: Vec<(String, Value)> = out.into_iter().collect();
    entries.sort_by_key(|(key, _)| rank(key));
    Value::Object(entries.into_iter().collect())
}

fn setting_value(setting: Setting) -> Value {
    match setting {
        Setting::Int(number) => Value::from(number),
        Setting::Text(text) => Value::from(text),
    }
}

fn permission_row(version: FrappeVersion, meta: &DocType, permission: &DocPerm, index: usize) -> Value {
    let mut out = Map::new();
    bookkeeping(
        &mut out,
        &row_name(meta.name, "permission", index),
        meta,
        index + 1,
        Some("permissions"),
    );
    out.insert("role".into(), Value::from(permission.role));
    out.insert("permlevel".into(), Value::from(permission.permlevel));
    for (name, right) in Rights::NAMED {
        // v15 dropped DocPerm's `set_user_permissions` (v14.93.2 answers it, v15.55.1 and
        // develop do not: `frappe/core/doctype/docperm/docperm.json` per branch).
        if name == "set_user_permissions" && version >= FrappeVersion::V15 {
            continue;
        }
        out.insert(name.into(), Value::from(i64::from(permission.rights.contains(right))));
    }
    for name in ["submit", "cancel", "amend", "if_owner"] {
        out.insert(name.into(), Value::from(0));
    }
    out.insert("parent".into(), Value::from(meta.name));
    out.insert("parentfield".into(), Value::from("permissions"));
    out.insert("parenttype".into(), Value::from("DocType"));
    out.insert("doctype".into(), Value::from("DocPerm"));
    Value::Object(out)
}

/// `migration_hash`: `frappe/modules/import_file.py` `calculate_hash`, the md5 hex digest of the
/// DocType's JSON file as the site migrated it. The emulator has no such file: a stable
/// 32-hex-digit value per line and DocType stands in (the conformance recordings keep only its
/// shape, as it changes with every edit of the file).
fn migration_hash(version: FrappeVersion, doctype: &str) -> String {
    let half = |salt: &str| fnv1a(&format!("{version:?}\u{0}{doctype}\u{0}{salt}"));
    format!("{:016x}{:016x}", half("high"), half("low"))
}

/// The settings the registry models itself (its revisions per line win over the JSON table).
fn modelled_setting(meta: &DocType, key: &str) -> Option<Option<Value>> {
    let text = |t: &str| (!t.is_empty()).then(|| Value::from(t));
    Some(match key {
        "module" => Some(Value::from(meta.module)),
        "istable" => Some(Value::from(i64::from(meta.istable))),
        "issingle" => Some(Value::from(i64::from(meta.issingle))),
        "track_changes" => Some(Value::from(i64::from(meta.track_changes))),
        "naming_rule" => text(meta.naming_rule),
        "autoname" => meta.autoname().map(Value::from),
        "allow_rename" => Some(Value::from(i64::from(meta.allow_rename))),
        "title_field" => text(meta.title_field),
        "sort_field" => Some(Value::from(meta.sort_field)),
        "sort_order" => Some(Value::from(meta.sort_order)),
        _ => return None,
    })
}

/// Which answer a DocType is serialised for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `GET /api/resource/DocType/<name>`: the stored rows.
    Record,
    /// `getdoctype`: the meta (`frappe/desk/form/meta.py` `FormMeta`).
    FormMeta,
}

/// The DocType record as `as_dict(no_nulls=True)` serialises it: every non-null column of
/// `tabDocType` in the table's column order (`doctype_settings`), then the child tables.
pub(crate) fn doctype_dict(ctx: &Context, meta: &DocType, shape: Shape) -> Map<String, Value> {
    use super::meta::doctype_settings::{record_idx, settings, COLUMN_ORDER};
    let mut out = Map::new();
    bookkeeping(&mut out, meta.name, meta, record_idx(meta.name), None);
    let stored = settings(ctx.site.version, meta.name);
    let later: Vec<&str> = stored
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !COLUMN_ORDER.contains(k))
        .collect();
    for key in COLUMN_ORDER.iter().copied().chain(later) {
        let from_table = stored.iter().find(|(k, _)| *k == key).map(|(_, v)| setting_value(*v));
        if let Some(value) = modelled_setting(meta, key).unwrap_or(from_table) {
            out.insert(key.to_string(), value);
        }
    }
    out.insert(
        "migration_hash".into(),
        Value::from(migration_hash(ctx.site.version, meta.name)),
    );
    out.insert("doctype".into(), Value::from("DocType"));
    let permissions = meta
        .permissions
        .iter()
        .enumerate()
        .map(|(index, p)| permission_row(ctx.site.version, meta, p, index))
        .collect();
    let permissions = Value::Array(permissions);
    let custom_records: Vec<Map<String, Value>> = ctx
        .state
        .store
        .rows_where(super::schema::CUSTOM_FIELD, "dt", meta.name)
        .into_iter()
        .cloned()
        .collect();
    let fields = meta
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let record = field.is_custom.then(|| {
                custom_records
                    .iter()
                    .find(|r| r.get("fieldname").and_then(Value::as_str) == Some(field.fieldname.as_str()))
            });
            field_row(ctx.site.version, shape, meta, field, index, record.flatten())
        })
        .collect();
    out.insert("fields".into(), Value::Array(fields));
    // Table order as v15.55.1 answers; a plain site's modelled DocTypes have no links, states or
    // actions rows.
    out.insert("links".into(), Value::Array(Vec::new()));
    out.insert("permissions".into(), permissions);
    out.insert("states".into(), Value::Array(Vec::new()));
    out.insert("actions".into(), Value::Array(Vec::new()));
    out
}

/// The registry's DocType of that name (without custom fields), or Frappe's error.
fn stored_doctype(ctx: &Context, name: &str) -> Result<DocType, Failure> {
    match ctx.site.registry.get(name) {
        Some(meta) => Ok(meta.clone()),
        None if super::meta::frappe_doctypes::is_frappe_doctype(name) => Err(not_emulated(format!(
            "the meta of {name} (a plain site has it; the emulator does not model it)"
        ))),
        None => Err(FrappeError::throw(DOES_NOT_EXIST_ERROR, format!("DocType {name} not found")).into()),
    }
}

/// `GET /api/resource/DocType/<name>`: the DocType record (no custom fields), System
/// Manager only.
pub(crate) fn read_doctype(ctx: &mut Context, name: &str) -> Result<Answer, Failure> {
    let meta = stored_doctype(ctx, name)?;
    let mut stub = Document::new("DocType");
    stub.set("name", Value::from(meta.name));
    check_document(ctx, &doctype_doctype(), &stub, Action::Read)?;
    Ok(Answer::data(
        200,
        Value::Object(doctype_dict(ctx, &meta, Shape::Record)),
    ))
}

/// GET `/api/resource/DocType`: `frappe.get_list("DocType")` checks the DocType DocType's role
/// permissions like any list (`frappe/model/db_query.py` `DatabaseQuery.execute` →
/// `check_read_permission`, `frappe/permissions.py` `has_permission`): a user without a role on
/// it gets the list refusal. Listing DocTypes, and `fields`/`filters` (validated against the
/// DocType DocType's own fields first), are not emulated.
pub(crate) fn list_doctypes(ctx: &Context, fields: &Value, form: &Map<String, Value>) -> Failure {
    if !fields.is_null() || form.contains_key("filters") {
        return not_emulated("fields or filters on a list of DocTypes");
    }
    match check_list(ctx, &doctype_doctype(), fields) {
        Err(refusal) => refusal,
        Ok(_) => not_emulated("the list of DocTypes"),
    }
}

/// POST `/api/resource/DocType`: `Document.insert` checks the create permission
/// (`frappe/model/document.py` `check_permission("create")`) on the new document, named by the
/// body's `name` (DocType is named by prompt): a user without it gets the create refusal.
/// Creating a DocType is not emulated.
pub(crate) fn create_doctype(ctx: &Context, body: &Map<String, Value>) -> Failure {
    let mut stub = Document::new("DocType");
    match body.get("name") {
        Some(Value::String(name)) => stub.set("name", Value::from(name.clone())),
        None => {}
        Some(_) => return not_emulated("a DocType body with a non-string name"),
    }
    match check_document(ctx, &doctype_doctype(), &stub, Action::Create) {
        Err(refusal) => refusal,
        Ok(()) => not_emulated("creating a DocType"),
    }
}

/// `frappe.desk.form.load.getdoctype(doctype)`: the meta with custom fields, then the meta
/// of each child DocType, for any logged-in user.
pub(crate) fn getdoctype(ctx: &mut Context, http_method: &str, form: &Map<String, Value>) -> Result<Answer, Failure> {
    whitelisted(ctx, http_method, "frappe.desk.form.load.getdoctype")?;
    let Some(doctype) = form.get("doctype") else {
        return Err(FrappeError::raise(
            TYPE_ERROR,
            "getdoctype() missing 1 required positional argument: 'doctype'",
        )
        .into());
    };
    let Value::String(doctype) = doctype else {
        return Err(not_emulated("getdoctype with a non-string doctype"));
    };
    if ["with_parent", "cached_timestamp"]
        .iter()
        .any(|k| form.contains_key(*k))
    {
        return Err(not_emulated("getdoctype's with_parent / cached_timestamp"));
    }
    stored_doctype(ctx, doctype)?;
    let mut docs = Vec::new();
    if let Some(meta) = ctx.meta(doctype) {
        docs.push(Value::Object(super::desk_form_meta::form_meta(ctx, &meta)));
        // `frappe/desk/form/load.py` `get_meta_bundle`: one entry per table field, so a DocType
        // two tables use is listed twice (v15.55.1: Website Settings' Top Bar Item).
        let children: Vec<String> = meta.table_fields().map(|t| t.options.clone()).collect();
        for child in children {
            if let Some(child_meta) = ctx.meta(&child) {
                docs.push(Value::Object(super::desk_form_meta::form_meta(ctx, &child_meta)));
            }
        }
    }
    let mut body = Map::new();
    body.insert("docs".into(), Value::Array(docs));
    body.insert("user_settings".into(), Value::from("{}"));
    Ok(Answer {
        status: 200,
        body: Value::Object(body),
        ..Answer::default()
    })
}

/// `GET /api/v2/doctype/<doctype>/meta` (v15+ `frappe/api/v2.py` `get_meta`):
/// `frappe.only_for("All")`, then `{"data": frappe.get_meta(doctype)}` serialised by
/// `Meta.as_dict` — any logged-in user, as v15.55.1 and develop answer for ToDo. Guest, and a
/// DocType that is not modelled or does not exist (v2 reports errors in its own shape), are not
/// emulated.
pub(crate) fn v2_meta(ctx: &mut Context, doctype: &str) -> Result<Answer, Failure> {
    if ctx.user == super::permissions::GUEST {
        return Err(not_emulated("the v2 meta for Guest (`frappe.only_for`)"));
    }
    let Some(meta) = ctx.meta(doctype) else {
        return Err(not_emulated(format!("the v2 meta of {doctype:?} (v2 error bodies)")));
    };
    Ok(Answer::data(
        200,
        Value::Object(super::desk_form_meta::meta_as_dict(ctx, &meta)),
    ))
}

/// `frappe.utils.change_log.get_versions()`: one entry for the one installed app.
pub(crate) fn get_versions(ctx: &mut Context, http_method: &str) -> Result<Answer, Failure> {
    whitelisted(ctx, http_method, "frappe.utils.change_log.get_versions")?;
    let profile = ctx.profile();
    let mut frappe = Map::new();
    frappe.insert("title".into(), Value::from(profile.app_title));
    frappe.insert(
        "description".into(),
        Value::from("Full stack web framework with Python, Javascript, MariaDB, Redis, Node"),
    );
    frappe.insert("branch".into(), Value::from(profile.branch));
    if let Some(branch_version) = profile.branch_version {
        frappe.insert("branch_version".into(), Value::from(branch_version));
    }
    frappe.insert("version".into(), Value::from(profile.app_version));
    let mut apps = Map::new();
    apps.insert("frappe".into(), Value::Object(frappe));
    Ok(Answer::message(Value::Object(apps)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_names_are_stable_ten_hex_digits() {
        let a = row_name("User", "email", 1);
        assert_eq!(a, row_name("User", "email", 1));
        assert_ne!(a, row_name("User", "email", 2));
        assert_eq!(a.len(), 10);
    }
}
