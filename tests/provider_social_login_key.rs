//! In-process tier: `frappe_social_login_key` driven through the plugin
//! framework's traits against the Frappe emulator, without the Terraform
//! engine (see tests/support/in_process.rs). Runs under a plain `cargo test`.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::in_process::{errors, InProcess};
use terraform_plugin::protocol::{Severity, Value};
use terraform_provider_frappe::provider::config::ProviderConfigModel;

const KEY: &str = "frappe_social_login_key";

fn authentik(site: &InProcess, client_id: &str) -> Value {
    site.config(
        KEY,
        &[
            ("provider_name", Value::from("authentik")),
            ("enable_social_login", Value::Bool(true)),
            ("client_id", Value::from(client_id)),
            ("client_secret", Value::from("s3cret-value")),
            ("custom_base_url", Value::Bool(true)),
            ("base_url", Value::from("https://auth.example.com")),
            ("authorize_url", Value::from("/application/o/authorize/")),
            ("access_token_url", Value::from("/application/o/token/")),
            ("api_endpoint", Value::from("/application/o/userinfo/")),
            (
                "auth_url_data",
                Value::from(r#"{"response_type": "code", "scope": "openid email profile"}"#),
            ),
        ],
    )
}

#[tokio::test]
async fn create_update_import_and_delete_settle_with_the_site() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure(&emulator).await;

    let config = authentik(&site, "frappe");
    let (state, said) = site.apply(KEY, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(state.get("id"), &Value::from("authentik"));
    let stored = emulator.document("authentik").unwrap();
    assert_eq!(stored["client_id"], json!("frappe"));
    assert_eq!(stored["custom_base_url"], json!(1));
    assert_eq!(emulator.stored_secret("authentik").as_deref(), Some("s3cret-value"));
    assert_eq!(
        stored["redirect_url"],
        json!(format!(
            "{}/api/method/frappe.integrations.oauth2_logins.custom/authentik",
            emulator.url().trim_end_matches('/')
        ))
    );

    // Read back, the state is what was applied, and planning again is a no-op.
    let (read, said) = site.read(KEY, &state).await;
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(read, state);
    assert!(site.plans_no_change(KEY, &read, &config).await);

    // An update sends only what changed.
    let before = emulator.requests().len();
    let (state, said) = site.apply(KEY, &read, &authentik(&site, "frappe-2")).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let puts: Vec<_> = emulator.requests()[before..]
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| format!("{:?}", r.body))
        .collect();
    assert_eq!(puts.len(), 1, "{puts:?}");
    assert!(
        puts[0].contains("client_id") && !puts[0].contains("base_url"),
        "{puts:?}"
    );
    assert_eq!(emulator.document("authentik").unwrap()["client_id"], json!("frappe-2"));

    // Importing the key gives the same state, secret included.
    let (imported, said) = site.import(KEY, "authentik").await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert!(
        site.plans_no_change(KEY, &imported, &authentik(&site, "frappe-2"))
            .await
    );
    assert_eq!(imported.get("client_secret"), &Value::from("s3cret-value"));

    let (gone, said) = site.destroy(KEY, &state).await;
    assert!(said.is_empty(), "{said:?}");
    assert!(gone.is_null());
    assert!(emulator.document("authentik").is_none());
}

#[tokio::test]
async fn drift_is_seen_and_a_deleted_key_leaves_state_with_a_warning() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure(&emulator).await;
    let config = authentik(&site, "frappe");
    let (state, _) = site.apply(KEY, &Value::Null, &config).await;

    emulator
        .desk_update(
            "authentik",
            json!({"client_id": "edited-in-desk", "client_secret": "rotated"}),
        )
        .unwrap();
    let (read, _) = site.read(KEY, &state).await;
    assert_eq!(read.get("client_id"), &Value::from("edited-in-desk"));
    assert_eq!(read.get("client_secret"), &Value::from("rotated"));
    let plan = site.plan(KEY, &read, &config).await;
    assert_eq!(plan.planned_state.get("client_id"), &Value::from("frappe"));
    assert_eq!(plan.planned_state.get("client_secret"), &Value::from("s3cret-value"));

    assert!(emulator.desk_delete("authentik"));
    let (read, said) = site.read(KEY, &state).await;
    assert!(read.is_null());
    let warning = said.iter().next().unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.summary, "Social Login Key deleted outside Terraform");
}

fn password_requests(emulator: &Emulator, since: usize) -> usize {
    emulator.requests()[since..]
        .iter()
        .filter(|r| {
            r.path.contains("frappe.client.get_password") || r.query.as_deref().unwrap_or("").contains("get_password")
        })
        .count()
}

