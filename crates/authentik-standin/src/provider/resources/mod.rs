//! The managed resources of the stand-in provider, one module each, and the
//! pieces of the SDKv2 resource life cycle they share.

pub(crate) mod application;
pub(crate) mod policy_binding;
pub(crate) mod provider_oauth2;

use terraform_plugin::framework::{
    ApplyResponse, ImportResponse, ImportedResource, PlanRequest, PlanResponse, ReadResponse,
};
use terraform_plugin::protocol::{Diagnostic, Diagnostics, Schema, Value};

use super::client::{ApiClient, ApiError};
use super::sdk;

/// An apply answer with `state` and diagnostics.
pub(crate) fn applied(state: Value, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        state,
        private: Vec::new(),
        identity: None,
        diagnostics,
    }
}

pub(crate) fn read(state: Value, diagnostics: Diagnostics) -> ReadResponse {
    ReadResponse {
        state,
        private: Vec::new(),
        identity: None,
        diagnostics,
    }
}

/// SDKv2's plan of a resource with `schema` and its `Default` values; the
/// private state passes through.
pub(crate) fn sdk_planned(schema: &Schema, defaults: &[(&str, Value)], request: &PlanRequest<'_>) -> PlanResponse {
    PlanResponse {
        planned_state: sdk::plan(&schema.block, defaults, request.prior_state, request.config),
        requires_replace: Vec::new(),
        planned_private: request.prior_private.to_vec(),
        planned_identity: None,
        diagnostics: Diagnostics::new(),
    }
}

/// A destroy: DELETE `path`; gone already (404) counts as deleted, other
/// errors keep `prior` in the state.
pub(crate) async fn deleted(client: &ApiClient, path: &str, prior: &Value) -> ApplyResponse {
    match client.delete(path).await {
        Ok(_) | Err(ApiError::NotFound) => applied(Value::Null, Diagnostics::new()),
        Err(e) => applied(prior.clone(), e.diagnostic().into()),
    }
}

/// Where a resource's objects live in the API and which field of the
/// answer is the Terraform ID.
pub(crate) struct Endpoint<'a> {
    /// The collection (POST creates here).
    pub(crate) collection: &'a str,
    /// The object's path from its ID (PUT updates there).
    pub(crate) object: fn(&str) -> String,
    /// The answer's field that becomes the `id` (`pk`, `slug`).
    pub(crate) id_field: &'a str,
}

/// Create (`prior` null) or update, as SDKv2 resources do it: POST to the
/// collection or PUT to the object, set the ID from the answer, then read
/// the object back with `read_back`. A 404 drops the object; other errors
/// keep what is known.
pub(crate) async fn written_then_read<F, Fut>(
    client: &ApiClient,
    endpoint: &Endpoint<'_>,
    body: &serde_json::Value,
    prior: &Value,
    planned: &Value,
    read_back: F,
) -> ApplyResponse
where
    F: FnOnce(String, Value) -> Fut,
    Fut: std::future::Future<Output = Result<Value, ApiError>>,
{
    let creating = prior.is_null();
    let written = if creating {
        client.post(endpoint.collection, body).await
    } else {
        client
            .put(&(endpoint.object)(prior.get("id").as_str().unwrap_or_default()), body)
            .await
    };
    let failed_state = if creating { Value::Null } else { prior.clone() };
    let written = match written {
        Ok(written) => written,
        Err(ApiError::NotFound) => return applied(Value::Null, Diagnostics::new()),
        Err(e) => return applied(failed_state, e.diagnostic().into()),
    };
    let Some(id) = written.get(endpoint.id_field).and_then(serde_json::Value::as_str) else {
        return applied(
            failed_state,
            Diagnostic::error(
                format!("the API answered without a {}", endpoint.id_field),
                written.to_string(),
            )
            .into(),
        );
    };
    let mut with_id = planned.clone();
    with_id.set_attribute("id", Value::from(id));
    match read_back(id.to_string(), with_id.clone()).await {
        Ok(state) => applied(state, Diagnostics::new()),
        Err(ApiError::NotFound) => applied(Value::Null, Diagnostics::new()),
        Err(e) => applied(sdk_known(with_id), e.diagnostic().into()),
    }
}

/// `schema.ImportStatePassthroughContext`: the ID becomes the state's `id`;
/// Terraform then reads the object.
pub(crate) fn import_passthrough(schema: &Schema, id: &str) -> ImportResponse {
    let mut state = Value::null_object(&schema.value_type());
    state.set_attribute("id", Value::from(id));
    ImportResponse {
        imported: vec![ImportedResource {
            state,
            private: Vec::new(),
            identity: None,
        }],
        diagnostics: Diagnostics::new(),
    }
}

/// `helpers.HTTPToDiag` on a read: 404 removes the object (no diagnostic),
/// anything else keeps it and reports the error.
pub(crate) fn after_failed_read(prior: &Value, error: &ApiError) -> ReadResponse {
    match error {
        ApiError::NotFound => read(Value::Null, Diagnostics::new()),
        other => read(prior.clone(), other.diagnostic().into()),
    }
}

/// Go's `strconv.ParseInt(id, 10, 32)` with its error text.
pub(crate) fn parse_int32(id: &str) -> Result<i64, Diagnostic> {
    match id.parse::<i64>() {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n),
        Ok(_) => Err(Diagnostic::error(
            format!("strconv.ParseInt: parsing {id:?}: value out of range"),
            "",
        )),
        Err(_) => Err(Diagnostic::error(
            format!("strconv.ParseInt: parsing {id:?}: invalid syntax"),
            "",
        )),
    }
}

/// A state Terraform can store: unknown values (never read back) become null.
pub(crate) fn sdk_known(mut state: Value) -> Value {
    if let Value::Object(attributes) = &mut state {
        for value in attributes.values_mut() {
            if !value.is_wholly_known() {
                *value = Value::Null;
            }
        }
    }
    state
}
