//! The cheapest provider this framework can make: one resource, `noop_thing`
//! (two string attributes, no identity), that stores what it is given and
//! talks to nothing (`stored.rs`). The benchmarks use it as
//! the floor a provider on `terraform-plugin` cannot go below: what Terraform
//! spends on starting, handshaking with and calling a plugin process.
//!
//! With `NOOP_MIRROR_SCHEMA` naming a schema file it also serves
//! `noop_mirror`, a resource with the schema and identity of a real
//! provider's resource that stores what it is given the same way: the floor
//! for that schema (`schema_file.rs` says what the file holds).
//!
//! Build: `cargo build --release -p terraform-plugin --example noop_provider`;
//! install it as `terraform-provider-noop` (source `terraform.local/bench/noop`).

mod schema_file;
mod stored;

use std::path::PathBuf;
use std::process::ExitCode;

use async_trait::async_trait;
use terraform_plugin::framework::{DataSource, Function, Provider, Resource, StopSignal};
use terraform_plugin::plugin::{self, PluginInfo};
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

use schema_file::MirroredSchemas;
use stored::Stored;

/// The environment variable naming the schema file of `noop_mirror`; unset,
/// the provider serves no mirror resource.
const MIRROR_SCHEMA_VARIABLE: &str = "NOOP_MIRROR_SCHEMA";

struct NoopProvider {
    /// The schemas `noop_mirror` serves, when a schema file was given.
    mirrored: Option<MirroredSchemas>,
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
        let thing = MirroredSchemas {
            resource: thing_schema(),
            identity: None,
        };
        let mut resources: Vec<Box<dyn Resource<()>>> = vec![Box::new(Stored::new("noop_thing", thing))];
        if let Some(schemas) = &self.mirrored {
            resources.push(Box::new(Stored::new("noop_mirror", schemas.clone())));
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

/// `noop_thing`: `value` as given, `id` set when created.
fn thing_schema() -> Schema {
    Schema::new(
        0,
        Block::new(
            "Stores what it is given.",
            vec![
                Attribute::string("id").computed().description("Set when created."),
                Attribute::string("value").optional().description("Stored as given."),
            ],
        ),
    )
}

fn main() -> ExitCode {
    // Read before the handshake, so a bad file stops the process with its
    // reason on stderr (Terraform shows it) instead of serving a schema that
    // is not the mirrored one.
    let mirrored = match std::env::var_os(MIRROR_SCHEMA_VARIABLE) {
        None => None,
        Some(path) => match schema_file::load(&PathBuf::from(path)) {
            Ok(schemas) => Some(schemas),
            Err(error) => {
                eprintln!("terraform-provider-noop: {}: {error}", MIRROR_SCHEMA_VARIABLE);
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
