//! Shared helpers of the stand-in's tests: an admin API client, a
//! browser-like client (cookies, no automatic redirects), and a provider
//! set up for logins.
#![allow(dead_code)]

pub mod terraform;

use authentik_standin::fresh_install;
use authentik_standin::Authentik;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use serde_json::{json, Value};

/// An answer, read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    async fn read(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer { status, headers, text }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    pub fn location(&self) -> String {
        self.header(LOCATION.as_str())
            .unwrap_or_else(|| panic!("no Location in a {} answer: {}", self.status, self.text))
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// Form-encodes `pairs`.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        serializer.append_pair(k, v);
    }
    serializer.finish()
}

/// The REST API as the admin.
pub struct Api {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(authentik: &Authentik) -> Api {
        Api {
            base: format!("{}/api/v3", authentik.url()),
            token: authentik.api_token(),
            http: client(),
        }
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        Answer::read(request.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send("POST", path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send("PUT", path, Some(body)).await
    }
}

/// A browser: keeps the session cookie, never follows redirects by itself.
pub struct Browser {
    base: String,
    cookie: Option<String>,
    http: reqwest::Client,
}

impl Browser {
    pub fn new(authentik: &Authentik) -> Browser {
        Browser {
            base: authentik.url(),
            cookie: None,
            http: client(),
        }
    }

    fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') {
            format!("{}{url}", self.base)
        } else {
            url.to_string()
        }
    }

    async fn remember(&mut self, answer: Answer) -> Answer {
        if let Some(cookie) = answer.headers.get(SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = cookie.split(';').next().unwrap_or("").to_string();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        answer
    }

    pub async fn get(&mut self, url: &str) -> Answer {
        let mut request = self.http.get(self.absolute(url));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let answer = Answer::read(request.send().await.expect("request")).await;
        self.remember(answer).await
    }

    pub async fn post_form(&mut self, url: &str, pairs: &[(&str, &str)]) -> Answer {
        let mut request = self
            .http
            .post(self.absolute(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(pairs));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let answer = Answer::read(request.send().await.expect("request")).await;
        self.remember(answer).await
    }

    /// Follows redirects while they stay on the stand-in; returns the URL
    /// of the last request and the first answer that is not such a redirect
    /// (a page, or a redirect elsewhere).
    pub async fn follow(&mut self, url: &str) -> (String, Answer) {
        let mut url = url.to_string();
        let mut answer = self.get(&url).await;
        for _ in 0..10 {
            if !matches!(answer.status, 301 | 302) {
                return (url, answer);
            }
            let location = answer.location();
            if !(location.starts_with('/') || location.starts_with(&self.base)) {
                return (url, answer);
            }
            url = location;
            answer = self.get(&url).await;
        }
        panic!("redirect loop");
    }

    /// Starts at `authorize_url`; if that leads to the login page, logs in
    /// there and follows on. Returns the answer that leaves the stand-in
    /// (normally the redirect to the client with the code) or the page it
    /// stopped at.
    pub async fn authorize(&mut self, authorize_url: &str, username: &str, password: &str) -> Answer {
        let (url, page) = self.follow(authorize_url).await;
        if page.status != 200 || !page.text.contains("name=\"password\"") {
            return page;
        }
        let after_login = self
            .post_form(&url, &[("username", username), ("password", password)])
            .await;
        if after_login.status != 302 {
            return after_login;
        }
        let next = after_login.location();
        self.follow(&next).await.1
    }
}

/// The query parameters of a URL, decoded.
pub fn query_of(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let query = query.split('#').next().unwrap_or("");
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

pub fn param(url: &str, name: &str) -> Option<String> {
    query_of(url).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The usual redirect URI of the tests (a Frappe callback).
pub const REDIRECT_URI: &str = "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/authentik";

/// A provider body like the SSO module's, for the REST API.
pub fn provider_body(client_id: &str) -> Value {
    json!({
        "name": format!("Provider {client_id}"),
        "client_id": client_id,
        "authorization_flow": fresh_install::IMPLICIT_CONSENT_FLOW.uuid,
        "invalidation_flow": fresh_install::PROVIDER_INVALIDATION_FLOW.uuid,
        "property_mappings": [
            fresh_install::SCOPE_OPENID.uuid,
            fresh_install::SCOPE_EMAIL.uuid,
            fresh_install::SCOPE_PROFILE.uuid,
        ],
        "sub_mode": "user_username",
        "grant_types": ["authorization_code"],
        "redirect_uris": [
            {"matching_mode": "strict", "url": REDIRECT_URI, "redirect_uri_type": "authorization"}
        ],
    })
}

/// Creates a provider from `body` and an application (slug = client ID) for
/// it; returns the provider as the API answered.
pub async fn provider_with_application(api: &Api, body: Value) -> Value {
    let created = api.post("/providers/oauth2/", body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let provider = created.json();
    let slug = provider["client_id"].as_str().expect("client_id").to_string();
    let app = api
        .post(
            "/core/applications/",
            json!({"name": slug, "slug": slug, "provider": provider["pk"]}),
        )
        .await;
    assert_eq!(app.status, 201, "{}", app.text);
    provider
}

/// `/application/o/authorize/?…` for a code request.
pub fn authorize_url(client_id: &str, redirect_uri: &str, scope: &str, state: Option<&str>) -> String {
    let mut pairs = vec![
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
        ("scope", scope),
    ];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    format!("/application/o/authorize/?{}", form(&pairs))
}

/// POSTs a form to the token endpoint, optionally with a Basic header.
pub async fn token_request(authentik: &Authentik, pairs: &[(&str, &str)], basic: Option<(&str, &str)>) -> Answer {
    use base64::Engine as _;
    let mut request = client()
        .post(format!("{}/application/o/token/", authentik.url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs));
    if let Some((id, secret)) = basic {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        request = request.header("authorization", format!("Basic {encoded}"));
    }
    Answer::read(request.send().await.expect("token request")).await
}

/// GET /application/o/userinfo/ with a bearer token.
pub async fn userinfo(authentik: &Authentik, token: Option<&str>) -> Answer {
    let mut request = client().get(format!("{}/application/o/userinfo/", authentik.url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Answer::read(request.send().await.expect("userinfo request")).await
}

/// Decodes the header and payload of a JWT.
pub fn jwt_parts(token: &str) -> (Value, Value) {
    use base64::Engine as _;
    let decode = |part: &str| -> Value {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap_or_else(|e| panic!("bad base64 in JWT ({e}): {token}"));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("bad JSON in JWT ({e}): {token}"))
    };
    let mut parts = token.split('.');
    let header = decode(parts.next().expect("header"));
    let payload = decode(parts.next().expect("payload"));
    (header, payload)
}
