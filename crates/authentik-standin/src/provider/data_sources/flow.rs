//! `data "authentik_flow"`: the first flow matching `slug` and/or
//! `designation` (both optional filters; `authentication` is not a filter).

use async_trait::async_trait;
use serde_json::Value as Json;
use terraform_plugin::framework::DataSource;
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

use super::{failure, query, results};
use crate::provider::client::ApiClient;
use crate::provider::sdk::{describe, get_ok};

pub(crate) struct FlowLookup;

fn text(json: &Json, key: &str) -> Value {
    json.get(key).and_then(Json::as_str).map_or(Value::Null, Value::from)
}

#[async_trait]
impl DataSource<ApiClient> for FlowLookup {
    fn type_name(&self) -> &'static str {
        "authentik_flow"
    }

    fn schema(&self) -> Schema {
        let generated = || describe("", None, true);
        Schema::new(
            0,
            Block::new(
                "Flows & Stages --- Get flows by Slug and/or designation",
                vec![
                    Attribute::string("id").optional_computed(),
                    Attribute::string("name").computed().description(generated()),
                    Attribute::string("title").computed().description(generated()),
                    Attribute::string("slug").optional_computed().description(generated()),
                    Attribute::string("designation")
                        .optional_computed()
                        .description(generated()),
                    Attribute::string("authentication")
                        .optional_computed()
                        .description(generated()),
                ],
            ),
        )
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, client: &ApiClient, config: &Value) -> (Value, Diagnostics) {
        let mut filters = Vec::new();
        for key in ["slug", "designation"] {
            if get_ok(config.get(key)) {
                filters.push((key, config.get(key).as_str().unwrap_or_default().to_string()));
            }
        }
        let page = match client.get(&format!("/flows/instances/{}", query(&filters))).await {
            Ok(page) => page,
            Err(e) => return (Value::Null, e.diagnostic().into()),
        };
        let Some(flow) = results(&page).into_iter().next() else {
            return failure("No matching flows found");
        };
        let mut state = config.clone();
        state.set_attribute("id", text(&flow, "pk"));
        for key in ["title", "name", "slug", "designation", "authentication"] {
            state.set_attribute(key, text(&flow, key));
        }
        (state, Diagnostics::new())
    }
}
