//! The examples under examples/ are embedded verbatim in the docs, so they
//! must be valid: every directory passes `terraform fmt -check`, and every
//! example that needs only this provider passes `terraform validate` against
//! the provider binary under test.
//!
//! `examples/authentik-frappe-sso` also needs goauthentik/authentik, which
//! cannot be installed here (the test mirror holds only our provider and there
//! is no network), so it cannot be initialised or validated. It is format- and
//! parse-checked (`terraform fmt` parses every file and fails on syntax
//! errors), and the attributes it sets on our resources are checked against
//! our schemas by [`frappe_blocks_set_only_attributes_of_their_schema`].
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use frappe_emulator::{Emulator, EmulatorConfig};
use support::{required_providers, Workspace};
use terraform_plugin::framework::Provider;
use terraform_provider_frappe::provider::FrappeProvider;

/// The one example that needs another provider (see the module comment).
const NEEDS_AUTHENTIK: &str = "authentik-frappe-sso";

fn examples_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Every directory below examples/ holding `.tf` files, relative to examples/.
fn example_dirs() -> Vec<PathBuf> {
    fn walk(root: &Path, relative: &Path, found: &mut Vec<PathBuf>) {
        let mut has_tf = false;
        for entry in std::fs::read_dir(root.join(relative)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                walk(root, &relative.join(&name), found);
            } else if name.ends_with(".tf") {
                has_tf = true;
            }
        }
        if has_tf {
            found.push(relative.to_path_buf());
        }
    }
    let mut found = Vec::new();
    walk(&examples_root(), Path::new(""), &mut found);
    found.sort();
    found
}

fn tf_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    files.sort();
    files
}

/// A workspace holding `files` of examples/`dir` (all its `.tf` files when
/// `None`), plus the `required_providers` block that points `frappe` at the
/// provider under test unless the example declares its own. Reusable for
/// applying examples against the emulator.
fn example_workspace(dir: &str, files: Option<&[&str]>) -> Workspace {
    let source = examples_root().join(dir);
    let paths: Vec<PathBuf> = match files {
        Some(names) => names.iter().map(|n| source.join(n)).collect(),
        None => tf_files(&source),
    };
    assert!(!paths.is_empty(), "examples/{dir} has no .tf files");
    let ws = Workspace::new();
    let mut declares_providers = false;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        declares_providers |= text.contains("required_providers");
        ws.write_file(&path.file_name().unwrap().to_string_lossy(), &text);
    }
    if !declares_providers {
        ws.write_file("providers_under_test.tf", &required_providers());
    }
    ws
}

/// `terraform init` and `terraform validate` must both succeed.
fn assert_validates(dir: &str, files: Option<&[&str]>) {
    let ws = example_workspace(dir, files);
    ws.init();
    let run = ws.terraform(&["validate", "-no-color"]);
    assert_eq!(
        run.code,
        0,
        "examples/{dir} {files:?} does not validate:\n{}",
        run.combined()
    );
}

#[test]
fn every_example_directory_is_formatted() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    let dirs = example_dirs();
    for expected in [
        "provider",
        "quickstart",
        "resources/frappe_social_login_key",
        "data-sources/frappe_social_login_key",
        "data-sources/frappe_social_login_keys",
        "functions/social_login_redirect_url",
        NEEDS_AUTHENTIK,
        "authentik-frappe-sso-2025",
    ] {
        assert!(
            dirs.contains(&PathBuf::from(expected)),
            "examples/{expected} missing: {dirs:?}"
        );
    }
    let mut problems = Vec::new();
    for dir in &dirs {
        let path = examples_root().join(dir);
        let run = ws.terraform(&["fmt", "-check", "-diff", "-no-color", &path.display().to_string()]);
        if run.code != 0 {
            problems.push(format!("examples/{}:\n{}", dir.display(), run.combined()));
        }
    }
    assert!(
        problems.is_empty(),
        "run `terraform fmt -recursive examples`:\n{}",
        problems.join("\n")
    );
}

