//! What a configured provider hands to its resources: the site URL (which may
//! not be known yet during plan) and the HTTP client, if one could be built.

use std::sync::Arc;

use reqwest::Url;

use super::config::Setting;
use frappe_client::FrappeClient;
use terraform_plugin::protocol::Diagnostic;

pub struct FrappeSession {
    site_url: Setting<Url>,
    client: Result<Arc<FrappeClient>, String>,
}

impl FrappeSession {
    pub fn ready(site_url: Url, client: FrappeClient) -> Self {
        Self {
            site_url: Setting::Known(site_url),
            client: Ok(Arc::new(client)),
        }
    }

    /// A provider whose settings are not all known yet (they come from
    /// resources that do not exist until apply). Planning works; anything
    /// that needs the site reports `reason`.
    pub fn deferred(site_url: Setting<Url>, reason: impl Into<String>) -> Self {
        Self {
            site_url,
            client: Err(reason.into()),
        }
    }

    pub fn site_url(&self) -> &Setting<Url> {
        &self.site_url
    }

    pub fn client(&self) -> Result<&FrappeClient, Diagnostic> {
        self.client.as_deref().map_err(|reason| {
            Diagnostic::error(
                "The Frappe provider cannot reach the site yet",
                format!("{reason} Terraform needs the site for this operation; apply the resources the provider configuration depends on first (terraform apply -target=...)."),
            )
        })
    }
}
