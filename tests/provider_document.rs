//! In-process tier: `frappe_document` against the emulator's DocTypes — a
//! field-named Role, the System Settings Single, a hash-named ToDo, a child
//! table and a Password field — without the Terraform engine.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::in_process::{errors, InProcess};
use terraform_plugin::protocol::{Severity, Value};
use terraform_provider_frappe::resources::document::values::{dynamic, from_json};

const DOC: &str = "frappe_document";

fn data(json: serde_json::Value) -> Value {
    dynamic(from_json(&json))
}

#[tokio::test]
async fn a_role_is_named_by_its_field_at_plan_and_settles() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("Role")),
            ("data", data(json!({"role_name": "Auditor", "desk_access": true}))),
        ],
    );
    let plan = site.plan(DOC, &Value::Null, &config).await;
    assert!(errors(&plan.diagnostics).is_empty(), "{:?}", plan.diagnostics);
    assert_eq!(plan.planned_state.get("name"), &Value::from("Auditor"));
    assert_eq!(plan.planned_state.get("id"), &Value::from("Role/Auditor"));
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(
        emulator.document_of("Role", "Auditor").unwrap()["desk_access"],
        json!(1)
    );
    let (read, said) = site.read(DOC, &state).await;
    assert!(said.is_empty(), "{said:?}");
    assert!(
        site.plans_no_change(DOC, &read, &config).await,
        "Check 1 must read back as true"
    );

    // Drift on a managed field is seen; a field Frappe adds is not.
    emulator
        .update_document("Role", "Auditor", json!({"desk_access": 0, "two_factor_auth": 1}))
        .unwrap();
    let (read, _) = site.read(DOC, &state).await;
    assert!(
        !site.plans_no_change(DOC, &read, &config).await,
        "drift on desk_access not seen"
    );
    let (fixed, said) = site.apply(DOC, &read, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let stored = emulator.document_of("Role", "Auditor").unwrap();
    assert_eq!(stored["desk_access"], json!(1));
    assert_eq!(stored["two_factor_auth"], json!(1), "a field not in data was changed");

    // Import: nothing managed until the configuration names fields; then
    // one apply settles and writes nothing that is already so.
    let (imported, said) = site.import(DOC, "Role/Auditor").await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let before = emulator.requests().len();
    let (settled, said) = site.apply(DOC, &imported, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let (read, _) = site.read(DOC, &settled).await;
    assert!(site.plans_no_change(DOC, &read, &config).await);
    assert!(emulator.requests()[before..].iter().all(|r| r.method != "POST"));

    let (gone, said) = site.destroy(DOC, &fixed).await;
    assert!(said.is_empty(), "{said:?}");
    assert!(gone.is_null());
    assert!(emulator.document_of("Role", "Auditor").is_none());
}

#[tokio::test]
async fn mistakes_are_refused_at_plan_on_the_field() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("ToDo")),
            (
                "data",
                data(json!({"descripton": "x", "priority": "Urgent", "date": "31.12.2026"})),
            ),
        ],
    );
    let plan = site.plan(DOC, &Value::Null, &config).await;
    let found = errors(&plan.diagnostics);
    for expected in [
        "data.descripton: ToDo has no field descripton",
        "data.priority: Invalid priority",
        "data.date: Invalid date for date",
        "data: ToDo needs more fields",
    ] {
        assert!(found.iter().any(|f| f == expected), "{expected:?} not in {found:#?}");
    }
    let typo = plan
        .diagnostics
        .iter()
        .find(|d| d.summary == "ToDo has no field descripton")
        .unwrap();
    assert!(typo.detail.contains("\"description\""), "{}", typo.detail);

    let unknown = site.config(DOC, &[("doctype", Value::from("Nonexistent Thing"))]);
    let plan = site.plan(DOC, &Value::Null, &unknown).await;
    assert_eq!(
        errors(&plan.diagnostics),
        vec!["doctype: This site has no DocType \"Nonexistent Thing\""]
    );
}

#[tokio::test]
async fn a_hash_named_todo_learns_its_name_at_apply() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("ToDo")),
            (
                "data",
                data(json!({"description": "Renew the certificate", "priority": "High", "date": "2026-12-31"})),
            ),
        ],
    );
    let plan = site.plan(DOC, &Value::Null, &config).await;
    assert!(plan.planned_state.get("name").is_unknown());
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let name = state.get("name").as_str().unwrap().to_string();
    assert_eq!(emulator.document_of("ToDo", &name).unwrap()["priority"], json!("High"));
    let (read, _) = site.read(DOC, &state).await;
    assert!(site.plans_no_change(DOC, &read, &config).await);
}

