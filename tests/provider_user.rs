//! In-process tier: `frappe_user` against the emulator's User DocType (name
//! = lower-cased email, the Has Role child table, user_type derived from the
//! roles), without the Terraform engine.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::collections::BTreeSet;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value as Json};
use support::in_process::{errors, InProcess};
use terraform_plugin::protocol::{Severity, Value};

const USER: &str = "frappe_user";

fn roles(names: &[&str]) -> Value {
    Value::Set(names.iter().map(|n| Value::from(*n)).collect())
}

fn stored_roles(emulator: &Emulator, email: &str) -> BTreeSet<String> {
    emulator
        .document_of("User", email)
        .unwrap()
        .get("roles")
        .and_then(Json::as_array)
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["role"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn alice(site: &InProcess, email: &str, first_name: &str, role_names: &[&str]) -> Value {
    site.config(
        USER,
        &[
            ("email", Value::from(email)),
            ("first_name", Value::from(first_name)),
            ("roles", roles(role_names)),
        ],
    )
}

#[tokio::test]
async fn a_user_with_roles_is_created_settles_shows_drift_and_imports_by_email() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;

    // Another spelling of the address: Frappe names the user in lower case.
    let config = alice(
        &site,
        "Alice@Example.com",
        "Alice",
        &["System Manager", "Accounts User"],
    );
    let (state, said) = site.apply(USER, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("id"), &Value::from("alice@example.com"));
    assert_eq!(state.get("user_type"), &Value::from("System User"));
    let stored = emulator.document_of("User", "alice@example.com").unwrap();
    assert_eq!(stored["send_welcome_email"], json!(0), "a plan mailed somebody");
    assert_eq!(
        stored_roles(&emulator, "alice@example.com"),
        BTreeSet::from(["Accounts User".to_string(), "System Manager".to_string()])
    );
    let (read, _) = site.read(USER, &state).await;
    assert!(site.plans_no_change(USER, &read, &config).await);

    // A role removed in the desk is drift, and the plan puts it back.
    emulator
        .update_document(
            "User",
            "alice@example.com",
            json!({"roles": [{"role": "Accounts User"}]}),
        )
        .unwrap();
    let (read, _) = site.read(USER, &state).await;
    assert_eq!(read.get("roles"), &roles(&["Accounts User"]));
    let (fixed, said) = site.apply(USER, &read, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(stored_roles(&emulator, "alice@example.com").len(), 2);

    // Renaming is an update in place; import by email settles.
    let renamed = alice(
        &site,
        "Alice@Example.com",
        "Alicia",
        &["System Manager", "Accounts User"],
    );
    let (state, said) = site.apply(USER, &fixed, &renamed).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(
        emulator.document_of("User", "alice@example.com").unwrap()["first_name"],
        json!("Alicia")
    );
    let (imported, said) = site.import(USER, "ALICE@example.com").await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(imported.get("id"), &Value::from("alice@example.com"));
    let lower = alice(
        &site,
        "alice@example.com",
        "Alicia",
        &["System Manager", "Accounts User"],
    );
    assert!(site.plans_no_change(USER, &imported, &lower).await);

    let (gone, said) = site.destroy(USER, &state).await;
    assert!(said.is_empty(), "{said:?}");
    assert!(gone.is_null());
    assert!(emulator.document_of("User", "alice@example.com").is_none());
}

#[tokio::test]
async fn without_roles_a_user_is_a_website_user_and_an_unknown_role_lands_on_roles() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = site.config(
        USER,
        &[
            ("email", Value::from("bob@example.com")),
            ("first_name", Value::from("Bob")),
        ],
    );
    let (state, said) = site.apply(USER, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("user_type"), &Value::from("Website User"));
    assert_eq!(state.get("roles"), &Value::Set(Vec::new()));
    assert_eq!(state.get("enabled"), &Value::Bool(true));

    let (_, said) = site
        .apply(
            USER,
            &Value::Null,
            &alice(&site, "carol@example.com", "Carol", &["No Such Role"]),
        )
        .await;
    let error = said.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert_eq!(
        error.attribute.as_ref().map(ToString::to_string).as_deref(),
        Some("roles")
    );
    assert!(emulator.document_of("User", "carol@example.com").is_none());
}

#[tokio::test]
async fn a_user_other_documents_link_to_is_not_deleted_and_the_error_says_what_to_do() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = alice(&site, "dave@example.com", "Dave", &[]);
    let (state, _) = site.apply(USER, &Value::Null, &config).await;
    // A site's own Link to User (ToDos do not count: Frappe deletes a
    // user's ToDos with the user).
    emulator
        .insert_document(
            "Custom Field",
            json!({"dt": "Role", "fieldname": "reviewer", "label": "Reviewer", "fieldtype": "Link",
                   "options": "User", "insert_after": "role_name"}),
        )
        .unwrap();
    emulator
        .insert_document(
            "Role",
            json!({"role_name": "Reviewers", "reviewer": "dave@example.com"}),
        )
        .unwrap();
    let (kept, said) = site.destroy(USER, &state).await;
    assert_eq!(kept, state, "a refused delete must keep the user in state");
    let error = said.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert!(error.detail.contains("enabled = false"), "{}", error.detail);
    assert!(emulator.document_of("User", "dave@example.com").is_some());
}
/// Frappe drops a disabled role from a user on save
/// (`frappe/core/doctype/user/user.py` `User.remove_disabled_roles`): the
/// apply warns on `roles`, and the next plan shows the difference. The
/// first System User keeps exactly the roles sent (no role is added).
#[tokio::test]
async fn a_role_frappe_drops_on_its_own_is_reported_at_apply() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    emulator
        .insert_document("Role", json!({"role_name": "Retired", "disabled": 1}))
        .unwrap();
    let site = InProcess::configure(&emulator).await;
    let config = alice(&site, "first@example.com", "First", &["Accounts User", "Retired"]);
    let (state, said) = site.apply(USER, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let warning = said
        .iter()
        .find(|d| d.severity == Severity::Warning && d.summary == "Frappe stored roles differently")
        .expect("a warning about the dropped role");
    assert_eq!(
        warning.attribute.as_ref().map(ToString::to_string).as_deref(),
        Some("roles")
    );
    let stored = stored_roles(&emulator, "first@example.com");
    assert_eq!(stored, BTreeSet::from(["Accounts User".to_string()]), "{said:?}");
    let (read, _) = site.read(USER, &state).await;
    assert!(
        !site.plans_no_change(USER, &read, &config).await,
        "the dropped role must show in the plan"
    );
}
