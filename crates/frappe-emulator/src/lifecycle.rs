//! Frappe's `Document` lifecycle for any modelled DocType: `new_doc`, `insert`, `save`,
//! `delete_doc`.
//!
//! The order of every step follows `frappe/model/document.py`: a request that breaks two rules
//! gets the error of whichever check Frappe runs first. Nothing is written until every check
//! passed (a failed Frappe request rolls its transaction back).

use serde_json::{Map, Value};

use super::checks::validate_document;
use super::clock::Timestamp;
use super::context::Context;
use super::controllers::controller_for;
use super::database::Database;
use super::document::{sanitised_value, Document};
use super::errors::{
    not_emulated, Failure, FrappeError, ServerMessage, DOCSTATUS_TRANSITION_ERROR, DOES_NOT_EXIST_ERROR,
    TIMESTAMP_MISMATCH_ERROR, UNIQUE_VALIDATION_ERROR, VALUE_ERROR,
};
use super::links::{check_not_linked, validate_links};
use super::mariadb;
use super::meta::{Column, DocType, FieldType, OPTIONAL_FIELDS};
use super::naming::{child_name, new_name};
use super::permissions::{check_document, Action};
use super::postgres::RowWrite;
use super::python::{cint, cstr, flt, truthy};
use super::store::{row_name, Row, WritePlan};

/// The "not found" error `frappe.get_doc` throws.
pub(crate) fn not_found(doctype: &str, name: &str) -> FrappeError {
    FrappeError::throw(DOES_NOT_EXIST_ERROR, format!("{doctype} {name} not found"))
}

/// The value `frappe.new_doc` gives a field: a user default for Link fields (the site's
/// global defaults, e.g. `language`), else the static default (`Today`, `__user`, the JSON
/// default, or a Select's first option), converted to the field's type.
fn new_doc_default(ctx: &Context, meta: &DocType, fieldname: &str) -> Option<Value> {
    let field = meta.field(fieldname)?;
    if field.fieldtype == FieldType::Link && field.options != "User" {
        if let Some(default) = ctx.state.global_default(fieldname) {
            return Some(Value::from(default));
        }
    }
    if field.fieldname == meta.title_field {
        return None;
    }
    let value = match field.default.as_deref() {
        Some("") => return None,
        Some("__user") => Value::from(ctx.user.clone()),
        Some("Today") => Value::from(ctx.state.today()),
        Some(default) if default.starts_with(':') => return None,
        Some(default) => Value::from(default),
        None if field.fieldtype == FieldType::Select && !field.options.is_empty() => {
            Value::from(field.select_options().first().copied().unwrap_or_default())
        }
        None => return None,
    };
    Some(match field.fieldtype {
        FieldType::Check | FieldType::Int => Value::from(cint(&value)),
        t if t.is_float_like() => Value::from(flt(&value)),
        _ => value,
    })
}

/// `frappe.new_doc(doctype)` before any request value is applied.
pub(crate) fn new_document(ctx: &Context, meta: &DocType) -> Document {
    let mut doc = Document::new(meta.name);
    for column in meta.valid_columns() {
        doc.set(column, Value::Null);
    }
    doc.set("owner", Value::from(ctx.user.clone()));
    doc.set("docstatus", Value::from(0));
    doc.set("idx", Value::from(0));
    let fieldnames: Vec<String> = meta.data_fields().map(|f| f.fieldname.clone()).collect();
    for fieldname in fieldnames {
        if let Some(default) = new_doc_default(ctx, meta, &fieldname) {
            doc.set(&fieldname, default);
        }
    }
    for table in meta.table_fields() {
        doc.set_table(&table.fieldname, Vec::new());
    }
    doc.set("__islocal", Value::from(1));
    doc.set("__unsaved", Value::from(1));
    doc
}

