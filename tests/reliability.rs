//! Faults, load, TLS and cancellation through real Terraform: whatever goes
//! wrong, an apply either succeeds with exactly the intended keys or fails
//! naming the cause, the next plan tells the truth, and the site never holds
//! a duplicate or half-written key.

mod support;

use std::time::{Duration, Instant};

use frappe_emulator::{Emulator, EmulatorConfig, Fault, FaultRule, FrappeVersion};
use support::{required_providers, Run, Workspace};

fn start(config: EmulatorConfig) -> (Emulator, Workspace) {
    let emulator = Emulator::start_in_background(config).expect("emulator");
    let mut ws = Workspace::new();
    let admin = emulator.admin();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    (emulator, ws)
}

fn config(emulator: &Emulator, provider_settings: &str, resources: &str) -> String {
    format!(
        "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n{provider_settings}\n}}\n{resources}",
        required_providers(),
        emulator.url()
    )
}

fn key(name: &str) -> String {
    format!(
        r#"
resource "frappe_social_login_key" "{name}" {{
  provider_name       = "{name}"
  enable_social_login = true
  client_id           = "client-{name}"
  client_secret       = "secret-of-{name}"
  base_url            = "https://idp.example.com"
  custom_base_url     = true
  authorize_url       = "/authorize"
  access_token_url    = "/token"
  api_endpoint        = "/userinfo"
}}
"#
    )
}

fn posts(emulator: &Emulator) -> usize {
    emulator.requests().iter().filter(|r| r.method == "POST").count()
}

/// The site holds exactly these keys, once each.
fn assert_keys(emulator: &Emulator, names: &[&str]) {
    let mut stored: Vec<String> = emulator
        .documents()
        .iter()
        .map(|d| d["name"].as_str().unwrap_or_default().to_string())
        .collect();
    stored.sort();
    let mut expected: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(stored, expected);
}

/// Applies with a fault, then checks that either the key was created once and
/// the plan is empty, or the apply failed naming `cause` and the plan still
/// wants to create it.
fn apply_through(fault: FaultRule, settings: &str) -> (Emulator, Run) {
    let (emulator, ws) = start(EmulatorConfig::default());
    ws.write_config(&config(&emulator, settings, &key("alpha")));
    ws.init();
    emulator.inject(fault);
    let run = ws.apply();
    emulator.clear_faults();
    let plan = ws.plan();
    if run.code == 0 {
        assert_keys(&emulator, &["alpha"]);
        assert_eq!(plan.code, 0, "plan after a successful apply:\n{}", plan.combined());
    } else {
        assert!(emulator.documents().len() <= 1);
        if emulator.documents().is_empty() {
            assert!(plan.stdout.contains("will be created"), "{}", plan.combined());
        }
    }
    (emulator, run)
}

#[test]
fn a_create_whose_answer_is_lost_is_adopted_not_duplicated() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, run) = apply_through(FaultRule::new(Fault::LoseResponse).method("POST").times(1), "");
    let run = run.success();
    assert!(
        run.text().contains("Recovered a create whose answer was lost"),
        "{}",
        run.combined()
    );
    assert_eq!(posts(&emulator), 1, "the create was sent again");
}

#[test]
fn a_create_cut_off_mid_answer_is_adopted() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, run) = apply_through(FaultRule::new(Fault::TruncatedJson).method("POST").times(1), "");
    run.success();
    assert_eq!(posts(&emulator), 1);
}

#[test]
fn a_reset_before_the_create_was_handled_is_sent_again() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, run) = apply_through(FaultRule::new(Fault::ResetConnection).method("POST").times(1), "");
    run.success();
    assert_eq!(posts(&emulator), 2, "one reset, one real create");
}

#[test]
fn gateway_errors_are_retried_for_every_kind_of_request() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(EmulatorConfig::default());
    ws.write_config(&config(&emulator, "", &key("alpha")));
    ws.init();
    emulator.inject(FaultRule::new(Fault::Status(502)).method("POST").times(2));
    ws.apply().success();
    assert_keys(&emulator, &["alpha"]);
    emulator.inject(FaultRule::new(Fault::Status(504)).method("GET").times(2));
    ws.assert_no_changes();
    ws.write_config(&config(
        &emulator,
        "",
        &key("alpha").replace("client-alpha", "client-2"),
    ));
    emulator.inject(FaultRule::new(Fault::HtmlPage(503)).method("PUT").times(1));
    ws.apply().success();
    assert_eq!(emulator.document("alpha").unwrap()["client_id"], "client-2");
    assert!(emulator.faults_triggered() >= 5);
}

#[test]
fn rate_limits_wait_for_retry_after() {
    if support::skip_acceptance() {
        return;
    }
    let started = Instant::now();
    let (emulator, run) = apply_through(
        FaultRule::new(Fault::RateLimited { retry_after_seconds: 2 })
            .method("POST")
            .times(1),
        "",
    );
    run.success();
    assert!(started.elapsed() >= Duration::from_secs(2), "Retry-After not honoured");
    assert_eq!(posts(&emulator), 2);
}

