//! The batcher against a small scripted site: who asks what, and what each
//! reader gets.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test reports failure by panicking

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use serde_json::{json, Value as Json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::{read, ReadBatches};
use crate::client::{ClientConfig, FrappeClient};
use crate::retry::RetryPolicy;

/// A site holding `stored` Things (no child tables); it records each
/// request's path and query, and refuses lists when `refuse_lists`.
pub(crate) struct Site {
    pub(crate) url: Url,
    pub(crate) seen: Arc<Mutex<Vec<String>>>,
}

pub(crate) async fn site(stored: &[&str], refuse_lists: bool) -> Site {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let stored: HashSet<String> = stored.iter().map(|s| (*s).to_string()).collect();
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (log, stored) = (log.clone(), stored.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let line = String::from_utf8_lossy(&head).lines().next().unwrap_or("").to_string();
                let target = line.split(' ').nth(1).unwrap_or("").to_string();
                let target = Url::parse(&format!("http://x{target}")).unwrap();
                log.lock()
                    .unwrap()
                    .push(format!("{}?{}", target.path(), target.query().unwrap_or("")));
                let (status, body) = answer(&target, &stored, refuse_lists);
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    Site { url, seen }
}

pub(crate) fn thing(name: &str) -> Json {
    json!({"name": name, "title": format!("T {name}"), "modified": "2026-12-07 10:00:00.000001", "docstatus": 0})
}

fn answer(target: &Url, stored: &HashSet<String>, refuse_lists: bool) -> (&'static str, String) {
    let query = |key: &str| {
        target
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    let path = percent_decode(target.path());
    if path == "/api/method/frappe.desk.form.load.getdoctype" {
        let meta = json!({"docs": [{"name": "Thing", "fields": [{"fieldname": "title", "fieldtype": "Data"}]}]});
        return ("200 OK", meta.to_string());
    }
    if path == "/api/resource/Thing" {
        if refuse_lists {
            return ("403 FORBIDDEN", json!({"exc_type": "PermissionError"}).to_string());
        }
        // Without filters: every stored Thing.
        let filters: Json = query("filters").map_or(json!([["name", "in", Vec::from_iter(stored)]]), |f| {
            serde_json::from_str(&f).unwrap()
        });
        let mut names: Vec<String> = filters[0][2]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .filter(|n| stored.contains(n))
            .collect();
        names.sort();
        let start: usize = query("limit_start").unwrap().parse().unwrap();
        let length: usize = query("limit_page_length").unwrap().parse().unwrap();
        let rows: Vec<Json> = names.iter().skip(start).take(length).map(|n| thing(n)).collect();
        return ("200 OK", json!({"data": rows}).to_string());
    }
    if let Some(name) = path.strip_prefix("/api/resource/Thing/") {
        if stored.contains(name) {
            let mut doc = thing(name);
            doc["doctype"] = json!("Thing");
            return ("200 OK", json!({"data": doc}).to_string());
        }
        return ("404 NOT FOUND", json!({"exc_type": "DoesNotExistError"}).to_string());
    }
    ("404 NOT FOUND", "{}".to_string())
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(crate) fn client(url: Url) -> Arc<FrappeClient> {
    let config = ClientConfig {
        base_url: url,
        api_key: "k".into(),
        api_secret: "s".into(),
        site_name: None,
        timeout: Duration::from_secs(5),
        ca_certificates_pem: None,
        insecure_skip_verify: false,
        retry: RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        },
    };
    Arc::new(FrappeClient::new(config, CancellationToken::new()).unwrap())
}

/// Reads `names` at once through `batches`; each reader's answer, by name.
async fn read_all(client: &Arc<FrappeClient>, batches: &Arc<ReadBatches>, names: &[&str]) -> Vec<Option<Json>> {
    let tasks: Vec<_> = names
        .iter()
        .map(|name| {
            let (client, batches, name) = (client.clone(), batches.clone(), (*name).to_string());
            tokio::spawn(async move { read(&client, &batches, "Thing", &name).await.unwrap().map(Json::Object) })
        })
        .collect();
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

pub(crate) fn count(seen: &Arc<Mutex<Vec<String>>>, prefix: &str) -> usize {
    seen.lock().unwrap().iter().filter(|s| s.starts_with(prefix)).count()
}

#[tokio::test]
async fn concurrent_reads_share_one_list_and_a_missing_name_reads_alone() {
    let site = site(&["a", "b", "c", "d", "e"], false).await;
    let client = client(site.url.clone());
    let batches = Arc::new(ReadBatches::new(
        Duration::from_millis(200),
        Duration::from_millis(200),
        6,
        500,
    ));
    let got = read_all(&client, &batches, &["a", "b", "c", "d", "e", "gone"]).await;
    for (name, doc) in ["a", "b", "c", "d", "e"].iter().zip(&got) {
        let mut want = thing(name);
        want["doctype"] = json!("Thing");
        assert_eq!(doc.as_ref(), Some(&want));
    }
    assert_eq!(got[5], None);
    assert_eq!(count(&site.seen, "/api/resource/Thing?"), 1, "{:?}", site.seen);
    // Only the name the list did not answer for was read by its own GET.
    assert_eq!(count(&site.seen, "/api/resource/Thing/"), 1, "{:?}", site.seen);
}

#[tokio::test]
async fn a_refused_list_falls_back_to_one_get_per_document() {
    let site = site(&["a", "b", "c"], true).await;
    let client = client(site.url.clone());
    let batches = Arc::new(ReadBatches::new(
        Duration::from_millis(200),
        Duration::from_millis(200),
        3,
        500,
    ));
    let got = read_all(&client, &batches, &["a", "b", "c"]).await;
    assert!(got.iter().all(Option::is_some));
    assert_eq!(count(&site.seen, "/api/resource/Thing/"), 3, "{:?}", site.seen);
}

#[tokio::test]
async fn a_batch_larger_than_a_page_is_read_page_by_page() {
    let names = ["a", "b", "c", "d", "e"];
    let site = site(&names, false).await;
    let client = client(site.url.clone());
    let batches = Arc::new(ReadBatches::new(
        Duration::from_millis(200),
        Duration::from_millis(200),
        5,
        2,
    ));
    let got = read_all(&client, &batches, &names).await;
    assert!(got.iter().all(Option::is_some));
    let lists: Vec<String> = site
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.starts_with("/api/resource/Thing?"))
        .cloned()
        .collect();
    assert_eq!(lists.len(), 3, "{lists:?}");
    assert!(lists.iter().all(|l| l.contains("limit_page_length=2")), "{lists:?}");
    assert_eq!(count(&site.seen, "/api/resource/Thing/"), 0);
}

#[tokio::test]
async fn a_lone_read_waits_a_quiet_moment_then_is_one_get() {
    let site = site(&["a"], false).await;
    let client = client(site.url.clone());
    let batches = Arc::new(ReadBatches::new(
        Duration::from_millis(10),
        Duration::from_millis(2),
        10,
        500,
    ));
    let got = read_all(&client, &batches, &["a"]).await;
    assert!(got[0].is_some());
    assert_eq!(site.seen.lock().unwrap().len(), 1, "{:?}", site.seen);
}
