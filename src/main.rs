//! The provider binary. Terraform starts it with go-plugin's environment; run
//! by hand it explains what it is and exits.

use std::process::ExitCode;

use terraform_plugin::plugin::{self, PluginInfo};
use terraform_provider_frappe::provider::FrappeProvider;

/// The source address of local installs (scripts/install.sh, the test mirror).
const SOURCE_ADDRESS: &str = "terraform.local/frappe/frappe";

fn main() -> ExitCode {
    plugin::main(
        FrappeProvider::new(),
        PluginInfo {
            binary: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            source_address: SOURCE_ADDRESS,
        },
    )
}
