//! Sending one exchange to a system and turning its answer into what a recording keeps.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::normalise::normalise;
use super::recording::{Actor, Exchange, System};
use super::variables::Variables;

/// The system a run talks to, and the credentials of each [`Actor`].
#[derive(Clone, Debug)]
pub struct Target {
    pub system: System,
    /// Without a trailing slash.
    pub url: String,
    /// `KEY:SECRET` (Frappe) or the API token (authentik).
    pub admin_token: String,
    /// The non-admin user's `KEY:SECRET` (Frappe only).
    pub user_token: Option<String>,
}

impl Target {
    fn authorization(&self, actor: Actor) -> Option<String> {
        let token = match actor {
            Actor::Admin => self.admin_token.clone(),
            Actor::User => self.user_token.clone()?,
            // The right shape (Frappe: 15 + 15 characters; authentik: any string), no user.
            Actor::BadToken => match self.system {
                System::Frappe => "nosuchkey000000:nosuchsecret000".to_string(),
                System::Authentik => "no-such-token".to_string(),
            },
            Actor::Anonymous => return None,
        };
        Some(match self.system {
            System::Frappe => format!("token {token}"),
            System::Authentik => format!("Bearer {token}"),
        })
    }
}

/// Sending failed before any answer arrived.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("exchange {exchange}: bad address {url}: {source}")]
    Address {
        exchange: String,
        url: String,
        #[source]
        source: url::ParseError,
    },
    #[error("exchange {exchange}: {source}")]
    Http {
        exchange: String,
        #[source]
        source: reqwest::Error,
    },
}

/// What one exchange produced.
#[derive(Clone, Debug)]
pub struct Performed {
    pub status: u16,
    /// Normalised with the variables known after the exchange's captures.
    pub response: Value,
    /// Captures whose pointer found nothing in the answer.
    pub missing_captures: Vec<String>,
}

/// One run against one system: its variables grow as exchanges capture values.
pub struct Session {
    client: reqwest::Client,
    target: Target,
    pub vars: Variables,
    today: String,
}

impl Session {
    /// A session whose `{{run}}` is `run` and whose `{{url}}`/`{{host}}` are the target's.
    pub fn new(target: Target, run: &str) -> Result<Session, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()?;
        let mut vars = Variables::default();
        vars.set("run", Value::from(run));
        vars.set("url", Value::from(target.url.clone()));
        let host = target.url.split("://").nth(1).unwrap_or_default().to_string();
        vars.set("host", Value::from(host));
        for token in [Some(&target.admin_token), target.user_token.as_ref()]
            .into_iter()
            .flatten()
        {
            vars.add_secret(token);
            for part in token.split(':') {
                vars.add_secret(part);
            }
        }
        Ok(Session {
            client,
            target,
            vars,
            today: today_utc(),
        })
    }

    /// Sends the exchange's request (filled in from the variables), captures what it asks
    /// for, and normalises the answer.
    pub async fn perform(&mut self, exchange: &Exchange) -> Result<Performed, SendError> {
        let path = self.vars.fill_text(&exchange.path);
        let address = format!("{}{}", self.target.url, path);
        let mut url = url::Url::parse(&address).map_err(|source| SendError::Address {
            exchange: exchange.name.clone(),
            url: address.clone(),
            source,
        })?;
        if !exchange.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in &exchange.query {
                pairs.append_pair(key, &self.vars.fill_text(value));
            }
        }
        let method = reqwest::Method::from_bytes(exchange.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut request = self.client.request(method, url).header("Accept", "application/json");
        if let Some(authorization) = self.target.authorization(exchange.actor) {
            request = request.header("Authorization", authorization);
        }
        if let Some(json) = &exchange.json {
            request = request.json(&self.vars.fill(json));
        } else if !exchange.form.is_empty() {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (key, value) in &exchange.form {
                form.append_pair(key, &self.vars.fill_text(value));
            }
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form.finish());
        }
        let http = |source| SendError::Http {
            exchange: exchange.name.clone(),
            source,
        };
        let answer = request.send().await.map_err(http)?;
        let status = answer.status().as_u16();
        let content_type = answer
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let location = answer
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let bytes = answer.bytes().await.map_err(http)?;
        let body = body_of(&bytes, &content_type, location);
        let mut missing_captures = Vec::new();
        for (name, pointer) in &exchange.capture {
            match body.pointer(pointer) {
                Some(value) if !value.is_null() => self.vars.set(name, value.clone()),
                _ => missing_captures.push(name.clone()),
            }
        }
        Ok(Performed {
            status,
            response: normalise(&body, &self.vars, &self.today),
            missing_captures,
        })
    }
}

/// The JSON body; anything else is kept only as its content type (and a redirect's target
/// without its query, whose values are generated).
fn body_of(bytes: &[u8], content_type: &str, location: Option<String>) -> Value {
    if let Ok(json) = serde_json::from_slice::<Value>(bytes) {
        if !bytes.is_empty() {
            return json;
        }
    }
    let mut kept = serde_json::Map::new();
    kept.insert("non_json".to_string(), Value::from(content_type));
    if let Some(location) = location {
        let (path, query) = location.split_once('?').unwrap_or((&location, ""));
        kept.insert("location".to_string(), Value::from(path));
        let keys: Vec<Value> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(key, _)| Value::from(key.into_owned()))
            .collect();
        if !keys.is_empty() {
            kept.insert("location_query_keys".to_string(), Value::Array(keys));
        }
    }
    Value::Object(kept)
}

/// Today's date in UTC as `YYYY-MM-DD`.
fn today_utc() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default();
    let ((year, month, day), _) = civil_calendar::civil_utc(i64::try_from(seconds).unwrap_or_default());
    format!("{year:04}-{month:02}-{day:02}")
}
