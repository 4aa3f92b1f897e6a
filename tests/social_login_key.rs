//! `frappe_social_login_key` through real Terraform against the Frappe
//! emulator: the whole life cycle a user goes through, step by step.

mod support;

use frappe_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value as Json};
use support::{required_providers, Workspace};

/// A running emulator and a workspace whose provider points at it; the API
/// credentials come from the environment, as users are told to do.
fn site() -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(EmulatorConfig::default()).expect("emulator");
    let mut ws = Workspace::new();
    let admin = emulator.admin();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    (emulator, ws)
}

fn provider(emulator: &Emulator) -> String {
    format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n",
        required_providers(),
        emulator.url()
    )
}

/// The Frappe half of authentik's "Integrate with Frappe" guide, as HCL.
fn authentik_key(provider_name: &str, client_id: &str, sign_ups: &str, secret: &str) -> String {
    format!(
        r#"
resource "frappe_social_login_key" "sso" {{
  provider_name       = "{provider_name}"
  enable_social_login = true
  client_id           = "{client_id}"
  client_secret       = "{secret}"
  sign_ups            = "{sign_ups}"
  custom_base_url     = true
  base_url            = "https://authentik.company"
  authorize_url       = "/application/o/authorize/"
  access_token_url    = "/application/o/token/"
  api_endpoint        = "/application/o/userinfo/"
  auth_url_data       = jsonencode({{ response_type = "code", scope = "email profile openid" }})
}}
"#
    )
}

fn doc(emulator: &Emulator, name: &str) -> Json {
    emulator
        .document(name)
        .unwrap_or_else(|| panic!("no key {name:?} on the site: {:?}", emulator.documents()))
}

