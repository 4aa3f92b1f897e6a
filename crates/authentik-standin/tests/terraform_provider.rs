//! The provider stand-in through the real Terraform engine
//! (`TF_ACC_TERRAFORM`), against the server stand-in: the authentik half of
//! the SSO module applies and settles, and the real provider's flaws show
//! exactly where users hit them.

mod support;

use authentik_standin::fresh_install::{SCOPE_EMAIL, SCOPE_OPENID, SCOPE_PROFILE};
use authentik_standin::{Authentik, AuthentikConfig};
use support::terraform::{skip_acceptance, Workspace};
use support::{authorize_url, param, token_request, Browser, REDIRECT_URI};

/// Knobs of the test configuration.
struct Config<'a> {
    grant_types: Option<&'a str>,
    redirect_entry: String,
    client_type: &'a str,
    /// An HCL expression.
    invalidation_flow: &'a str,
}

impl Default for Config<'_> {
    fn default() -> Self {
        Config {
            grant_types: Some(r#"["authorization_code"]"#),
            redirect_entry: format!(
                r#"{{ matching_mode = "strict", url = "{REDIRECT_URI}", redirect_uri_type = "authorization" }}"#
            ),
            client_type: "confidential",
            invalidation_flow: "data.authentik_flow.invalidation.id",
        }
    }
}

/// The authentik half of `examples/authentik-frappe-sso`.
fn sso_config(authentik: &Authentik, config: &Config<'_>) -> String {
    let grant_types = config
        .grant_types
        .map(|g| format!("  grant_types = {g}\n"))
        .unwrap_or_default();
    format!(
        r#"
terraform {{
  required_providers {{
    authentik = {{
      source  = "goauthentik/authentik"
      version = ">= 2026.5.0"
    }}
  }}
}}

provider "authentik" {{
  url   = "{url}"
  token = "{token}"
}}

data "authentik_flow" "authorization" {{
  slug = "default-provider-authorization-implicit-consent"
}}

data "authentik_flow" "invalidation" {{
  slug = "default-provider-invalidation-flow"
}}

data "authentik_certificate_key_pair" "signing" {{
  name              = "authentik Self-signed Certificate"
  fetch_certificate = false
  fetch_key         = false
}}

data "authentik_property_mapping_provider_scope" "oidc" {{
  managed_list = [
    "goauthentik.io/providers/oauth2/scope-openid",
    "goauthentik.io/providers/oauth2/scope-email",
    "goauthentik.io/providers/oauth2/scope-profile",
  ]
}}

resource "authentik_provider_oauth2" "frappe" {{
  name               = "Frappe"
  client_id          = "frappe"
  client_type        = "{client_type}"
  authorization_flow = data.authentik_flow.authorization.id
  invalidation_flow  = {invalidation_flow}
  signing_key        = data.authentik_certificate_key_pair.signing.id
  property_mappings  = data.authentik_property_mapping_provider_scope.oidc.ids
  sub_mode           = "user_username"
{grant_types}
  allowed_redirect_uris = [
    {redirect_entry},
  ]
}}

resource "authentik_application" "frappe" {{
  name              = "Frappe"
  slug              = "frappe"
  protocol_provider = authentik_provider_oauth2.frappe.id
  meta_launch_url   = "https://erp.example.com"
}}
"#,
        url = authentik.url(),
        token = authentik.api_token(),
        client_type = config.client_type,
        redirect_entry = config.redirect_entry,
        invalidation_flow = config.invalidation_flow,
    )
}

fn start() -> Authentik {
    let authentik = Authentik::start_in_background(AuthentikConfig::default()).expect("stand-in starts");
    authentik.add_user("alice", "Alice Example", "alice@example.com", "alice-pw");
    authentik
}

/// Logs alice in through the provider Terraform made and returns the
/// token endpoint's status and body, or the authorize answer's location
/// when no code came back.
fn try_login(authentik: &Authentik, client_secret: &str) -> Result<serde_json::Value, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut browser = Browser::new(authentik);
        let answer = browser
            .authorize(
                &authorize_url("frappe", REDIRECT_URI, "openid email profile", Some("s")),
                "alice",
                "alice-pw",
            )
            .await;
        let location = answer.header("location").unwrap_or_default();
        let Some(code) = param(&location, "code") else {
            return Err(format!("no code: {} {location} {}", answer.status, answer.text));
        };
        let token = token_request(
            authentik,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT_URI),
            ],
            Some(("frappe", client_secret)),
        )
        .await;
        if token.status == 200 {
            Ok(token.json())
        } else {
            Err(format!("token endpoint: {} {}", token.status, token.text))
        }
    })
}

