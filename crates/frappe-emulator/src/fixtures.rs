//! What a fresh Frappe site holds before any request: the standard roles, the Administrator
//! and Guest users, and the Singles (System, Website and Portal Settings).
//!
//! Roles are what `frappe/utils/install.py` and the DocType sync create on a plain site (every
//! role named in a DocPerm row, plus the automatic ones). System Settings hold what the setup
//! wizard wrote for the site's answers (`setup_wizard.rs`).

use serde_json::Value;

use super::context::Context;
use super::document::Document;
use super::errors::{random_hash, Failure};
use super::lifecycle::{new_document, seed};
use super::meta::{Versions, ALL, DEV_ONLY};
use super::permissions::{ADMINISTRATOR, GUEST};
use super::python::truthy;
use super::setup_wizard::{self, standard_users_time_zone};
use super::users::{HAS_ROLE, ROLE, USER};
use super::EmulatorConfig;

/// Roles of a plain site, per release line.
const STANDARD_ROLES: &[(Versions, &str)] = &[
    (ALL, "Accounts Manager"),
    (ALL, "Accounts User"),
    (ALL, "Administrator"),
    (ALL, "All"),
    (ALL, "Blogger"),
    (ALL, "Dashboard Manager"),
    (ALL, "Desk User"),
    (ALL, "Guest"),
    (ALL, "Inbox User"),
    (ALL, "Knowledge Base Contributor"),
    (ALL, "Knowledge Base Editor"),
    (ALL, "Maintenance Manager"),
    (ALL, "Maintenance User"),
    (DEV_ONLY, "Marketing Manager"),
    (ALL, "Newsletter Manager"),
    (ALL, "Prepared Report User"),
    (ALL, "Purchase Manager"),
    (ALL, "Purchase Master Manager"),
    (ALL, "Purchase User"),
    (ALL, "Report Manager"),
    (ALL, "Sales Manager"),
    (ALL, "Sales Master Manager"),
    (ALL, "Sales User"),
    (ALL, "Script Manager"),
    (ALL, "System Manager"),
    (ALL, "Translator"),
    (ALL, "Website Manager"),
    (ALL, "Workspace Manager"),
];

/// Fills a fresh site.
pub(crate) fn seed_site(ctx: &mut Context, config: &EmulatorConfig) -> Result<(), Failure> {
    let version = ctx.site.version;
    let roles: Vec<&str> = STANDARD_ROLES
        .iter()
        .filter(|(versions, _)| versions.contains(version))
        .map(|(_, role)| *role)
        .collect();
    if let Some(meta) = ctx.meta(ROLE) {
        for role in &roles {
            let mut doc = Document::new(ROLE);
            doc.set("name", Value::from(*role));
            doc.set("role_name", Value::from(*role));
            // Only Guest lacks desk access on a plain site (Role.set_desk_properties).
            doc.set("desk_access", Value::from(i64::from(*role != GUEST)));
            seed(ctx, &meta, doc)?;
        }
    }
    // `after_install` creates Administrator and Guest before the setup wizard runs: they get
    // no `language` (no site default yet).
    if let Some(meta) = ctx.meta(USER) {
        let admin_key = config.admin_api_key.clone().unwrap_or_else(|| random_hash(15));
        let admin_secret = config.admin_api_secret.clone().unwrap_or_else(|| random_hash(15));
        let mut admin = standard_user(ADMINISTRATOR, "admin@example.com", "System User", &roles);
        admin.set("time_zone", Value::from(standard_users_time_zone(version)));
        admin.set("api_key", Value::from(admin_key));
        admin.set("api_secret", Value::from(admin_secret));
        seed(ctx, &meta, admin)?;
        let mut guest = standard_user(GUEST, "guest@example.com", "Website User", &[GUEST]);
        guest.set("time_zone", Value::from(standard_users_time_zone(version)));
        seed(ctx, &meta, guest)?;
    }
    seed_singles(ctx, config)?;
    for user in &config.users {
        let roles: Vec<&str> = user.roles.iter().map(String::as_str).collect();
        let credentials = (user.api_key.clone(), user.api_secret.clone());
        crate::users::add_user(ctx, &user.email, None, &roles, Some(credentials))?;
    }
    Ok(())
}

/// Administrator or Guest as `install_basic_docs` creates them (Administrator then gets every
/// role, `add_all_roles_to`).
fn standard_user(name: &str, email: &str, user_type: &str, roles: &[&str]) -> Document {
    let mut doc = Document::new(USER);
    for (key, value) in [
        ("name", name),
        ("first_name", name),
        ("full_name", name),
        ("email", email),
        ("user_type", user_type),
        ("username", &name.to_lowercase()),
    ] {
        doc.set(key, Value::from(value));
    }
    doc.set("enabled", Value::from(1));
    doc.set("thread_notify", Value::from(0));
    doc.set("send_me_a_copy", Value::from(0));
    // `send_welcome_email` keeps its default (1): `install_basic_docs` does not set it.
    // `User.validate` cleared `new_password`.
    doc.set("new_password", Value::from(""));
    let rows = roles
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
    doc.set_table("roles", rows);
    doc
}

/// System, Website and Portal Settings with their defaults and the site's setup values.
fn seed_singles(ctx: &mut Context, config: &EmulatorConfig) -> Result<(), Failure> {
    let version = ctx.site.version;
    let mut system_settings: Vec<(&str, Value)> = setup_wizard::system_settings()
        .into_iter()
        .filter(|(versions, _, _)| versions.contains(version))
        .map(|(_, key, value)| (key, value))
        .collect();
    system_settings.push(("allow_error_traceback", Value::from(i64::from(config.tracebacks))));
    let setup: [(&str, &[(&str, Value)]); 3] = [
        ("System Settings", &system_settings),
        ("Website Settings", &[]),
        ("Portal Settings", &[]),
    ];
    for (doctype, values) in setup {
        let Some(meta) = ctx.meta(doctype) else {
            continue;
        };
        let mut doc = new_document(ctx, &meta);
        for (key, value) in values {
            if meta.field(key).is_some() {
                doc.set(key, value.clone());
            }
        }
        doc.set("idx", Value::from(0));
        let doc = seed(ctx, &meta, doc)?;
        debug_assert!(!truthy(doc.get("__islocal")));
    }
    Ok(())
}
