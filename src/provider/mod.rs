//! The Frappe provider: its configuration and the resources, data sources and
//! functions it offers. The lists in [`FrappeProvider::resources`],
//! [`FrappeProvider::data_sources`] and [`FrappeProvider::functions`] are the
//! only registration: documentation generation and the example tests read
//! them. Adding a Terraform type means one module under `resources/`,
//! `data_sources/` or `functions/` and one line here.

pub mod config;
pub mod diagnostics;
pub mod session;

use async_trait::async_trait;

use crate::document_resource::DocumentResourceAdapter;
use config::{
    parse_site_url, Environment, ProcessEnvironment, ProviderConfigModel as Config, ProviderSettings, Setting,
};
use frappe_client::{ClientConfig, FrappeClient, RetryPolicy};
pub use session::{FrappeSession, SiteMeta};
use terraform_plugin::framework::{self, DataSource, Function, ListResource, Resource, StopSignal};
use terraform_plugin::protocol::{AttributePath, Diagnostic, Diagnostics, Schema, Value};

pub struct FrappeProvider {
    environment: Box<dyn Environment + Send + Sync>,
}

impl Default for FrappeProvider {
    fn default() -> Self {
        Self {
            environment: Box::new(ProcessEnvironment),
        }
    }
}

impl FrappeProvider {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl framework::Provider for FrappeProvider {
    type Client = FrappeSession;

    fn name(&self) -> &'static str {
        "frappe"
    }

    fn schema(&self) -> Schema {
        config::schema()
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        // Only what is written in the block: the environment may differ at apply time.
        let settings = ProviderSettings::from_config(config, &NoEnvironment, &mut diagnostics);
        settings.validate(&mut diagnostics);
        diagnostics
    }

    async fn configure(&self, config: &Value, stop: StopSignal) -> Result<(FrappeSession, Diagnostics), Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let settings = ProviderSettings::from_config(config, self.environment.as_ref(), &mut diagnostics);
        settings.validate(&mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }

        let parse = |setting: &Setting<String>| match setting {
            Setting::Known(text) => parse_site_url(text).map(Setting::Known),
            Setting::Unknown => Ok(Setting::Unknown),
            Setting::Absent => Ok(Setting::Absent),
        };
        // Bad URLs were already reported by validate.
        let Ok(site_url) = parse(&settings.url) else {
            return Err(diagnostics);
        };
        let public_url = match parse(&settings.public_url) {
            Ok(Setting::Absent) => site_url.clone(),
            Ok(public) => public,
            Err(_) => return Err(diagnostics),
        };
        let unknown: Vec<&str> = [
            (Config::url, matches!(settings.url, Setting::Unknown)),
            (Config::api_key, matches!(settings.api_key, Setting::Unknown)),
            (Config::api_secret, matches!(settings.api_secret, Setting::Unknown)),
            (Config::site_name, matches!(settings.site_name, Setting::Unknown)),
            (Config::ca_cert_file, matches!(settings.ca_cert_file, Setting::Unknown)),
        ]
        .into_iter()
        .filter_map(|(name, is_unknown)| is_unknown.then_some(name))
        .collect();
        if !unknown.is_empty() {
            let reason = format!(
                "The provider settings {} depend on values that are known only after apply.",
                unknown.join(", ")
            );
            return Ok((FrappeSession::deferred(site_url, public_url, reason), diagnostics));
        }

