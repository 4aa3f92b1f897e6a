//! Writes refused as a database with concurrent writers refuses them
//! (`EmulatorConfig::refuse_concurrent_writes`): the bodies real MariaDB and PostgreSQL sites
//! answered, per release line, and nothing written.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{ConcurrentWriteRefusals, Database, EmulatorConfig, FrappeVersion};
use serde_json::{json, Value};
use support::Site;

async fn refusing(version: FrappeVersion, database: Database) -> Site {
    Site::start_with(EmulatorConfig {
        version,
        database,
        refuse_concurrent_writes: Some(ConcurrentWriteRefusals::every(1)),
        ..EmulatorConfig::default()
    })
    .await
}

fn role(name: &str) -> Value {
    json!({"role_name": name})
}

fn keys(body: &Value) -> Vec<&str> {
    body.as_object().unwrap().keys().map(String::as_str).collect()
}

#[tokio::test]
async fn mariadb_refuses_with_query_deadlock_error_and_writes_nothing() {
    let site = refusing(FrappeVersion::V15, Database::MariaDb).await;
    let refused = site.create("Role", &role("Auditor")).await;
    assert_eq!(refused.status, 500, "{}", refused.text);
    assert_eq!(refused.body["exc_type"], "QueryDeadlockError");
    assert_eq!(
        refused.body["exception"],
        "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"
    );
    assert_eq!(keys(&refused.body), ["exception", "exc_type", "exc"]);
    assert_eq!(site.get("Role", "Auditor").await.status, 404);
    // The same write sent again goes through.
    assert_eq!(site.create("Role", &role("Auditor")).await.status, 200);
    assert_eq!(site.emulator.writes_refused(), 1);
}

#[tokio::test]
async fn v14_sends_the_deadlock_without_exc_type() {
    let site = refusing(FrappeVersion::V14, Database::MariaDb).await;
    let refused = site.create("Role", &role("Auditor")).await;
    assert_eq!(refused.status, 500);
    assert!(refused.body.get("exc_type").is_none(), "{}", refused.text);
    assert!(refused.body["exception"]
        .as_str()
        .unwrap()
        .starts_with("frappe.exceptions.QueryDeadlockError: (1213, "));
}

#[tokio::test]
async fn postgres_refuses_with_serialization_failure_and_an_empty_exception() {
    let site = refusing(FrappeVersion::V15, Database::Postgres).await;
    let refused = site.create("Role", &role("Auditor")).await;
    assert_eq!(refused.status, 500, "{}", refused.text);
    assert_eq!(refused.body["exception"], "");
    assert_eq!(refused.body["exc_type"], "SerializationFailure");
    assert_eq!(
        refused.body["_debug_messages"],
        "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\"]"
    );
    assert_eq!(site.get("Role", "Auditor").await.status, 404);

    let v14 = refusing(FrappeVersion::V14, Database::Postgres).await;
    let refused = v14.create("Role", &role("Auditor")).await;
    assert!(refused.body.get("exc_type").is_none(), "{}", refused.text);
    assert!(refused.body.get("_debug_messages").is_none());
    let exc: Vec<String> = serde_json::from_str(refused.body["exc"].as_str().unwrap()).unwrap();
    assert_eq!(
        exc[0],
        "Error in query:\ncould not serialize access due to concurrent update\n"
    );
}

#[tokio::test]
async fn reads_are_never_refused() {
    let site = refusing(FrappeVersion::V15, Database::MariaDb).await;
    assert_eq!(site.get("Role", "System Manager").await.status, 200);
    assert_eq!(site.emulator.writes_refused(), 0);
}
