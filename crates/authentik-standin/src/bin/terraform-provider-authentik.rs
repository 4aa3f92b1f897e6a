//! The stand-in for the official authentik Terraform provider. Terraform
//! starts it from a filesystem mirror as `registry.terraform.io/goauthentik/authentik`
//! (see `authentik_standin::install`); the release it imitates is the one in
//! its executable's name (`terraform-provider-authentik_v2025.12.1`), or
//! `AUTHENTIK_STANDIN_PROVIDER_VERSION`, else the newest.

use std::path::PathBuf;
use std::process::ExitCode;

use authentik_standin::install::{BINARY_NAME, SOURCE_ADDRESS};
use authentik_standin::provider::release::VERSION_ENV;
use authentik_standin::provider::{AuthentikProvider, ProviderRelease};
use terraform_plugin::plugin::{self, PluginInfo};

fn main() -> ExitCode {
    // argv[0] is the path Terraform started, hard link or symlink alike.
    let executable = std::env::args_os().next().map(PathBuf::from).unwrap_or_default();
    let release = match ProviderRelease::detect(std::env::var(VERSION_ENV).ok().as_deref(), &executable) {
        Ok(release) => release,
        Err(message) => {
            eprintln!("{BINARY_NAME}: {message}");
            return ExitCode::FAILURE;
        }
    };
    plugin::main(
        AuthentikProvider::new().with_release(release),
        PluginInfo {
            binary: BINARY_NAME,
            version: release.version,
            source_address: SOURCE_ADDRESS,
        },
    )
}
