//! The `User` controller (`frappe/core/doctype/user/user.py`): the name is the e-mail address,
//! and roles decide the user type. Frappe v14, v15 and develop neither add System Manager to
//! anyone nor refuse to disable or delete the last System Manager (`User.validate` and
//! `User.on_trash` have no such step; the sentences exist only in translation files).
//!
//! Not emulated (501): a new password while System Settings' password policy is on (Frappe
//! scores it with zxcvbn), apart from the letter runs `password_policy` decides, role and module profiles, user e-mails, and the background jobs
//! (`create_contact`, gravatar) whose results a request does not show.

use serde_json::{json, Value};

use super::{Controller, RowFilter};
use crate::context::{Context, Effect};
use crate::document::Document;
use crate::email::validate_email;
use crate::errors::{
    not_emulated, random_hash, Failure, FrappeError, ServerMessage, ATTRIBUTE_ERROR, DOES_NOT_EXIST_ERROR,
    VALIDATION_ERROR,
};
use crate::mariadb;
use crate::meta::DocType;
use crate::permissions::{Action, ADMINISTRATOR, GUEST};
use crate::python::{cint, cstr, scrub, truthy, type_name};
use crate::store::row_name;
use crate::users::{has_desk_access, social_login_row, ROLE, USER};
use crate::version::FrappeVersion;

pub(crate) use crate::meta::doctypes::user::NAME;

/// `frappe.STANDARD_USERS`.
const STANDARD_USERS: [&str; 2] = [GUEST, ADMINISTRATOR];

/// `throttle_user_limit`'s default: users created within the last hour.
const THROTTLE_USER_LIMIT: usize = 60;

pub(crate) struct User;

fn is_standard(name: &str) -> bool {
    STANDARD_USERS.contains(&name)
}

/// The role names of the `roles` rows.
fn role_names(doc: &Document) -> Vec<String> {
    doc.table("roles").iter().map(|row| cstr(row.get("role"))).collect()
}

/// Appends a row the way `doc.append()` does during `validate()`: after `_set_defaults`, so
/// without `__unsaved`, numbered after the existing rows, and a draft (`_init_child` sets
/// `docstatus` 0). `db_insert` then names the row and stamps it with its own insert time and
/// the session user (`lifecycle::stamp_rows_without_creation`).
fn append_row(doc: &mut Document, fieldname: &str, mut row: Document) {
    let parent = doc.get("name").clone();
    let rows = doc.table_mut(fieldname);
    row.set("idx", Value::from(rows.len() + 1));
    row.set("parent", parent);
    row.set("name", Value::from(random_hash(10)));
    row.set("docstatus", Value::from(0));
    // New to the database: `write_plan` inserts it (the flag is gone from the answer).
    row.set("__islocal", Value::from(1));
    rows.push(row);
}

impl User {
    /// `ensure_unique_roles()`, with Python's habit of skipping the element after one it
    /// removes from the list it iterates.
    fn ensure_unique_roles(doc: &mut Document) {
        let rows = doc.table_mut("roles");
        let mut seen: Vec<String> = Vec::new();
        let mut index = 0;
        while index < rows.len() {
            let role = cstr(rows[index].get("role"));
            index += 1;
            if role.is_empty() || seen.contains(&role) {
                rows.remove(index - 1);
            } else {
                seen.push(role);
            }
        }
    }

    /// `validate_username()`: a new user gets `scrub(first_name)`; a username another user has
    /// is dropped (with a suggestion for System Users).
    fn validate_username(ctx: &mut Context, doc: &mut Document) -> Result<(), Failure> {
        let first_name = cstr(doc.get("first_name"));
        if !truthy(doc.get("username")) && doc.is_new() && !first_name.is_empty() {
            doc.set("username", Value::from(scrub(&first_name)));
        }
        let username = doc.get("username").clone();
        if !truthy(&username) {
            return Ok(());
        }
        let Value::String(username) = username else {
            return Err(not_emulated("a non-string username"));
        };
        let username = username.trim_matches([' ', '@']).to_string();
        doc.set("username", Value::from(username.clone()));
        let name = doc.name();
        let exists = |candidate: &str| {
            ctx.state
                .store
                .rows_where(USER, "username", candidate)
                .iter()
                .any(|row| !mariadb::text_eq(row_name(row), &name))
        };
        if exists(&username) {
            let suggestion = if doc.get("user_type").as_str() == Some("System User") {
                let last_name = cstr(doc.get("last_name"));
                let candidates = [scrub(&first_name), scrub(&format!("{first_name} {last_name}"))];
                Some(candidates.into_iter().find(|c| *c != username && !exists(c)))
            } else {
                None
            };
            if let Some(suggestion) = suggestion {
                ctx.msgprint(ServerMessage::plain(format!("Username {username} already exists")));
                if let Some(suggestion) = suggestion {
                    ctx.msgprint(ServerMessage::plain(format!("Suggested Username: {suggestion}")));
                }
            }
            doc.set("username", Value::from(""));
        }
        Ok(())
    }
}