/// What makes the fmt check a parse check as well.
#[test]
fn fmt_check_rejects_a_syntax_error() {
    if support::skip_acceptance() {
        return;
    }
    let ws = Workspace::new();
    ws.write_config("resource \"frappe_social_login_key\" \"x\" {\n  provider_name = \"x\"\n");
    let run = ws.terraform(&["fmt", "-check", "-no-color", "."]);
    assert_ne!(run.code, 0, "{}", run.combined());
    assert!(run.stderr.contains("Error"), "{}", run.combined());
}

#[test]
fn provider_example_validates() {
    if support::skip_acceptance() {
        return;
    }
    assert_validates("provider", None);
}

/// Every registered resource's examples validate, with each way of importing
/// it; read from the provider's one registration list.
#[test]
fn every_resource_example_validates_with_each_import_form() {
    if support::skip_acceptance() {
        return;
    }
    for resource in FrappeProvider::new().resources() {
        let dir = format!("resources/{}", resource.type_name());
        assert_validates(&dir, Some(&["resource.tf", "import-by-string-id.tf"]));
        if resource.identity_schema().is_some() {
            assert_validates(&dir, Some(&["resource.tf", "import-by-identity.tf"]));
        }
    }
}

#[test]
fn every_import_command_names_a_resource_of_its_example() {
    for resource in FrappeProvider::new().resources() {
        let dir = examples_root().join("resources").join(resource.type_name());
        let command = std::fs::read_to_string(dir.join("import.sh")).unwrap();
        let example = std::fs::read_to_string(dir.join("resource.tf")).unwrap();
        let lines: Vec<&str> = command.lines().filter(|l| l.starts_with("terraform import ")).collect();
        assert!(
            !lines.is_empty(),
            "{}: import.sh runs no terraform import",
            dir.display()
        );
        for line in lines {
            let address = line.split_whitespace().nth(2).expect("an address");
            let (kind, name) = address.split_once('.').expect("type.name");
            assert_eq!(kind, resource.type_name(), "{line}");
            assert!(
                example.contains(&format!("resource \"{kind}\" \"{name}\"")),
                "{address} is not declared in {}/resource.tf",
                dir.display()
            );
        }
    }
}

#[test]
fn every_data_source_example_validates() {
    if support::skip_acceptance() {
        return;
    }
    for data_source in FrappeProvider::new().data_sources() {
        assert_validates(&format!("data-sources/{}", data_source.type_name()), None);
    }
}

/// Every registered function's example applies (outputs only, no provider
/// settings needed) and its comment shows each output's value.
#[test]
fn every_function_example_returns_what_its_comment_says() {
    if support::skip_acceptance() {
        return;
    }
    for function in FrappeProvider::new().functions() {
        let dir = format!("functions/{}", function.name());
        let ws = example_workspace(&dir, None);
        ws.init();
        ws.apply().success();
        let outputs = ws.terraform(&["output", "-json"]).success().json();
        let example = std::fs::read_to_string(examples_root().join(&dir).join("function.tf")).unwrap();
        let outputs = outputs.as_object().expect("outputs");
        assert!(!outputs.is_empty(), "{dir}: the example has no output");
        for (name, output) in outputs {
            let value = output["value"].as_str().unwrap_or_default();
            assert!(
                example.contains(&format!("\"{value}\"")),
                "{dir}: the example's comment does not show {name} = {value:?}"
            );
        }
    }
}

#[test]
fn quickstart_validates() {
    if support::skip_acceptance() {
        return;
    }
    assert_validates("quickstart", None);
}

