//! `cargo xtask conformance replay`: starts the emulator (or the authentik stand-in) the way
//! the recording's system was set up, sends every recorded request and compares the answers.

use std::path::Path;

use authentik_standin::{Authentik, AuthentikConfig, ServerRelease};
use frappe_emulator::{Database, Emulator, EmulatorConfig, FrappeVersion};
use serde_json::Value;

use super::compare::{differences, Difference};
use super::record::run_suffix;
use super::recording::{Recording, RecordingError, System};
use super::session::{SendError, Session, Target};

/// How one exchange replayed.
#[derive(Debug)]
pub struct ExchangeOutcome {
    pub index: usize,
    pub name: String,
    pub differences: Vec<Difference>,
}

impl ExchangeOutcome {
    /// One line per difference: `#index name: field: recorded …, replayed …`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.differences
            .iter()
            .map(move |difference| format!("#{} {}: {difference}", self.index, self.name))
    }
}

/// The outcome of one replay.
#[derive(Debug)]
pub struct ReplayReport {
    pub exchanges: Vec<ExchangeOutcome>,
    pub matched: usize,
    pub total: usize,
}

impl ReplayReport {
    pub fn all_match(&self) -> bool {
        self.matched == self.total
    }

    /// Every difference, one line each, in exchange order.
    pub fn lines(&self) -> Vec<String> {
        self.exchanges.iter().flat_map(ExchangeOutcome::lines).collect()
    }

    /// The last line of the report.
    pub fn summary(&self) -> String {
        format!("{}/{} exchanges match", self.matched, self.total)
    }
}

/// Replaying could not run.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Recording(#[from] RecordingError),
    #[error("cannot start the {what}: {source}")]
    Start {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    #[error(transparent)]
    Send(#[from] SendError),
    #[error("the emulator has no database {0:?} (mariadb, postgres)")]
    UnknownDatabase(String),
}

/// The emulator's release line for a Frappe version string (`14.93.2`, `15.55.1`,
/// `16.0.0-dev`).
pub fn frappe_line(version: &str) -> FrappeVersion {
    match version.split('.').next() {
        Some("14") => FrappeVersion::V14,
        Some("15") => FrappeVersion::V15,
        _ => FrappeVersion::Develop,
    }
}

/// The emulator's database for a recording's `database` (`mariadb`, `postgres`; MariaDB when
/// the recording does not say).
pub fn frappe_database(database: Option<&str>) -> Result<Database, ReplayError> {
    match database {
        None => Ok(Database::MariaDb),
        Some(name) => Database::named(name).ok_or_else(|| ReplayError::UnknownDatabase(name.to_string())),
    }
}

/// The stand-in's release for an authentik version string (`2025.12.4`, `2026.5.0`): the
/// release of that line, else the newest the stand-in knows.
pub fn authentik_release(version: &str) -> ServerRelease {
    let line: Vec<&str> = version.split('.').take(2).collect();
    ServerRelease::named(version)
        .or_else(|| ServerRelease::named(&line.join(".")))
        .unwrap_or_default()
}

/// Replays the recording in `dir` against a fresh emulator or stand-in.
pub async fn replay(dir: &Path) -> Result<ReplayReport, ReplayError> {
    let recording = Recording::load(dir)?;
    match recording.system {
        System::Frappe => {
            let config = EmulatorConfig {
                version: frappe_line(&recording.version),
                database: frappe_database(recording.database.as_deref())?,
                ..EmulatorConfig::default()
            };
            let emulator = Emulator::start(config).await.map_err(|source| ReplayError::Start {
                what: "Frappe emulator",
                source,
            })?;
            let user_token = recording.user.as_ref().map(|user| {
                let roles: Vec<&str> = user.roles.iter().map(String::as_str).collect();
                let credentials = match &user.first_name {
                    Some(first_name) => emulator.add_named_user(&user.email, first_name, &roles),
                    None => emulator.add_user(&user.email, &roles),
                };
                format!("{}:{}", credentials.api_key, credentials.api_secret)
            });
            let admin = emulator.admin();
            let target = Target {
                system: System::Frappe,
                url: emulator.url(),
                admin_token: format!("{}:{}", admin.api_key, admin.api_secret),
                user_token,
            };
            let report = run(&recording, target).await;
            emulator.shutdown().await;
            report
        }
        System::Authentik => {
            let config = AuthentikConfig {
                release: authentik_release(&recording.version),
                ..AuthentikConfig::default()
            };
            let address = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
            let authentik = Authentik::start_on(address, config)
                .await
                .map_err(|source| ReplayError::Start {
                    what: "authentik stand-in",
                    source,
                })?;
            let target = Target {
                system: System::Authentik,
                url: authentik.url(),
                admin_token: authentik.api_token(),
                user_token: None,
            };
            let report = run(&recording, target).await;
            authentik.shutdown().await;
            report
        }
    }
}

async fn run(recording: &Recording, target: Target) -> Result<ReplayReport, ReplayError> {
    let mut session = Session::new(target, &run_suffix()).map_err(ReplayError::Client)?;
    let mut exchanges = Vec::new();
    let mut matched = 0;
    for (index, exchange) in recording.exchanges.iter().enumerate() {
        let performed = session.perform(exchange).await?;
        let mut found: Vec<Difference> = Vec::new();
        if performed.status != exchange.status {
            found.push(Difference {
                field: "status".to_string(),
                recorded: Some(exchange.status.into()),
                replayed: Some(performed.status.into()),
            });
        }
        found.extend(differences(&exchange.response, &performed.response));
        // A capture the recorded answer did not hold either (the real system refused the
        // request too) is not a difference: both sides leave the placeholder in place.
        let recorded_missing = |name: &String| {
            exchange
                .capture
                .get(name)
                .is_some_and(|pointer| exchange.response.pointer(pointer).is_none_or(Value::is_null))
        };
        for name in performed.missing_captures.iter().filter(|name| !recorded_missing(name)) {
            found.push(Difference {
                field: format!("capture {name}"),
                recorded: exchange.capture.get(name).map(|pointer| pointer.as_str().into()),
                replayed: None,
            });
        }
        if found.is_empty() {
            matched += 1;
        }
        exchanges.push(ExchangeOutcome {
            index,
            name: exchange.name.clone(),
            differences: found,
        });
    }
    Ok(ReplayReport {
        exchanges,
        matched,
        total: recording.exchanges.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emulator_runs_on_the_recorded_database() {
        assert_eq!(frappe_database(Some("postgres")).ok(), Some(Database::Postgres));
        assert_eq!(frappe_database(Some("mariadb")).ok(), Some(Database::MariaDb));
        assert_eq!(frappe_database(None).ok(), Some(Database::MariaDb));
        assert!(frappe_database(Some("oracle")).is_err());
    }
}