impl Controller for User {
    /// `autoname()`: the e-mail address, stripped and lower-cased (written back to `email`).
    fn autoname(&self, _ctx: &mut Context, doc: &mut Document) -> Result<Option<String>, Failure> {
        if truthy(doc.get("is_admin")) || truthy(doc.get("is_guest")) {
            return Err(not_emulated("is_admin / is_guest in a User body"));
        }
        let email = match doc.get("email") {
            Value::String(email) => email.trim_matches(crate::python::is_python_space).to_lowercase(),
            other => {
                return Err(FrappeError::raise(
                    ATTRIBUTE_ERROR,
                    format!("'{}' object has no attribute 'strip'", type_name(other)),
                )
                .into())
            }
        };
        doc.set("email", Value::from(email.clone()));
        Ok(Some(email))
    }

    /// `throttle_user_creation()`: more than 60 users created within an hour.
    fn before_insert(&self, ctx: &mut Context, _doc: &mut Document) -> Result<(), Failure> {
        let hour_ago = ctx.state.store.now().minus_seconds(3600).fresh();
        let recent = ctx
            .state
            .store
            .rows(USER)
            .into_iter()
            .filter(|row| {
                row.get("creation")
                    .and_then(Value::as_str)
                    .is_some_and(|c| c >= hour_ago.as_str())
            })
            .count();
        if recent > THROTTLE_USER_LIMIT {
            return Err(FrappeError::throw(VALIDATION_ERROR, "Throttled").into());
        }
        Ok(())
    }

