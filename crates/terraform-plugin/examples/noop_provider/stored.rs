//! A resource that stores what it is given, whatever its schema: `noop_thing`
//! with its own two attributes, and `noop_mirror` with another resource's
//! schema and identity schema (read from a file at start, see
//! [`crate::schema_file`]). Measured next to the resource it mirrors,
//! `noop_mirror` shows what Terraform spends on that schema through a plugin,
//! with none of the real provider's own work.

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, ImportedResource, PlanRequest, PlanResponse,
    ReadRequest, ReadResponse, Resource, ValidateRequest,
};
use terraform_plugin::protocol::{Diagnostics, Presence, Schema, Value};

use crate::schema_file::MirroredSchemas;

pub struct Stored {
    type_name: &'static str,
    schema: Schema,
    identity: Option<Schema>,
}

/// Gives every created object an id of its own, as a real provider would.
static CREATED: AtomicU64 = AtomicU64::new(0);

impl Stored {
    pub fn new(type_name: &'static str, schemas: MirroredSchemas) -> Self {
        Self {
            type_name,
            schema: schemas.resource,
            identity: schemas.identity,
        }
    }

    /// The identity of a stored object: each identity attribute takes the
    /// state attribute of its name, or the `id` when the state has none
    /// (a resource's `id` is what most identities are made of).
    fn identity_of(&self, state: &Value) -> Option<Value> {
        let identity = self.identity.as_ref()?;
        if state.is_null() {
            return None;
        }
        Some(Value::object(identity.block.attributes.iter().map(|attribute| {
            let from = if self.schema.block.attribute(&attribute.name).is_some() {
                attribute.name.as_str()
            } else {
                "id"
            };
            (attribute.name.clone(), state.get(from).clone())
        })))
    }
}

#[async_trait]
impl Resource<()> for Stored {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> Schema {
        self.schema.clone()
    }

    fn identity_schema(&self) -> Option<Schema> {
        self.identity.clone()
    }

    fn validate(&self, _request: ValidateRequest<'_>) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, _client: &(), request: ReadRequest<'_>) -> ReadResponse {
        ReadResponse {
            state: request.state.clone(),
            private: request.private.to_vec(),
            identity: request.identity.cloned().or_else(|| self.identity_of(request.state)),
            diagnostics: Diagnostics::new(),
        }
    }

    async fn plan(&self, _client: &(), request: PlanRequest<'_>) -> PlanResponse {
        let creating = request.prior_state.is_null();
        let mut planned = request.proposed_state.clone();
        if creating && !planned.is_null() {
            // What the configuration leaves to the provider is known only
            // after apply.
            for attribute in &self.schema.block.attributes {
                let computed = matches!(attribute.presence, Presence::Computed | Presence::OptionalComputed);
                if computed && !attribute.write_only && request.config.get(&attribute.name).is_null() {
                    planned.set_attribute(&attribute.name, Value::unknown());
                }
            }
        }
        PlanResponse {
            planned_state: planned,
            requires_replace: Vec::new(),
            planned_private: request.prior_private.to_vec(),
            // As a real provider does: an object being created has no
            // identity yet.
            planned_identity: if creating {
                None
            } else {
                request.prior_identity.cloned()
            },
            diagnostics: Diagnostics::new(),
        }
    }

    async fn apply(&self, _client: &(), request: ApplyRequest<'_>) -> ApplyResponse {
        let mut state = request.planned_state.clone();
        if !state.is_null() {
            for attribute in &self.schema.block.attributes {
                if state.get(&attribute.name).is_unknown() {
                    let value = if attribute.name == "id" {
                        Value::string(format!("noop-{}", CREATED.fetch_add(1, Ordering::Relaxed)))
                    } else {
                        Value::Null
                    };
                    state.set_attribute(&attribute.name, value);
                }
            }
        }
        ApplyResponse {
            identity: self.identity_of(&state),
            state,
            private: request.planned_private.to_vec(),
            diagnostics: Diagnostics::new(),
        }
    }

    async fn import(&self, _client: &(), request: ImportRequest<'_>) -> ImportResponse {
        let mut state = Value::null_object(&self.schema.value_type());
        if self.schema.block.attribute("id").is_some() {
            state.set_attribute("id", Value::string(request.id));
        }
        ImportResponse {
            imported: vec![ImportedResource {
                identity: self.identity_of(&state),
                state,
                private: Vec::new(),
            }],
            diagnostics: Diagnostics::new(),
        }
    }
}