/// `_set_defaults()`: the parent (when new) and every new child row get `new_doc` values for
/// keys they lack, `__unsaved` included.
fn set_missing_defaults(ctx: &Context, meta: &DocType, doc: &mut Document) {
    if doc.is_new() {
        let template = new_document(ctx, meta);
        for (key, value) in template.values() {
            if !value.is_null() && doc.get(key).is_null() {
                doc.set(key, value.clone());
            }
        }
    }
    let tables: Vec<(String, String)> = meta
        .table_fields()
        .map(|t| (t.fieldname.clone(), t.options.clone()))
        .collect();
    for (fieldname, child_doctype) in tables {
        let Some(child_meta) = ctx.meta(&child_doctype) else {
            continue;
        };
        let template = new_document(ctx, &child_meta);
        for row in doc.table_mut(&fieldname).iter_mut().filter(|r| r.is_new()) {
            for (key, value) in template.values() {
                if !value.is_null() && row.get(key).is_null() {
                    row.set(key, value.clone());
                }
            }
        }
    }
}

/// `set_user_and_timestamp()`.
fn set_user_and_timestamp(ctx: &mut Context, doc: &mut Document, insert: bool) -> Timestamp {
    let now = ctx.state.store.now();
    doc.set("modified", Value::from(now.fresh()));
    doc.set("modified_by", Value::from(ctx.user.clone()));
    if insert {
        doc.set("creation", Value::from(now.fresh()));
        doc.set("owner", Value::from(ctx.user.clone()));
    }
    let (owner, creation) = (doc.get("owner").clone(), doc.get("creation").clone());
    let user = ctx.user.clone();
    for row in doc.all_children_mut() {
        row.set("modified", Value::from(now.fresh()));
        row.set("modified_by", Value::from(user.clone()));
        if !truthy(row.get("owner")) {
            row.set("owner", owner.clone());
        }
        if !truthy(row.get("creation")) {
            row.set("creation", creation.clone());
        }
    }
    now
}

