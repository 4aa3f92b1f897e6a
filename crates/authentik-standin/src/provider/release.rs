//! The releases of the official provider the stand-in can be, and what
//! differs between their schemas — as data.
//!
//! Terraform starts a provider from
//! `…/goauthentik/authentik/<version>/<os>_<arch>/terraform-provider-authentik_v<version>`,
//! so the executable's own name says which release it was installed as;
//! [`VERSION_ENV`] overrides that.

/// An environment variable naming the provider release to imitate
/// (`2025.12.1`, `2026.5.0`), over the executable's name.
pub const VERSION_ENV: &str = "AUTHENTIK_STANDIN_PROVIDER_VERSION";

/// One release of `goauthentik/authentik`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderRelease {
    pub version: &'static str,
    /// `authentik_provider_oauth2.grant_types` (added in v2026.5.0, commit
    /// 286731f; `pkg/provider/resource_provider_oauth2.go`).
    pub grant_types: bool,
    /// The `redirect_uri_type` key of `allowed_redirect_uris` entries, sent
    /// and read back (v2026.5.0, PR #914). v2025.12.1 sends and reads
    /// exactly `matching_mode` and `url`.
    pub redirect_uri_type: bool,
    /// `authentik_application.meta_hide` (added after v2025.12.1,
    /// `pkg/provider/resource_application.go`).
    pub application_meta_hide: bool,
}

/// Provider v2025.12.1, made for authentik 2025.12.
pub const PROVIDER_2025_12_1: ProviderRelease = ProviderRelease {
    version: "2025.12.1",
    grant_types: false,
    redirect_uri_type: false,
    application_meta_hide: false,
};

/// Provider v2026.5.0, made for authentik 2026.5.
pub const PROVIDER_2026_5_0: ProviderRelease = ProviderRelease {
    version: "2026.5.0",
    grant_types: true,
    redirect_uri_type: true,
    application_meta_hide: true,
};

/// Every release the stand-in can be, oldest first.
pub const PROVIDER_RELEASES: [ProviderRelease; 2] = [PROVIDER_2025_12_1, PROVIDER_2026_5_0];

impl Default for ProviderRelease {
    fn default() -> Self {
        PROVIDER_2026_5_0
    }
}

impl ProviderRelease {
    /// The release with this version (`2025.12.1`, with or without a `v`).
    pub fn named(version: &str) -> Option<ProviderRelease> {
        let version = version.strip_prefix('v').unwrap_or(version);
        PROVIDER_RELEASES.into_iter().find(|r| r.version == version)
    }

    /// [`VERSION_ENV`] when set, else the executable's name, else the newest.
    /// An unknown version is an error rather than a silent guess.
    pub fn detect(env_version: Option<&str>, executable: &std::path::Path) -> Result<ProviderRelease, String> {
        let known = || {
            PROVIDER_RELEASES
                .iter()
                .map(|r| r.version)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(version) = env_version.filter(|v| !v.is_empty()) {
            return ProviderRelease::named(version)
                .ok_or_else(|| format!("{VERSION_ENV}={version}: the stand-in imitates only {}", known()));
        }
        // Not `file_stem`: the version's dots are not an extension.
        let name = executable.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = name.strip_suffix(std::env::consts::EXE_SUFFIX).unwrap_or(name);
        match name.strip_prefix("terraform-provider-authentik_") {
            Some(version) => ProviderRelease::named(version)
                .ok_or_else(|| format!("installed as {version}: the stand-in imitates only {}", known())),
            None => Ok(ProviderRelease::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_version_comes_from_the_executables_name_unless_overridden() {
        let exe = Path::new("/m/goauthentik/authentik/2025.12.1/linux_amd64/terraform-provider-authentik_v2025.12.1");
        assert_eq!(ProviderRelease::detect(None, exe), Ok(PROVIDER_2025_12_1));
        assert_eq!(ProviderRelease::detect(Some("2026.5.0"), exe), Ok(PROVIDER_2026_5_0));
        assert_eq!(
            ProviderRelease::detect(None, Path::new("target/debug/terraform-provider-authentik")),
            Ok(PROVIDER_2026_5_0)
        );
        assert!(ProviderRelease::detect(None, Path::new("terraform-provider-authentik_v2024.1.0")).is_err());
        assert!(ProviderRelease::detect(Some("1.0"), exe).is_err());
    }
}
