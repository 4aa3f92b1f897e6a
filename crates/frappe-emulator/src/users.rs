//! Users and roles as the rest of the site sees them: `frappe.get_roles`, `is_system_user`,
//! and the test helper that creates a user with API credentials.

use serde_json::{json, Value};

use super::context::Context;
use super::document::Document;
use super::errors::{random_hash, Failure};
use super::lifecycle;
use super::permissions::{ADMINISTRATOR, ALL_ROLE, DESK_USER_ROLE, GUEST};
use super::python::{cint, cstr, scrub};
use super::store::{row_name, Store};

pub(crate) const USER: &str = "User";
pub(crate) const ROLE: &str = "Role";
pub(crate) const HAS_ROLE: &str = "Has Role";

/// `frappe.get_roles(user)`: Guest has only Guest; Administrator every role; others their
/// `Has Role` rows plus All, Guest and (for System Users) Desk User.
pub(crate) fn roles_of(store: &Store, user: &str) -> Vec<String> {
    if user == GUEST || user.is_empty() {
        return vec![GUEST.to_string()];
    }
    if user == ADMINISTRATOR {
        return store.rows(ROLE).into_iter().map(|r| row_name(r).to_string()).collect();
    }
    let automatic = [GUEST, ALL_ROLE, DESK_USER_ROLE, ADMINISTRATOR];
    let mut roles: Vec<String> = store
        .children(HAS_ROLE, USER, user, "roles")
        .into_iter()
        .map(|row| cstr(row.get("role").unwrap_or(&Value::Null)))
        .filter(|role| !automatic.contains(&role.as_str()))
        .collect();
    roles.push(ALL_ROLE.to_string());
    roles.push(GUEST.to_string());
    if is_system_user(store, user) {
        roles.push(DESK_USER_ROLE.to_string());
    }
    roles
}

/// `user_type == "System User"`.
pub(crate) fn is_system_user(store: &Store, user: &str) -> bool {
    store
        .find(USER, user)
        .is_some_and(|row| row.get("user_type").and_then(Value::as_str) == Some("System User"))
}

/// `User.has_desk_access()`: one of the roles has `desk_access` 1.
pub(crate) fn has_desk_access(store: &Store, roles: &[String]) -> bool {
    roles.iter().any(|role| {
        store
            .find(ROLE, role)
            .is_some_and(|row| cint(row.get("desk_access").unwrap_or(&Value::Null)) == 1)
    })
}

/// Creates (or updates) a user with exactly these roles and fresh API credentials, as a
/// test's setup would through the database: roles that do not exist are created (with desk
/// access), and no controller rule runs (no welcome mail, no System Manager added). A new user
/// holds what `User.validate` would have set for that first name (the e-mail's local part
/// when none is given): `full_name`, a free `username`, the site's time zone, an empty
/// `new_password` and a "frappe" social login id.
pub(crate) fn add_user(
    ctx: &mut Context,
    email: &str,
    first_name: Option<&str>,
    roles: &[&str],
    credentials: Option<(String, String)>,
) -> Result<(String, String, String), Failure> {
    let name = email.trim().to_lowercase();
    let role_meta = ctx.meta(ROLE);
    for role in roles {
        let exists = ctx.state.store.find(ROLE, role).is_some();
        if let (false, Some(meta)) = (exists, &role_meta) {
            let mut doc = Document::new(ROLE);
            doc.set("name", Value::from(*role));
            doc.set("role_name", Value::from(*role));
            doc.set("desk_access", Value::from(1));
            lifecycle::seed(ctx, meta, doc)?;
        }
    }
    let Some(meta) = ctx.meta(USER) else {
        return Err(super::errors::not_emulated("users without the User DocType"));
    };
    let schema = ctx.schema();
    let mut doc = match ctx.state.store.find(USER, &name) {
        Some(row) => super::document::load(&schema, &meta, &ctx.state.store, row),
        None => {
            let first_name =
                first_name.map_or_else(|| name.split('@').next().unwrap_or(&name).to_string(), str::to_string);
            let username = scrub(&first_name);
            let username_free = ctx.state.store.rows_where(USER, "username", &username).is_empty();
            let time_zone = ctx.state.single_value("System Settings", "time_zone");
            let mut doc = Document::new(USER);
            doc.set("name", Value::from(name.clone()));
            doc.set("email", Value::from(name.clone()));
            doc.set("first_name", Value::from(first_name.clone()));
            doc.set("full_name", Value::from(first_name));
            if username_free {
                doc.set("username", Value::from(username));
            }
            doc.set("time_zone", time_zone);
            doc.set("new_password", Value::from(""));
            doc.set("send_welcome_email", Value::from(0));
            doc.set_table("social_logins", vec![social_login_row("frappe", &random_hash(39))]);
            doc
        }
    };
    let role_rows = roles
        .iter()
        .map(|role| {
            let mut row = Document::new(HAS_ROLE);
            row.set("role", Value::from(*role));
            row.set("parentfield", Value::from("roles"));
            row.set("parenttype", Value::from(USER));
            row.set("__islocal", Value::from(1));
            row
        })
        .collect();
    doc.set_table("roles", role_rows);
    let role_names: Vec<String> = roles.iter().map(|r| (*r).to_string()).collect();
    let user_type = if has_desk_access(&ctx.state.store, &role_names) {
        "System User"
    } else {
        "Website User"
    };
    doc.set("user_type", Value::from(user_type));
    let (api_key, api_secret) = credentials.unwrap_or_else(|| (random_hash(15), random_hash(15)));
    doc.set("api_key", Value::from(api_key.clone()));
    doc.set("api_secret", Value::from(api_secret.clone()));
    let name = lifecycle::seed(ctx, &meta, doc)?.name();
    Ok((name, api_key, api_secret))
}

/// A `User Social Login` row.
pub(crate) fn social_login_row(provider: &str, userid: &str) -> Document {
    let mut row = Document::new("User Social Login");
    for (key, value) in [
        ("provider", json!(provider)),
        ("userid", json!(userid)),
        ("parentfield", json!("social_logins")),
        ("parenttype", json!(USER)),
        ("__islocal", json!(1)),
    ] {
        row.set(key, value);
    }
    row
}
