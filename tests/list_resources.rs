//! In-process tier: the list resources `terraform query` runs — paging
//! through Frappe's list API, Terraform's `limit`, filters, and the errors
//! a person gets for a filter field or a DocType the site lacks.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::in_process::{errors, InProcess};
use terraform_plugin::protocol::Value;

fn filters(pairs: &[(&str, Value)]) -> Value {
    Value::object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())))
}

/// The list requests the site received, with their `limit_start`.
fn list_requests(emulator: &Emulator, doctype: &str) -> Vec<String> {
    emulator
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path == format!("/api/resource/{doctype}"))
        .map(|r| r.query.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn twelve_hundred_documents_are_read_in_pages_and_the_limit_stops_the_reading() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    // ToDo (named by hash) rather than User: Frappe throttles creating more
    // than 60 users an hour, and the reading is the same for every DocType.
    for i in 0..1200 {
        emulator
            .insert_document("ToDo", json!({"description": format!("Bulk {i}"), "priority": "Low"}))
            .unwrap();
    }
    emulator
        .insert_document("ToDo", json!({"description": "Not bulk", "priority": "High"}))
        .unwrap();
    let bulk = [
        ("doctype", Value::from("ToDo")),
        ("filters", filters(&[("priority", Value::from("Low"))])),
    ];
    let (all, said) = site.list("frappe_document", &bulk, false, 5000).await;
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(all.len(), 1200);
    let mut names: Vec<String> = all
        .iter()
        .map(|r| r.identity.get("name").as_str().unwrap().to_string())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "not in name order, or repeated");
    names.dedup();
    assert_eq!(names.len(), 1200);
    assert_eq!(all[0].display_name, format!("ToDo/{}", names[0]));
    let pages = list_requests(&emulator, "ToDo");
    assert_eq!(pages.len(), 3, "{pages:?}");
    for (page, start) in pages
        .iter()
        .zip(["limit_start=0&", "limit_start=500&", "limit_start=1000&"])
    {
        assert!(
            page.contains(start) && page.contains("limit_page_length=500"),
            "{pages:?}"
        );
    }

    // Terraform wants 30: one short request, and no more.
    let (some, _) = site.list("frappe_document", &bulk, false, 30).await;
    assert_eq!(some.len(), 30);
    let asked = list_requests(&emulator, "ToDo");
    assert_eq!(asked.len(), 4, "{asked:?}");
    assert!(asked[3].contains("limit_page_length=30"), "{asked:?}");
}

#[tokio::test]
async fn results_carry_the_object_an_import_records_and_filters_select_exactly() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    emulator
        .insert_document("Role", json!({"role_name": "Adopt Editor", "two_factor_auth": 1}))
        .unwrap();
    emulator
        .insert_document(
            "User",
            json!({"email": "adopt-bob@example.com", "first_name": "Bob", "last_name": "Adoptee",
                   "roles": [{"role": "Adopt Editor"}], "send_welcome_email": 0}),
        )
        .unwrap();
    let bob = [("filters", filters(&[("last_name", Value::from("Adoptee"))]))];
    let (found, said) = site.list("frappe_user", &bob, true, 100).await;
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].display_name, "Bob Adoptee <adopt-bob@example.com>");
    let (imported, _) = site.import("frappe_user", "adopt-bob@example.com").await;
    assert_eq!(found[0].resource_object.as_ref(), Some(&imported));
    assert_eq!(imported.get("roles"), &Value::Set(vec![Value::from("Adopt Editor")]));

    // frappe_document: the Role's set fields in data, found by a filter.
    let roles = [
        ("doctype", Value::from("Role")),
        ("filters", filters(&[("two_factor_auth", Value::Bool(true))])),
    ];
    let (found, said) = site.list("frappe_document", &roles, true, 100).await;
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].display_name, "Role/Adopt Editor");
    let object = found[0].resource_object.clone().unwrap();
    assert!(
        format!("{:?}", object.get("data")).contains("two_factor_auth"),
        "{object:?}"
    );

    // A filter nothing meets finds nothing, without an error.
    let nobody = [("filters", filters(&[("last_name", Value::from("Nobody"))]))];
    let (none, said) = site.list("frappe_user", &nobody, false, 100).await;
    assert!(none.is_empty() && said.is_empty(), "{none:?} {said:?}");
}

#[tokio::test]
async fn an_unknown_filter_field_and_a_missing_doctype_are_clear_errors() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let typo = [("filters", filters(&[("enable_sociallogin", Value::Bool(true))]))];
    let (found, said) = site.list("frappe_social_login_key", &typo, false, 100).await;
    assert!(found.is_empty());
    assert_eq!(
        errors(&said),
        ["filters.enable_sociallogin: Social Login Key has no field enable_sociallogin"]
    );
    let detail = &said.iter().next().unwrap().detail;
    assert!(detail.contains("enable_social_login"), "{detail}");

    let missing = [("doctype", Value::from("Rolle"))];
    let (found, said) = site.list("frappe_document", &missing, false, 100).await;
    assert!(found.is_empty());
    assert_eq!(errors(&said), ["doctype: The site has no DocType \"Rolle\""]);
    // Nothing was listed after the refusal.
    assert!(list_requests(&emulator, "Rolle").is_empty());
}

#[tokio::test]
async fn frappe_s_standard_users_are_not_offered_for_import() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    // With Administrator's key Frappe lists every user, Administrator and
    // Guest among them (for anyone else `frappe/core/doctype/user/user.py`
    // `get_permission_query_conditions` hides them). A `frappe_user` is an
    // email address: their import would fail.
    let site = InProcess::configure(&emulator).await;
    emulator.add_user("staff@example.com", &["System Manager"]);
    let (all, said) = site.list("frappe_user", &[], false, 100).await;
    assert!(said.is_empty(), "{said:?}");
    let names: Vec<&str> = all.iter().map(|r| r.identity.get("name").as_str().unwrap()).collect();
    assert!(names.contains(&"staff@example.com"), "{names:?}");
    assert!(
        !names.contains(&"Administrator") && !names.contains(&"Guest"),
        "{names:?}"
    );
    let users = list_requests(&emulator, "User");
    assert_eq!(users.len(), 1, "{users:?}");
}
