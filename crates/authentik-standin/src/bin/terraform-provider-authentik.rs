//! The stand-in for the official authentik Terraform provider. Terraform
//! starts it from a filesystem mirror as `registry.terraform.io/goauthentik/authentik`
//! version 2026.5.0 (see `authentik_standin::install`).

use std::process::ExitCode;

use authentik_standin::install::{BINARY_NAME, SOURCE_ADDRESS};
use authentik_standin::provider::AuthentikProvider;
use authentik_standin::PROVIDER_VERSION;
use terraform_plugin::plugin::{self, PluginInfo};

fn main() -> ExitCode {
    plugin::main(
        AuthentikProvider::new(),
        PluginInfo {
            binary: BINARY_NAME,
            version: PROVIDER_VERSION,
            source_address: SOURCE_ADDRESS,
        },
    )
}
