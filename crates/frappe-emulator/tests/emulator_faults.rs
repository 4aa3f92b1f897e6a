//! The emulator misbehaving on purpose (fault injection), HTTPS, and the v16/develop line,
//! over real HTTP with reqwest: what a client of a flaky or proxied Frappe site runs into.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::io::BufRead;
use std::time::{Duration, Instant};

use frappe_emulator::{ApiCredentials, Emulator, EmulatorConfig, Fault, FaultRule, FrappeVersion, RecordedRequest};
use reqwest::{Certificate, Client, Method, Response};
use serde_json::{json, Value};

const COLLECTION: &str = "/api/resource/Social%20Login%20Key";
const WHOAMI: &str = "/api/method/frappe.auth.get_logged_user";

struct Site {
    emulator: Emulator,
    http: Client,
    admin: ApiCredentials,
}

impl Site {
    async fn start() -> Site {
        Site::start_with(EmulatorConfig::default()).await
    }

    async fn start_with(config: EmulatorConfig) -> Site {
        let emulator = Emulator::start(config).await.unwrap();
        let admin = emulator.admin();
        Site {
            emulator,
            http: client(),
            admin,
        }
    }

    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> reqwest::Result<Response> {
        self.send_with(method, path, body, &[]).await
    }

    async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> reqwest::Result<Response> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.emulator.url()))
            .header("Authorization", self.admin.authorization());
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await
    }

    async fn create(&self, body: &Value) -> reqwest::Result<Response> {
        self.send(Method::POST, COLLECTION, Some(body)).await
    }

    fn faulted(&self) -> Vec<RecordedRequest> {
        self.emulator
            .requests()
            .into_iter()
            .filter(|r| r.fault.is_some())
            .collect()
    }
}

/// A client that gives up long before a test would be slow, so a hang shows as a timeout.
fn client() -> Client {
    Client::builder().timeout(Duration::from_secs(2)).build().unwrap()
}

/// The smallest body the controller accepts.
fn key(provider_name: &str) -> Value {
    json!({
        "provider_name": provider_name,
        "authorize_url": "https://idp.example.com/authorize",
        "access_token_url": "https://idp.example.com/token",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/x",
    })
}

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

/// A transport failure that is not the client's own timeout.
fn assert_connection_error(result: reqwest::Result<Response>) {
    match result {
        Ok(response) => panic!("expected a connection error, got {}", response.status()),
        Err(error) => assert!(!error.is_timeout(), "the emulator hung instead of closing: {error:?}"),
    }
}

/// The `std::io::Error` kind somewhere under a reqwest error, if any.
fn io_error_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = current.source();
    }
    None
}

#[tokio::test]
async fn lose_response_commits_the_write_but_the_client_sees_an_error() {
    let site = Site::start().await;
    site.emulator
        .inject(FaultRule::new(Fault::LoseResponse).method("POST").times(1));
    let started = Instant::now();
    assert_connection_error(site.create(&key("Authentik")).await);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(site.emulator.document("authentik").is_some(), "the write was committed");

    // The retry a naive client makes now collides with its own first attempt.
    let retry = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(retry.status(), 409);
    assert_eq!(site.emulator.faults_triggered(), 1);
    let requests = site.emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].fault.as_deref(), Some("LoseResponse"));
    assert_eq!(requests[0].status, 200, "the status handling produced");
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[1].fault, None);
}

#[tokio::test]
async fn reset_connection_handles_nothing() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::ResetConnection).times(1));
    let error = site.create(&key("Authentik")).await.unwrap_err();
    assert_eq!(
        io_error_kind(&error),
        Some(std::io::ErrorKind::ConnectionReset),
        "a TCP reset: {error:?}"
    );
    assert!(site.emulator.documents().is_empty(), "nothing was created");
    let faulted = site.faulted();
    assert_eq!(faulted.len(), 1);
    assert_eq!(faulted[0].fault.as_deref(), Some("ResetConnection"));
    assert_eq!(faulted[0].status, 0);
    assert_eq!(faulted[0].path, "/api/resource/Social Login Key");

    // The next request gets a fresh connection and is served.
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(site.emulator.connections_accepted(), 2);
}

