//! The product's headline, through real Terraform: `examples/authentik-frappe-sso/usage`
//! applied unchanged — only the provider sources mapped by the CLI config,
//! the URLs given as variables, credentials in the environment — against the
//! authentik stand-in (server and `goauthentik/authentik` provider) and the
//! Frappe emulator, in one apply; then a scripted browser logs in.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::path::Path;

use authentik_standin::server::release::AUTHENTIK_2025_12;
use authentik_standin::{Authentik, AuthentikConfig, ServerRelease};
use frappe_emulator::{Emulator, EmulatorConfig};
use support::browser::{Browser, Page};
use support::Workspace;

/// The module for authentik 2026.5 and later.
const MODULE_2026: &str = "authentik-frappe-sso";
/// The module for authentik 2025.10–2025.12.
const MODULE_2025: &str = "authentik-frappe-sso-2025";

/// The module as a user would check it out: its files, and `usage/` below it.
fn copy_module(ws: &Workspace, module: &str, edit: impl Fn(&str, String) -> String) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(module);
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
    /// The 2026.5 module against authentik 2026.5.
    fn new(edit: impl Fn(&str, String) -> String) -> Stand {
        Stand::of(MODULE_2026, ServerRelease::default(), edit)
    }

    /// `module` against an authentik of `release`.
    fn of(module: &str, release: ServerRelease, edit: impl Fn(&str, String) -> String) -> Stand {
        let config = AuthentikConfig {
            release,
            ..AuthentikConfig::default()
        };
        let authentik = Authentik::start_in_background(config).expect("authentik stand-in");
        let frappe = Emulator::start_in_background(EmulatorConfig::default()).expect("Frappe emulator");
        let api_user = frappe.add_user("terraform@example.com", &["System Manager"]);
        let mut ws = Workspace::with_authentik();
        copy_module(&ws, module, edit);
        ws.run_in("usage");
        ws.set_env("AUTHENTIK_TOKEN", &authentik.api_token());
        ws.set_env("FRAPPE_API_KEY", &api_user.api_key);
        ws.set_env("FRAPPE_API_SECRET", &api_user.api_secret);
        ws.set_env("TF_VAR_authentik_url", authentik.url().trim_end_matches('/'));
        ws.set_env("TF_VAR_frappe_url", frappe.url().trim_end_matches('/'));
        Stand { authentik, frappe, ws }
    }

    fn frappe_url(&self, path: &str) -> String {
        format!("{}{path}", self.frappe.url().trim_end_matches('/'))
    }

    /// Frappe's login page, and the "Login with authentik" link on it.
    fn login_link(&self, browser: &mut Browser) -> Option<String> {
        let page = browser.get(&self.frappe_url("/login"));
        assert_eq!(page.status, 200, "{}", page.body);
        page.link("Login with authentik")
    }

    /// Clicks "Login with authentik" and signs in at authentik as
    /// `username`; returns Frappe's answer to the callback (or the page the
    /// chain stopped at). The page a logged-in user is sent on to (the
    /// site's home page) is not fetched: the emulator serves the API, not
    /// the website.
    fn log_in(&self, browser: &mut Browser, username: &str, password: &str) -> Page {
        let link = self
            .login_link(browser)
            .expect("a \"Login with authentik\" link on /login");
        let at_authentik = browser.visit(&link);
        assert_eq!(
            at_authentik.status, 200,
            "authentik's login page: {}",
            at_authentik.body
        );
        assert!(at_authentik.body.contains("name=\"username\""), "{}", at_authentik.body);
        let mut page = browser.post_form(
            at_authentik.url.as_str(),
            &[("username", username), ("password", password)],
        );
        for _ in 0..20 {
            let at_callback = page.url.path().contains("frappe.integrations.oauth2_logins.custom");
            match (&page.location, at_callback) {
                (Some(next), false) if (300..400).contains(&page.status) => {
                    let next = next.to_string();
                    page = browser.get(&next);
                }
                _ => return page,
            }
        }
        page
    }

    /// Who Frappe's session in `browser` belongs to.
    fn logged_user(&self, browser: &mut Browser) -> Option<String> {
        let page = browser.get(&self.frappe_url("/api/method/frappe.auth.get_logged_user"));
        if page.status != 200 {
            return None;
        }
        let answer: serde_json::Value = serde_json::from_str(&page.body).ok()?;
        answer["message"].as_str().map(str::to_owned)
    }
}

