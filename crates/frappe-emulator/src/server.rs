//! The HTTP/1.1 server: accept loop, optional TLS, one hyper connection per TCP connection,
//! fault injection, and the translation between hyper requests/responses and
//! [`super::routes`].
//!
//! Every request is read in full (head and body) before anything else; then the site's fault
//! rules ([`super::faults`]) decide whether it is handled normally, late, not at all, or
//! handled without its answer reaching the client. A fault that drops the connection asks the
//! connection task to drop the hyper connection (and with it the socket) while the request's
//! response future never completes, so no byte of a response is written.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinSet;

use super::errors::HttpReply;
use super::faults::{self, Fault};
use super::routes::{self, ApiRequest};
use super::site::Site;
use super::tls::Tls;
use super::write_conflicts;
use super::{RecordedBody, RecordedRequest};

/// Frappe's default `max_file_size` bound on request bodies (25 MiB).
const MAX_BODY_BYTES: usize = 25 * 1024 * 1024;

/// How long a client may take to complete the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Accepts connections until `shutdown` fires (or its sender is dropped), then drops every
/// open connection.
pub(crate) async fn serve(
    listener: TcpListener,
    site: Arc<Site>,
    tls: Option<Tls>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    site.connections_accepted.fetch_add(1, Ordering::SeqCst);
                    connections.spawn(serve_connection(stream, Arc::clone(&site), tls.clone()));
                }
                // Out of file descriptors and similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

/// A request's way to end its connection without an answer.
#[derive(Debug, Default)]
struct ConnectionControl {
    dropped: Notify,
    /// Close with `SO_LINGER` 0 (a TCP reset) rather than an orderly FIN.
    reset: AtomicBool,
}

impl ConnectionControl {
    /// Makes the connection task drop the connection; never returns, so the request that
    /// asked gets no response.
    async fn drop_connection(&self, reset: bool) -> Response<Body> {
        self.reset.store(reset, Ordering::SeqCst);
        self.dropped.notify_one();
        std::future::pending().await
    }
}

/// The TCP stream under hyper (and TLS), which resets the connection on drop when asked to.
struct ConnectionIo {
    stream: TcpStream,
    control: Arc<ConnectionControl>,
}

impl Drop for ConnectionIo {
    fn drop(&mut self) {
        if self.control.reset.load(Ordering::SeqCst) {
            let _ = self.stream.set_zero_linger();
        }
    }
}

impl AsyncRead for ConnectionIo {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ConnectionIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves one TCP connection (HTTP/1.1 with keep-alive, over TLS when configured).
async fn serve_connection(stream: TcpStream, site: Arc<Site>, tls: Option<Tls>) {
    // Frappe's clients send small requests in bursts; Nagle would add latency to each.
    let _ = stream.set_nodelay(true);
    let control = Arc::new(ConnectionControl::default());
    let io = ConnectionIo {
        stream,
        control: Arc::clone(&control),
    };
    match tls {
        None => serve_http(io, site, control, false).await,
        Some(tls) => {
            if let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, tls.acceptor.accept(io)).await {
                serve_http(stream, site, control, true).await;
            }
        }
    }
}

async fn serve_http<I>(io: I, site: Arc<Site>, control: Arc<ConnectionControl>, secure: bool)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let requests_control = Arc::clone(&control);
    let service = service_fn(move |request: Request<Incoming>| {
        let site = Arc::clone(&site);
        let control = Arc::clone(&requests_control);
        async move { Ok::<_, Infallible>(answer(&site, &control, request, secure).await) }
    });
    let connection = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), service);
    tokio::select! {
        _ = connection => {}
        // Dropping the connection drops the socket: the client sees EOF, or a reset.
        () = control.dropped.notified() => {}
    }
}

/// Answers one request (or not, under a fault) and records it.
async fn answer(site: &Site, control: &ConnectionControl, request: Request<Incoming>, secure: bool) -> Response<Body> {
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
    // Held until the answer is ready, as a worker is (service_time.rs).
    let _worker = match &site.workers {
        Some(workers) => workers.occupy().await,
        None => None,
    };
    let mut request = ApiRequest::new(method.clone(), &raw_path, query.as_deref(), parts.headers, bytes);
    request.secure = secure;
    let head = method == Method::HEAD;
    let fault = site.lock().faults.take(&request.method, &request.path);
    let Some(fault) = fault else {
        if let Some(reply) = write_conflicts::refuse(site, &request) {
            record(site, &request, reply.status, Some("ConcurrentWriteRefused".to_string()));
            return to_response(reply, head);
        }
        let reply = routes::respond(site, &request).await;
        record(site, &request, reply.status, None);
        return to_response(reply, head);
    };
    let marker = Some(fault.marker());
    match fault {
        Fault::Latency(delay) => {
            tokio::time::sleep(delay).await;
            let reply = routes::respond(site, &request).await;
            record(site, &request, reply.status, marker);
            to_response(reply, head)
        }
        Fault::ResetConnection => {
            record(site, &request, 0, marker);
            control.drop_connection(true).await
        }
        Fault::LoseResponse => {
            let reply = routes::respond(site, &request).await;
            record(site, &request, reply.status, marker);
            control.drop_connection(false).await
        }
        Fault::TruncatedJson => {
            let mut reply = routes::respond(site, &request).await;
            record(site, &request, reply.status, marker);
            let half = reply.body.len() / 2;
            reply.body.truncate(half);
            to_response(reply, head)
        }
        Fault::Status(_) | Fault::RateLimited { .. } | Fault::Maintenance | Fault::HtmlPage(_) => {
            let reply = faults::reply(site, &request, &fault);
            record(site, &request, reply.status, marker);
            to_response(reply, head)
        }
    }
}

fn record(site: &Site, request: &ApiRequest, status: u16, fault: Option<String>) {
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
        let fault_note = fault.as_deref().map(|f| format!(" [fault: {f}]")).unwrap_or_default();
        eprintln!(
            "{} {}{} -> {}{}",
            request.method, request.path, query, status, fault_note
        );
    }
    site.lock().requests.push(RecordedRequest {
        method: request.method.to_string(),
        path: request.path.clone(),
        query: request.query.clone(),
        body,
        status,
        fault,
    });
}

fn to_response(reply: HttpReply, head: bool) -> Response<Body> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if head { Body::empty() } else { Body::from(reply.body) };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(reply.content_type));
    // `append`, not `insert`: a login answer carries several `Set-Cookie` headers.
    for (name, value) in reply.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(name, value);
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
