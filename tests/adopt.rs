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
        "client_id                = \"Adopt IdP-client\"",
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
    let found = ws.terraform(&["query", "-no-color"]).success().text();
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
    let applied = ws.terraform(&["apply", "-auto-approve", "-no-color"]).success().text();
    assert!(
        applied.contains("4 imported, 0 added, 0 changed, 0 destroyed"),
        "{applied}"
    );
    assert_eq!(writes(&emulator), before, "the import wrote to the site");
    let again = ws.terraform(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}", again.combined());
}
