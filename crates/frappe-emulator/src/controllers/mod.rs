//! Per-DocType controller hooks: what a DocType's Python class adds to the generic document
//! lifecycle (naming, `validate()`, `on_update()`, `on_trash()`, permission hooks).
//!
//! A DocType without a file here behaves like a plain `Document` subclass.

mod custom_field;
mod role;
mod social_login_key;
mod system_settings;
mod todo;
mod user;
mod website_settings;

use super::context::Context;
use super::document::Document;
use super::errors::Failure;
use super::meta::DocType;
use super::permissions::Action;
use super::store::Row;

/// A row filter: which stored rows a user's lists show.
pub(crate) type RowFilter = Box<dyn Fn(&Row) -> bool>;

/// The hooks of one DocType's controller. Every hook defaults to "does nothing".
pub(crate) trait Controller: Sync {
    /// `autoname()`: the name the controller gives a new document, `None` when it names
    /// nothing (the naming rule, or a random hash, applies).
    fn autoname(&self, _ctx: &mut Context, _doc: &mut Document) -> Result<Option<String>, Failure> {
        Ok(None)
    }

    /// `before_insert()`, after the create permission check and before naming.
    fn before_insert(&self, _ctx: &mut Context, _doc: &mut Document) -> Result<(), Failure> {
        Ok(())
    }

    /// `validate()` (and `before_validate`/`before_save`), before Frappe's generic checks.
    /// `previous` is the stored document on a save, `None` on an insert.
    fn validate(
        &self,
        _ctx: &mut Context,
        _meta: &DocType,
        _doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        Ok(())
    }

    /// `after_insert()`/`on_update()`, after the generic checks; may queue [`super::context::Effect`]s.
    fn on_update(&self, _ctx: &mut Context, _doc: &mut Document, _previous: Option<&Document>) -> Result<(), Failure> {
        Ok(())
    }

    /// `on_trash()`, before the link check of a delete.
    fn on_trash(&self, _ctx: &mut Context, _doc: &Document) -> Result<(), Failure> {
        Ok(())
    }

    /// The `has_permission` hook: `Some(false)` refuses what role permissions allowed.
    fn has_permission(&self, _ctx: &Context, _doc: &Document, _action: Action) -> Option<bool> {
        None
    }

    /// The documents Frappe itself shares with the session user for read and write (e.g.
    /// `User.share_with_self`); shares users make are not modelled.
    fn shared_names(&self, _ctx: &Context) -> Vec<String> {
        Vec::new()
    }

    /// `permission_query_conditions`: the rows the session user's lists show (`None`: all).
    fn list_condition(&self, _ctx: &Context) -> Option<RowFilter> {
        None
    }

    /// Password fields the controller handles itself (`flags.ignore_save_passwords`).
    fn own_password_fields(&self) -> &'static [&'static str] {
        &[]
    }
}

/// A DocType without controller code.
struct Plain;

impl Controller for Plain {}

/// The controller of a DocType.
pub(crate) fn controller_for(doctype: &str) -> &'static dyn Controller {
    match doctype {
        social_login_key::NAME => &social_login_key::SocialLoginKey,
        user::NAME => &user::User,
        role::NAME => &role::Role,
        system_settings::NAME => &system_settings::SystemSettings,
        website_settings::NAME => &website_settings::WebsiteSettings,
        todo::NAME => &todo::ToDo,
        custom_field::NAME => &custom_field::CustomField,
        _ => &Plain,
    }
}
