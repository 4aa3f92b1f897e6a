//! What the client tests with a scripted HTTP server share: reading one
//! request, writing one answer, and a client with quick retries.
#![allow(dead_code, clippy::unwrap_used)] // each test file uses part of it; a test reports failure by panicking

use std::time::Duration;

use frappe_client::{ClientConfig, FrappeClient, RetryPolicy};
use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

/// Reads one request from `socket`; returns its head (request line and headers).
pub async fn read_request(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    let _ = socket.read_exact(&mut body).await;
    head
}

/// Answers with `status` (e.g. `200 OK`) and a JSON body, then closes.
pub async fn answer(socket: &mut TcpStream, status: &str, body: &str) {
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(reply.as_bytes()).await;
}

/// A client of `url` that retries twice, with waits of a few milliseconds.
pub fn quick_client(url: Url) -> FrappeClient {
    FrappeClient::new(
        ClientConfig {
            base_url: url,
            api_key: "k".into(),
            api_secret: "s".into(),
            site_name: None,
            timeout: Duration::from_secs(5),
            ca_certificates_pem: None,
            insecure_skip_verify: false,
            retry: RetryPolicy {
                max_retries: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
            },
        },
        CancellationToken::new(),
    )
    .unwrap()
}
