//! `authentik_application`: an application, by slug (its ID and import ID).
//!
//! The real provider sends `group` and the `meta_*` texts only when set, so
//! one removed from the configuration stays on the server (and keeps showing
//! a change); `protocol_provider` and `backchannel_providers` are always sent.

use async_trait::async_trait;
use serde_json::{json, Map, Value as Json};
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadRequest, ReadResponse,
    Resource, ValidateRequest,
};
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostics, Schema, Type, Value};

use super::{after_failed_read, deleted, import_passthrough, read, sdk_planned, written_then_read, Endpoint};
use crate::provider::client::{path_segment, ApiClient, ApiError};
use crate::provider::release::ProviderRelease;
use crate::provider::sdk::{self, describe, enum_description, get_ok};

pub(crate) const TYPE_NAME: &str = "authentik_application";

const POLICY_ENGINE_MODES: &[&str] = &["all", "any"];

const META_TEXTS: [&str; 5] = [
    "group",
    "meta_icon",
    "meta_launch_url",
    "meta_description",
    "meta_publisher",
];

/// The resource as one release of the official provider has it.
pub(crate) struct ApplicationResource(pub(crate) ProviderRelease);

pub(crate) fn schema(release: ProviderRelease) -> Schema {
    let mut attributes = vec![
        Attribute::string("id").optional_computed(),
        Attribute::string("name").required(),
        Attribute::string("group").optional(),
        Attribute::string("uuid")
            .optional_computed()
            .description(describe("", None, true)),
        Attribute::string("slug").required(),
        Attribute::number("protocol_provider").optional(),
        Attribute::new("backchannel_providers", Type::list(Type::Number)).optional(),
        Attribute::string("meta_launch_url").optional(),
        Attribute::string("meta_icon").optional(),
        Attribute::string("meta_description").optional(),
        Attribute::string("meta_publisher").optional(),
        Attribute::string("policy_engine_mode").optional().description(describe(
            &enum_description(POLICY_ENGINE_MODES),
            Some("any"),
            false,
        )),
        Attribute::bool("open_in_new_tab")
            .optional()
            .description(describe("", Some("false"), false)),
    ];
    if release.application_meta_hide {
        attributes.push(
            Attribute::bool("meta_hide")
                .optional()
                .description(describe("", Some("false"), false)),
        );
    }
    Schema::new(0, Block::new("Applications --- ", attributes))
}

fn defaults(release: ProviderRelease) -> Vec<(&'static str, Value)> {
    let mut defaults = vec![
        ("policy_engine_mode", Value::from("any")),
        ("open_in_new_tab", Value::Bool(false)),
    ];
    if release.application_meta_hide {
        defaults.push(("meta_hide", Value::Bool(false)));
    }
    defaults
}

fn integers(value: &Value) -> Vec<i64> {
    match value {
        Value::List(items) => items
            .iter()
            .filter_map(|v| v.as_number().and_then(|n| n.as_i64()))
            .collect(),
        _ => Vec::new(),
    }
}

/// `resourceApplicationSchemaToModel`.
fn body(release: ProviderRelease, planned: &Value) -> Json {
    let text = |name: &str| planned.get(name).as_str().unwrap_or_default().to_string();
    let mut body = Map::new();
    body.insert("name".into(), text("name").into());
    body.insert("slug".into(), text("slug").into());
    let provider = planned.get("protocol_provider");
    body.insert(
        "provider".into(),
        if get_ok(provider) {
            provider
                .as_number()
                .and_then(|n| n.as_i64())
                .map_or(Json::Null, Json::from)
        } else {
            Json::Null
        },
    );
    body.insert(
        "open_in_new_tab".into(),
        planned.get("open_in_new_tab").as_bool().unwrap_or(false).into(),
    );
    if release.application_meta_hide {
        body.insert(
            "meta_hide".into(),
            planned.get("meta_hide").as_bool().unwrap_or(false).into(),
        );
    }
    body.insert("policy_engine_mode".into(), text("policy_engine_mode").into());
    for name in META_TEXTS {
        if get_ok(planned.get(name)) {
            body.insert(name.into(), text(name).into());
        }
    }
    body.insert(
        "backchannel_providers".into(),
        json!(integers(planned.get("backchannel_providers"))),
    );
    Json::Object(body)
}

