//! HTTP plumbing: axum accepts connections and hands every request, read in
//! full, to [`super::routes::dispatch`] on a blocking thread (the first
//! request that needs the RSA key waits about a second for it).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::http::{Incoming, Outgoing};
use super::routes;
use super::store::Site;

/// Requests larger than this are refused (authentik's proxy limit is similar).
const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Serves until `shutdown` fires or its sender is dropped.
pub(crate) async fn serve(listener: TcpListener, site: Arc<Site>, shutdown: oneshot::Receiver<()>) {
    let app = Router::new().fallback(handle).with_state(site);
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = shutdown.await;
        })
        .await;
    if let Err(error) = result {
        eprintln!("authentik-standin: the server stopped: {error}");
    }
}

async fn handle(State(site): State<Arc<Site>>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes.to_vec(),
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let host = parts
        .headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let incoming = Incoming {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers,
        body,
        origin: format!("http://{host}"),
    };
    let log = site.log_requests.load(Ordering::Relaxed);
    let answer = tokio::task::spawn_blocking(move || {
        let answer = routes::dispatch(&site, &incoming);
        if log {
            eprintln!("{} {} -> {}", incoming.method, incoming.full_path(), answer.status);
        }
        answer
    })
    .await;
    match answer {
        Ok(answer) => into_response(answer),
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn plain(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

fn into_response(answer: Outgoing) -> Response<Body> {
    let mut response = Response::new(Body::from(answer.body));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
