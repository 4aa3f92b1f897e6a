//! The Frappe emulator over real HTTP, Social Login Key: every behaviour here is one a real
//! Frappe v15 site shows (see `notes/frappe-behaviour.md`; v14 and develop where noted), so a client
//! that passes these tests against the emulator meets the same answers from Frappe.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::io::{Read, Write};

use frappe_emulator::{ApiCredentials, Emulator, EmulatorConfig, FrappeVersion, RecordedBody};
use reqwest::Method;
use serde_json::{json, Value};

const COLLECTION: &str = "/api/resource/Social%20Login%20Key";

struct Site {
    emulator: Emulator,
    http: reqwest::Client,
    admin: ApiCredentials,
}

struct Reply {
    status: u16,
    body: Value,
    text: String,
    content_type: String,
    allow: Option<String>,
}

impl Site {
    async fn start() -> Site {
        Site::start_with(EmulatorConfig::default()).await
    }

    async fn start_with(config: EmulatorConfig) -> Site {
        let emulator = Emulator::start(config).await.unwrap();
        let admin = emulator.admin();
        Site {
            emulator,
            http: reqwest::Client::new(),
            admin,
        }
    }

    fn doc_path(name: &str) -> String {
        format!("{COLLECTION}/{name}")
    }

    async fn request(
        &self,
        method: Method,
        path: &str,
        auth: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{}", self.emulator.url(), path));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let allow = response.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            text,
            content_type,
            allow,
        }
    }

    async fn as_user(&self, credentials: &ApiCredentials, method: Method, path: &str, body: Option<&Value>) -> Reply {
        let auth = credentials.authorization();
        self.request(method, path, Some(&auth), body, &[]).await
    }

    async fn admin(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.as_user(&self.admin, method, path, body).await
    }

    async fn create(&self, body: &Value) -> Reply {
        self.admin(Method::POST, COLLECTION, Some(body)).await
    }

    async fn get(&self, name: &str) -> Reply {
        self.admin(Method::GET, &Site::doc_path(name), None).await
    }

    async fn put(&self, name: &str, body: &Value) -> Reply {
        self.admin(Method::PUT, &Site::doc_path(name), Some(body)).await
    }

    async fn delete(&self, name: &str) -> Reply {
        self.admin(Method::DELETE, &Site::doc_path(name), None).await
    }

    async fn list(&self, query: &str) -> Reply {
        self.admin(Method::GET, &format!("{COLLECTION}{query}"), None).await
    }

    async fn get_password(&self, credentials: &ApiCredentials, name: &str) -> Reply {
        let path = format!(
            "/api/method/frappe.client.get_password?doctype=Social%20Login%20Key&name={name}&fieldname=client_secret"
        );
        self.as_user(credentials, Method::GET, &path, None).await
    }
}

/// The smallest body the controller accepts.
fn key(provider_name: &str) -> Value {
    json!({
        "provider_name": provider_name,
        "authorize_url": "https://idp.example.com/authorize",
        "access_token_url": "https://idp.example.com/token",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.custom/x",
    })
}

fn with(mut body: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// `_server_messages` is a JSON string of a list of JSON strings: decode twice.
fn server_messages(body: &Value) -> Vec<Value> {
    let outer: Vec<String> = serde_json::from_str(body["_server_messages"].as_str().unwrap()).unwrap();
    outer.iter().map(|inner| serde_json::from_str(inner).unwrap()).collect()
}

fn first_message(body: &Value) -> String {
    server_messages(body)[0]["message"].as_str().unwrap().to_string()
}

fn keys(value: &Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn create_read_update_delete_round_trip() {
    let site = Site::start().await;
    let created = site.create(&key("Authentik")).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.content_type, "application/json");
    assert_eq!(created.body["data"]["name"], "authentik");
    assert_eq!(created.body["data"]["doctype"], "Social Login Key");

    let read = site.get("authentik").await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["data"]["provider_name"], "Authentik");

    let updated = site.put("authentik", &json!({"client_id": "abc"})).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.body["data"]["client_id"], "abc");

    let deleted = site.delete("authentik").await;
    assert_eq!(deleted.status, 202);
    assert_eq!(deleted.text, r#"{"data":"ok"}"#);
    let again = site.delete("authentik").await;
    assert_eq!(again.status, 404);
    assert_eq!(again.text, r#"{"exc_type":"DoesNotExistError"}"#);
    assert!(site.emulator.documents().is_empty());
}

#[tokio::test]
async fn created_document_has_the_shape_v15_answers() {
    let site = Site::start().await;
    let created = site
        .create(&with(
            key("authentik"),
            json!({
                "client_id": "cid",
                "client_secret": "s3cret",
                "base_url": "https://idp.example.com",
                "api_endpoint": "userinfo",
                "auth_url_data": "{\"scope\": \"openid\"}",
            }),
        ))
        .await;
    let data = &created.body["data"];
    assert_eq!(
        keys(data),
        [
            "name",
            "owner",
            "creation",
            "modified",
            "modified_by",
            "docstatus",
            "idx",
            "enable_social_login",
            "social_login_provider",
            "client_id",
            "provider_name",
            "client_secret",
            "base_url",
            "sign_ups",
            "authorize_url",
            "access_token_url",
            "redirect_url",
            "api_endpoint",
            "custom_base_url",
            "auth_url_data",
            "doctype",
        ]
        .map(String::from)
        .to_vec(),
        "nulls (icon, api_endpoint_args, user_id_property) are omitted: {data}"
    );
    assert_eq!(data["owner"], "Administrator");
    assert_eq!(data["modified_by"], "Administrator");
    assert_eq!(data["docstatus"], 0);
    assert_eq!(data["idx"], 0);
    assert_eq!(data["creation"], data["modified"]);
}

#[tokio::test]
async fn defaults_on_create() {
    let site = Site::start().await;
    let created = site.create(&key("Defaults")).await;
    let data = &created.body["data"];
    assert_eq!(data["enable_social_login"], 0);
    assert_eq!(data["custom_base_url"], 0);
    assert_eq!(data["social_login_provider"], "Custom");
    assert_eq!(data["sign_ups"], "");
    assert!(data.get("client_secret").is_none(), "no secret → key absent");
    // null is treated like a missing key.
    let created = site
        .create(&with(
            key("Nulls"),
            json!({"social_login_provider": null, "enable_social_login": null}),
        ))
        .await;
    assert_eq!(created.body["data"]["social_login_provider"], "Custom");
    assert_eq!(created.body["data"]["enable_social_login"], 0);
}

#[tokio::test]
async fn timestamps_have_frappe_format() {
    let site = Site::start().await;
    let created = site.create(&key("Stamp")).await;
    let modified = created.body["data"]["modified"].as_str().unwrap().to_string();
    // "YYYY-MM-DD HH:MM:SS.ffffff", no zone.
    assert_eq!(modified.len(), 26, "{modified}");
    assert_eq!(&modified[10..11], " ");
    assert_eq!(&modified[19..20], ".");
    assert!(modified[20..].chars().all(|c| c.is_ascii_digit()));
}

#[tokio::test]
async fn name_is_scrubbed_provider_name_and_collisions_are_case_insensitive() {
    let site = Site::start().await;
    assert_eq!(site.create(&key("My-IdP SSO")).await.body["data"]["name"], "my_idp_sso");
    assert_eq!(site.create(&key("a.b")).await.body["data"]["name"], "a.b");
    assert_eq!(site.create(&key("authentik")).await.status, 200);
    let duplicate = site.create(&key("Authentik")).await;
    assert_eq!(duplicate.status, 409);
    assert_eq!(duplicate.body["exc_type"], "DuplicateEntryError");
    let messages = server_messages(&duplicate.body);
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0]["message"],
        "Social Login Key <strong>authentik</strong> already exists"
    );
    assert_eq!(messages[0]["title"], "Duplicate Name");
    assert_eq!(messages[0]["indicator"], "red");
    assert!(messages[0].get("raise_exception").is_none());
    assert!(messages[0].get("__frappe_exc_id").is_none());
    // The original is untouched.
    assert_eq!(site.get("authentik").await.body["data"]["provider_name"], "authentik");
}

