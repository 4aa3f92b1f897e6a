//! User and Role over real HTTP (notes/frappe-behaviour.md, section 6).
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::FrappeVersion;
use reqwest::Method;
use serde_json::{json, Value};
use support::{first_message, is_hex, keys, resource, role_names, server_messages, Site};

fn user(email: &str, roles: &[&str]) -> Value {
    let roles: Vec<Value> = roles.iter().map(|r| json!({"role": r})).collect();
    json!({"email": email, "first_name": "Ada", "send_welcome_email": 0, "roles": roles})
}

#[tokio::test]
async fn a_user_is_named_by_email_with_role_rows() {
    let site = Site::start().await;
    let created = site
        .create("User", &user(" Apx-Case@Example.COM ", &["System Manager"]))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let data = created.data();
    assert_eq!(data["name"], "apx-case@example.com");
    assert_eq!(data["email"], "apx-case@example.com");
    assert_eq!(data["user_type"], "System User");
    assert_eq!(data["full_name"], "Ada");
    assert_eq!(data["username"], "ada");
    assert_eq!(data["new_password"], "");
    assert_eq!(data["enabled"], 1);
    assert_eq!(data["language"], "en", "Link default from the site's defaults");
    assert_eq!(data["time_zone"], "UTC", "the site's time zone");
    assert!(created.body.get("_server_messages").is_none(), "no mail, no warning");
    let row = &data["roles"][0];
    assert_eq!(
        keys(row),
        [
            "name",
            "owner",
            "creation",
            "modified",
            "modified_by",
            "docstatus",
            "idx",
            "role",
            "parent",
            "parentfield",
            "parenttype",
            "doctype",
            "__unsaved"
        ]
    );
    assert!(is_hex(row["name"].as_str().unwrap(), 10));
    assert_eq!(row["parent"], "apx-case@example.com");
    assert_eq!(row["parenttype"], "User");
    assert_eq!(row["parentfield"], "roles");
    assert_eq!(row["doctype"], "Has Role");
    assert_eq!(row["idx"], 1);
    assert_eq!(row["__unsaved"], 1);
    // Every user gets a "frappe" social login id at validation.
    let social = data["social_logins"].as_array().unwrap();
    assert_eq!(social.len(), 1);
    assert_eq!(social[0]["provider"], "frappe");
    assert!(is_hex(social[0]["userid"].as_str().unwrap(), 39));
    // GET: no `__unsaved`, tables always present.
    let read = site.get("User", "APX-CASE@example.com").await;
    assert_eq!(read.status, 200);
    assert!(read.data()["roles"][0].get("__unsaved").is_none());
    // The row appended at validation is stored too.
    assert_eq!(read.data()["social_logins"][0]["userid"], social[0]["userid"]);
    assert_eq!(read.data()["block_modules"], json!([]));
    assert_eq!(read.data()["doctype"], "User");
}

#[tokio::test]
async fn required_and_invalid_fields() {
    let site = Site::start().await;
    let reply = site
        .create("User", &json!({"email": "a@example.com", "send_welcome_email": 0}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "MandatoryError");
    assert_eq!(
        reply.body["exception"],
        "frappe.exceptions.MandatoryError: [User, a@example.com]: first_name"
    );
    // Messages printed before the exception stay in the log: validate() warned first.
    let messages = server_messages(&reply.body);
    assert_eq!(
        messages[0]["message"],
        "Newly created user <strong>a@example.com</strong> has no roles enabled."
    );
    assert_eq!(messages[1]["message"], "Error: Value missing for User: First Name");
    // No email: autoname strips None (500).
    let reply = site.create("User", &json!({"first_name": "A"})).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["exc_type"], "AttributeError");
    assert_eq!(
        reply.body["exception"],
        "AttributeError: 'NoneType' object has no attribute 'strip'"
    );
    let reply = site
        .create("User", &json!({"email": "not-an-address", "first_name": "A"}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "InvalidEmailAddressError");
    assert_eq!(
        first_message(&reply.body),
        "not-an-address is not a valid Email Address"
    );
    assert!(site.emulator.document_of("User", "not-an-address").is_none());
}

#[tokio::test]
async fn the_welcome_mail_fails_without_an_outgoing_account() {
    let site = Site::start().await;
    let mut body = user("mail@example.com", &["Blogger"]);
    body.as_object_mut().unwrap().remove("send_welcome_email");
    let reply = site.create("User", &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["send_welcome_email"], 1, "default 1");
    let messages = server_messages(&reply.body);
    let alert = messages.last().unwrap();
    assert_eq!(
        alert["message"],
        "Please setup default outgoing Email Account from Settings > Email Account"
    );
    assert_eq!(alert["alert"], 1);
    // The link of the mail was made before sending failed.
    assert!(is_hex(reply.data()["reset_password_key"].as_str().unwrap(), 64));
}

/// `frappe/core/doctype/user/user.py` `User.validate` (version-14, version-15, develop) has no step
/// that adds a role: the first System User keeps exactly the roles sent (observed on v15.55.1).
#[tokio::test]
async fn a_new_user_keeps_exactly_the_roles_sent_on_every_line() {
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let site = Site::version(version).await;
        let reply = site
            .create("User", &user("first@example.com", &["Blogger", "Sales User"]))
            .await;
        assert_eq!(reply.status, 200, "{version:?} {}", reply.text);
        let roles = role_names(reply.data());
        assert_eq!(roles, ["Blogger", "Sales User"], "{version:?}");
    }
}