#[test]
fn the_whole_life_cycle_of_the_authentik_key() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    let base = provider(&emulator);

    // Create.
    ws.write_config(&format!(
        "{base}{}",
        authentik_key("authentik", "frappe", "Allow", "first-secret-value")
    ));
    ws.init();
    ws.apply().success();
    let created = doc(&emulator, "authentik");
    assert_eq!(created["provider_name"], "authentik");
    assert_eq!(created["social_login_provider"], "Custom");
    assert_eq!(created["enable_social_login"], 1);
    assert_eq!(created["custom_base_url"], 1);
    assert_eq!(created["client_id"], "frappe");
    assert_eq!(created["sign_ups"], "Allow");
    assert_eq!(
        created["redirect_url"],
        json!(format!(
            "{}/api/method/frappe.integrations.oauth2_logins.custom/authentik",
            emulator.url()
        ))
    );
    assert_eq!(
        emulator.stored_secret("authentik").as_deref(),
        Some("first-secret-value")
    );
    let state = ws.resource_values("frappe_social_login_key.sso");
    assert_eq!(state["id"], "authentik");
    assert_eq!(
        state["auth_url_data"],
        r#"{"response_type":"code","scope":"email profile openid"}"#
    );
    ws.assert_no_changes();

    // In-place update of client_id and sign_ups.
    ws.write_config(&format!(
        "{base}{}",
        authentik_key("authentik", "frappe-2", "Deny", "first-secret-value")
    ));
    let plan = ws.plan();
    assert_eq!(plan.code, 2, "{}", plan.combined());
    assert!(plan.stdout.contains("will be updated in-place"), "{}", plan.stdout);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    let modified_before = created["modified"].clone();
    ws.apply().success();
    let updated = doc(&emulator, "authentik");
    assert_eq!(updated["client_id"], "frappe-2");
    assert_eq!(updated["sign_ups"], "Deny");
    assert_ne!(updated["modified"], modified_before);
    assert_eq!(
        emulator.stored_secret("authentik").as_deref(),
        Some("first-secret-value")
    );
    ws.assert_no_changes();

    // Renaming replaces: Frappe never lets provider_name change.
    ws.write_config(&format!(
        "{base}{}",
        authentik_key("Company SSO", "frappe-2", "Deny", "first-secret-value")
    ));
    let plan = ws.plan();
    assert!(plan.stdout.contains("must be replaced"), "{}", plan.combined());
    ws.apply().success();
    assert!(emulator.document("authentik").is_none(), "old key left behind");
    let renamed = doc(&emulator, "company_sso");
    assert!(
        renamed["redirect_url"]
            .as_str()
            .unwrap()
            .ends_with("oauth2_logins.custom/company_sso"),
        "{renamed}"
    );
    ws.assert_no_changes();
    let before_import = ws.resource_values("frappe_social_login_key.sso");

    // Import with the CLI gives the same state, and an empty plan.
    ws.terraform(&["state", "rm", "frappe_social_login_key.sso"]).success();
    ws.terraform(&["import", "-no-color", "frappe_social_login_key.sso", "company_sso"])
        .success();
    let imported = ws.resource_values("frappe_social_login_key.sso");
    assert_eq!(imported, before_import);
    ws.assert_no_changes();

    // Import with an import block by id.
    ws.terraform(&["state", "rm", "frappe_social_login_key.sso"]).success();
    ws.write_file(
        "import.tf",
        "import {\n  to = frappe_social_login_key.sso\n  id = \"company_sso\"\n}\n",
    );
    let plan = ws.plan();
    assert!(
        plan.stdout.contains("1 to import, 0 to add, 0 to change, 0 to destroy"),
        "{}",
        plan.combined()
    );
    ws.apply().success();
    assert_eq!(ws.resource_values("frappe_social_login_key.sso"), before_import);

    // And by identity (Terraform 1.12+).
    ws.terraform(&["state", "rm", "frappe_social_login_key.sso"]).success();
    ws.write_file(
        "import.tf",
        "import {\n  to       = frappe_social_login_key.sso\n  identity = { name = \"company_sso\" }\n}\n",
    );
    ws.apply().success();
    assert_eq!(ws.resource_values("frappe_social_login_key.sso"), before_import);
    std::fs::remove_file(ws.dir().join("import.tf")).unwrap();
    ws.assert_no_changes();

    // Rotate the secret through the write-only attribute.
    let write_only = |version: u32, secret: &str| {
        authentik_key("Company SSO", "frappe-2", "Deny", "x").replace(
            "  client_secret       = \"x\"\n",
            &format!("  client_secret_wo         = \"{secret}\"\n  client_secret_wo_version = {version}\n"),
        )
    };
    ws.write_config(&format!("{base}{}", write_only(1, "rotated-secret-one")));
    ws.apply().success();
    assert_eq!(
        emulator.stored_secret("company_sso").as_deref(),
        Some("rotated-secret-one")
    );
    let state_text = std::fs::read_to_string(ws.dir().join("terraform.tfstate")).unwrap();
    assert!(
        !state_text.contains("rotated-secret-one"),
        "write-only secret stored in state"
    );
    assert!(!state_text.contains("first-secret-value"), "old secret left in state");
    ws.assert_no_changes();
    ws.write_config(&format!("{base}{}", write_only(2, "rotated-secret-two")));
    ws.apply().success();
    assert_eq!(
        emulator.stored_secret("company_sso").as_deref(),
        Some("rotated-secret-two")
    );
    ws.assert_no_changes();

    // A key deleted in the desk is planned for creation again.
    assert!(emulator.desk_delete("company_sso"));
    let plan = ws.plan();
    assert_eq!(plan.code, 2, "{}", plan.combined());
    assert!(plan.stdout.contains("will be created"), "{}", plan.stdout);
    assert!(
        plan.combined().contains("deleted outside Terraform"),
        "{}",
        plan.combined()
    );

    // Destroy leaves the site empty.
    ws.apply().success();
    assert!(emulator.document("company_sso").is_some());
    ws.destroy().success();
    assert!(emulator.documents().is_empty(), "{:?}", emulator.documents());
}

#[test]
fn a_github_preset_needs_only_id_and_secret() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    ws.write_config(&format!(
        "{}\nresource \"frappe_social_login_key\" \"github\" {{\n  provider_name         = \"GitHub\"\n  social_login_provider = \"GitHub\"\n  enable_social_login   = true\n  client_id             = \"gh-client\"\n  client_secret         = \"gh-secret-value\"\n}}\n",
        provider(&emulator)
    ));
    ws.init();
    let plan = ws.plan();
    assert!(
        plan.stdout.contains("https://github.com/login/oauth/authorize"),
        "{}",
        plan.combined()
    );
    ws.apply().success();
    let key = doc(&emulator, "github");
    assert_eq!(key["authorize_url"], "https://github.com/login/oauth/authorize");
    assert_eq!(key["access_token_url"], "https://github.com/login/oauth/access_token");
    assert_eq!(key["redirect_url"], "/api/method/frappe.www.login.login_via_github");
    assert_eq!(key["icon"], "/assets/frappe/icons/social/github.svg");
    assert_eq!(key["auth_url_data"], r#"{"scope": "user:email"}"#);
    ws.assert_no_changes();
}

