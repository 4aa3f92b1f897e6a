//! The cheapest provider this framework can make: one resource, `noop_thing`,
//! that stores what it is given and talks to nothing. The benchmarks use it as
//! the floor a provider on `terraform-plugin` cannot go below: what Terraform
//! spends on starting, handshaking with and calling a plugin process.
//!
//! Build: `cargo build --release -p terraform-plugin --example noop_provider`;
//! install it as `terraform-provider-noop` (source `terraform.local/bench/noop`).

use std::process::ExitCode;

use async_trait::async_trait;
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, DataSource, Function, ImportRequest, ImportResponse, ImportedResource, PlanRequest,
    PlanResponse, Provider, ReadRequest, ReadResponse, Resource, StopSignal, ValidateRequest,
};
use terraform_plugin::plugin::{self, PluginInfo};
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

struct NoopProvider;

#[async_trait]
impl Provider for NoopProvider {
    type Client = ();

    fn name(&self) -> &'static str {
        "noop"
    }

    fn schema(&self) -> Schema {
        Schema::new(0, Block::new("A provider that does nothing.", Vec::new()))
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    async fn configure(&self, _config: &Value, _stop: StopSignal) -> Result<((), Diagnostics), Diagnostics> {
        Ok(((), Diagnostics::new()))
    }

    fn resources(&self) -> Vec<Box<dyn Resource<()>>> {
        vec![Box::new(Thing)]
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<()>>> {
        Vec::new()
    }

    fn functions(&self) -> Vec<Box<dyn Function>> {
        Vec::new()
    }
}

/// `noop_thing`: `value` as given, `id` fixed when created.
struct Thing;

#[async_trait]
impl Resource<()> for Thing {
    fn type_name(&self) -> &'static str {
        "noop_thing"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Stores what it is given.",
                vec![
                    Attribute::string("id").computed(),
                    Attribute::string("value").optional(),
                ],
            ),
        )
    }

    fn validate(&self, _request: ValidateRequest<'_>) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, _client: &(), request: ReadRequest<'_>) -> ReadResponse {
        ReadResponse {
            state: request.state.clone(),
            private: request.private.to_vec(),
            identity: None,
            diagnostics: Diagnostics::new(),
        }
    }

    async fn plan(&self, _client: &(), request: PlanRequest<'_>) -> PlanResponse {
        let mut planned = request.proposed_state.clone();
        if !planned.is_null() && request.prior_state.is_null() {
            planned.set_attribute("id", Value::unknown());
        }
        PlanResponse {
            planned_state: planned,
            requires_replace: Vec::new(),
            planned_private: Vec::new(),
            planned_identity: None,
            diagnostics: Diagnostics::new(),
        }
    }

    async fn apply(&self, _client: &(), request: ApplyRequest<'_>) -> ApplyResponse {
        let mut state = request.planned_state.clone();
        if !state.is_null() && state.get("id").is_unknown() {
            state.set_attribute("id", Value::string("noop"));
        }
        ApplyResponse {
            state,
            private: Vec::new(),
            identity: None,
            diagnostics: Diagnostics::new(),
        }
    }

    async fn import(&self, _client: &(), request: ImportRequest<'_>) -> ImportResponse {
        let state = Value::object([("id", Value::string(request.id)), ("value", Value::Null)]);
        ImportResponse {
            imported: vec![ImportedResource {
                state,
                private: Vec::new(),
                identity: None,
            }],
            diagnostics: Diagnostics::new(),
        }
    }
}

fn main() -> ExitCode {
    plugin::main(
        NoopProvider,
        PluginInfo {
            binary: "terraform-provider-noop",
            version: "1.0.0",
            source_address: "terraform.local/bench/noop",
        },
    )
}
