//! The authentik releases the server stand-in can be, and what differs
//! between them — as data, so a difference is a row and not a branch
//! scattered through the handlers.

/// One authentik release line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerRelease {
    /// authentik's version, e.g. `2025.12.4`.
    pub version: &'static str,
    /// OAuth2 providers have `grant_types` (authentik 2026.5,
    /// `authentik/providers/oauth2/migrations/0032_oauth2provider_grant_types.py`).
    /// Without the field the API ignores it when sent, never returns it,
    /// and every grant type is allowed.
    pub provider_grant_types: bool,
    /// Redirect URI entries have `redirect_uri_type` (`authorization` or
    /// `logout`, authentik 2026.5). Without it the key is ignored when sent,
    /// never returned, and every entry is an authorization URI.
    pub redirect_uri_types: bool,
    /// A provider whose `redirect_uris` is empty takes the first
    /// `redirect_uri` an authorize request sends, as a strict entry
    /// (authentik 2025.12 `authentik/providers/oauth2/views/authorize.py`
    /// `OAuthAuthorizationParams.check_redirect_uri`; removed in 2026.5 by
    /// authentik PR #21746).
    pub fills_blank_redirect_uris: bool,
    /// Applications have `meta_hide` (added after 2025.12: the 2025.12.4
    /// `authentik/core/api/applications.py` `ApplicationSerializer` has no
    /// such field).
    pub application_meta_hide: bool,
    /// Discovery advertises `frontchannel_logout_supported` and
    /// `frontchannel_logout_session_supported` (added with front-channel
    /// logout, authentik PR #20011, in
    /// `authentik/providers/oauth2/views/provider.py` `ProviderInfoView`;
    /// 2025.12.4 advertises only the back-channel pair).
    pub discovery_frontchannel_logout: bool,
}

/// authentik 2025.12 (observed on 2025.12.4, the newest 2025 release).
pub const AUTHENTIK_2025_12: ServerRelease = ServerRelease {
    version: "2025.12.4",
    provider_grant_types: false,
    redirect_uri_types: false,
    fills_blank_redirect_uris: true,
    application_meta_hide: false,
    discovery_frontchannel_logout: false,
};

/// authentik 2026.5.
pub const AUTHENTIK_2026_5: ServerRelease = ServerRelease {
    version: "2026.5.0",
    provider_grant_types: true,
    redirect_uri_types: true,
    fills_blank_redirect_uris: false,
    application_meta_hide: true,
    discovery_frontchannel_logout: true,
};

/// Every release the stand-in can be, oldest first.
pub const RELEASES: [ServerRelease; 2] = [AUTHENTIK_2025_12, AUTHENTIK_2026_5];

impl Default for ServerRelease {
    fn default() -> Self {
        AUTHENTIK_2026_5
    }
}

impl ServerRelease {
    /// The release by its line (`2025.12`, `2026.5`) or full version.
    pub fn named(name: &str) -> Option<ServerRelease> {
        RELEASES
            .into_iter()
            .find(|r| r.version == name || r.version.starts_with(&format!("{name}.")))
    }

    /// Whether a provider with these `grant_types` may use `grant_type`.
    pub(crate) fn allows_grant(&self, grant_types: &[String], grant_type: &str) -> bool {
        !self.provider_grant_types || grant_types.iter().any(|g| g == grant_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_by_line_or_version() {
        assert_eq!(ServerRelease::named("2025.12"), Some(AUTHENTIK_2025_12));
        assert_eq!(ServerRelease::named("2026.5.0"), Some(AUTHENTIK_2026_5));
        assert_eq!(ServerRelease::named("2026.1"), None);
        assert_eq!(ServerRelease::named("2025.1"), None);
    }

    #[test]
    fn before_2026_5_every_grant_is_allowed() {
        assert!(AUTHENTIK_2025_12.allows_grant(&[], "client_credentials"));
        assert!(!AUTHENTIK_2026_5.allows_grant(&[], "authorization_code"));
        assert!(AUTHENTIK_2026_5.allows_grant(&["authorization_code".into()], "authorization_code"));
    }
}
