//! The `Role` controller (`frappe/core/doctype/role/role.py`): standard roles cannot be
//! disabled, Guest never has desk access (`set_desk_properties`, whose name outlived the desk
//! properties: they are User fields on every line), and changing a role's desk access changes
//! the type of its users.

use serde_json::Value;

use super::Controller;
use crate::context::{Context, Effect};
use crate::document::Document;
use crate::errors::{not_emulated, Failure, FrappeError, VALIDATION_ERROR};
use crate::meta::DocType;
use crate::permissions::GUEST;
use crate::python::{cint, cstr, truthy};

pub(crate) use crate::meta::doctypes::role::NAME;

/// `STANDARD_ROLES`.
const STANDARD_ROLES: [&str; 5] = ["Administrator", "System Manager", "Script Manager", "All", "Guest"];

pub(crate) struct Role;

impl Controller for Role {
    fn validate(
        &self,
        ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        let name = doc.name();
        if truthy(doc.get("disabled")) {
            if STANDARD_ROLES.contains(&name.as_str()) {
                return Err(FrappeError::throw(VALIDATION_ERROR, "Standard roles cannot be disabled").into());
            }
            // remove_roles(): the role is taken from every user and document.
            ctx.effects.push(Effect::DeleteRows {
                doctype: "Has Role",
                column: "role",
                value: name,
            });
        } else {
            // set_desk_properties()
            if name == GUEST {
                doc.set("desk_access", Value::from(0));
            }
        }
        // validate_homepage(): `validate_path` (`frappe/website/path_resolver.py`) for a request.
        if truthy(doc.get("home_page")) {
            let home_page = cstr(doc.get("home_page"));
            if crate::website_paths::is_valid_path(ctx.site.version, &home_page).is_none() {
                return Err(not_emulated(format!(
                    "the Role home page {home_page:?} (whether it resolves depends on website documents)"
                )));
            }
        }
        Ok(())
    }

    /// `update_user_type_on_change()`: users holding the role are re-typed when its desk
    /// access changes.
    fn on_update(&self, ctx: &mut Context, doc: &mut Document, previous: Option<&Document>) -> Result<(), Failure> {
        let Some(previous) = previous else {
            return Ok(());
        };
        if cint(previous.get("desk_access")) != cint(doc.get("desk_access")) {
            ctx.effects.push(Effect::RetypeUsers {
                role: doc.name(),
                by: ctx.user.clone(),
            });
        }
        Ok(())
    }
}
