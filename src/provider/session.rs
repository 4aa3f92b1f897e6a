//! What a configured provider hands to its resources: the site URLs (which
//! may not be known yet during plan), the HTTP client if one could be built,
//! and the site's DocType descriptions, read once per provider process.

use std::sync::Arc;

use super::config::Setting;
use frappe_client::{DocTypeMeta, FrappeClient};
use reqwest::Url;
use terraform_plugin::protocol::Diagnostic;

/// What is known of a DocType on this site.
#[derive(Clone, Debug)]
pub enum SiteMeta {
    /// The site's own description.
    Known(Arc<DocTypeMeta>),
    /// The site has no such DocType.
    Missing,
    /// It could not be read (permissions, network): why.
    Unreadable(String),
    /// The provider settings are not known yet (planning before apply).
    NotYet,
}

pub struct FrappeSession {
    site_url: Setting<Url>,
    /// The address browsers use, for callback URLs (`public_url`, else `url`).
    public_url: Setting<Url>,
    client: Result<Arc<FrappeClient>, String>,
}

impl FrappeSession {
    pub fn ready(site_url: Url, public_url: Setting<Url>, client: FrappeClient) -> Self {
        Self {
            site_url: Setting::Known(site_url),
            public_url,
            client: Ok(Arc::new(client)),
        }
    }

    /// A provider whose settings are not all known yet (they come from
    /// resources that do not exist until apply). Planning works; anything
    /// that needs the site reports `reason`.
    pub fn deferred(site_url: Setting<Url>, public_url: Setting<Url>, reason: impl Into<String>) -> Self {
        Self {
            site_url,
            public_url,
            client: Err(reason.into()),
        }
    }

    pub fn site_url(&self) -> &Setting<Url> {
        &self.site_url
    }

    /// The site's URL as browsers reach it.
    pub fn public_url(&self) -> &Setting<Url> {
        &self.public_url
    }

    pub fn client(&self) -> Result<&FrappeClient, Diagnostic> {
        self.client.as_deref().map_err(|reason| {
            Diagnostic::error(
                "The Frappe provider cannot reach the site yet",
                format!("{reason} Terraform needs the site for this operation; apply the resources the provider configuration depends on first (terraform apply -target=...)."),
            )
        })
    }

    /// The site's description of `doctype`. Read at most once per provider
    /// process (the client keeps it; concurrent callers wait for the one
    /// request), and only when a resource or a batch of reads needs it.
    pub async fn doctype_meta(&self, doctype: &str) -> SiteMeta {
        let Ok(client) = self.client.as_deref() else {
            return SiteMeta::NotYet;
        };
        match client.cached_doctype_meta(doctype).await {
            Ok(Some(meta)) => SiteMeta::Known(meta),
            Ok(None) => SiteMeta::Missing,
            Err(reason) => SiteMeta::Unreadable(reason),
        }
    }
}