#[tokio::test]
async fn a_refresh_of_an_unchanged_key_asks_for_no_secret_and_a_rotated_one_is_still_seen() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_as_system_manager(&emulator).await;
    let config = authentik(&site, "frappe");
    let (state, private, said) = site.apply_keeping(KEY, &Value::Null, &[], &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");

    // The apply wrote the secret: refreshing the untouched key needs only the document.
    let before = emulator.requests().len();
    let (read, private, said) = site.read_keeping(KEY, &state, &private).await;
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(read, state);
    assert_eq!(emulator.requests().len() - before, 1);
    assert_eq!(password_requests(&emulator, before), 0);

    // Rotated in the desk (a save, so `modified` changes): checked and seen.
    emulator
        .desk_update("authentik", json!({"client_secret": "rotated"}))
        .unwrap();
    let before = emulator.requests().len();
    let (read, private, _) = site.read_keeping(KEY, &read, &private).await;
    assert_eq!(password_requests(&emulator, before), 1);
    assert_eq!(read.get("client_secret"), &Value::from("rotated"));
    assert!(!site.plans_no_change(KEY, &read, &config).await);

    // Once checked, the next refresh of the same document asks no more.
    let before = emulator.requests().len();
    let (again, _, _) = site.read_keeping(KEY, &read, &private).await;
    assert_eq!(again, read);
    assert_eq!(password_requests(&emulator, before), 0);

    // Putting the configured secret back writes it; the refresh after that asks no more either.
    let (state, private, said) = site.apply_keeping(KEY, &read, &private, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    assert_eq!(emulator.stored_secret("authentik").as_deref(), Some("s3cret-value"));
    let before = emulator.requests().len();
    let (read, _, _) = site.read_keeping(KEY, &state, &private).await;
    assert_eq!(password_requests(&emulator, before), 0);
    assert!(site.plans_no_change(KEY, &read, &config).await);
}

#[tokio::test]
async fn frappe_errors_land_on_the_attribute_and_a_taken_name_says_how_to_import() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure(&emulator).await;
    let (_, said) = site.apply(KEY, &Value::Null, &authentik(&site, "a")).await;
    assert!(errors(&said).is_empty(), "{said:?}");

    // "Authentik" is named "authentik" by Frappe: taken.
    let mut twin = authentik(&site, "b");
    twin.set_attribute("provider_name", Value::from("Authentik"));
    let (state, said) = site.apply(KEY, &Value::Null, &twin).await;
    assert!(state.is_null());
    let error = said.iter().find(|d| d.severity == Severity::Error).unwrap();
    assert_eq!(
        error.attribute.as_ref().map(ToString::to_string).as_deref(),
        Some("provider_name")
    );
    assert!(error
        .detail
        .contains("terraform import frappe_social_login_key.<resource name> authentik"));

    // A name that cannot be a callback path segment never reaches the site.
    let bad = site.config(KEY, &[("provider_name", Value::from("corp/sso"))]);
    assert_eq!(
        errors(&site.validate(KEY, &bad)),
        vec!["provider_name: This provider_name cannot be used in Frappe's login callback"]
    );
}

#[tokio::test]
async fn the_default_redirect_url_is_built_from_the_public_url() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure_with(
        &emulator,
        ProviderConfigModel {
            public_url: Value::from("https://erp.example.com/"),
            ..ProviderConfigModel::default()
        },
    )
    .await;
    let (state, said) = site.apply(KEY, &Value::Null, &authentik(&site, "frappe")).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let expected = "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/authentik";
    assert_eq!(state.get("redirect_url"), &Value::from(expected));
    assert_eq!(emulator.document("authentik").unwrap()["redirect_url"], json!(expected));
}

#[tokio::test]
async fn a_plan_on_a_v15_site_reads_its_doctype_and_says_nothing_about_it() {
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let site = InProcess::configure(&emulator).await;
    let plan = site.plan(KEY, &Value::Null, &authentik(&site, "frappe")).await;
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    let meta_reads = emulator
        .requests()
        .iter()
        .filter(|r| r.path.contains("getdoctype"))
        .count();
    assert_eq!(meta_reads, 1);
}

#[tokio::test]
async fn an_unreadable_doctype_is_said_once_and_the_v15_fields_are_assumed() {
    use frappe_emulator::{Fault, FaultRule};
    let emulator = Emulator::start(EmulatorConfig::default()).await.unwrap();
    emulator.inject(FaultRule::new(Fault::Status(500)).path("getdoctype"));
    emulator.inject(FaultRule::new(Fault::Status(500)).path("/api/resource/DocType/"));
    let site = InProcess::configure(&emulator).await;
    let mut config = authentik(&site, "frappe");
    config.set_attribute("sign_ups", Value::from("Allow"));
    let (state, said) = site.apply(KEY, &Value::Null, &config).await;
    assert!(errors(&said).is_empty(), "{said:?}");
    let warning = said
        .iter()
        .find(|d| d.summary == "Could not read this site's Social Login Key DocType")
        .expect("a warning that the DocType could not be read");
    assert!(warning.detail.contains("HTTP 500"), "{}", warning.detail);
    assert_eq!(state.get("sign_ups"), &Value::from("Allow"));
    assert_eq!(emulator.document("authentik").unwrap()["sign_ups"], json!("Allow"));
}