#[test]
fn one_apply_then_a_user_logs_in_through_authentik_and_destroy_ends_it() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|_, text| text);
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    stand.ws.init();
    let apply = stand.ws.apply().success();
    assert!(apply.stdout.contains("Apply complete!"), "{}", apply.stdout);

    // authentik holds the provider the module describes.
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

    // A user clicks "Login with authentik", signs in, and lands logged in.
    let mut browser = Browser::new();
    let landed = stand.log_in(&mut browser, "alice", "alice-password");
    assert_eq!(landed.status, 302, "Frappe's callback answered: {}", landed.body);
    assert!(browser
        .cookie(&stand.frappe.url(), "sid")
        .is_some_and(|sid| sid != "Guest"));
    let callback = browser
        .history
        .iter()
        .find(|u| u.path().ends_with("frappe.integrations.oauth2_logins.custom/authentik"))
        .expect("the browser passed Frappe's callback")
        .to_string();
    assert_eq!(stand.logged_user(&mut browser).as_deref(), Some("alice@example.com"));
    println!("logged in to Frappe as alice@example.com through authentik");

    let plan = stand.ws.plan();
    assert_eq!(plan.code, 0, "the second plan is not empty:\n{}", plan.combined());

    stand.ws.destroy().success();
    assert!(stand.frappe.document("authentik").is_none());
    assert!(stand.authentik.provider_by_client_id("frappe").is_none());
    let mut after = Browser::new();
    assert_eq!(stand.login_link(&mut after), None, "the login link outlived destroy");
    // Replaying the login's callback logs nobody in.
    let replay = after.visit(&callback);
    assert!(
        stand.logged_user(&mut after).is_none_or(|u| u == "Guest"),
        "a replayed login worked: {} {}",
        replay.status,
        replay.body
    );
}

/// The module without its `grant_types` line: its postcondition stops the
/// apply (authentik 2026.5 stored none).
#[test]
fn without_grant_types_the_modules_postcondition_stops_the_apply() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|file, text| {
        if file == "main.tf" {
            assert!(text.contains("grant_types = [\"authorization_code\"]"));
            text.replace("grant_types = [\"authorization_code\"]", "")
        } else {
            text
        }
    });
    stand.ws.init();
    let apply = stand.ws.apply().failure();
    assert!(apply.text().contains("stored no grant_types"), "{}", apply.combined());
    assert!(stand.frappe.document("authentik").is_none());
}

/// The trap the postcondition guards against: without `grant_types` and
/// without the check, apply and plan are clean and nobody can log in.
#[test]
fn without_grant_types_and_the_check_the_login_fails_at_authorize() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|file, text| {
        if file == "main.tf" {
            text.replace("grant_types = [\"authorization_code\"]", "")
                .replace("length(self.grant_types) > 0", "self.grant_types != null")
        } else {
            text
        }
    });
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    stand.ws.init();
    stand.ws.apply().success();
    // The plan stays clean: nothing tells the user — but nobody can log in.
    assert_eq!(stand.ws.plan().code, 0);
    let mut browser = Browser::new();
    let link = stand.login_link(&mut browser).expect("a login link");
    // authentik checks the grant type before anyone signs in.
    let failed = browser.visit(&link);
    assert!(failed.status >= 500, "{} {}", failed.status, failed.body);
    let refused = browser
        .history
        .iter()
        .find(|u| u.query().is_some_and(|q| q.contains("error=invalid_request")))
        .unwrap_or_else(|| panic!("authentik did not answer invalid_request: {:?}", browser.history));
    assert!(refused.path().ends_with("oauth2_logins.custom/authentik"), "{refused}");
    assert!(stand.logged_user(&mut browser).is_none_or(|u| u == "Guest"));
}

#[test]
fn a_trailing_slash_on_one_side_fails_at_authorize() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|file, text| {
        if file == "main.tf" {
            text.replace(
                "url               = local.redirect_url",
                "url               = \"${local.redirect_url}/\"",
            )
        } else {
            text
        }
    });
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    stand.ws.init();
    stand.ws.apply().success();
    let mut browser = Browser::new();
    let link = stand.login_link(&mut browser).expect("a login link");
    let page = browser.visit(&link);
    let page = if page.body.contains("name=\"username\"") {
        browser.submit(
            page.url.as_str(),
            &[("username", "alice"), ("password", "alice-password")],
        )
    } else {
        page
    };
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.body.contains("Redirect URI Error"), "{}", page.body);
    assert!(stand.logged_user(&mut browser).is_none_or(|u| u == "Guest"));
}

#[test]
fn a_wrong_client_secret_fails_at_the_token_step_and_sign_ups_deny_refuses_strangers() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::new(|_, text| text);
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    stand
        .authentik
        .add_user("bob", "Bob Stranger", "bob@example.com", "bob-password");
    stand.ws.init();
    stand.ws.apply().success();

    // Someone authentik knows but Frappe does not: sign_ups = "Deny" (the default).
    let mut browser = Browser::new();
    let refused = stand.log_in(&mut browser, "bob", "bob-password");
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("Signup is Disabled"), "{}", refused.body);
    assert!(stand.frappe.document_of("User", "bob@example.com").is_none());

    // The secret changed on the Frappe side only: authentik refuses the code exchange.
    stand
        .frappe
        .update_document(
            "Social Login Key",
            "authentik",
            serde_json::json!({"client_secret": "not-the-secret"}),
        )
        .unwrap();
    let mut browser = Browser::new();
    let failed = stand.log_in(&mut browser, "alice", "alice-password");
    assert!(failed.status >= 500, "{} {}", failed.status, failed.body);
    assert!(stand.logged_user(&mut browser).is_none_or(|u| u == "Guest"));
    let token_answers: Vec<_> = stand
        .authentik
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/application/o/token"))
        .collect();
    assert!(
        token_answers
            .iter()
            .any(|r| r.status == 400 && r.response_body.contains("\"invalid_client\"")),
        "{token_answers:?}"
    );
}

