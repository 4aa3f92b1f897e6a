//! The `provider "frappe"` block: its schema, its environment-variable
//! fallbacks, and its validation.

use std::time::Duration;

use reqwest::Url;

use terraform_plugin::framework::Model;
use terraform_plugin::model;
use terraform_plugin::protocol::{AttributePath, Block, Diagnostics, Schema, Type, Value};

pub const DEFAULT_TIMEOUT_SECONDS: i64 = 30;
pub const DEFAULT_MAX_RETRIES: i64 = 3;
const MAX_RETRIES_LIMIT: i64 = 10;

model! {
    /// The `provider "frappe"` block.
    pub struct ProviderConfigModel {
        url: Type::String => .optional().description(
            "Base URL of the Frappe site as the provider reaches it, e.g. `https://erp.example.com` (scheme and \
             host, no path needed). Also read from `FRAPPE_URL`.",
        ),
        public_url: Type::String => .optional().description(
            "Base URL of the site as users' browsers reach it, when that differs from `url` (the provider talks \
             to a cluster service or through a VPN, users come through the public host name). Callback URLs \
             that identity providers send browsers to — the default `redirect_url` of a Custom Social Login Key \
             — are built from it. Defaults to `url`. Also read from `FRAPPE_PUBLIC_URL`.",
        ),
        api_key: Type::String => .optional().description(
            "API key of the Frappe user the provider acts as (User → Settings → API Access). Also read from \
             `FRAPPE_API_KEY`.",
        ),
        api_secret: Type::String => .optional().sensitive().description(
            "API secret belonging to `api_key`. Also read from `FRAPPE_API_SECRET`; prefer the environment \
             variable so the secret stays out of configuration files.",
        ),
        site_name: Type::String => .optional().description(
            "Site name sent as the `X-Frappe-Site-Name` header, for multi-site benches reached by IP address or \
             through a proxy that does not pass the site's host name. Also read from `FRAPPE_SITE_NAME`.",
        ),
        timeout: Type::Number => .optional().description(
            "Seconds to wait for each HTTP request before giving up on it (retries get their own time). Defaults \
             to 30. Also read from `FRAPPE_TIMEOUT`.",
        ),
        max_retries: Type::Number => .optional().description(
            "How many times a failed request is retried when retrying is safe (connection failures, timeouts, \
             HTTP 429, 502, 503, 504, and a write the site's database refused because of a concurrent writer: a \
             deadlock, lock wait timeout or serialization failure), with exponential backoff. Validation errors are never retried. Defaults to \
             3; at most 10. Also read from `FRAPPE_MAX_RETRIES`.",
        ),
        ca_cert_file: Type::String => .optional().description(
            "Path to a PEM file with extra CA certificates to trust, for sites whose certificate is issued by a \
             private CA. Also read from `FRAPPE_CA_CERT_FILE`.",
        ),
        insecure_skip_verify: Type::Bool => .optional().description(
            "Skip verification of the site's TLS certificate. Only for throw-away test sites: anyone on the \
             network path can then read the API secret. Also read from `FRAPPE_INSECURE_SKIP_VERIFY`.",
        ),
    }
}

/// The description of the `provider "frappe"` block.
const DESCRIPTION: &str = "Configures access to one Frappe site through its REST API. The API key must belong to a \
                           user with the **System Manager** role: Frappe grants access to Social Login Keys, \
                           users and settings to that role only.";

pub fn schema() -> Schema {
    Schema::new(0, Block::new(DESCRIPTION, ProviderConfigModel::attributes()))
}

/// A setting that may not be known until apply.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting<T> {
    Known(T),
    Unknown,
    Absent,
}

impl<T> Setting<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Setting::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// The provider block with environment fallbacks applied.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderSettings {
    pub url: Setting<String>,
    pub public_url: Setting<String>,
    pub api_key: Setting<String>,
    pub api_secret: Setting<String>,
    pub site_name: Setting<String>,
    pub timeout_seconds: Setting<i64>,
    pub max_retries: Setting<i64>,
    pub ca_cert_file: Setting<String>,
    pub insecure_skip_verify: Setting<bool>,
}

/// Looks up environment variables; injectable so tests need not touch the
/// process environment.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

fn string_setting(value: &Value, env: &dyn Environment, variable: &str) -> Setting<String> {
    match value {
        Value::String(s) => Setting::Known(s.clone()),
        Value::Unknown(_) => Setting::Unknown,
        _ => env.var(variable).map_or(Setting::Absent, Setting::Known),
    }
}