/// `resourceApplicationRead`.
fn from_api(release: ProviderRelease, api: &Json, old: &Value) -> Value {
    let text = |key: &str| match api.get(key) {
        Some(Json::String(s)) => Value::from(s.as_str()),
        _ => Value::Null,
    };
    let mut state = old.clone();
    state.set_attribute("id", text("slug"));
    state.set_attribute("uuid", text("pk"));
    for key in [
        "name",
        "group",
        "slug",
        "meta_launch_url",
        "meta_icon",
        "meta_description",
        "meta_publisher",
        "policy_engine_mode",
    ] {
        state.set_attribute(key, text(key));
    }
    let booleans: &[&str] = if release.application_meta_hide {
        &["open_in_new_tab", "meta_hide"]
    } else {
        &["open_in_new_tab"]
    };
    for &key in booleans {
        state.set_attribute(
            key,
            api.get(key).and_then(Json::as_bool).map_or(Value::Null, Value::Bool),
        );
    }
    state.set_attribute(
        "protocol_provider",
        api.get("provider")
            .and_then(Json::as_i64)
            .map_or(Value::Null, Value::from),
    );
    let backchannel: Vec<Value> = api
        .get("backchannel_providers")
        .and_then(Json::as_array)
        .map(|items| items.iter().filter_map(Json::as_i64).map(Value::from).collect())
        .unwrap_or_default();
    state.set_attribute("backchannel_providers", Value::List(backchannel));
    state
}

fn path(slug: &str) -> String {
    format!("/core/applications/{}/", path_segment(slug))
}

async fn read_back(client: &ApiClient, release: ProviderRelease, slug: &str, old: &Value) -> Result<Value, ApiError> {
    let api = client.get(&path(slug)).await?;
    Ok(from_api(release, &api, old))
}

impl ApplicationResource {
    /// Create (`prior` null) or update: POST or PUT, then read back by slug.
    async fn write(&self, client: &ApiClient, prior: &Value, planned: &Value) -> ApplyResponse {
        let endpoint = Endpoint {
            collection: "/core/applications/",
            object: path,
            id_field: "slug",
        };
        let release = self.0;
        written_then_read(
            client,
            &endpoint,
            &body(release, planned),
            prior,
            planned,
            |slug, with_id| async move { read_back(client, release, &slug, &with_id).await },
        )
        .await
    }
}

#[async_trait]
impl Resource<ApiClient> for ApplicationResource {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema(self.0)
    }

    fn legacy_type_system(&self) -> bool {
        true
    }

    fn validate(&self, request: ValidateRequest<'_>) -> Diagnostics {
        sdk::string_in_slice(
            AttributePath::attribute("policy_engine_mode"),
            "policy_engine_mode",
            request.config.get("policy_engine_mode"),
            POLICY_ENGINE_MODES,
        )
        .map(Diagnostics::from)
        .unwrap_or_default()
    }

    async fn read(&self, client: &ApiClient, request: ReadRequest<'_>) -> ReadResponse {
        let slug = request.state.get("id").as_str().unwrap_or_default().to_string();
        match read_back(client, self.0, &slug, request.state).await {
            Ok(state) => read(state, Diagnostics::new()),
            Err(e) => after_failed_read(request.state, &e),
        }
    }

    async fn plan(&self, _client: &ApiClient, request: PlanRequest<'_>) -> PlanResponse {
        sdk_planned(&schema(self.0), &defaults(self.0), &request)
    }

    async fn apply(&self, client: &ApiClient, request: ApplyRequest<'_>) -> ApplyResponse {
        if request.planned_state.is_null() {
            let id = request.prior_state.get("id").as_str().unwrap_or_default();
            return deleted(client, &path(id), request.prior_state).await;
        }
        self.write(client, request.prior_state, request.planned_state).await
    }

    async fn import(&self, _client: &ApiClient, request: ImportRequest<'_>) -> ImportResponse {
        import_passthrough(&schema(self.0), request.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_texts_are_not_sent_and_the_provider_pk_is_a_number() {
        let planned = Value::object([
            ("name", Value::from("Frappe")),
            ("slug", Value::from("frappe")),
            ("protocol_provider", Value::from(7)),
            ("meta_launch_url", Value::from("https://erp.example.com")),
            ("group", Value::Null),
            ("policy_engine_mode", Value::from("any")),
        ]);
        let body = body(ProviderRelease::default(), &planned);
        assert_eq!(body["provider"], json!(7));
        assert_eq!(body["meta_launch_url"], "https://erp.example.com");
        assert!(body.get("group").is_none());
        assert_eq!(body["backchannel_providers"], json!([]));
    }
}
