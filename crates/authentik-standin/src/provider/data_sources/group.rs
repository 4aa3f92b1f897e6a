//! `data "authentik_group"`: one group by `pk` or `name` (exactly one of
//! them), with its members unless `include_users = false`
//! (`pkg/provider/data_source_group.go`, the same in v2025.12.1 and v2026.5.0).
//! `parent_name` is declared but never set.

use async_trait::async_trait;
use serde_json::Value as Json;
use terraform_plugin::framework::DataSource;
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::{failure, query, results};
use crate::provider::client::{path_segment, ApiClient};
use crate::provider::sdk::{get_ok, with_defaults};

pub(crate) struct GroupLookup;

fn member_type() -> Type {
    Type::object([
        ("pk", Type::Number),
        ("username", Type::String),
        ("name", Type::String),
        ("is_active", Type::Bool),
        ("last_login", Type::String),
        ("email", Type::String),
        ("attributes", Type::String),
        ("uid", Type::String),
    ])
}

fn text(json: &Json, key: &str) -> String {
    json.get(key).and_then(Json::as_str).unwrap_or_default().to_string()
}

/// `json.Marshal` of an attributes dictionary.
fn attributes(json: &Json) -> Value {
    Value::from(
        json.get("attributes")
            .map_or_else(|| "null".to_string(), Json::to_string),
    )
}

/// `mapFromGroupMember`.
fn member(json: &Json) -> Value {
    Value::object([
        ("pk", Value::from(json.get("pk").and_then(Json::as_i64).unwrap_or(0))),
        ("username", Value::from(text(json, "username"))),
        ("name", Value::from(text(json, "name"))),
        (
            "is_active",
            Value::Bool(json.get("is_active").and_then(Json::as_bool).unwrap_or(false)),
        ),
        ("last_login", Value::from(text(json, "last_login"))),
        ("email", Value::from(text(json, "email"))),
        ("attributes", attributes(json)),
        ("uid", Value::from(text(json, "uid"))),
    ])
}

/// `setGroup`: every attribute from the group; the ID is its pk.
fn state_of(config: &Value, group: &Json) -> Value {
    let mut state = config.clone();
    let pk = text(group, "pk");
    state.set_attribute("id", Value::from(pk.as_str()));
    state.set_attribute("pk", Value::from(pk.as_str()));
    state.set_attribute("name", Value::from(text(group, "name")));
    state.set_attribute(
        "num_pk",
        Value::from(group.get("num_pk").and_then(Json::as_i64).unwrap_or(0)),
    );
    state.set_attribute(
        "is_superuser",
        Value::Bool(group.get("is_superuser").and_then(Json::as_bool).unwrap_or(false)),
    );
    state.set_attribute("attributes", attributes(group));
    let list = |key: &str, item: &dyn Fn(&Json) -> Option<Value>| {
        Value::List(
            group
                .get(key)
                .and_then(Json::as_array)
                .map(|items| items.iter().filter_map(item).collect())
                .unwrap_or_default(),
        )
    };
    state.set_attribute("users", list("users", &|v| v.as_i64().map(Value::from)));
    state.set_attribute("parents", list("parents", &|v| v.as_str().map(Value::from)));
    state.set_attribute("users_obj", list("users_obj", &|v| Some(member(v))));
    state
}

#[async_trait]
impl DataSource<ApiClient> for GroupLookup {
    fn type_name(&self) -> &'static str {
        "authentik_group"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Directory --- Get groups by pk or name",
                vec![
                    Attribute::string("id").optional_computed(),
                    Attribute::string("pk").optional(),
                    Attribute::number("num_pk").computed(),
                    Attribute::string("name").optional(),
                    Attribute::bool("include_users").optional().description(
                        "Whether to include group members. Note that depending on group size, this can make the \
                         Terraform state a lot larger. Defaults to `true`.",
                    ),
                    Attribute::bool("is_superuser").computed(),
                    Attribute::new("parents", Type::list(Type::String)).computed(),
                    Attribute::string("parent_name").computed(),
                    Attribute::new("users", Type::list(Type::Number)).computed(),
                    Attribute::string("attributes").computed(),
                    Attribute::new("users_obj", Type::list(member_type())).computed(),
                ],
            ),
        )
    }

    /// `ExactlyOneOf: []string{"pk", "name"}` on both, with SDKv2's messages.
    fn validate(&self, config: &Value) -> Diagnostics {
        let set: Vec<&str> = ["name", "pk"]
            .into_iter()
            .filter(|k| !config.get(k).is_null())
            .collect();
        if set.len() == 1 || !config.is_wholly_known() {
            return Diagnostics::new();
        }
        let mut diagnostics = Diagnostics::new();
        for key in ["pk", "name"] {
            let message = if set.is_empty() {
                format!("\"{key}\": one of `name,pk` must be specified")
            } else {
                format!("\"{key}\": only one of `name,pk` can be specified, but `name,pk` were specified.")
            };
            diagnostics.push(Diagnostic::error(message, "").at(AttributePath::attribute(key)));
        }
        diagnostics
    }

    async fn read(&self, client: &ApiClient, config: &Value) -> (Value, Diagnostics) {
        let config = with_defaults(config, &[("include_users", Value::Bool(true))]);
        let include_users = config.get("include_users").as_bool().unwrap_or(true).to_string();
        if get_ok(config.get("pk")) {
            let pk = config.get("pk").as_str().unwrap_or_default();
            let path = format!(
                "/core/groups/{}/{}",
                path_segment(pk),
                query(&[("include_users", include_users)])
            );
            return match client.get(&path).await {
                Ok(group) => (state_of(&config, &group), Diagnostics::new()),
                Err(e) => (Value::Null, e.diagnostic().into()),
            };
        }
        if !get_ok(config.get("name")) {
            return failure("Neither pk nor name were provided");
        }
        let name = config.get("name").as_str().unwrap_or_default().to_string();
        let path = format!(
            "/core/groups/{}",
            query(&[("include_users", include_users), ("name", name)])
        );
        let page = match client.get(&path).await {
            Ok(page) => page,
            Err(e) => return (Value::Null, e.diagnostic().into()),
        };
        match results(&page).as_slice() {
            [] => failure("No matching groups found"),
            [group] => (state_of(&config, group), Diagnostics::new()),
            _ => failure("Multiple groups found"),
        }
    }
}