#[tokio::test]
async fn post_ignores_a_name_in_the_body() {
    let site = Site::start().await;
    let created = site.create(&with(key("GitHub"), json!({"name": "custom-name"}))).await;
    assert_eq!(created.body["data"]["name"], "github");
}

#[tokio::test]
async fn missing_provider_name_is_a_mandatory_error_with_a_hash_name() {
    let site = Site::start().await;
    let mut body = key("x");
    body.as_object_mut().unwrap().remove("provider_name");
    let reply = site.create(&body).await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "MandatoryError");
    let messages = server_messages(&reply.body);
    assert_eq!(
        messages[0]["message"],
        "Error: Value missing for Social Login Key: Provider Name"
    );
    assert_eq!(messages[0]["title"], "Message");
    assert!(messages[0].get("raise_exception").is_none(), "a plain msgprint");
    let exception = reply.body["exception"].as_str().unwrap();
    let prefix = "frappe.exceptions.MandatoryError: [Social Login Key, ";
    assert!(exception.starts_with(prefix), "{exception}");
    let hash = exception[prefix.len()..].strip_suffix("]: provider_name").unwrap();
    assert_eq!(hash.len(), 10);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    // Whitespace-only and markup-only values are missing too.
    assert_eq!(site.create(&key("   ")).await.body["exc_type"], "MandatoryError");
}

#[tokio::test]
async fn controller_checks_run_in_order_with_their_messages() {
    let site = Site::start().await;
    let cases = [
        (
            json!({"provider_name": "p", "custom_base_url": 1, "authorize_url": "a"}),
            "BaseUrlNotSetError",
            "Please enter Base URL",
        ),
        (
            json!({"provider_name": "p"}),
            "AuthorizeUrlNotSetError",
            "Please enter Authorize URL",
        ),
        (
            json!({"provider_name": "p", "authorize_url": "a"}),
            "AccessTokenUrlNotSetError",
            "Please enter Access Token URL",
        ),
        (
            json!({"provider_name": "p", "authorize_url": "a", "access_token_url": "t"}),
            "RedirectUrlNotSetError",
            "Please enter Redirect URL",
        ),
        (
            with(key("p"), json!({"enable_social_login": 1})),
            "ClientIDNotSetError",
            "Please enter Client ID before social login is enabled",
        ),
        (
            with(key("p"), json!({"enable_social_login": 1, "client_id": "c"})),
            "ClientSecretNotSetError",
            "Please enter Client Secret before social login is enabled",
        ),
    ];
    for (body, exc_type, message) in cases {
        let reply = site.create(&body).await;
        assert_eq!(reply.status, 417, "{body}");
        assert_eq!(reply.body["exc_type"], exc_type);
        assert_eq!(
            reply.body["exception"],
            format!("frappe.integrations.doctype.social_login_key.social_login_key.{exc_type}: {message}")
        );
        let messages = server_messages(&reply.body);
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0]["message"], message);
        assert_eq!(messages[0]["title"], "Message");
        assert_eq!(messages[0]["indicator"], "red");
        assert_eq!(messages[0]["raise_exception"], 1);
        assert!(messages[0]["__frappe_exc_id"].is_string());
    }
    assert!(site.emulator.documents().is_empty());
}

#[tokio::test]
async fn controller_runs_before_mandatory_and_duplicate_checks() {
    let site = Site::start().await;
    assert_eq!(site.create(&key("authentik")).await.status, 200);
    let duplicate_without_url = json!({"provider_name": "Authentik"});
    let reply = site.create(&duplicate_without_url).await;
    assert_eq!(reply.status, 417, "validation wins over 409");
    assert_eq!(reply.body["exc_type"], "AuthorizeUrlNotSetError");
    let reply = site.create(&json!({"authorize_url": "a"})).await;
    assert_eq!(reply.body["exc_type"], "AccessTokenUrlNotSetError", "before mandatory");
}

#[tokio::test]
async fn check_fields_are_coerced_but_the_controller_sees_raw_truthiness() {
    let site = Site::start().await;
    for (index, (sent, stored)) in [
        (json!(true), 1),
        (json!("1"), 1),
        (json!(1), 1),
        (json!("true"), 0),
        (json!("yes"), 0),
        (json!(false), 0),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("check{index}");
        let body = with(key(&name), json!({"custom_base_url": sent, "base_url": "https://b"}));
        let reply = site.create(&body).await;
        assert_eq!(reply.status, 200, "{sent}: {}", reply.text);
        assert_eq!(reply.body["data"]["custom_base_url"], stored, "{sent}");
    }
    // "0" is stored as 0 but is truthy to the controller: checks 6/7 fire.
    let reply = site
        .create(&with(key("zero"), json!({"enable_social_login": "0"})))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "ClientIDNotSetError");
    let reply = site
        .create(&with(
            key("zero"),
            json!({"enable_social_login": "0", "client_id": "c", "client_secret": "s"}),
        ))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["enable_social_login"], 0);
}

