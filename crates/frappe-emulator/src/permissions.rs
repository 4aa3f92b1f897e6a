//! `frappe/permissions.py`: role permissions, controller permission hooks, and the error
//! bodies a refused request gets on each release line (section 3.2 of the notes).
//!
//! Not modelled: shares, user permissions, `if_owner` rows, and field-level (permlevel)
//! stripping; a request that would depend on them answers 501.

use super::context::Context;
use super::controllers::controller_for;
use super::document::Document;
use super::errors::{not_emulated, Failure, FrappeError, ServerMessage, PERMISSION_ERROR};
use super::meta::{DocType, Rights};

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

/// Whether the user may read every permission level the DocType's fields use; without it
/// Frappe strips or resets those fields, which is not modelled.
fn check_permlevels(ctx: &Context, meta: &DocType) -> Result<(), Failure> {
    if ctx.user == ADMINISTRATOR {
        return Ok(());
    }
    let roles = ctx.state.roles_of(&ctx.user);
    for level in meta.fields.iter().map(|f| f.permlevel).filter(|l| *l > 0) {
        let readable = meta
            .permissions
            .iter()
            .any(|p| p.permlevel == level && p.rights.contains(Rights::READ) && roles.iter().any(|r| r == p.role));
        if !readable {
            return Err(not_emulated(format!(
                "field-level permissions: {} has fields at permission level {level} the user may not read",
                meta.name
            )));
        }
    }
    Ok(())
}

/// `frappe.has_permission(doctype, ptype)` for a list, raising like `frappe.get_list`.
pub(crate) fn check_list(ctx: &Context, meta: &DocType) -> Result<(), Failure> {
    if !role_rights(ctx, meta).contains(Rights::READ) {
        return Err(refused(ctx, meta, Action::List, "", false).into());
    }
    check_permlevels(ctx, meta)
}

/// `doc.check_permission(ptype)` (and `delete_doc`'s check): role permissions, then the
/// controller's `has_permission` hook.
pub(crate) fn check_document(ctx: &Context, meta: &DocType, doc: &Document, action: Action) -> Result<(), Failure> {
    if ctx.user == ADMINISTRATOR || ctx.ignore_permissions {
        return Ok(());
    }
    let by_role = role_rights(ctx, meta).contains(action.right());
    if !by_role {
        if let Some(reason) = controller_for(meta.name).shared_with(ctx, doc, action) {
            return Err(not_emulated(reason));
        }
        return Err(refused(ctx, meta, action, &doc.name(), true).into());
    }
    match controller_for(meta.name).has_permission(ctx, doc, action) {
        None | Some(true) => check_permlevels(ctx, meta),
        Some(false) => Err(not_emulated(format!(
            "the answer when {}'s permission hook refuses {} to {} (its message log was not pinned down)",
            meta.name,
            action.ptype(),
            ctx.user
        ))),
    }
}

/// The error Frappe raises for a refused request, per release line.
fn refused(ctx: &Context, meta: &DocType, action: Action, name: &str, doc_level: bool) -> FrappeError {
    let profile = ctx.profile();
    let texts = profile.permission;
    let user = &ctx.user;
    let doctype = meta.name;
    let doctype_sentence =
        format!("User <strong>{user}</strong> does not have doctype access via role permission for document <strong>{doctype}</strong>");
    let doc_sentence = format!("User <strong>{user}</strong> does not have access to this document");
    let log = if !doc_level {
        doctype_sentence
    } else if !texts.doc_logs_doctype_sentence {
        doc_sentence
    } else if user == super::permissions::GUEST {
        doctype_sentence
    } else {
        format!("{doctype_sentence}<br>{doc_sentence}")
    };
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
    error = error.after_messages(vec![ServerMessage::plain(log)]);
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
