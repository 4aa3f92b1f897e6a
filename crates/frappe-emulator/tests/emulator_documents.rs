//! Generic documents over real HTTP: ToDo, Custom Fields and the values of each field type
//! (notes/frappe-behaviour.md, sections 2 and 8).
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{first_message, is_hex, resource, Site};

#[tokio::test]
async fn todo_is_hash_named_with_defaults() {
    let site = Site::start().await;
    let reply = site.create("ToDo", &json!({"description": "Call back"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data();
    assert!(is_hex(data["name"].as_str().unwrap(), 10));
    assert_eq!(data["status"], "Open");
    assert_eq!(data["priority"], "Medium");
    let today = data["creation"].as_str().unwrap()[..10].to_string();
    assert_eq!(data["date"], today, "default Today");
    let reply = site.create("ToDo", &json!({"priority": "High"})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Error: Value missing for ToDo: Description");
    let reply = site
        .create("ToDo", &json!({"description": "x", "status": "Done"}))
        .await;
    assert_eq!(
        first_message(&reply.body),
        r#" Status cannot be "Done". It should be one of "Open", "Closed", "Cancelled""#
    );
    let reply = site
        .create(
            "ToDo",
            &json!({"description": "x", "status": "Cancelled", "date": "2026-12-31"}),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.data()["date"], "2026-12-31");
    let reply = site
        .create("ToDo", &json!({"description": "x", "date": "31/12/2026"}))
        .await;
    assert_eq!(reply.status, 501, "MariaDB's date parsing is not emulated");
}

#[tokio::test]
async fn todo_links_are_validated_and_fetched() {
    let site = Site::start().await;
    let reply = site
        .create(
            "ToDo",
            &json!({"description": "x", "allocated_to": "nobody@example.com"}),
        )
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "LinkValidationError");
    assert_eq!(
        first_message(&reply.body),
        "Could not find Allocated To: nobody@example.com"
    );
    site.emulator.add_user("ann@example.com", &["Blogger"]);
    let reply = site
        .create(
            "ToDo",
            &json!({"description": "x", "allocated_to": "ANN@example.com", "assigned_by": "Administrator"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["allocated_to"], "ann@example.com", "the record's spelling");
    assert_eq!(
        reply.data()["assigned_by_full_name"],
        "Administrator",
        "fetched from the link"
    );
    let reply = site
        .create(
            "ToDo",
            &json!({"description": "x", "reference_type": "Note", "reference_name": "n"}),
        )
        .await;
    assert_eq!(reply.status, 501, "Note exists on real sites but is not modelled");
    let reply = site
        .create("ToDo", &json!({"description": "x", "reference_type": "No Such Thing"}))
        .await;
    assert_eq!(
        first_message(&reply.body),
        "Could not find Reference Type: No Such Thing"
    );
}

#[tokio::test]
async fn todos_for_users_without_a_todo_role() {
    let site = Site::start().await;
    let ann = site.emulator.add_user("ann@example.com", &["Blogger"]);
    let mine = site
        .as_user(
            &ann,
            Method::POST,
            &resource("ToDo", None),
            Some(&json!({"description": "mine", "allocated_to": "ann@example.com"})),
        )
        .await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let theirs = site.create("ToDo", &json!({"description": "theirs"})).await;
    let list = site
        .as_user(
            &ann,
            Method::GET,
            &format!("{}?fields=%5B%22description%22%5D", resource("ToDo", None)),
            None,
        )
        .await;
    assert_eq!(list.data(), &json!([{"description": "mine"}]));
    let name = theirs.data()["name"].as_str().unwrap();
    let reply = site
        .as_user(&ann, Method::GET, &resource("ToDo", Some(name)), None)
        .await;
    // `frappe/desk/doctype/todo/todo.py` `has_permission` refuses; `frappe/permissions.py`
    // `get_doc_permissions` logs the hook, `has_permission` the document (as v15.55.1 answers).
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(
        first_message(&reply.body),
        format!(
            "Not allowed via controller permission check<br>User <strong>ann@example.com</strong> \
             does not have access to this document: ToDo - {name}"
        )
    );
    let guest = site
        .request(Method::GET, &resource("ToDo", None), None, None, &[])
        .await;
    assert_eq!(guest.status, 403, "Guest has no All role");
    // The list of a System Manager shows every ToDo.
    assert_eq!(site.list("ToDo", "").await.data().as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn custom_fields_extend_a_doctype() {
    let site = Site::start().await;
    let reply = site
        .create(
            "Custom Field",
            &json!({"dt": "ToDo", "label": "Ticket Ref", "fieldtype": "Data", "insert_after": "description"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["name"], "ToDo-custom_ticket_ref");
    assert_eq!(reply.data()["fieldname"], "custom_ticket_ref");
    let todo = site
        .create("ToDo", &json!({"description": "x", "custom_ticket_ref": "T-1"}))
        .await;
    assert_eq!(todo.data()["custom_ticket_ref"], "T-1");
    let explicit = site
        .create(
            "Custom Field",
            &json!({"dt": "ToDo", "fieldname": "external_id", "label": "External", "fieldtype": "Int"}),
        )
        .await;
    assert_eq!(explicit.data()["name"], "ToDo-external_id");
    // Existing rows get the column's default (0 for numbers).
    let read = site.get("ToDo", todo.data()["name"].as_str().unwrap()).await;
    assert_eq!(read.data()["external_id"], 0);
    let reply = site
        .create(
            "Custom Field",
            &json!({"dt": "ToDo", "fieldname": "status", "fieldtype": "Data"}),
        )
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(
        first_message(&reply.body),
        "A field with the name <strong>status</strong> already exists in ToDo"
    );
    let reply = site
        .create("Custom Field", &json!({"dt": "No Such DocType", "label": "x"}))
        .await;
    assert_eq!(first_message(&reply.body), "Could not find DocType: No Such DocType");
    let reply = site
        .create("Custom Field", &json!({"dt": "ToDo", "fieldtype": "Data"}))
        .await;
    assert_eq!(first_message(&reply.body), "Label is mandatory");
    let reply = site
        .create(
            "Custom Field",
            &json!({"dt": "ToDo", "label": "Break", "fieldtype": "Section Break"}),
        )
        .await;
    assert_eq!(reply.status, 501);
    // Deleting the field takes it out of the documents.
    assert_eq!(site.delete("Custom Field", "ToDo-custom_ticket_ref").await.status, 202);
    let read = site.get("ToDo", todo.data()["name"].as_str().unwrap()).await;
    assert!(read.data().get("custom_ticket_ref").is_none());
}

/// A ToDo with one custom field of each value type.
async fn typed_site() -> Site {
    let site = Site::start().await;
    for (label, fieldtype) in [
        ("Count", "Int"),
        ("Amount", "Float"),
        ("Flag", "Check"),
        ("Payload", "JSON"),
        ("Due At", "Datetime"),
    ] {
        let reply = site
            .create(
                "Custom Field",
                &json!({"dt": "ToDo", "label": label, "fieldtype": fieldtype}),
            )
            .await;
        assert_eq!(reply.status, 200, "{label}: {}", reply.text);
    }
    site
}

#[tokio::test]
async fn values_per_field_type() {
    let site = typed_site().await;
    let reply = site
        .create(
            "ToDo",
            &json!({
                "description": "x",
                "custom_count": "42",
                "custom_amount": 3,
                "custom_flag": "1",
                "custom_payload": {"a": 1, "b": "é"},
                "custom_due_at": "2026-12-01 21:32:19.839604",
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data();
    assert_eq!(data["custom_count"], 42);
    assert_eq!(data["custom_amount"].to_string(), "3.0", "a number with a fraction");
    assert_eq!(data["custom_flag"], 1);
    assert_eq!(data["custom_payload"], r#"{"a":1,"b":"\u00e9"}"#, "compact JSON text");
    assert_eq!(data["custom_due_at"], "2026-12-01 21:32:19.839604");
    let name = data["name"].as_str().unwrap();
    let reply = site.put("ToDo", name, &json!({"custom_amount": "12.5"})).await;
    assert_eq!(reply.data()["custom_amount"], 12.5);
    // A list for a field that is not a table.
    let reply = site.put("ToDo", name, &json!({"custom_count": [1, 2]})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Value for Count cannot be a list");
    let reply = site.put("ToDo", name, &json!({"custom_payload": "{bad"})).await;
    assert_eq!(reply.status, 501);
    let read = site.get("ToDo", name).await;
    assert_eq!(read.data()["custom_count"], 42);
    assert_eq!(read.data()["custom_amount"], Value::from(12.5));
}

/// `frappe/client.py` `get`: `frappe.get_doc`, `check_permission()`,
/// `apply_fieldlevel_read_permissions()`, then `as_dict()` — nulls kept — as `message` (keys as
/// v15.55.1 answers for Role Blogger); a missing document is the usual 404.
#[tokio::test]
async fn frappe_client_get_answers_the_document_with_its_nulls() {
    let site = Site::start().await;
    let path = "/api/method/frappe.client.get?doctype=Role&name=Blogger";
    let reply = site.admin(Method::GET, path, None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let keys: Vec<&str> = reply.body["message"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "name",
            "owner",
            "creation",
            "modified",
            "modified_by",
            "docstatus",
            "idx",
            "role_name",
            "home_page",
            "restrict_to_domain",
            "disabled",
            "is_custom",
            "desk_access",
            "two_factor_auth",
            "doctype"
        ]
    );
    assert_eq!(reply.body["message"]["home_page"], Value::Null);
    let missing = site
        .admin(
            Method::GET,
            "/api/method/frappe.client.get?doctype=Role&name=Nope",
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(first_message(&missing.body), "Role Nope not found");
    // A user reads their own User without the permission-level-1 fields: deleted, so `null`
    // here where nulls are kept (v15.55.1: api_key, api_secret, user_type null; roles []).
    let ann = site.emulator.add_user("ann@example.com", &["Blogger"]);
    let own = site
        .as_user(
            &ann,
            Method::GET,
            "/api/method/frappe.client.get?doctype=User&name=ann@example.com",
            None,
        )
        .await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(own.body["message"]["roles"], json!([]));
    assert_eq!(own.body["message"]["api_key"], Value::Null);
    assert_eq!(own.body["message"]["user_type"], Value::Null);
}

/// `frappe/custom/doctype/custom_field/custom_field.py` `CustomField.validate` sets `idx` only
/// when `insert_after` names a field of the DocType: a name that is none is accepted as sent and
/// `idx` stays 0 (v15.55.1 answers 200); the field is still usable.
#[tokio::test]
async fn a_custom_field_after_no_field_is_accepted_with_idx_zero() {
    let site = Site::start().await;
    let reply = site
        .create(
            "Custom Field",
            &json!({"dt": "ToDo", "fieldname": "nowhere", "label": "Nowhere", "fieldtype": "Data",
                    "insert_after": "no_such_field"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["name"], "ToDo-nowhere");
    assert_eq!(reply.data()["insert_after"], "no_such_field");
    assert_eq!(reply.data()["idx"], 0);
    let todo = site
        .create("ToDo", &json!({"description": "x", "nowhere": "here"}))
        .await;
    assert_eq!(todo.data()["nowhere"], "here");
}

/// Frappe does not check a Date field's value; MariaDB in strict mode refuses a day that does
/// not exist with error 1292, which reaches the client as a 500 pymysql OperationalError
/// (`frappe/database/database.py` `sql` re-raises it; v15.55.1 answers exactly this apart from
/// the database name). Nothing is written.
#[tokio::test]
async fn an_impossible_date_is_a_database_error() {
    let site = Site::start().await;
    let reply = site
        .create("ToDo", &json!({"description": "x", "date": "2026-13-45"}))
        .await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "OperationalError");
    assert_eq!(
        reply.body["exception"],
        "pymysql.err.OperationalError: (1292, \"Incorrect date value: '2026-13-45' for column \
         `_e3b0c44298fc1c14`.`tabToDo`.`date` at row 1\")"
    );
    assert!(reply.body.get("_server_messages").is_none());
    assert!(site.emulator.documents_of("ToDo").is_empty());
}

/// `fields=["*"]`: v14 hands `*` to SQL (`frappe/model/db_query.py` `prepare_args`), so the
/// table's own columns come too — `_user_tags`, `_comments`, `_assign`, `_liked_by`, and
/// `_seen` because ToDo tracks views (`frappe/database/schema.py`); v15 lists the fields only.
#[tokio::test]
async fn star_selects_the_table_columns_on_v14_only() {
    use frappe_emulator::FrappeVersion;
    for (version, table_columns) in [(FrappeVersion::V14, true), (FrappeVersion::V15, false)] {
        let site = Site::version(version).await;
        let created = site.create("ToDo", &json!({"description": "star"})).await;
        assert_eq!(created.status, 200, "{}", created.text);
        let list = site.list("ToDo", "?fields=[\"*\"]").await;
        assert_eq!(list.status, 200, "{}", list.text);
        let row = &list.data()[0];
        assert_eq!(row["description"], "star");
        for column in ["_user_tags", "_comments", "_assign", "_liked_by", "_seen"] {
            assert_eq!(row.get(column).is_some(), table_columns, "{version:?} {column}");
        }
        let roles = site.list("Role", "?fields=[\"*\"]&limit_page_length=1").await;
        let role = &roles.data()[0];
        assert_eq!(role.get("_liked_by").is_some(), table_columns, "{version:?}");
        assert!(role.get("_seen").is_none(), "Role does not track views");
    }
}
