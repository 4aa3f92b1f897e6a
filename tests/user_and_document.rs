//! Acceptance tests through real Terraform: `frappe_user` and
//! `frappe_document` — create, empty plan, drift made on the site, the fix,
//! an update, import, empty plan, destroy — with a Single (System
//! Settings), a child table (a user's roles) and a Password field covered.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::{required_providers, Workspace};

fn start() -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(EmulatorConfig::default()).expect("emulator");
    // A dedicated System Manager, as real deployments use.
    let user = emulator.add_user("terraform@example.com", &["System Manager"]);
    let mut ws = Workspace::new();
    ws.set_env("FRAPPE_API_KEY", &user.api_key);
    ws.set_env("FRAPPE_API_SECRET", &user.api_secret);
    (emulator, ws)
}

fn config(emulator: &Emulator, resources: &str) -> String {
    format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n{resources}",
        required_providers(),
        emulator.url()
    )
}

fn roles_of(emulator: &Emulator, email: &str) -> Vec<String> {
    let mut roles: Vec<String> = emulator.document_of("User", email).unwrap()["roles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["role"].as_str().map(str::to_owned))
        .collect();
    roles.sort();
    roles
}

const ALICE: &str = r#"
resource "frappe_user" "alice" {
  email      = "alice@example.com"
  first_name = "Alice"
  roles      = ["System Manager", "Accounts User"]
}
"#;

#[test]
fn frappe_user_life_cycle() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start();
    ws.write_config(&config(&emulator, ALICE));
    ws.init();
    ws.apply().success();
    assert_eq!(
        roles_of(&emulator, "alice@example.com"),
        ["Accounts User", "System Manager"]
    );
    let state = ws.resource_values("frappe_user.alice");
    assert_eq!(state["user_type"], "System User");
    assert_eq!(state["send_welcome_email"], false);
    ws.assert_no_changes();

    // A role removed in the desk is drift; the apply puts it back.
    emulator
        .update_document(
            "User",
            "alice@example.com",
            json!({"roles": [{"role": "System Manager"}]}),
        )
        .unwrap();
    let plan = ws.plan();
    assert_eq!(plan.code, 2, "{}", plan.combined());
    assert!(plan.stdout.contains("\"Accounts User\""), "{}", plan.stdout);
    ws.apply().success();
    assert_eq!(
        roles_of(&emulator, "alice@example.com"),
        ["Accounts User", "System Manager"]
    );

    // Update in place; a new email replaces the user.
    ws.write_config(&config(&emulator, &ALICE.replace("\"Alice\"", "\"Alicia\"")));
    let plan = ws.terraform(&["plan", "-no-color"]).success();
    assert!(plan.stdout.contains("1 to change, 0 to destroy"), "{}", plan.stdout);
    ws.apply().success();
    assert_eq!(
        emulator.document_of("User", "alice@example.com").unwrap()["first_name"],
        "Alicia"
    );
    ws.assert_no_changes();

    // Import by email settles.
    ws.terraform(&["state", "rm", "frappe_user.alice"]).success();
    ws.terraform(&["import", "-no-color", "frappe_user.alice", "alice@example.com"])
        .success();
    ws.assert_no_changes();

    ws.destroy().success();
    assert!(emulator.document_of("User", "alice@example.com").is_none());
}

#[test]
fn frappe_document_life_cycle_with_a_single_a_child_table_and_a_password() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start();
    let resources = r#"
resource "frappe_document" "auditor" {
  doctype = "Role"
  data = {
    role_name   = "Auditor"
    desk_access = true
  }
}

resource "frappe_document" "system_settings" {
  doctype = "System Settings"
  data = {
    session_expiry = "12:00"
  }
}

resource "frappe_document" "erin" {
  doctype = "User"
  name    = "erin@example.com"
  data = {
    email              = "erin@example.com"
    first_name         = "Erin"
    send_welcome_email = false
    roles              = [{ role = "Accounts User" }, { role = frappe_document.auditor.name }]
  }
}