/// Not a Terraform test: what the root test harness relies on to find the binary.
#[test]
fn the_provider_binary_is_found_next_to_the_test_executables() {
    let found = authentik_standin::install::provider_binary().expect("provider binary");
    assert_eq!(
        found.canonicalize().expect("found path"),
        std::path::Path::new(env!("CARGO_BIN_EXE_terraform-provider-authentik"))
            .canonicalize()
            .expect("cargo's path")
    );
}

#[test]
fn the_sso_modules_authentik_half_applies_settles_and_logs_in() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    ws.write_config(&sso_config(&authentik, &Config::default()));
    ws.init();
    ws.apply().success();

    let provider = ws.values("authentik_provider_oauth2.frappe");
    let secret = provider["client_secret"].as_str().expect("client_secret").to_string();
    assert_eq!(secret.len(), 128);
    assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(provider["client_type"], "confidential");
    assert_eq!(provider["access_token_validity"], "minutes=10");
    assert_eq!(provider["grant_types"], serde_json::json!(["authorization_code"]));
    // ids come in the API's order (scope name), and are read back in that order.
    assert_eq!(
        provider["property_mappings"],
        serde_json::json!([SCOPE_EMAIL.uuid, SCOPE_OPENID.uuid, SCOPE_PROFILE.uuid])
    );
    let mappings = ws.values("data.authentik_property_mapping_provider_scope.oidc");
    assert_eq!(mappings["id"], "-1");
    let application = ws.values("authentik_application.frappe");
    assert_eq!(
        application["protocol_provider"],
        provider["id"]
            .as_str()
            .and_then(|id| id.parse::<i64>().ok())
            .expect("numeric id")
    );
    assert_eq!(application["policy_engine_mode"], "any");

    // What the server holds is what Terraform sent.
    let stored = authentik
        .provider_by_client_id("frappe")
        .expect("provider on the server");
    assert_eq!(stored["client_secret"], secret.as_str());
    assert_eq!(stored["access_token_validity"], "minutes=10");

    ws.assert_no_changes();

    let tokens = try_login(&authentik, &secret).expect("the login works");
    assert_eq!(tokens["expires_in"], 600);
}

#[test]
fn a_redirect_entry_without_redirect_uri_type_shows_a_change_after_every_apply() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    let config = Config {
        redirect_entry: format!(r#"{{ matching_mode = "strict", url = "{REDIRECT_URI}" }}"#),
        ..Config::default()
    };
    ws.write_config(&sso_config(&authentik, &config));
    ws.init();
    ws.apply().success();
    for _ in 0..2 {
        let plan = ws.plan();
        assert_eq!(plan.code, 2, "expected a change:\n{}", plan.combined());
        assert!(
            plan.text()
                .contains(r#"- "redirect_uri_type" = "authorization" -> null"#),
            "{}",
            plan.combined()
        );
        ws.apply().success();
    }
}

#[test]
fn without_grant_types_apply_and_plan_are_clean_but_nobody_can_log_in() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    let config = Config {
        grant_types: None,
        ..Config::default()
    };
    ws.write_config(&sso_config(&authentik, &config));
    ws.init();
    ws.apply().success();
    let provider = ws.values("authentik_provider_oauth2.frappe");
    assert_eq!(provider["grant_types"], serde_json::json!([]));
    ws.assert_no_changes();
    let secret = provider["client_secret"].as_str().expect("client_secret");
    let error = try_login(&authentik, secret).expect_err("the login fails");
    assert!(error.contains("error=invalid_request"), "{error}");
}

#[test]
fn an_invalid_client_type_is_refused_at_plan_like_the_real_provider() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    let config = Config {
        client_type: "secret",
        ..Config::default()
    };
    ws.write_config(&sso_config(&authentik, &config));
    ws.init();
    let plan = ws.plan().failure();
    assert!(
        plan.text()
            .contains(r#"expected client_type to be one of ["confidential" "public"], got secret"#),
        "{}",
        plan.combined()
    );
}

#[test]
fn what_the_provider_does_not_check_fails_at_apply_with_the_servers_400() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    let config = Config {
        redirect_entry: format!(
            r#"{{ matching_mode = "exact", url = "{REDIRECT_URI}", redirect_uri_type = "authorization" }}"#
        ),
        ..Config::default()
    };
    ws.write_config(&sso_config(&authentik, &config));
    ws.init();
    // Nothing at plan time: the provider does not validate the entries.
    assert_eq!(ws.plan().code, 2);
    let apply = ws.apply().failure();
    assert!(
        apply.text().contains(
            r#"HTTP Error '400 Bad Request' during request 'POST /api/v3/providers/oauth2/': "{"redirect_uris":[{"matching_mode":["\"exact\" is not a valid choice."]}]}""#
        ),
        "{}",
        apply.combined()
    );
    assert!(authentik.providers().is_empty());

    // A required reference left empty is sent as it is; the server refuses it.
    let config = Config {
        invalidation_flow: "\"\"",
        ..Config::default()
    };
    ws.write_config(&sso_config(&authentik, &config));
    let apply = ws.apply().failure();
    assert!(
        apply.text().contains(
            r#"during request 'POST /api/v3/providers/oauth2/': "{"invalidation_flow":["This field may not be null."]}""#
        ),
        "{}",
        apply.combined()
    );
    assert!(authentik.providers().is_empty());
}

