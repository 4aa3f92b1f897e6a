//! What the provider and the SSO module ask of a Frappe site, with the failures users meet:
//! authentication, DocType meta, Social Login Keys, Roles, Users with roles, Custom Fields,
//! System Settings, ToDo lists (filters, fields, paging), stale `modified`, duplicates,
//! missing mandatory values, bad Select and Link values, 403 as a user without System
//! Manager, 404 and a bad token. Every name carries `{{run}}`, and the scenario deletes what
//! it creates, so it runs on the same site again.

use serde_json::json;

use super::{delete, get, post, put};
use crate::conformance::recording::Actor::{Admin, Anonymous, BadToken, User};
use crate::conformance::recording::{Exchange, NonAdminUser};

/// The user `real-frappe.sh` creates (first name Blogger, role Blogger only) and a replay
/// recreates.
pub fn non_admin_user() -> NonAdminUser {
    NonAdminUser {
        email: "blogger@example.com".to_string(),
        first_name: Some("Blogger".to_string()),
        roles: vec!["Blogger".to_string()],
    }
}

/// `frappe.utils.change_log.get_versions`, whose `message.frappe.version` names the release.
pub fn version_exchange() -> Exchange {
    get(Admin, "version", "/api/method/frappe.utils.change_log.get_versions")
}

pub const VERSION_POINTER: &str = "/message/frappe/version";

const SLK: &str = "/api/resource/Social Login Key";
const KEY: &str = "/api/resource/Social Login Key/conf_{{run}}";
const ROLE: &str = "/api/resource/Role/Conf Role {{run}}";
const USER: &str = "/api/resource/User/cf-{{run}}@example.com";
const TO_DO_RESOURCE: &str = "/api/resource/ToDo";
const SETTINGS: &str = "/api/resource/System Settings/System Settings";

/// The whole scenario, in order.
pub fn scenario() -> Vec<Exchange> {
    let mut steps = Vec::new();
    steps.extend(authentication());
    steps.extend(meta());
    steps.extend(social_login_keys());
    steps.extend(roles_and_users());
    steps.extend(custom_fields());
    steps.extend(system_settings());
    steps.extend(todos());
    steps.extend(refusals_for_the_user());
    steps.extend(misc());
    steps
}

fn authentication() -> Vec<Exchange> {
    let me = "/api/method/frappe.auth.get_logged_user";
    vec![
        get(Admin, "auth: admin token", me),
        get(User, "auth: user token", me),
        get(BadToken, "auth: bad token", me),
        get(Anonymous, "auth: no token", me),
        get(BadToken, "auth: bad token on a resource", TO_DO_RESOURCE),
        get(Anonymous, "auth: no token on a resource", TO_DO_RESOURCE),
    ]
}

fn meta() -> Vec<Exchange> {
    let getdoctype = "/api/method/frappe.desk.form.load.getdoctype";
    vec![
        get(Admin, "meta: getdoctype ToDo", getdoctype).query("doctype", "ToDo"),
        get(Admin, "meta: getdoctype Social Login Key", getdoctype).query("doctype", "Social Login Key"),
        get(Admin, "meta: getdoctype Role", getdoctype).query("doctype", "Role"),
        get(Admin, "meta: getdoctype unknown", getdoctype).query("doctype", "No Such {{run}}"),
        get(User, "meta: getdoctype ToDo as user", getdoctype).query("doctype", "ToDo"),
        get(Anonymous, "meta: getdoctype as guest", getdoctype).query("doctype", "ToDo"),
        get(
            Admin,
            "meta: DocType Social Login Key",
            "/api/resource/DocType/Social Login Key",
        ),
        get(Admin, "meta: DocType ToDo", "/api/resource/DocType/ToDo"),
        get(User, "meta: DocType ToDo as user", "/api/resource/DocType/ToDo"),
        get(Admin, "meta: DocType unknown", "/api/resource/DocType/No Such {{run}}"),
    ]
}

