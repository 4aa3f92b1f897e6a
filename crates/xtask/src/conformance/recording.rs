//! What a recording is on disk: the system it was made on (kind, version, database), and its
//! exchanges — each request as a template (`{{name}}` stands for a value of the run: the run's
//! suffix, the site's address, a value captured from an earlier answer) with the status and
//! the normalised body the real system answered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file a recording directory holds.
pub const RECORDING_FILE: &str = "recording.json";

/// Which kind of system answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum System {
    Frappe,
    Authentik,
}

/// Where the answers come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Recorded from a running site by `cargo xtask conformance record`.
    RealSite,
    /// Written by hand from the release's source code (a release that cannot run here); the
    /// string names the source read.
    DerivedFromSource(String),
}

/// Who sends a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The administrator's API token.
    Admin,
    /// The non-admin user's API token (Frappe: a user with one role, see [`Recording::user`]).
    User,
    /// A syntactically valid token that no user has.
    BadToken,
    /// No credentials at all.
    Anonymous,
}

/// The non-admin user a replay creates before the first exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonAdminUser {
    pub email: String,
    /// The first name the site's setup gave the user (its `username` and `full_name` follow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    pub roles: Vec<String>,
}

/// One request and what the real system answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub name: String,
    #[serde(rename = "as")]
    pub actor: Actor,
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<(String, String)>,
    /// Values to remember from the answer: variable name → JSON pointer into the raw body.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, String>,
    pub status: u16,
    pub response: Value,
    /// Why this exchange exists when the name alone does not say (e.g. the failure it shows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A whole recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recording {
    pub system: System,
    /// The release as the system reports it (`15.55.1`, `2025.12.4`).
    pub version: String,
    /// The database behind the site (`mariadb`, `postgres`), when it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<NonAdminUser>,
    pub exchanges: Vec<Exchange>,
}

/// Reading or writing a recording failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a recording: {source}")]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Recording {
    /// Reads `DIR/recording.json`.
    pub fn load(dir: &Path) -> Result<Recording, RecordingError> {
        let path = dir.join(RECORDING_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| RecordingError::Read {
            path: path.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| RecordingError::Parse { path, source })
    }

    /// Writes `DIR/recording.json` (creating DIR), pretty-printed so a review reads it.
    pub fn save(&self, dir: &Path) -> Result<(), RecordingError> {
        let path = dir.join(RECORDING_FILE);
        let write = |source| RecordingError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(write)?;
        let mut text = serde_json::to_string_pretty(self).map_err(|error| write(std::io::Error::other(error)))?;
        text.push('\n');
        std::fs::write(&path, text).map_err(write)
    }
}
