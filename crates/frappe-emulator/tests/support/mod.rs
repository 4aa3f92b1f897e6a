//! A small HTTP client for the emulator tests: one site, requests as Administrator or any
//! user, and the decoders Frappe's answers need.
// Each test file uses a different part of this module.
#![allow(dead_code)]
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

pub mod idp;

use frappe_emulator::{ApiCredentials, Emulator, EmulatorConfig, FrappeVersion};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;

pub struct Site {
    pub emulator: Emulator,
    pub http: reqwest::Client,
    pub admin: ApiCredentials,
}

pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: HeaderMap,
}

impl Reply {
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }
}

/// `/api/resource/<doctype>[/<name>]` with spaces encoded.
pub fn resource(doctype: &str, name: Option<&str>) -> String {
    let encode = |s: &str| s.replace(' ', "%20");
    match name {
        Some(name) => format!("/api/resource/{}/{}", encode(doctype), encode(name)),
        None => format!("/api/resource/{}", encode(doctype)),
    }
}

impl Site {
    pub async fn start() -> Site {
        Site::start_with(EmulatorConfig::default()).await
    }

    pub async fn version(version: FrappeVersion) -> Site {
        Site::start_with(EmulatorConfig {
            version,
            ..EmulatorConfig::default()
        })
        .await
    }

    pub async fn start_with(config: EmulatorConfig) -> Site {
        let emulator = Emulator::start(config).await.unwrap();
        let admin = emulator.admin();
        Site {
            emulator,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            admin,
        }
    }

    pub async fn request(
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
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            text,
            headers,
        }
    }

    pub async fn as_user(&self, user: &ApiCredentials, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.request(method, path, Some(&user.authorization()), body, &[]).await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.as_user(&self.admin, method, path, body).await
    }

    pub async fn create(&self, doctype: &str, body: &Value) -> Reply {
        self.admin(Method::POST, &resource(doctype, None), Some(body)).await
    }

    pub async fn get(&self, doctype: &str, name: &str) -> Reply {
        self.admin(Method::GET, &resource(doctype, Some(name)), None).await
    }

    pub async fn put(&self, doctype: &str, name: &str, body: &Value) -> Reply {
        self.admin(Method::PUT, &resource(doctype, Some(name)), Some(body))
            .await
    }

    pub async fn delete(&self, doctype: &str, name: &str) -> Reply {
        self.admin(Method::DELETE, &resource(doctype, Some(name)), None).await
    }

    /// `frappe.desk.form.load.getdoctype` as Administrator.
    pub async fn getdoctype(&self, doctype: &str) -> Reply {
        let path = format!(
            "/api/method/frappe.desk.form.load.getdoctype?doctype={}",
            doctype.replace(' ', "%20")
        );
        self.admin(Method::GET, &path, None).await
    }

    pub async fn list(&self, doctype: &str, query: &str) -> Reply {
        self.admin(Method::GET, &format!("{}{query}", resource(doctype, None)), None)
            .await
    }

    /// A System Manager besides Administrator, with API credentials.
    pub fn second_system_manager(&self) -> ApiCredentials {
        self.emulator.add_user("sm@example.com", &["System Manager"])
    }
}

/// `_server_messages` is a JSON string of a list of JSON strings: decode twice.
pub fn server_messages(body: &Value) -> Vec<Value> {
    let outer: Vec<String> = serde_json::from_str(body["_server_messages"].as_str().unwrap()).unwrap();
    outer.iter().map(|inner| serde_json::from_str(inner).unwrap()).collect()
}

/// The role names of a User document's `roles` rows, in row order.
pub fn role_names(user: &Value) -> Vec<String> {
    user["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap().to_string())
        .collect()
}

pub fn first_message(body: &Value) -> String {
    server_messages(body)[0]["message"].as_str().unwrap().to_string()
}

pub fn keys(value: &Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

pub fn is_hex(text: &str, length: usize) -> bool {
    text.len() == length && text.chars().all(|c| c.is_ascii_hexdigit())
}
