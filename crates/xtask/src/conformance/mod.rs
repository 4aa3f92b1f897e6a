//! Conformance recordings: what real Frappe sites and a real authentik answered, request by
//! request, replayed against the emulator and the authentik stand-in.
//!
//! ```text
//! cargo xtask conformance record frappe --out DIR      # FRAPPE_URL, FRAPPE_ADMIN_TOKEN, FRAPPE_USER_TOKEN
//! cargo xtask conformance record authentik --out DIR   # AUTHENTIK_URL, AUTHENTIK_TOKEN
//! cargo xtask conformance replay DIR                   # one line per difference, then `N/M exchanges match`
//! ```
//!
//! Map: [`recording`] (the file format), [`scenario`] (the requests), [`session`] (sending one
//! exchange), [`variables`] and [`normalise`] (what may not be hard-coded), [`compare`]
//! (differences per field), [`record`] and [`replay`] (the two commands).

pub mod compare;
pub mod normalise;
pub mod record;
pub mod recording;
pub mod replay;
pub mod scenario;
pub mod session;
pub mod variables;

use std::path::PathBuf;
use std::process::ExitCode;

use self::record::RecordSetup;
use self::recording::System;
use self::session::Target;

pub const USAGE: &str =
    "usage: cargo xtask conformance record (frappe|authentik) --out DIR | cargo xtask conformance replay DIR";

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
        Some("replay") => match args.next() {
            Some(dir) => runtime.block_on(replay_task(PathBuf::from(dir))),
            None => usage_error("replay needs a recording directory"),
        },
        _ => usage_error("name `record` or `replay`"),
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

async fn replay_task(dir: PathBuf) -> ExitCode {
    match replay::replay(&dir).await {
        Err(error) => failure(&error.to_string()),
        Ok(report) => {
            for line in &report.lines {
                println!("{line}");
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

fn failure(message: &str) -> ExitCode {
    eprintln!("xtask conformance: {message}");
    ExitCode::FAILURE
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask conformance: {message}\n{USAGE}");
    ExitCode::from(2)
}
