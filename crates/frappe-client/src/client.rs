//! The HTTP client for a Frappe site's REST API (v1 routes, which v14 and v15
//! both serve).
//!
//! One pooled `reqwest` client per configured provider; token authentication;
//! JSON in and out; retries with backoff for what is safe to retry; every
//! request abandoned as soon as Terraform asks the provider to stop.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode, Url};
use serde_json::{Map, Value as Json};
use tokio_util::sync::CancellationToken;

use super::coalesce::ReadBatches;
use super::error::{ApiError, ErrorKind, FrappeError};
use super::meta::DocTypeMeta;
use super::meta_cache::{MetaCache, MetaLookup};
use super::pages::ListPages;
use super::retry::{parse_retry_after, RetryPolicy};
use super::snapshot::{SnapshotAnswer, Snapshots};
use super::transport::Transport;
use super::write_gate::{is_write, WriteGate};
use terraform_plugin::logging;

/// A JSON object as Frappe sends and receives documents.
pub type Document = Map<String, Json>;

/// Bodies larger than this are refused rather than buffered: no Social Login
/// Key answer comes near it, and a broken proxy must not exhaust memory.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Everything needed to talk to one site.
#[derive(Clone)]
pub struct ClientConfig {
    /// The site's base URL, e.g. `https://erp.example.com`.
    pub base_url: Url,
    pub api_key: String,
    pub api_secret: String,
    /// Sent as `X-Frappe-Site-Name` for multi-site benches behind a proxy or IP.
    pub site_name: Option<String>,
    /// Per request attempt.
    pub timeout: Duration,
    /// Extra trusted roots (PEM), for sites with a private CA.
    pub ca_certificates_pem: Option<Vec<u8>>,
    pub insecure_skip_verify: bool,
    pub retry: RetryPolicy,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url.as_str())
            .field("api_key", &self.api_key)
            .field("api_secret", &"***")
            .field("site_name", &self.site_name)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    #[error("the CA certificate file holds no usable PEM certificate: {0}")]
    CaCertificate(String),
    #[error("the API key or secret contains characters that cannot be sent in an HTTP header")]
    InvalidCredentials,
    #[error("the site name cannot be sent in an HTTP header")]
    InvalidSiteName,
}

/// A list request: which documents, with which fields, in which order.
#[derive(Clone, Debug)]
pub struct ListQuery<'a> {
    pub doctype: &'a str,
    pub fields: &'a [String],
    pub filters: Option<&'a Json>,
    pub order_by: Option<&'a str>,
    /// How many documents at most; 0 means all.
    pub limit: u64,
}

/// What `frappe.client.get_password` told us about a password field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordLookup {
    Found(String),
    /// No password is stored for the field.
    NotSet,
    /// The API user lacks the System Manager role.
    NotPermitted,
}

pub struct FrappeClient {
    /// Built on the first request: a provider process that is configured
    /// but never talks to the site (Terraform starts several per command)
    /// does not pay for TLS set-up.
    http: OnceLock<Result<reqwest::Client, String>>,
    transport: Transport,
    base_url: Url,
    headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    stop: CancellationToken,
    /// Writes one at a time after the site's database refused a concurrent one.
    writes: WriteGate,
    /// DocType descriptions, read once.
    metas: MetaCache,
    /// Concurrent reads waiting to be answered by one list request.
    reads: ReadBatches,
    /// Small DocTypes listed whole, answering later reads without a request.
    snapshots: Snapshots,
}

/// Whether a request may be sent again after a failure whose outcome is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replay {
    /// GET, PUT, DELETE: repeating has the same effect as doing it once.
    Idempotent,
    /// POST: only retried when the server certainly did not act on it.
    OnlyIfNotReceived,
}

