//! Acceptance test through real Terraform: adopting a site that already
//! exists. `terraform query` finds exactly the keys, users and documents
//! the `list` blocks ask for, `-generate-config-out` writes their
//! configuration, the plan is a pure import, applying it sends no write to
//! the site, and the next plan is empty.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use support::{required_providers, Workspace};

/// A site made by hand in the desk: what an adopter brings.
fn hand_made_site() -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(EmulatorConfig::default()).expect("emulator");
    let admin = emulator.add_user("terraform@example.com", &["System Manager", "Website Manager"]);
    let mut ws = Workspace::new();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    for (provider_name, enabled) in [("Adopt IdP", 1), ("Adopt Two", 0)] {
        emulator
            .insert_document(
                "Social Login Key",
                json!({
                    "provider_name": provider_name,
                    "social_login_provider": "Custom",
                    "enable_social_login": enabled,
                    "client_id": format!("{provider_name}-client"),
                    "client_secret": "s3cret-from-the-desk",
                    "base_url": "https://idp.example.com",
                    "custom_base_url": 1,
                    "authorize_url": "/application/o/authorize/",
                    "access_token_url": "/application/o/token/",
                    "api_endpoint": "/application/o/userinfo/",
                    "redirect_url": format!(
                        "/api/method/frappe.integrations.oauth2_logins.custom/{}",
                        provider_name.to_lowercase().replace(' ', "_")
                    ),
                    "auth_url_data": "{\"response_type\": \"code\", \"scope\": \"openid email profile\"}",
                }),
            )
            .unwrap();
    }
    // Roles made in the desk for this site: two-factor login tells them apart.
    for (role, two_factor) in [("Adopt Editor", 1), ("Adopt Viewer", 1), ("Not Adopted", 0)] {
        emulator
            .insert_document(
                "Role",
                json!({"role_name": role, "two_factor_auth": two_factor, "desk_access": two_factor}),
            )
            .unwrap();
    }
    for (email, first, last, roles) in [
        ("adopt-bob@example.com", "Bob", "Adoptee", vec!["Adopt Editor"]),
        (
            "adopt-carol@example.com",
            "Carol",
            "Adoptee",
            vec!["Adopt Viewer", "Adopt Editor"],
        ),
    ] {
        let roles: Vec<_> = roles.iter().map(|r| json!({"role": r})).collect();
        emulator
            .insert_document(
                "User",
                json!({"email": email, "first_name": first, "last_name": last, "roles": roles,
                       "send_welcome_email": 0, "user_type": "System User"}),
            )
            .unwrap();
    }
    emulator
        .insert_document(
            "User",
            json!({"email": "website-only@example.com", "first_name": "Web", "last_name": "Adoptee",
                   "send_welcome_email": 0}),
        )
        .unwrap();
    emulator
        .update_document(
            "Website Settings",
            "Website Settings",
            json!({"copyright": "Adopt Inc.", "hide_login": 1, "top_bar_items": [
                {"label": "Docs", "url": "/docs"},
                {"label": "Blog", "url": "/blog", "right": 0}
            ]}),
        )
        .unwrap();
    // System Settings as a real site has them: dozens of fields set by the
    // setup wizard and by hand.
    emulator
        .update_document(
            "System Settings",
            "System Settings",
            json!({
                "date_format": "dd-mm-yyyy", "time_format": "HH:mm",
                "number_format": "#,##,###.##", "first_day_of_the_week": "Monday", "float_precision": "3",
                "currency_precision": "2", "enable_onboarding": 1, "disable_document_sharing": 1,
                "deny_multiple_sessions": 1, "allow_login_using_user_name": 1, "allow_login_after_fail": 120,
                "lifespan_qrcode_image": 240, "otp_issuer_name": "Adopt Inc.",
                "password_reset_limit": 5, "enable_password_policy": 0,
                "email_footer_address": "Adopt Inc., Main Street 1", "email_retry_limit": 5,
                "attach_view_link": 0, "store_attached_pdf_document": 0, "max_file_size": 25, "backup_limit": 7,
                "dormant_days": 8,
            }),
        )
        .unwrap();
    (emulator, ws)
}

