//! The `ToDo` controller (`frappe/desk/doctype/todo/todo.py`): users without a ToDo role
//! besides All see and touch only the ToDos allocated to them or assigned by them.
//!
//! Not emulated (501): references to other documents (saving a ToDo then updates the
//! referenced document's `_assign` and comments).

use serde_json::Value;

use super::{Controller, RowFilter};
use crate::context::Context;
use crate::document::Document;
use crate::errors::{not_emulated, Failure};
use crate::mariadb;
use crate::meta::{DocType, Rights};
use crate::permissions::{Action, ADMINISTRATOR, ALL_ROLE};
use crate::python::{cstr, truthy};

pub(crate) use crate::meta::doctypes::todo::NAME;

pub(crate) struct ToDo;

/// Whether one of the user's roles other than All has the right on ToDo.
fn has_todo_role(ctx: &Context, right: Rights) -> bool {
    if ctx.user == ADMINISTRATOR {
        return true;
    }
    let Some(meta) = ctx.meta(NAME) else {
        return false;
    };
    let roles = ctx.state.roles_of(&ctx.user);
    meta.permissions
        .iter()
        .filter(|p| p.permlevel == 0 && p.role != ALL_ROLE && p.rights.contains(right))
        .any(|p| roles.iter().any(|r| r == p.role))
}

impl Controller for ToDo {
    fn validate(
        &self,
        _ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        if truthy(doc.get("reference_type")) || truthy(doc.get("reference_name")) {
            return Err(not_emulated("ToDos that reference a document"));
        }
        Ok(())
    }

    /// `has_permission(doc, ptype, user)`.
    fn has_permission(&self, ctx: &Context, doc: &Document, action: Action) -> Option<bool> {
        let right = match action {
            Action::List | Action::Read => Rights::READ,
            Action::Create => Rights::CREATE,
            Action::Write => Rights::WRITE,
            Action::Delete => Rights::DELETE,
        };
        if has_todo_role(ctx, right) {
            return Some(true);
        }
        let mine = |field: &str| mariadb::text_eq(&cstr(doc.get(field)), &ctx.user);
        Some(mine("allocated_to") || mine("assigned_by"))
    }

    /// `get_permission_query_conditions(user)`.
    fn list_condition(&self, ctx: &Context) -> Option<RowFilter> {
        if has_todo_role(ctx, Rights::READ) {
            return None;
        }
        let user = ctx.user.clone();
        Some(Box::new(move |row| {
            ["allocated_to", "assigned_by"].iter().any(|field| {
                row.get(*field)
                    .and_then(Value::as_str)
                    .is_some_and(|value| mariadb::text_eq(value, &user))
            })
        }))
    }
}
