//! Answers the conformance recordings pinned down for requests outside the provider's daily
//! path: unknown DocTypes and methods, the password policy, moving a custom field
//! (notes/frappe-behaviour.md, sections 3, 6 and 8).
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::FrappeVersion;
use reqwest::Method;
use serde_json::json;
use support::{first_message, server_messages, Site};

const VERSIONS: [FrappeVersion; 3] = [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop];

/// `frappe/modules/utils.py` `load_doctype_module`: `raise ImportError(msg) from e`; develop's
/// `get_traceback` reports the cause (`frappe/utils/__init__.py`: `exc = exc.__cause__`).
#[tokio::test]
async fn a_document_of_an_unknown_doctype_fails_importing_its_controller() {
    for (version, exception, exc_type) in [
        (
            FrappeVersion::V14,
            "Error: No module named 'frappe.core.doctype.no_such_thing'",
            None,
        ),
        (
            FrappeVersion::V15,
            "Error: No module named 'frappe.core.doctype.no_such_thing'",
            Some("ImportError"),
        ),
        (
            FrappeVersion::Develop,
            "ModuleNotFoundError: No module named 'frappe.core.doctype.no_such_thing'",
            Some("ImportError"),
        ),
    ] {
        let site = Site::version(version).await;
        let reply = site.get("No Such-Thing", "x").await;
        assert_eq!(reply.status, 500, "{version:?}: {}", reply.text);
        assert_eq!(reply.body["exception"], exception, "{version:?}");
        assert_eq!(reply.body["exc_type"].as_str(), exc_type, "{version:?}");
        assert!(reply.body.get("_server_messages").is_none(), "{version:?}");
        // The list of the same DocType is still the plain "not found".
        assert_eq!(site.list("No Such-Thing", "").await.status, 404, "{version:?}");
    }
}

/// `frappe/handler.py` `execute_cmd`: `frappe.throw("Failed to get method for command {0} with
/// {1}")` around `frappe/__init__.py` `get_attr`'s AttributeError.
#[tokio::test]
async fn a_frappe_method_that_does_not_exist_is_a_validation_error() {
    for version in VERSIONS {
        let site = Site::version(version).await;
        let reply = site.admin(Method::GET, "/api/method/frappe.no_such_method", None).await;
        assert_eq!(reply.status, 417, "{version:?}: {}", reply.text);
        assert_eq!(reply.body["exc_type"], "ValidationError");
        assert_eq!(
            first_message(&reply.body),
            "Failed to get method for command frappe.no_such_method with module 'frappe' has no attribute 'no_such_method'"
        );
        // `frappe.get_doc` exists (and is not whitelisted): not answered as missing.
        let known = site.admin(Method::GET, "/api/method/frappe.get_doc", None).await;
        assert_eq!(known.status, 501, "{version:?}");
    }
}

/// `frappe/core/doctype/user/user.py` `handle_password_test_fail`: zxcvbn's sequence feedback,
/// after an empty warning, titled "Invalid Password".
#[tokio::test]
async fn a_run_of_letters_fails_the_password_policy() {
    for version in VERSIONS {
        let site = Site::version(version).await;
        let user = json!({"email": "pw@example.com", "first_name": "Pat", "send_welcome_email": 0});
        assert_eq!(site.create("User", &user).await.status, 200);
        for weak in ["abc", "zyxw", "hgfedcba"] {
            let reply = site.put("User", "pw@example.com", &json!({"new_password": weak})).await;
            assert_eq!(reply.status, 417, "{version:?} {weak}: {}", reply.text);
            let message = &server_messages(&reply.body)[0];
            assert_eq!(
                message["message"],
                " Avoid sequences like abc or 6543 as they are easy to guess"
            );
            assert_eq!(message["title"], "Invalid Password");
        }
        // Anything else needs zxcvbn's full scoring.
        let other = site
            .put("User", "pw@example.com", &json!({"new_password": "4321"}))
            .await;
        assert_eq!(other.status, 501, "{version:?}");
    }
}

/// `frappe/custom/doctype/custom_field/custom_field.py` `CustomField.validate`: `idx` is set
/// only for a new field or "append"; the meta places the field after its `insert_after`.
#[tokio::test]
async fn moving_a_custom_field_keeps_its_idx_and_moves_it_in_the_meta() {
    let site = Site::start().await;
    let field = json!({"dt": "ToDo", "fieldname": "ticket", "label": "Ticket", "fieldtype": "Data", "insert_after": "description"});
    let created = site.create("Custom Field", &field).await;
    assert_eq!(created.data()["idx"], 9, "{}", created.text);
    let moved = site
        .put("Custom Field", "ToDo-ticket", &json!({"insert_after": "status"}))
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.data()["idx"], 9);
    assert_eq!(moved.data()["insert_after"], "status");
    let meta = site.getdoctype("ToDo").await;
    let names: Vec<&str> = meta.body["docs"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fieldname"].as_str().unwrap())
        .collect();
    let status = names.iter().position(|n| *n == "status").unwrap();
    assert_eq!(names[status + 1], "ticket", "{names:?}");
    // A field named nowhere is kept as sent and the meta puts the field last (v15.55.1: idx
    // kept, `getdoctype` lists it after ToDo's last field).
    let nowhere = site
        .put("Custom Field", "ToDo-ticket", &json!({"insert_after": "no_such_field"}))
        .await;
    assert_eq!(nowhere.status, 200, "{}", nowhere.text);
    assert_eq!(nowhere.data()["idx"], 9);
    let meta = site.getdoctype("ToDo").await;
    let last = meta.body["docs"][0]["fields"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["fieldname"], "ticket");
    // Other changes alter the table: not emulated.
    let relabel = site
        .put("Custom Field", "ToDo-ticket", &json!({"label": "Other"}))
        .await;
    assert_eq!(relabel.status, 501);
}