/// A complete custom provider, the way the provider's `frappe_social_login_key` sends it.
fn custom_key() -> serde_json::Value {
    json!({
        "provider_name": "Conf {{run}}",
        "social_login_provider": "Custom",
        "enable_social_login": 1,
        "client_id": "client-{{run}}",
        "client_secret": "not-a-secret-{{run}}",
        "base_url": "https://idp.example.com",
        "authorize_url": "/application/o/authorize/",
        "access_token_url": "/application/o/token/",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/conf_{{run}}",
        "api_endpoint": "/application/o/userinfo/",
        "auth_url_data": "{\"response_type\": \"code\", \"scope\": \"openid profile email\"}",
        "user_id_property": "sub"
    })
}

fn key_without(field: &str) -> serde_json::Value {
    let mut key = custom_key();
    if let Some(map) = key.as_object_mut() {
        map.remove(field);
    }
    key
}

fn key_with(field: &str, value: serde_json::Value) -> serde_json::Value {
    let mut key = custom_key();
    if let Some(map) = key.as_object_mut() {
        map.insert(field.to_string(), value);
    }
    key
}

fn social_login_keys() -> Vec<Exchange> {
    let password = "/api/method/frappe.client.get_password";
    vec![
        post(Admin, "slk: create custom", SLK, custom_key()).capture("key_modified", "/data/modified"),
        get(Admin, "slk: read", KEY),
        get(Admin, "slk: get_password", password)
            .query("doctype", "Social Login Key")
            .query("name", "conf_{{run}}")
            .query("fieldname", "client_secret"),
        get(Admin, "slk: get_password of a field without a value", password)
            .query("doctype", "Social Login Key")
            .query("name", "conf_{{run}}")
            .query("fieldname", "custom_base_url"),
        get(Admin, "slk: list by provider name", SLK)
            .query("filters", r#"[["provider_name", "=", "Conf {{run}}"]]"#)
            .query(
                "fields",
                r#"["name", "provider_name", "enable_social_login", "client_id"]"#,
            ),
        get(Admin, "slk: list with filter dict", SLK)
            .query("filters", r#"{"name": "conf_{{run}}"}"#)
            .query("fields", r#"["name", "social_login_provider", "base_url"]"#),
        put(
            Admin,
            "slk: update without modified",
            KEY,
            json!({"enable_social_login": 0}),
        ),
        put(
            Admin,
            "slk: update with stale modified",
            KEY,
            json!({"client_id": "other-{{run}}", "modified": "{{key_modified}}"}),
        )
        .note("TimestampMismatchError"),
        get(Admin, "slk: read after updates", KEY).capture("key_modified", "/data/modified"),
        put(
            Admin,
            "slk: update with current modified",
            KEY,
            json!({"client_id": "other-{{run}}", "modified": "{{key_modified}}"}),
        ),
        put(
            Admin,
            "slk: change provider name",
            KEY,
            json!({"provider_name": "Renamed {{run}}"}),
        )
        .note("set_only_once: CannotChangeConstantError"),
        put(
            Admin,
            "slk: enable without changing the secret",
            KEY,
            json!({"enable_social_login": 1}),
        ),
        put(Admin, "slk: empty the authorize URL", KEY, json!({"authorize_url": ""})),
        post(Admin, "slk: duplicate", SLK, custom_key()).note("DuplicateEntryError 409"),
        post(Admin, "slk: missing provider name", SLK, key_without("provider_name")),
        post(
            Admin,
            "slk: missing authorize URL",
            SLK,
            key_with("authorize_url", json!("")),
        ),
        post(
            Admin,
            "slk: missing access token URL",
            SLK,
            key_without("access_token_url"),
        ),
        post(Admin, "slk: missing redirect URL", SLK, key_without("redirect_url")),
        post(Admin, "slk: enabled without client id", SLK, key_without("client_id")),
        post(Admin, "slk: enabled without secret", SLK, key_without("client_secret")),
        post(Admin, "slk: custom base URL without base URL", SLK, {
            let mut key = key_without("base_url");
            key["custom_base_url"] = json!(1);
            key
        }),
        post(
            Admin,
            "slk: bad Select provider",
            SLK,
            key_with("social_login_provider", json!("Nope")),
        ),
        get(
            Admin,
            "slk: read unknown",
            "/api/resource/Social Login Key/none_{{run}}",
        ),
        put(
            Admin,
            "slk: update unknown",
            "/api/resource/Social Login Key/none_{{run}}",
            json!({"enable_social_login": 0}),
        ),
        delete(
            Admin,
            "slk: delete unknown",
            "/api/resource/Social Login Key/none_{{run}}",
        ),
        get(User, "slk: read as user", KEY),
        get(User, "slk: list as user", SLK),
        put(User, "slk: update as user", KEY, json!({"enable_social_login": 0})),
        delete(User, "slk: delete as user", KEY),
        get(User, "slk: get_password as user", password)
            .query("doctype", "Social Login Key")
            .query("name", "conf_{{run}}")
            .query("fieldname", "client_secret"),
        post(
            User,
            "slk: create as user",
            SLK,
            key_with("provider_name", json!("User {{run}}")),
        ),
        get(BadToken, "slk: read with a bad token", KEY),
        delete(Admin, "slk: delete", KEY),
        get(Admin, "slk: read after delete", KEY),
        delete(Admin, "slk: delete again", KEY),
    ]
}

fn roles_and_users() -> Vec<Exchange> {
    let role = json!({"role_name": "Conf Role {{run}}", "desk_access": 1});
    let user = json!({
        "email": "cf-{{run}}@example.com",
        "first_name": "Conf",
        "last_name": "{{run}}",
        "send_welcome_email": 0,
        "roles": [{"role": "Conf Role {{run}}"}, {"role": "Blogger"}]
    });
    vec![
        post(Admin, "role: create", "/api/resource/Role", role.clone()).capture("role_modified", "/data/modified"),
        get(Admin, "role: read", ROLE),
        put(
            Admin,
            "role: update",
            ROLE,
            json!({"desk_access": 0, "two_factor_auth": 0}),
        ),
        put(
            Admin,
            "role: update with stale modified",
            ROLE,
            json!({"desk_access": 1, "modified": "{{role_modified}}"}),
        ),
        put(Admin, "role: restore desk access", ROLE, json!({"desk_access": 1})),
        post(Admin, "role: duplicate", "/api/resource/Role", role),
        post(
            Admin,
            "role: missing name",
            "/api/resource/Role",
            json!({"desk_access": 1}),
        ),
        get(Admin, "role: list by name", "/api/resource/Role")
            .query("filters", r#"[["role_name", "like", "Conf Role {{run}}%"]]"#)
            .query("fields", r#"["name", "role_name", "desk_access", "disabled"]"#),
        get(User, "role: read as user", ROLE),
        post(Admin, "user: create with roles", "/api/resource/User", user.clone())
            .capture("user_modified", "/data/modified")
            .capture("first_role_row", "/data/roles/0/name"),
        get(Admin, "user: read", USER),
        get(Admin, "user: list by e-mail", "/api/resource/User")
            .query("filters", r#"[["email", "like", "cf-{{run}}%"]]"#)
            .query(
                "fields",
                r#"["name", "email", "first_name", "full_name", "user_type", "enabled"]"#,
            ),
        put(
            Admin,
            "user: replace roles",
            USER,
            json!({"roles": [{"role": "Blogger"}]}),
        ),
        put(
            Admin,
            "user: keep a row by name",
            USER,
            json!({"roles": [{"name": "{{first_role_row}}", "role": "Conf Role {{run}}"}, {"role": "Blogger"}]}),
        ),
        put(
            Admin,
            "user: unknown role",
            USER,
            json!({"roles": [{"role": "No Such Role {{run}}"}]}),
        ),
        put(
            Admin,
            "user: update with stale modified",
            USER,
            json!({"last_name": "Stale", "modified": "{{user_modified}}"}),
        ),
        put(Admin, "user: disable", USER, json!({"enabled": 0})),
        put(Admin, "user: weak password", USER, json!({"new_password": "abc"})),
        post(Admin, "user: duplicate", "/api/resource/User", user),
        post(
            Admin,
            "user: missing first name",
            "/api/resource/User",
            json!({"email": "cf2-{{run}}@example.com", "send_welcome_email": 0}),
        ),
        post(
            Admin,
            "user: invalid e-mail",
            "/api/resource/User",
            json!({"email": "not an address {{run}}", "first_name": "X", "send_welcome_email": 0}),
        ),
        post(
            Admin,
            "user: upper-case e-mail is lower-cased",
            "/api/resource/User",
            json!({"email": " CF3-{{run}}@Example.COM ", "first_name": "Three", "send_welcome_email": 0, "roles": [{"role": "Blogger"}]}),
        ),
        delete(
            Admin,
            "user: delete lower-cased",
            "/api/resource/User/cf3-{{run}}@example.com",
        ),
        get(User, "user: read another user as user", USER),
        get(
            User,
            "user: read Administrator as user",
            "/api/resource/User/Administrator",
        ),
        delete(Admin, "user: delete Administrator", "/api/resource/User/Administrator"),
        delete(Admin, "user: delete", USER),
        get(Admin, "user: read after delete", USER),
        delete(Admin, "role: delete", ROLE),
        get(Admin, "role: read after delete", ROLE),
    ]
}

fn custom_fields() -> Vec<Exchange> {
    let field = json!({
        "dt": "ToDo",
        "fieldname": "conf_{{run}}",
        "label": "Conf {{run}}",
        "fieldtype": "Data",
        "insert_after": "description"
    });
    let path = "/api/resource/Custom Field/ToDo-conf_{{run}}";
    vec![
        post(
            Admin,
            "custom field: create",
            "/api/resource/Custom Field",
            field.clone(),
        ),
        get(Admin, "custom field: read", path),
        get(Admin, "custom field: list for ToDo", "/api/resource/Custom Field")
            .query(
                "filters",
                r#"[["dt", "=", "ToDo"], ["fieldname", "=", "conf_{{run}}"]]"#,
            )
            .query("fields", r#"["name", "dt", "fieldname", "fieldtype", "insert_after"]"#),
        post(Admin, "custom field: duplicate", "/api/resource/Custom Field", field),
        post(
            Admin,
            "custom field: unknown DocType",
            "/api/resource/Custom Field",
            json!({"dt": "No Such {{run}}", "fieldname": "x_{{run}}", "label": "X", "fieldtype": "Data"}),
        ),
        put(Admin, "custom field: move", path, json!({"insert_after": "status"})),
        delete(Admin, "custom field: delete", path),
        get(Admin, "custom field: read after delete", path),
    ]
}

fn system_settings() -> Vec<Exchange> {
    vec![
        get(Admin, "settings: read", SETTINGS).capture("settings_modified", "/data/modified"),
        get(
            Admin,
            "settings: read by another name",
            "/api/resource/System Settings/anything",
        ),
        put(
            Admin,
            "settings: update",
            SETTINGS,
            json!({"allow_login_after_fail": 61}),
        ),
        put(
            Admin,
            "settings: update with stale modified",
            SETTINGS,
            json!({"allow_login_after_fail": 62, "modified": "{{settings_modified}}"}),
        ),
        put(
            Admin,
            "settings: restore",
            SETTINGS,
            json!({"allow_login_after_fail": 60}),
        ),
        put(Admin, "settings: bad Select", SETTINGS, json!({"date_format": "bogus"})),
        get(User, "settings: read as user", SETTINGS),
        put(
            User,
            "settings: update as user",
            SETTINGS,
            json!({"allow_login_after_fail": 61}),
        ),
        get(Admin, "settings: list of a Single", "/api/resource/System Settings"),
        get(
            Admin,
            "settings: Website Settings",
            "/api/resource/Website Settings/Website Settings",
        ),
    ]
}

fn todo(n: u32, priority: &str, date: &str) -> serde_json::Value {
    json!({"description": format!("Conf {{{{run}}}} {n}"), "priority": priority, "date": date})
}

fn todo_path(variable: &str) -> String {
    format!("/api/resource/ToDo/{{{{{variable}}}}}")
}

fn todos() -> Vec<Exchange> {
    let mine = r#"[["description", "like", "Conf {{run}}%"]]"#;
    let fields = r#"["name", "description", "priority", "status", "date"]"#;
    let list = |name: &str| {
        get(Admin, name, TO_DO_RESOURCE)
            .query("fields", fields)
            .query("order_by", "description asc")
    };
    let mut steps = vec![
        post(Admin, "todo: create 1", TO_DO_RESOURCE, todo(1, "Low", "2030-01-01"))
            .capture("todo1", "/data/name")
            .capture("todo1_modified", "/data/modified"),
        post(Admin, "todo: create 2", TO_DO_RESOURCE, todo(2, "Medium", "2030-01-02")).capture("todo2", "/data/name"),
        post(Admin, "todo: create 3", TO_DO_RESOURCE, todo(3, "High", "2030-01-03")).capture("todo3", "/data/name"),
        post(Admin, "todo: create 4", TO_DO_RESOURCE, todo(4, "High", "2030-02-01")).capture("todo4", "/data/name"),
        post(
            Admin,
            "todo: create 5 without date",
            TO_DO_RESOURCE,
            json!({"description": "Conf {{run}} 5"}),
        )
        .capture("todo5", "/data/name"),
        get(Admin, "todo: read 1", &todo_path("todo1")),
        list("todo: list mine").query("filters", mine),
        list("todo: list page 1")
            .query("filters", mine)
            .query("limit_page_length", "2"),
        list("todo: list page 2")
            .query("filters", mine)
            .query("limit_page_length", "2")
            .query("limit_start", "2"),
        list("todo: list page 3")
            .query("filters", mine)
            .query("limit_page_length", "2")
            .query("limit_start", "4"),
        list("todo: list past the end")
            .query("filters", mine)
            .query("limit_start", "50"),
        get(Admin, "todo: list with default fields", TO_DO_RESOURCE)
            .query("filters", mine)
            .query("order_by", "description asc"),
        get(Admin, "todo: list with all fields", TO_DO_RESOURCE)
            .query("filters", mine)
            .query("fields", r#"["*"]"#)
            .query("order_by", "description asc"),
        list("todo: list descending")
            .query("filters", mine)
            .query("order_by", "description desc"),
        list("todo: filter =").query("filters", r#"[["description", "=", "Conf {{run}} 2"]]"#),
        list("todo: filter !=").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["priority", "!=", "High"]]"#,
        ),
        list("todo: filter in").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["priority", "in", ["Low", "Medium"]]]"#,
        ),
        list("todo: filter not in").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["priority", "not in", ["Low", "Medium"]]]"#,
        ),
        list("todo: filter >").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["date", ">", "2030-01-02"]]"#,
        ),
        list("todo: filter <=").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["date", "<=", "2030-01-02"]]"#,
        ),
        list("todo: filter between").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["date", "between", ["2030-01-02", "2030-01-31"]]]"#,
        ),
        list("todo: filter is set").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["date", "is", "set"]]"#,
        ),
        list("todo: filter is not set").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["date", "is", "not set"]]"#,
        ),
        list("todo: filter dict").query(
            "filters",
            r#"{"description": ["like", "Conf {{run}}%"], "priority": "High"}"#,
        ),
        list("todo: filter not like").query(
            "filters",
            r#"[["description", "like", "Conf {{run}}%"], ["description", "not like", "%3"]]"#,
        ),
        list("todo: filter on an unknown field").query("filters", r#"[["no_such_field", "=", "x"]]"#),
        get(Admin, "todo: unknown field in fields", TO_DO_RESOURCE)
            .query("fields", r#"["name", "no_such_field"]"#)
            .query("filters", mine),
        get(Admin, "todo: filters not JSON", TO_DO_RESOURCE).query("filters", "[not json"),
        list("todo: list as count")
            .query("filters", mine)
            .query("limit_page_length", "0"),
        put(
            Admin,
            "todo: update without modified",
            &todo_path("todo1"),
            json!({"priority": "Medium"}),
        ),
        put(
            Admin,
            "todo: update with stale modified",
            &todo_path("todo1"),
            json!({"priority": "High", "modified": "{{todo1_modified}}"}),
        ),
        get(Admin, "todo: read 1 again", &todo_path("todo1")).capture("todo1_modified", "/data/modified"),
        put(
            Admin,
            "todo: update with current modified",
            &todo_path("todo1"),
            json!({"priority": "High", "modified": "{{todo1_modified}}"}),
        ),
        put(
            Admin,
            "todo: bad Select",
            &todo_path("todo1"),
            json!({"status": "Bogus"}),
        ),
        put(
            Admin,
            "todo: bad Link",
            &todo_path("todo1"),
            json!({"allocated_to": "nobody-{{run}}@example.com"}),
        ),
        put(
            Admin,
            "todo: good Link",
            &todo_path("todo1"),
            json!({"allocated_to": "Administrator"}),
        ),
        put(
            Admin,
            "todo: bad date",
            &todo_path("todo1"),
            json!({"date": "2030-13-45"}),
        ),
        put(Admin, "todo: close", &todo_path("todo2"), json!({"status": "Closed"})),
        post(
            Admin,
            "todo: missing description",
            TO_DO_RESOURCE,
            json!({"priority": "Low"}),
        ),
        post(
            Admin,
            "todo: bad priority",
            TO_DO_RESOURCE,
            json!({"description": "Conf {{run}} bad", "priority": "Urgent"}),
        ),
        post(
            User,
            "todo: create as user",
            TO_DO_RESOURCE,
            json!({"description": "Conf {{run}} by user"}),
        )
        .capture("user_todo", "/data/name"),
        get(User, "todo: read own as user", &todo_path("user_todo")),
        get(User, "todo: read admin's as user", &todo_path("todo1")),
        get(User, "todo: list as user", TO_DO_RESOURCE)
            .query("filters", mine)
            .query("fields", r#"["name", "description"]"#),
        put(
            User,
            "todo: update admin's as user",
            &todo_path("todo1"),
            json!({"priority": "Low"}),
        ),
        delete(User, "todo: delete admin's as user", &todo_path("todo1")),
        delete(User, "todo: delete own as user", &todo_path("user_todo")),
        get(Admin, "todo: read unknown", "/api/resource/ToDo/nosuch{{run}}"),
    ];
    for variable in ["todo1", "todo2", "todo3", "todo4", "todo5"] {
        steps.push(delete(Admin, &format!("todo: delete {variable}"), &todo_path(variable)));
    }
    steps.push(get(Admin, "todo: read after delete", &todo_path("todo1")));
    steps.push(list("todo: list after cleanup").query("filters", mine));
    steps
}

/// A user without System Manager, on the DocTypes the provider manages.
fn refusals_for_the_user() -> Vec<Exchange> {
    let mut steps = Vec::new();
    for doctype in ["Role", "User", "Custom Field", "DocType", "Social Login Key"] {
        steps.push(get(
            User,
            &format!("user refused: list {doctype}"),
            &format!("/api/resource/{doctype}"),
        ));
        steps.push(post(
            User,
            &format!("user refused: create {doctype}"),
            &format!("/api/resource/{doctype}"),
            json!({"name": "Refused {{run}}"}),
        ));
    }
    steps.push(get(
        User,
        "user: read own user",
        "/api/resource/User/blogger@example.com",
    ));
    steps
}

fn misc() -> Vec<Exchange> {
    vec![
        get(Admin, "misc: unknown DocType", "/api/resource/No Such {{run}}"),
        get(
            Admin,
            "misc: unknown document of an unknown DocType",
            "/api/resource/No Such {{run}}/x",
        ),
        get(
            Admin,
            "misc: unknown frappe method",
            "/api/method/frappe.no_such_method_{{run}}",
        ),
        get(
            Admin,
            "misc: method of an app that is not installed",
            "/api/method/erpnext.no_such.method",
        ),
        post(
            Admin,
            "misc: get_logged_user by POST",
            "/api/method/frappe.auth.get_logged_user",
            json!({}),
        ),
        get(Admin, "misc: Administrator", "/api/resource/User/Administrator"),
        get(Admin, "misc: Guest", "/api/resource/User/Guest"),
        get(Admin, "misc: list roles", "/api/resource/Role")
            .query("filters", r#"[["name", "in", ["System Manager", "Blogger", "Guest"]]]"#)
            .query("fields", r#"["name", "desk_access"]"#)
            .query("order_by", "name asc"),
        get(Admin, "misc: role System Manager", "/api/resource/Role/System Manager"),
        get(Admin, "misc: role All", "/api/resource/Role/All"),
        // `frappe/api/v2.py` `get_meta` (v15 and later; v14 has no v2 API).
        get(Admin, "misc: v2 meta of ToDo", "/api/v2/doctype/ToDo/meta"),
        get(User, "misc: v2 meta of ToDo as user", "/api/v2/doctype/ToDo/meta"),
    ]
}