#[tokio::test]
async fn times_limits_a_rule_to_that_many_requests() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::Status(502)).times(2));
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(site.send(Method::GET, WHOAMI, None).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [502, 502, 200]);
    assert_eq!(site.emulator.faults_triggered(), 2);
    let markers: Vec<Option<String>> = site.emulator.requests().into_iter().map(|r| r.fault).collect();
    assert_eq!(
        markers,
        [Some("Status(502)".to_string()), Some("Status(502)".to_string()), None]
    );
}

#[tokio::test]
async fn method_and_path_filters_select_requests() {
    let site = Site::start().await;
    site.emulator.desk_insert(key("GitHub")).unwrap();
    site.emulator.desk_insert(key("Google")).unwrap();
    site.emulator
        .inject(FaultRule::new(Fault::Status(503)).method("put").path("Key/github"));
    let patch = json!({"client_id": "x"});
    let get = site
        .send(Method::GET, &format!("{COLLECTION}/github"), None)
        .await
        .unwrap();
    assert_eq!(get.status(), 200, "other method");
    let other = site
        .send(Method::PUT, &format!("{COLLECTION}/google"), Some(&patch))
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "other path");
    let hit = site
        .send(Method::PUT, &format!("{COLLECTION}/github"), Some(&patch))
        .await
        .unwrap();
    assert_eq!(hit.status(), 503);
    // The filter sees the decoded path ("Social Login Key/github").
    assert_eq!(site.emulator.faults_triggered(), 1);
    assert_eq!(site.emulator.document("github").unwrap()["client_id"], Value::Null);

    site.emulator.clear_faults();
    let again = site
        .send(Method::PUT, &format!("{COLLECTION}/github"), Some(&patch))
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(site.emulator.faults_triggered(), 1);
}

#[tokio::test]
async fn first_matching_rule_wins() {
    let site = Site::start().await;
    site.emulator
        .inject(FaultRule::new(Fault::Status(504)).path("/nothing-matches"));
    site.emulator.inject(FaultRule::new(Fault::Status(502)).times(1));
    site.emulator.inject(FaultRule::new(Fault::Status(500)));
    let statuses = [
        site.send(Method::GET, WHOAMI, None).await.unwrap().status().as_u16(),
        site.send(Method::GET, WHOAMI, None).await.unwrap().status().as_u16(),
    ];
    assert_eq!(statuses, [502, 500]);
}

#[tokio::test]
async fn gateway_statuses_get_nginx_pages() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::Status(502)).times(1));
    site.emulator.inject(FaultRule::new(Fault::Status(504)).times(1));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(header(&response, "content-type").as_deref(), Some("text/html"));
    let text = response.text().await.unwrap();
    assert!(text.contains("<title>502 Bad Gateway</title>"), "{text}");
    assert!(text.contains("<center>nginx</center>"), "{text}");
    let response = site.send(Method::GET, WHOAMI, None).await.unwrap();
    assert_eq!(response.status(), 504);
    assert!(response.text().await.unwrap().contains("504 Gateway Time-out"));
    assert!(site.emulator.documents().is_empty(), "not handled");
}

#[tokio::test]
async fn status_500_is_a_frappe_json_error() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::Status(500)));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(header(&response, "content-type").as_deref(), Some("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["exc_type"], "OperationalError");
    assert_eq!(
        body["exception"], "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')",
        "Administrator sees the traceback's last line"
    );
    assert!(site.emulator.documents().is_empty());

    site.emulator.clear_faults();
    site.emulator.inject(FaultRule::new(Fault::Status(417)));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 417);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["exc_type"], "ValidationError");
}

#[tokio::test]
async fn rate_limited_answers_like_frappes_rate_limiter() {
    let site = Site::start().await;
    site.emulator
        .inject(FaultRule::new(Fault::RateLimited { retry_after_seconds: 7 }).times(1));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(header(&response, "retry-after").as_deref(), Some("7"));
    assert_eq!(header(&response, "x-ratelimit-reset").as_deref(), Some("7"));
    assert_eq!(header(&response, "x-ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(header(&response, "x-ratelimit-limit").as_deref(), Some("600000000"));
    // The database is connected when the limiter raises: the traceback rule applies.
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["exc_type"], "TooManyRequestsError");
    assert_eq!(body["exception"], "frappe.exceptions.TooManyRequestsError");
    assert!(site.emulator.documents().is_empty());
    assert_eq!(site.create(&key("Authentik")).await.unwrap().status(), 200);
}

#[tokio::test]
async fn maintenance_mode_stops_the_session() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::Maintenance));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["exc_type"], "SessionStopped");
    assert_eq!(body["exception"], "frappe.exceptions.SessionStopped: Session Stopped");
    let page = site
        .send_with(Method::GET, WHOAMI, None, &[("Accept", "text/html")])
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("The system is being updated"));
    assert!(site.emulator.documents().is_empty());
}