resource "frappe_document" "idp" {
  doctype = "Social Login Key"
  data = {
    provider_name    = "idp"
    client_id        = "frappe"
    base_url         = "https://idp.example.com"
    custom_base_url  = true
    authorize_url    = "/authorize"
    access_token_url = "/token"
    redirect_url     = "/api/method/frappe.integrations.oauth2_logins.custom/idp"
  }
  sensitive_data = {
    client_secret = "s3cret"
  }
}
"#;
    ws.write_config(&config(&emulator, resources));
    ws.init();
    let plan = ws.terraform(&["plan", "-no-color"]).success();
    // Named by its role_name field: known at plan.
    assert!(plan.stdout.contains("\"Role/Auditor\""), "{}", plan.stdout);
    let apply = ws.apply().success();
    assert!(!apply.combined().contains("s3cret"), "the secret was shown");
    assert_eq!(roles_of(&emulator, "erin@example.com"), ["Accounts User", "Auditor"]);
    assert_eq!(
        emulator
            .stored_password("Social Login Key", "idp", "client_secret")
            .as_deref(),
        Some("s3cret")
    );
    ws.assert_no_changes();

    // Drift: a settings flip, a removed row, a rotated secret.
    emulator
        .update_document("System Settings", "System Settings", json!({"session_expiry": "06:00"}))
        .unwrap();
    emulator
        .update_document(
            "User",
            "erin@example.com",
            json!({"roles": [{"role": "Accounts User"}]}),
        )
        .unwrap();
    emulator
        .update_document("Social Login Key", "idp", json!({"client_secret": "rotated"}))
        .unwrap();
    let plan = ws.terraform(&["plan", "-no-color"]).success();
    assert!(plan.stdout.contains("3 to change"), "{}", plan.stdout);
    assert!(!plan.stdout.contains("rotated"), "a secret was shown: {}", plan.stdout);
    ws.apply().success();
    assert_eq!(
        emulator.document_of("System Settings", "System Settings").unwrap()["session_expiry"],
        "12:00"
    );
    assert_eq!(roles_of(&emulator, "erin@example.com"), ["Accounts User", "Auditor"]);
    assert_eq!(
        emulator
            .stored_password("Social Login Key", "idp", "client_secret")
            .as_deref(),
        Some("s3cret")
    );
    ws.assert_no_changes();

    // Import records the fields set on the Role (role_name; desk_access is
    // at its default): the first plan adds desk_access to what the state
    // manages, and the apply writes nothing, as it already holds.
    ws.terraform(&["state", "rm", "frappe_document.auditor"]).success();
    ws.terraform(&["import", "-no-color", "frappe_document.auditor", "Role/Auditor"])
        .success();
    let plan = ws.terraform(&["plan", "-no-color"]).success();
    assert!(plan.stdout.contains("1 to change"), "{}", plan.stdout);
    assert!(plan.stdout.contains("desk_access"), "{}", plan.stdout);
    let before = emulator.requests().len();
    ws.apply().success();
    let writes: Vec<_> = emulator.requests()[before..]
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(writes.is_empty(), "the apply after import wrote: {writes:?}");
    ws.assert_no_changes();

    // Destroy deletes the documents and only forgets the Single.
    let destroy = ws.destroy().success();
    assert!(
        destroy.text().contains("System Settings is a Single DocType"),
        "{}",
        destroy.combined()
    );
    assert!(emulator.document_of("Role", "Auditor").is_none());
    assert!(emulator.document_of("User", "erin@example.com").is_none());
    assert!(emulator.document_of("Social Login Key", "idp").is_none());
    assert_eq!(
        emulator.document_of("System Settings", "System Settings").unwrap()["session_expiry"],
        "12:00"
    );
}

#[test]
fn a_mistyped_field_is_refused_at_plan_with_the_closest_names() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start();
    ws.write_config(&config(
        &emulator,
        r#"
resource "frappe_document" "todo" {
  doctype = "ToDo"
  data = {
    descripton          = "Renew the certificate"
    description_section = "a Section Break of ToDo"
  }
}
"#,
    ));
    ws.init();
    let text = ws.terraform(&["plan", "-no-color"]).failure().text();
    assert!(text.contains("ToDo has no field descripton"), "{text}");
    assert!(text.contains("Did you mean \"description\"?"), "{text}");
    // The site's meta lists ToDo's layout fields (`description_and_status`,
    // `description_section`, ...); they hold no value, so they are neither data keys nor
    // suggestions.
    assert!(
        text.contains("has no field \"description_section\". Did you mean \"description\"?"),
        "{text}"
    );
    assert!(emulator.documents_of("ToDo").is_empty());
}
