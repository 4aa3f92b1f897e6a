//! A user without System Manager, as real Frappe answers them (notes/frappe-behaviour.md,
//! section 3.2): the automatic role Desk User, the share of their own User, field-level
//! permissions, controller hooks, and the permission check log with ": <DocType> - <name>".
//! Answers observed on a v15.55.1 site for a user holding only Blogger.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{ApiCredentials, ApiUser, EmulatorConfig, FrappeVersion};
use reqwest::Method;
use serde_json::json;
use support::{first_message, resource, role_names, server_messages, Site};

const BLOGGER: &str = "blogger@example.com";

fn blogger_user() -> ApiUser {
    format!("{BLOGGER}:bk:bs:Blogger").parse().unwrap()
}

/// A site started with `--user blogger@example.com:bk:bs:Blogger`.
async fn site_with_blogger(version: FrappeVersion) -> (Site, ApiCredentials) {
    let site = Site::start_with(EmulatorConfig {
        version,
        users: vec![blogger_user()],
        ..EmulatorConfig::default()
    })
    .await;
    let credentials = ApiCredentials {
        api_key: "bk".into(),
        api_secret: "bs".into(),
    };
    (site, credentials)
}

fn messages(body: &serde_json::Value) -> Vec<String> {
    server_messages(body)
        .iter()
        .map(|m| m["message"].as_str().unwrap().to_string())
        .collect()
}

/// `frappe/core/doctype/user/user.json` gives Desk User `select` on User, and
/// `frappe.get_roles` adds Desk User to every System User; `frappe/model/db_query.py`
/// `_set_permission_map` checks `select` for a user who has only that. Administrator and Guest
/// stay hidden (`user.py` `get_permission_query_conditions`).
#[tokio::test]
async fn a_desk_user_lists_users_through_the_select_right() {
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let (site, blogger) = site_with_blogger(version).await;
        site.emulator.add_user("other@example.com", &["Sales User"]);
        let path = format!("{}?fields=%5B%22name%22,%22enabled%22%5D", resource("User", None));
        let list = site.as_user(&blogger, Method::GET, &path, None).await;
        assert_eq!(list.status, 200, "{version:?} {}", list.text);
        let mut names: Vec<&str> = list
            .data()
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(names, [BLOGGER, "other@example.com"], "{version:?}");
    }
}

/// A Website User has no right on User but their own User is shared with them
/// (`User.share_with_self`): `frappe/permissions.py` `false_if_not_shared` lets the list run,
/// and `db_query` shows the shared documents only.
#[tokio::test]
async fn a_website_user_lists_only_their_own_user() {
    let site = Site::start().await;
    let web = site.emulator.add_user("web@example.com", &[]);
    site.emulator.add_user("other@example.com", &["Sales User"]);
    let list = site.as_user(&web, Method::GET, &resource("User", None), None).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.data(), &json!([{"name": "web@example.com"}]));
}

