//! `frappe/permissions.py`: role permissions, controller permission hooks, the shares Frappe
//! makes itself (every user's own User document), field-level (permlevel) read stripping and
//! write resetting, and the error bodies a refused request gets on each release line
//! (section 3.2 of the notes).
//!
//! Not modelled: shares made by users, user permissions and `if_owner` rows; a request that
//! would depend on them answers 501.

use serde_json::Value;

use super::context::Context;
use super::controllers::controller_for;
use super::document::Document;
use super::errors::{not_emulated, Failure, FrappeError, ServerMessage, PERMISSION_ERROR};
use super::meta::{DocType, FieldType, Rights};

pub(crate) const ADMINISTRATOR: &str = "Administrator";
pub(crate) const GUEST: &str = "Guest";
pub(crate) const SYSTEM_MANAGER: &str = "System Manager";
/// Roles Frappe gives users implicitly (`AUTOMATIC_ROLES`).
pub(crate) const ALL_ROLE: &str = "All";
pub(crate) const DESK_USER_ROLE: &str = "Desk User";

/// What a request wanted to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    List,
    Read,
    Create,
    Write,
    Delete,
}

impl Action {
    fn ptype(self) -> &'static str {
        match self {
            Action::List | Action::Read => "read",
            Action::Create => "create",
            Action::Write => "write",
            Action::Delete => "delete",
        }
    }

    fn right(self) -> Rights {
        match self {
            Action::List | Action::Read => Rights::READ,
            Action::Create => Rights::CREATE,
            Action::Write => Rights::WRITE,
            Action::Delete => Rights::DELETE,
        }
    }
}

/// `get_role_permissions(meta)` at permission level 0, for the session user.
pub(crate) fn role_rights(ctx: &Context, meta: &DocType) -> Rights {
    if ctx.user == ADMINISTRATOR {
        return Rights::NAMED
            .iter()
            .fold(Rights::default(), |all, (_, r)| all.union(*r));
    }
    let roles = ctx.state.roles_of(&ctx.user);
    meta.permissions
        .iter()
        .filter(|p| p.permlevel == 0 && roles.iter().any(|r| r == p.role))
        .fold(Rights::default(), |all, p| all.union(p.rights))
}

/// `Document.get_permlevel_access(ptype)`: the permission levels above 0 whose DocPerm rows
/// give one of the user's roles `right`.
fn permlevel_access(ctx: &Context, meta: &DocType, right: Rights) -> Vec<u8> {
    let roles = ctx.state.roles_of(&ctx.user);
    meta.permissions
        .iter()
        .filter(|p| p.permlevel > 0 && p.rights.contains(right) && roles.iter().any(|r| r == p.role))
        .map(|p| p.permlevel)
        .collect()
}

/// `Document.apply_fieldlevel_read_permissions` (`frappe/model/document.py`, v14, v15,
/// develop): fields at a permission level the user may not read are deleted from the document
/// before it is answered. `as_dict` then gives a deleted table `[]` and a deleted number 0
/// (`_fix_numeric_types`); other deleted fields are null, so left out.
pub(crate) fn apply_fieldlevel_read_permissions(ctx: &Context, meta: &DocType, doc: &mut Document) {
    if ctx.user == ADMINISTRATOR {
        return;
    }
    let readable = permlevel_access(ctx, meta, Rights::READ);
    for field in meta
        .value_fields()
        .filter(|f| f.permlevel > 0 && !readable.contains(&f.permlevel))
    {
        let kind = field.fieldtype;
        if kind.is_table() {
            doc.set_table(&field.fieldname, Vec::new());
        } else if matches!(kind, FieldType::Int | FieldType::Check) {
            doc.set(&field.fieldname, Value::from(0));
        } else if kind.is_float_like() {
            doc.set(&field.fieldname, Value::from(0.0));
        } else {
            doc.remove(&field.fieldname);
        }
    }
}

