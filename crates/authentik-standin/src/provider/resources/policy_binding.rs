//! `authentik_policy_binding`: binds a policy, a group or a user to a
//! target (an application's `uuid`), by the binding's UUID
//! (`pkg/provider/resource_policy_binding.go`, the same in v2025.12.1 and
//! v2026.5.0). Create is a POST, update a full PUT, both followed by a read;
//! `policy`, `user` and `group` go as null when unset.

use async_trait::async_trait;
use serde_json::{json, Value as Json};
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadRequest, ReadResponse,
    Resource, ValidateRequest,
};
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

use super::{after_failed_read, deleted, import_passthrough, read, sdk_planned, written_then_read, Endpoint};
use crate::provider::client::{path_segment, ApiClient, ApiError};
use crate::provider::sdk::{describe, get_ok};

pub(crate) const TYPE_NAME: &str = "authentik_policy_binding";

pub(crate) struct PolicyBindingResource;

pub(crate) fn schema() -> Schema {
    Schema::new(
        0,
        Block::new(
            "Customization --- ",
            vec![
                Attribute::string("id").optional_computed(),
                Attribute::string("target")
                    .required()
                    .description("ID of the object this binding should apply to"),
                Attribute::string("policy").optional().description("UUID of the policy"),
                Attribute::number("user").optional().description("PK of the user"),
                Attribute::string("group").optional().description("UUID of the group"),
                Attribute::number("order").required(),
                Attribute::bool("negate")
                    .optional()
                    .description(describe("", Some("false"), false)),
                Attribute::bool("enabled")
                    .optional()
                    .description(describe("", Some("true"), false)),
                Attribute::number("timeout")
                    .optional()
                    .description(describe("", Some("30"), false)),
                Attribute::bool("failure_result")
                    .optional()
                    .description(describe("", Some("false"), false)),
            ],
        ),
    )
}

fn defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("negate", Value::Bool(false)),
        ("enabled", Value::Bool(true)),
        ("timeout", Value::from(30)),
        ("failure_result", Value::Bool(false)),
    ]
}

fn integer(value: &Value) -> Option<i64> {
    value.as_number().and_then(|n| n.as_i64())
}

/// `resourcePolicyBindingSchemaToModel`.
fn body(planned: &Value) -> Json {
    let text = |name: &str| {
        let value = planned.get(name);
        get_ok(value).then(|| value.as_str().unwrap_or_default().to_string())
    };
    let user = planned.get("user");
    json!({
        "target": planned.get("target").as_str().unwrap_or_default(),
        "order": integer(planned.get("order")).unwrap_or(0),
        "negate": planned.get("negate").as_bool().unwrap_or(false),
        "enabled": planned.get("enabled").as_bool().unwrap_or(false),
        "timeout": integer(planned.get("timeout")).unwrap_or(0),
        "failure_result": planned.get("failure_result").as_bool().unwrap_or(false),
        "policy": text("policy"),
        "user": if get_ok(user) { integer(user) } else { None },
        "group": text("group"),
    })
}

/// `resourcePolicyBindingRead`.
fn from_api(api: &Json, old: &Value) -> Value {
    let mut state = old.clone();
    let text = |key: &str| api.get(key).and_then(Json::as_str).map_or(Value::Null, Value::from);
    let number = |key: &str| api.get(key).and_then(Json::as_i64).map_or(Value::Null, Value::from);
    let boolean = |key: &str| api.get(key).and_then(Json::as_bool).map_or(Value::Null, Value::Bool);
    for key in ["target", "policy", "group"] {
        state.set_attribute(key, text(key));
    }
    for key in ["user", "order", "timeout"] {
        state.set_attribute(key, number(key));
    }
    for key in ["negate", "enabled", "failure_result"] {
        state.set_attribute(key, boolean(key));
    }
    state
}

fn path(pk: &str) -> String {
    format!("/policies/bindings/{}/", path_segment(pk))
}

async fn read_back(client: &ApiClient, pk: &str, old: &Value) -> Result<Value, ApiError> {
    let api = client.get(&path(pk)).await?;
    let mut state = from_api(&api, old);
    state.set_attribute("id", Value::from(pk));
    Ok(state)
}

impl PolicyBindingResource {
    /// Create (`prior` null) or update: POST or PUT, then read back by pk.
    async fn write(&self, client: &ApiClient, prior: &Value, planned: &Value) -> ApplyResponse {
        let endpoint = Endpoint {
            collection: "/policies/bindings/",
            object: path,
            id_field: "pk",
        };
        written_then_read(
            client,
            &endpoint,
            &body(planned),
            prior,
            planned,
            |pk, with_id| async move { read_back(client, &pk, &with_id).await },
        )
        .await
    }
}

#[async_trait]
impl Resource<ApiClient> for PolicyBindingResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema()
    }

    fn legacy_type_system(&self) -> bool {
        true
    }

    fn validate(&self, _request: ValidateRequest<'_>) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, client: &ApiClient, request: ReadRequest<'_>) -> ReadResponse {
        let pk = request.state.get("id").as_str().unwrap_or_default().to_string();
        match read_back(client, &pk, request.state).await {
            Ok(state) => read(state, Diagnostics::new()),
            Err(e) => after_failed_read(request.state, &e),
        }
    }

    async fn plan(&self, _client: &ApiClient, request: PlanRequest<'_>) -> PlanResponse {
        sdk_planned(&schema(), &defaults(), &request)
    }

    async fn apply(&self, client: &ApiClient, request: ApplyRequest<'_>) -> ApplyResponse {
        if request.planned_state.is_null() {
            let id = request.prior_state.get("id").as_str().unwrap_or_default();
            return deleted(client, &path(id), request.prior_state).await;
        }
        self.write(client, request.prior_state, request.planned_state).await
    }

    async fn import(&self, _client: &ApiClient, request: ImportRequest<'_>) -> ImportResponse {
        import_passthrough(&schema(), request.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_subjects_go_as_null() {
        let planned = Value::object([
            ("target", Value::from("app-uuid")),
            ("group", Value::from("group-uuid")),
            ("user", Value::Null),
            ("policy", Value::Null),
            ("order", Value::from(1)),
            ("enabled", Value::Bool(true)),
            ("timeout", Value::from(30)),
        ]);
        let body = body(&planned);
        assert_eq!(body["group"], "group-uuid");
        assert_eq!(body["user"], Json::Null);
        assert_eq!(body["policy"], Json::Null);
        assert_eq!(body["order"], 1);
    }
}