#[tokio::test]
async fn select_options_trimming_and_message() {
    let site = Site::start().await;
    let reply = site
        .create(&with(key("k"), json!({"social_login_provider": " Keycloak "})))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["data"]["social_login_provider"], "Keycloak");

    let reply = site
        .create(&with(key("bad"), json!({"social_login_provider": "X"})))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "ValidationError");
    assert_eq!(
        first_message(&reply.body),
        r#" Social Login Provider cannot be "X". It should be one of "Custom", "Facebook", "Frappe", "GitHub", "Google", "Office 365", "Salesforce", "fairlogin", "Keycloak""#
    );

    let reply = site.create(&with(key("allow"), json!({"sign_ups": " Allow "}))).await;
    assert_eq!(reply.body["data"]["sign_ups"], "Allow");
    let reply = site.create(&with(key("bad"), json!({"sign_ups": "Maybe"}))).await;
    assert_eq!(reply.status, 417);
    assert_eq!(
        first_message(&reply.body),
        r#" Sign ups cannot be "Maybe". It should be one of "", "Allow", "Deny""#
    );
}

#[tokio::test]
async fn data_fields_are_limited_to_140_characters() {
    let site = Site::start().await;
    let ok = "https://idp.example.com/".to_string() + &"a".repeat(140 - 24);
    assert_eq!(ok.chars().count(), 140);
    let reply = site.create(&with(key("len"), json!({"authorize_url": ok}))).await;
    assert_eq!(reply.status, 200, "{}", reply.text);

    let long = format!("{ok}b");
    let reply = site.create(&with(key("long"), json!({"authorize_url": long}))).await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "CharacterLengthExceededError");
    let messages = server_messages(&reply.body);
    assert_eq!(
        messages[0]["message"],
        format!("Social Login Key long: '<strong>Authorize URL</strong>' ({long}) will get truncated, as max characters allowed is 140")
    );
    assert_eq!(messages[0]["title"], "Value too big");
    // Code fields are longtext and stored verbatim, even invalid JSON.
    let json_ish = "{not json".repeat(40);
    let reply = site
        .create(&with(key("code"), json!({"auth_url_data": json_ish})))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["auth_url_data"], json_ish);
}

#[tokio::test]
async fn presets_are_not_applied_and_the_icon_is_forced() {
    let site = Site::start().await;
    let preset_only = json!({
        "provider_name": "GitHub",
        "social_login_provider": "GitHub",
        "client_id": "id",
        "client_secret": "secret",
    });
    let reply = site.create(&preset_only).await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Please enter Authorize URL");

    let reply = site
        .create(&with(
            key("GitHub"),
            json!({"social_login_provider": "GitHub", "icon": "fa fa-github"}),
        ))
        .await;
    assert_eq!(reply.body["data"]["icon"], "/assets/frappe/icons/social/github.svg");
    // Rewritten again on every save.
    let reply = site.put("github", &json!({"icon": "mine.svg"})).await;
    assert_eq!(reply.body["data"]["icon"], "/assets/frappe/icons/social/github.svg");
    // Exact, case-sensitive provider_name match; other names keep their icon.
    let reply = site
        .create(&with(key("github-enterprise"), json!({"icon": "mine.svg"})))
        .await;
    assert_eq!(reply.body["data"]["icon"], "mine.svg");
    let reply = site.create(&with(key("Keycloak"), json!({}))).await;
    assert!(reply.body["data"].get("icon").is_none());
}

#[tokio::test]
async fn client_secret_is_masked_everywhere_and_readable_via_get_password() {
    let site = Site::start().await;
    let body = with(key("authentik"), json!({"client_secret": "twelve-chars"}));
    let created = site.create(&body).await;
    assert_eq!(created.body["data"]["client_secret"], "************");
    assert_eq!(
        site.get("authentik").await.body["data"]["client_secret"],
        "************"
    );
    let list = site.list("?fields=[\"*\"]").await;
    assert_eq!(list.body["data"][0]["client_secret"], "************");
    let secret = site.get_password(&site.admin, "authentik").await;
    assert_eq!(secret.status, 200);
    assert_eq!(secret.body, json!({"message": "twelve-chars"}));
    assert_eq!(
        site.emulator.stored_secret("AUTHENTIK").as_deref(),
        Some("twelve-chars")
    );
    // POST works for the method too, with a JSON body.
    let reply = site
        .admin(
            Method::POST,
            "/api/method/frappe.client.get_password",
            Some(&json!({"doctype": "Social Login Key", "name": "authentik", "fieldname": "client_secret"})),
        )
        .await;
    assert_eq!(reply.body, json!({"message": "twelve-chars"}));
}

#[tokio::test]
async fn password_rules_on_update() {
    let site = Site::start().await;
    let body = with(
        key("p"),
        json!({"enable_social_login": 1, "client_id": "c", "client_secret": "first-secret"}),
    );
    assert_eq!(site.create(&body).await.status, 200);

    // Echoing the mask keeps the secret.
    let reply = site.put("p", &json!({"client_secret": "************"})).await;
    assert_eq!(reply.status, 200);
    assert_eq!(site.emulator.stored_secret("p").as_deref(), Some("first-secret"));
    // Omitting it keeps it too (the stored asterisks satisfy the controller).
    assert_eq!(site.put("p", &json!({"client_id": "c2"})).await.status, 200);
    assert_eq!(site.emulator.stored_secret("p").as_deref(), Some("first-secret"));
    // A shorter mask changes only the column.
    let reply = site.put("p", &json!({"client_secret": "***"})).await;
    assert_eq!(reply.body["data"]["client_secret"], "***");
    assert_eq!(site.get("p").await.body["data"]["client_secret"], "***");
    assert_eq!(site.emulator.stored_secret("p").as_deref(), Some("first-secret"));
    // A new value replaces it.
    let reply = site.put("p", &json!({"client_secret": "new"})).await;
    assert_eq!(reply.body["data"]["client_secret"], "***");
    assert_eq!(site.get_password(&site.admin, "p").await.body["message"], "new");
    // "" while enabled is refused.
    let reply = site.put("p", &json!({"client_secret": ""})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "ClientSecretNotSetError");
    assert_eq!(site.emulator.stored_secret("p").as_deref(), Some("new"));
    // "" while disabled removes it; get_password then answers 401.
    let reply = site
        .put("p", &json!({"client_secret": "", "enable_social_login": 0}))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["client_secret"], "");
    assert_eq!(site.emulator.stored_secret("p"), None);
    let reply = site.get_password(&site.admin, "p").await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body["exc_type"], "AuthenticationError");
    assert_eq!(
        first_message(&reply.body),
        "Password not found for Social Login Key p client_secret"
    );
    // A dummy secret on create stores no secret.
    let created = site.create(&with(key("dummy"), json!({"client_secret": "***"}))).await;
    assert_eq!(created.body["data"]["client_secret"], "***");
    assert_eq!(site.get_password(&site.admin, "dummy").await.status, 401);
}

