//! In-process tier: writes a database refuses under concurrent writers
//! (deadlocks, serialization failures) are sent again, in every body shape
//! Frappe sends them; a plain 500 is not; a refused create is settled by a
//! lookup and never sent twice; retries that run out say what to do.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{ConcurrentWriteRefusals, Database, Emulator, EmulatorConfig, Fault, FaultRule, FrappeVersion};
use serde_json::json;
use support::in_process::{errors, InProcess};
use support::stored_roles;
use terraform_plugin::protocol::Value;
use terraform_provider_frappe::provider::config::ProviderConfigModel;
use terraform_provider_frappe::resources::document::values::{dynamic, from_json};

const USER: &str = "frappe_user";
const DOC: &str = "frappe_document";

async fn refusing(version: FrappeVersion, database: Database, refusals: ConcurrentWriteRefusals) -> Emulator {
    Emulator::start(EmulatorConfig {
        version,
        database,
        refuse_concurrent_writes: Some(refusals),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap()
}

fn user(site: &InProcess, email: &str, roles: &[&str]) -> Value {
    site.config(
        USER,
        &[
            ("email", Value::from(email)),
            ("first_name", Value::from("Ada")),
            ("roles", Value::Set(roles.iter().map(|r| Value::from(*r)).collect())),
        ],
    )
}

fn role(site: &InProcess, name: &str) -> Value {
    site.config(
        DOC,
        &[
            ("doctype", Value::from("Role")),
            ("data", dynamic(from_json(&json!({"role_name": name})))),
        ],
    )
}

fn sent(emulator: &Emulator, method: &str) -> usize {
    emulator.requests().iter().filter(|r| r.method == method).count()
}

#[tokio::test]
async fn every_body_shape_is_retried_for_creates_updates_and_deletes() {
    let shapes = [
        (FrappeVersion::V15, Database::MariaDb),
        (FrappeVersion::V14, Database::MariaDb),
        (FrappeVersion::Develop, Database::MariaDb),
        (FrappeVersion::V15, Database::Postgres),
        (FrappeVersion::V14, Database::Postgres),
    ];
    for (version, database) in shapes {
        // Every write is refused once, then let through.
        let emulator = refusing(version, database, ConcurrentWriteRefusals::every(1)).await;
        // A System Manager besides Administrator, or Frappe makes the first user one.
        let site = InProcess::configure_as_system_manager(&emulator).await;
        let config = user(&site, "ada@example.com", &["Blogger"]);
        let (state, said) = site.apply(USER, &Value::Null, &config).await;
        assert!(errors(&said).is_empty(), "{version:?} {database:?} create: {said:?}");
        let changed = user(&site, "ada@example.com", &["Blogger", "Accounts User"]);
        let (state, said) = site.apply(USER, &state, &changed).await;
        assert!(errors(&said).is_empty(), "{version:?} {database:?} update: {said:?}");
        assert_eq!(
            stored_roles(&emulator, "ada@example.com"),
            ["Accounts User", "Blogger"],
            "{version:?} {database:?}"
        );
        let (read, _) = site.read(USER, &state).await;
        assert!(site.plans_no_change(USER, &read, &changed).await);
        let (_, said) = site.destroy(USER, &state).await;
        assert!(errors(&said).is_empty(), "{version:?} {database:?} delete: {said:?}");
        assert!(emulator.document_of("User", "ada@example.com").is_none());
        // One refusal per write: create, update, delete.
        assert_eq!(emulator.writes_refused(), 3, "{version:?} {database:?}");
        assert_eq!(sent(&emulator, "POST"), 2, "{version:?} {database:?}");
    }
}

#[tokio::test]
async fn a_plain_500_is_not_retried() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure(&emulator).await;
    let (state, said) = site
        .apply(USER, &Value::Null, &user(&site, "ada@example.com", &["Blogger"]))
        .await;
    assert!(errors(&said).is_empty(), "{said:?}");
    // An uncaught OperationalError (lost connection to MySQL): not a refusal.
    emulator.inject(FaultRule::new(Fault::Status(500)).method("PUT"));
    let before = sent(&emulator, "PUT");
    let (_, said) = site
        .apply(USER, &state, &user(&site, "ada@example.com", &["Accounts User"]))
        .await;
    assert_eq!(errors(&said).len(), 1, "{said:?}");
    let error = said.iter().next().unwrap();
    assert!(!error.detail.contains("-parallelism"), "{}", error.detail);
    assert_eq!(sent(&emulator, "PUT") - before, 1, "a plain 500 was sent again");
}

#[tokio::test]
async fn a_refused_create_found_by_the_lookup_is_not_sent_again() {
    let emulator = refusing(FrappeVersion::V15, Database::MariaDb, ConcurrentWriteRefusals::every(1)).await;
    let site = InProcess::configure(&emulator).await;
    // The Role exists by the time the refused create is settled (an earlier
    // attempt, or another writer, created it).
    emulator
        .insert_document("Role", json!({"role_name": "Auditor"}))
        .unwrap();
    let (state, said) = site.apply(DOC, &Value::Null, &role(&site, "Auditor")).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("name"), &Value::from("Auditor"));
    assert_eq!(sent(&emulator, "POST"), 1, "the create was sent twice");
    assert_eq!(emulator.writes_refused(), 1);
    let auditors = emulator
        .documents_of("Role")
        .into_iter()
        .filter(|r| r["name"] == "Auditor")
        .count();
    assert_eq!(auditors, 1);
}

#[tokio::test]
async fn retries_that_run_out_suggest_a_lower_parallelism_on_the_resource() {
    let always = ConcurrentWriteRefusals {
        every: 1,
        in_a_row: u32::MAX,
    };
    let emulator = refusing(FrappeVersion::V15, Database::Postgres, always).await;
    let site = InProcess::configure_with(
        &emulator,
        ProviderConfigModel {
            max_retries: Value::from(2i64),
            ..ProviderConfigModel::default()
        },
    )
    .await;
    let (_, said) = site.apply(DOC, &Value::Null, &role(&site, "Auditor")).await;
    let error = said.iter().find(|d| !d.summary.is_empty()).unwrap();
    assert!(
        error.summary.contains("database kept refusing concurrent writes"),
        "{said:?}"
    );
    assert!(error.detail.contains("-parallelism"), "{}", error.detail);
    assert!(error.attribute.is_none(), "on the resource, not an attribute");
    assert_eq!(sent(&emulator, "POST"), 3, "first attempt and max_retries = 2");
    assert!(emulator.document_of("Role", "Auditor").is_none());
}