#[test]
fn import_by_pk_and_by_slug_reach_an_empty_plan() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    ws.write_config(&sso_config(&authentik, &Config::default()));
    ws.init();
    ws.apply().success();
    let pk = ws.values("authentik_provider_oauth2.frappe")["id"]
        .as_str()
        .expect("id")
        .to_string();
    ws.terraform(&[
        "state",
        "rm",
        "authentik_provider_oauth2.frappe",
        "authentik_application.frappe",
    ])
    .success();
    ws.terraform(&[
        "import",
        "-no-color",
        "-input=false",
        "authentik_provider_oauth2.frappe",
        &pk,
    ])
    .success();
    ws.terraform(&[
        "import",
        "-no-color",
        "-input=false",
        "authentik_application.frappe",
        "frappe",
    ])
    .success();
    let imported = ws.values("authentik_provider_oauth2.frappe");
    assert_eq!(imported["client_secret"].as_str().map(str::len), Some(128));
    assert_eq!(ws.values("authentik_application.frappe")["id"], "frappe");
    ws.assert_no_changes();
}

#[test]
fn a_provider_deleted_outside_terraform_is_created_again() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    ws.write_config(&sso_config(&authentik, &Config::default()));
    ws.init();
    ws.apply().success();
    let pk: i64 = ws.values("authentik_provider_oauth2.frappe")["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .expect("numeric id");
    assert!(authentik.delete_provider(pk));
    let plan = ws.plan();
    assert_eq!(plan.code, 2, "{}", plan.combined());
    assert!(
        plan.text().contains("authentik_provider_oauth2.frappe will be created"),
        "{}",
        plan.combined()
    );
    ws.apply().success();
    ws.assert_no_changes();
}

#[test]
fn lookups_that_find_nothing_say_so() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    let header = format!(
        "terraform {{\n  required_providers {{\n    authentik = {{ source = \"goauthentik/authentik\" }}\n  }}\n}}\n\
         provider \"authentik\" {{\n  url = \"{}\"\n  token = \"{}\"\n}}\n",
        authentik.url(),
        authentik.api_token()
    );
    ws.write_config(&format!(
        "{header}data \"authentik_flow\" \"x\" {{\n  slug = \"nope\"\n}}\n"
    ));
    ws.init();
    for (block, message) in [
        (
            "data \"authentik_flow\" \"x\" {\n  slug = \"nope\"\n}\n",
            "No matching flows found",
        ),
        (
            "data \"authentik_certificate_key_pair\" \"x\" {\n  name = \"nope\"\n}\n",
            "No matching groups found",
        ),
        (
            // authentik refuses a `managed` value no mapping has (400), and
            // the provider shows that error.
            "data \"authentik_property_mapping_provider_scope\" \"x\" {\n  managed_list = [\"nope\"]\n}\n",
            "Select a valid choice. nope is not one of the available choices.",
        ),
    ] {
        ws.write_config(&format!("{header}{block}"));
        let plan = ws.plan().failure();
        assert!(plan.text().contains(message), "{message}:\n{}", plan.combined());
    }
}

#[test]
fn the_certificate_lookup_fetches_pem_texts_with_a_newline_appended() {
    if skip_acceptance() {
        return;
    }
    let authentik = start();
    let ws = Workspace::new();
    ws.write_config(&format!(
        "terraform {{\n  required_providers {{\n    authentik = {{ source = \"goauthentik/authentik\" }}\n  }}\n}}\n\
         provider \"authentik\" {{\n  url = \"{}\"\n  token = \"{}\"\n}}\n\
         data \"authentik_certificate_key_pair\" \"x\" {{\n  name = \"authentik Self-signed Certificate\"\n}}\n",
        authentik.url(),
        authentik.api_token()
    ));
    ws.init();
    ws.apply().success();
    let values = ws.values("data.authentik_certificate_key_pair.x");
    let certificate = values["certificate_data"].as_str().expect("certificate_data");
    assert!(certificate.ends_with("-----END CERTIFICATE-----\n\n"));
    let key = values["key_data"].as_str().expect("key_data");
    assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n") && key.ends_with("-----\n\n"));
    assert!(values["expiry"]
        .as_str()
        .expect("expiry")
        .ends_with(" 00:00:00 +0000 UTC"));
    assert_eq!(values["fetch_key"], true);
}