/// Every `resource "frappe_…"` and `data "frappe_…"` block in every example
/// (the authentik module included) sets only attributes of that type's schema.
#[test]
fn frappe_blocks_set_only_attributes_of_their_schema() {
    let provider = FrappeProvider::new();
    let mut schemas = std::collections::BTreeMap::new();
    for r in provider.resources() {
        schemas.insert(("resource", r.type_name()), r.schema());
    }
    for d in provider.data_sources() {
        schemas.insert(("data", d.type_name()), d.schema());
    }
    let mut checked = 0;
    let mut problems = Vec::new();
    for dir in example_dirs() {
        for file in tf_files(&examples_root().join(&dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for block in top_level_blocks(&text) {
                let Some(schema) = schemas.get(&(block.kind.as_str(), block.type_name.as_str())) else {
                    continue;
                };
                checked += 1;
                for attribute in &block.attributes {
                    if schema.block.attribute(attribute).is_none() {
                        problems.push(format!(
                            "{}: {} \"{}\" sets unknown attribute {attribute}",
                            file.display(),
                            block.kind,
                            block.type_name
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 5, "only {checked} frappe blocks found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A `resource "T" "N" { … }` or `data "T" "N" { … }` block and the
/// attribute names assigned directly inside it.
struct TopLevelBlock {
    kind: String,
    type_name: String,
    attributes: BTreeSet<String>,
}

/// A line-based reading of HCL that is enough for formatted examples: a block
/// opens on its header line, `name = …` at depth 1 is an attribute.
fn top_level_blocks(text: &str) -> Vec<TopLevelBlock> {
    const META: &[&str] = &["count", "for_each", "provider", "depends_on"];
    let mut blocks = Vec::new();
    let mut current: Option<TopLevelBlock> = None;
    let mut depth = 0usize;
    for line in text.lines() {
        let code = line.split('#').next().unwrap_or("").trim();
        if depth == 0 {
            let words: Vec<&str> = code.split_whitespace().collect();
            if let [kind @ ("resource" | "data"), type_name, _, "{", ..] = words.as_slice() {
                current = Some(TopLevelBlock {
                    kind: kind.to_string(),
                    type_name: type_name.trim_matches('"').to_string(),
                    attributes: BTreeSet::new(),
                });
            }
        } else if depth == 1 {
            if let (Some(block), Some((name, _))) = (current.as_mut(), code.split_once('=')) {
                let name = name.trim();
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                    && !META.contains(&name)
                {
                    block.attributes.insert(name.to_string());
                }
            }
        }
        let opens = code.matches('{').count();
        let closes = code.matches('}').count();
        depth = (depth + opens).saturating_sub(closes);
        if depth == 0 {
            blocks.extend(current.take());
        }
    }
    blocks
}

#[test]
fn the_block_reader_sees_top_level_attributes_only() {
    let blocks = top_level_blocks(
        "resource \"frappe_social_login_key\" \"a\" {\n  provider_name = \"x\" # a = 1\n  auth_url_data = jsonencode({ scope = \"openid\" })\n  lifecycle {\n    ignore_changes = [icon]\n  }\n  depends_on = []\n}\n\ndata \"frappe_social_login_key\" \"b\" {\n  name = \"a\"\n}\n",
    );
    let summary: Vec<(String, Vec<String>)> = blocks
        .into_iter()
        .map(|b| {
            (
                format!("{} {}", b.kind, b.type_name),
                b.attributes.into_iter().collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "resource frappe_social_login_key".to_string(),
                vec!["auth_url_data".to_string(), "provider_name".to_string()]
            ),
            ("data frappe_social_login_key".to_string(), vec!["name".to_string()]),
        ]
    );
}

// ---------------------------------------------------------------------------
// Examples applied against the Frappe emulator: what the docs show works.

/// An example workspace whose provider settings come from the environment,
/// pointed at a fresh emulator.
fn against_emulator(dir: &str, files: Option<&[&str]>) -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(EmulatorConfig::default()).expect("emulator");
    let mut ws = example_workspace(dir, files);
    let admin = emulator.admin();
    ws.set_env("FRAPPE_URL", &emulator.url());
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    (emulator, ws)
}

#[test]
fn quickstart_applies_plans_empty_and_destroys() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = against_emulator("quickstart", None);
    ws.set_env("TF_VAR_frappe_url", &emulator.url());
    ws.init();
    ws.apply().success();
    let outputs = ws.terraform(&["output", "-json"]).success().json();
    assert_eq!(outputs["social_login_key_id"]["value"], "example_idp");
    assert_eq!(
        outputs["redirect_url"]["value"],
        format!(
            "{}/api/method/frappe.integrations.oauth2_logins.custom/example_idp",
            emulator.url()
        )
    );
    let key = emulator.document("example_idp").expect("key on the site");
    assert_eq!(key["enable_social_login"], 1);
    assert_eq!(key["custom_base_url"], 1);
    assert_eq!(
        emulator.stored_secret("example_idp").as_deref(),
        Some("quickstart-client-secret")
    );
    ws.assert_no_changes();
    ws.destroy().success();
    assert!(emulator.documents().is_empty());
}

#[test]
fn resource_example_applies_both_keys() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = against_emulator("resources/frappe_social_login_key", Some(&["resource.tf"]));
    ws.set_env("TF_VAR_authentik_client_secret", "authentik-secret");
    ws.set_env("TF_VAR_github_client_id", "gh-id");
    ws.set_env("TF_VAR_github_client_secret", "gh-secret");
    ws.init();
    ws.apply().success();
    let authentik = emulator.document("authentik").expect("authentik key");
    assert_eq!(
        authentik["redirect_url"],
        "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/authentik"
    );
    let github = emulator.document("github").expect("github key");
    assert_eq!(github["authorize_url"], "https://github.com/login/oauth/authorize");
    ws.assert_no_changes();
    ws.destroy().success();
    assert!(emulator.documents().is_empty());
}

#[test]
fn data_source_examples_read_what_the_site_has() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = against_emulator("data-sources/frappe_social_login_key", None);
    emulator
        .desk_insert(serde_json::json!({
            "provider_name": "authentik",
            "enable_social_login": 1,
            "client_id": "frappe",
            "client_secret": "stored-secret",
            "authorize_url": "https://authentik.example.com/application/o/authorize/",
            "access_token_url": "https://authentik.example.com/application/o/token/",
            "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/authentik",
        }))
        .expect("seed key");
    ws.init();
    ws.apply().success();
    let login = ws.terraform(&["output", "-json", "authentik_login"]).success().json();
    assert_eq!(login["enabled"], true);
    assert_eq!(login["has_secret"], true);
    assert_eq!(
        login["redirect_url"],
        "/api/method/frappe.integrations.oauth2_logins.custom/authentik"
    );
    let state = std::fs::read_to_string(ws.dir().join("terraform.tfstate")).unwrap();
    assert!(!state.contains("stored-secret"), "the data source exposed the secret");

    let (_, list_ws) = (&emulator, {
        let mut w = example_workspace("data-sources/frappe_social_login_keys", None);
        let admin = emulator.admin();
        w.set_env("FRAPPE_URL", &emulator.url());
        w.set_env("FRAPPE_API_KEY", &admin.api_key);
        w.set_env("FRAPPE_API_SECRET", &admin.api_secret);
        w
    });
    emulator
        .desk_insert(serde_json::json!({
            "provider_name": "Disabled One",
            "authorize_url": "https://x/a",
            "access_token_url": "https://x/t",
            "redirect_url": "/cb",
        }))
        .expect("seed second key");
    list_ws.init();
    list_ws.apply().success();
    let enabled = list_ws
        .terraform(&["output", "-json", "enabled_social_logins"])
        .success()
        .json();
    assert_eq!(enabled, serde_json::json!(["authentik"]));
}

#[test]
fn user_and_document_resource_examples_apply_settle_and_destroy() {
    if support::skip_acceptance() {
        return;
    }
    for dir in ["resources/frappe_user", "resources/frappe_document"] {
        let (emulator, ws) = against_emulator(dir, Some(&["resource.tf"]));
        ws.init();
        // The examples are what users copy: they plan with no error and no warning
        // (a Custom Field's `insert_after` and `fieldname` included).
        let plan = ws.plan();
        assert_eq!(plan.code, 2, "{dir}: a plan that creates:\n{}", plan.combined());
        assert!(!plan.combined().contains("Warning"), "{dir}:\n{}", plan.combined());
        ws.apply().success();
        ws.assert_no_changes();
        if dir.ends_with("frappe_document") {
            let field = emulator
                .document_of("Custom Field", "ToDo-ticket")
                .expect("the custom field");
            assert_eq!(field["insert_after"], "priority");
        }
        ws.destroy().success();
        assert!(emulator.document_of("User", "alice@example.com").is_none(), "{dir}");
        assert!(emulator.document_of("Role", "Auditor").is_none(), "{dir}");
        assert!(emulator.document_of("Custom Field", "ToDo-ticket").is_none(), "{dir}");
    }
}

#[test]
fn generic_data_source_examples_read_what_the_site_has() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = against_emulator("data-sources/frappe_document", None);
    ws.init();
    ws.apply().success();
    let disabled = ws
        .terraform(&["output", "-json", "password_login_disabled"])
        .success()
        .json();
    assert_eq!(disabled, false);

    let (emulator2, list_ws) = (&emulator, {
        let mut w = example_workspace("data-sources/frappe_documents", None);
        let admin = emulator.admin();
        w.set_env("FRAPPE_URL", &emulator.url());
        w.set_env("FRAPPE_API_KEY", &admin.api_key);
        w.set_env("FRAPPE_API_SECRET", &admin.api_secret);
        w
    });
    emulator2.add_user("first@example.com", &["System Manager"]);
    emulator2.add_user("second@example.com", &["System Manager"]);
    list_ws.init();
    list_ws.apply().success();
    let names = list_ws.terraform(&["output", "-json", "desk_users"]).success().json();
    let names: Vec<&str> = names.as_array().unwrap().iter().filter_map(|n| n.as_str()).collect();
    let first = names
        .iter()
        .position(|n| *n == "first@example.com")
        .expect("first@example.com listed");
    let second = names
        .iter()
        .position(|n| *n == "second@example.com")
        .expect("second@example.com listed");
    assert!(second < first, "not newest first: {names:?}");
}

/// The SSO module for authentik 2025.x is a copy of the 2026.5 module that
/// differs only where the releases differ — the OAuth2 provider block, the
/// opening comment, the provider version — so each directory stays a
/// self-contained module users can copy, and the copies cannot drift apart.
#[test]
fn the_2025_sso_module_differs_from_the_2026_one_only_where_the_releases_do() {
    let read = |module: &str, file: &str| std::fs::read_to_string(examples_root().join(module).join(file)).unwrap();
    let (new, old) = ("authentik-frappe-sso", "authentik-frappe-sso-2025");
    for file in ["variables.tf", "outputs.tf"] {
        assert_eq!(
            read(old, file),
            read(new, file),
            "{file} differs between {new} and {old}"
        );
    }
    /// The file without its opening comment and without the OAuth2 provider block.
    fn shared_part(text: &str) -> String {
        let mut kept = Vec::new();
        let mut in_provider = false;
        for line in text.lines().skip_while(|l| l.starts_with('#')) {
            if line.starts_with("resource \"authentik_provider_oauth2\"") {
                in_provider = true;
            }
            if !in_provider {
                kept.push(line);
            }
            if in_provider && line == "}" {
                in_provider = false;
            }
        }
        kept.join("\n")
    }
    assert_eq!(
        shared_part(&read(old, "main.tf")),
        shared_part(&read(new, "main.tf")),
        "main.tf differs outside the authentik_provider_oauth2 block"
    );
    let usage = |module: &str| {
        read(module, "usage/main.tf")
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .filter(|l| !l.trim_start().starts_with("version = \">= 20"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        usage(old),
        usage(new),
        "usage/main.tf differs beyond the provider version"
    );
}