#[test]
fn changes_made_in_the_desk_are_drift() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    ws.write_config(&format!(
        "{}{}",
        provider(&emulator),
        authentik_key("authentik", "frappe", "Allow", "configured-secret")
    ));
    ws.init();
    ws.apply().success();

    emulator
        .desk_update(
            "authentik",
            json!({"base_url": "https://evil.example", "client_secret": "changed-in-desk"}),
        )
        .expect("desk edit");
    let plan = ws.plan();
    assert_eq!(plan.code, 2, "{}", plan.combined());
    assert!(plan.stdout.contains("https://evil.example"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("client_secret"),
        "secret drift not shown: {}",
        plan.stdout
    );
    assert!(
        !plan.combined().contains("changed-in-desk"),
        "secret printed: {}",
        plan.combined()
    );
    assert!(
        !plan.combined().contains("configured-secret"),
        "secret printed: {}",
        plan.combined()
    );
    ws.apply().success();
    assert_eq!(doc(&emulator, "authentik")["base_url"], "https://authentik.company");
    assert_eq!(
        emulator.stored_secret("authentik").as_deref(),
        Some("configured-secret")
    );
    ws.assert_no_changes();
}

#[test]
fn json_written_differently_and_server_rewrites_do_not_cause_diffs() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    ws.write_config(&format!(
        "{}\nresource \"frappe_social_login_key\" \"k\" {{\n  provider_name    = \"Google\"\n  social_login_provider = \"Google\"\n  auth_url_data    = \"{{ \\\"scope\\\" : \\\"openid\\\",  \\\"response_type\\\": \\\"code\\\" }}\"\n  sign_ups         = \"\"\n  client_id        = \"\"\n}}\n",
        provider(&emulator)
    ));
    ws.init();
    ws.apply().success();
    ws.assert_no_changes();
    // Someone re-saves the JSON with other spacing and key order: same meaning, no diff.
    emulator
        .desk_update(
            "google",
            json!({"auth_url_data": "{\"response_type\":\"code\",\"scope\":\"openid\"}"}),
        )
        .unwrap();
    ws.assert_no_changes();
}

#[test]
fn creating_a_key_whose_name_is_taken_explains_how_to_import_it() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    emulator
        .desk_insert(json!({
            "provider_name": "Authentik",
            "authorize_url": "https://a/authorize",
            "access_token_url": "https://a/token",
            "redirect_url": "/cb",
        }))
        .unwrap();
    ws.write_config(&format!(
        "{}{}",
        provider(&emulator),
        authentik_key("authentik", "frappe", "Allow", "s3cret-value")
    ));
    ws.init();
    let run = ws.apply().failure();
    assert!(
        run.stderr
            .contains("A Social Login Key named \"authentik\" already exists"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("terraform import frappe_social_login_key"),
        "{}",
        run.stderr
    );
    assert_eq!(emulator.documents().len(), 1, "nothing half-written");
    // Nothing was recorded for the failed create.
    let state = ws.terraform(&["state", "list"]);
    assert!(
        !state.stdout.contains("frappe_social_login_key.sso"),
        "{}",
        state.stdout
    );
}

