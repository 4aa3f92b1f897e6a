//! The cheapest provider this framework can make: one resource, `noop_thing`,
//! that stores what it is given and talks to nothing. The benchmarks use it as
//! the floor a provider on `terraform-plugin` cannot go below: what Terraform
//! spends on starting, handshaking with and calling a plugin process.
//!
//! With `NOOP_MIRROR_SCHEMA` naming a schema file it also serves
//! `noop_mirror` (`mirror.rs`), a resource with the schema and identity of a
//! real provider's resource that stores what it is given: the floor for that
//! schema (`schema_file.rs` says what the file holds).
//!
//! Build: `cargo build --release -p terraform-plugin --example noop_provider`;
//! install it as `terraform-provider-noop` (source `terraform.local/bench/noop`).

mod mirror;
mod schema_file;

use std::path::PathBuf;
use std::process::ExitCode;

use async_trait::async_trait;
use terraform_plugin::framework::{
    ApplyRequest, ApplyResponse, DataSource, Function, ImportRequest, ImportResponse, ImportedResource, PlanRequest,
    PlanResponse, Provider, ReadRequest, ReadResponse, Resource, StopSignal, ValidateRequest,
};
use terraform_plugin::plugin::{self, PluginInfo};
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

struct NoopProvider {
    /// The schemas `noop_mirror` serves, when a schema file was given.
    mirrored: Option<schema_file::MirroredSchemas>,
}

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
        let mut resources: Vec<Box<dyn Resource<()>>> = vec![Box::new(Thing)];
        if let Some(schemas) = &self.mirrored {
            resources.push(Box::new(mirror::Mirror::new(schemas.clone())));
        }
        resources
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
    // Read before the handshake, so a bad file stops the process with its
    // reason on stderr (Terraform shows it) instead of serving a schema that
    // is not the mirrored one.
    let mirrored = match std::env::var_os(mirror::SCHEMA_FILE_VARIABLE) {
        None => None,
        Some(path) => match schema_file::load(&PathBuf::from(path)) {
            Ok(schemas) => Some(schemas),
            Err(error) => {
                eprintln!("terraform-provider-noop: {}: {error}", mirror::SCHEMA_FILE_VARIABLE);
                return ExitCode::FAILURE;
            }
        },
    };
    plugin::main(
        NoopProvider { mirrored },
        PluginInfo {
            binary: "terraform-provider-noop",
            version: "1.0.0",
            source_address: "terraform.local/bench/noop",
        },
    )
}
