//! `cargo xtask conformance record`: drives a real system through a scenario and keeps what
//! it answered.

use frappe_client::DatabaseRefusal;
use serde_json::Value;

use super::recording::{Exchange, NonAdminUser, Origin, Recording};
use super::session::{Performed, SendError, Session, Target};

/// How often one exchange is sent again after the database refused it for a concurrent
/// writer (the site's own background jobs write too).
const REFUSAL_RETRIES: u32 = 3;

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
        let performed = perform_past_refusals(&mut session, &exchange).await?;
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

/// Performs an exchange, sending it again while the database refuses it as a transient
/// conflict (a deadlock, a lock timeout, a serialization failure): Frappe rolled the request
/// back, the refusal belongs to whoever else was writing, not to the request — the provider
/// retries them too (`frappe_client::DatabaseRefusal`). What the recording keeps is the
/// answer to the request itself.
async fn perform_past_refusals(session: &mut Session, exchange: &Exchange) -> Result<Performed, SendError> {
    let mut performed = session.perform(exchange).await?;
    for _ in 0..REFUSAL_RETRIES {
        let Some(refusal) = transient_refusal(&performed) else {
            break;
        };
        eprintln!("record: {}: {}, sending it again", exchange.name, refusal.reason());
        performed = session.perform(exchange).await?;
    }
    Ok(performed)
}

/// The transient database refusal a 500 answer reports, if it is one.
fn transient_refusal(performed: &Performed) -> Option<DatabaseRefusal> {
    match (&performed.status, &performed.response) {
        (500, Value::Object(body)) => DatabaseRefusal::from_body(body),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn performed(status: u16, response: Value) -> Performed {
        Performed {
            status,
            response,
            missing_captures: Vec::new(),
        }
    }

    #[test]
    fn only_a_database_refusal_of_the_request_is_sent_again() {
        let serialization = json!({"exception": "", "exc_type": "SerializationFailure", "exc": "<traceback>"});
        assert_eq!(
            transient_refusal(&performed(500, serialization)),
            Some(DatabaseRefusal::SerializationFailure)
        );
        let deadlock = json!({"exc_type": "QueryDeadlockError"});
        assert_eq!(
            transient_refusal(&performed(500, deadlock)),
            Some(DatabaseRefusal::Deadlock)
        );
        // A bug of the site, or a refusal of the request itself, is what the recording keeps.
        let type_error = json!({"exception": "TypeError: x", "exc_type": "TypeError"});
        assert_eq!(transient_refusal(&performed(500, type_error)), None);
        let duplicate = json!({"exc_type": "DuplicateEntryError"});
        assert_eq!(transient_refusal(&performed(409, duplicate)), None);
    }
}