#[tokio::test]
async fn a_user_without_roles_is_a_website_user_with_a_warning() {
    let site = Site::start().await;
    let reply = site.create("User", &user("web@example.com", &[])).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["user_type"], "Website User");
    let messages = server_messages(&reply.body);
    assert_eq!(
        messages[0]["message"],
        "Newly created user <strong>web@example.com</strong> has no roles enabled."
    );
    assert_eq!(messages[0]["title"], "No Roles Specified");
    assert_eq!(messages[0]["indicator"], "orange");
    assert_eq!(
        messages[0]["primary_action"],
        json!({"label": "Add Roles", "client_action": "frappe.set_route", "args": ["Form", "User", "web@example.com"]})
    );
}

#[tokio::test]
async fn put_roles_replaces_the_table() {
    let site = Site::start().await;
    let created = site
        .create("User", &user("r@example.com", &["Blogger", "Sales User"]))
        .await;
    let rows = created.data()["roles"].as_array().unwrap().clone();
    let blogger_row = rows[0]["name"].as_str().unwrap().to_string();
    // Row 1 updated in place (name kept, role changed); a new row; row 2 dropped; a
    // repeated role dropped silently.
    let reply = site
        .put(
            "User",
            "r@example.com",
            &json!({"roles": [
                {"name": blogger_row, "role": "Purchase User"},
                {"role": "Website Manager"},
                {"role": "Website Manager"},
            ]}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let rows = reply.data()["roles"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], blogger_row.as_str());
    assert_eq!(rows[0]["role"], "Purchase User");
    assert!(rows[0].get("__unsaved").is_none());
    assert_eq!(rows[1]["role"], "Website Manager");
    assert_eq!(rows[1]["idx"], 2);
    assert_eq!(rows[1]["__unsaved"], 1);
    let stored = site.get("User", "r@example.com").await;
    let roles = role_names(stored.data());
    assert_eq!(roles, ["Purchase User", "Website Manager"]);
    // No `roles` key: unchanged. `[]`: none.
    let reply = site.put("User", "r@example.com", &json!({"last_name": "L"})).await;
    assert_eq!(reply.data()["roles"].as_array().unwrap().len(), 2);
    assert_eq!(reply.data()["full_name"], "Ada L");
    let reply = site.put("User", "r@example.com", &json!({"roles": []})).await;
    assert_eq!(reply.data()["roles"], json!([]));
    assert_eq!(reply.data()["user_type"], "Website User");
    // Unknown roles and plain strings.
    let reply = site
        .put("User", "r@example.com", &json!({"roles": [{"role": "Nope"}]}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "LinkValidationError");
    assert_eq!(first_message(&reply.body), "Could not find Row #1: Role: Nope");
    let reply = site.put("User", "r@example.com", &json!({"roles": ["Blogger"]})).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["exc_type"], "TypeError");
}

#[tokio::test]
async fn user_type_follows_the_roles_desk_access() {
    let site = Site::start().await;
    let role = site
        .create("Role", &json!({"role_name": "Portal Member", "desk_access": 0}))
        .await;
    assert_eq!(role.status, 200, "{}", role.text);
    assert_eq!(role.data()["name"], "Portal Member");
    // `frappe/core/doctype/role/role.json` has no desk properties on any line.
    assert!(role.data().get("search_bar").is_none());
    let mut body = user("p@example.com", &["Portal Member"]);
    body["user_type"] = json!("System User");
    let reply = site.create("User", &body).await;
    assert_eq!(reply.data()["user_type"], "Website User", "a sent value is overwritten");
    let reply = site
        .put(
            "User",
            "p@example.com",
            &json!({"user_type": "Website User", "roles": [{"role": "Blogger"}]}),
        )
        .await;
    assert_eq!(reply.data()["user_type"], "System User");
    let reply = site.put("User", "p@example.com", &json!({"user_type": "Robot"})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Could not find User Type: Robot");
    // Giving a role desk access re-types its users.
    site.put("User", "p@example.com", &json!({"roles": [{"role": "Portal Member"}]}))
        .await;
    let reply = site.put("Role", "Portal Member", &json!({"desk_access": 1})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        site.get("User", "p@example.com").await.data()["user_type"],
        "System User"
    );
}

#[tokio::test]
/// `frappe/core/doctype/user/user.py` `User.check_enable_disable` and `User.on_trash` refuse only
/// Administrator and Guest: the only System Manager besides Administrator may be disabled (200)
/// and deleted (202), as on the v15.55.1 site.
async fn only_administrator_and_guest_cannot_be_disabled_or_deleted() {
    let site = Site::start().await;
    site.create("User", &user("only@example.com", &["System Manager"]))
        .await;
    let reply = site.put("User", "only@example.com", &json!({"enabled": 0})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["enabled"], 0);
    let reply = site.delete("User", "only@example.com").await;
    assert_eq!((reply.status, reply.text.as_str()), (202, r#"{"data":"ok"}"#));
    let reply = site.put("User", "Administrator", &json!({"enabled": 0})).await;
    assert_eq!(first_message(&reply.body), "User Administrator cannot be disabled");
    let reply = site.delete("User", "Administrator").await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "User Administrator cannot be deleted");

    let mut body = user("off@example.com", &["Blogger"]);
    body["enabled"] = json!(0);
    let reply = site.create("User", &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["enabled"], 0);
    // Deleting a user removes the ToDos allocated to them.
    let todo = site
        .create(
            "ToDo",
            &json!({"description": "call", "allocated_to": "off@example.com"}),
        )
        .await;
    assert_eq!(todo.status, 200, "{}", todo.text);
    let reply = site.delete("User", "off@example.com").await;
    assert_eq!((reply.status, reply.text.as_str()), (202, r#"{"data":"ok"}"#));
    assert!(site.emulator.documents_of("ToDo").is_empty());
    assert!(site.emulator.document_of("User", "off@example.com").is_none());
}

#[tokio::test]
async fn a_link_from_another_document_blocks_deleting_a_user() {
    let site = Site::start().await;
    site.create("User", &user("linked@example.com", &["Blogger"])).await;
    let field = site
        .create(
            "Custom Field",
            &json!({"dt": "Role", "label": "Owner User", "fieldtype": "Link", "options": "User"}),
        )
        .await;
    assert_eq!(field.status, 200, "{}", field.text);
    site.create(
        "Role",
        &json!({"role_name": "Linked", "custom_owner_user": "linked@example.com"}),
    )
    .await;
    let reply = site.delete("User", "linked@example.com").await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "LinkExistsError");
    let messages = server_messages(&reply.body);
    assert_eq!(
        messages[0]["message"],
        "Cannot delete or cancel because User <a href=\"/app/Form/User/linked@example.com\">linked@example.com</a> is linked with Role <a href=\"/app/Form/Role/Linked\">Linked</a> "
    );
    assert_eq!(
        messages[1]["message"],
        "You can disable this User instead of deleting it."
    );
    assert!(site.emulator.document_of("User", "linked@example.com").is_some());
}

#[tokio::test]
async fn passwords_and_secrets() {
    let site = Site::start().await;
    let mut body = user("pw@example.com", &["Blogger"]);
    body["new_password"] = json!("Correct-Horse-9-Battery");
    let reply = site.create("User", &body).await;
    assert_eq!(reply.status, 501, "the password policy (zxcvbn) is on by default");
    let reply = site
        .put(
            "System Settings",
            "System Settings",
            &json!({"enable_password_policy": 0}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["minimum_password_score"], "");
    let reply = site.create("User", &body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["new_password"], "");
    let reply = site
        .put(
            "User",
            "pw@example.com",
            &json!({"api_key": "k1", "api_secret": "s3cret"}),
        )
        .await;
    assert_eq!(reply.data()["api_secret"], "******");
    assert_eq!(
        site.emulator
            .stored_password("User", "pw@example.com", "api_secret")
            .as_deref(),
        Some("s3cret")
    );
    let logged = site
        .request(
            Method::GET,
            "/api/method/frappe.auth.get_logged_user",
            Some("token k1:s3cret"),
            None,
            &[],
        )
        .await;
    assert_eq!(logged.body["message"], "pw@example.com");
    let reply = site.put("User", "pw@example.com", &json!({"new_password": 123})).await;
    assert_eq!(reply.status, 501);
}

#[tokio::test]
async fn other_users_are_for_system_managers_only() {
    let site = Site::start().await;
    let manager = site.second_system_manager();
    let blogger = site.emulator.add_user("b@example.com", &["Blogger"]);
    // Desk User's `select` right lists users (emulator_permissions.rs pins the rest); the
    // document of another user is refused: the user may read only their own (shared) one.
    let list = site.as_user(&blogger, Method::GET, &resource("User", None), None).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let other = site
        .as_user(&blogger, Method::GET, &resource("User", Some("sm@example.com")), None)
        .await;
    assert_eq!(other.status, 403);
    assert!(
        first_message(&other.body).ends_with("does not have access to this document: User - sm@example.com"),
        "{}",
        other.text
    );
    // A System Manager lists users but not Administrator and Guest.
    let list = site
        .as_user(
            &manager,
            Method::GET,
            &format!("{}?limit=0", resource("User", None)),
            None,
        )
        .await;
    let names: Vec<&str> = list
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"b@example.com"));
    assert!(
        !names.contains(&"Administrator") && !names.contains(&"Guest"),
        "{names:?}"
    );
    let all = site.list("User", "?limit=0").await;
    assert!(all.text.contains("Administrator"));
}

#[tokio::test]
async fn more_than_sixty_users_an_hour_are_throttled() {
    let site = Site::start().await;
    // Administrator, Guest and the second System Manager count too.
    let mut last = None;
    for i in 0..60 {
        let reply = site
            .create("User", &user(&format!("u{i}@example.com"), &["Blogger"]))
            .await;
        last = Some(reply.status);
        if reply.status != 200 {
            assert_eq!(reply.status, 417);
            assert_eq!(first_message(&reply.body), "Throttled");
            return;
        }
    }
    panic!("never throttled: {last:?}");
}

#[tokio::test]
async fn roles_of_a_fresh_site() {
    let site = Site::start().await;
    let list = site
        .list(
            "Role",
            "?limit=0&fields=%5B%22name%22%2C%22desk_access%22%5D&order_by=name%20asc",
        )
        .await;
    let roles = list.data().as_array().unwrap();
    let find = |name: &str| roles.iter().find(|r| r["name"] == name).cloned();
    for name in [
        "Administrator",
        "System Manager",
        "All",
        "Desk User",
        "Website Manager",
        "Blogger",
    ] {
        assert_eq!(find(name).unwrap()["desk_access"], 1, "{name}");
    }
    assert_eq!(find("Guest").unwrap()["desk_access"], 0);
    // Named by role_name; duplicates and standard roles.
    let reply = site.create("Role", &json!({"role_name": " Auditor "})).await;
    assert_eq!(reply.data()["name"], "Auditor");
    let reply = site.create("Role", &json!({"role_name": "auditor"})).await;
    assert_eq!(reply.status, 409);
    assert_eq!(
        first_message(&reply.body),
        "Role <strong>auditor</strong> already exists"
    );
    let reply = site.create("Role", &json!({"desk_access": 1})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Role Name is required");
    let reply = site.put("Role", "System Manager", &json!({"disabled": 1})).await;
    assert_eq!(first_message(&reply.body), "Standard roles cannot be disabled");
    let reply = site.put("Role", "Guest", &json!({"desk_access": 1})).await;
    assert_eq!(reply.data()["desk_access"], 0, "Guest never has desk access");
}

/// The desk properties (`search_bar`, `notifications`, `list_sidebar`, `bulk_actions`,
/// `view_switcher`, `form_sidebar`, `timeline`, `dashboard`) are fields of
/// `frappe/core/doctype/user/user.json` on version-14, version-15 and develop (Check, default 1),
/// and of no `role.json`: a User keeps them, a Role drops them as unknown keys (as v15.55.1 does).
#[tokio::test]
async fn desk_properties_belong_to_users_not_roles_on_every_line() {
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let site = Site::version(version).await;
        let mut body = user("desk@example.com", &["Blogger"]);
        body["search_bar"] = json!(0);
        let reply = site.create("User", &body).await;
        assert_eq!(reply.status, 200, "{version:?} {}", reply.text);
        assert_eq!(reply.data()["search_bar"], 0, "{version:?}");
        for property in [
            "notifications",
            "list_sidebar",
            "bulk_actions",
            "view_switcher",
            "form_sidebar",
            "timeline",
            "dashboard",
        ] {
            assert_eq!(reply.data()[property], 1, "{version:?} {property}");
        }
        let role = site
            .create(
                "Role",
                &json!({"role_name": "Desk Less", "search_bar": 0, "desk_access": 0}),
            )
            .await;
        assert_eq!(role.status, 200, "{version:?} {}", role.text);
        assert!(role.data().get("search_bar").is_none(), "{version:?}");
        assert!(role.data().get("dashboard").is_none(), "{version:?}");
    }
}

/// A repeated role is removed from the list by `User.ensure_unique_roles`
/// (`frappe/core/doctype/user/user.py`) after `_init_child` (`frappe/model/base_document.py`) has
/// numbered the rows; nothing renumbers them before they are written, so the `idx` gap stays —
/// in the answer and in the stored rows (observed on v15.55.1: idx 1 and 3).
#[tokio::test]
async fn a_dropped_repeated_role_leaves_an_idx_gap() {
    fn rows(body: &serde_json::Value) -> Vec<(String, i64)> {
        body["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["role"].as_str().unwrap().to_string(), r["idx"].as_i64().unwrap()))
            .collect()
    }
    let site = Site::start().await;
    let created = site
        .create("User", &user("gap@example.com", &["Blogger", "Blogger", "Sales User"]))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let expected = vec![("Blogger".to_string(), 1), ("Sales User".to_string(), 3)];
    assert_eq!(rows(created.data()), expected);
    assert_eq!(rows(site.get("User", "gap@example.com").await.data()), expected);
    let updated = site
        .put(
            "User",
            "gap@example.com",
            &json!({"roles": [{"role": "Sales User"}, {"role": "Sales User"}, {"role": "Blogger"}]}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    let expected = vec![("Sales User".to_string(), 1), ("Blogger".to_string(), 3)];
    assert_eq!(rows(updated.data()), expected);
    assert_eq!(rows(site.get("User", "gap@example.com").await.data()), expected);
}

/// `frappe/core/doctype/role/role.py` `validate_homepage` runs `validate_path`
/// (`frappe/website/path_resolver.py`): desk routes and the framework's `www` pages resolve, so
/// the Role is saved with the path as sent (v15.55.1: "/app", "app/todo", "/login" → 200).
#[tokio::test]
async fn a_role_home_page_that_resolves_is_accepted() {
    let site = Site::start().await;
    for (index, path) in ["/app", "app/todo", "/login"].iter().enumerate() {
        let role = format!("Home {index}");
        let reply = site
            .create("Role", &json!({"role_name": role, "home_page": path}))
            .await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        assert_eq!(reply.data()["home_page"], *path);
    }
}

/// The "frappe" Social Login row `User.validate` appends has no `creation` when
/// `set_user_and_timestamp` runs, so `db_insert` stamps it with its own, later moment
/// (`frappe/model/base_document.py` `db_insert`); `_init_child` made it a draft. Later saves
/// give it the parent's `modified` and keep that `creation`.
#[tokio::test]
async fn the_social_login_row_has_its_own_insert_time() {
    let site = Site::start().await;
    let created = site.create("User", &user("stamp@example.com", &["Blogger"])).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let data = created.data();
    let row = &data["social_logins"][0];
    assert_eq!(row["docstatus"], 0);
    assert_eq!(row["owner"], "Administrator");
    assert_eq!(row["creation"], row["modified"]);
    assert!(
        row["creation"].as_str().unwrap() > data["modified"].as_str().unwrap(),
        "inserted after its parent: {} vs {}",
        row["creation"],
        data["modified"]
    );
    // The role row sent in the body takes the parent's timestamp.
    assert_eq!(data["roles"][0]["creation"], data["modified"]);
    let saved = site
        .put("User", "stamp@example.com", &json!({"last_name": "Later"}))
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let after = &saved.data()["social_logins"][0];
    assert_eq!(after["creation"], row["creation"]);
    assert_eq!(after["modified"], saved.data()["modified"]);
}

/// v14: `toggle_notifications` catches the DoesNotExistError `frappe.get_doc` throws for a new
/// user's Notification Settings, but v14's `msgprint` already wrote `exc_type` into the
/// response (`frappe/__init__.py` `msgprint`): a created user's answer carries it, and so does
/// a later MandatoryError, which is raised without `frappe.throw`. v15 does not.
#[tokio::test]
async fn v14_reports_the_caught_does_not_exist_error_of_a_user_insert() {
    let v14 = Site::version(FrappeVersion::V14).await;
    let created = v14.create("User", &user("v14@example.com", &["Blogger"])).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(keys(&created.body), ["exc_type", "data"]);
    assert_eq!(created.body["exc_type"], "DoesNotExistError");
    let updated = v14.put("User", "v14@example.com", &json!({"last_name": "X"})).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert!(updated.body.get("exc_type").is_none(), "the user's settings exist now");
    let missing = v14
        .create(
            "User",
            &json!({"email": "nofirst@example.com", "send_welcome_email": 0}),
        )
        .await;
    assert_eq!(missing.status, 417);
    assert_eq!(missing.body["exc_type"], "DoesNotExistError");
    assert!(missing.body["exception"]
        .as_str()
        .unwrap()
        .starts_with("frappe.exceptions.MandatoryError"));
    let v15 = Site::version(FrappeVersion::V15).await;
    let created = v15.create("User", &user("v15@example.com", &["Blogger"])).await;
    assert!(created.body.get("exc_type").is_none());
}

/// Administrator and Guest as `install_basic_docs` made them before the setup wizard ran:
/// `send_welcome_email` at its default 1, no `language`, the install-time time zone on v14
/// (`get_system_timezone()`'s "Asia/Kolkata") and the site's after v15's `set_timezone`.
#[tokio::test]
async fn standard_users_as_install_and_the_wizard_left_them() {
    for (version, zone) in [
        (FrappeVersion::V14, "Asia/Kolkata"),
        (FrappeVersion::V15, "UTC"),
        (FrappeVersion::Develop, "UTC"),
    ] {
        let site = Site::version(version).await;
        for name in ["Administrator", "Guest"] {
            let data = site.get("User", name).await.data().clone();
            assert_eq!(data["time_zone"], zone, "{version:?} {name}");
            assert_eq!(data["send_welcome_email"], 1, "{version:?} {name}");
            assert_eq!(data["new_password"], "", "{version:?} {name}");
            assert!(
                data.get("language").is_none(),
                "{version:?} {name}: {}",
                data["language"]
            );
        }
    }
}

/// `last_active` (`frappe/sessions.py` `Session.update`): token requests share the Guest
/// session, which v15 persists at most every ten minutes, so only the first caller gets one;
/// develop updates the caller's on every request.
#[tokio::test]
async fn token_requests_set_last_active_as_the_session_bookkeeping_does() {
    for (version, second_caller_too) in [(FrappeVersion::V15, false), (FrappeVersion::Develop, true)] {
        let site = Site::version(version).await;
        let blogger = site
            .emulator
            .add_named_user("reader@example.com", "Reader", &["Blogger"]);
        // Written after the answer is made: the first request's own answer does not show it.
        let first = site.get("User", "Administrator").await;
        assert!(first.data().get("last_active").is_none(), "{version:?}: {}", first.text);
        let again = site.get("User", "Administrator").await;
        assert!(
            again.data().get("last_active").is_some(),
            "{version:?}: the first caller"
        );
        let own = site
            .as_user(
                &blogger,
                Method::GET,
                &resource("User", Some("reader@example.com")),
                None,
            )
            .await;
        assert_eq!(own.status, 200, "{}", own.text);
        assert_eq!(own.data()["first_name"], "Reader");
        assert_eq!(own.data()["username"], "reader");
        let read = site.get("User", "reader@example.com").await;
        assert_eq!(
            read.data().get("last_active").is_some(),
            second_caller_too,
            "{version:?}: {}",
            read.text
        );
        assert_eq!(read.data()["modified"], own.data()["modified"], "update_modified=False");
    }
}