#[test]
fn a_site_in_maintenance_fails_with_the_cause_and_writes_nothing() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, run) = apply_through(FaultRule::new(Fault::Maintenance), "  max_retries = 1");
    let run = run.failure();
    assert!(
        run.text().contains("The Frappe site was unavailable"),
        "{}",
        run.combined()
    );
    assert!(run.text().contains("maintenance mode"), "{}", run.combined());
    assert!(emulator.documents().is_empty());
}

#[test]
fn a_proxy_error_page_is_summarised_without_html() {
    if support::skip_acceptance() {
        return;
    }
    let (_, run) = apply_through(FaultRule::new(Fault::HtmlPage(502)), "  max_retries = 1");
    let run = run.failure();
    assert!(run.text().contains("HTTP 502"), "{}", run.combined());
    assert!(run.text().contains("Bad Gateway"), "{}", run.combined());
    assert!(!run.stderr.contains("<html"), "{}", run.stderr);
}

#[test]
fn a_slow_site_times_out_with_a_clear_message_and_no_duplicate() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, run) = apply_through(
        FaultRule::new(Fault::Latency(Duration::from_secs(3)))
            .method("POST")
            .times(1),
        "  timeout = 1\n  max_retries = 2",
    );
    // Whether the retried create or the slow one won, there is one key, and
    // the apply succeeded or said why not.
    if run.code != 0 {
        assert!(run.text().contains("did not answer"), "{}", run.combined());
    }
    std::thread::sleep(Duration::from_secs(3));
    assert!(emulator.documents().len() <= 1);
}

#[test]
fn failed_updates_leave_state_describing_the_site() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(EmulatorConfig::default());
    ws.write_config(&config(&emulator, "  max_retries = 0", &key("alpha")));
    ws.init();
    ws.apply().success();
    ws.write_config(&config(
        &emulator,
        "  max_retries = 0",
        &key("alpha").replace("client-alpha", "client-2"),
    ));
    emulator.inject(FaultRule::new(Fault::Status(500)).method("PUT"));
    let run = ws.apply().failure();
    assert!(run.text().contains("HTTP 500"), "{}", run.combined());
    emulator.clear_faults();
    assert_eq!(emulator.document("alpha").unwrap()["client_id"], "client-alpha");
    let state = ws.resource_values("frappe_social_login_key.alpha");
    assert_eq!(
        state["client_id"], "client-alpha",
        "state claims a change that did not happen"
    );
    ws.apply().success();
    assert_eq!(emulator.document("alpha").unwrap()["client_id"], "client-2");
}

#[test]
fn two_hundred_keys_with_parallelism_twenty_are_created_once_over_pooled_connections() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(EmulatorConfig::default());
    let resources = r#"
resource "frappe_social_login_key" "many" {
  count            = 200
  provider_name    = "key-${count.index}"
  client_id        = "client-${count.index}"
  base_url         = "https://idp.example.com"
  custom_base_url  = true
  authorize_url    = "/authorize"
  access_token_url = "/token"
}
"#;
    ws.write_config(&config(&emulator, "", resources));
    ws.init();
    let before = emulator.connections_accepted();
    let started = Instant::now();
    ws.terraform(&["apply", "-auto-approve", "-no-color", "-parallelism=20"])
        .success();
    let apply_time = started.elapsed();
    let apply_connections = emulator.connections_accepted() - before;
    assert_eq!(emulator.documents().len(), 200);
    assert_eq!(posts(&emulator), 200, "some key was sent twice");
    assert!(emulator.requests().iter().all(|r| r.status != 409));
    // One pooled client per provider process: at most one connection per
    // concurrent request, never one per request. The plan's provider process
    // adds one: it reads the site's Social Login Key DocType once.
    assert!(
        apply_connections <= 20 + 1,
        "{apply_connections} connections for 200 creates"
    );
    let meta_reads = emulator
        .requests()
        .iter()
        .filter(|r| r.path.contains("getdoctype"))
        .count();
    assert!(
        meta_reads <= 2,
        "the DocType was read {meta_reads} times by two provider processes"
    );
    let started = Instant::now();
    let plan = ws.terraform(&["plan", "-detailed-exitcode", "-no-color", "-parallelism=20"]);
    let plan_time = started.elapsed();
    assert_eq!(plan.code, 0, "{}", plan.combined());
    let started = Instant::now();
    ws.terraform(&["destroy", "-auto-approve", "-no-color", "-parallelism=20"])
        .success();
    let destroy_time = started.elapsed();
    assert!(emulator.documents().is_empty());
    // Figures for notes/reliability.md (cargo test -- --nocapture shows them).
    eprintln!(
        "200 keys: apply {apply_time:?} over {apply_connections} connections, plan {plan_time:?}, destroy {destroy_time:?}, {} requests in all",
        emulator.requests().len()
    );
}

