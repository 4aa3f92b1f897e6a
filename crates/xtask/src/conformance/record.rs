//! `cargo xtask conformance record`: drives a real system through a scenario and keeps what
//! it answered.

use serde_json::Value;

use super::recording::{Exchange, NonAdminUser, Origin, Recording};
use super::session::{SendError, Session, Target};

/// What a recording run needs besides the scenario.
pub struct RecordSetup {
    pub target: Target,
    /// The version the system reports, read before the scenario runs.
    pub version_exchange: Exchange,
    /// JSON pointer to the version in that exchange's answer.
    pub version_pointer: &'static str,
    pub database: Option<String>,
    pub user: Option<NonAdminUser>,
}

/// Recording failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Send(#[from] SendError),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    #[error("the system did not say its version (status {status}, {body})")]
    NoVersion { status: u16, body: Value },
}

/// Runs the scenario once, in order, and returns the recording. Progress goes to stderr.
pub async fn record(setup: RecordSetup, scenario: Vec<Exchange>) -> Result<Recording, RecordError> {
    let run = run_suffix();
    let system = setup.target.system;
    let mut session = Session::new(setup.target, &run).map_err(RecordError::Client)?;
    let version = read_version(&mut session, &setup.version_exchange, setup.version_pointer).await?;
    let mut exchanges = Vec::with_capacity(scenario.len());
    for mut exchange in scenario {
        let performed = session.perform(&exchange).await?;
        if !performed.missing_captures.is_empty() {
            eprintln!(
                "record: {}: nothing to capture for {} (later exchanges keep the placeholder)",
                exchange.name,
                performed.missing_captures.join(", ")
            );
        }
        eprintln!("record: {} {} → {}", exchange.method, exchange.name, performed.status);
        exchange.status = performed.status;
        exchange.response = performed.response;
        exchanges.push(exchange);
    }
    Ok(Recording {
        system,
        version,
        database: setup.database,
        origin: Origin::RealSite,
        user: setup.user,
        exchanges,
    })
}

async fn read_version(session: &mut Session, exchange: &Exchange, pointer: &str) -> Result<String, RecordError> {
    let performed = session.perform(exchange).await?;
    // The normalised answer keeps versions as they are (they match no volatile pattern).
    match performed.response.pointer(pointer).and_then(Value::as_str) {
        Some(version) => Ok(version.to_string()),
        None => Err(RecordError::NoVersion {
            status: performed.status,
            body: performed.response,
        }),
    }
}

/// Six lowercase letters: names of this run differ from every other run's, and survive
/// Frappe's lower-casing of e-mail addresses.
pub fn run_suffix() -> String {
    (0..6).map(|_| fastrand::lowercase()).collect()
}
