//! The product's headline, through real Terraform: `examples/authentik-frappe-sso/usage`
//! applied unchanged — only the provider sources mapped by the CLI config,
//! the URLs given as variables, credentials in the environment — against the
//! authentik stand-in (server and `goauthentik/authentik` provider) and the
//! Frappe emulator, in one apply; then a scripted browser logs in.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::path::Path;

use authentik_standin::{Authentik, AuthentikConfig};
use frappe_emulator::{Emulator, EmulatorConfig};
use support::Workspace;

/// The module as a user would check it out: its files, and `usage/` below it.
fn copy_module(ws: &Workspace, edit: impl Fn(&str, String) -> String) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/authentik-frappe-sso");
    for relative in ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "usage/main.tf"] {
        let text = std::fs::read_to_string(source.join(relative)).unwrap();
        let target = ws.dir().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, edit(relative, text)).unwrap();
    }
}

/// The two sites and a workspace holding the module, wired to them.
struct Stand {
    authentik: Authentik,
    frappe: Emulator,
    ws: Workspace,
}

impl Stand {
    fn new(edit: impl Fn(&str, String) -> String) -> Stand {
        let authentik = Authentik::start_in_background(AuthentikConfig::default()).expect("authentik stand-in");
        let frappe = Emulator::start_in_background(EmulatorConfig::default()).expect("Frappe emulator");
        let api_user = frappe.add_user("terraform@example.com", &["System Manager"]);
        let mut ws = Workspace::with_authentik();
        copy_module(&ws, edit);
        ws.run_in("usage");
        ws.set_env("AUTHENTIK_TOKEN", &authentik.api_token());
        ws.set_env("FRAPPE_API_KEY", &api_user.api_key);
        ws.set_env("FRAPPE_API_SECRET", &api_user.api_secret);
        ws.set_env("TF_VAR_authentik_url", authentik.url().trim_end_matches('/'));
        ws.set_env("TF_VAR_frappe_url", frappe.url().trim_end_matches('/'));
        Stand { authentik, frappe, ws }
    }
}

#[test]
fn the_module_applies_in_one_run_and_the_next_plan_is_empty_for_both_providers() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|_, text| text);
    stand.ws.init();
    let apply = stand.ws.apply().success();
    assert!(apply.stdout.contains("Apply complete!"), "{}", apply.stdout);

    // authentik holds the provider the module describes, with a login that can work.
    let provider = stand
        .authentik
        .provider_by_client_id("frappe")
        .expect("the OAuth2 provider");
    assert_eq!(provider["grant_types"], serde_json::json!(["authorization_code"]));
    let secret = provider["client_secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 128);
    // Frappe holds the key with authentik's generated secret and the same redirect URL.
    let key = stand.frappe.document("authentik").expect("the Social Login Key");
    assert_eq!(
        stand.frappe.stored_secret("authentik").as_deref(),
        Some(secret.as_str())
    );
    let redirect = key["redirect_url"].as_str().unwrap();
    assert_eq!(provider["redirect_uris"][0]["url"].as_str(), Some(redirect));
    assert!(stand.frappe.document_of("User", "alice@example.com").is_some());

    let plan = stand.ws.plan();
    assert_eq!(plan.code, 0, "the second plan is not empty:\n{}", plan.combined());

    stand.ws.destroy().success();
    assert!(stand.frappe.document("authentik").is_none());
    assert!(stand.authentik.provider_by_client_id("frappe").is_none());
}
