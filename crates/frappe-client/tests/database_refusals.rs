//! Every kind of request the client makes is sent again when the site's
//! database refused it, and only then: a scripted HTTP server answers the
//! first request with a refusal (or a plain 500), every later one with
//! success.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod scripted;

use std::sync::{Arc, Mutex};

use frappe_client::{ErrorKind, FrappeClient, FrappeError, PasswordLookup};
use reqwest::Url;
use serde_json::{json, Map};
use tokio::net::TcpListener;

const DEADLOCK_V15: &str = r#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')", "exc_type": "QueryDeadlockError"}"#;
const DEADLOCK_V14: &str = r#"{"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found when trying to get lock; try restarting transaction')"}"#;
const SERIALIZATION_POSTGRES: &str = r#"{"exception": "", "exc_type": "SerializationFailure", "_debug_messages": "[\"Error in query:\\ncould not serialize access due to concurrent update\\n\"]"}"#;
const LOCK_TIMEOUT_POSTGRES_V14: &str =
    r#"{"exception": "", "exc": "[\"Error in query:\\ncanceling statement due to lock timeout\\n\"]"}"#;
const TYPE_ERROR: &str = r#"{"exception": "TypeError: unsupported operand type(s)", "exc_type": "TypeError"}"#;

/// A server answering the first request with `(500, first)` and every later
/// one with `(200, then)`; it records each request line.
struct Script {
    url: Url,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Script {
    async fn start(first: &'static str, then: String) -> Script {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let head = scripted::read_request(&mut socket).await;
                let count = {
                    let mut seen = log.lock().unwrap();
                    seen.push(head.lines().next().unwrap_or_default().to_string());
                    seen.len()
                };
                let (status, answer) = if count == 1 {
                    ("500 Internal Server Error", first.to_string())
                } else {
                    ("200 OK", then.clone())
                };
                scripted::answer(&mut socket, status, &answer).await;
            }
        });
        Script { url, seen }
    }

    fn client(&self) -> FrappeClient {
        scripted::quick_client(self.url.clone())
    }

    fn requests(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

#[tokio::test]
async fn reads_updates_deletes_passwords_and_meta_are_sent_again() {
    let doc = json!({"data": {"name": "a@example.com"}}).to_string();
    for refusal in [
        DEADLOCK_V15,
        DEADLOCK_V14,
        SERIALIZATION_POSTGRES,
        LOCK_TIMEOUT_POSTGRES_V14,
    ] {
        let script = Script::start(refusal, doc.clone()).await;
        let found = script.client().get_document("User", "a@example.com").await.unwrap();
        assert!(found.is_some(), "{refusal}");
        assert_eq!(script.requests(), 2, "GET after {refusal}");

        let script = Script::start(refusal, doc.clone()).await;
        script
            .client()
            .update_document("User", "a@example.com", &Map::new())
            .await
            .unwrap();
        assert_eq!(script.requests(), 2, "PUT after {refusal}");

        let script = Script::start(refusal, json!({"data": "ok"}).to_string()).await;
        assert!(script.client().delete_document("User", "a@example.com").await.unwrap());
        assert_eq!(script.requests(), 2, "DELETE after {refusal}");
    }
    let script = Script::start(DEADLOCK_V15, json!({"message": "pw"}).to_string()).await;
    let password = script
        .client()
        .get_password("Social Login Key", "x", "client_secret")
        .await
        .unwrap();
    assert_eq!(password, PasswordLookup::Found("pw".into()));
    assert_eq!(script.requests(), 2);

    let meta = json!({"docs": [{"name": "Role", "fields": [{"fieldname": "role_name", "fieldtype": "Data"}]}]});
    let script = Script::start(SERIALIZATION_POSTGRES, meta.to_string()).await;
    let meta = script.client().doctype_meta("Role").await.unwrap().unwrap();
    assert!(meta.field("role_name").is_some());
    assert_eq!(script.requests(), 2);
}

#[tokio::test]
async fn a_create_is_left_to_its_caller_and_a_plain_500_fails_at_once() {
    // The DocType kit looks the document up before a create is sent again.
    let script = Script::start(DEADLOCK_V15, json!({"data": {"name": "x"}}).to_string()).await;
    let error = script.client().insert_document("Role", &Map::new()).await.unwrap_err();
    assert!(error.database_refusal().is_some(), "{error}");
    assert!(matches!(&error, FrappeError::Api(api) if api.kind() == ErrorKind::DatabaseBusy));
    assert_eq!(script.requests(), 1);

    let script = Script::start(TYPE_ERROR, json!({"data": {}}).to_string()).await;
    let error = script
        .client()
        .update_document("User", "a", &Map::new())
        .await
        .unwrap_err();
    assert!(error.database_refusal().is_none());
    assert_eq!(script.requests(), 1, "a plain 500 was sent again");
}