/// `db_insert()` of a row the controller appended after `set_user_and_timestamp` (during
/// `validate()`): without a `creation` of its own, it gets the moment of its insert — a
/// little later than its parent's — and the session user (`frappe/model/base_document.py`
/// `db_insert`: `if not self.creation: self.creation = self.modified = now()`). Later saves
/// give it the parent's `modified` but keep that `creation`.
fn stamp_rows_without_creation(ctx: &mut Context, doc: &mut Document) {
    let user = Value::from(ctx.user.clone());
    let mut now = None;
    for row in doc.all_children_mut() {
        if truthy(row.get("creation")) {
            continue;
        }
        let stamp = Value::from(now.get_or_insert_with(|| ctx.state.store.now()).fresh());
        row.set("creation", stamp.clone());
        row.set("modified", stamp);
        row.set("owner", user.clone());
        row.set("modified_by", user.clone());
    }
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

/// `set_docstatus()` and `check_docstatus_transition(0)` for a draft-only DocType.
fn check_docstatus(doc: &mut Document) -> Result<(), Failure> {
    match docstatus_number(doc)? {
        0 => {
            doc.set("docstatus", Value::from(0));
            for row in doc.all_children_mut() {
                row.set("docstatus", Value::from(0));
            }
            Ok(())
        }
        1 => Err(not_emulated(
            "docstatus 1 (submitting a DocType that is not submittable)",
        )),
        _ => Err(FrappeError::raise(
            DOCSTATUS_TRANSITION_ERROR,
            "Cannot change docstatus from 0 (Draft) to 2 (Cancelled)",
        )
        .into()),
    }
}

/// `set_parent_in_children()` and `set_name_in_children()`: new rows get random names.
fn name_children(doc: &mut Document) {
    let parent = doc.get("name").clone();
    for row in doc.all_children_mut() {
        row.set("parent", parent.clone());
        if !truthy(row.get("name")) {
            row.set("name", Value::from(child_name()));
        }
    }
}

/// The child DocType metas of a document, for the checks.
fn child_metas<'c>(ctx: &'c Context<'_>) -> impl Fn(&str) -> Option<DocType> + 'c {
    move |doctype: &str| ctx.meta(doctype)
}

/// `Document.insert()`.
pub(crate) fn insert(ctx: &mut Context, meta: &DocType, mut doc: Document) -> Result<Document, Failure> {
    doc.set("__islocal", Value::from(1));
    set_missing_defaults(ctx, meta, &mut doc);
    set_user_and_timestamp(ctx, &mut doc, true);
    check_docstatus(&mut doc)?;
    validate_links(&ctx.schema(), &ctx.state.store, meta, &mut doc)?;
    check_document(ctx, meta, &doc, Action::Create)?;
    let controller = controller_for(meta.name);
    controller.before_insert(ctx, &mut doc)?;
    let name = new_name(ctx, meta, &mut doc)?;
    doc.set("name", Value::from(name.clone()));
    name_children(&mut doc);
    // Rows keep the `idx` `_init_child` gave them: a row the controller drops leaves a gap
    // (`frappe/model/base_document.py` `append`/`_init_child`; nothing renumbers before
    // `db_insert`), as a v15.55.1 site answers.
    controller.validate(ctx, meta, &mut doc, None)?;
    let secrets = validate_document(
        meta,
        &child_metas(ctx),
        &mut doc,
        None,
        controller.own_password_fields(),
    )?;
    for optional in OPTIONAL_FIELDS {
        doc.set(optional, Value::Null);
    }
    if !meta.issingle {
        if ctx.state.store.find(meta.name, &name).is_some() {
            return Err(ctx.site.database.primary_key_taken(meta.name, &name).into());
        }
        check_unique(ctx, meta, &doc, None)?;
    }
    stamp_rows_without_creation(ctx, &mut doc);
    controller.on_update(ctx, &mut doc, None)?;
    let plan = write_plan(ctx, meta, &doc, None, secrets)?;
    ctx.state.store.apply(plan);
    ctx.apply_effects();
    doc.remove("__islocal");
    doc.remove("__unsaved");
    for row in doc.all_children_mut() {
        row.remove("__islocal");
    }
    Ok(doc)
}

/// `Document.save()` of a loaded document that a request has updated. `previous` is the
/// document as stored before the request.
pub(crate) fn save(ctx: &mut Context, meta: &DocType, mut doc: Document) -> Result<Document, Failure> {
    if doc.is_new() || !truthy(doc.get("name")) {
        return insert(ctx, meta, doc);
    }
    set_missing_defaults(ctx, meta, &mut doc);
    check_document(ctx, meta, &doc, Action::Write)?;
    let original_modified = cstr(doc.get("modified"));
    let now = set_user_and_timestamp(ctx, &mut doc, false);
    docstatus_number(&doc)?;
    // check_if_latest: the document named by the in-memory `name` (a body may change it).
    let name = doc.name();
    let previous = load_previous(ctx, meta, &name)?;
    super::permissions::reset_unwritable_fields(ctx, meta, &mut doc, &previous);
    let previous_modified = cstr(previous.get("modified"));
    if previous_modified != original_modified {
        let subject = if ctx.profile().timestamp_mismatch_names_document {
            format!("{name} ({})", meta.name)
        } else {
            "Document".to_string()
        };
        return Err(FrappeError::throw(
            TIMESTAMP_MISMATCH_ERROR,
            format!(
                "Error: {subject} has been modified after you have opened it ({previous_modified}, {}). Please refresh to get the latest document.",
                now.fresh()
            ),
        )
        .into());
    }
    check_docstatus(&mut doc)?;
    let canonical = previous.name();
    name_children(&mut doc);
    validate_links(&ctx.schema(), &ctx.state.store, meta, &mut doc)?;
    let controller = controller_for(meta.name);
    // No renumbering after `validate()` (see `insert`).
    controller.validate(ctx, meta, &mut doc, Some(&previous))?;
    let secrets = validate_document(
        meta,
        &child_metas(ctx),
        &mut doc,
        Some(&previous),
        controller.own_password_fields(),
    )?;
    if !meta.issingle {
        check_unique(ctx, meta, &doc, Some(&canonical))?;
    }
    stamp_rows_without_creation(ctx, &mut doc);
    controller.on_update(ctx, &mut doc, Some(&previous))?;
    let plan = write_plan(ctx, meta, &doc, Some(&canonical), secrets)?;
    ctx.state.store.apply(plan);
    ctx.apply_effects();
    doc.remove("__unsaved");
    for row in doc.all_children_mut() {
        row.remove("__islocal");
    }
    Ok(doc)
}

/// The stored document a save compares with (`get_doc_before_save`).
fn load_previous(ctx: &Context, meta: &DocType, name: &str) -> Result<Document, Failure> {
    let schema = ctx.schema();
    if meta.issingle {
        return Ok(super::document::load_single(&schema, meta, &ctx.state.store));
    }
    match ctx.state.store.find(meta.name, name) {
        Some(row) => Ok(super::document::load(&schema, meta, &ctx.state.store, row)),
        None => Err(not_found(meta.name, name).into()),
    }
}

/// Row numbers 1..n in table order, for fixtures written without them (what `_init_child`
/// gives rows appended one by one).
fn renumber_rows(meta: &DocType, doc: &mut Document) {
    let tables: Vec<String> = meta.table_fields().map(|t| t.fieldname.clone()).collect();
    for fieldname in tables {
        for (index, row) in doc.table_mut(&fieldname).iter_mut().enumerate() {
            row.set("idx", Value::from(index + 1));
        }
    }
}

/// `frappe.delete_doc(doctype, name)`: existence, permission, `on_trash`, links, delete.
pub(crate) fn delete(ctx: &mut Context, meta: &DocType, name: &str) -> Result<(), Failure> {
    if meta.issingle {
        // `delete_doc` finds the Single whatever the name and checks permission first: a user
        // without delete right gets the usual refusal for "<DocType>: <DocType>" (observed on
        // v15.55.1). What a permitted delete does to a Single is not pinned down.
        let doc = super::document::load_single(&ctx.schema(), meta, &ctx.state.store);
        check_document(ctx, meta, &doc, Action::Delete)?;
        return Err(not_emulated("deleting a Single"));
    }
    let Some(row) = ctx.state.store.find(meta.name, name).cloned() else {
        // `delete_doc` raises a bare DoesNotExistError: no message, no traceback (404).
        return Err(FrappeError::bare(DOES_NOT_EXIST_ERROR).into());
    };
    let canonical = row_name(&row).to_string();
    let doc = super::document::load(&ctx.schema(), meta, &ctx.state.store, &row);
    check_document(ctx, meta, &doc, Action::Delete)?;
    controller_for(meta.name).on_trash(ctx, &doc)?;
    let schema = ctx.schema();
    check_not_linked(&schema, &ctx.state.store, meta, &canonical)?;
    ctx.state.store.delete(meta.name, &canonical);
    ctx.apply_effects();
    Ok(())
}

/// Writes a document the way a fresh site's fixtures or a test's setup would (no permission,
/// controller or validation step): defaults, timestamps, names and password storage only.
/// A document of that name that exists is replaced (keeping its creation).
pub(crate) fn seed(ctx: &mut Context, meta: &DocType, mut doc: Document) -> Result<Document, Failure> {
    let name = if meta.issingle {
        meta.name.to_string()
    } else {
        doc.name()
    };
    let existing = if meta.issingle {
        None
    } else {
        ctx.state.store.find(meta.name, &name).cloned()
    };
    doc.set("name", Value::from(name.clone()));
    doc.set("__islocal", Value::from(1));
    set_missing_defaults(ctx, meta, &mut doc);
    set_user_and_timestamp(ctx, &mut doc, true);
    if let Some(row) = &existing {
        doc.set("creation", row.get("creation").cloned().unwrap_or(Value::Null));
    }
    if meta.issingle {
        // A site's Singles are saved, never inserted, at install: they have no `creation`.
        doc.set("creation", Value::Null);
    }
    doc.set("docstatus", Value::from(0));
    name_children(&mut doc);
    renumber_rows(meta, &mut doc);
    let secrets = super::checks::save_passwords(meta, &mut doc, &[])?;
    let replaces = existing.as_ref().map(|row| row_name(row).to_string());
    let plan = write_plan(ctx, meta, &doc, replaces.as_deref(), secrets)?;
    ctx.state.store.apply(plan);
    doc.remove("__islocal");
    doc.remove("__unsaved");
    Ok(doc)
}

/// `show_unique_validation_message` for a unique column another row already holds.
fn check_unique(ctx: &Context, meta: &DocType, doc: &Document, own_name: Option<&str>) -> Result<(), Failure> {
    let name = doc.name();
    for field in meta.data_fields().filter(|f| f.unique) {
        let value = sanitised_value(meta, &field.fieldname, doc.get(&field.fieldname));
        if value.is_null() {
            continue;
        }
        let text = cstr(&value);
        let taken = ctx
            .state
            .store
            .rows_where(meta.name, &field.fieldname, &text)
            .into_iter()
            .any(|row| own_name.is_none_or(|own| !mariadb::text_eq(row_name(row), own)));
        if taken && ctx.site.database == Database::Postgres {
            return Err(not_emulated(
                "a value a unique column already holds, on PostgreSQL (the refusal's text)",
            ));
        }
        if taken {
            let existing = ctx
                .state
                .store
                .rows_where(meta.name, &field.fieldname, &text)
                .first()
                .and_then(|row| row.get(&field.fieldname))
                .map(cstr)
                .unwrap_or(text);
            return Err(FrappeError::raise(
                UNIQUE_VALIDATION_ERROR,
                format!(
                    "('{}', '{name}', IntegrityError(1062, \"Duplicate entry '{existing}' for key '{}'\"))",
                    meta.name, field.fieldname
                ),
            )
            .after_messages(vec![ServerMessage::plain(format!("{} must be unique", field.label))])
            .into());
        }
    }
    Ok(())
}

/// The rows `db_insert`/`db_update`/`update_single` and the child-table sync would write.
fn write_plan(
    ctx: &Context,
    meta: &DocType,
    doc: &Document,
    replaces: Option<&str>,
    secrets: Vec<(String, super::store::SecretChange)>,
) -> Result<WritePlan, Failure> {
    let name = doc.name();
    let row = if meta.issingle {
        single_row(meta, doc)
    } else {
        row_of(ctx, meta, doc, &name, replaces.is_none())?
    };
    let mut children = Vec::new();
    for table in meta.table_fields() {
        let Some(child_meta) = ctx.meta(&table.options) else {
            if !doc.table(&table.fieldname).is_empty() {
                return Err(not_emulated(format!("rows of the child DocType {}", table.options)));
            }
            continue;
        };
        let stored_names: Vec<String> = ctx
            .state
            .store
            .children(child_meta.name, meta.name, &name, &table.fieldname)
            .into_iter()
            .map(|r| row_name(r).to_string())
            .collect();
        let mut rows = Vec::new();
        for child in doc.table(&table.fieldname) {
            let child_name = child.name();
            let known = stored_names.iter().any(|n| mariadb::text_eq(n, &child_name));
            if !child.is_new() && !known {
                if ctx.state.store.find(child_meta.name, &child_name).is_some() {
                    return Err(not_emulated("a child row that belongs to another document"));
                }
                // `db_update()` of a name that is not stored updates nothing: the row is lost.
                continue;
            }
            rows.push(row_of(ctx, &child_meta, child, &child_name, child.is_new())?);
        }
        // Two Table fields may hold the same child DocType (Website Settings' top bar and
        // footer items): the plan replaces the document's rows per child DocType.
        match children
            .iter_mut()
            .find(|(doctype, _): &&mut (String, Vec<Row>)| doctype == child_meta.name)
        {
            Some((_, existing)) => existing.extend(rows),
            None => children.push((child_meta.name.to_string(), rows)),
        }
    }
    Ok(WritePlan {
        doctype: meta.name.to_string(),
        replaces: replaces.map(str::to_string),
        single: meta.issingle,
        row,
        children,
        secrets,
    })
}

/// The table row for a document: values as the database column types hold them. `insert`:
/// `db_insert` writes it (else `db_update`).
fn row_of(ctx: &Context, meta: &DocType, doc: &Document, name: &str, insert: bool) -> Result<Row, Failure> {
    refuse_dates_naming_no_day(ctx, meta, doc, name, insert)?;
    let mut row = Row::new();
    for column in meta.valid_columns() {
        let value = doc.get(column);
        let stored = match column {
            "name" => Value::from(name),
            "creation" | "modified" => match value {
                Value::Null => Value::Null,
                _ => match Timestamp::parse(&cstr(value)) {
                    Some(timestamp) => Value::from(timestamp.fresh()),
                    None => return Err(not_emulated(format!("storing {column} = {value}"))),
                },
            },
            "docstatus" => Value::from(0),
            "idx" | "owner" | "modified_by" | "parent" | "parentfield" | "parenttype" => value.clone(),
            _ => column_value(meta, column, value)?,
        };
        row.insert(column.to_string(), stored);
    }
    Ok(row)
}

/// Frappe does not check dates itself: a Date value shaped `YYYY-MM-DD` that names no day
/// reaches the database, which refuses the whole INSERT or UPDATE in its own words.
fn refuse_dates_naming_no_day(
    ctx: &Context,
    meta: &DocType,
    doc: &Document,
    name: &str,
    insert: bool,
) -> Result<(), Failure> {
    for field in meta.data_fields().filter(|f| f.fieldtype.column() == Column::Date) {
        let value = sanitised_value(meta, &field.fieldname, doc.get(&field.fieldname));
        let text = cstr(&value);
        if value.is_null() || is_date(&text) {
            continue;
        }
        let columns = meta
            .valid_columns()
            .into_iter()
            .map(|column| match column {
                "name" => (column, Value::from(name)),
                _ => (column, sanitised_value(meta, column, doc.get(column))),
            })
            .collect();
        let write = RowWrite {
            doctype: meta.name,
            insert,
            columns,
        };
        if let Some(error) = ctx.site.database.refused_date(&write, &field.fieldname, &text) {
            return Err(error.into());
        }
    }
    Ok(())
}

/// A field value as its MariaDB column stores it.
fn column_value(meta: &DocType, column: &str, value: &Value) -> Result<Value, Failure> {
    let Some(field) = meta.data_fields().find(|f| f.fieldname == column) else {
        return Ok(value.clone());
    };
    let value = sanitised_value(meta, column, value);
    if value.is_null() {
        return Ok(Value::Null);
    }
    let text_of = |value: &Value| match value {
        Value::Bool(b) => Value::from(if *b { "1" } else { "0" }),
        Value::Number(_) => Value::from(cstr(value)),
        other => other.clone(),
    };
    Ok(match field.fieldtype.column() {
        Column::Int => Value::from(cint(&value)),
        Column::Decimal => {
            let number = flt(&value);
            // decimal(21,9): nine fractional digits survive.
            Value::from((number * 1e9).round() / 1e9)
        }
        Column::Date => {
            let text = cstr(&value);
            if !is_date(&text) {
                return Err(not_emulated(format!(
                    "the date {text:?} for `{column}` (MariaDB's date parsing)"
                )));
            }
            Value::from(text)
        }
        Column::Datetime => {
            let text = cstr(&value);
            match Timestamp::parse(&text) {
                Some(timestamp) => Value::from(timestamp.fresh()),
                None => {
                    return Err(not_emulated(format!(
                        "the datetime {text:?} for `{column}` (MariaDB's datetime parsing)"
                    )))
                }
            }
        }
        Column::Time => return Err(not_emulated(format!("a value for the Time field `{column}`"))),
        Column::Json => {
            let text = cstr(&value);
            if serde_json::from_str::<Value>(&text).is_err() {
                return Err(not_emulated(format!("invalid JSON for the JSON field `{column}`")));
            }
            Value::from(text)
        }
        Column::Varchar | Column::Text => text_of(&value),
        Column::None | Column::NoValue => Value::Null,
    })
}

fn is_date(text: &str) -> bool {
    Timestamp::parse(&format!("{text} 00:00:00")).is_some() && text.len() == 10
}

/// `update_single(get_valid_dict())`: every value becomes text in `tabSingles`.
fn single_row(meta: &DocType, doc: &Document) -> Row {
    let mut row = Map::new();
    for column in meta.valid_columns() {
        let value = sanitised_value(meta, column, doc.get(column));
        let stored = match value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::from(if b { "1" } else { "0" }),
            other => Value::from(cstr(&other)),
        };
        row.insert(column.to_string(), stored);
    }
    row
}