#[tokio::test]
async fn put_is_partial_null_clears_and_empty_string_is_kept() {
    let site = Site::start().await;
    let body = with(
        key("p"),
        json!({"api_endpoint": "user", "client_id": "c", "base_url": "https://b"}),
    );
    site.create(&body).await;
    let reply = site.put("p", &json!({"api_endpoint": null, "base_url": ""})).await;
    assert_eq!(reply.status, 200);
    let data = &reply.body["data"];
    assert!(data.get("api_endpoint").is_none(), "null disappears: {data}");
    assert_eq!(data["base_url"], "");
    assert_eq!(data["client_id"], "c", "keys not sent keep their values");
    assert_eq!(data["authorize_url"], "https://idp.example.com/authorize");
    let list = site.list("?fields=[\"name\",\"api_endpoint\",\"base_url\"]").await;
    assert_eq!(
        list.body["data"],
        json!([{"name": "p", "api_endpoint": null, "base_url": ""}])
    );
}

#[tokio::test]
async fn set_only_once_fields_cannot_change() {
    let site = Site::start().await;
    site.create(&with(key("GitHub"), json!({"social_login_provider": "GitHub"})))
        .await;
    let reply = site.put("github", &json!({"provider_name": "GitHub2"})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "CannotChangeConstantError");
    assert_eq!(
        first_message(&reply.body),
        "Value cannot be changed for <strong>Provider Name</strong>"
    );
    let reply = site.put("github", &json!({"social_login_provider": "Custom"})).await;
    assert_eq!(
        first_message(&reply.body),
        "Value cannot be changed for <strong>Social Login Provider</strong>"
    );
    // Sending the same values is fine.
    let reply = site
        .put(
            "github",
            &json!({"provider_name": "GitHub", "social_login_provider": " GitHub "}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn modified_is_bumped_and_stale_modified_is_refused() {
    let site = Site::start().await;
    let created = site.create(&key("p")).await;
    let first = created.body["data"]["modified"].as_str().unwrap().to_string();
    let second = site.put("p", &json!({})).await;
    assert_eq!(second.status, 200);
    let second_modified = second.body["data"]["modified"].as_str().unwrap().to_string();
    assert!(second_modified > first, "a save without changes still bumps modified");
    assert_eq!(second.body["data"]["creation"], created.body["data"]["creation"]);

    // Echoing the current value passes; an old one is refused.
    let ok = site
        .put("p", &json!({"modified": second_modified, "client_id": "x"}))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let stale = site.put("p", &json!({"modified": first, "client_id": "y"})).await;
    assert_eq!(stale.status, 417);
    assert_eq!(stale.body["exc_type"], "TimestampMismatchError");
    let message = first_message(&stale.body);
    let current = ok.body["data"]["modified"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "Error: Document has been modified after you have opened it ({current}, "
        )),
        "{message}"
    );
    assert!(message.ends_with("). Please refresh to get the latest document."));
    assert_eq!(site.get("p").await.body["data"]["client_id"], "x");
}

#[tokio::test]
async fn failed_put_leaves_no_partial_write() {
    let site = Site::start().await;
    site.create(&with(
        key("p"),
        json!({"client_id": "before", "client_secret": "keep-me"}),
    ))
    .await;
    let before = site.emulator.document("p").unwrap();
    // Every field below is valid except the last check (set_only_once), which runs after
    // the password step in Frappe.
    let reply = site
        .put(
            "p",
            &json!({"client_id": "after", "client_secret": "changed", "provider_name": "other"}),
        )
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(site.emulator.document("p").unwrap(), before);
    assert_eq!(site.emulator.stored_secret("p").as_deref(), Some("keep-me"));
}

#[tokio::test]
async fn missing_documents_answer_404_with_frappes_bodies() {
    let site = Site::start().await;
    let reply = site.get("nope").await;
    assert_eq!(reply.status, 404);
    assert_eq!(keys(&reply.body), ["exc_type", "_server_messages"]);
    assert_eq!(reply.body["exc_type"], "DoesNotExistError");
    assert_eq!(first_message(&reply.body), "Social Login Key nope not found");
    let reply = site.put("nope", &json!({"client_id": "x"})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(first_message(&reply.body), "Social Login Key nope not found");
    let reply = site.delete("nope").await;
    assert_eq!(reply.text, r#"{"exc_type":"DoesNotExistError"}"#);
    let reply = site.get_password(&site.admin, "nope").await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn name_lookups_are_case_insensitive() {
    let site = Site::start().await;
    site.create(&key("authentik")).await;
    let reply = site.get("AuthentiK").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["name"], "authentik");
    assert_eq!(site.put("AUTHENTIK", &json!({"client_id": "c"})).await.status, 200);
    assert_eq!(site.emulator.document("Authentik").unwrap()["client_id"], "c");
    assert_eq!(site.delete("AuthentiK").await.status, 202);
}

#[tokio::test]
async fn a_name_in_a_put_body_is_not_a_rename() {
    let site = Site::start().await;
    site.create(&key("authentik")).await;
    let reply = site.put("authentik", &json!({"name": "renamed"})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(first_message(&reply.body), "Social Login Key renamed not found");
    assert!(site.emulator.document("authentik").is_some());
    assert!(site.emulator.document("renamed").is_none());
}

#[tokio::test]
async fn authentication_matrix() {
    let site = Site::start().await;
    site.create(&key("p")).await;
    let doc = Site::doc_path("p");
    let wrong_secret = format!("token {}:nope", site.admin.api_key);
    // Notes 3.1 and 3.3: 401 with `exc_type`, `exception` and `exc` while tracebacks are
    // allowed, whoever the caller is.
    for auth in [
        wrong_secret.as_str(),
        "token unknown:secret",
        "token no-colon",
        "Bearer whatever",
        "Foo a:b",
    ] {
        let reply = site.request(Method::GET, &doc, Some(auth), None, &[]).await;
        assert_eq!(reply.status, 401, "{auth}");
        assert_eq!(keys(&reply.body), ["exception", "exc_type", "exc"], "{auth}");
        assert_eq!(reply.body["exc_type"], "AuthenticationError");
        assert_eq!(reply.body["exception"], "frappe.exceptions.AuthenticationError");
    }
    let guest = site.request(Method::GET, &doc, None, None, &[]).await;
    assert_eq!(guest.status, 403);
    assert_eq!(guest.body["exc_type"], "PermissionError");
    assert_eq!(guest.body["exception"], "frappe.exceptions.PermissionError");
    assert_eq!(
        first_message(&guest.body),
        "User <strong>Guest</strong> does not have doctype access via role permission for document <strong>Social Login Key</strong>"
    );
    // A header of three words is ignored: the request runs as Guest.
    let three = site.request(Method::GET, &doc, Some("token a b"), None, &[]).await;
    assert_eq!(three.status, 403);

    let basic = format!(
        "Basic {}",
        base64_encode(&format!("{}:{}", site.admin.api_key, site.admin.api_secret))
    );
    assert_eq!(
        site.request(Method::GET, &doc, Some(&basic), None, &[]).await.status,
        200
    );
    // "YWJjZA" needs padding: binascii.Error. ("YWJj=" decodes fine to "abc" → 401.)
    let lenient = site.request(Method::GET, &doc, Some("Basic YWJj="), None, &[]).await;
    assert_eq!(lenient.status, 401);
    let bad_base64 = site.request(Method::GET, &doc, Some("Basic YWJjZA"), None, &[]).await;
    assert_eq!(bad_base64.status, 400);
    assert_eq!(bad_base64.body["exc_type"], "InvalidAuthorizationToken");
    assert_eq!(
        first_message(&bad_base64.body),
        "Failed to decode token, please provide a valid base64-encoded token."
    );

    let logged = site
        .admin(Method::GET, "/api/method/frappe.auth.get_logged_user", None)
        .await;
    assert_eq!(logged.body, json!({"message": "Administrator"}));
}

#[tokio::test]
async fn users_without_system_manager_are_refused_everywhere() {
    let site = Site::start().await;
    site.create(&with(key("p"), json!({"client_secret": "s"}))).await;
    let blogger = site.emulator.add_user("blogger@example.com", &["Blogger"]);
    let doctype_sentence = "User <strong>blogger@example.com</strong> does not have doctype access via role permission for document <strong>Social Login Key</strong>";
    let both = format!(
        "{doctype_sentence}<br>User <strong>blogger@example.com</strong> does not have access to this document"
    );
    // Notes, section 3.2 (v15): list, create, read, update, delete, each with its own body.
    let list = site.as_user(&blogger, Method::GET, COLLECTION, None).await;
    assert_eq!(list.status, 403);
    assert_eq!(
        keys(&list.body),
        ["exception", "exc_type", "exc", "_server_messages", "_error_message"]
    );
    assert_eq!(list.body["exception"], "frappe.exceptions.PermissionError");
    assert_eq!(first_message(&list.body), doctype_sentence);
    assert_eq!(list.body["_error_message"], "No permission for Social Login Key");

    let create = site.as_user(&blogger, Method::POST, COLLECTION, Some(&key("q"))).await;
    assert_eq!(create.status, 403);
    assert_eq!(first_message(&create.body), both);
    assert_eq!(
        create.body["_error_message"],
        "You need the 'create' permission on <strong>Social Login Key</strong>  to perform this action."
    );

    let read = site.as_user(&blogger, Method::GET, &Site::doc_path("p"), None).await;
    assert_eq!(read.status, 403);
    assert_eq!(keys(&read.body), ["exception", "exc_type", "exc", "_server_messages"]);
    assert_eq!(first_message(&read.body), both);

    let update = site
        .as_user(
            &blogger,
            Method::PUT,
            &Site::doc_path("p"),
            Some(&json!({"client_id": "x"})),
        )
        .await;
    assert_eq!(update.status, 403);
    assert_eq!(
        update.body["_error_message"],
        "You need the 'write' permission on <strong>Social Login Key</strong> p to perform this action."
    );

    let delete = site.as_user(&blogger, Method::DELETE, &Site::doc_path("p"), None).await;
    assert_eq!(delete.status, 403);
    assert_eq!(keys(&delete.body), ["exception", "exc_type", "exc", "_server_messages"]);
    let messages = server_messages(&delete.body);
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["message"], both);
    assert_eq!(messages[1]["message"], "User not allowed to delete Social Login Key: p");
    assert_eq!(
        delete.body["exception"],
        "frappe.exceptions.PermissionError: User not allowed to delete Social Login Key: p"
    );

    // Missing documents are 404 for them too: the 403 conversion of section 5.1 is not in
    // the reference versions (notes, section 1).
    for (method, body) in [(Method::GET, None), (Method::PUT, Some(json!({})))] {
        let reply = site
            .as_user(&blogger, method.clone(), &Site::doc_path("missing"), body.as_ref())
            .await;
        assert_eq!(reply.status, 404, "{method}");
        assert_eq!(first_message(&reply.body), "Social Login Key missing not found");
    }
    let reply = site
        .as_user(&blogger, Method::DELETE, &Site::doc_path("missing"), None)
        .await;
    assert_eq!(
        (reply.status, reply.text.as_str()),
        (404, r#"{"exc_type":"DoesNotExistError"}"#)
    );

    // get_password is System Manager only.
    let reply = site.get_password(&blogger, "p").await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body["exc_type"], "PermissionError");
    let logged = site
        .as_user(&blogger, Method::GET, "/api/method/frappe.auth.get_logged_user", None)
        .await;
    assert_eq!(logged.body["message"], "blogger@example.com");
    assert_eq!(site.emulator.document("p").unwrap()["client_id"], Value::Null);
    // A System Manager who is not Administrator may do everything.
    let manager = site.emulator.add_user("sm@example.com", &["System Manager"]);
    let reply = site
        .as_user(
            &manager,
            Method::PUT,
            &Site::doc_path("p"),
            Some(&json!({"client_id": "x"})),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["modified_by"], "sm@example.com");
    assert_eq!(site.get_password(&manager, "p").await.body["message"], "s");
}

#[tokio::test]
async fn permission_bodies_per_version() {
    // Notes, section 3.2: v14 logs only the document sentence and words `_error_message`
    // differently; develop sets `_error_message` on reads and deletes too.
    let v14 = Site::start_with(EmulatorConfig {
        version: FrappeVersion::V14,
        ..EmulatorConfig::default()
    })
    .await;
    v14.create(&key("p")).await;
    let user = v14.emulator.add_user("u@example.com", &["Blogger"]);
    let doc_sentence = "User <strong>u@example.com</strong> does not have access to this document";
    let read = v14.as_user(&user, Method::GET, &Site::doc_path("p"), None).await;
    assert_eq!(keys(&read.body), ["exception", "exc", "_server_messages"]);
    assert_eq!(first_message(&read.body), doc_sentence);
    let update = v14
        .as_user(
            &user,
            Method::PUT,
            &Site::doc_path("p"),
            Some(&json!({"client_id": "x"})),
        )
        .await;
    assert_eq!(
        keys(&update.body),
        ["exception", "exc", "_server_messages", "_error_message"]
    );
    assert_eq!(
        update.body["_error_message"],
        "Insufficient Permission for Social Login Key (<strong>write</strong>)"
    );
    let delete = v14.as_user(&user, Method::DELETE, &Site::doc_path("p"), None).await;
    assert_eq!(keys(&delete.body), ["exc_type", "exception", "exc", "_server_messages"]);
    assert_eq!(server_messages(&delete.body).len(), 2);
    let list = v14.as_user(&user, Method::GET, COLLECTION, None).await;
    assert_eq!(list.body["_error_message"], "No permission for Social Login Key");

    let develop = Site::start_with(EmulatorConfig {
        version: FrappeVersion::Develop,
        ..EmulatorConfig::default()
    })
    .await;
    develop.create(&key("p")).await;
    let user = develop.emulator.add_user("u@example.com", &["Blogger"]);
    let read = develop.as_user(&user, Method::GET, &Site::doc_path("p"), None).await;
    assert_eq!(
        read.body["_error_message"],
        "You need the 'read' permission on <strong>Social Login Key</strong> p to perform this action."
    );
    let delete = develop.as_user(&user, Method::DELETE, &Site::doc_path("p"), None).await;
    assert_eq!(server_messages(&delete.body).len(), 1);
    assert_eq!(delete.body["exception"], "frappe.exceptions.PermissionError");
    assert_eq!(
        delete.body["_error_message"],
        "You need the 'delete' permission on <strong>Social Login Key</strong> p to perform this action."
    );
}

#[tokio::test]
async fn guest_cannot_call_whitelisted_methods() {
    let site = Site::start().await;
    let reply = site
        .request(Method::GET, "/api/method/frappe.auth.get_logged_user", None, None, &[])
        .await;
    assert_eq!(reply.status, 403);
    assert_eq!(
        first_message(&reply.body),
        "<details><summary>You are not permitted to access this resource.</summary>Function <strong>frappe.auth.get_logged_user</strong> is not whitelisted.</details>"
    );
}

#[tokio::test]
async fn error_bodies_show_tracebacks_to_every_caller_while_allowed() {
    let site = Site::start().await;
    let reply = site.create(&json!({"provider_name": "p"})).await;
    assert_eq!(keys(&reply.body), ["exception", "exc_type", "exc", "_server_messages"]);
    let frames: Vec<String> = serde_json::from_str(reply.body["exc"].as_str().unwrap()).unwrap();
    assert!(frames[0].starts_with("Traceback (most recent call last):"));
    assert!(frames[0]
        .trim_end()
        .ends_with(reply.body["exception"].as_str().unwrap()));

    // Notes, section 3.2: the reference sites do not limit tracebacks to System Users.
    let website_user = site.emulator.add_user("web@example.com", &[]);
    let reply = site.as_user(&website_user, Method::GET, COLLECTION, None).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.body["exception"], "frappe.exceptions.PermissionError");

    let quiet = Site::start_with(EmulatorConfig {
        tracebacks: false,
        ..EmulatorConfig::default()
    })
    .await;
    let reply = quiet.create(&json!({"provider_name": "p"})).await;
    assert_eq!(keys(&reply.body), ["exc_type", "_server_messages"]);
    let reply = quiet
        .request(Method::GET, COLLECTION, Some("token nobody:x"), None, &[])
        .await;
    assert_eq!(reply.text, r#"{"exc_type":"AuthenticationError"}"#);
    let reply = quiet.request(Method::GET, COLLECTION, None, None, &[]).await;
    assert_eq!(keys(&reply.body), ["exc_type", "_server_messages", "_error_message"]);

    let quiet14 = Site::start_with(EmulatorConfig {
        tracebacks: false,
        version: FrappeVersion::V14,
        ..EmulatorConfig::default()
    })
    .await;
    let reply = quiet14
        .request(Method::GET, COLLECTION, Some("token nobody:x"), None, &[])
        .await;
    assert_eq!((reply.status, reply.text.as_str()), (401, "{}"));
    let mut no_provider_name = key("p");
    no_provider_name.as_object_mut().unwrap().remove("provider_name");
    let reply = quiet14.create(&no_provider_name).await;
    assert_eq!(reply.status, 417);
    assert_eq!(keys(&reply.body), ["_server_messages"]);
}

#[tokio::test]
async fn text_accept_header_gets_an_html_error_page() {
    let site = Site::start().await;
    let reply = site
        .request(
            Method::GET,
            &Site::doc_path("nope"),
            Some(&site.admin.authorization()),
            None,
            &[("Accept", "text/html")],
        )
        .await;
    assert_eq!(reply.status, 404);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.text.contains("Not Found"));
    let reply = site
        .request(
            Method::POST,
            COLLECTION,
            Some(&site.admin.authorization()),
            Some(&json!({})),
            &[("Accept", "text/plain")],
        )
        .await;
    assert_eq!(reply.status, 417);
    assert!(reply.content_type.starts_with("text/html"));
    // Accepting JSON as well keeps JSON.
    let reply = site
        .request(
            Method::GET,
            &Site::doc_path("nope"),
            Some(&site.admin.authorization()),
            None,
            &[("Accept", "text/html, application/json")],
        )
        .await;
    assert_eq!(reply.body["exc_type"], "DoesNotExistError");
}

#[tokio::test]
async fn routing_prefixes_slashes_and_methods() {
    let site = Site::start().await;
    site.create(&key("p")).await;
    let auth = site.admin.authorization();
    for path in [
        "/api/resource/Social%20Login%20Key/p",
        "/api/resource/Social%20Login%20Key/p/",
        "/api/v1/resource/Social%20Login%20Key/p",
    ] {
        let reply = site.request(Method::GET, path, Some(&auth), None, &[]).await;
        assert_eq!(reply.status, 200, "{path}");
    }
    let reply = site
        .request(
            Method::GET,
            "/api/v1/resource/Social%20Login%20Key",
            Some(&auth),
            None,
            &[],
        )
        .await;
    assert_eq!(reply.body["data"], json!([{"name": "p"}]));
    // A collection path with a trailing slash does not match any rule.
    let reply = site
        .request(
            Method::GET,
            "/api/resource/Social%20Login%20Key/",
            Some(&auth),
            None,
            &[],
        )
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text, r#"{"exc_type":"DoesNotExistError"}"#);
    // PATCH answers a bare 404 on v15 (notes, section 1), for existing documents too.
    for name in ["p", "missing"] {
        let reply = site
            .request(
                Method::PATCH,
                &Site::doc_path(name),
                Some(&auth),
                Some(&json!({"client_id": "patched"})),
                &[],
            )
            .await;
        assert_eq!(
            (reply.status, reply.text.as_str()),
            (404, r#"{"exc_type":"DoesNotExistError"}"#)
        );
    }
    assert_eq!(site.emulator.document("p").unwrap().get("client_id"), None);
    // Other methods werkzeug does not route get its 405 page.
    let reply = site
        .request(
            Method::from_bytes(b"PROPFIND").unwrap(),
            &Site::doc_path("p"),
            Some(&auth),
            None,
            &[],
        )
        .await;
    assert_eq!(reply.status, 405);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.text.contains("Method Not Allowed"));
    assert_eq!(reply.allow.as_deref(), Some("DELETE, GET, HEAD, POST, PUT"));
    // Unknown doctypes and routes.
    let reply = site
        .request(Method::GET, "/api/resource/Nope", Some(&auth), None, &[])
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(first_message(&reply.body), "DocType Nope not found");
    let reply = site.request(Method::GET, "/api/nothing", Some(&auth), None, &[]).await;
    assert_eq!(reply.text, r#"{"exc_type":"DoesNotExistError"}"#);
    // Methods of apps the site does not have.
    let reply = site
        .request(Method::GET, "/api/method/erpnext.api.x", Some(&auth), None, &[])
        .await;
    assert_eq!(reply.status, 417);
    let messages = server_messages(&reply.body);
    assert_eq!(messages[0]["message"], "App erpnext is not installed");
    assert_eq!(
        messages[1]["message"],
        "Failed to get method for command erpnext.api.x with App erpnext is not installed"
    );
}

#[tokio::test]
async fn list_defaults_fields_filters_and_paging() {
    let site = Site::start().await;
    for i in 0..25 {
        let enabled = i % 5 == 0;
        let body = with(
            key(&format!("key{i:02}")),
            json!({"enable_social_login": enabled, "client_id": "c", "client_secret": "s"}),
        );
        assert_eq!(site.create(&body).await.status, 200);
    }
    let reply = site.list("").await;
    let data = reply.body["data"].as_array().unwrap();
    assert_eq!(data.len(), 20, "default page size");
    assert_eq!(data[0], json!({"name": "key24"}), "newest modified first, name only");
    assert_eq!(data[19], json!({"name": "key05"}));

    let all = site.list("?limit_page_length=0").await;
    assert_eq!(all.body["data"].as_array().unwrap().len(), 25);
    let limited = site.list("?limit=3&limit_start=1").await;
    assert_eq!(
        limited.body["data"],
        json!([{"name": "key23"}, {"name": "key22"}, {"name": "key21"}])
    );

    let enabled = site
        .list("?filters=%7B%22enable_social_login%22%3A1%7D&fields=%5B%22name%22%2C%22enable_social_login%22%5D&order_by=name%20asc")
        .await;
    assert_eq!(
        enabled.body["data"],
        json!([
            {"name": "key00", "enable_social_login": 1},
            {"name": "key05", "enable_social_login": 1},
            {"name": "key10", "enable_social_login": 1},
            {"name": "key15", "enable_social_login": 1},
            {"name": "key20", "enable_social_login": 1},
        ])
    );
    let like = site
        .list("?filters=%5B%5B%22provider_name%22%2C%22like%22%2C%22%25Y1%25%22%5D%5D&order_by=name%20asc")
        .await;
    assert_eq!(
        like.body["data"],
        json!([{"name": "key10"}, {"name": "key11"}, {"name": "key12"}, {"name": "key13"}, {"name": "key14"}, {"name": "key15"}, {"name": "key16"}, {"name": "key17"}, {"name": "key18"}, {"name": "key19"}])
    );
    let not_equal = site
        .list("?filters=%5B%5B%22name%22%2C%22!%3D%22%2C%22key24%22%5D%5D&limit=1")
        .await;
    assert_eq!(not_equal.body["data"], json!([{"name": "key23"}]));

    let star = site.list("?fields=%5B%22*%22%5D&limit=1").await;
    let row = &star.body["data"][0];
    assert_eq!(row["name"], "key24");
    assert_eq!(row["icon"], Value::Null, "lists include nulls");
    assert!(row.get("doctype").is_none());
    // Bad JSON in fields is a server error, as in Frappe.
    let bad = site.list("?fields=name").await;
    assert_eq!(bad.status, 500);
    assert_eq!(bad.body["exc_type"], "JSONDecodeError");
}

#[tokio::test]
async fn site_name_routing() {
    let site = Site::start_with(EmulatorConfig {
        site_name: Some("erp.example.com".into()),
        ..EmulatorConfig::default()
    })
    .await;
    let auth = site.admin.authorization();
    let path = "/api/method/frappe.auth.get_logged_user";
    let reply = site.request(Method::GET, path, Some(&auth), None, &[]).await;
    assert_eq!(reply.status, 404, "Host 127.0.0.1 is not the site");
    assert!(reply.content_type.starts_with("text/html"));
    assert!(reply.text.contains("Not Found"));
    let reply = site
        .request(
            Method::GET,
            path,
            Some(&auth),
            None,
            &[("X-Frappe-Site-Name", "erp.example.com")],
        )
        .await;
    assert_eq!(reply.status, 200);
    let reply = site
        .request(
            Method::GET,
            path,
            Some(&auth),
            None,
            &[("Host", "erp.example.com:8000")],
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn v14_mode_differences() {
    let site = Site::start_with(EmulatorConfig {
        version: FrappeVersion::V14,
        ..EmulatorConfig::default()
    })
    .await;
    let created = site.create(&with(key("p"), json!({"sign_ups": "Allow"}))).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let data = &created.body["data"];
    assert_eq!(data["icon"], Value::Null, "v14 POST responses include nulls");
    assert!(data.get("sign_ups").is_none(), "no sign_ups field in v14");
    let read = site.get("p").await;
    assert!(read.body["data"].get("icon").is_none(), "GET omits nulls");
    let reply = site
        .create(&with(key("k"), json!({"social_login_provider": "Keycloak"})))
        .await;
    assert_eq!(reply.status, 417, "no Keycloak option in v14");
    // Notes, section 3.3: v14.93.2 refuses a wrong secret and an unknown key alike, with a bare
    // AuthenticationError (no exc_type on v14).
    let wrong_secret = format!("token {}:nope", site.admin.api_key);
    for auth in [wrong_secret.as_str(), "token unknown:x"] {
        let reply = site
            .request(Method::GET, &Site::doc_path("p"), Some(auth), None, &[])
            .await;
        assert_eq!(reply.status, 401, "{auth}");
        assert_eq!(keys(&reply.body), ["exception", "exc"]);
        assert_eq!(reply.body["exception"], "frappe.exceptions.AuthenticationError");
    }
    // PATCH falls through v14's handler: 200 `{}` and nothing changes (notes, section 1).
    let reply = site
        .request(
            Method::PATCH,
            &Site::doc_path("p"),
            Some(&site.admin.authorization()),
            Some(&json!({"client_id": "patched"})),
            &[],
        )
        .await;
    assert_eq!((reply.status, reply.text.as_str()), (200, "{}"));
    assert!(site.emulator.document("p").unwrap().get("client_id").is_none());
    let reply = site
        .request(
            Method::GET,
            "/api/v1/resource/Social%20Login%20Key",
            Some(&site.admin.authorization()),
            None,
            &[],
        )
        .await;
    assert_eq!(reply.status, 404);
    let deleted = site.delete("p").await;
    assert_eq!(deleted.status, 202);
    assert_eq!(deleted.body, json!({"message": "ok"}));
    let missing = site.delete("p").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.text, "{}");
}

#[tokio::test]
async fn desk_edits_are_visible_through_the_api() {
    let site = Site::start().await;
    let inserted = site.emulator.desk_insert(key("desk")).unwrap();
    assert_eq!(inserted["name"], "desk");
    let error = site.emulator.desk_insert(key("Desk")).unwrap_err();
    assert_eq!((error.status, error.exc_type.as_str()), (409, "DuplicateEntryError"));
    let error = site.emulator.desk_insert(json!({"provider_name": "x"})).unwrap_err();
    assert_eq!(error.status, 417);
    assert_eq!(error.message, "Please enter Authorize URL");

    let before = site.get("desk").await.body["data"]["modified"].clone();
    site.emulator
        .desk_update("desk", json!({"client_id": "from-desk"}))
        .unwrap();
    let read = site.get("desk").await;
    assert_eq!(read.body["data"]["client_id"], "from-desk");
    assert_ne!(read.body["data"]["modified"], before);
    // Terraform's stale modified is now refused.
    let stale = site.put("desk", &json!({"modified": before})).await;
    assert_eq!(stale.body["exc_type"], "TimestampMismatchError");

    assert!(site.emulator.desk_delete("DESK"));
    assert!(!site.emulator.desk_delete("desk"));
    assert_eq!(site.get("desk").await.status, 404);
}

#[tokio::test]
async fn requests_are_recorded_and_connections_counted() {
    let site = Site::start().await;
    site.create(&key("p")).await;
    site.get("p").await;
    let requests = site.emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/api/resource/Social Login Key");
    assert_eq!(requests[0].status, 200);
    assert!(matches!(&requests[0].body, RecordedBody::Json(body) if body["provider_name"] == "p"));
    assert_eq!(requests[1].path, "/api/resource/Social Login Key/p");
    assert_eq!(requests[1].body, RecordedBody::Empty);

    // One pooled client reuses its keep-alive connection; raw sockets are counted each.
    let before = site.emulator.connections_accepted();
    for _ in 0..3 {
        site.get("p").await;
    }
    assert!(site.emulator.connections_accepted() <= before + 1);
    let address = site.emulator.url().trim_start_matches("http://").to_string();
    let connections: Vec<_> = (0..3)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while site.emulator.connections_accepted() < before + 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(site.emulator.connections_accepted() >= before + 3);
    drop(connections);
}

#[tokio::test]
async fn request_bodies_are_read_the_way_frappe_reads_them() {
    let site = Site::start().await;
    let auth = site.admin.authorization();
    let send = |method: Method, path: &str, content_type: &str, body: &str| {
        site.http
            .request(method, format!("{}{}", site.emulator.url(), path))
            .header("Authorization", auth.clone())
            .header("Content-Type", content_type.to_string())
            .body(body.to_string())
            .send()
    };
    // Invalid JSON with a JSON content type fails while building the form dict, before
    // authentication (tracebacks go to every caller, Guest included).
    let reply = send(Method::POST, COLLECTION, "application/json", "{bad")
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 500);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(keys(&body), ["exception", "exc_type", "exc"]);
    assert_eq!(body["exc_type"], "JSONDecodeError");
    let reply = send(Method::POST, COLLECTION, "application/json", "5").await.unwrap();
    assert_eq!(reply.status().as_u16(), 417);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(first_message(&body), "Invalid request arguments");
    // A JSON list becomes form_dict["data"]; create_doc then calls list.pop("doctype", None).
    let reply = send(Method::POST, COLLECTION, "application/json", "[1]").await.unwrap();
    assert_eq!(reply.status().as_u16(), 500);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["exc_type"], "TypeError");
    assert_eq!(body["exception"], "TypeError: pop expected at most 1 argument, got 2");
    // v1 parses the raw body as JSON whatever the content type says.
    let json_text = serde_json::to_string(&key("Plain Text")).unwrap();
    let reply = send(Method::POST, COLLECTION, "text/plain", &json_text).await.unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    // With no usable body the form fields are the document.
    let form = "provider_name=Form&authorize_url=a&access_token_url=t&redirect_url=r";
    let reply = send(Method::POST, COLLECTION, "application/x-www-form-urlencoded", form)
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["data"]["name"], "form");
    // A PUT body that is not an object fails after the document was found.
    let reply = send(Method::PUT, &Site::doc_path("form"), "text/plain", "[1]")
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 500);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(
        body["exception"],
        "AttributeError: 'list' object has no attribute 'items'"
    );
}

