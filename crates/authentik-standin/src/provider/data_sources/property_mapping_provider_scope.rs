//! `data "authentik_property_mapping_provider_scope"`: OAuth2 scope
//! mappings. With `managed_list`, `ids` lists every match in the API's order
//! (scope name, then name) and `id` is `"-1"`; otherwise the first match
//! fills `id`, `name`, `scope_name`, `expression` and `description`.

use async_trait::async_trait;
use serde_json::Value as Json;
use terraform_plugin::framework::DataSource;
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Type, Value};

use super::{failure, query, results};
use crate::provider::client::ApiClient;
use crate::provider::sdk::{conflicts_with, describe, get_ok, string_list, strings};

pub(crate) struct ScopeMappingLookup;

fn text(json: &Json, key: &str) -> Value {
    json.get(key).and_then(Json::as_str).map_or(Value::Null, Value::from)
}

#[async_trait]
impl DataSource<ApiClient> for ScopeMappingLookup {
    fn type_name(&self) -> &'static str {
        "authentik_property_mapping_provider_scope"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Customization --- Get OAuth Provider Scope Property mappings",
                vec![
                    Attribute::string("id").optional_computed(),
                    Attribute::string("name").optional(),
                    Attribute::string("managed").optional(),
                    Attribute::new("managed_list", Type::list(Type::String))
                        .optional()
                        .description("Retrieve multiple property mappings"),
                    Attribute::new("ids", Type::list(Type::String))
                        .optional_computed()
                        .description(describe("List of ids when `managed_list` is set.", None, true)),
                    Attribute::string("scope_name")
                        .optional_computed()
                        .description(describe("", None, true)),
                    Attribute::string("expression")
                        .computed()
                        .description(describe("", None, true)),
                    Attribute::string("description")
                        .computed()
                        .description(describe("", None, true)),
                ],
            ),
        )
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        conflicts_with(config, "name", "managed_list")
            .map(Diagnostics::from)
            .unwrap_or_default()
    }

    async fn read(&self, client: &ApiClient, config: &Value) -> (Value, Diagnostics) {
        let mut filters = Vec::new();
        let with_list = get_ok(config.get("managed_list"));
        if with_list {
            for managed in strings(config.get("managed_list")) {
                filters.push(("managed", managed));
            }
        } else if get_ok(config.get("managed")) {
            filters.push((
                "managed",
                config.get("managed").as_str().unwrap_or_default().to_string(),
            ));
        }
        for key in ["name", "scope_name"] {
            if get_ok(config.get(key)) {
                filters.push((key, config.get(key).as_str().unwrap_or_default().to_string()));
            }
        }
        let page = match client
            .get(&format!("/propertymappings/provider/scope/{}", query(&filters)))
            .await
        {
            Ok(page) => page,
            Err(e) => return (Value::Null, e.diagnostic().into()),
        };
        let mappings = results(&page);
        if mappings.is_empty() {
            return failure("No matching mappings found");
        }
        let mut state = config.clone();
        if with_list {
            state.set_attribute("id", Value::from("-1"));
            let ids = mappings
                .iter()
                .map(|m| m.get("pk").and_then(Json::as_str).unwrap_or_default().to_string());
            state.set_attribute("ids", string_list(ids));
        } else {
            let first = &mappings[0];
            state.set_attribute("id", text(first, "pk"));
            for key in ["name", "expression", "scope_name", "description"] {
                state.set_attribute(key, text(first, key));
            }
        }
        (state, Diagnostics::new())
    }
}
