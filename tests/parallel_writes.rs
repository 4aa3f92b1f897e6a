//! Acceptance through real Terraform: parallel applies against a site whose
//! database refuses some concurrent writes (MariaDB deadlocks, PostgreSQL
//! serialization failures, v14 bodies without `exc_type`). 50 users and 50
//! Roles are created at `-parallelism=10`, every user's roles are changed,
//! then everything is destroyed: each step succeeds, each document exists
//! exactly once with exactly the configured roles, and the plan after each
//! step is empty.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::time::Instant;

use frappe_emulator::{ConcurrentWriteRefusals, Database, Emulator, EmulatorConfig, FrappeVersion};
use support::{required_providers, stored_roles, Workspace};

const COUNT: usize = 50;

/// Every third write to a DocType is refused once: with 10 writers in flight
/// that is several refusals per apply, each settled by one retry.
const REFUSE_EVERY: u32 = 3;

fn resources(roles_of_user: &str) -> String {
    format!(
        r#"
resource "frappe_document" "team" {{
  count   = {COUNT}
  doctype = "Role"
  data    = {{ role_name = "Team ${{count.index}}" }}
}}

resource "frappe_user" "member" {{
  count      = {COUNT}
  email      = "member${{count.index}}@example.com"
  first_name = "Member"
  roles      = {roles_of_user}
}}
"#
    )
}

fn apply(ws: &Workspace) {
    ws.terraform(&["apply", "-auto-approve", "-no-color", "-input=false", "-parallelism=10"])
        .success();
}

fn count_named(emulator: &Emulator, doctype: &str, name: &str) -> usize {
    emulator
        .documents_of(doctype)
        .iter()
        .filter(|d| d["name"] == name)
        .count()
}

/// Every user and Role exists once; each user holds exactly `expected(i)`.
fn assert_site(emulator: &Emulator, expected: impl Fn(usize) -> Vec<String>) {
    for i in 0..COUNT {
        assert_eq!(count_named(emulator, "Role", &format!("Team {i}")), 1, "Team {i}");
        let email = format!("member{i}@example.com");
        assert_eq!(count_named(emulator, "User", &email), 1, "{email}");
        let mut wanted = expected(i);
        wanted.sort();
        assert_eq!(stored_roles(emulator, &email), wanted, "{email}");
    }
}

fn parallel_life_cycle(version: FrappeVersion, database: Database) {
    if support::skip_acceptance() {
        return;
    }
    let started = Instant::now();
    let emulator = Emulator::start_in_background(EmulatorConfig {
        version,
        database,
        refuse_concurrent_writes: Some(ConcurrentWriteRefusals::every(REFUSE_EVERY)),
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    // A dedicated System Manager, or Frappe makes the first new user one.
    let admin = emulator.add_user("terraform@example.com", &["System Manager"]);
    let mut ws = Workspace::new();
    ws.set_env("FRAPPE_API_KEY", &admin.api_key);
    ws.set_env("FRAPPE_API_SECRET", &admin.api_secret);
    let config = |roles: &str| {
        format!(
            "{}\nprovider \"frappe\" {{\n  url = \"{}\"\n}}\n{}",
            required_providers(),
            emulator.url(),
            resources(roles)
        )
    };

    ws.write_config(&config("[\"Blogger\"]"));
    ws.init();
    apply(&ws);
    let refused_creating = emulator.writes_refused();
    assert!(refused_creating > 0, "no write was refused: the test proves nothing");
    assert_site(&emulator, |_| vec!["Blogger".to_string()]);
    ws.assert_no_changes();

    ws.write_config(&config("[\"Accounts User\", frappe_document.team[count.index].name]"));
    apply(&ws);
    assert!(
        emulator.writes_refused() > refused_creating,
        "no role change was refused"
    );
    assert_site(&emulator, |i| vec!["Accounts User".to_string(), format!("Team {i}")]);
    ws.assert_no_changes();

    let refused_before_destroy = emulator.writes_refused();
    ws.terraform(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-parallelism=10",
    ])
    .success();
    assert!(
        emulator.writes_refused() > refused_before_destroy,
        "no delete was refused"
    );
    for i in 0..COUNT {
        assert!(emulator
            .document_of("User", &format!("member{i}@example.com"))
            .is_none());
        assert!(emulator.document_of("Role", &format!("Team {i}")).is_none());
    }
    eprintln!(
        "parallel_writes {version:?} {database:?}: {} writes refused, {:.1} s",
        emulator.writes_refused(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn mariadb_deadlocks_under_parallel_applies_are_retried() {
    parallel_life_cycle(FrappeVersion::V15, Database::MariaDb);
}

#[test]
fn postgres_serialization_failures_under_parallel_applies_are_retried() {
    parallel_life_cycle(FrappeVersion::V15, Database::Postgres);
}

#[test]
fn v14_deadlocks_without_exc_type_under_parallel_applies_are_retried() {
    parallel_life_cycle(FrappeVersion::V14, Database::MariaDb);
}
