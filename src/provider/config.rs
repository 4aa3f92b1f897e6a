//! The `provider "frappe"` block: its schema, its environment-variable
//! fallbacks, and its validation.

use std::time::Duration;

use reqwest::Url;

use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostics, Schema, Value};

pub const DEFAULT_TIMEOUT_SECONDS: i64 = 30;
pub const DEFAULT_MAX_RETRIES: i64 = 3;
const MAX_RETRIES_LIMIT: i64 = 10;

pub fn schema() -> Schema {
    Schema::new(
        0,
        Block::new(
            "Configures access to one Frappe site through its REST API. The API key must belong to a user with the \
             **System Manager** role: Frappe grants access to Social Login Keys to that role only.",
            vec![
                Attribute::string("url").optional().description(
                    "Base URL of the Frappe site, e.g. `https://erp.example.com` (scheme and host, no path \
                         needed). Also read from `FRAPPE_URL`. Used for API requests and to compute the default \
                         `redirect_url` of Social Login Keys.",
                ),
                Attribute::string("api_key").optional().description(
                    "API key of the Frappe user the provider acts as (User → Settings → API Access). Also read \
                         from `FRAPPE_API_KEY`.",
                ),
                Attribute::string("api_secret").optional().sensitive().description(
                    "API secret belonging to `api_key`. Also read from `FRAPPE_API_SECRET`; prefer the \
                         environment variable so the secret stays out of configuration files.",
                ),
                Attribute::string("site_name").optional().description(
                    "Site name sent as the `X-Frappe-Site-Name` header, for multi-site benches reached by IP \
                         address or through a proxy that does not pass the site's host name. Also read from \
                         `FRAPPE_SITE_NAME`.",
                ),
                Attribute::number("timeout").optional().description(
                    "Seconds to wait for each HTTP request before giving up on it (retries get their own \
                         time). Defaults to 30. Also read from `FRAPPE_TIMEOUT`.",
                ),
                Attribute::number("max_retries").optional().description(
                    "How many times a failed request is retried when retrying is safe (connection failures, \
                         timeouts, HTTP 429, 502, 503, 504), with exponential backoff. Validation errors are never \
                         retried. Defaults to 3; at most 10. Also read from `FRAPPE_MAX_RETRIES`.",
                ),
                Attribute::string("ca_cert_file").optional().description(
                    "Path to a PEM file with extra CA certificates to trust, for sites whose certificate is \
                         issued by a private CA. Also read from `FRAPPE_CA_CERT_FILE`.",
                ),
                Attribute::bool("insecure_skip_verify").optional().description(
                    "Skip verification of the site's TLS certificate. Only for throw-away test sites: anyone \
                         on the network path can then read the API secret. Also read from \
                         `FRAPPE_INSECURE_SKIP_VERIFY`.",
                ),
            ],
        ),
    )
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

fn string_setting(config: &Value, name: &str, env: &dyn Environment, variable: &str) -> Setting<String> {
    match config.get(name) {
        Value::String(s) => Setting::Known(s.clone()),
        Value::Unknown(_) => Setting::Unknown,
        _ => env.var(variable).map_or(Setting::Absent, Setting::Known),
    }
}

impl ProviderSettings {
    /// Reads the block, filling what it leaves out from the environment.
    /// Environment values that do not parse are reported on the attribute.
    pub fn from_config(config: &Value, env: &dyn Environment, diagnostics: &mut Diagnostics) -> Self {
        let mut number = |name: &str, variable: &str| -> Setting<i64> {
            match config.get(name) {
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
        let timeout_seconds = number("timeout", "FRAPPE_TIMEOUT");
        let max_retries = number("max_retries", "FRAPPE_MAX_RETRIES");
        let insecure_skip_verify = match config.get("insecure_skip_verify") {
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
                        AttributePath::attribute("insecure_skip_verify"),
                        "Invalid FRAPPE_INSECURE_SKIP_VERIFY",
                        format!("FRAPPE_INSECURE_SKIP_VERIFY must be true or false, got {v:?}."),
                    );
                    Setting::Absent
                }
            },
        };
        Self {
            url: string_setting(config, "url", env, "FRAPPE_URL"),
            api_key: string_setting(config, "api_key", env, "FRAPPE_API_KEY"),
            api_secret: string_setting(config, "api_secret", env, "FRAPPE_API_SECRET"),
            site_name: string_setting(config, "site_name", env, "FRAPPE_SITE_NAME"),
            timeout_seconds,
            max_retries,
            ca_cert_file: string_setting(config, "ca_cert_file", env, "FRAPPE_CA_CERT_FILE"),
            insecure_skip_verify,
        }
    }

    /// Checks every known value; unknown ones are left for later.
    pub fn validate(&self, diagnostics: &mut Diagnostics) {
        if let Setting::Known(url) = &self.url {
            if let Err(reason) = parse_site_url(url) {
                diagnostics.error_at(
                    AttributePath::attribute("url"),
                    "Invalid Frappe site URL",
                    format!(
                        "url must be the base URL of the Frappe site, such as https://erp.example.com; {reason} \
                         (got {url:?})."
                    ),
                );
            }
        }
        if let Setting::Known(t) = self.timeout_seconds {
            if t <= 0 || t > 3600 {
                diagnostics.error_at(
                    AttributePath::attribute("timeout"),
                    "Invalid timeout",
                    format!("timeout is in seconds and must be between 1 and 3600, got {t}."),
                );
            }
        }
        if let Setting::Known(r) = self.max_retries {
            if !(0..=MAX_RETRIES_LIMIT).contains(&r) {
                diagnostics.error_at(
                    AttributePath::attribute("max_retries"),
                    "Invalid max_retries",
                    format!("max_retries must be between 0 and {MAX_RETRIES_LIMIT}, got {r}."),
                );
            }
        }
        for (name, setting) in [("api_key", &self.api_key), ("api_secret", &self.api_secret)] {
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
                    AttributePath::attribute("site_name"),
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
        let mut object = Value::null_object(&schema().value_type());
        for (k, v) in pairs {
            object.set_attribute(k, v.clone());
        }
        object
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