/// The requests that change something on the site.
fn writes(emulator: &Emulator) -> Vec<String> {
    emulator
        .requests()
        .into_iter()
        .filter(|r| !matches!(r.method.as_str(), "GET" | "HEAD" | "OPTIONS"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Generated configuration a person would keep as it is: no attribute is
/// written as `= null` (Terraform writes one for every optional attribute
/// the answer leaves null unless the schema marks it computed).
fn assert_no_nulls(generated: &str) {
    let nulls: Vec<&str> = generated.lines().filter(|l| l.contains("= null")).collect();
    assert!(nulls.is_empty(), "null lines {nulls:?} in {generated}");
}

/// The README's `terraform query -generate-config-out=generated.tf`, then
/// `terraform plan`: a pure import of every result `found` listed, without
/// a write to the site. Returns the generated file.
fn generate_and_plan_a_pure_import(ws: &Workspace, emulator: &Emulator, found: &str) -> String {
    ws.terraform(&["query", "-generate-config-out=generated.tf"]).success();
    let generated = std::fs::read_to_string(ws.dir().join("generated.tf")).unwrap();
    assert_no_nulls(&generated);
    let results = found.lines().filter(|l| l.starts_with("list.")).count();
    let before = writes(emulator);
    let plan = ws.terraform(&["plan", "-no-color"]).success().text();
    assert!(
        plan.contains(&format!(
            "Plan: {results} to import, 0 to add, 0 to change, 0 to destroy."
        )),
        "{plan}\n{generated}"
    );
    assert_eq!(writes(emulator), before, "planning the import wrote to the site");
    generated
}

fn config(emulator: &Emulator) -> String {
    format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n",
        required_providers(),
        emulator.url()
    )
}

const QUERY: &str = r#"
list "frappe_social_login_key" "keys" {
  provider = frappe
  config {
    filters = { enable_social_login = true }
  }
}

list "frappe_user" "adopted" {
  provider = frappe
  config {
    filters = { user_type = "System User", last_name = "Adoptee" }
  }
}

list "frappe_document" "roles" {
  provider = frappe
  config {
    doctype = "Role"
    filters = { two_factor_auth = true }
  }
}

list "frappe_document" "system" {
  provider = frappe
  config {
    doctype = "System Settings"
  }
}

list "frappe_document" "website" {
  provider = frappe
  config {
    doctype = "Website Settings"
  }
}
"#;

#[test]
fn query_generates_configuration_that_imports_without_writing() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = hand_made_site();
    ws.write_config(&config(&emulator));
    ws.write_file("adopt.tfquery.hcl", QUERY);
    ws.terraform(&["init", "-no-color"]).success();
    let found = ws.terraform(&["query", "-no-color"]).success().stdout;
    let mut lines: Vec<&str> = found.lines().filter(|l| l.starts_with("list.")).collect();
    lines.sort_unstable();
    let shown: Vec<String> = lines
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        shown,
        [
            "list.frappe_document.roles doctype=Role,name=Adopt Editor Role/Adopt Editor",
            "list.frappe_document.roles doctype=Role,name=Adopt Viewer Role/Adopt Viewer",
            "list.frappe_document.system doctype=System Settings,name=System Settings System Settings/System Settings",
            "list.frappe_document.website doctype=Website Settings,name=Website Settings Website Settings/Website Settings",
            "list.frappe_social_login_key.keys name=adopt_idp Adopt IdP (adopt_idp)",
            "list.frappe_user.adopted name=adopt-bob@example.com Bob Adoptee <adopt-bob@example.com>",
            "list.frappe_user.adopted name=adopt-carol@example.com Carol Adoptee <adopt-carol@example.com>",
        ],
        "{found}"
    );

    ws.terraform(&["query", "-no-color", "-generate-config-out=generated.tf"])
        .success();
    let generated = std::fs::read_to_string(ws.dir().join("generated.tf")).unwrap();
    // No secret is written, and nothing a person would not write.
    assert!(!generated.contains("s3cret"), "{generated}");
    assert_no_nulls(&generated);
    for absent in [
        "id ",
        "user_type",
        "send_welcome_email",
        "modified",
        "idx",
        "parent",
        "time_zone",
    ] {
        assert!(
            !generated.contains(&format!("\n    {absent}")) && !generated.contains(&format!("\n  {absent}")),
            "{absent} in {generated}"
        );
    }
    // Roles are named by their role_name: no name is generated for them.
    assert!(!generated.contains("name    = \"Adopt Editor\"\n  data"), "{generated}");
    for written in [
        "role_name       = \"Adopt Editor\"",
        "otp_issuer_name",
        "dormant_days",
        "label = \"Docs\"",
        "client_id             = \"Adopt IdP-client\"",
        "roles      = [\"Adopt Editor\", \"Adopt Viewer\"]",
    ] {
        assert!(generated.contains(written), "{written} missing from {generated}");
    }

    let before = writes(&emulator);
    let modified_before = emulator.document_of("System Settings", "System Settings").unwrap()["modified"].clone();
    let plan = ws.terraform(&["plan", "-no-color"]).success().text();
    assert!(
        plan.contains("Plan: 7 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}\n{generated}"
    );
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(
        applied.contains("7 imported, 0 added, 0 changed, 0 destroyed"),
        "{applied}"
    );
    assert_eq!(writes(&emulator), before, "the import wrote to the site");
    assert_eq!(
        emulator.document_of("System Settings", "System Settings").unwrap()["modified"],
        modified_before
    );
    let again = ws.terraform(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.combined());
}

#[test]
fn the_adopt_example_finds_the_site_s_keys_users_roles_and_settings() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = hand_made_site();
    emulator
        .update_document("Role", "Adopt Editor", json!({"is_custom": 1}))
        .unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/adopt");
    for file in ["main.tf", "adopt.tfquery.hcl"] {
        ws.write_file(file, &std::fs::read_to_string(example.join(file)).unwrap());
    }
    ws.write_file("providers_under_test.tf", &required_providers());
    ws.set_env("FRAPPE_URL", &emulator.url());
    ws.terraform(&["init", "-no-color"]).success();
    let found = ws.terraform(&["query", "-no-color"]).success().stdout;
    for expected in [
        "Adopt IdP (adopt_idp)",
        "Bob Adoptee <adopt-bob@example.com>",
        "Role/Adopt Editor",
        "System Settings/System Settings",
    ] {
        assert!(found.contains(expected), "{expected} not in {found}");
    }
    assert!(
        !found.contains("Adopt Two") && !found.contains("Role/Adopt Viewer"),
        "{found}"
    );

    // The rest of the README's commands, as written there.
    generate_and_plan_a_pure_import(&ws, &emulator, &found);
    let results = found.lines().filter(|l| l.starts_with("list.")).count();
    let before = writes(&emulator);
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(
        applied.contains(&format!("{results} imported, 0 added, 0 changed")),
        "{applied}"
    );
    assert_eq!(writes(&emulator), before, "the import wrote to the site");
    let again = ws.terraform(&["plan", "-no-color"]).success().text();
    assert!(again.contains("No changes."), "{again}");
}