#[test]
fn wrong_credentials_and_missing_roles_get_actionable_errors() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = site();
    ws.write_config(&format!(
        "{}{}",
        provider(&emulator),
        authentik_key("authentik", "frappe", "Allow", "s3cret-value")
    ));
    ws.init();

    ws.set_env("FRAPPE_API_SECRET", "not-the-secret");
    let run = ws.apply().failure();
    assert!(
        run.stderr.contains("Frappe rejected the API credentials"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("api_key and api_secret"), "{}", run.stderr);
    assert!(!run.combined().contains("not-the-secret"), "API secret printed");

    let clerk = emulator.add_user("clerk@example.com", &["Accounts User"]);
    ws.set_env("FRAPPE_API_KEY", &clerk.api_key);
    ws.set_env("FRAPPE_API_SECRET", &clerk.api_secret);
    let run = ws.apply().failure();
    assert!(run.text().contains("System Manager"), "{}", run.stderr);
    assert!(emulator.documents().is_empty());
}

#[test]
fn validation_errors_point_at_the_attribute() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    let cases: &[(&str, &str, &str)] = &[
        (
            "social_login_provider = \"Okta\"",
            "Invalid social_login_provider",
            "social_login_provider",
        ),
        ("sign_ups = \"Maybe\"", "Invalid sign_ups", "sign_ups"),
        (
            "auth_url_data = \"{scope: openid}\"",
            "auth_url_data is not valid JSON",
            "auth_url_data",
        ),
        (
            "api_endpoint_args = \"[1, 2]\"",
            "api_endpoint_args must be a JSON object",
            "api_endpoint_args",
        ),
        (
            "enable_social_login = true",
            "client_id is required to enable social login",
            "enable_social_login",
        ),
    ];
    let mut config = provider(&emulator);
    for (i, (line, _, _)) in cases.iter().enumerate() {
        config.push_str(&format!(
            "\nresource \"frappe_social_login_key\" \"case{i}\" {{\n  provider_name = \"case{i}\"\n  {line}\n}}\n"
        ));
    }
    let long = "a".repeat(141 - "https://".len());
    config.push_str(&format!(
        "\nresource \"frappe_social_login_key\" \"long\" {{\n  provider_name = \"long\"\n  authorize_url = \"https://{long}\"\n}}\n"
    ));
    ws.write_config(&config);
    ws.init();
    let run = ws.terraform(&["validate", "-json", "-no-color"]).failure();
    let report = run.json();
    let diagnostics = report["diagnostics"].as_array().unwrap().clone();
    let find = |summary: &str| {
        diagnostics
            .iter()
            .find(|d| d["summary"] == summary)
            .unwrap_or_else(|| panic!("no {summary:?} in {report}"))
            .clone()
    };
    for (_, summary, attribute) in cases {
        let d = find(summary);
        assert_eq!(d["severity"], "error");
        let code = d["snippet"]["code"].as_str().unwrap_or_default();
        assert!(code.contains(attribute), "{summary} not pointed at {attribute}: {d}");
    }
    let d = find("authorize_url is too long");
    assert!(d["snippet"]["code"].as_str().unwrap().contains("authorize_url"));
    assert!(d["detail"].as_str().unwrap().contains("141 characters"));
    assert!(emulator.documents().is_empty());
}

#[test]
fn plan_time_checks_use_the_values_that_will_be_sent() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = site();
    ws.write_config(&format!(
        "{}\nresource \"frappe_social_login_key\" \"relative\" {{\n  provider_name    = \"relative\"\n  base_url         = \"https://authentik.company\"\n  authorize_url    = \"/application/o/authorize/\"\n  access_token_url = \"/application/o/token/\"\n}}\n",
        provider(&emulator)
    ));
    ws.init();
    let run = ws.terraform(&["plan", "-no-color"]).failure();
    assert!(
        run.stderr.contains("Relative authorize_url without custom_base_url"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("authorize_url    = \"/application/o/authorize/\""),
        "{}",
        run.stderr
    );
    assert!(emulator.documents().is_empty());

    ws.write_config(&format!(
        "{}\nresource \"frappe_social_login_key\" \"slash\" {{\n  provider_name    = \"slash\"\n  custom_base_url  = true\n  base_url         = \"https://authentik.company/\"\n  authorize_url    = \"/application/o/authorize/\"\n  access_token_url = \"/application/o/token/\"\n}}\n",
        provider(&emulator)
    ));
    let run = ws.terraform(&["plan", "-no-color"]).success();
    assert!(
        run.combined().contains("Double slash in the login URL"),
        "{}",
        run.combined()
    );
    assert!(run
        .combined()
        .contains("https://authentik.company//application/o/authorize/"));
}
