//! The provider binary under the real Terraform engine: installation from a
//! filesystem mirror, schema, validation and planning of a provider block.

mod support;

use support::{required_providers, Workspace};

fn provider_block(body: &str) -> String {
    format!("{}\nprovider \"frappe\" {{\n{body}\n}}\n", required_providers())
}

#[test]
fn init_installs_from_the_mirror_and_writes_a_lock_file() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&provider_block("  url = \"https://erp.example.com\""));
    let run = ws.init();
    assert!(run.stdout.contains("terraform.local/frappe/frappe"), "{}", run.stdout);
    let lock = std::fs::read_to_string(ws.dir().join(".terraform.lock.hcl")).expect("lock file");
    assert!(lock.contains("provider \"terraform.local/frappe/frappe\""), "{lock}");
    assert!(
        lock.contains(&format!("version = \"{}\"", support::PROVIDER_VERSION)),
        "{lock}"
    );
}

#[test]
fn providers_schema_lists_the_configuration_with_descriptions() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&provider_block(""));
    ws.init();
    let schema = ws.terraform(&["providers", "schema", "-json"]).success().json();
    let provider = &schema["provider_schemas"]["terraform.local/frappe/frappe"]["provider"]["block"];
    let attributes = provider["attributes"].as_object().expect("provider attributes");
    for name in [
        "url",
        "api_key",
        "api_secret",
        "site_name",
        "timeout",
        "ca_cert_file",
        "insecure_skip_verify",
        "max_retries",
    ] {
        let attribute = &attributes[name];
        assert!(
            attribute["description"].as_str().is_some_and(|d| d.len() > 20),
            "{name} has no description: {attribute}"
        );
        assert_eq!(attribute["optional"], true, "{name}");
    }
    assert_eq!(attributes["api_secret"]["sensitive"], true);
}

#[test]
fn a_provider_block_validates_and_plans() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&provider_block(
        "  url        = \"https://erp.example.com\"\n  api_key    = \"key\"\n  api_secret = \"secret\"",
    ));
    ws.init();
    let run = ws.terraform(&["validate", "-no-color"]).success();
    assert!(run.stdout.contains("The configuration is valid"), "{}", run.stdout);
    let plan = ws.plan();
    assert_eq!(plan.code, 0, "{}", plan.combined());
    assert!(plan.stdout.contains("No changes"), "{}", plan.stdout);
    ws.apply().success();
}

/// A resource that needs the provider, so Terraform validates and configures it.
const ONE_KEY: &str = r#"
resource "frappe_social_login_key" "k" {
  provider_name    = "k"
  authorize_url    = "https://idp.example.com/authorize"
  access_token_url = "https://idp.example.com/token"
}
"#;

#[test]
fn a_malformed_url_is_an_error_on_the_url_attribute() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&format!("{}{ONE_KEY}", provider_block("  url = \"not a url\"")));
    ws.init();
    let run = ws.terraform(&["validate", "-json", "-no-color"]).failure();
    let report = run.json();
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let url_error = diagnostics
        .iter()
        .find(|d| d["summary"] == "Invalid Frappe site URL")
        .unwrap_or_else(|| panic!("no URL diagnostic in {report}"));
    assert_eq!(url_error["severity"], "error");
    assert!(url_error["detail"]
        .as_str()
        .unwrap()
        .contains("https://erp.example.com"));
    // Terraform resolved our attribute path to the `url` line of the block.
    let code = url_error["snippet"]["code"].as_str().unwrap_or_default();
    assert!(
        code.contains("url = \"not a url\""),
        "diagnostic not on url: {url_error}"
    );
}

#[test]
fn missing_credentials_are_reported_on_their_attribute() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&format!(
        "{}{ONE_KEY}",
        provider_block("  url = \"https://erp.example.com\"")
    ));
    ws.init();
    let run = ws.terraform(&["plan", "-no-color"]).failure();
    assert!(run.text().contains("Missing api_key"), "{}", run.combined());
    assert!(run.text().contains("FRAPPE_API_KEY"), "{}", run.combined());
}

#[test]
fn a_provider_url_known_only_after_apply_does_not_fail_the_plan() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config(&format!(
        "{}\nresource \"terraform_data\" \"site\" {{\n  input = \"https://erp.example.com\"\n}}\n\nprovider \"frappe\" {{\n  url        = terraform_data.site.output\n  api_key    = \"key\"\n  api_secret = \"secret\"\n}}\n{ONE_KEY}",
        required_providers()
    ));
    ws.init();
    let run = ws.terraform(&["plan", "-no-color"]).success();
    assert!(
        run.stdout.contains("frappe_social_login_key.k will be created"),
        "{}",
        run.stdout
    );
    // The callback URL depends on the provider url, so it is not known yet.
    assert!(
        run.stdout.contains("redirect_url          = (known after apply)"),
        "{}",
        run.stdout
    );
}

#[test]
fn debug_mode_serves_terraform_through_tf_reattach_providers() {
    if support::skip_acceptance() {
        return;
    }
    use std::io::{BufRead, BufReader};
    let emulator = frappe_emulator::Emulator::start_in_background(Default::default()).unwrap();
    let admin = emulator.admin();
    let mut child = std::process::Command::new(support::provider_binary())
        .arg("--debug")
        .env_clear()
        .env("FRAPPE_API_KEY", &admin.api_key)
        .env("FRAPPE_API_SECRET", &admin.api_secret)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let reattach = loop {
        let line = lines.next().expect("debug output ended").unwrap();
        if let Some(rest) = line.trim().strip_prefix("TF_REATTACH_PROVIDERS='") {
            break rest.trim_end_matches('\'').to_string();
        }
    };
    let parsed: serde_json::Value = serde_json::from_str(&reattach).unwrap();
    assert_eq!(parsed["terraform.local/frappe/frappe"]["ProtocolVersion"], 6);

    let ws = Workspace::new();
    ws.write_config(&format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n{ONE_KEY}",
        required_providers(),
        emulator.url()
    ));
    ws.init();
    // The provider process started by hand does the work, with its own environment.
    let run = ws.terraform_with_env(
        &["apply", "-auto-approve", "-no-color"],
        &[("TF_REATTACH_PROVIDERS", &reattach)],
    );
    let _ = child.kill();
    let _ = child.wait();
    run.success();
    assert!(emulator.document("k").is_some());
}

#[test]
fn existing_keys_plan_while_the_provider_url_is_unknown() {
    if support::skip_acceptance() {
        return;
    }
    let emulator = frappe_emulator::Emulator::start_in_background(Default::default()).unwrap();
    let admin = emulator.admin();
    let mut ws = Workspace::new();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    let with_url = |url_expression: &str| {
        format!(
            "{}\nresource \"terraform_data\" \"site\" {{\n  input = \"{}\"\n}}\n\nprovider \"frappe\" {{\n  url = {url_expression}\n}}\n{ONE_KEY}",
            required_providers(),
            emulator.url()
        )
    };
    ws.write_config(&with_url(&format!("\"{}\"", emulator.url())));
    ws.init();
    ws.apply().success();
    // Now the URL comes from a resource about to be replaced: unknown at plan time.
    ws.write_config(&with_url("terraform_data.site.output").replace(
        "resource \"terraform_data\" \"site\" {",
        "resource \"terraform_data\" \"site\" {\n  triggers_replace = [\"again\"]",
    ));
    let run = ws.plan();
    assert_eq!(run.code, 2, "{}", run.combined());
    assert!(
        run.text().contains("Social Login Key not refreshed"),
        "{}",
        run.combined()
    );
}
