//! The answers that differ between v14, v15 and develop, side by side (notes/frappe-behaviour.md,
//! sections 1 and 3): success bodies, error key sets, message texts, authentication.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{EmulatorConfig, FrappeVersion};
use reqwest::Method;
use serde_json::{json, Value};
use support::{first_message, keys, resource, server_messages, Site};

const V14: FrappeVersion = FrappeVersion::V14;
const V15: FrappeVersion = FrappeVersion::V15;
const DEVELOP: FrappeVersion = FrappeVersion::Develop;
const SLK: &str = "Social Login Key";

fn key(provider_name: &str) -> Value {
    json!({
        "provider_name": provider_name,
        "authorize_url": "https://idp.example.com/authorize",
        "access_token_url": "https://idp.example.com/token",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/x",
    })
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

#[tokio::test]
async fn success_bodies() {
    for version in [V14, V15, DEVELOP] {
        let site = Site::version(version).await;
        let mut body = key("p");
        body["foo_bar"] = json!("dropped");
        body["sign_ups"] = json!("Allow");
        let created = site.create(SLK, &body).await;
        assert_eq!(created.status, 200, "{version:?}: {}", created.text);
        let data = created.data();
        assert!(data.get("foo_bar").is_none(), "unknown keys are dropped");
        // v14 answered the create with as_dict(): nulls present.
        assert_eq!(data.get("icon").is_some(), version == V14, "{version:?}");
        assert_eq!(data.get("sign_ups").is_some(), version != V14, "{version:?}");
        let updated = site.put(SLK, "p", &json!({"client_id": "c"})).await;
        assert!(updated.data().get("icon").is_none(), "PUT omits nulls on every line");
        let deleted = site.delete(SLK, "p").await;
        assert_eq!(deleted.status, 202);
        let expected = if version == V14 {
            r#"{"message":"ok"}"#
        } else {
            r#"{"data":"ok"}"#
        };
        assert_eq!(deleted.text, expected, "{version:?}");
        let missing = site.delete(SLK, "p").await;
        assert_eq!(missing.status, 404);
        let expected = if version == V14 {
            "{}"
        } else {
            r#"{"exc_type":"DoesNotExistError"}"#
        };
        assert_eq!(missing.text, expected, "{version:?}");
        let patched = site
            .admin(Method::PATCH, &resource(SLK, Some("p")), Some(&json!({})))
            .await;
        let expected = if version == V14 {
            (200, "{}")
        } else {
            (404, r#"{"exc_type":"DoesNotExistError"}"#)
        };
        assert_eq!((patched.status, patched.text.as_str()), expected, "{version:?}");
    }
}

#[tokio::test]
async fn error_key_sets() {
    // (version, duplicate 409, mandatory 417, controller 417)
    let cases = [
        (
            V14,
            strings(&["exception", "exc", "_server_messages"]),
            strings(&["exception", "exc", "_server_messages"]),
            strings(&["exc_type", "exception", "exc", "_server_messages"]),
        ),
        (
            V15,
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
        ),
        (
            DEVELOP,
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
            strings(&["exception", "exc_type", "exc", "_server_messages"]),
        ),
    ];
    for (version, duplicate_keys, mandatory_keys, controller_keys) in cases {
        let site = Site::version(version).await;
        site.create(SLK, &key("dup")).await;
        let duplicate = site.create(SLK, &key("DUP")).await;
        assert_eq!(duplicate.status, 409);
        assert_eq!(keys(&duplicate.body), duplicate_keys, "{version:?}");
        let mut body = key("x");
        body.as_object_mut().unwrap().remove("provider_name");
        let mandatory = site.create(SLK, &body).await;
        assert_eq!(mandatory.status, 417);
        assert_eq!(keys(&mandatory.body), mandatory_keys, "{version:?}");
        let long = format!("https://idp.example.com/{}", "a".repeat(120));
        let mut body = key("long");
        body["authorize_url"] = json!(long);
        let controller = site.create(SLK, &body).await;
        assert_eq!(controller.status, 417);
        assert_eq!(keys(&controller.body), controller_keys, "{version:?}");
        assert_eq!(
            first_message(&controller.body),
            format!("Social Login Key long: '<strong>Authorize URL</strong>' ({long}) will get truncated, as max characters allowed is 140")
        );
        assert_eq!(
            controller.body["exception"],
            format!("frappe.exceptions.CharacterLengthExceededError: Social Login Key long: '<strong>Authorize URL</strong>' ({long}) will get truncated, as max characters allowed is 140")
        );
        let constant = site.put(SLK, "dup", &json!({"provider_name": "Other"})).await;
        assert_eq!(
            first_message(&constant.body),
            "Value cannot be changed for <strong>Provider Name</strong>"
        );
        // v14 encodes messages with Python's json (", " and ": "), v15+ with orjson.
        let raw = duplicate.body["_server_messages"].as_str().unwrap();
        assert_eq!(
            raw.contains("\", \\\"title\\\": "),
            version == V14,
            "{version:?}: {raw}"
        );
        let titled = server_messages(&controller.body);
        assert_eq!(titled[0]["title"], "Value too big");
        let untitled = server_messages(&constant.body);
        // Every line titles an untitled msgprint "Message" (v14.93.2's conformance recording).
        assert_eq!(untitled[0]["title"], "Message", "{version:?}");
        assert_eq!(
            untitled[0].get("__frappe_exc_id").is_some(),
            version != V14,
            "{version:?}"
        );
    }
}

#[tokio::test]
async fn permission_error_messages_per_line() {
    for version in [V14, V15, DEVELOP] {
        let site = Site::version(version).await;
        site.create(SLK, &key("p")).await;
        let user = site.emulator.add_user("u@example.com", &["Blogger"]);
        let create = site
            .as_user(&user, Method::POST, &resource(SLK, None), Some(&key("q")))
            .await;
        let expected = if version == V14 {
            "Insufficient Permission for Social Login Key (<strong>create</strong>)"
        } else {
            "You need the 'create' permission on <strong>Social Login Key</strong>  to perform this action."
        };
        assert_eq!(create.body["_error_message"], expected, "{version:?}");
        let read = site.as_user(&user, Method::GET, &resource(SLK, Some("p")), None).await;
        let mut expected_keys = strings(&["exception", "exc_type", "exc", "_server_messages"]);
        match version {
            V14 => expected_keys.retain(|k| k != "exc_type"),
            DEVELOP => expected_keys.push("_error_message".into()),
            V15 => {}
        }
        assert_eq!(keys(&read.body), expected_keys, "{version:?}");
        let delete = site
            .as_user(&user, Method::DELETE, &resource(SLK, Some("p")), None)
            .await;
        let entries = if version == DEVELOP { 1 } else { 2 };
        assert_eq!(server_messages(&delete.body).len(), entries, "{version:?}");
        // Guest gets the DocType sentence (v15+ even at document level).
        let guest = site.request(Method::GET, &resource(SLK, None), None, None, &[]).await;
        assert_eq!(guest.status, 403);
        assert_eq!(
            first_message(&guest.body),
            "User <strong>Guest</strong> does not have doctype access via role permission for document <strong>Social Login Key</strong>"
        );
        assert_eq!(
            guest.body["exception"], "frappe.exceptions.PermissionError",
            "{version:?}"
        );
    }
}

#[tokio::test]
async fn authentication_answers_on_every_line() {
    for version in [V14, V15, DEVELOP] {
        let site = Site::version(version).await;
        let path = resource(SLK, None);
        let wrong_secret = format!("token {}:wrong", site.admin.api_key);
        for auth in [
            wrong_secret.as_str(),
            "token unknown:secret",
            "token abc",
            "Foo a:b",
            "Bearer unknown-token",
        ] {
            let reply = site.request(Method::GET, &path, Some(auth), None, &[]).await;
            assert_eq!(reply.status, 401, "{version:?} {auth}");
            let expected = if version == V14 {
                strings(&["exception", "exc"])
            } else {
                strings(&["exception", "exc_type", "exc"])
            };
            assert_eq!(keys(&reply.body), expected, "{version:?} {auth}");
            assert_eq!(reply.body["exception"], "frappe.exceptions.AuthenticationError");
        }
        let reply = site.request(Method::GET, &path, Some("Basic a"), None, &[]).await;
        assert_eq!(reply.status, 400, "{version:?}");
        assert_eq!(
            first_message(&reply.body),
            "Failed to decode token, please provide a valid base64-encoded token."
        );
        let reply = site.request(Method::GET, &path, Some("token a b"), None, &[]).await;
        assert_eq!(reply.status, 403, "three words are ignored: Guest");
        let basic = {
            use base64::Engine;
            let pair = format!("{}:{}", site.admin.api_key, site.admin.api_secret);
            format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
        };
        assert_eq!(
            site.request(Method::GET, &path, Some(&basic), None, &[]).await.status,
            200
        );
    }
}

#[tokio::test]
async fn without_tracebacks() {
    for version in [V14, V15] {
        let site = Site::start_with(EmulatorConfig {
            version,
            tracebacks: false,
            ..EmulatorConfig::default()
        })
        .await;
        site.create(SLK, &key("dup")).await;
        let duplicate = site.create(SLK, &key("dup")).await;
        let expected = if version == V14 {
            strings(&["_server_messages"])
        } else {
            strings(&["exc_type", "_server_messages"])
        };
        assert_eq!(keys(&duplicate.body), expected, "{version:?}");
        let unknown = site
            .request(Method::GET, &resource(SLK, None), Some("token unknown:x"), None, &[])
            .await;
        let expected = if version == V14 {
            "{}"
        } else {
            r#"{"exc_type":"AuthenticationError"}"#
        };
        assert_eq!(unknown.text, expected, "{version:?}");
    }
}