#[tokio::test]
async fn truncated_json_cuts_the_body_after_committing() {
    let site = Site::start().await;
    site.emulator
        .inject(FaultRule::new(Fault::TruncatedJson).method("POST"));
    let response = site.create(&key("Authentik")).await.unwrap();
    assert_eq!(response.status(), 200);
    let length: usize = header(&response, "content-length").unwrap().parse().unwrap();
    let text = response.text().await.unwrap();
    assert_eq!(length, text.len());
    assert!(text.starts_with(r#"{"data":{"name":"authentik""#), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(site.emulator.document("authentik").is_some(), "the write was committed");
    let full = site
        .send(Method::GET, &format!("{COLLECTION}/authentik"), None)
        .await
        .unwrap();
    let full_text = full.text().await.unwrap();
    assert!(
        full_text.len() > 2 * text.len() - 2,
        "about half: {} of {}",
        text.len(),
        full_text.len()
    );
}

#[tokio::test]
async fn latency_delays_only_the_matching_request() {
    let site = Site::start().await;
    let delay = Duration::from_millis(300);
    site.emulator
        .inject(FaultRule::new(Fault::Latency(delay)).path("get_logged_user"));
    let started = Instant::now();
    let slow = site.send(Method::GET, WHOAMI, None);
    let fast = async {
        // Another connection is served while the slow request sleeps.
        let response = site.send(Method::GET, COLLECTION, None).await.unwrap();
        (response.status(), started.elapsed())
    };
    let (slow, (fast_status, fast_elapsed)) = tokio::join!(slow, fast);
    let slow = slow.unwrap();
    assert!(started.elapsed() >= delay);
    assert_eq!(slow.status(), 200);
    assert_eq!(slow.text().await.unwrap(), r#"{"message":"Administrator"}"#);
    assert_eq!(fast_status, 200);
    assert!(
        fast_elapsed < delay,
        "latency must not block other connections: {fast_elapsed:?}"
    );
    let faulted = site.faulted();
    assert_eq!(faulted.len(), 1);
    assert_eq!(faulted[0].fault.as_deref(), Some("Latency(300ms)"));
}

#[tokio::test]
async fn html_page_is_a_proxy_page_for_any_status() {
    let site = Site::start().await;
    site.emulator.inject(FaultRule::new(Fault::HtmlPage(404)));
    let response = site.send(Method::GET, WHOAMI, None).await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(header(&response, "content-type").as_deref(), Some("text/html"));
    let text = response.text().await.unwrap();
    assert!(text.contains("<h1>404 Not Found</h1>"), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn develop_is_the_february_2025_snapshot() {
    // Notes, section 4: the develop site of the notes has neither `show_in_resource_metadata`
    // nor the JSON check of frappe/frappe#33622 (merged in August 2025).
    let site = Site::start_with(EmulatorConfig {
        version: FrappeVersion::Develop,
        ..EmulatorConfig::default()
    })
    .await;
    let mut body = key("Authentik");
    body["auth_url_data"] = json!("{scope: openid}");
    let response = site.create(&body).await.unwrap();
    assert_eq!(response.status(), 200);
    let data = response.json::<Value>().await.unwrap()["data"].clone();
    assert_eq!(data["auth_url_data"], "{scope: openid}");
    assert!(data.get("show_in_resource_metadata").is_none());
    assert_eq!(data["sign_ups"], "");
}

#[tokio::test]
async fn v15_neither_checks_json_nor_has_the_develop_field() {
    let site = Site::start().await;
    let mut body = key("Authentik");
    body["auth_url_data"] = json!("{scope: openid}");
    let response = site.create(&body).await.unwrap();
    assert_eq!(response.status(), 200);
    let data = response.json::<Value>().await.unwrap()["data"].clone();
    assert!(data.get("show_in_resource_metadata").is_none());
}

async fn tls_site() -> Site {
    Site::start_with(EmulatorConfig {
        tls: true,
        ..EmulatorConfig::default()
    })
    .await
}

fn certificate(site: &Site) -> Certificate {
    Certificate::from_pem(site.emulator.ca_certificate_pem().unwrap().as_bytes()).unwrap()
}

#[tokio::test]
async fn https_with_the_emulators_certificate() {
    let mut site = tls_site().await;
    let url = site.emulator.url();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert!(!url.ends_with('/'));
    let pem = site.emulator.ca_certificate_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");

    site.http = Client::builder()
        .timeout(Duration::from_secs(2))
        .tls_certs_only([certificate(&site)])
        .build()
        .unwrap();
    let response = site.send(Method::GET, WHOAMI, None).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), r#"{"message":"Administrator"}"#);

    // What the provider does with ca_cert_file: add it to the built-in roots.
    site.http = Client::builder()
        .timeout(Duration::from_secs(2))
        .tls_certs_merge([certificate(&site)])
        .build()
        .unwrap();
    assert_eq!(site.create(&key("Authentik")).await.unwrap().status(), 200);
    // The certificate also names `localhost`.
    let localhost = url.replace("127.0.0.1", "localhost");
    let response = site
        .http
        .get(format!("{localhost}{WHOAMI}"))
        .header("Authorization", site.admin.authorization())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn https_is_refused_without_the_certificate() {
    let site = tls_site().await;
    let error = site.send(Method::GET, WHOAMI, None).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(site.emulator.requests().is_empty());
    assert_eq!(
        site.emulator.connections_accepted(),
        1,
        "the TCP connection was accepted"
    );

    let plain = Site::start().await;
    assert_eq!(plain.emulator.ca_certificate_pem(), None);
    assert!(plain.emulator.url().starts_with("http://"));
}

#[tokio::test]
async fn faults_drop_https_connections_too() {
    let mut site = tls_site().await;
    site.http = Client::builder()
        .timeout(Duration::from_secs(2))
        .tls_certs_only([certificate(&site)])
        .build()
        .unwrap();
    site.emulator
        .inject(FaultRule::new(Fault::LoseResponse).method("POST").times(1));
    site.emulator
        .inject(FaultRule::new(Fault::ResetConnection).method("GET").times(1));
    assert_connection_error(site.create(&key("Authentik")).await);
    assert!(site.emulator.document("authentik").is_some());
    assert_connection_error(site.send(Method::GET, WHOAMI, None).await);
    assert_eq!(site.send(Method::GET, WHOAMI, None).await.unwrap().status(), 200);
    assert_eq!(site.emulator.faults_triggered(), 2);
}

#[test]
fn background_emulator_serves_https_and_faults() {
    let emulator = Emulator::start_in_background(EmulatorConfig {
        tls: true,
        ..EmulatorConfig::default()
    })
    .unwrap();
    emulator.inject(FaultRule::new(Fault::Status(502)).times(1));
    let pem = emulator.ca_certificate_pem().unwrap();
    let url = format!("{}{WHOAMI}", emulator.url());
    let authorization = emulator.admin().authorization();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let statuses = runtime.block_on(async {
        let http = Client::builder()
            .timeout(Duration::from_secs(2))
            .tls_certs_only([Certificate::from_pem(pem.as_bytes()).unwrap()])
            .build()
            .unwrap();
        let mut statuses = Vec::new();
        for _ in 0..2 {
            let response = http.get(&url).header("Authorization", &authorization).send().await;
            statuses.push(response.unwrap().status().as_u16());
        }
        statuses
    });
    assert_eq!(statuses, [502, 200]);
}

/// Kills the child on drop, so a failing assertion leaves no process behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn binary_with_tls_prints_the_certificate() {
    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_frappe-emulator"))
            .args(["--listen", "127.0.0.1:0", "--tls", "--frappe-version", "develop"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line).unwrap();
    let ready: Value = serde_json::from_str(&line).unwrap();
    let keys: Vec<&String> = ready.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["url", "api_key", "api_secret", "ca_cert_pem"]);
    assert!(ready["url"].as_str().unwrap().starts_with("https://127.0.0.1:"));
    let pem = ready["ca_cert_pem"].as_str().unwrap();
    assert!(pem.contains("BEGIN CERTIFICATE"));
    assert!(Certificate::from_pem(pem.as_bytes()).is_ok());
}