/// Logs `username` in through Frappe's button and checks they land in Frappe.
fn assert_logs_in(stand: &Stand, username: &str, password: &str, email: &str) {
    let mut browser = Browser::new();
    let landed = stand.log_in(&mut browser, username, password);
    assert_eq!(landed.status, 302, "Frappe's callback answered: {}", landed.body);
    assert_eq!(stand.logged_user(&mut browser).as_deref(), Some(email));
}

#[test]
fn the_2025_module_logs_in_against_authentik_2025_12_and_plans_empty() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::of(MODULE_2025, AUTHENTIK_2025_12, |_, text| text);
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    let init = stand.ws.init();
    assert!(
        init.stdout.contains("goauthentik/authentik v2025.12.1"),
        "{}",
        init.stdout
    );
    stand.ws.apply().success();
    let provider = stand.authentik.provider_by_client_id("frappe").expect("the provider");
    assert!(provider.get("grant_types").is_none(), "{provider}");
    assert_logs_in(&stand, "alice", "alice-password", "alice@example.com");
    let plan = stand.ws.plan();
    assert_eq!(plan.code, 0, "the second plan is not empty:\n{}", plan.combined());
    stand.ws.destroy().success();
    assert!(stand.authentik.provider_by_client_id("frappe").is_none());
    assert!(stand.frappe.document("authentik").is_none());
}

#[test]
fn the_2026_module_against_authentik_2025_12_stops_at_apply_and_names_the_fix() {
    if support::skip_acceptance() {
        return;
    }
    let stand = Stand::of(MODULE_2026, AUTHENTIK_2025_12, |_, text| text);
    stand.ws.init();
    let apply = stand.ws.apply().failure();
    let text = apply.text();
    assert!(text.contains("older than authentik 2026.5"), "{text}");
    assert!(text.contains("examples/authentik-frappe-sso-2025"), "{text}");
    // Nothing on the Frappe side was written with a half-working client.
    assert!(stand.frappe.document("authentik").is_none());
}

#[test]
fn allowed_groups_keep_non_members_out_until_the_binding_is_removed() {
    if support::skip_acceptance() {
        return;
    }
    let with_groups = |groups: &'static str| {
        move |file: &str, text: String| {
            if file != "usage/main.tf" {
                return text;
            }
            let text = text.replace(
                "# allowed_groups = [\"erp-users\"]",
                &format!("allowed_groups = {groups}"),
            );
            // Bob has a Frappe user too: only authentik's policy stands in his way.
            text.replace(
                "\"alice@example.com\" = { first_name = \"Alice\", roles = [\"System Manager\"] }",
                "\"alice@example.com\" = { first_name = \"Alice\", roles = [\"System Manager\"] }\n    \"bob@example.com\" = { first_name = \"Bob\" }",
            )
        }
    };
    let stand = Stand::new(with_groups("[\"erp-users\"]"));
    stand
        .authentik
        .add_user("alice", "Alice Example", "alice@example.com", "alice-password");
    stand
        .authentik
        .add_user("bob", "Bob Other", "bob@example.com", "bob-password");
    stand.authentik.add_user_to_group("alice", "erp-users");
    stand.ws.init();
    stand.ws.apply().success();
    assert_eq!(stand.authentik.policy_bindings().len(), 1);
    assert_eq!(stand.ws.plan().code, 0, "the second plan is not empty");

    assert_logs_in(&stand, "alice", "alice-password", "alice@example.com");

    // Bob signs in at authentik and is stopped there.
    let mut browser = Browser::new();
    let refused = stand.log_in(&mut browser, "bob", "bob-password");
    assert_eq!(refused.status, 200, "{}", refused.body);
    assert!(refused.body.contains("Permission denied"), "{}", refused.body);
    assert!(refused.body.contains("Request has been denied."), "{}", refused.body);
    assert!(
        !browser
            .history
            .iter()
            .any(|u| u.path().contains("oauth2_logins.custom")),
        "authentik sent Bob back to Frappe: {:?}",
        browser.history
    );
    assert!(stand.logged_user(&mut browser).is_none_or(|u| u == "Guest"));

    // Everyone again: the binding goes, and Bob gets in.
    copy_module(&stand.ws, MODULE_2026, with_groups("[]"));
    stand.ws.apply().success();
    assert!(stand.authentik.policy_bindings().is_empty());
    assert_logs_in(&stand, "bob", "bob-password", "bob@example.com");
}