impl ProviderSettings {
    /// Reads the block, filling what it leaves out from the environment.
    /// Environment values that do not parse are reported on the attribute.
    pub fn from_config(config: &Value, env: &dyn Environment, diagnostics: &mut Diagnostics) -> Self {
        let config = ProviderConfigModel::from_value(config);
        let mut number = |value: &Value, name: &str, variable: &str| -> Setting<i64> {
            match value {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Setting::Known(i),
                    None => {
                        diagnostics.error_at(
                            AttributePath::attribute(name),
                            format!("Invalid {name}"),
                            format!("{name} must be a whole number, got {n}."),
                        );
                        Setting::Absent
                    }
                },
                Value::Unknown(_) => Setting::Unknown,
                _ => match env.var(variable) {
                    None => Setting::Absent,
                    Some(text) => match text.trim().parse() {
                        Ok(i) => Setting::Known(i),
                        Err(_) => {
                            diagnostics.error_at(
                                AttributePath::attribute(name),
                                format!("Invalid {variable}"),
                                format!("{variable} must be a whole number, got {text:?}."),
                            );
                            Setting::Absent
                        }
                    },
                },
            }
        };
        let timeout_seconds = number(&config.timeout, ProviderConfigModel::timeout, "FRAPPE_TIMEOUT");
        let max_retries = number(
            &config.max_retries,
            ProviderConfigModel::max_retries,
            "FRAPPE_MAX_RETRIES",
        );
        let insecure_skip_verify = match &config.insecure_skip_verify {
            Value::Bool(b) => Setting::Known(*b),
            Value::Unknown(_) => Setting::Unknown,
            _ => match env
                .var("FRAPPE_INSECURE_SKIP_VERIFY")
                .as_deref()
                .map(str::to_ascii_lowercase)
            {
                None => Setting::Absent,
                Some(v) if matches!(v.as_str(), "1" | "true" | "yes") => Setting::Known(true),
                Some(v) if matches!(v.as_str(), "0" | "false" | "no") => Setting::Known(false),
                Some(v) => {
                    diagnostics.error_at(
                        AttributePath::attribute(ProviderConfigModel::insecure_skip_verify),
                        "Invalid FRAPPE_INSECURE_SKIP_VERIFY",
                        format!("FRAPPE_INSECURE_SKIP_VERIFY must be true or false, got {v:?}."),
                    );
                    Setting::Absent
                }
            },
        };
        Self {
            url: string_setting(&config.url, env, "FRAPPE_URL"),
            public_url: string_setting(&config.public_url, env, "FRAPPE_PUBLIC_URL"),
            api_key: string_setting(&config.api_key, env, "FRAPPE_API_KEY"),
            api_secret: string_setting(&config.api_secret, env, "FRAPPE_API_SECRET"),
            site_name: string_setting(&config.site_name, env, "FRAPPE_SITE_NAME"),
            timeout_seconds,
            max_retries,
            ca_cert_file: string_setting(&config.ca_cert_file, env, "FRAPPE_CA_CERT_FILE"),
            insecure_skip_verify,
        }
    }

    /// Checks every known value; unknown ones are left for later.
    pub fn validate(&self, diagnostics: &mut Diagnostics) {
        for (name, setting) in [
            (ProviderConfigModel::url, &self.url),
            (ProviderConfigModel::public_url, &self.public_url),
        ] {
            if let Setting::Known(url) = setting {
                if let Err(reason) = parse_site_url(url) {
                    diagnostics.error_at(
                        AttributePath::attribute(name),
                        "Invalid Frappe site URL",
                        format!(
                            "{name} must be the base URL of the Frappe site, such as https://erp.example.com; \
                             {reason} (got {url:?})."
                        ),
                    );
                }
            }
        }
        if let Setting::Known(t) = self.timeout_seconds {
            if t <= 0 || t > 3600 {
                diagnostics.error_at(
                    AttributePath::attribute(ProviderConfigModel::timeout),
                    "Invalid timeout",
                    format!("timeout is in seconds and must be between 1 and 3600, got {t}."),
                );
            }
        }
        if let Setting::Known(r) = self.max_retries {
            if !(0..=MAX_RETRIES_LIMIT).contains(&r) {
                diagnostics.error_at(
                    AttributePath::attribute(ProviderConfigModel::max_retries),
                    "Invalid max_retries",
                    format!("max_retries must be between 0 and {MAX_RETRIES_LIMIT}, got {r}."),
                );
            }
        }
        for (name, setting) in [
            (ProviderConfigModel::api_key, &self.api_key),
            (ProviderConfigModel::api_secret, &self.api_secret),
        ] {
            if let Setting::Known(v) = setting {
                if v.trim().is_empty() || v.contains(char::is_whitespace) || v.contains(':') {
                    diagnostics.error_at(
                        AttributePath::attribute(name),
                        format!("Invalid {name}"),
                        format!(
                            "{name} must be the value shown by Frappe under User → API Access, without spaces or \
                             colons."
                        ),
                    );
                }
            }
        }
        if let Setting::Known(site) = &self.site_name {
            if site.trim().is_empty() || site.contains(char::is_whitespace) {
                diagnostics.error_at(
                    AttributePath::attribute(ProviderConfigModel::site_name),
                    "Invalid site_name",
                    "site_name must be the Frappe site's name (its folder under sites/), without spaces.",
                );
            }
        }
    }

    pub fn timeout(&self) -> Duration {
        let seconds = self.timeout_seconds.known().copied().unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        Duration::from_secs(seconds.clamp(1, 3600) as u64)
    }

    pub fn max_retries(&self) -> u32 {
        self.max_retries
            .known()
            .copied()
            .unwrap_or(DEFAULT_MAX_RETRIES)
            .clamp(0, MAX_RETRIES_LIMIT) as u32
    }
}

