//! A stub OAuth2 identity provider for the social login tests: it records every request and
//! answers each path with a canned status and body (404 `{}` for paths it was not told about).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

/// One request the identity provider received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: String,
}

#[derive(Default)]
struct Shared {
    replies: HashMap<String, (u16, String)>,
    seen: Vec<Seen>,
}

pub struct Idp {
    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

async fn answer(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut shared = shared.lock().unwrap();
    shared.seen.push(Seen {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let (status, body) = shared
        .replies
        .get(uri.path())
        .cloned()
        .unwrap_or((404, "{}".to_string()));
    let status = StatusCode::from_u16(status).unwrap();
    (status, [("Content-Type", "application/json")], body).into_response()
}

impl Idp {
    /// Starts the provider with a token endpoint (`/token` → access token `at-1`) and a
    /// userinfo endpoint (`/userinfo` → `userinfo`).
    pub async fn start(userinfo: &Value) -> Idp {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new().fallback(answer).with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let idp = Idp { url, shared };
        idp.reply(
            "/token",
            200,
            r#"{"access_token": "at-1", "token_type": "Bearer", "expires_in": 3600}"#,
        );
        idp.reply("/userinfo", 200, &userinfo.to_string());
        idp
    }

    /// Answers `path` with this status and body from now on.
    pub fn reply(&self, path: &str, status: u16, body: &str) {
        self.shared
            .lock()
            .unwrap()
            .replies
            .insert(path.to_string(), (status, body.to_string()));
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }
}
