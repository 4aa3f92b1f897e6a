//! A client for an `http://` site is built without the system's trust store;
//! a site that sends it on to an `https://` address gets an error that says
//! what to configure instead of an unknown-issuer failure.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::time::Duration;

use frappe_client::{ClientConfig, FrappeClient, FrappeError, RetryPolicy};
use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// A server answering every request with a permanent redirect to `https://`.
async fn redirecting_to_https() -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let reply = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: https://{address}/api/resource/User/a\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    Url::parse(&format!("http://{address}/")).unwrap()
}

#[tokio::test]
async fn a_plain_http_site_redirecting_to_https_is_told_to_use_the_https_address() {
    let url = redirecting_to_https().await;
    let client = FrappeClient::new(
        ClientConfig {
            base_url: url,
            api_key: "k".into(),
            api_secret: "s".into(),
            site_name: None,
            timeout: Duration::from_secs(5),
            ca_certificates_pem: None,
            insecure_skip_verify: false,
            retry: RetryPolicy {
                max_retries: 0,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
            },
        },
        CancellationToken::new(),
    )
    .unwrap();
    match client.get_document("User", "a").await {
        Err(FrappeError::Unreachable { reason, .. }) => {
            assert!(reason.contains("set url to its https:// address"), "{reason}");
        }
        other => panic!("expected an unreachable site, got {other:?}"),
    }
}
