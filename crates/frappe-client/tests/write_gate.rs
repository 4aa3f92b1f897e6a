//! After the site's database refused a concurrent write, the client sends its
//! writes one at a time, and only its writes: a server that holds every
//! answer for a moment counts how many requests are in flight at once.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use frappe_client::{ClientConfig, FrappeClient, RetryPolicy};
use reqwest::Url;
use serde_json::{json, Map};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

const DEADLOCK: &str = r#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')", "exc_type": "QueryDeadlockError"}"#;

/// Requests in flight now, and the most seen at once since the last reset.
#[derive(Default)]
struct Load {
    now: AtomicUsize,
    most: AtomicUsize,
    served: AtomicUsize,
}

async fn start(load: Arc<Load>) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let load = Arc::clone(&load);
            tokio::spawn(async move {
                let head = read_head(&mut socket).await;
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
                let in_flight = load.now.fetch_add(1, Ordering::SeqCst) + 1;
                load.most.fetch_max(in_flight, Ordering::SeqCst);
                let first = load.served.fetch_add(1, Ordering::SeqCst) == 0;
                // Hold the answer so that requests sent together overlap here.
                tokio::time::sleep(Duration::from_millis(80)).await;
                load.now.fetch_sub(1, Ordering::SeqCst);
                let (status, answer) = if first {
                    ("500 Internal Server Error", DEADLOCK.to_string())
                } else {
                    ("200 OK", json!({"data": {"name": "x"}}).to_string())
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    url
}

async fn read_head(socket: &mut tokio::net::TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_refused_write_writes_go_one_at_a_time_and_reads_do_not() {
    let load = Arc::new(Load::default());
    let client = Arc::new(
        FrappeClient::new(
            ClientConfig {
                base_url: start(Arc::clone(&load)).await,
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
        .unwrap(),
    );
    let fields = Map::new();
    // Writes overlap freely until the database refuses one.
    let together = (0..4).map(|i| {
        let client = Arc::clone(&client);
        let fields = fields.clone();
        tokio::spawn(async move { client.update_document("ToDo", &format!("t{i}"), &fields).await })
    });
    for write in together.collect::<Vec<_>>() {
        write.await.unwrap().unwrap();
    }
    assert!(
        load.most.load(Ordering::SeqCst) > 1,
        "the first writes were sent together"
    );

    load.most.store(0, Ordering::SeqCst);
    let writes = (0..6).map(|i| {
        let client = Arc::clone(&client);
        let fields = fields.clone();
        tokio::spawn(async move { client.update_document("ToDo", &format!("t{i}"), &fields).await })
    });
    for write in writes.collect::<Vec<_>>() {
        write.await.unwrap().unwrap();
    }
    assert_eq!(
        load.most.load(Ordering::SeqCst),
        1,
        "after the refusal no two writes may be in flight at once"
    );

    load.most.store(0, Ordering::SeqCst);
    let reads = (0..6).map(|i| {
        let client = Arc::clone(&client);
        tokio::spawn(async move { client.get_document("ToDo", &format!("t{i}")).await })
    });
    for read in reads.collect::<Vec<_>>() {
        read.await.unwrap().unwrap();
    }
    assert!(load.most.load(Ordering::SeqCst) > 1, "reads stay concurrent");
}
