//! The stand-in for the official authentik Terraform provider
//! (`goauthentik/authentik` 2026.5.0), built on the workspace's plugin
//! framework: the `provider "authentik"` block, and the one list of the
//! types it offers — the five the SSO module uses, with their exact schemas.
//!
//! The real provider is built on terraform-plugin-sdk v2 and serves plugin
//! protocol 5; this one serves protocol 6 (the framework's). The schema
//! semantics are the same, and [`sdk`] reproduces what SDKv2 does around the
//! provider's code (defaults, `GetOk`, validators, planning), so plans,
//! errors and state match what users of the real provider see.
//!
//! Map of the module:
//! - [`client`]: the API client and the real provider's error texts;
//! - [`sdk`]: SDKv2's planning, validation and read helpers;
//! - [`release`]: which release of the official provider it imitates
//!   (v2025.12.1 or v2026.5.0) and how their schemas differ;
//! - `resources`: `authentik_provider_oauth2`, `authentik_application`,
//!   `authentik_policy_binding`;
//! - `data_sources`: `authentik_flow`, `authentik_group`,
//!   `authentik_certificate_key_pair`, `authentik_property_mapping_provider_scope`.

pub mod client;
mod data_sources;
pub mod release;
mod resources;
pub(crate) mod sdk;

use async_trait::async_trait;
use terraform_plugin::framework::{self, DataSource, Function, Resource, StopSignal};
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};

pub use client::ApiClient;
pub use release::ProviderRelease;

/// Where the provider reads its settings from besides the configuration.
pub trait Environment: Send + Sync {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// The provider.
pub struct AuthentikProvider {
    environment: Box<dyn Environment>,
    release: ProviderRelease,
}

impl Default for AuthentikProvider {
    fn default() -> Self {
        AuthentikProvider {
            environment: Box::new(ProcessEnvironment),
            release: ProviderRelease::default(),
        }
    }
}

impl AuthentikProvider {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_environment(environment: Box<dyn Environment>) -> Self {
        AuthentikProvider {
            environment,
            release: ProviderRelease::default(),
        }
    }

    /// The provider as `release` of the official provider declares it.
    pub fn with_release(mut self, release: ProviderRelease) -> Self {
        self.release = release;
        self
    }

    pub fn release(&self) -> ProviderRelease {
        self.release
    }

    /// `schema.EnvDefaultFunc`: the variable's value when set and non-empty.
    fn env(&self, name: &str) -> Option<String> {
        self.environment.var(name).filter(|v| !v.is_empty())
    }

    /// A `Required` attribute with an environment default: SDKv2 tells
    /// Terraform it is optional when the variable is set.
    fn required_unless_env(&self, attribute: Attribute, variable: &str) -> Attribute {
        if self.env(variable).is_some() {
            attribute.optional()
        } else {
            attribute.required()
        }
    }

    /// A setting from the configuration, else from its variable.
    fn setting(&self, config: &Value, name: &str, variable: &str) -> Setting {
        match config.get(name) {
            Value::String(s) => Setting::Known(s.clone()),
            v if v.is_unknown() => Setting::Unknown,
            _ => self.env(variable).map_or(Setting::Absent, Setting::Known),
        }
    }
}

enum Setting {
    Known(String),
    Unknown,
    Absent,
}

#[async_trait]
impl framework::Provider for AuthentikProvider {
    type Client = ApiClient;