#[test]
fn https_is_verified_unless_told_otherwise() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(EmulatorConfig {
        tls: true,
        ..EmulatorConfig::default()
    });
    let ca = ws.dir().join("site-ca.pem");
    std::fs::write(&ca, emulator.ca_certificate_pem().expect("a certificate")).unwrap();

    ws.write_config(&config(&emulator, "", &key("alpha")));
    ws.init();
    let run = ws.apply().failure();
    assert!(
        run.text().contains("Cannot reach the Frappe site"),
        "{}",
        run.combined()
    );
    assert!(run.text().to_lowercase().contains("certificate"), "{}", run.combined());
    assert!(emulator.documents().is_empty());

    ws.write_config(&config(
        &emulator,
        &format!("  ca_cert_file = {:?}", ca.display().to_string()),
        &key("alpha"),
    ));
    ws.apply().success();
    assert_keys(&emulator, &["alpha"]);

    ws.write_config(&config(&emulator, "  insecure_skip_verify = true", &key("alpha")));
    let run = ws.plan();
    assert_eq!(run.code, 0, "{}", run.combined());
    assert!(
        run.text().contains("TLS certificate verification is disabled"),
        "{}",
        run.combined()
    );
}

#[test]
fn secrets_stay_out_of_logs_and_output_at_trace_level() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, mut ws) = start(EmulatorConfig::default());
    let admin = emulator.admin();
    let log = ws.dir().join("trace.log");
    ws.set_env("TF_LOG", "TRACE");
    ws.set_env("TF_LOG_PATH", &log.display().to_string());
    ws.write_config(&config(&emulator, "", &key("alpha")));
    ws.init();
    let mut outputs = vec![ws.apply().success()];
    ws.write_config(&config(
        &emulator,
        "",
        &key("alpha").replace("secret-of-alpha", "rotated-secret-of-alpha"),
    ));
    outputs.push(ws.apply().success());
    outputs.push(
        ws.terraform(&["state", "rm", "frappe_social_login_key.alpha"])
            .success(),
    );
    outputs.push(
        ws.terraform(&["import", "-no-color", "frappe_social_login_key.alpha", "alpha"])
            .success(),
    );
    emulator.inject(FaultRule::new(Fault::Status(417)).method("PUT"));
    ws.write_config(&config(
        &emulator,
        "",
        &key("alpha").replace("client-alpha", "client-3"),
    ));
    outputs.push(ws.apply().failure());

    let log_text = std::fs::read_to_string(&log).expect("trace log");
    assert!(
        log_text.contains("provider.terraform-provider-frappe"),
        "no provider lines in the log"
    );
    assert!(log_text.contains("Frappe request"), "the provider logged no requests");
    let forbidden = [
        admin.api_secret.as_str(),
        "secret-of-alpha",
        "rotated-secret-of-alpha",
        &format!("token {}:", admin.api_key),
    ];
    for needle in forbidden {
        assert!(!log_text.contains(needle), "{needle:?} in the trace log");
        for run in &outputs {
            assert!(!run.combined().contains(needle), "{needle:?} in Terraform's output");
        }
    }
}

#[test]
fn ctrl_c_stops_a_hanging_apply_promptly() {
    if support::skip_acceptance() {
        return;
    }
    let (emulator, ws) = start(EmulatorConfig::default());
    ws.write_config(&config(&emulator, "  timeout = 120", &key("alpha")));
    ws.init();
    emulator.inject(FaultRule::new(Fault::Latency(Duration::from_secs(60))).method("POST"));
    let mut child = ws.spawn_terraform(&["apply", "-auto-approve", "-no-color"]);
    // Wait until the create is in flight.
    let deadline = Instant::now() + Duration::from_secs(20);
    while emulator.faults_triggered() == 0 {
        assert!(Instant::now() < deadline, "the create never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let interrupted = Instant::now();
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let output = loop {
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().unwrap();
        }
        assert!(
            interrupted.elapsed() < Duration::from_secs(15),
            "Terraform did not stop within 15 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("Stopped while creating"), "{text}");
}

#[test]
fn every_frappe_version_supports_the_life_cycle() {
    if support::skip_acceptance() {
        return;
    }
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let (emulator, ws) = start(EmulatorConfig {
            version,
            ..EmulatorConfig::default()
        });
        ws.write_config(&config(&emulator, "", &key("alpha")));
        ws.init();
        ws.apply().success();
        assert_eq!(
            emulator.stored_secret("alpha").as_deref(),
            Some("secret-of-alpha"),
            "{version:?}"
        );
        ws.assert_no_changes();
        ws.write_config(&config(
            &emulator,
            "",
            &key("alpha").replace("client-alpha", "client-2"),
        ));
        ws.apply().success();
        ws.assert_no_changes();
        ws.terraform(&["state", "rm", "frappe_social_login_key.alpha"])
            .success();
        ws.terraform(&["import", "-no-color", "frappe_social_login_key.alpha", "alpha"])
            .success();
        ws.assert_no_changes();
        assert!(emulator.desk_delete("alpha"));
        assert_eq!(ws.plan().code, 2, "{version:?}: deletion not seen");
        ws.apply().success();
        ws.destroy().success();
        assert!(emulator.documents().is_empty(), "{version:?}");
    }
}
