//! Acceptance tests: the provider adapts to the Frappe the user runs — v14,
//! v15 and develop, as the emulator answers like each — by reading the
//! site's own Social Login Key DocType. Through real Terraform.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig, FrappeVersion};
use serde_json::json;
use support::{required_providers, Workspace};

const VERSIONS: [FrappeVersion; 3] = [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop];

fn start(version: FrappeVersion) -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(EmulatorConfig {
        version,
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let mut ws = Workspace::new();
    let admin = emulator.admin();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    (emulator, ws)
}

fn config(emulator: &Emulator, key_body: &str) -> String {
    format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n\nresource \"frappe_social_login_key\" \"idp\" {{\n  provider_name       = \"idp\"\n  enable_social_login = true\n  client_id           = \"frappe\"\n  client_secret       = \"s3cret\"\n  base_url            = \"https://idp.example.com\"\n  custom_base_url     = true\n  authorize_url       = \"/authorize\"\n  access_token_url    = \"/token\"\n  api_endpoint        = \"/userinfo\"\n{key_body}\n}}\n",
        required_providers(),
        emulator.url()
    )
}

/// Without sign_ups every version runs the whole life cycle, and import
/// reaches an empty plan.
#[test]
fn every_version_runs_the_life_cycle_and_import_settles() {
    if support::skip_acceptance() {
        return;
    }
    for version in VERSIONS {
        let (emulator, ws) = start(version);
        ws.write_config(&config(&emulator, ""));
        ws.init();
        ws.apply().success();
        ws.assert_no_changes();
        ws.write_config(&config(&emulator, "  user_id_property = \"preferred_username\""));
        ws.apply().success();
        ws.assert_no_changes();
        assert_eq!(
            emulator.document("idp").unwrap()["user_id_property"],
            json!("preferred_username"),
            "{version:?}"
        );
        ws.terraform(&["state", "rm", "frappe_social_login_key.idp"]).success();
        ws.terraform(&["import", "-no-color", "frappe_social_login_key.idp", "idp"])
            .success();
        let run = ws.plan();
        assert_eq!(run.code, 0, "{version:?}: import did not settle:\n{}", run.combined());
        ws.destroy().success();
        assert!(emulator.documents().is_empty(), "{version:?}");
    }
}

/// sign_ups exists on v15 and develop; on v14 setting it is a plan-time
/// error on the attribute, and nothing reaches the site.
#[test]
fn sign_ups_works_where_the_site_has_it_and_is_refused_where_it_does_not() {
    if support::skip_acceptance() {
        return;
    }
    for version in VERSIONS {
        let (emulator, ws) = start(version);
        ws.write_config(&config(&emulator, "  sign_ups = \"Allow\""));
        ws.init();
        if version == FrappeVersion::V14 {
            let run = ws.terraform(&["plan", "-no-color", "-input=false"]).failure();
            let text = run.text();
            assert!(text.contains("sign_ups is not supported by this site"), "{text}");
            assert!(text.contains("has no Sign ups field (Frappe v14"), "{text}");
            assert!(
                text.contains("sign_ups = \"Allow\""),
                "not pointed at the attribute: {text}"
            );
            assert!(emulator.documents().is_empty());
        } else {
            ws.apply().success();
            assert_eq!(
                emulator.document("idp").unwrap()["sign_ups"],
                json!("Allow"),
                "{version:?}"
            );
            ws.assert_no_changes();
            ws.destroy().success();
        }
    }
}

#[test]
fn a_preset_the_site_lacks_is_refused_with_the_options_it_offers() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(FrappeVersion::V14);
    ws.write_config(&format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n\nresource \"frappe_social_login_key\" \"keycloak\" {{\n  provider_name         = \"Keycloak\"\n  social_login_provider = \"Keycloak\"\n  base_url              = \"https://id.example.com/realms/main\"\n}}\n",
        required_providers(),
        emulator.url()
    ));
    ws.init();
    let text = ws.terraform(&["plan", "-no-color", "-input=false"]).failure().text();
    assert!(text.contains("Invalid social_login_provider"), "{text}");
    assert!(text.contains("\"fairlogin\"") && text.contains("\"Custom\""), "{text}");
    assert!(emulator.documents().is_empty());
}

/// A field the provider does not model (a newer Frappe's, or a custom
/// field) is never sent: an update leaves its value alone, and it causes
/// no diff.
#[test]
fn a_field_the_provider_does_not_know_survives_an_update() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(FrappeVersion::V15);
    emulator
        .insert_document(
            "Custom Field",
            json!({
                "dt": "Social Login Key",
                "fieldname": "tenant_id",
                "label": "Tenant ID",
                "fieldtype": "Data",
                "insert_after": "client_id"
            }),
        )
        .unwrap();
    ws.write_config(&config(&emulator, ""));
    ws.init();
    ws.apply().success();
    emulator
        .update_document("Social Login Key", "idp", json!({"tenant_id": "t-42"}))
        .unwrap();
    ws.assert_no_changes();
    ws.write_config(
        &config(&emulator, "").replace("client_id           = \"frappe\"", "client_id           = \"frappe-2\""),
    );
    ws.apply().success();
    let stored = emulator.document("idp").unwrap();
    assert_eq!(stored["client_id"], json!("frappe-2"));
    assert_eq!(
        stored["tenant_id"],
        json!("t-42"),
        "the update wiped a field it does not manage"
    );
    ws.assert_no_changes();
}
