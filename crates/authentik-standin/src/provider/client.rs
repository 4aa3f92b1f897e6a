//! The provider's API client, behaving like the Go client the real provider
//! uses: requests go to `<url>/api/v3/…` with `Authorization: Bearer
//! <token>` and any configured extra headers, and failures turn into the
//! real provider's diagnostics (`helpers.HTTPToDiag`): a 404 means "gone",
//! anything else is `HTTP Error '<status>' during request '<METHOD> <path>':
//! "<body>"`.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, USER_AGENT};
use reqwest::{Method, Url};
use serde_json::Value;
use terraform_plugin::protocol::Diagnostic;

/// What can go wrong with one request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    /// 404: the object is gone (the real provider clears the ID).
    #[error("not found")]
    NotFound,
    /// Any other non-2xx answer.
    #[error("HTTP Error '{status}' during request '{method} {path}': \"{body}\"")]
    Http {
        /// Go's `Response.Status`, e.g. `400 Bad Request`.
        status: String,
        method: String,
        path: String,
        body: String,
    },
    /// No answer at all.
    #[error("HTTP Error '{0}' without http response")]
    Transport(String),
    /// A 2xx answer whose body is not what the API promises.
    #[error("{0}")]
    Decode(String),
}

impl ApiError {
    /// The real provider's diagnostic: the message is the summary.
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.to_string(), "")
    }
}

/// Why the client could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ClientBuildError {
    #[error("parse {url:?}: {reason}")]
    Url { url: String, reason: String },
    #[error("invalid header {0:?}")]
    Header(String),
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
}

/// A configured API client.
#[derive(Debug, Clone)]
pub struct ApiClient {
    /// `…/api/v3` without a trailing slash; `None` when the provider block
    /// was not known at configure time.
    base: Option<Url>,
    http: reqwest::Client,
}

impl ApiClient {
    /// Like the real provider's configure: the `/api/v3` suffix is added
    /// unless the URL already ends with it.
    pub(crate) fn new(
        url: &str,
        token: &str,
        insecure: bool,
        extra_headers: &[(String, String)],
    ) -> Result<ApiClient, ClientBuildError> {
        let mut base = Url::parse(url).map_err(|e| ClientBuildError::Url {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(ClientBuildError::Url {
                url: url.to_string(),
                reason: format!("unsupported protocol scheme {:?}", base.scheme()),
            });
        }
        // As the real provider: the suffix test looks at the path as given,
        // so ".../api/v3/" (with a slash) gets a second "/api/v3".
        let path = base.path().to_string();
        if !path.ends_with("/api/v3") {
            base.set_path(&format!("{}/api/v3", path.trim_end_matches('/')));
        }
        let mut headers = HeaderMap::new();
        let agent = format!("authentik-terraform@{}", crate::PROVIDER_VERSION);
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&agent).map_err(|_| ClientBuildError::Header("User-Agent".into()))?,
        );
        let bearer = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| ClientBuildError::Header("Authorization".into()))?;
        headers.insert(AUTHORIZATION, bearer);
        // Configured headers come last and win, as with the Go client's default headers.
        for (name, value) in extra_headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| ClientBuildError::Header(name.clone()))?;
            let value = HeaderValue::from_str(value).map_err(|_| ClientBuildError::Header(name.to_string()))?;
            headers.insert(name, value);
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .tls_danger_accept_invalid_certs(insecure)
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| ClientBuildError::Http(e.to_string()))?;
        Ok(ApiClient { base: Some(base), http })
    }

    /// A client that cannot reach anything (the provider block was not
    /// known when Terraform configured the provider); every request fails
    /// the way the Go client fails with an empty URL.
    pub(crate) fn unconfigured() -> ApiClient {
        ApiClient {
            base: None,
            http: reqwest::Client::new(),
        }
    }

    /// The URL of `path` (relative to `/api/v3`, starting with `/`).
    fn url(&self, path: &str) -> Option<Url> {
        let mut url = self.base.clone()?;
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        url.set_path(&format!("{}{path}", url.path()));
        url.set_query(query);
        Some(url)
    }

    /// Sends one request; the parsed JSON of a 2xx answer (`Null` for 204).
    pub(crate) async fn request(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value, ApiError> {
        let Some(url) = self.url(path) else {
            return Err(ApiError::Transport(format!(
                "{} \"/api/v3{path}\": unsupported protocol scheme \"\"",
                go_method(&method)
            )));
        };
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header("accept", "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::Transport(format!("{} \"{url}\": {e}", go_method(&method))))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::Transport(format!("reading the answer to {method} {url}: {e}")))?;
        if status.as_u16() == 404 {
            return Err(ApiError::NotFound);
        }
        if !status.is_success() {
            return Err(ApiError::Http {
                status: format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or("")),
                method: method.to_string(),
                path: url.path().to_string(),
                body: text,
            });
        }
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| ApiError::Decode(format!("undefined response type: {e}")))
    }

    pub(crate) async fn get(&self, path: &str) -> Result<Value, ApiError> {
        self.request(Method::GET, path, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.request(Method::POST, path, Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, body: &Value) -> Result<Value, ApiError> {
        self.request(Method::PUT, path, Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Result<Value, ApiError> {
        self.request(Method::DELETE, path, None).await
    }
}

/// Go's spelling of a method in `url.Error` texts (`Get`, `Post`, …).
fn go_method(method: &Method) -> String {
    let text = method.as_str().to_ascii_lowercase();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => text,
    }
}

/// Percent-encodes one path segment (the Go client's `url.PathEscape`).
pub(crate) fn path_segment(text: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_suffix_is_added_once() {
        let client = ApiClient::new("http://127.0.0.1:9000", "t", false, &[]).expect("client");
        assert_eq!(
            client.url("/providers/oauth2/").expect("url").as_str(),
            "http://127.0.0.1:9000/api/v3/providers/oauth2/"
        );
        let client = ApiClient::new("http://h/sso/api/v3", "t", false, &[]).expect("client");
        assert_eq!(
            client.url("/flows/instances/?slug=a").expect("url").as_str(),
            "http://h/sso/api/v3/flows/instances/?slug=a"
        );
        let client = ApiClient::new("http://h/api/v3/", "t", false, &[]).expect("client");
        assert_eq!(
            client.url("/root/config/").expect("url").as_str(),
            "http://h/api/v3/api/v3/root/config/"
        );
        let client = ApiClient::new("http://h/sso/", "t", false, &[]).expect("client");
        assert_eq!(
            client.url("/root/config/").expect("url").as_str(),
            "http://h/sso/api/v3/root/config/"
        );
    }

    #[test]
    fn errors_read_like_the_real_provider() {
        let error = ApiError::Http {
            status: "400 Bad Request".into(),
            method: "POST".into(),
            path: "/api/v3/providers/oauth2/".into(),
            body: "{\"client_type\":[\"\\\"x\\\" is not a valid choice.\"]}".into(),
        };
        assert_eq!(
            error.to_string(),
            "HTTP Error '400 Bad Request' during request 'POST /api/v3/providers/oauth2/': \"{\"client_type\":[\"\\\"x\\\" is not a valid choice.\"]}\""
        );
        assert_eq!(go_method(&Method::GET), "Get");
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
    }
}
