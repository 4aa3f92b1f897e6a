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
