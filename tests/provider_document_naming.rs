//! In-process tier: a `frappe_document` whose `name` is given. The name
//! Frappe will derive itself (a Role named by `field:role_name`) is accepted
//! and lands where the state says; any other name is refused at plan.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::in_process::{errors, InProcess};
use terraform_plugin::protocol::Value;
use terraform_provider_frappe::resources::document::values::{dynamic, from_json};

const DOC: &str = "frappe_document";

fn role(site: &InProcess, name: &str, role_name: &str) -> Value {
    site.config(
        DOC,
        &[
            ("doctype", Value::from("Role")),
            ("name", Value::from(name)),
            ("data", dynamic(from_json(&json!({"role_name": role_name})))),
        ],
    )
}

#[tokio::test]
async fn the_name_frappe_derives_may_be_written_and_another_is_refused() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;

    let config = role(&site, "Auditor", "Auditor");
    let (state, said) = site.apply(DOC, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("id"), &Value::from("Role/Auditor"));
    assert!(emulator.document_of("Role", "Auditor").is_some());
    let (read, _) = site.read(DOC, &state).await;
    assert!(site.plans_no_change(DOC, &read, &config).await);

    let plan = site.plan(DOC, &Value::Null, &role(&site, "Auditors", "Auditor")).await;
    assert_eq!(
        errors(&plan.diagnostics),
        ["name: Frappe will not use this name"],
        "{:?}",
        plan.diagnostics
    );
}