#[tokio::test]
async fn system_settings_is_written_not_created_and_only_forgotten() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("System Settings")),
            ("data", data(json!({"session_expiry": "12:00"}))),
        ],
    );
    let plan = site.plan(DOC, &Value::Null, &config).await;
    assert_eq!(plan.planned_state.get("name"), &Value::from("System Settings"));
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(
        emulator.document_of("System Settings", "System Settings").unwrap()["session_expiry"],
        json!("12:00")
    );
    assert!(emulator
        .requests()
        .iter()
        .all(|r| !(r.method == "POST" && r.path.contains("System Settings"))));
    // A settings flip on the site shows, and the apply flips it back.
    emulator
        .update_document("System Settings", "System Settings", json!({"session_expiry": "06:00"}))
        .unwrap();
    let (read, _) = site.read(DOC, &state).await;
    assert!(!site.plans_no_change(DOC, &read, &config).await);
    let (state, _) = site.apply(DOC, &read, &config).await;
    let (forgotten, said) = site.destroy(DOC, &state).await;
    assert!(forgotten.is_null());
    let warning = said.iter().next().unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.detail.contains("cannot be deleted"), "{}", warning.detail);
    assert_eq!(
        emulator.document_of("System Settings", "System Settings").unwrap()["session_expiry"],
        json!("12:00"),
        "the settings stay as they are"
    );
}

#[tokio::test]
async fn a_child_table_compares_rows_without_bookkeeping() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("User")),
            ("name", Value::from("erin@example.com")),
            (
                "data",
                data(json!({
                    "email": "erin@example.com",
                    "first_name": "Erin",
                    "send_welcome_email": false,
                    "roles": [{"role": "Accounts User"}, {"role": "Blogger"}]
                })),
            ),
        ],
    );
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let (read, _) = site.read(DOC, &state).await;
    assert!(
        site.plans_no_change(DOC, &read, &config).await,
        "row bookkeeping caused a diff"
    );
    emulator
        .update_document(
            "User",
            "erin@example.com",
            json!({"roles": [{"role": "Accounts User"}]}),
        )
        .unwrap();
    let (read, _) = site.read(DOC, &state).await;
    assert!(
        !site.plans_no_change(DOC, &read, &config).await,
        "a removed row was not seen"
    );
    let (_, said) = site.apply(DOC, &read, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let rows = emulator.document_of("User", "erin@example.com").unwrap()["roles"].clone();
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
}

/// The fields of a Social Login Key, without its secret.
fn idp_key() -> serde_json::Value {
    json!({
        "provider_name": "idp",
        "client_id": "frappe",
        "base_url": "https://idp.example.com",
        "custom_base_url": true,
        "authorize_url": "/authorize",
        "access_token_url": "/token",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/idp"
    })
}

#[tokio::test]
async fn a_password_field_is_asked_for_again_only_after_the_document_was_saved() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let key = idp_key();
    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("Social Login Key")),
            ("data", data(key)),
            ("sensitive_data", data(json!({"client_secret": "s3cret"}))),
        ],
    );
    let (state, private, said) = site.apply_keeping(DOC, &Value::Null, &[], &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let asked = |since: usize| {
        emulator.requests()[since..]
            .iter()
            .filter(|r| r.path.contains("get_password") || r.query.as_deref().unwrap_or("").contains("get_password"))
            .count()
    };
    // A generic DocType's controller may rewrite a password before it is
    // stored, so the first refresh checks it; the ones after do not.
    let before = emulator.requests().len();
    let (read, private, _) = site.read_keeping(DOC, &state, &private).await;
    assert_eq!(asked(before), 1);
    let before = emulator.requests().len();
    let (read, private, _) = site.read_keeping(DOC, &read, &private).await;
    assert_eq!(asked(before), 0);
    assert!(site.plans_no_change(DOC, &read, &config).await);

    emulator
        .update_document("Social Login Key", "idp", json!({"client_secret": "rotated"}))
        .unwrap();
    // The next refresh is a later Terraform command, so a new provider
    // process: the one above may answer from a snapshot of the DocType
    // listed before the rotation.
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let before = emulator.requests().len();
    let (read, _, _) = site.read_keeping(DOC, &read, &private).await;
    assert_eq!(asked(before), 1);
    assert!(
        !site.plans_no_change(DOC, &read, &config).await,
        "the rotated secret was not seen"
    );
}

#[tokio::test]
async fn a_password_field_goes_in_sensitive_data_and_drift_is_found_by_get_password() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let key = idp_key();
    let misplaced = site.config(
        DOC,
        &[
            ("doctype", Value::from("Social Login Key")),
            (
                "data",
                data({
                    let mut k = key.clone();
                    k["client_secret"] = json!("s3cret");
                    k
                }),
            ),
        ],
    );
    let plan = site.plan(DOC, &Value::Null, &misplaced).await;
    assert_eq!(
        errors(&plan.diagnostics),
        vec!["data.client_secret: client_secret is a Password field"]
    );

    let config = site.config(
        DOC,
        &[
            ("doctype", Value::from("Social Login Key")),
            ("data", data(key)),
            ("sensitive_data", data(json!({"client_secret": "s3cret"}))),
        ],
    );
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("name"), &Value::from("idp"));
    assert_eq!(
        emulator
            .stored_password("Social Login Key", "idp", "client_secret")
            .as_deref(),
        Some("s3cret")
    );
    let (read, _) = site.read(DOC, &state).await;
    assert!(
        site.plans_no_change(DOC, &read, &config).await,
        "asterisks read as a change"
    );
    emulator
        .update_document("Social Login Key", "idp", json!({"client_secret": "rotated"}))
        .unwrap();
    let (read, _) = site.read(DOC, &state).await;
    assert!(
        !site.plans_no_change(DOC, &read, &config).await,
        "a changed secret was not seen"
    );
}
