//! What a client learns about DocTypes and the release (notes/frappe-behaviour.md, section 9).
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::FrappeVersion;
use reqwest::Method;
use serde_json::{json, Value};
use support::{first_message, is_hex, Site};

const SLK_META: &str = "/api/resource/DocType/Social%20Login%20Key";

fn field<'a>(doctype: &'a Value, fieldname: &str) -> Option<&'a Value> {
    doctype["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fieldname"] == fieldname)
}

/// The `name` of each DocType a `getdoctype` answer lists.
fn doc_names(body: &Value) -> Vec<&str> {
    body["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_doctype_record_differs_per_line() {
    for (version, sign_ups, keycloak, sort_field, modified) in [
        (
            FrappeVersion::V14,
            false,
            false,
            "modified",
            "2020-09-30 14:37:13.616002",
        ),
        (FrappeVersion::V15, true, true, "modified", "2024-09-06 15:22:46.342392"),
        (
            FrappeVersion::Develop,
            true,
            true,
            "creation",
            "2024-09-06 15:22:46.342392",
        ),
    ] {
        let site = Site::version(version).await;
        let reply = site.admin(Method::GET, SLK_META, None).await;
        assert_eq!(reply.status, 200, "{version:?}: {}", reply.text);
        let data = reply.data();
        assert_eq!(data["name"], "Social Login Key");
        assert_eq!(data["doctype"], "DocType");
        assert_eq!(data["issingle"], 0);
        assert_eq!(data["istable"], 0);
        assert_eq!(data["allow_rename"], 0);
        assert!(data.get("autoname").is_none(), "no autoname property");
        assert_eq!(data["sort_field"], sort_field, "{version:?}");
        assert_eq!(data["sort_order"], "DESC");
        assert_eq!(data["modified"], modified, "{version:?}");
        assert_eq!(data["title_field"], "provider_name");
        assert_eq!(field(data, "sign_ups").is_some(), sign_ups, "{version:?}");
        let provider = field(data, "social_login_provider").unwrap();
        assert_eq!(provider["options"].as_str().unwrap().contains("\nKeycloak"), keycloak);
        assert_eq!(provider["default"], "Custom", "defaults are strings");
        assert_eq!(provider["set_only_once"], 1);
        assert_eq!(field(data, "enable_social_login").unwrap()["default"], "0");
        assert!(
            field(data, "icon").unwrap().get("options").is_none(),
            "null keys left out"
        );
        assert_eq!(field(data, "provider_name").unwrap()["reqd"], 1);
        assert!(field(data, "show_in_resource_metadata").is_none());
        let perm = &data["permissions"][0];
        assert_eq!(perm["role"], "System Manager");
        assert_eq!(perm["read"], 1);
        assert_eq!(perm["submit"], 0);
    }
}

#[tokio::test]
async fn naming_properties_of_other_doctypes() {
    let site = Site::start().await;
    let role = site.admin(Method::GET, "/api/resource/DocType/Role", None).await;
    assert_eq!(role.data()["autoname"], "field:role_name");
    assert_eq!(role.data()["naming_rule"], "By fieldname");
    assert_eq!(role.data()["allow_rename"], 1);
    let todo = site.admin(Method::GET, "/api/resource/DocType/ToDo", None).await;
    assert_eq!(todo.data()["autoname"], "hash");
    let settings = site
        .admin(Method::GET, "/api/resource/DocType/System%20Settings", None)
        .await;
    assert_eq!(settings.data()["issingle"], 1);
    let has_role = site.admin(Method::GET, "/api/resource/DocType/Has%20Role", None).await;
    assert_eq!(has_role.data()["istable"], 1);
}

#[tokio::test]
async fn doctype_records_are_for_system_managers() {
    let site = Site::start().await;
    let blogger = site.emulator.add_user("b@example.com", &["Blogger"]);
    let reply = site.as_user(&blogger, Method::GET, SLK_META, None).await;
    assert_eq!(reply.status, 403);
    assert!(first_message(&reply.body).contains("for document <strong>DocType</strong>"));
    let reply = site.admin(Method::GET, "/api/resource/DocType/Nope", None).await;
    assert_eq!(reply.status, 404);
    assert_eq!(first_message(&reply.body), "DocType Nope not found");
    let reply = site.admin(Method::GET, "/api/resource/DocType/Note", None).await;
    assert_eq!(reply.status, 501, "a real site has Note");
}

#[tokio::test]
async fn getdoctype_merges_custom_fields_for_any_user() {
    let site = Site::start().await;
    let custom = site
        .create(
            "Custom Field",
            &json!({"dt": "Social Login Key", "label": "Tenant", "fieldtype": "Data", "insert_after": "client_id"}),
        )
        .await;
    assert_eq!(custom.status, 200, "{}", custom.text);
    // The stored DocType has no custom fields.
    let record = site.admin(Method::GET, SLK_META, None).await;
    assert!(field(record.data(), "custom_tenant").is_none());

    let blogger = site.emulator.add_user("b@example.com", &["Blogger"]);
    let path = "/api/method/frappe.desk.form.load.getdoctype?doctype=Social%20Login%20Key";
    let reply = site.as_user(&blogger, Method::GET, path, None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["user_settings"], "{}");
    let docs = reply.body["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let fields: Vec<&str> = docs[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fieldname"].as_str().unwrap())
        .collect();
    let client_id = fields.iter().position(|f| *f == "client_id").unwrap();
    assert_eq!(fields[client_id + 1], "custom_tenant");
    let row = field(&docs[0], "custom_tenant").unwrap();
    assert_eq!(row["is_custom_field"], 1);
    assert_eq!(row["name"], "Social Login Key-custom_tenant");

    let users = site
        .as_user(
            &blogger,
            Method::GET,
            "/api/method/frappe.desk.form.load.getdoctype?doctype=User",
            None,
        )
        .await;
    let names = doc_names(&users.body);
    assert_eq!(
        names,
        [
            "User",
            "Has Role",
            "Block Module",
            "User Email",
            "DefaultValue",
            "User Social Login"
        ]
    );

    let guest = site.request(Method::GET, path, None, None, &[]).await;
    assert_eq!(guest.status, 403);
    assert!(first_message(&guest.body).contains("frappe.desk.form.load.getdoctype"));
    let missing = site
        .admin(Method::GET, "/api/method/frappe.desk.form.load.getdoctype", None)
        .await;
    assert_eq!(missing.status, 500);
    assert_eq!(missing.body["exc_type"], "TypeError");
    let unknown = site
        .admin(
            Method::GET,
            "/api/method/frappe.desk.form.load.getdoctype?doctype=Nope",
            None,
        )
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn get_versions_per_line() {
    for (version, title, number, branch, branch_version) in [
        (FrappeVersion::V14, "Frappe Framework", "14.93.2", "version-14", None),
        (FrappeVersion::V15, "Frappe Framework", "15.55.1", "version-15", None),
        (
            FrappeVersion::Develop,
            "Framework",
            "16.0.0-dev",
            "develop",
            Some("15.x.x-develop (adc279d)"),
        ),
    ] {
        let site = Site::version(version).await;
        let blogger = site.emulator.add_user("b@example.com", &["Blogger"]);
        for method in [Method::GET, Method::POST] {
            let reply = site
                .as_user(
                    &blogger,
                    method,
                    "/api/method/frappe.utils.change_log.get_versions",
                    None,
                )
                .await;
            assert_eq!(reply.status, 200, "{version:?}");
            let frappe = &reply.body["message"]["frappe"];
            assert_eq!(frappe["title"], title);
            assert_eq!(frappe["version"], number);
            assert_eq!(frappe["branch"], branch);
            assert_eq!(frappe.get("branch_version").and_then(Value::as_str), branch_version);
        }
        let guest = site
            .request(
                Method::GET,
                "/api/method/frappe.utils.change_log.get_versions",
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(guest.status, 403);
        assert_eq!(
            first_message(&guest.body),
            "<details><summary>You are not permitted to access this resource.</summary>Function <strong>frappe.utils.change_log.get_versions</strong> is not whitelisted.</details>"
        );
    }
    let site = Site::start().await;
    let reply = site.admin(Method::GET, "/api/method/version", None).await;
    assert_eq!(reply.status, 417, "no such method");
}

/// `GET /api/resource/DocType/Role` answers the whole stored DocType record: every non-null
/// column of `tabDocType` in the database's order (values from `frappe/core/doctype/role/role.json`,
/// a Check the JSON leaves out stored as 0), then `fields`, `links`, `permissions`, `states`,
/// `actions` — as v15.55.1 answers it (55 keys, `migration_hash` included). v14's DocType has no
/// `queue_in_background` column.
#[tokio::test]
async fn the_doctype_record_has_every_stored_setting() {
    let site = Site::start().await;
    let reply = site.admin(Method::GET, "/api/resource/DocType/Role", None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data().as_object().unwrap();
    let keys: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 55, "{keys:?}");
    assert_eq!(
        keys[..7],
        [
            "name",
            "creation",
            "modified",
            "modified_by",
            "owner",
            "docstatus",
            "idx"
        ]
    );
    assert_eq!(
        keys[keys.len() - 6..],
        ["doctype", "fields", "links", "permissions", "states", "actions"]
    );
    for (key, value) in [
        ("quick_entry", json!(1)),
        ("translated_doctype", json!(1)),
        ("index_web_pages_for_search", json!(1)),
        ("editable_grid", json!(0)),
        ("document_type", json!("Document")),
        ("icon", json!("fa fa-bookmark")),
        ("engine", json!("InnoDB")),
        ("autoname", json!("field:role_name")),
    ] {
        assert_eq!(data[key], value, "{key}");
    }
    let v14 = Site::version(FrappeVersion::V14).await;
    let old = v14.admin(Method::GET, "/api/resource/DocType/Role", None).await;
    assert!(old.data().get("queue_in_background").is_none());
    assert_eq!(old.data()["quick_entry"], 1);
}

fn fields_in_order(doctype: &Value) -> Vec<(u64, String, String)> {
    doctype["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["idx"].as_u64().unwrap(),
                f["fieldname"].as_str().unwrap().to_string(),
                f["fieldtype"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The meta lists the layout fields in `field_order` of `frappe/core/doctype/role/role.json`
/// (a Column Break between `restrict_to_domain` and `disabled` on every line), `idx` counting
/// them, exactly as v15.55.1 answers `GET /api/resource/DocType/Role`.
#[tokio::test]
async fn the_meta_lists_layout_fields_in_frappes_order() {
    let site = Site::start().await;
    let reply = site.admin(Method::GET, "/api/resource/DocType/Role", None).await;
    let want = [
        "role_name:Data",
        "home_page:Data",
        "restrict_to_domain:Link",
        "column_break_4:Column Break",
        "disabled:Check",
        "is_custom:Check",
        "desk_access:Check",
        "two_factor_auth:Check",
    ];
    let got: Vec<String> = fields_in_order(reply.data())
        .into_iter()
        .enumerate()
        .map(|(index, (idx, name, kind))| {
            assert_eq!(idx, index as u64 + 1, "idx counts every row");
            format!("{name}:{kind}")
        })
        .collect();
    assert_eq!(got, want);
}

/// `frappe/core/doctype/user/user.json` per line: v14 has no Tab Break and starts with
/// `enabled`; v15 and develop start with the `user_details_tab` Tab Break and have five. Layout
/// rows are in `getdoctype` too, and the counts match v15.55.1 (102 rows).
#[tokio::test]
async fn layout_fields_differ_per_line() {
    for (version, first, tabs, rows) in [
        (FrappeVersion::V14, "enabled", 0, 93),
        (FrappeVersion::V15, "user_details_tab", 5, 102),
        (FrappeVersion::Develop, "user_details_tab", 5, 104),
    ] {
        let site = Site::version(version).await;
        let reply = site
            .admin(
                Method::GET,
                "/api/method/frappe.desk.form.load.getdoctype?doctype=User",
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let fields = fields_in_order(&reply.body["docs"][0]);
        assert_eq!(fields[0].1, first, "{version:?}");
        assert_eq!(fields.len(), rows, "{version:?}");
        let tab_breaks = fields.iter().filter(|(_, _, kind)| kind == "Tab Break").count();
        assert_eq!(tab_breaks, tabs, "{version:?}");
    }
}

/// `frappe/custom/doctype/custom_field/custom_field.py` `CustomField.validate`:
/// `idx = fieldnames.index(insert_after) + 1` over `meta.get("fields")`, which holds the layout
/// fields (`frappe/model/meta.py` `Meta`): after ToDo's `priority` (third row, behind the
/// `description_and_status` Section Break) a field gets idx 3, after `column_break_2` idx 5 —
/// as v15.55.1 answers. `getdoctype` then lists it there with `is_custom_field`.
#[tokio::test]
async fn a_custom_fields_idx_counts_layout_fields() {
    let site = Site::start().await;
    for (after, idx) in [("priority", 3), ("column_break_2", 5)] {
        let reply = site
            .create(
                "Custom Field",
                &json!({"dt": "ToDo", "fieldname": format!("after_{after}"), "label": "X",
                        "fieldtype": "Data", "insert_after": after}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.data()["idx"], idx, "after {after}");
    }
    let reply = site.getdoctype("ToDo").await;
    let names: Vec<String> = fields_in_order(&reply.body["docs"][0])
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    assert_eq!(
        names[..7],
        [
            "description_and_status",
            "status",
            "priority",
            "after_priority",
            "column_break_2",
            "after_column_break_2",
            "color"
        ]
    );
}

/// Layout fields hold no value (`frappe/model/__init__.py` `no_value_fields`;
/// `frappe/model/base_document.py` `get_valid_dict` keeps only `meta.get_valid_columns()`):
/// documents have no key for them, and a value sent for one is not stored.
#[tokio::test]
async fn documents_have_no_layout_keys() {
    let site = Site::start().await;
    let reply = site
        .create("Role", &json!({"role_name": "Layout Probe", "column_break_4": "x"}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.data().get("column_break_4").is_none(), "{}", reply.text);
    let stored = site.get("Role", "Layout Probe").await;
    assert!(stored.data().get("column_break_4").is_none());
    let settings = site.get("System Settings", "System Settings").await;
    assert!(settings.data().get("localization").is_none(), "a Section Break");
    assert!(settings.data().get("language").is_some());
}

/// A DocField row carries every `tabDocField` column (`frappe/database/mariadb/framework_mariadb.sql`
/// creates them in this order; `frappe/core/doctype/docfield/docfield.json` adds the later ones):
/// Check/Int columns as 0 unless the DocType's JSON sets them, texts only when set. These are
/// the keys, in order, of Role's `column_break_4` on v15.55.1. v14's DocField has no
/// `show_on_timeline`; develop adds `not_nullable`.
#[tokio::test]
async fn docfield_rows_carry_every_stored_column() {
    let site = Site::start().await;
    let reply = site.admin(Method::GET, "/api/resource/DocType/Role", None).await;
    let row = &reply.data()["fields"][3];
    let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
    let v15 = "name creation modified modified_by owner docstatus parent parentfield parenttype idx \
        fieldname fieldtype search_index show_dashboard hidden set_only_once allow_in_quick_entry \
        print_hide report_hide reqd bold in_global_search collapsible unique no_copy allow_on_submit \
        show_preview_popup permlevel ignore_user_permissions columns in_list_view fetch_if_empty \
        in_filter remember_last_selected_value ignore_xss_filter print_hide_if_no_value \
        allow_bulk_edit in_standard_filter in_preview read_only length translatable hide_border \
        hide_days hide_seconds non_negative is_virtual sort_options show_on_timeline \
        make_attachment_public doctype";
    assert_eq!(keys, v15.split_whitespace().collect::<Vec<_>>());
    // Values the field tables do not model come from the JSON (`user.json`: `api_key` has a
    // description; `role.json`: `role_name` has `oldfieldname`, and no `bold`, so 0).
    let user = site.admin(Method::GET, "/api/resource/DocType/User", None).await;
    let api_key = field(user.data(), "api_key").unwrap();
    assert_eq!(api_key["description"], "API Key cannot be regenerated");
    assert_eq!(api_key["no_copy"], 1);
    let role_name = field(reply.data(), "role_name").unwrap();
    assert_eq!(role_name["oldfieldname"], "role_name");
    assert_eq!(role_name["bold"], 0);
    for (version, timeline, not_nullable) in [(FrappeVersion::V14, false, false), (FrappeVersion::Develop, true, true)]
    {
        let site = Site::version(version).await;
        let reply = site.admin(Method::GET, "/api/resource/DocType/Role", None).await;
        let row = &reply.data()["fields"][0];
        assert_eq!(row.get("show_on_timeline").is_some(), timeline, "{version:?}");
        assert_eq!(row.get("not_nullable").is_some(), not_nullable, "{version:?}");
    }
}

/// `frappe/desk/form/load.py` `get_meta_bundle` appends the meta of every table field's DocType
/// without removing repeats: Website Settings lists Top Bar Item twice (`top_bar_items`,
/// `footer_items`), then Website Route Redirect, as v15.55.1 answers.
#[tokio::test]
async fn getdoctype_lists_a_child_doctype_once_per_table() {
    let site = Site::start().await;
    let reply = site
        .admin(
            Method::GET,
            "/api/method/frappe.desk.form.load.getdoctype?doctype=Website%20Settings",
            None,
        )
        .await;
    let names = doc_names(&reply.body);
    assert_eq!(
        names,
        [
            "Website Settings",
            "Top Bar Item",
            "Top Bar Item",
            "Website Route Redirect"
        ]
    );
}

/// The DocType record's own `idx` is its JSON's, `migration_hash` is an md5-shaped digest
/// (`frappe/modules/import_file.py` `calculate_hash`), and DocPerm's `set_user_permissions` is
/// a v14 column only.
#[tokio::test]
async fn the_doctype_record_has_its_idx_hash_and_line_s_docperm_columns() {
    for (version, set_user_permissions) in [
        (FrappeVersion::V14, true),
        (FrappeVersion::V15, false),
        (FrappeVersion::Develop, false),
    ] {
        let site = Site::version(version).await;
        for (doctype, idx) in [("User", 413), ("ToDo", 2), ("Role", 1), ("Social Login Key", 0)] {
            let reply = site
                .admin(
                    Method::GET,
                    &format!("/api/resource/DocType/{}", doctype.replace(' ', "%20")),
                    None,
                )
                .await;
            let data = reply.data();
            assert_eq!(data["idx"], idx, "{version:?} {doctype}");
            let hash = data["migration_hash"].as_str().unwrap();
            assert!(is_hex(hash, 32), "{version:?} {doctype}: {hash}");
            assert_eq!(
                data["permissions"][0].get("set_user_permissions").is_some(),
                set_user_permissions,
                "{version:?} {doctype}"
            );
        }
    }
}

/// `frappe/desk/form/meta.py` `FormMeta.as_dict`: link details from the linked DocType's meta,
/// the code bundles naming the DocType's files, develop's `__workspaces`.
#[tokio::test]
async fn getdoctype_answers_the_form_meta() {
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let site = Site::version(version).await;
        let reply = site.getdoctype("ToDo").await;
        let todo = &reply.body["docs"][0];
        let allocated_to = field(todo, "allocated_to").unwrap();
        assert_eq!(allocated_to["search_fields"], json!(["full_name"]), "{version:?}");
        assert_eq!(allocated_to["linked_document_type"], Value::Null);
        let role = field(todo, "role").unwrap();
        assert_eq!(role["linked_document_type"], "Document");
        assert_eq!(
            field(todo, "reference_type").unwrap()["search_fields"],
            json!(["module"])
        );
        let description = field(todo, "description").unwrap();
        assert_eq!(description["is_custom_field"], Value::Null);
        assert_eq!(description["states"], json!([]));
        assert_eq!(todo["permissions"][0]["links"], json!([]));
        assert!(todo["__js"]
            .as_str()
            .unwrap()
            .starts_with("\n\n/* Adding apps/frappe/frappe/desk/doctype/todo/todo.js */"));
        assert!(todo["__list_js"]
            .as_str()
            .unwrap()
            .ends_with("//# sourceURL=todo__list_js"));
        assert_eq!(todo["__css"], Value::Null);
        assert_eq!(todo["__custom_js"], "\n\n//# sourceURL=todo__custom_js");
        assert_eq!(todo["is_large_table"], false);
        assert_eq!(todo["__assets_loaded"], true);
        let workspaces = todo.get("__workspaces");
        match version {
            FrappeVersion::Develop => assert_eq!(workspaces, Some(&json!(["Tools"]))),
            _ => assert!(workspaces.is_none(), "{version:?}"),
        }
    }
}

/// `frappe/api/v2.py` `get_meta` (v15+): `Meta.as_dict()` for any logged-in user — the record's
/// keys, every row's empty table lists, `is_large_table`, none of `getdoctype`'s additions;
/// v14 has no v2 API (404).
#[tokio::test]
async fn the_v2_meta_is_meta_as_dict() {
    let site = Site::version(FrappeVersion::V15).await;
    let reply = site.admin(Method::GET, "/api/v2/doctype/ToDo/meta", None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data();
    assert_eq!(data.as_object().unwrap().len(), 59);
    assert_eq!(data["is_large_table"], false);
    assert!(data.get("__js").is_none());
    let description = field(data, "description").unwrap();
    assert_eq!(description["links"], json!([]));
    assert!(description.get("search_fields").is_none());
    let v14 = Site::version(FrappeVersion::V14).await;
    let reply = v14.admin(Method::GET, "/api/v2/doctype/ToDo/meta", None).await;
    assert_eq!(reply.status, 404);
}
