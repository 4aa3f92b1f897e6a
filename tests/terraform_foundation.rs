//! The provider binary under the real Terraform engine: installation from a
//! filesystem mirror, schema, validation and planning of a provider block.

mod support;

use support::{required_providers, Workspace};

fn provider_block(body: &str) -> String {
    format!("{}\nprovider \"frappe\" {{\n{body}\n}}\n", required_providers())
}

#[test]
fn init_installs_from_the_mirror_and_writes_a_lock_file() {
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