/// Reading one's own User works through the share; `Document.apply_fieldlevel_read_permissions`
/// (`frappe/model/document.py`) deletes the permission-level-1 fields: `roles` reads `[]`,
/// `login_after` 0, `api_key`, `api_secret` and `user_type` are left out (v15.55.1).
#[tokio::test]
async fn a_user_reads_their_own_user_without_the_level_one_fields() {
    let (site, blogger) = site_with_blogger(FrappeVersion::V15).await;
    let reply = site
        .as_user(&blogger, Method::GET, &resource("User", Some(BLOGGER)), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data();
    assert_eq!(data["name"], BLOGGER);
    assert_eq!(data["roles"], json!([]));
    assert_eq!(data["login_after"], 0);
    for hidden in ["api_key", "api_secret", "user_type"] {
        assert!(data.get(hidden).is_none(), "{hidden} must not be shown");
    }
    // Administrator still sees them.
    let admin_view = site.get("User", BLOGGER).await;
    assert_eq!(admin_view.data()["roles"][0]["role"], "Blogger");
    assert_eq!(admin_view.data()["user_type"], "System User");
}

/// Updating one's own User works through the share, but
/// `Document.validate_higher_perm_levels` keeps the stored values of the fields the user may not
/// write: nobody grants themselves a role.
#[tokio::test]
async fn a_user_cannot_give_themselves_roles() {
    let (site, blogger) = site_with_blogger(FrappeVersion::V15).await;
    let reply = site
        .as_user(
            &blogger,
            Method::PUT,
            &resource("User", Some(BLOGGER)),
            Some(&json!({"last_name": "B", "roles": [{"role": "System Manager"}]})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["last_name"], "B");
    let stored = site.get("User", BLOGGER).await;
    let roles = role_names(stored.data());
    assert_eq!(roles, ["Blogger"]);
}

/// `frappe/core/doctype/user/user.py` `has_permission` refuses Administrator to others; the
/// v15 log is the hook's sentence, the DocType sentence of the nested
/// `frappe.has_permission("User")` and the document sentence with ": User - Administrator" (the
/// user may read some User: their own is shared). v14 logs the hook and the bare document
/// sentence (`frappe/permissions.py` of version-14).
#[tokio::test]
async fn reading_administrator_is_refused_with_each_lines_log() {
    let (site, blogger) = site_with_blogger(FrappeVersion::V15).await;
    let reply = site
        .as_user(&blogger, Method::GET, &resource("User", Some("Administrator")), None)
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "PermissionError");
    assert_eq!(
        first_message(&reply.body),
        "Not allowed via controller permission check<br>User <strong>blogger@example.com</strong> does not \
         have doctype access via role permission for document <strong>User</strong><br>User \
         <strong>blogger@example.com</strong> does not have access to this document: User - Administrator"
    );
    let (v14, blogger) = site_with_blogger(FrappeVersion::V14).await;
    let reply = v14
        .as_user(&blogger, Method::GET, &resource("User", Some("Administrator")), None)
        .await;
    assert_eq!(reply.status, 403);
    assert_eq!(
        first_message(&reply.body),
        "Not allowed via controller permission check<br>User <strong>blogger@example.com</strong> does not \
         have access to this document"
    );
}

/// ToDo: `All` may read and create, but `frappe/desk/doctype/todo/todo.py` `has_permission`
/// allows only ToDos allocated to or assigned by the user. A new ToDo has no name yet, so the
/// log ends "ToDo - None"; the DocType sentence is absent because the user may read ToDo.
#[tokio::test]
async fn todos_of_others_are_refused_with_the_todo_and_its_name() {
    let (site, blogger) = site_with_blogger(FrappeVersion::V15).await;
    let created = site
        .as_user(
            &blogger,
            Method::POST,
            &resource("ToDo", None),
            Some(&json!({"description": "probe"})),
        )
        .await;
    assert_eq!(created.status, 403, "{}", created.text);
    assert_eq!(
        first_message(&created.body),
        "Not allowed via controller permission check<br>User <strong>blogger@example.com</strong> does not \
         have access to this document: ToDo - None"
    );
    assert_eq!(
        created.body["_error_message"],
        "You need the 'create' permission on <strong>ToDo</strong>  to perform this action."
    );
    let theirs = site.create("ToDo", &json!({"description": "admin's"})).await;
    let name = theirs.data()["name"].as_str().unwrap().to_string();
    let log = format!(
        "Not allowed via controller permission check<br>User <strong>blogger@example.com</strong> does not \
         have access to this document: ToDo - {name}"
    );
    let read = site
        .as_user(&blogger, Method::GET, &resource("ToDo", Some(&name)), None)
        .await;
    assert_eq!((read.status, first_message(&read.body)), (403, log.clone()));
    assert!(read.body.get("_error_message").is_none(), "v15 read has none");
    let deleted = site
        .as_user(&blogger, Method::DELETE, &resource("ToDo", Some(&name)), None)
        .await;
    assert_eq!(deleted.status, 403);
    assert_eq!(
        messages(&deleted.body),
        [log, format!("User not allowed to delete ToDo: {name}")]
    );
    assert!(site.emulator.document_of("ToDo", &name).is_some());
}

/// Deleting a Single runs `delete_doc`'s permission check first
/// (`frappe/model/delete_doc.py` `check_permission_and_not_submitted`): no right on System
/// Settings and nothing shared, so the document sentence has no ": DocType - name".
#[tokio::test]
async fn deleting_system_settings_is_refused_without_a_name_suffix() {
    let (site, blogger) = site_with_blogger(FrappeVersion::V15).await;
    let reply = site
        .as_user(
            &blogger,
            Method::DELETE,
            &resource("System Settings", Some("System Settings")),
            None,
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(
        reply.body["exception"],
        "frappe.exceptions.PermissionError: User not allowed to delete System Settings: System Settings"
    );
    assert_eq!(
        messages(&reply.body),
        [
            "User <strong>blogger@example.com</strong> does not have doctype access via role permission for \
             document <strong>System Settings</strong><br>User <strong>blogger@example.com</strong> does not \
             have access to this document",
            "User not allowed to delete System Settings: System Settings",
        ]
    );
}

/// `add_user_with_credentials` (the library side of `--user`) gives the user exactly the key
/// and secret asked for.
#[tokio::test]
async fn a_user_added_with_credentials_authenticates_with_them() {
    let site = Site::start().await;
    let user: ApiUser = "web@example.com:wk:ws:".parse().unwrap();
    let credentials = site.emulator.add_user_with_credentials(&user).unwrap();
    assert_eq!(
        (credentials.api_key.as_str(), credentials.api_secret.as_str()),
        ("wk", "ws")
    );
    let reply = site
        .as_user(
            &credentials,
            Method::GET,
            "/api/method/frappe.auth.get_logged_user",
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["message"], "web@example.com");
}

/// `frappe/permissions.py` `has_permission` on the DocType DocType (System Manager and
/// Administrator only), for `frappe.get_list` and `Document.insert`.
#[tokio::test]
async fn a_user_without_a_role_on_doctype_may_neither_list_nor_create_doctypes() {
    for (version, create_log, create_error) in [
        (
            FrappeVersion::V14,
            "User <strong>blogger@example.com</strong> does not have access to this document",
            "Insufficient Permission for DocType (<strong>create</strong>)",
        ),
        (
            FrappeVersion::V15,
            "User <strong>blogger@example.com</strong> does not have doctype access via role permission for document <strong>DocType</strong><br>User <strong>blogger@example.com</strong> does not have access to this document",
            "You need the 'create' permission on <strong>DocType</strong> Refused to perform this action.",
        ),
    ] {
        let (site, blogger) = site_with_blogger(version).await;
        let list = site
            .as_user(&blogger, Method::GET, &resource("DocType", None), None)
            .await;
        assert_eq!(list.status, 403, "{version:?}: {}", list.text);
        assert_eq!(
            first_message(&list.body),
            "User <strong>blogger@example.com</strong> does not have doctype access via role permission for document <strong>DocType</strong>"
        );
        assert_eq!(list.body["_error_message"], "No permission for DocType");
        let create = site
            .as_user(
                &blogger,
                Method::POST,
                &resource("DocType", None),
                Some(&json!({"name": "Refused"})),
            )
            .await;
        assert_eq!(create.status, 403, "{version:?}: {}", create.text);
        assert_eq!(first_message(&create.body), create_log, "{version:?}");
        assert_eq!(create.body["_error_message"], create_error, "{version:?}");
        // Administrator passes the check; listing DocTypes itself is not emulated.
        let admin_list = site.admin(Method::GET, &resource("DocType", None), None).await;
        assert_eq!(admin_list.status, 501);
    }
}