#[tokio::test]
async fn markup_in_values_is_not_emulated_rather_than_guessed() {
    let site = Site::start().await;
    let reply = site.create(&with(key("p"), json!({"client_id": "<b>x</b>"}))).await;
    assert_eq!(reply.status, 501);
    assert_eq!(reply.body["exc_type"], "NotEmulated");
    assert!(site.emulator.documents().is_empty());
}

#[test]
fn background_emulator_serves_synchronous_callers() {
    let emulator = Emulator::start_in_background(EmulatorConfig {
        admin_api_key: Some("key".into()),
        admin_api_secret: Some("secret".into()),
        ..EmulatorConfig::default()
    })
    .unwrap();
    assert!(emulator.url().starts_with("http://127.0.0.1:"));
    assert!(!emulator.url().ends_with('/'));
    let address = emulator.url().trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /api/method/frappe.auth.get_logged_user HTTP/1.1\r\nHost: localhost\r\nAuthorization: token key:secret\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(r#"{"message":"Administrator"}"#), "{response}");
    assert_eq!(emulator.connections_accepted(), 1);
    emulator.desk_insert(key("sync")).unwrap();
    assert_eq!(emulator.documents().len(), 1);
    drop(emulator);
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "dropping the handle stops the server"
    );
}

fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn the_handle_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Emulator>();
}