#[test]
fn plan_generates_configuration_for_import_blocks_that_imports_without_writing() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = hand_made_site();
    let imports = r#"
import {
  to       = frappe_social_login_key.idp
  identity = { name = "adopt_idp" }
}

import {
  to = frappe_user.bob
  id = "adopt-bob@example.com"
}

import {
  to       = frappe_document.editor
  identity = { doctype = "Role", name = "Adopt Editor" }
}

import {
  to = frappe_document.system_settings
  id = "System Settings/System Settings"
}
"#;
    ws.write_config(&format!("{}{imports}", config(&emulator)));
    ws.terraform(&["init", "-no-color"]).success();
    let before = writes(&emulator);
    let plan = ws
        .terraform(&["plan", "-no-color", "-generate-config-out=generated.tf"])
        .success()
        .text();
    assert!(
        plan.contains("Plan: 4 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    let generated = std::fs::read_to_string(ws.dir().join("generated.tf")).unwrap();
    // The Role is named by role_name: Frappe would refuse a generated name.
    let editor = &generated[generated.find("\"editor\"").unwrap()..];
    let editor = &editor[..editor.find("\n}").unwrap()];
    assert!(!editor.contains("\n  name "), "{editor}");
    assert!(editor.contains("role_name       = \"Adopt Editor\""), "{editor}");
    assert!(!generated.contains("s3cret"), "{generated}");
    assert_no_nulls(&generated);
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(
        applied.contains("4 imported, 0 added, 0 changed, 0 destroyed"),
        "{applied}"
    );
    assert_eq!(writes(&emulator), before, "the import wrote to the site");
    let again = ws.terraform(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.combined());
}

/// A configuration written by hand for what the site already has: each
/// resource sets only some of the fields, all of which already hold (the
/// key's left-out attributes hold their defaults; the client secret, left
/// out, is not managed).
const HAND_WRITTEN: &str = r#"
import {
  to = frappe_social_login_key.idp
  id = "adopt_idp"
}

resource "frappe_social_login_key" "idp" {
  provider_name         = "Adopt IdP"
  social_login_provider = "Custom"
  enable_social_login   = true
  client_id             = "Adopt IdP-client"
  base_url              = "https://idp.example.com"
  custom_base_url       = true
  authorize_url         = "/application/o/authorize/"
  access_token_url      = "/application/o/token/"
  api_endpoint          = "/application/o/userinfo/"
  redirect_url          = "/api/method/frappe.integrations.oauth2_logins.custom/adopt_idp"
  auth_url_data         = jsonencode({ response_type = "code", scope = "openid email profile" })
}

import {
  to = frappe_user.bob
  id = "adopt-bob@example.com"
}

resource "frappe_user" "bob" {
  email      = "adopt-bob@example.com"
  first_name = "Bob"
  last_name  = "Adoptee"
}

import {
  to = frappe_document.editor
  id = "Role/Adopt Editor"
}

resource "frappe_document" "editor" {
  doctype = "Role"
  data    = { role_name = "Adopt Editor", two_factor_auth = true }
}

import {
  to = frappe_document.system_settings
  id = "System Settings/System Settings"
}

resource "frappe_document" "system_settings" {
  doctype = "System Settings"
  data    = { otp_issuer_name = "OTP_ISSUER", dormant_days = 8, deny_multiple_sessions = true }
}
"#;

#[test]
fn a_hand_written_import_of_values_that_hold_changes_nothing() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = hand_made_site();
    let hand_written = |issuer: &str| format!("{}{}", config(&emulator), HAND_WRITTEN.replace("OTP_ISSUER", issuer));
    ws.write_config(&hand_written("Adopt Inc."));
    ws.terraform(&["init", "-no-color"]).success();
    let modified = || emulator.document_of("System Settings", "System Settings").unwrap()["modified"].clone();
    let (before, modified_before) = (writes(&emulator), modified());
    let plan = ws.terraform(&["plan", "-no-color"]).success().text();
    assert!(
        plan.contains("Plan: 4 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(
        applied.contains("4 imported, 0 added, 0 changed, 0 destroyed"),
        "{applied}"
    );
    assert_eq!(writes(&emulator), before, "the import wrote to the site");
    assert_eq!(modified(), modified_before);
    let again = ws.terraform(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.combined());

    // A configured field changed on the site is drift the plan puts back.
    emulator
        .update_document(
            "System Settings",
            "System Settings",
            json!({"otp_issuer_name": "Someone Else"}),
        )
        .unwrap();
    let drift = ws.terraform(&["plan", "-no-color"]).success().text();
    assert!(drift.contains("Plan: 0 to add, 1 to change, 0 to destroy."), "{drift}");
    assert!(drift.contains("\"Someone Else\" -> \"Adopt Inc.\""), "{drift}");

    // A real change of a configured field is planned, applied, and sends
    // only that field; the fields left out stay as the site has them.
    ws.write_config(&hand_written("Adopt Corp."));
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(applied.contains("0 added, 1 changed, 0 destroyed"), "{applied}");
    let settings = emulator.document_of("System Settings", "System Settings").unwrap();
    assert_eq!(settings["otp_issuer_name"], "Adopt Corp.");
    assert_eq!(settings["email_footer_address"], "Adopt Inc., Main Street 1");
    assert_eq!(settings["allow_login_after_fail"], 120);
    let again = ws.terraform(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.combined());
}

/// The list-resource examples of the docs, run as written on a site that
/// has what they look for and more.
#[test]
fn the_list_resource_examples_find_what_they_describe_and_generate_a_pure_import() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = hand_made_site();
    emulator.add_user("ops@example.com", &["System Manager"]);
    emulator
        .insert_document(
            "User",
            json!({"email": "gone@example.com", "first_name": "Gone", "enabled": 0, "send_welcome_email": 0,
                   "roles": [{"role": "Adopt Editor"}]}),
        )
        .unwrap();
    for (description, status, allocated_to) in [
        ("Rotate the backups", "Open", "ops@example.com"),
        ("Renew the certificate", "Open", "ops@example.com"),
        ("Old ticket", "Closed", "ops@example.com"),
        ("Someone else's", "Open", "adopt-bob@example.com"),
    ] {
        emulator
            .insert_document(
                "ToDo",
                json!({"description": description, "status": status, "allocated_to": allocated_to}),
            )
            .unwrap();
    }
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/list-resources");
    for resource in ["frappe_social_login_key", "frappe_user", "frappe_document"] {
        let text = std::fs::read_to_string(examples.join(resource).join("list-resource.tfquery.hcl")).unwrap();
        ws.write_file(&format!("{resource}.tfquery.hcl"), &text);
    }
    ws.write_file("providers_under_test.tf", &required_providers());
    ws.write_file("main.tf", "provider \"frappe\" {}\n");
    ws.set_env("FRAPPE_URL", &emulator.url());
    ws.terraform(&["init", "-no-color"]).success();
    let found = ws.terraform(&["query", "-no-color"]).success().stdout;
    let mut shown: Vec<String> = found
        .lines()
        .filter(|l| l.starts_with("list."))
        .map(|l| {
            // Columns: address, identity, display name. The ToDos' names are
            // random hashes: keep the address and the display name.
            let columns: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            format!("{} {}", columns[0], columns[columns.len() - 1])
        })
        .collect();
    shown.sort_unstable();
    let todo_names: Vec<String> = shown
        .iter()
        .filter(|l| l.starts_with("list.frappe_document.ops_todos"))
        .cloned()
        .collect();
    assert_eq!(todo_names.len(), 2, "{found}");
    let users: Vec<&String> = shown
        .iter()
        .filter(|l| l.starts_with("list.frappe_user.desk_users"))
        .collect();
    for expected in [
        "list.frappe_social_login_key.enabled Adopt IdP (adopt_idp)",
        "list.frappe_document.website_settings Website Settings/Website Settings",
    ] {
        assert!(shown.iter().any(|l| l == expected), "{expected} not in {found}");
    }
    assert!(!found.contains("Adopt Two") && !found.contains("Old ticket") && !found.contains("Someone else"));
    // Enabled desk users only: not the disabled one, not the website user.
    assert!(
        users.iter().any(|l| l.contains("<adopt-bob@example.com>"))
            && users.iter().any(|l| l.contains("<ops@example.com>")),
        "{found}"
    );
    assert!(
        !found.contains("gone@example.com") && !found.contains("website-only@example.com"),
        "{found}"
    );

    let generated = generate_and_plan_a_pure_import(&ws, &emulator, &found);
    assert!(
        generated.contains("description  = \"Rotate the backups\""),
        "{generated}"
    );
}
