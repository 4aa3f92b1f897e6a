//! Conformance recordings: what real Frappe sites and a real authentik answered, request by
//! request, replayed against the emulator and the authentik stand-in.
//!
//! ```text
//! cargo xtask conformance record frappe --out DIR      # FRAPPE_URL, FRAPPE_ADMIN_TOKEN, FRAPPE_USER_TOKEN
//! cargo xtask conformance record authentik --out DIR   # AUTHENTIK_URL, AUTHENTIK_TOKEN
//! cargo xtask conformance replay DIR                   # one line per difference, then `N/M exchanges match`
//! cargo xtask conformance replay DIR --write-known-differences   # also list the differing exchanges
//! cargo xtask conformance renormalise DIR              # apply today's normalisation to the stored answers
//! ```
//!
//! `DIR/known-differences.txt` names the exchanges the emulator or stand-in does not match
//! yet (one per line, `#` comments); the CI replay (`crates/xtask/tests/`) fails on any other
//! difference, and on a listed exchange that matches now.
//!
//! Map: [`recording`] (the file format), [`scenario`] (the requests), [`session`] (sending one
//! exchange), [`variables`] and [`normalise`] (what may not be hard-coded), [`compare`]
//! (differences per field), [`record`] and [`replay`] (the two commands), [`secrets`] (the
//! check that no token or secret was written down).

pub mod compare;
pub mod normalise;
pub mod record;
pub mod recording;
pub mod replay;
pub mod scenario;
pub mod secrets;
pub mod session;
pub mod variables;

use std::path::PathBuf;
use std::process::ExitCode;

use self::record::RecordSetup;
use self::recording::System;
use self::session::Target;

pub const USAGE: &str = "usage: cargo xtask conformance record (frappe|authentik) --out DIR | cargo xtask conformance replay DIR [--write-known-differences] | cargo xtask conformance renormalise DIR";

/// The file of a recording directory that lists the exchanges known not to match yet.
pub const KNOWN_DIFFERENCES_FILE: &str = "known-differences.txt";

/// `cargo xtask conformance …`.
pub fn task(mut args: impl Iterator<Item = String>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return failure(&format!("cannot start the async runtime: {error}")),
    };
    match args.next().as_deref() {
        Some("record") => {
            let system = match args.next().as_deref() {
                Some("frappe") => System::Frappe,
                Some("authentik") => System::Authentik,
                _ => return usage_error("record needs `frappe` or `authentik`"),
            };
            let out = match (args.next().as_deref(), args.next()) {
                (Some("--out"), Some(dir)) => PathBuf::from(dir),
                _ => return usage_error("record needs --out DIR"),
            };
            runtime.block_on(record_task(system, out))
        }
        Some("replay") => {
            let Some(dir) = args.next() else {
                return usage_error("replay needs a recording directory");
            };
            let write_known = match args.next().as_deref() {
                None => false,
                Some("--write-known-differences") => true,
                Some(other) => return usage_error(&format!("unknown argument: {other}")),
            };
            runtime.block_on(replay_task(PathBuf::from(dir), write_known))
        }
        Some("renormalise") => match args.next() {
            Some(dir) => renormalise_task(&PathBuf::from(dir)),
            None => usage_error("renormalise needs a recording directory"),
        },
        _ => usage_error("name `record`, `replay` or `renormalise`"),
    }
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}

fn setup(system: System) -> Result<(RecordSetup, Vec<recording::Exchange>), String> {
    Ok(match system {
        System::Frappe => (
            RecordSetup {
                target: Target {
                    system,
                    url: env("FRAPPE_URL")?.trim_end_matches('/').to_string(),
                    admin_token: env("FRAPPE_ADMIN_TOKEN")?,
                    user_token: Some(env("FRAPPE_USER_TOKEN")?),
                },
                version_exchange: scenario::frappe::version_exchange(),
                version_pointer: scenario::frappe::VERSION_POINTER,
                database: Some(std::env::var("FRAPPE_DB").unwrap_or_else(|_| "mariadb".to_string())),
                user: Some(scenario::frappe::non_admin_user()),
            },
            scenario::frappe::scenario(),
        ),
        System::Authentik => (
            RecordSetup {
                target: Target {
                    system,
                    url: env("AUTHENTIK_URL")?.trim_end_matches('/').to_string(),
                    admin_token: env("AUTHENTIK_TOKEN")?,
                    user_token: None,
                },
                version_exchange: scenario::authentik::version_exchange(),
                version_pointer: scenario::authentik::VERSION_POINTER,
                database: None,
                user: None,
            },
            scenario::authentik::scenario(),
        ),
    })
}

async fn record_task(system: System, out: PathBuf) -> ExitCode {
    let (setup, steps) = match setup(system) {
        Ok(found) => found,
        Err(message) => return failure(&message),
    };
    match record::record(setup, steps).await {
        Err(error) => failure(&error.to_string()),
        Ok(recording) => match recording.save(&out) {
            Err(error) => failure(&error.to_string()),
            Ok(()) => {
                println!(
                    "recorded {} exchanges of {:?} {} into {}",
                    recording.exchanges.len(),
                    recording.system,
                    recording.version,
                    out.display()
                );
                ExitCode::SUCCESS
            }
        },
    }
}

async fn replay_task(dir: PathBuf, write_known: bool) -> ExitCode {
    match replay::replay(&dir).await {
        Err(error) => failure(&error.to_string()),
        Ok(report) => {
            for line in report.lines() {
                println!("{line}");
            }
            if write_known {
                let path = dir.join(KNOWN_DIFFERENCES_FILE);
                if let Err(error) = std::fs::write(&path, known_differences(&report)) {
                    return failure(&format!("cannot write {}: {error}", path.display()));
                }
            }
            println!("{}", report.summary());
            if report.all_match() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// Runs the stored answers through [`normalise::normalise`] again, so a marker taught to it later
/// (a volatile value found after recording) applies to recordings made before, without
/// re-recording them. Markers and placeholders already there stay as they are.
fn renormalise_task(dir: &std::path::Path) -> ExitCode {
    let mut recording = match recording::Recording::load(dir) {
        Ok(recording) => recording,
        Err(error) => return failure(&error.to_string()),
    };
    let vars = variables::Variables::default();
    for exchange in &mut recording.exchanges {
        // No date is today's: a stored date stays as recorded.
        exchange.response = normalise::normalise(&exchange.response, &vars, "");
    }
    match recording.save(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failure(&error.to_string()),
    }
}

fn failure(message: &str) -> ExitCode {
    eprintln!("xtask conformance: {message}");
    ExitCode::FAILURE
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask conformance: {message}\n{USAGE}");
    ExitCode::from(2)
}

/// `known-differences.txt` for a report: each differing exchange with its differing fields.
fn known_differences(report: &replay::ReplayReport) -> String {
    let mut text = format!(
        "# Exchanges the replay does not match yet ({}/{} match); see tests/conformance/README.md.\n",
        report.matched, report.total
    );
    for outcome in report
        .exchanges
        .iter()
        .filter(|outcome| !outcome.differences.is_empty())
    {
        let mut fields: Vec<&str> = outcome.differences.iter().map(|d| d.field.as_str()).collect();
        fields.truncate(4);
        let more = outcome.differences.len().saturating_sub(fields.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        text.push_str(&format!("{}  # {}{more}\n", outcome.name, fields.join(", ")));
    }
    text
}