    fn validate(
        &self,
        ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        let new_password = doc.get("new_password").clone();
        doc.set("__new_password", new_password.clone());
        doc.set("new_password", Value::from(""));
        if truthy(&new_password) {
            if !new_password.is_string() {
                return Err(not_emulated("a non-string new_password"));
            }
            if ctx.state.single_flag("System Settings", "enable_password_policy") && !ctx.generated_password {
                let user_inputs = ["first_name", "middle_name", "last_name", "email"].map(|key| doc.get(key));
                crate::password_policy::check(new_password.as_str().unwrap_or_default(), &user_inputs)?;
            }
        }
        let name = doc.name();
        if !is_standard(&name) {
            doc.set("email", Value::from(name.clone()));
            validate_email(&name)?;
        }
        // check_roles_added, with the user type as sent (or defaulted).
        if doc.get("user_type").as_str() == Some("System User") && doc.table("roles").is_empty() && doc.is_new() {
            let message = ServerMessage {
                primary_action: Some(json!({
                    "label": "Add Roles",
                    "client_action": "frappe.set_route",
                    "args": ["Form", USER, name],
                })),
                ..ServerMessage::plain(format!(
                    "Newly created user <strong>{name}</strong> has no roles enabled."
                ))
                .titled("No Roles Specified")
                .indicator("orange")
            };
            ctx.msgprint(message);
        }
        // set_system_user: both user types a plain site has are standard, so the roles decide.
        let user_type = if has_desk_access(&ctx.state.store, &role_names(doc)) {
            "System User"
        } else {
            "Website User"
        };
        doc.set("user_type", Value::from(user_type));
        // set_full_name
        let parts: Vec<String> = ["first_name", "last_name"]
            .iter()
            .map(|f| doc.get(f).clone())
            .filter(truthy)
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(not_emulated("a non-string first or last name")),
            })
            .collect::<Result<_, _>>()?;
        doc.set("full_name", Value::from(parts.join(" ")));
        // check_enable_disable
        if cint(doc.get("enabled")) == 0 {
            if is_standard(&name) {
                return Err(FrappeError::throw(VALIDATION_ERROR, format!("User {name} cannot be disabled")).into());
            }
            ctx.effects.push(Effect::EndSessions { user: name.clone() });
        }
        // check_enable_disable → toggle_notifications (v14, v15 and develop): a user not yet
        // in the database has no Notification Settings (`after_insert` creates them), so
        // `frappe.get_doc` throws DoesNotExistError and `toggle_notifications` catches it
        // (`frappe/desk/doctype/notification_settings/notification_settings.py`).
        if ctx.state.store.find(USER, &name).is_none() {
            ctx.caught_throw(DOES_NOT_EXIST_ERROR);
        }
        // develop's `disable_email_fields_if_user_disabled` (called by `check_enable_disable`).
        if ctx.site.version == FrappeVersion::Develop && cint(doc.get("enabled")) == 0 {
            for field in ["thread_notify", "send_me_a_copy", "allowed_in_mentions"] {
                doc.set(field, Value::from(0));
            }
        }
        User::ensure_unique_roles(doc);
        if name == GUEST {
            doc.table_mut("roles")
                .retain(|row| row.get("role").as_str() == Some(GUEST));
        }
        User::validate_username(ctx, doc)?;
        // remove_disabled_roles
        let disabled: Vec<String> = ctx
            .state
            .store
            .rows_where(ROLE, "disabled", "1")
            .into_iter()
            .map(|row| row_name(row).to_string())
            .collect();
        doc.table_mut("roles")
            .retain(|row| !disabled.contains(&cstr(row.get("role"))));
        if cstr(doc.get("user_image")).chars().count() > 2000 {
            return Err(FrappeError::throw(VALIDATION_ERROR, "Not a valid User Image.").into());
        }
        // set_time_zone
        if !truthy(doc.get("time_zone")) {
            let zone = cstr(&ctx.state.single_value("System Settings", "time_zone"));
            let zone = if zone.is_empty() {
                "Asia/Kolkata".to_string()
            } else {
                zone
            };
            doc.set("time_zone", Value::from(zone));
        }
        let has_frappe_id = doc
            .table("social_logins")
            .iter()
            .any(|row| row.get("provider").as_str() == Some("frappe"));
        if !is_standard(&name) && !has_frappe_id {
            append_row(doc, "social_logins", social_login_row("frappe", &random_hash(39)));
        }
        Ok(())
    }

    /// `on_update()`: the password given on create is set; a welcome mail is attempted (no
    /// outgoing Email Account on the site: an alert and an Error Log instead).
    fn on_update(&self, ctx: &mut Context, doc: &mut Document, previous: Option<&Document>) -> Result<(), Failure> {
        let name = doc.name();
        let new_password = doc.get("__new_password").clone();
        doc.remove("__new_password");
        let password = new_password.as_str().filter(|p| !p.is_empty()).map(str::to_string);
        if previous.is_none() {
            if is_standard(&name) {
                return Ok(());
            }
            if let Some(password) = password {
                ctx.effects.push(Effect::SetLoginPassword {
                    user: name.clone(),
                    password,
                });
            }
            if cint(doc.get("send_welcome_email")) != 0 && !ctx.no_welcome_mail {
                // reset_password(): a key for the link of the mail, set with db_set.
                let now = ctx.state.store.now();
                doc.set("reset_password_key", Value::from(random_hash(64)));
                doc.set("last_reset_password_key_generated_on", Value::from(now.fresh()));
                // sendmail raises OutgoingEmailError; the handler clears its message and
                // shows an alert instead.
                ctx.msgprint(ServerMessage::alert(
                    "Please setup default outgoing Email Account from Settings > Email Account",
                    None,
                ));
            }
        } else if let Some(password) = password {
            ctx.effects.push(Effect::SetLoginPassword {
                user: name.clone(),
                password,
            });
            if cint(doc.get("logout_all_sessions")) != 0 {
                ctx.effects.push(Effect::EndSessions { user: name });
            }
        }
        Ok(())
    }

    /// `on_trash()`: not Administrator or Guest; the user's
    /// sessions end and their ToDos go (assigned ones lose `assigned_by`).
    fn on_trash(&self, ctx: &mut Context, doc: &Document) -> Result<(), Failure> {
        let name = doc.name();
        if is_standard(&name) {
            return Err(FrappeError::throw(VALIDATION_ERROR, format!("User {name} cannot be deleted")).into());
        }
        ctx.effects.push(Effect::EndSessions { user: name.clone() });
        ctx.effects.push(Effect::DeleteRows {
            doctype: "ToDo",
            column: "allocated_to",
            value: name.clone(),
        });
        ctx.effects.push(Effect::ClearColumn {
            doctype: "ToDo",
            column: "assigned_by",
            value: name,
        });
        Ok(())
    }

    /// `has_permission`: only Administrator may see or edit Administrator and Guest.
    fn has_permission(&self, ctx: &Context, doc: &Document, _action: Action) -> Option<bool> {
        (ctx.user != ADMINISTRATOR && is_standard(&doc.name())).then_some(false)
    }

    /// Every user's own User document is shared with them for read, write and share
    /// (`User.share_with_self` in `on_update`; not for Administrator and Guest).
    fn shared_names(&self, ctx: &Context) -> Vec<String> {
        if is_standard(&ctx.user) {
            Vec::new()
        } else {
            vec![ctx.user.clone()]
        }
    }

    /// `get_permission_query_conditions`: only Administrator lists Administrator and Guest.
    fn list_condition(&self, ctx: &Context) -> Option<RowFilter> {
        (ctx.user != ADMINISTRATOR).then(|| -> RowFilter { Box::new(|row| !is_standard(row_name(row))) })
    }

    fn own_password_fields(&self) -> &'static [&'static str] {
        &["new_password"]
    }
}
