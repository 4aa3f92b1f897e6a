//! `authentik_provider_oauth2`: an OAuth2/OpenID provider, by numeric pk.
//!
//! Create is a POST, update a full PUT, both followed by a read; a 404 on
//! read removes the provider from state; import takes the pk.

mod request;
pub(crate) mod schema;
mod state;

use async_trait::async_trait;
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, PlanRequest, PlanResponse, ReadRequest, ReadResponse,
    Resource, ValidateRequest,
};
use terraform_plugin::protocol::{AttributePath, Diagnostics, Schema, Value};

use super::{after_failed_read, applied, deleted, import_passthrough, parse_int32, read, sdk_known, sdk_planned};
use crate::provider::client::{ApiClient, ApiError};
use crate::provider::release::ProviderRelease;
use crate::provider::sdk;
use schema::{CLIENT_TYPES, DURATIONS, GRANT_TYPES, ISSUER_MODES, LOGOUT_METHODS, SUB_MODES, TYPE_NAME};

/// The resource as one release of the official provider has it.
pub(crate) struct ProviderOAuth2(pub(crate) ProviderRelease);

fn path(pk: i64) -> String {
    format!("/providers/oauth2/{pk}/")
}

/// Reads the provider into a state based on `old`.
async fn read_back(client: &ApiClient, release: ProviderRelease, pk: i64, old: &Value) -> Result<Value, ApiError> {
    let api = client.get(&path(pk)).await?;
    let mut state = state::from_api(release, &api, old);
    state.set_attribute("id", Value::from(pk.to_string()));
    Ok(state)
}

impl ProviderOAuth2 {
    async fn create(&self, client: &ApiClient, planned: &Value) -> ApplyResponse {
        let body = match request::body(self.0, planned) {
            Ok(body) => body,
            Err(d) => return applied(Value::Null, d.into()),
        };
        let created = match client.post("/providers/oauth2/", &body).await {
            Ok(created) => created,
            Err(ApiError::NotFound) => return applied(Value::Null, Diagnostics::new()),
            Err(e) => return applied(Value::Null, e.diagnostic().into()),
        };
        let Some(pk) = created.get("pk").and_then(serde_json::Value::as_i64) else {
            return applied(
                Value::Null,
                terraform_plugin::protocol::Diagnostic::error("the API answered without a pk", created.to_string())
                    .into(),
            );
        };
        let mut with_id = planned.clone();
        with_id.set_attribute("id", Value::from(pk.to_string()));
        match read_back(client, self.0, pk, &with_id).await {
            Ok(state) => applied(state, Diagnostics::new()),
            Err(ApiError::NotFound) => applied(Value::Null, Diagnostics::new()),
            // The provider exists: keep what is known (Terraform taints it).
            Err(e) => applied(sdk_known(with_id), e.diagnostic().into()),
        }
    }

    async fn update(&self, client: &ApiClient, prior: &Value, planned: &Value) -> ApplyResponse {
        let pk = match parse_int32(prior.get("id").as_str().unwrap_or_default()) {
            Ok(pk) => pk,
            Err(d) => return applied(prior.clone(), d.into()),
        };
        let body = match request::body(self.0, planned) {
            Ok(body) => body,
            Err(d) => return applied(prior.clone(), d.into()),
        };
        match client.put(&path(pk), &body).await {
            Ok(_) => {}
            Err(ApiError::NotFound) => return applied(Value::Null, Diagnostics::new()),
            Err(e) => return applied(prior.clone(), e.diagnostic().into()),
        }
        match read_back(client, self.0, pk, planned).await {
            Ok(state) => applied(state, Diagnostics::new()),
            Err(ApiError::NotFound) => applied(Value::Null, Diagnostics::new()),
            Err(e) => applied(sdk_known(planned.clone()), e.diagnostic().into()),
        }
    }

    async fn delete(&self, client: &ApiClient, prior: &Value) -> ApplyResponse {
        let pk = match parse_int32(prior.get("id").as_str().unwrap_or_default()) {
            Ok(pk) => pk,
            Err(d) => return applied(prior.clone(), d.into()),
        };
        deleted(client, &path(pk), prior).await
    }
}

#[async_trait]
impl Resource<ApiClient> for ProviderOAuth2 {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> Schema {
        schema::schema(self.0)
    }

    fn legacy_type_system(&self) -> bool {
        true
    }

    fn validate(&self, request: ValidateRequest<'_>) -> Diagnostics {
        let config = request.config;
        let mut diagnostics = Diagnostics::new();
        for (name, allowed) in [
            ("client_type", CLIENT_TYPES),
            ("logout_method", LOGOUT_METHODS),
            ("sub_mode", SUB_MODES),
            ("issuer_mode", ISSUER_MODES),
        ] {
            diagnostics.extend(
                sdk::string_in_slice(AttributePath::attribute(name), name, config.get(name), allowed)
                    .map(Diagnostics::from)
                    .unwrap_or_default(),
            );
        }
        if let Value::List(items) = config.get("grant_types") {
            for (index, item) in items.iter().enumerate() {
                let path = AttributePath::attribute("grant_types").then_index(index as i64);
                if let Some(d) = sdk::string_in_slice(path, "grant_types", item, GRANT_TYPES) {
                    diagnostics.push(d);
                }
            }
        }
        for (name, _) in DURATIONS {
            for d in sdk::relative_duration(AttributePath::attribute(name), config.get(name)) {
                diagnostics.push(d);
            }
        }
        diagnostics
    }

    async fn read(&self, client: &ApiClient, request: ReadRequest<'_>) -> ReadResponse {
        let pk = match parse_int32(request.state.get("id").as_str().unwrap_or_default()) {
            Ok(pk) => pk,
            Err(d) => return read(request.state.clone(), d.into()),
        };
        match read_back(client, self.0, pk, request.state).await {
            Ok(state) => read(state, Diagnostics::new()),
            Err(e) => after_failed_read(request.state, &e),
        }
    }

    async fn plan(&self, _client: &ApiClient, request: PlanRequest<'_>) -> PlanResponse {
        let schema = schema::schema(self.0);
        sdk_planned(&schema, &schema::defaults(), &request)
    }

    async fn apply(&self, client: &ApiClient, request: ApplyRequest<'_>) -> ApplyResponse {
        if request.planned_state.is_null() {
            self.delete(client, request.prior_state).await
        } else if request.prior_state.is_null() {
            self.create(client, request.planned_state).await
        } else {
            self.update(client, request.prior_state, request.planned_state).await
        }
    }

    async fn import(&self, _client: &ApiClient, request: ImportRequest<'_>) -> ImportResponse {
        import_passthrough(&schema::schema(self.0), request.id)
    }
}
