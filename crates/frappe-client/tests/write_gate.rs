//! After the site's database refused a concurrent write, the client sends its
//! writes one at a time, and only its writes: a server that holds every
//! answer for a moment counts how many requests are in flight at once.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod scripted;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use serde_json::{json, Map};
use tokio::net::TcpListener;

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
                scripted::read_request(&mut socket).await;
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
                scripted::answer(&mut socket, status, &answer).await;
            });
        }
    });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_refused_write_writes_go_one_at_a_time_and_reads_do_not() {
    let load = Arc::new(Load::default());
    let client = Arc::new(scripted::quick_client(start(Arc::clone(&load)).await));
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
