//! The HTTP/1.1 server: accept loop, one hyper connection per TCP connection, and the
//! translation between hyper requests/responses and [`super::routes`].
//!
//! Fault injection seam: every accepted connection passes through [`serve_connection`] and
//! every request through [`answer`]. A later change can decide there, per connection or per
//! request, to delay, reset, drop the response or answer 5xx, without touching the Frappe
//! behaviour in `routes`.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use super::errors::HttpReply;
use super::routes::{self, ApiRequest};
use super::site::Site;
use super::{RecordedBody, RecordedRequest};

/// Frappe's default `max_file_size` bound on request bodies (25 MiB).
const MAX_BODY_BYTES: usize = 25 * 1024 * 1024;

/// Accepts connections until `shutdown` fires (or its sender is dropped), then drops every
/// open connection.
pub(crate) async fn serve(listener: TcpListener, site: Arc<Site>, mut shutdown: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    site.connections_accepted.fetch_add(1, Ordering::SeqCst);
                    connections.spawn(serve_connection(stream, Arc::clone(&site)));
                }
                // Out of file descriptors and similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

/// Serves one TCP connection (HTTP/1.1 with keep-alive).
async fn serve_connection(stream: TcpStream, site: Arc<Site>) {
    // Frappe's clients send small requests in bursts; Nagle would add latency to each.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request: Request<Incoming>| {
        let site = Arc::clone(&site);
        async move { Ok::<_, Infallible>(answer(&site, request).await) }
    });
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Answers one request and records it.
async fn answer(site: &Site, request: Request<Incoming>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let raw_path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let bytes = match to_bytes(Body::new(body), MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return plain_response(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large");
        }
    };
    let request = ApiRequest::new(method.clone(), &raw_path, query.as_deref(), parts.headers, bytes);
    let reply = routes::handle(site, &request);
    record(site, &request, reply.status);
    to_response(reply, method == Method::HEAD)
}

fn record(site: &Site, request: &ApiRequest, status: u16) {
    let body = if request.body.is_empty() {
        RecordedBody::Empty
    } else {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(value) => RecordedBody::Json(value),
            Err(_) => RecordedBody::Raw(String::from_utf8_lossy(&request.body).into_owned()),
        }
    };
    if site.log_requests.load(Ordering::Relaxed) {
        let query = request.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
        eprintln!("{} {}{} -> {}", request.method, request.path, query, status);
    }
    site.lock().requests.push(RecordedRequest {
        method: request.method.to_string(),
        path: request.path.clone(),
        query: request.query.clone(),
        body,
        status,
    });
}

fn to_response(reply: HttpReply, head: bool) -> Response<Body> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if head { Body::empty() } else { Body::from(reply.body) };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(reply.content_type));
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

fn plain_response(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}
