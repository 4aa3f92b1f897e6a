//! The two calls the callback makes to the identity provider, as `requests` (through rauth)
//! makes them: the token request (a form POST with the credentials in the body) and GETs with
//! `Authorization: Bearer <access token>`.

use std::sync::OnceLock;
use std::time::Duration;

use thiserror::Error;

use crate::python::urlencode;

/// `rauth`/`requests` give up on the identity provider after this long.
const TIMEOUT: Duration = Duration::from_secs(300);

/// What `requests` sends as its User-Agent.
const USER_AGENT: &str = "python-requests/2.32.3";

/// An identity provider's answer: its status is ignored by Frappe, only the body counts.
#[derive(Clone, Debug)]
pub(crate) struct IdpReply {
    pub(crate) body: Vec<u8>,
}

/// Why a call to the identity provider did not produce an answer the emulator can follow.
#[derive(Debug, Error)]
pub(crate) enum IdpError {
    /// Connection refused, timeout, TLS failure...: `requests` raises an exception whose text
    /// is not emulated.
    #[error("the identity provider could not be reached: {0}")]
    Unreachable(#[source] reqwest::Error),
    /// `requests` follows redirects (a POST turns into a GET); not emulated.
    #[error("the identity provider answered with a redirect")]
    Redirected,
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built: {0}")]
    Client(#[source] reqwest::Error),
}

fn client() -> Result<&'static reqwest::Client, IdpError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .map_err(IdpError::Client)?;
    Ok(CLIENT.get_or_init(|| client))
}

async fn read(response: reqwest::Response) -> Result<IdpReply, IdpError> {
    if response.status().is_redirection() {
        return Err(IdpError::Redirected);
    }
    let body = response.bytes().await.map_err(IdpError::Unreachable)?;
    Ok(IdpReply { body: body.to_vec() })
}

/// The token request: `application/x-www-form-urlencoded` body, no Authorization header.
pub(crate) async fn post_form(url: &str, form: &[(String, String)]) -> Result<IdpReply, IdpError> {
    let response = client()?
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "*/*")
        .body(urlencode(form))
        .send()
        .await
        .map_err(IdpError::Unreachable)?;
    read(response).await
}

/// A userinfo request: the query appended to the URL's own, `Bearer` authorization.
pub(crate) async fn get_bearer(url: &str, query: &[(String, String)], token: &str) -> Result<IdpReply, IdpError> {
    let url = if query.is_empty() {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&{}", urlencode(query))
    } else {
        format!("{url}?{}", urlencode(query))
    };
    let response = client()?
        .get(url)
        .header("Accept", "*/*")
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .map_err(IdpError::Unreachable)?;
    read(response).await
}