        for (name, setting, variable) in [
            (Config::url, &settings.url, "FRAPPE_URL"),
            (Config::api_key, &settings.api_key, "FRAPPE_API_KEY"),
            (Config::api_secret, &settings.api_secret, "FRAPPE_API_SECRET"),
        ] {
            if matches!(setting, Setting::Absent) {
                diagnostics.error_at(
                    AttributePath::attribute(name),
                    format!("Missing {name}"),
                    format!("Set {name} in the provider \"frappe\" block or the {variable} environment variable."),
                );
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let (Setting::Known(base_url), Setting::Known(api_key), Setting::Known(api_secret)) =
            (site_url, settings.api_key.clone(), settings.api_secret.clone())
        else {
            return Err(diagnostics);
        };

        let ca_certificates_pem = match settings.ca_cert_file.known() {
            None => None,
            Some(path) => match std::fs::read(path) {
                Ok(pem) => Some(pem),
                Err(e) => {
                    diagnostics.error_at(
                        AttributePath::attribute(Config::ca_cert_file),
                        "Cannot read the CA certificate file",
                        format!("{path}: {e}"),
                    );
                    return Err(diagnostics);
                }
            },
        };
        let insecure_skip_verify = settings.insecure_skip_verify.known().copied().unwrap_or(false);
        if insecure_skip_verify {
            diagnostics.warning_at(
                AttributePath::attribute(Config::insecure_skip_verify),
                "TLS certificate verification is disabled",
                "The provider accepts any certificate from the Frappe site, so anyone on the network path can read \
                 the API secret and the client secrets it sends. Use ca_cert_file for a private CA instead.",
            );
        }
        let client_config = ClientConfig {
            base_url: base_url.clone(),
            api_key,
            api_secret,
            site_name: settings.site_name.known().cloned(),
            timeout: settings.timeout(),
            ca_certificates_pem,
            insecure_skip_verify,
            retry: RetryPolicy {
                max_retries: settings.max_retries(),
                ..RetryPolicy::default()
            },
        };
        match FrappeClient::new(client_config, stop) {
            Ok(client) => Ok((FrappeSession::ready(base_url, public_url, client), diagnostics)),
            Err(e) => {
                let path = match e {
                    frappe_client::ClientBuildError::CaCertificate(_) => Config::ca_cert_file,
                    frappe_client::ClientBuildError::InvalidSiteName => Config::site_name,
                    frappe_client::ClientBuildError::InvalidCredentials => Config::api_key,
                };
                let diagnostic = Diagnostic::error("Cannot set up the Frappe client", e.to_string())
                    .at(AttributePath::attribute(path));
                diagnostics.push(diagnostic);
                Err(diagnostics)
            }
        }
    }

    fn resources(&self) -> Vec<Box<dyn Resource<FrappeSession>>> {
        vec![
            Box::new(DocumentResourceAdapter::new(
                crate::resources::social_login_key::SocialLoginKeyResource,
            )),
            Box::new(DocumentResourceAdapter::new(crate::resources::user::UserResource)),
            Box::new(DocumentResourceAdapter::new(
                crate::resources::document::AnyDocumentResource,
            )),
        ]
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<FrappeSession>>> {
        vec![
            Box::new(crate::data_sources::social_login_key::SocialLoginKeyLookup),
            Box::new(crate::data_sources::social_login_keys::SocialLoginKeyList),
            Box::new(crate::data_sources::document::DocumentLookup),
            Box::new(crate::data_sources::documents::DocumentList),
        ]
    }

    fn functions(&self) -> Vec<Box<dyn Function>> {
        vec![Box::new(
            crate::functions::social_login_redirect_url::SocialLoginRedirectUrl,
        )]
    }

    fn list_resources(&self) -> Vec<Box<dyn ListResource<FrappeSession>>> {
        use crate::list_resources::DocumentList;
        vec![
            Box::new(DocumentList::new(
                crate::resources::social_login_key::SocialLoginKeyResource,
            )),
            Box::new(DocumentList::new(crate::resources::user::UserResource)),
            Box::new(DocumentList::new(crate::resources::document::AnyDocumentResource)),
        ]
    }
}

/// Validation looks at the block alone.
struct NoEnvironment;

impl Environment for NoEnvironment {
    fn var(&self, _: &str) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use terraform_plugin::framework::Provider;

    #[test]
    fn every_schema_passes_terraforms_rules() {
        let provider = FrappeProvider::new();
        assert_eq!(provider.schema().check(), Vec::<String>::new());
        for r in provider.resources() {
            assert_eq!(r.schema().check(), Vec::<String>::new(), "{}", r.type_name());
        }
        for d in provider.data_sources() {
            assert_eq!(d.schema().check(), Vec::<String>::new(), "{}", d.type_name());
        }
    }
}