impl FrappeClient {
    pub fn new(config: ClientConfig, stop: CancellationToken) -> Result<Self, ClientBuildError> {
        logging::register_secret(&config.api_secret);
        let mut headers = HeaderMap::new();
        let mut authorization = HeaderValue::from_str(&format!("token {}:{}", config.api_key, config.api_secret))
            .map_err(|_| ClientBuildError::InvalidCredentials)?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(site) = &config.site_name {
            headers.insert(
                "X-Frappe-Site-Name",
                HeaderValue::from_str(site).map_err(|_| ClientBuildError::InvalidSiteName)?,
            );
        }
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!(
                "terraform-provider-frappe/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/frappe-terraform/terraform-provider-frappe)"
            )),
        );

        let extra_roots = match &config.ca_certificates_pem {
            Some(pem) => {
                let certificates = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| ClientBuildError::CaCertificate(e.to_string()))?;
                if certificates.is_empty() {
                    return Err(ClientBuildError::CaCertificate("no certificate found".into()));
                }
                certificates
            }
            None => Vec::new(),
        };
        let transport = Transport {
            timeout: config.timeout,
            plain_http: config.base_url.scheme() == "http",
            extra_roots,
            insecure_skip_verify: config.insecure_skip_verify,
        };
        Ok(Self {
            http: OnceLock::new(),
            transport,
            base_url: config.base_url,
            headers,
            timeout: config.timeout,
            retry: config.retry,
            stop,
            writes: WriteGate::default(),
            metas: MetaCache::default(),
            reads: ReadBatches::default(),
            snapshots: Snapshots::default(),
        })
    }

    /// The URL of `/api/<segments…>`, each segment percent-encoded.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            path.push("api");
            path.extend(segments);
        }
        url
    }

    /// Reads one document; `None` if it does not exist.
    pub async fn get_document(&self, doctype: &str, name: &str) -> Result<Option<Document>, FrappeError> {
        let url = self.url(&["resource", doctype, name]);
        match self.send(Method::GET, url, None, Replay::Idempotent).await {
            Ok(body) => data_object(body).map(Some),
            Err(FrappeError::Api(e)) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates a document and returns it as stored.
    pub async fn insert_document(&self, doctype: &str, fields: &Document) -> Result<Document, FrappeError> {
        let url = self.url(&["resource", doctype]);
        let body = Json::Object(fields.clone());
        data_object(
            self.send(Method::POST, url, Some(&body), Replay::OnlyIfNotReceived)
                .await?,
        )
    }

    /// Changes the given fields of a document (a partial update).
    pub async fn update_document(&self, doctype: &str, name: &str, fields: &Document) -> Result<Document, FrappeError> {
        let url = self.url(&["resource", doctype, name]);
        let body = Json::Object(fields.clone());
        data_object(self.send(Method::PUT, url, Some(&body), Replay::Idempotent).await?)
    }

    /// Deletes a document; `false` if it was already gone.
    pub async fn delete_document(&self, doctype: &str, name: &str) -> Result<bool, FrappeError> {
        let url = self.url(&["resource", doctype, name]);
        match self.send(Method::DELETE, url, None, Replay::Idempotent).await {
            Ok(_) => Ok(true),
            Err(FrappeError::Api(e)) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Lists documents as `frappe.client.get_list` does: the given fields
    /// (Frappe's default is only `name`), Frappe's filters (an object of
    /// field → value, or a list of `[field, operator, value]`), an order
    /// (`"modified desc"`) and a limit (0 = all), read in pages of
    /// [`DEFAULT_PAGE_SIZE`](crate::pages::DEFAULT_PAGE_SIZE).
    pub async fn query_documents(&self, query: &ListQuery<'_>) -> Result<Vec<Document>, FrappeError> {
        self.pages(query, crate::pages::DEFAULT_PAGE_SIZE).collect().await
    }

    /// The same query, read `page_size` documents per request; the caller
    /// asks for each page and stops when it has enough.
    pub fn pages(&self, query: &ListQuery<'_>, page_size: u64) -> ListPages<'_> {
        ListPages::new(self, query, page_size)
    }

    /// One page of a list query (`GET /api/resource/<doctype>`).
    pub(crate) async fn list_page(
        &self,
        doctype: &str,
        fields: &[String],
        filters: Option<&Json>,
        order_by: Option<&str>,
        parent: Option<&str>,
        (start, length): (u64, u64),
    ) -> Result<Vec<Document>, FrappeError> {
        let mut url = self.url(&["resource", doctype]);
        {
            let mut pairs = url.query_pairs_mut();
            let fields = serde_json::to_string(fields).unwrap_or_else(|_| "[\"name\"]".into());
            pairs.append_pair("fields", &fields);
            if let Some(filters) = filters {
                pairs.append_pair("filters", &filters.to_string());
            }
            if let Some(order_by) = order_by {
                pairs.append_pair("order_by", order_by);
            }
            if let Some(parent) = parent {
                pairs.append_pair("parent", parent);
            }
            pairs.append_pair("limit_start", &start.to_string());
            pairs.append_pair("limit_page_length", &length.to_string());
        }
        let body = self.send(Method::GET, url, None, Replay::Idempotent).await?;
        match body.get("data") {
            Some(Json::Array(rows)) => Ok(rows.iter().filter_map(|r| r.as_object().cloned()).collect()),
            _ => Err(FrappeError::UnexpectedBody {
                status: 200,
                snippet: "a list answer without a \"data\" array".into(),
            }),
        }
    }

    /// Reads a password field in clear through `frappe.client.get_password`.
    pub async fn get_password(
        &self,
        doctype: &str,
        name: &str,
        fieldname: &str,
    ) -> Result<PasswordLookup, FrappeError> {
        let mut url = self.url(&["method", "frappe.client.get_password"]);
        url.query_pairs_mut()
            .append_pair("doctype", doctype)
            .append_pair("name", name)
            .append_pair("fieldname", fieldname);
        match self.send(Method::GET, url, None, Replay::Idempotent).await {
            Ok(body) => match body.get("message") {
                Some(Json::String(secret)) => {
                    logging::register_secret(secret);
                    Ok(PasswordLookup::Found(secret.clone()))
                }
                _ => Ok(PasswordLookup::NotSet),
            },
            Err(FrappeError::Api(e)) if e.kind() == ErrorKind::Permission => Ok(PasswordLookup::NotPermitted),
            // "Password not found for …" comes as a 401 AuthenticationError.
            Err(FrappeError::Api(e))
                if e.kind() == ErrorKind::Authentication
                    && e.messages.iter().any(|m| m.contains("Password not found")) =>
            {
                Ok(PasswordLookup::NotSet)
            }
            Err(e) => Err(e),
        }
    }

    /// The site's own description of a DocType: `getdoctype` (custom fields
    /// and child tables included; any logged-in user), else
    /// `GET /api/resource/DocType/<name>` (System Manager). `None` if the
    /// site has no such DocType.
    pub async fn doctype_meta(&self, doctype: &str) -> Result<Option<DocTypeMeta>, FrappeError> {
        let mut url = self.url(&["method", "frappe.desk.form.load.getdoctype"]);
        url.query_pairs_mut().append_pair("doctype", doctype);
        let first = match self.send(Method::GET, url, None, Replay::Idempotent).await {
            Ok(answer) => match DocTypeMeta::from_getdoctype(&answer, doctype) {
                Some(meta) => return Ok(Some(meta)),
                None => None,
            },
            // A missing DocType is a 404 (or a 417 DoesNotExistError wrapped
            // by the method call on older sites).
            Err(FrappeError::Api(e)) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => Some(e),
        };
        match self.get_document("DocType", doctype).await {
            Ok(Some(doc)) => Ok(DocTypeMeta::from_json(&Json::Object(doc))),
            Ok(None) => Ok(None),
            // Report the first failure: it is the one that explains.
            Err(e) => Err(first.unwrap_or(e)),
        }
    }

    /// [`FrappeClient::doctype_meta`], read at most once per client:
    /// concurrent callers wait for the one request, and every later caller
    /// gets the same answer (a failure too, as its message).
    pub async fn cached_doctype_meta(&self, doctype: &str) -> MetaLookup {
        self.metas
            .cell(doctype)
            .get_or_init(|| async {
                match self.doctype_meta(doctype).await {
                    Ok(meta) => Ok(meta.map(Arc::new)),
                    Err(e) => Err(e.to_string()),
                }
            })
            .await
            .clone()
    }

    /// A document as [`FrappeClient::get_document`] answers it, read
    /// together with the other documents of its DocType being read at the
    /// same moment: one list request answers them all
    /// ([`coalesce`](crate::coalesce)). A document the list does not answer
    /// for is read by its own GET, so "gone" and permission errors stay per
    /// document. A DocType smaller than a page is listed whole on its
    /// second read since this client's last write and answered from those
    /// rows for a while ([`snapshot`](crate::snapshot)).
    pub async fn read_document(&self, doctype: &str, name: &str) -> Result<Option<Document>, FrappeError> {
        match self.snapshots.lookup(self, doctype, name).await {
            SnapshotAnswer::Document(doc) => Ok(Some(doc)),
            SnapshotAnswer::Absent => self.get_document(doctype, name).await,
            SnapshotAnswer::NoSnapshot => crate::coalesce::read(self, &self.reads, doctype, name).await,
        }
    }

    /// The user the API key belongs to.
    pub async fn logged_user(&self) -> Result<String, FrappeError> {
        let url = self.url(&["method", "frappe.auth.get_logged_user"]);
        let body = self.send(Method::GET, url, None, Replay::Idempotent).await?;
        Ok(body
            .get("message")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string())
    }

    /// How many times a request may be retried.
    pub fn max_retries(&self) -> u32 {
        self.retry.max_retries
    }

    /// Waits before retry number `attempt` (1-based), or gives up at once if
    /// Terraform asks the provider to stop.
    pub async fn back_off(&self, attempt: u32) -> Result<(), FrappeError> {
        let delay = self.retry.delay(attempt, None);
        tokio::select! {
            () = self.stop.cancelled() => Err(FrappeError::Cancelled),
            () = tokio::time::sleep(delay) => Ok(()),
        }
    }

    /// Sends a request, retrying what may be retried, and returns the JSON body
    /// of a successful answer.
    async fn send(&self, method: Method, url: Url, body: Option<&Json>, replay: Replay) -> Result<Json, FrappeError> {
        // Until it has ended, no snapshot taken before it answers a read.
        let _write = is_write(&method).then(|| self.snapshots.write_starts());
        let mut attempt = 0;
        loop {
            let turn = tokio::select! {
                () = self.stop.cancelled() => return Err(FrappeError::Cancelled),
                turn = self.writes.enter(&method) => turn,
            };
            let started = Instant::now();
            let outcome = self.attempt(method.clone(), url.clone(), body).await;
            let elapsed = started.elapsed();
            drop(turn);
            let retry_after = match &outcome {
                Ok(_) => None,
                Err(failure) => failure.retry_after,
            };
            let status = match &outcome {
                Ok(_) => "ok".to_string(),
                Err(failure) => failure.error.to_string(),
            };
            logging::log(
                logging::Level::Debug,
                "Frappe request",
                &[
                    ("method", method.as_str()),
                    ("path", url.path()),
                    ("outcome", &status),
                    ("elapsed_ms", &elapsed.as_millis().to_string()),
                    ("attempt", &(attempt + 1).to_string()),
                ],
            );
            let failure = match outcome {
                Ok(json) => return Ok(json),
                Err(failure) => failure,
            };
            if let Some(refusal) = failure.error.database_refusal() {
                if self.writes.one_at_a_time() {
                    logging::log(
                        logging::Level::Debug,
                        "The site's database refused a concurrent write; writes go one at a time from now on",
                        &[("reason", refusal.reason())],
                    );
                }
            }
            let retryable = match replay {
                Replay::Idempotent => failure.retryable,
                Replay::OnlyIfNotReceived => failure.certainly_not_processed,
            };
            if !retryable || attempt >= self.retry.max_retries {
                return Err(failure.error);
            }
            attempt += 1;
            let delay = self.retry.delay(attempt, retry_after);
            let announcement = format!(
                "{method} {} failed ({}); retry {attempt} of {} in {} ms",
                url.path(),
                failure.error,
                self.retry.max_retries,
                delay.as_millis()
            );
            match failure.error.database_refusal() {
                // Expected under parallel applies; the final error says it if it persists.
                Some(refusal) => logging::log(
                    logging::Level::Debug,
                    "Frappe request refused by the database, retrying",
                    &[("reason", refusal.reason()), ("retry", &announcement)],
                ),
                None => logging::warn(&announcement),
            }
            tokio::select! {
                () = self.stop.cancelled() => return Err(FrappeError::Cancelled),
                () = tokio::time::sleep(delay) => {}
            }
        }
    }

    /// The pooled HTTP client, built on first use.
    fn http(&self, url: &Url) -> Result<&reqwest::Client, FrappeError> {
        self.http
            .get_or_init(|| self.transport.build())
            .as_ref()
            .map_err(|reason| FrappeError::Unreachable {
                url: url.to_string(),
                reason: reason.clone(),
            })
    }

    async fn attempt(&self, method: Method, url: Url, body: Option<&Json>) -> Result<Json, Failure> {
        let http = self.http(&url).map_err(Failure::fatal)?;
        let mut request = http.request(method, url.clone()).headers(self.headers.clone());
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body).unwrap_or_default();
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        let exchange = async {
            let response = request.send().await.map_err(|e| self.transport_failure(&url, e))?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            let bytes = read_limited(response)
                .await
                .map_err(|e| self.transport_failure(&url, e))?;
            Ok::<_, Failure>((status, retry_after, bytes))
        };
        let (status, retry_after, bytes) = tokio::select! {
            () = self.stop.cancelled() => return Err(Failure::fatal(FrappeError::Cancelled)),
            result = exchange => result?,
        };
        interpret(status, retry_after, &bytes)
    }

    fn transport_failure(&self, url: &Url, error: reqwest::Error) -> Failure {
        if error.is_timeout() {
            return Failure {
                error: FrappeError::Timeout(self.timeout),
                retryable: true,
                certainly_not_processed: false,
                retry_after: None,
            };
        }
        let connect = error.is_connect();
        Failure {
            error: FrappeError::Unreachable {
                url: site_of(url),
                reason: logging::redact(&error_chain(&error)),
            },
            retryable: true,
            // A refused or failed connection never delivered the request.
            certainly_not_processed: connect,
            retry_after: None,
        }
    }
}

/// A failed attempt and what it allows.
struct Failure {
    error: FrappeError,
    /// Safe to retry an idempotent request.
    retryable: bool,
    /// The server certainly did not act on the request, so even a create may be resent.
    certainly_not_processed: bool,
    retry_after: Option<Duration>,
}

impl Failure {
    fn fatal(error: FrappeError) -> Self {
        Self {
            error,
            retryable: false,
            certainly_not_processed: false,
            retry_after: None,
        }
    }
}

fn interpret(status: StatusCode, retry_after: Option<Duration>, bytes: &[u8]) -> Result<Json, Failure> {
    if status.is_success() {
        return serde_json::from_slice::<Json>(bytes).map_err(|_| {
            // A success whose body we cannot read: the write may have happened.
            Failure {
                error: FrappeError::UnexpectedBody {
                    status: status.as_u16(),
                    snippet: snippet(bytes),
                },
                retryable: true,
                certainly_not_processed: false,
                retry_after: None,
            }
        });
    }
    let code = status.as_u16();
    let error = match ApiError::from_body(code, bytes) {
        Some(api) => FrappeError::Api(api),
        // Statuses that mean the same from a proxy as from Frappe keep their
        // meaning (retries, advice); the page's text says who answered.
        None if matches!(code, 401 | 403 | 404 | 409 | 417 | 429 | 502..=504) => FrappeError::Api(ApiError {
            status: code,
            exc_type: None,
            messages: if bytes.is_empty() {
                Vec::new()
            } else {
                vec![snippet(bytes)]
            },
            exception: None,
            database_refusal: None,
        }),
        None => FrappeError::UnexpectedBody {
            status: code,
            snippet: snippet(bytes),
        },
    };
    // Frappe rolled a request the database refused back (`frappe/app.py`
    // `application()`), so it may be sent again. A create is still not
    // resent here: its caller first looks the document up by name, since an
    // earlier attempt whose answer was lost may have created it.
    let refused_by_database = error.database_refusal().is_some();
    Err(Failure {
        error,
        retryable: matches!(code, 429 | 502..=504) || refused_by_database,
        // 429 and 503 (maintenance mode) are refused before any work is done;
        // a 502/504 from a proxy may hide a write that did happen.
        certainly_not_processed: matches!(code, 429 | 503),
        retry_after,
    })
}

async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The first part of a body, without markup or secrets, for an error message.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    let plain = super::error::strip_html(&text);
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = collapsed.chars().take(200).collect();
    let short = if short.is_empty() {
        "(empty body)".to_string()
    } else {
        short
    };
    logging::redact(&short)
}

fn site_of(url: &Url) -> String {
    format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default())
        + &url.port().map(|p| format!(":{p}")).unwrap_or_default()
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The `data` object of a single-document answer.
fn data_object(body: Json) -> Result<Document, FrappeError> {
    match body {
        Json::Object(mut o) => match o.remove("data") {
            Some(Json::Object(doc)) => Ok(doc),
            _ => Err(FrappeError::UnexpectedBody {
                status: 200,
                snippet: "an answer without a \"data\" document".into(),
            }),
        },
        _ => Err(FrappeError::UnexpectedBody {
            status: 200,
            snippet: "an answer that is not a JSON object".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_bodies_must_be_json() {
        assert!(interpret(StatusCode::OK, None, br#"{"data":{}}"#).is_ok());
        let failure = interpret(StatusCode::OK, None, b"{\"data\": {").unwrap_err();
        assert!(matches!(failure.error, FrappeError::UnexpectedBody { .. }));
        assert!(!failure.certainly_not_processed);
    }

    #[test]
    fn what_is_retried() {
        let validation = interpret(
            StatusCode::EXPECTATION_FAILED,
            None,
            br#"{"exc_type":"ValidationError"}"#,
        )
        .unwrap_err();
        assert!(!validation.retryable);
        let maintenance = interpret(StatusCode::SERVICE_UNAVAILABLE, None, b"<html>down</html>").unwrap_err();
        assert!(maintenance.retryable && maintenance.certainly_not_processed);
        let gateway = interpret(StatusCode::BAD_GATEWAY, None, b"").unwrap_err();
        assert!(gateway.retryable && !gateway.certainly_not_processed);
        let limited = interpret(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(2)), b"").unwrap_err();
        assert!(limited.retryable);
        assert_eq!(limited.retry_after, Some(Duration::from_secs(2)));
    }

    #[test]
    fn database_refusals_are_retried_and_plain_500s_are_not() {
        let deadlock = interpret(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            br#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"}"#,
        )
        .unwrap_err();
        assert!(deadlock.retryable);
        // A create is settled by its caller (a lookup by name first).
        assert!(!deadlock.certainly_not_processed);
        let serialization = interpret(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            br#"{"exception": "", "exc_type": "SerializationFailure", "_debug_messages": "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\"]"}"#,
        )
        .unwrap_err();
        assert!(serialization.retryable);
        assert_eq!(
            serialization.error.to_string(),
            "Frappe answered HTTP 500 (SerializationFailure): a database serialization failure"
        );
        let bug = interpret(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            br#"{"exc_type": "TypeError", "exception": "TypeError: unsupported operand type(s)"}"#,
        )
        .unwrap_err();
        assert!(!bug.retryable);
        // The same class name under a 4xx is not a refusal.
        let validation = interpret(
            StatusCode::EXPECTATION_FAILED,
            None,
            br#"{"exc_type": "QueryDeadlockError"}"#,
        )
        .unwrap_err();
        assert!(!validation.retryable);
    }

    #[test]
    fn html_error_pages_are_summarised() {
        let failure = interpret(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            b"<html><head><title>Oops</title></head><body><h1>Internal   Server Error</h1></body></html>",
        )
        .unwrap_err();
        let text = failure.error.to_string();
        assert!(
            text.contains("HTTP 500") && text.contains("Internal Server Error"),
            "{text}"
        );
        assert!(!text.contains('<'));
    }

    #[test]
    fn urls_encode_doctype_and_name() {
        let client = FrappeClient::new(
            ClientConfig {
                base_url: Url::parse("https://erp.example.com/").unwrap(),
                api_key: "k".into(),
                api_secret: "s".into(),
                site_name: None,
                timeout: Duration::from_secs(5),
                ca_certificates_pem: None,
                insecure_skip_verify: false,
                retry: RetryPolicy::default(),
            },
            CancellationToken::new(),
        )
        .unwrap();
        assert_eq!(
            client.url(&["resource", "Social Login Key", "my idp/x"]).as_str(),
            "https://erp.example.com/api/resource/Social%20Login%20Key/my%20idp%2Fx"
        );
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let config = ClientConfig {
            base_url: Url::parse("https://erp.example.com").unwrap(),
            api_key: "key".into(),
            api_secret: "very-secret-value".into(),
            site_name: None,
            timeout: Duration::from_secs(5),
            ca_certificates_pem: None,
            insecure_skip_verify: false,
            retry: RetryPolicy::default(),
        };
        assert!(!format!("{config:?}").contains("very-secret-value"));
    }
}