/// `Document.validate_higher_perm_levels` on save (`reset_values_if_no_permlevel_access`): the
/// fields at a permission level the user may not write keep their stored values, whatever the
/// request sent (a user updating their own User cannot change its `roles` or `user_type`).
pub(crate) fn reset_unwritable_fields(ctx: &Context, meta: &DocType, doc: &mut Document, previous: &Document) {
    if ctx.user == ADMINISTRATOR || ctx.ignore_permissions {
        return;
    }
    let writable = permlevel_access(ctx, meta, Rights::WRITE);
    for field in meta
        .value_fields()
        .filter(|f| f.permlevel > 0 && !writable.contains(&f.permlevel))
    {
        if field.fieldtype.is_table() {
            doc.set_table(&field.fieldname, previous.table(&field.fieldname).to_vec());
        } else {
            doc.set(&field.fieldname, previous.get(&field.fieldname).clone());
        }
    }
}

/// List fields at a permission level the user may not read: Frappe's query leaves them out,
/// which is not modelled.
fn check_list_fields(ctx: &Context, meta: &DocType, fields: &Value) -> Result<(), Failure> {
    if ctx.user == ADMINISTRATOR {
        return Ok(());
    }
    let readable = permlevel_access(ctx, meta, Rights::READ);
    let hidden: Vec<&str> = meta
        .value_fields()
        .filter(|f| f.permlevel > 0 && !readable.contains(&f.permlevel))
        .map(|f| f.fieldname.as_str())
        .collect();
    if hidden.is_empty() {
        return Ok(());
    }
    let asks_for_hidden = match fields {
        Value::Array(items) => items.iter().any(|item| {
            item.as_str()
                .is_some_and(|f| f.contains('*') || hidden.iter().any(|h| f.contains(h)))
        }),
        Value::String(text) => text.contains('*') || hidden.iter().any(|h| text.contains(h)),
        _ => false,
    };
    if asks_for_hidden {
        return Err(not_emulated(format!(
            "listing fields of {} at a permission level the user may not read",
            meta.name
        )));
    }
    Ok(())
}

/// `frappe.get_list`'s permission check (`DatabaseQuery._set_permission_map`,
/// `frappe/model/db_query.py`): `select` when the user has only that right (Desk User on User),
/// else `read`; without either, a DocType with a document shared with the user may still be
/// listed (`false_if_not_shared`), showing the shared documents only. Returns the names the
/// list is limited to, if any.
pub(crate) fn check_list(ctx: &Context, meta: &DocType, fields: &Value) -> Result<Option<Vec<String>>, Failure> {
    let rights = role_rights(ctx, meta);
    if rights.contains(Rights::READ) || rights.contains(Rights::SELECT) {
        check_list_fields(ctx, meta, fields)?;
        return Ok(None);
    }
    let shared = controller_for(meta.name).shared_names(ctx);
    if shared.is_empty() {
        let log = vec![doctype_sentence(ctx, meta)];
        return Err(refused(ctx, meta, Action::List, "", log).into());
    }
    check_list_fields(ctx, meta, fields)?;
    Ok(Some(shared))
}

fn doctype_sentence(ctx: &Context, meta: &DocType) -> String {
    format!(
        "User <strong>{}</strong> does not have doctype access via role permission for document <strong>{}</strong>",
        ctx.user, meta.name
    )
}

