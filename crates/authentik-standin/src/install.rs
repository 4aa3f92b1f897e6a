//! Installing the provider stand-in where Terraform looks for
//! `goauthentik/authentik`: a filesystem mirror laid out as
//! `<mirror>/registry.terraform.io/goauthentik/authentik/<version>/<os>_<arch>/terraform-provider-authentik_v<version>`,
//! once per release it imitates (2025.12.1 and 2026.5.0). The one binary
//! serves the release its installed name says, so a configuration's version
//! constraint picks the schema it gets, as with the real provider.
//!
//! Tests of this crate get the binary from Cargo
//! (`CARGO_BIN_EXE_terraform-provider-authentik`). Tests of other packages
//! cannot, so [`provider_binary`] finds it next to the running test
//! executable in Cargo's target directory and builds it with Cargo if it is
//! missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::provider::release::{ProviderRelease, PROVIDER_RELEASES};

/// The registry address the official provider is known by.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/goauthentik/authentik";

/// The binary's name (and Cargo's `CARGO_BIN_EXE_…` suffix).
pub const BINARY_NAME: &str = "terraform-provider-authentik";

/// An environment variable that, when set, names the provider binary to use.
pub const BINARY_ENV: &str = "AUTHENTIK_STANDIN_PROVIDER";

/// Why the provider could not be installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("cannot find Cargo's target directory from the running executable {0}")]
    NoTargetDirectory(PathBuf),
    #[error("building {BINARY_NAME} with cargo failed: {0}")]
    Build(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |source| InstallError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Terraform's name of this platform, e.g. `linux_amd64`.
pub fn platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

/// Where the binary goes inside a filesystem mirror rooted at `mirror`
/// to be found as `release`.
pub fn mirror_path(mirror: &Path, release: ProviderRelease) -> PathBuf {
    mirror
        .join(SOURCE_ADDRESS)
        .join(release.version)
        .join(platform())
        .join(format!("{BINARY_NAME}_v{}", release.version))
}

/// The provider binary: `$AUTHENTIK_STANDIN_PROVIDER`, else the one in the
/// target directory of the running executable (`target/<profile>/`), built
/// with `cargo build -p authentik-standin --bin terraform-provider-authentik`
/// when it is not there yet.
pub fn provider_binary() -> Result<PathBuf, InstallError> {
    if let Some(path) = std::env::var_os(BINARY_ENV) {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().map_err(io(Path::new(".")))?;
    // target/<profile>/deps/<test binary> or target/<profile>/<binary>.
    let profile_dir = exe
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n != "deps"))
        .ok_or_else(|| InstallError::NoTargetDirectory(exe.clone()))?
        .to_path_buf();
    let binary = profile_dir.join(format!("{BINARY_NAME}{}", std::env::consts::EXE_SUFFIX));
    if binary.exists() {
        return Ok(binary);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["build", "-p", "authentik-standin", "--bin", BINARY_NAME]);
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        command.arg("--release");
    }
    let output = command.output().map_err(io(&binary))?;
    if !output.status.success() {
        return Err(InstallError::Build(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    if binary.exists() {
        Ok(binary)
    } else {
        Err(InstallError::Build(format!(
            "cargo succeeded but {} is missing",
            binary.display()
        )))
    }
}

/// Puts `binary` into the filesystem mirror at `mirror` once per release
/// (hard links, or copies across file systems) and returns where they went.
/// A CLI configuration using the mirror needs
/// `include = ["registry.terraform.io/goauthentik/authentik"]` in its
/// `filesystem_mirror` block and the same address in `direct { exclude = … }`.
pub fn install_into_mirror(binary: &Path, mirror: &Path) -> Result<Vec<PathBuf>, InstallError> {
    PROVIDER_RELEASES
        .iter()
        .map(|release| install_release(binary, mirror, *release))
        .collect()
}

/// Puts `binary` into the mirror as `release`.
pub fn install_release(binary: &Path, mirror: &Path, release: ProviderRelease) -> Result<PathBuf, InstallError> {
    let target = mirror_path(mirror, release);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    if target.exists() {
        std::fs::remove_file(&target).map_err(io(&target))?;
    }
    if std::fs::hard_link(binary, &target).is_err() {
        std::fs::copy(binary, &target).map_err(io(&target))?;
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_layout_is_terraforms() {
        let path = mirror_path(Path::new("/m"), crate::provider::release::PROVIDER_2025_12_1);
        let text = path.display().to_string();
        assert!(text.starts_with("/m/registry.terraform.io/goauthentik/authentik/2025.12.1/"));
        assert!(text.ends_with("/terraform-provider-authentik_v2025.12.1"));
    }
}
