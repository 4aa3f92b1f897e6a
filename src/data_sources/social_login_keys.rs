//! `data "frappe_social_login_keys"`: every key of the site, with its name,
//! provider and whether it is enabled.

use async_trait::async_trait;
use serde_json::Value as Json;

use crate::provider::FrappeSession;
use frappe_client::doctypes::social_login_key::DOCTYPE;
use terraform_plugin::framework::DataSource;
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Nesting, Schema, Value};

pub struct SocialLoginKeyList;

#[async_trait]
impl DataSource<FrappeSession> for SocialLoginKeyList {
    fn type_name(&self) -> &'static str {
        "frappe_social_login_keys"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Lists every Social Login Key of the site, sorted by name.",
                vec![
                    Attribute::string("id")
                        .computed()
                        .description("Always `social_login_keys`."),
                    Attribute::new(
                        "names",
                        terraform_plugin::protocol::Type::list(terraform_plugin::protocol::Type::String),
                    )
                    .computed()
                    .description("The document names of all keys, sorted."),
                    Attribute::nested(
                        "keys",
                        Nesting::List,
                        vec![
                            Attribute::string("name")
                                .computed()
                                .description("The key's document name."),
                            Attribute::string("provider_name")
                                .computed()
                                .description("The name shown on the login button."),
                            Attribute::string("social_login_provider")
                                .computed()
                                .description("`Custom` or the preset the key was made from."),
                            Attribute::bool("enable_social_login")
                                .computed()
                                .description("Whether users can log in with it."),
                        ],
                    )
                    .computed()
                    .description("One entry per key, sorted by name."),
                ],
            ),
        )
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, session: &FrappeSession, _config: &Value) -> (Value, Diagnostics) {
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return (Value::Null, d.into()),
        };
        let rows = match client
            .list_documents(
                DOCTYPE,
                &["name", "provider_name", "social_login_provider", "enable_social_login"],
            )
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                return (
                    Value::Null,
                    crate::provider::diagnostics::frappe_error("listing Social Login Keys", &e).into(),
                )
            }
        };
        let text = |row: &serde_json::Map<String, Json>, k: &str| {
            Value::from(row.get(k).and_then(Json::as_str).map(str::to_owned))
        };
        let mut keys: Vec<(String, Value)> = rows
            .iter()
            .map(|row| {
                let name = row.get("name").and_then(Json::as_str).unwrap_or_default().to_string();
                let enabled = row
                    .get("enable_social_login")
                    .is_some_and(|v| v.as_i64() == Some(1) || v == &Json::Bool(true));
                let entry = Value::object([
                    ("name", Value::from(name.as_str())),
                    ("provider_name", text(row, "provider_name")),
                    ("social_login_provider", text(row, "social_login_provider")),
                    ("enable_social_login", Value::Bool(enabled)),
                ]);
                (name, entry)
            })
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let state = Value::object([
            ("id", Value::from("social_login_keys")),
            (
                "names",
                Value::List(keys.iter().map(|(n, _)| Value::from(n.as_str())).collect()),
            ),
            ("keys", Value::List(keys.into_iter().map(|(_, v)| v).collect())),
        ]);
        (state, Diagnostics::new())
    }
}