/// `doc.check_permission(ptype)` (and `delete_doc`'s check), as `frappe.has_permission(doctype,
/// ptype, doc)` decides (`frappe/permissions.py`): the controller's `has_permission` hook may
/// refuse ("Not allowed via controller permission check"), else role permissions decide; a
/// refusal logs "User u does not have access to this document", on v15+ followed by
/// ": <DocType> - <name>" when the user may read the DocType at all (the nested
/// `frappe.has_permission(doc.doctype)`, which itself logs the DocType sentence when roles do not
/// give read); then a share of the document may still allow read and write.
pub(crate) fn check_document(ctx: &Context, meta: &DocType, doc: &Document, action: Action) -> Result<(), Failure> {
    if ctx.user == ADMINISTRATOR || ctx.ignore_permissions {
        return Ok(());
    }
    let controller = controller_for(meta.name);
    let rights = role_rights(ctx, meta);
    let mut log = Vec::new();
    // get_doc_permissions
    let allowed = if controller.has_permission(ctx, doc, action) == Some(false) {
        log.push("Not allowed via controller permission check".to_string());
        false
    } else {
        rights.contains(action.right())
    };
    if allowed {
        return Ok(());
    }
    let name = doc.name();
    let mut sentence = format!(
        "User <strong>{}</strong> does not have access to this document",
        ctx.user
    );
    if ctx.profile().permission.doc_logs_doctype_sentence {
        let doctype_read = rights.contains(Rights::READ);
        if !doctype_read {
            log.push(doctype_sentence(ctx, meta));
        }
        if doctype_read || !controller.shared_names(ctx).is_empty() {
            let shown = if name.is_empty() { "None" } else { name.as_str() };
            sentence.push_str(&format!(": {} - {shown}", meta.name));
        }
    }
    log.push(sentence);
    // false_if_not_shared: only read, write, share (and print/email) can be shared.
    let shared = matches!(action, Action::Read | Action::Write)
        && controller
            .shared_names(ctx)
            .iter()
            .any(|n| super::mariadb::text_eq(n, &name));
    if shared {
        return Ok(());
    }
    if ctx.user == GUEST && ctx.profile().permission.doc_logs_doctype_sentence {
        // Observed on v15.55.1 and develop: Guest's refusals carry the DocType sentence only.
        log = vec![doctype_sentence(ctx, meta)];
    }
    Err(refused(ctx, meta, action, &name, log).into())
}

/// The error Frappe raises for a refused request, per release line; `log` is the permission
/// check log (`push_perm_check_log`), shown as one message joined with `<br>`.
fn refused(ctx: &Context, meta: &DocType, action: Action, name: &str, log: Vec<String>) -> FrappeError {
    let texts = ctx.profile().permission;
    let doctype = meta.name;
    let need = |ptype: &str, name: &str| {
        format!("You need the '{ptype}' permission on <strong>{doctype}</strong> {name} to perform this action.")
    };
    let mut error = match action {
        Action::List => FrappeError::bare(PERMISSION_ERROR).with_error_message(format!("No permission for {doctype}")),
        Action::Read if texts.read_error_message => {
            FrappeError::bare(PERMISSION_ERROR).with_error_message(need("read", name))
        }
        Action::Read => FrappeError::bare(PERMISSION_ERROR),
        Action::Create | Action::Write => {
            let ptype = action.ptype();
            let message = if texts.need_permission_wording {
                need(ptype, name)
            } else {
                format!("Insufficient Permission for {doctype} (<strong>{ptype}</strong>)")
            };
            FrappeError::bare(PERMISSION_ERROR).with_error_message(message)
        }
        Action::Delete if texts.delete_throws_not_allowed => FrappeError::throw(
            PERMISSION_ERROR,
            format!("User not allowed to delete {doctype}: {name}"),
        ),
        Action::Delete => FrappeError::bare(PERMISSION_ERROR).with_error_message(need("delete", name)),
    };
    error = error.after_messages(vec![ServerMessage::plain(log.join("<br>"))]);
    error
}

/// `frappe.only_for("System Manager")`: a bare PermissionError.
pub(crate) fn only_system_manager(ctx: &Context) -> Result<(), Failure> {
    if ctx.user == ADMINISTRATOR || ctx.state.roles_of(&ctx.user).iter().any(|r| r == SYSTEM_MANAGER) {
        Ok(())
    } else {
        Err(FrappeError::bare(PERMISSION_ERROR).into())
    }
}
