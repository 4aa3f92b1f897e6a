//! `data "frappe_social_login_keys"`: every key of the site, with its name,
//! provider and whether it is enabled.

use async_trait::async_trait;
use serde_json::Value as Json;

use crate::provider::FrappeSession;
use frappe_client::doctypes::social_login_key::DOCTYPE;
use frappe_client::ListQuery;
use terraform_plugin::framework::{DataSource, Model};
use terraform_plugin::model;
use terraform_plugin::protocol::{Block, Diagnostics, Nesting, Schema, Type, Value};

model! {
    /// One key in the list.
    pub struct KeySummaryModel {
        name: Type::String => .computed().description("The key's document name."),
        provider_name: Type::String => .computed().description("The name shown on the login button."),
        social_login_provider: Type::String => .computed().description(
            "`Custom` or the preset the key was made from.",
        ),
        enable_social_login: Type::Bool => .computed().description("Whether the login button is shown."),
    }
}

model! {
    /// Every key of the site.
    pub struct KeyListModel {
        id: Type::String => .computed().description("Always `social_login_keys`."),
        names: Type::list(Type::String) => .computed().description("The document names of all keys, sorted."),
        keys: Type::Dynamic => .nested_in(Nesting::List, KeySummaryModel::attributes()).computed().description(
            "One entry per key, sorted by name.",
        ),
    }
}

/// The `frappe_social_login_keys` data source.
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
                KeyListModel::attributes(),
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
        let fields: Vec<String> = [
            KeySummaryModel::name,
            KeySummaryModel::provider_name,
            KeySummaryModel::social_login_provider,
            KeySummaryModel::enable_social_login,
        ]
        .map(str::to_owned)
        .to_vec();
        let query = ListQuery {
            doctype: DOCTYPE,
            fields: &fields,
            filters: None,
            order_by: Some("name asc"),
            // Frappe returns 20 rows unless told otherwise; 0 means all.
            limit: 0,
        };
        let rows = match client.query_documents(&query).await {
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
        let mut keys: Vec<KeySummaryModel> = rows
            .iter()
            .map(|row| KeySummaryModel {
                name: Value::from(
                    row.get(KeySummaryModel::name)
                        .and_then(Json::as_str)
                        .unwrap_or_default(),
                ),
                provider_name: text(row, KeySummaryModel::provider_name),
                social_login_provider: text(row, KeySummaryModel::social_login_provider),
                enable_social_login: Value::Bool(
                    row.get(KeySummaryModel::enable_social_login)
                        .is_some_and(|v| v.as_i64() == Some(1) || v == &Json::Bool(true)),
                ),
            })
            .collect();
        keys.sort_by(|a, b| a.name.as_str().cmp(&b.name.as_str()));
        let state = KeyListModel {
            id: Value::from("social_login_keys"),
            names: Value::List(keys.iter().map(|k| k.name.clone()).collect()),
            keys: Value::List(keys.iter().map(Model::to_value).collect()),
        };
        (state.to_value(), Diagnostics::new())
    }
}