    fn name(&self) -> &'static str {
        "authentik"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "",
                vec![
                    self.required_unless_env(Attribute::string("url"), "AUTHENTIK_URL").description(
                        "The authentik API endpoint, can optionally be passed as `AUTHENTIK_URL` environmental variable",
                    ),
                    Attribute::bool("insecure").optional().description(
                        "Whether to skip TLS verification, can optionally be passed as `AUTHENTIK_INSECURE` environmental variable",
                    ),
                    self.required_unless_env(Attribute::string("token"), "AUTHENTIK_TOKEN")
                        .sensitive()
                        .description(
                            "The authentik API token, can optionally be passed as `AUTHENTIK_TOKEN` environmental variable",
                        ),
                    Attribute::new("headers", Type::map(Type::String))
                        .optional()
                        .sensitive()
                        .description("Optional HTTP headers sent with every request"),
                ],
            ),
        )
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    async fn configure(&self, config: &Value, _stop: StopSignal) -> Result<(ApiClient, Diagnostics), Diagnostics> {
        let url = self.setting(config, "url", "AUTHENTIK_URL");
        let token = self.setting(config, "token", "AUTHENTIK_TOKEN");
        let (Setting::Known(url), Setting::Known(token)) = (url, token) else {
            // SDKv2 hands unknown settings to the provider as empty strings:
            // every request then fails; nothing fails here.
            return Ok((ApiClient::unconfigured(), Diagnostics::new()));
        };
        let insecure = match config.get("insecure") {
            Value::Bool(b) => *b,
            _ => self
                .env("AUTHENTIK_INSECURE")
                .is_some_and(|v| matches!(v.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True")),
        };
        let headers: Vec<(String, String)> = match config.get("headers") {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect(),
            _ => Vec::new(),
        };
        let client = ApiClient::new(&url, &token, insecure, &headers)
            .map_err(|e| Diagnostics::from(Diagnostic::error(e.to_string(), "").at(AttributePath::attribute("url"))))?;
        // Best effort, as the real provider's check of the error-reporting settings.
        let _ = client.get("/root/config/").await;
        Ok((client, Diagnostics::new()))
    }

    fn resources(&self) -> Vec<Box<dyn Resource<ApiClient>>> {
        vec![
            Box::new(resources::provider_oauth2::ProviderOAuth2(self.release)),
            Box::new(resources::application::ApplicationResource(self.release)),
            Box::new(resources::policy_binding::PolicyBindingResource),
        ]
    }

    fn data_sources(&self) -> Vec<Box<dyn DataSource<ApiClient>>> {
        vec![
            Box::new(data_sources::flow::FlowLookup),
            Box::new(data_sources::group::GroupLookup),
            Box::new(data_sources::certificate_key_pair::CertificateKeyPairLookup),
            Box::new(data_sources::property_mapping_provider_scope::ScopeMappingLookup),
        ]
    }

    fn functions(&self) -> Vec<Box<dyn Function>> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framework::Provider as _;
    use terraform_plugin::protocol::Presence;

    struct Env(Vec<(&'static str, &'static str)>);

    impl Environment for Env {
        fn var(&self, name: &str) -> Option<String> {
            self.0.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        }
    }

    fn presence(provider: &AuthentikProvider, name: &str) -> Presence {
        provider
            .schema()
            .block
            .attribute(name)
            .map(|a| a.presence)
            .expect("attribute")
    }

    #[test]
    fn url_and_token_are_required_unless_their_variables_are_set() {
        let bare = AuthentikProvider::with_environment(Box::new(Env(vec![])));
        assert_eq!(presence(&bare, "url"), Presence::Required);
        assert_eq!(presence(&bare, "token"), Presence::Required);
        let empty = AuthentikProvider::with_environment(Box::new(Env(vec![("AUTHENTIK_URL", "")])));
        assert_eq!(presence(&empty, "url"), Presence::Required);
        let set = AuthentikProvider::with_environment(Box::new(Env(vec![
            ("AUTHENTIK_URL", "http://x"),
            ("AUTHENTIK_TOKEN", "t"),
        ])));
        assert_eq!(presence(&set, "url"), Presence::Optional);
        assert_eq!(presence(&set, "token"), Presence::Optional);
        assert!(set.schema().block.attribute("token").is_some_and(|a| a.sensitive));
        assert!(set.schema().block.attribute("headers").is_some_and(|a| a.sensitive));
    }

    /// Terraform's schema rules, except ours that every attribute has a
    /// description: the real provider leaves many undescribed.
    #[test]
    fn every_schema_passes_terraforms_rules() {
        let provider = AuthentikProvider::new();
        let problems = |schema: Schema| -> Vec<String> {
            schema
                .check()
                .into_iter()
                .filter(|p| !p.ends_with("missing description"))
                .collect()
        };
        assert_eq!(problems(provider.schema()), Vec::<String>::new());
        for r in provider.resources() {
            assert_eq!(problems(r.schema()), Vec::<String>::new(), "{}", r.type_name());
        }
        for d in provider.data_sources() {
            assert_eq!(problems(d.schema()), Vec::<String>::new(), "{}", d.type_name());
        }
    }

    #[test]
    fn only_client_secret_and_key_data_are_sensitive_among_the_types() {
        let provider = AuthentikProvider::new();
        let mut sensitive = Vec::new();
        for r in provider.resources() {
            for a in r.schema().block.attributes {
                if a.sensitive {
                    sensitive.push(format!("{}.{}", r.type_name(), a.name));
                }
            }
        }
        for d in provider.data_sources() {
            for a in d.schema().block.attributes {
                if a.sensitive {
                    sensitive.push(format!("{}.{}", d.type_name(), a.name));
                }
            }
        }
        assert_eq!(
            sensitive,
            vec![
                "authentik_provider_oauth2.client_secret",
                "authentik_certificate_key_pair.key_data"
            ]
        );
    }

    /// One line per attribute: name, type, presence, sensitivity.
    fn outline(schema: &Schema) -> Vec<String> {
        let mut lines: Vec<String> = schema
            .block
            .attributes
            .iter()
            .map(|a| {
                let presence = match a.presence {
                    Presence::Required => "R",
                    Presence::Optional => "O",
                    Presence::OptionalComputed => "O+C",
                    Presence::Computed => "C",
                };
                let sensitive = if a.sensitive { " sensitive" } else { "" };
                format!("{} {} {presence}{sensitive}", a.name, a.value_type().to_json())
            })
            .collect();
        lines.sort();
        lines
    }

    fn sorted(lines: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.sort();
        out
    }

    /// The seven types as provider v2026.5.0 declares them.
    #[test]
    fn schemas_are_the_real_providers() {
        let provider = AuthentikProvider::new();
        let resource = |name: &str| {
            provider
                .resources()
                .into_iter()
                .find(|r| r.type_name() == name)
                .map(|r| outline(&r.schema()))
                .expect("resource")
        };
        let data_source = |name: &str| {
            provider
                .data_sources()
                .into_iter()
                .find(|d| d.type_name() == name)
                .map(|d| outline(&d.schema()))
                .expect("data source")
        };
        assert_eq!(
            resource("authentik_provider_oauth2"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"name "string" R"#,
                r#"authentication_flow "string" O"#,
                r#"authorization_flow "string" R"#,
                r#"invalidation_flow "string" R"#,
                r#"property_mappings ["list","string"] O"#,
                r#"client_type "string" O"#,
                r#"grant_types ["list","string"] O+C"#,
                r#"client_id "string" R"#,
                r#"client_secret "string" O+C sensitive"#,
                r#"access_code_validity "string" O"#,
                r#"access_token_validity "string" O"#,
                r#"refresh_token_validity "string" O"#,
                r#"refresh_token_threshold "string" O"#,
                r#"include_claims_in_id_token "bool" O"#,
                r#"signing_key "string" O"#,
                r#"encryption_key "string" O"#,
                r#"allowed_redirect_uris ["list",["map","string"]] O"#,
                r#"logout_method "string" O"#,
                r#"logout_uri "string" O"#,
                r#"sub_mode "string" O"#,
                r#"issuer_mode "string" O"#,
                r#"jwks_sources ["list","string"] O"#,
                r#"jwt_federation_sources ["list","string"] O"#,
                r#"jwt_federation_providers ["list","number"] O"#,
            ])
        );
        assert_eq!(
            resource("authentik_application"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"name "string" R"#,
                r#"slug "string" R"#,
                r#"protocol_provider "number" O"#,
                r#"backchannel_providers ["list","number"] O"#,
                r#"uuid "string" O+C"#,
                r#"group "string" O"#,
                r#"meta_icon "string" O"#,
                r#"meta_description "string" O"#,
                r#"meta_publisher "string" O"#,
                r#"meta_launch_url "string" O"#,
                r#"policy_engine_mode "string" O"#,
                r#"open_in_new_tab "bool" O"#,
                r#"meta_hide "bool" O"#,
            ])
        );
        assert_eq!(
            data_source("authentik_flow"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"slug "string" O+C"#,
                r#"designation "string" O+C"#,
                r#"authentication "string" O+C"#,
                r#"name "string" C"#,
                r#"title "string" C"#,
            ])
        );
        assert_eq!(
            data_source("authentik_certificate_key_pair"),
            sorted(&[
                r#"id "string" C"#,
                r#"name "string" R"#,
                r#"fetch_certificate "bool" O"#,
                r#"fetch_key "bool" O"#,
                r#"key_data "string" O+C sensitive"#,
                r#"certificate_data "string" C"#,
                r#"expiry "string" C"#,
                r#"subject "string" C"#,
                r#"fingerprint1 "string" C"#,
                r#"fingerprint256 "string" C"#,
            ])
        );
        assert_eq!(
            data_source("authentik_property_mapping_provider_scope"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"name "string" O"#,
                r#"managed "string" O"#,
                r#"managed_list ["list","string"] O"#,
                r#"ids ["list","string"] O+C"#,
                r#"scope_name "string" O+C"#,
                r#"expression "string" C"#,
                r#"description "string" C"#,
            ])
        );
        assert_eq!(
            resource("authentik_policy_binding"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"target "string" R"#,
                r#"policy "string" O"#,
                r#"user "number" O"#,
                r#"group "string" O"#,
                r#"order "number" R"#,
                r#"negate "bool" O"#,
                r#"enabled "bool" O"#,
                r#"timeout "number" O"#,
                r#"failure_result "bool" O"#,
            ])
        );
        assert_eq!(
            data_source("authentik_group"),
            sorted(&[
                r#"id "string" O+C"#,
                r#"pk "string" O"#,
                r#"num_pk "number" C"#,
                r#"name "string" O"#,
                r#"include_users "bool" O"#,
                r#"is_superuser "bool" C"#,
                r#"parents ["list","string"] C"#,
                r#"parent_name "string" C"#,
                r#"users ["list","number"] C"#,
                r#"attributes "string" C"#,
                r#"users_obj ["list",["object",{"attributes":"string","email":"string","is_active":"bool","last_login":"string","name":"string","pk":"number","uid":"string","username":"string"}]] C"#,
            ])
        );
    }

    /// v2025.12.1 has neither `grant_types` nor `meta_hide`; the rest is as in v2026.5.0.
    #[test]
    fn release_2025_12_1_lacks_what_2026_5_0_added() {
        let names = |provider: &AuthentikProvider, type_name: &str| -> Vec<String> {
            provider
                .resources()
                .into_iter()
                .find(|r| r.type_name() == type_name)
                .map(|r| r.schema().block.attributes.into_iter().map(|a| a.name).collect())
                .expect("resource")
        };
        let old = AuthentikProvider::new().with_release(release::PROVIDER_2025_12_1);
        let new = AuthentikProvider::new();
        for (type_name, added) in [
            ("authentik_provider_oauth2", "grant_types"),
            ("authentik_application", "meta_hide"),
        ] {
            let mut without: Vec<String> = names(&new, type_name);
            without.retain(|n| n != added);
            assert_eq!(names(&old, type_name), without, "{type_name}");
        }
    }
}