/// Parses and checks a site URL; the error says what is wrong in plain words.
pub fn parse_site_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("it is not a valid absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("the scheme must be http or https, not {:?}", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it has no host name".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it must not have a query string or fragment".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("credentials belong in api_key and api_secret, not in the URL".into());
    }
    Ok(url)
}

/// The site URL as users write it in redirect URLs: no trailing slash.
pub fn site_url_for_links(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv(HashMap<&'static str, &'static str>);
    impl Environment for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    fn config(pairs: &[(&str, Value)]) -> Value {
        let mut model = ProviderConfigModel::default();
        for (k, v) in pairs {
            *model.get_mut(k).expect("a provider attribute") = v.clone();
        }
        model.to_value()
    }

    fn settings(config: &Value, env: &[(&'static str, &'static str)]) -> (ProviderSettings, Diagnostics) {
        let mut d = Diagnostics::new();
        let s = ProviderSettings::from_config(config, &FakeEnv(env.iter().copied().collect()), &mut d);
        s.validate(&mut d);
        (s, d)
    }

    #[test]
    fn configuration_wins_over_environment() {
        let (s, d) = settings(
            &config(&[("url", Value::from("https://a.example"))]),
            &[("FRAPPE_URL", "https://b.example"), ("FRAPPE_API_KEY", "k")],
        );
        assert!(d.is_empty());
        assert_eq!(s.url, Setting::Known("https://a.example".into()));
        assert_eq!(s.api_key, Setting::Known("k".into()));
        assert_eq!(s.api_secret, Setting::Absent);
    }

    #[test]
    fn unknown_values_are_not_errors() {
        let (s, d) = settings(
            &config(&[("url", Value::unknown()), ("timeout", Value::unknown())]),
            &[],
        );
        assert!(d.is_empty());
        assert_eq!(s.url, Setting::Unknown);
    }

    #[test]
    fn a_bad_url_is_reported_on_its_attribute() {
        for bad in [
            "not a url",
            "ftp://x.example",
            "https://x.example/?a=1",
            "https://u:p@x.example",
        ] {
            let (_, d) = settings(&config(&[("url", Value::from(bad))]), &[]);
            let diag = d.iter().next().unwrap_or_else(|| panic!("{bad} accepted"));
            assert_eq!(diag.attribute, Some(AttributePath::attribute("url")));
            assert!(diag.detail.contains(bad), "{}", diag.detail);
        }
    }

    #[test]
    fn numbers_are_range_checked_and_env_parsed() {
        let (_, d) = settings(&config(&[("timeout", Value::from(0))]), &[]);
        assert_eq!(
            d.iter().next().unwrap().attribute,
            Some(AttributePath::attribute("timeout"))
        );
        let (s, d) = settings(&config(&[]), &[("FRAPPE_MAX_RETRIES", "5"), ("FRAPPE_TIMEOUT", "7")]);
        assert!(d.is_empty());
        assert_eq!(s.max_retries(), 5);
        assert_eq!(s.timeout(), Duration::from_secs(7));
        let (_, d) = settings(&config(&[]), &[("FRAPPE_MAX_RETRIES", "many")]);
        assert_eq!(
            d.iter().next().unwrap().attribute,
            Some(AttributePath::attribute("max_retries"))
        );
    }

    #[test]
    fn links_drop_the_trailing_slash() {
        let url = parse_site_url("https://erp.example.com/").unwrap();
        assert_eq!(site_url_for_links(&url), "https://erp.example.com");
    }

    #[test]
    fn schema_passes_terraforms_rules() {
        assert_eq!(schema().check(), Vec::<String>::new());
    }
}
