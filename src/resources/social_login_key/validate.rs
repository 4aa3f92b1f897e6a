//! Plan-time checks, each reported on the attribute it is about.
//!
//! [`check_config`] runs on the configuration alone (ValidateResourceConfig,
//! so `terraform validate` catches it). [`check_resolved`] runs during plan on
//! the values the provider will actually send — presets and computed
//! defaults included — and against the fields and options of the site's own
//! DocType. Unknown values are skipped everywhere: they are checked again
//! once known.
//!
//! Errors are for setups Frappe refuses or that cannot work; warnings for
//! setups that might work but probably do not.

use super::model::SocialLoginKeyModel as Key;
use super::site::{SiteFields, Source};
use frappe_client::doctypes::fields::{FieldKind, MAX_DATA_LENGTH};
use frappe_client::doctypes::social_login_key::{
    callback_segment_problem, key_name, preset, server_icon, CUSTOM_CALLBACK_METHOD, FIELDS, SIGN_UPS_OPTIONS,
};
use terraform_plugin::framework::Model;
use terraform_plugin::protocol::{AttributePath, Diagnostics, Value};

fn path(name: &'static str) -> AttributePath {
    AttributePath::attribute(name)
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn quoted_options(options: &[String]) -> String {
    options.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

/// Checks of the configuration on its own.
pub fn check_config(config: &Key, write_only_allowed: bool) -> Diagnostics {
    let mut d = Diagnostics::new();

    if let Some(name) = text(&config.provider_name) {
        if name.trim().is_empty() {
            d.error_at(
                path(Key::provider_name),
                "provider_name is empty",
                "Frappe needs a provider name: it is the label of the login button and the source of the key's name.",
            );
        } else if name != name.trim() {
            d.error_at(
                path(Key::provider_name),
                "provider_name has leading or trailing spaces",
                format!(
                    "Frappe would name the key {:?} and show the spaces on the login button; remove them.",
                    key_name(name)
                ),
            );
        } else if matches!(&config.social_login_provider, Value::Null)
            || text(&config.social_login_provider) == Some("Custom")
        {
            if let Some(problem) = callback_segment_problem(&key_name(name)) {
                d.error_at(
                    path(Key::provider_name),
                    "This provider_name cannot be used in Frappe's login callback",
                    format!(
                        "Frappe names the key {:?} and sends identity providers back to \
                         {CUSTOM_CALLBACK_METHOD}/<key name>, which must be exactly one URL path segment: its \
                         callback splits the path at \"/\", a \"?\" or \"#\" ends the path, and \"%\" is decoded \
                         before the key is looked up. The name {:?} cannot work because {problem}, so no one could \
                         ever log in with this key. Choose a provider_name of letters, digits, spaces, \"-\", \"_\" \
                         or \".\".",
                        key_name(name),
                        key_name(name)
                    ),
                );
            }
        }
    }

    for field in FIELDS {
        let Some(value) = config.get(field.name).and_then(Value::as_str) else {
            continue;
        };
        match field.kind {
            // The options of every Frappe release the provider knows; the
            // plan checks again against the site's own (v14 lacks some).
            FieldKind::Select(options) if !options.contains(&value) => {
                let known: Vec<String> = options.iter().map(|o| o.to_string()).collect();
                let shown = if options == SIGN_UPS_OPTIONS {
                    "\"\" (follow Website Settings), \"Allow\" or \"Deny\"".to_string()
                } else {
                    quoted_options(&known)
                };
                d.error_at(
                    path(field.name),
                    format!("Invalid {}", field.name),
                    format!("{} must be one of {shown}; got {value:?}.", field.name),
                );
            }
            FieldKind::Json => check_json(&mut d, field.name, value),
            FieldKind::Data => check_length(&mut d, field.name, value),
            FieldKind::Select(_) | FieldKind::Check | FieldKind::Password => {}
        }
    }

    let (secret, secret_wo, wo_version) = (
        &config.client_secret,
        &config.client_secret_wo,
        &config.client_secret_wo_version,
    );
    if !secret.is_null() && !secret_wo.is_null() {
        d.error_at(
            path(Key::client_secret_wo),
            "Conflicting client secrets",
            "Set either client_secret or client_secret_wo, not both.",
        );
    }
    if !secret_wo.is_null() && !write_only_allowed {
        d.error_at(
            path(Key::client_secret_wo),
            "Write-only attributes need Terraform 1.11 or later",
            "This Terraform does not support write-only attributes; use client_secret instead.",
        );
    }
    if !secret_wo.is_null() && wo_version.is_null() {
        d.error_at(
            path(Key::client_secret_wo_version),
            "client_secret_wo_version is required with client_secret_wo",
            "A write-only secret is never stored, so Terraform cannot tell when it changed. Set \
             client_secret_wo_version (e.g. 1) and change it whenever the secret should be sent again.",
        );
    }
    if secret_wo.is_null() && !wo_version.is_null() && !wo_version.is_unknown() && secret.is_null() {
        d.warning_at(
            path(Key::client_secret_wo_version),
            "client_secret_wo_version without client_secret_wo",
            "The version only matters together with client_secret_wo; nothing is sent when it changes.",
        );
    }

    if config.enable_social_login == Value::Bool(true) {
        let client_id = &config.client_id;
        if !client_id.is_unknown() && text(client_id).is_none_or(str::is_empty) {
            // Point at what the user wrote: the empty client_id, or the switch.
            let culprit = if client_id.is_null() {
                Key::enable_social_login
            } else {
                Key::client_id
            };
            d.error_at(
                path(culprit),
                "client_id is required to enable social login",
                "Frappe refuses to enable a Social Login Key without a client ID (\"Please enter Client ID before \
                 social login is enabled\"). Set client_id, or enable_social_login = false.",
            );
        }
    }

    if let (Some(name), Some(icon)) = (text(&config.provider_name), text(&config.icon)) {
        if let Some(forced) = server_icon(name) {
            if icon != forced {
                d.error_at(
                    path(Key::icon),
                    "Frappe overrides this icon",
                    format!(
                        "For a key named {name:?}, Frappe always sets icon to {forced:?} when it saves the key, so \
                         the icon you set would never stick. Remove icon, or set it to {forced:?}."
                    ),
                );
            }
        }
    }
    d
}

fn check_json(d: &mut Diagnostics, name: &'static str, text: &str) {
    if text.is_empty() {
        return;
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(_)) => {}
        Ok(_) => d.error_at(
            path(name),
            format!("{name} must be a JSON object"),
            format!(
                "Frappe passes {name} as keyword arguments, so it must be a JSON object such as \
                 jsonencode({{ scope = \"openid\" }}); got {text}."
            ),
        ),
        Err(e) => d.error_at(
            path(name),
            format!("{name} is not valid JSON"),
            format!(
                "Frappe stores it as text and fails at login time when it cannot parse it ({e}). Use jsonencode(...) \
                 to build it."
            ),
        ),
    }
}

fn check_length(d: &mut Diagnostics, name: &'static str, text: &str) {
    let length = text.chars().count();
    if length > MAX_DATA_LENGTH {
        d.error_at(
            path(name),
            format!("{name} is too long"),
            format!(
                "Frappe stores {name} in a {MAX_DATA_LENGTH}-character column and refuses longer values; this one has \
                 {length} characters."
            ),
        );
    }
}

/// Checks of the values that will be sent, after presets and defaults, and
/// against this site's DocType. Attributes the user wrote were
/// length-checked by [`check_config`] already; only defaulted ones are
/// checked here, so nothing is reported twice.
pub fn check_resolved(planned: &Key, config: &Key, creating: bool, site: &SiteFields) -> Diagnostics {
    let mut d = Diagnostics::new();
    check_against_site(&mut d, planned, config, site);
    let from_config = |name: &str| config.get(name).is_some_and(|v| !v.is_null());
    let provider = text(&planned.social_login_provider).unwrap_or("Custom");
    let custom_base = &planned.custom_base_url;

    // Frappe's own required fields (controller checks, in its order).
    if custom_base == &Value::Bool(true) {
        let base = &planned.base_url;
        if !base.is_unknown() && text(base).is_none_or(str::is_empty) {
            d.error_at(
                path(Key::base_url),
                "base_url is required when custom_base_url is true",
                format!(
                    "authorize_url and access_token_url are relative to base_url{}; Frappe refuses the key \
                     without it (\"Please enter Base URL\").",
                    if provider == "Custom" {
                        String::new()
                    } else {
                        format!(" for the {provider} preset")
                    }
                ),
            );
        }
    }
    for (name, value, what) in [
        (
            Key::authorize_url,
            &planned.authorize_url,
            "the identity provider's authorization endpoint",
        ),
        (
            Key::access_token_url,
            &planned.access_token_url,
            "the identity provider's token endpoint",
        ),
        (
            Key::redirect_url,
            &planned.redirect_url,
            "the callback URL registered at the identity provider",
        ),
    ] {
        if !value.is_unknown() && text(value).is_none_or(str::is_empty) {
            d.error_at(
                path(name),
                format!("{name} is required"),
                format!("Frappe refuses a Social Login Key without {name} ({what})."),
            );
        }
    }

    // Values that come from defaults were not length-checked with the config.
    for field in FIELDS
        .iter()
        .filter(|f| f.kind == FieldKind::Data && !from_config(f.name))
    {
        if let Some(value) = planned.get(field.name).and_then(Value::as_str) {
            check_length(&mut d, field.name, value);
        }
    }

    if custom_base == &Value::Bool(false) {
        if let Some(url) = text(&planned.authorize_url).filter(|u| !u.is_empty() && !is_absolute(u)) {
            d.error_at(
                path(Key::authorize_url),
                "Relative authorize_url without custom_base_url",
                format!(
                    "Frappe sends the browser to authorize_url as it is, so {url:?} would point at the Frappe site \
                     itself. Set custom_base_url = true to have Frappe put base_url in front of it (Frappe's desk \
                     form sets this hidden flag for Custom providers; the API does not), or use an absolute URL."
                ),
            );
        }
        if let Some(url) = text(&planned.access_token_url).filter(|u| !u.is_empty() && !is_absolute(u)) {
            d.warning_at(
                path(Key::access_token_url),
                "Relative access_token_url without custom_base_url",
                format!(
                    "{url:?} only works if Frappe's OAuth library resolves it against base_url. Set custom_base_url \
                     = true, or use an absolute URL."
                ),
            );
        }
    }
    if custom_base == &Value::Bool(true) {
        if let Some(base) = text(&planned.base_url).filter(|b| !b.is_empty()) {
            check_concatenation(&mut d, planned, base);
        }
    }

    if planned.enable_social_login == Value::Bool(true) {
        let secret_given = !planned.client_secret.is_null() || !config.client_secret_wo.is_null();
        if creating && !secret_given {
            d.error_at(
                path(Key::enable_social_login),
                "A client secret is required to enable social login",
                "Frappe refuses to enable a new Social Login Key without a client secret (\"Please enter Client \
                 Secret before social login is enabled\"). Set client_secret or client_secret_wo.",
            );
        }
        if provider == "Custom" {
            let endpoint = &planned.api_endpoint;
            if !endpoint.is_unknown() && text(endpoint).is_none_or(str::is_empty) {
                d.warning_at(
                    path(Key::api_endpoint),
                    "No userinfo endpoint",
                    "After login Frappe asks api_endpoint for the user's email; without it logins through this \
                     key fail. Set api_endpoint (authentik: /application/o/userinfo/).",
                );
            }
        }
    }

    if let (Some(p), Some(name)) = (preset(provider), text(&planned.provider_name)) {
        if key_name(name) != p.callback_key_name {
            d.warning_at(
                path(Key::provider_name),
                "Preset callback will not find this key",
                format!(
                    "Frappe's {provider} login callback looks for a key named {:?}, but this key will be named {:?}. \
                     Use provider_name = {:?}, or social_login_provider = \"Custom\".",
                    p.callback_key_name,
                    key_name(name),
                    p.provider
                ),
            );
        }
    }
    d
}

/// With `custom_base_url`, Frappe joins `base_url` and the two endpoint
/// paths as plain strings, and resolves a relative `api_endpoint` against
/// `base_url` as a browser resolves a link: show the URL it would really use
/// when that is probably not what was meant.
fn check_concatenation(d: &mut Diagnostics, planned: &Key, base: &str) {
    let mut double_slash_reported = false;
    for (name, value) in [
        (Key::authorize_url, &planned.authorize_url),
        (Key::access_token_url, &planned.access_token_url),
    ] {
        let Some(url) = text(value).filter(|u| !u.is_empty() && !is_absolute(u)) else {
            continue;
        };
        if base.ends_with('/') && url.starts_with('/') && !double_slash_reported {
            double_slash_reported = true;
            d.warning_at(
                path(Key::base_url),
                "Double slash in the login URL",
                format!(
                    "With custom_base_url, Frappe joins base_url and {name} by plain concatenation: {base:?} + \
                     {url:?} gives {:?}. Remove the trailing slash from base_url.",
                    format!("{base}{url}")
                ),
            );
        } else if !base.ends_with('/') && !url.starts_with('/') {
            d.warning_at(
                path(name),
                format!("{name} is missing its leading slash"),
                format!(
                    "With custom_base_url, Frappe joins base_url and {name} by plain concatenation, so {base:?} + \
                     {url:?} gives {:?}. Start {name} with \"/\".",
                    format!("{base}{url}")
                ),
            );
        }
    }
    if let Some(endpoint) = text(&planned.api_endpoint).filter(|u| !u.is_empty() && !is_absolute(u)) {
        if !endpoint.starts_with('/') {
            if let Ok(resolved) = reqwest::Url::parse(base).and_then(|b| b.join(endpoint)) {
                d.warning_at(
                    path(Key::api_endpoint),
                    "api_endpoint is missing its leading slash",
                    format!(
                        "Frappe resolves a relative api_endpoint against base_url as a browser resolves a link: \
                         {base:?} and {endpoint:?} give {:?}. Start api_endpoint with \"/\" to have it appended \
                         to base_url's host, or give an absolute URL.",
                        resolved.as_str()
                    ),
                );
            }
        }
    }
}

/// Fields and options the site's DocType lacks; the fallback note when the
/// site's DocType could not be read.
pub fn check_against_site(d: &mut Diagnostics, planned: &Key, config: &Key, site: &SiteFields) {
    match &site.source {
        // The settings are not known yet: Frappe's own checks at apply decide.
        Source::Baseline(None) => return,
        Source::Baseline(Some(reason)) => d.warning(
            "Could not read this site's Social Login Key DocType",
            format!(
                "The provider checks keys against the fields and options of the site's own DocType, but reading \
                 it failed: {reason}. It assumes Frappe v15's fields instead; Frappe v14, for example, has no \
                 sign_ups and no Keycloak preset and would silently drop what it does not know."
            ),
        ),
        Source::Site => {}
    }
    for field in FIELDS.iter().filter(|_| site.is_from_site()) {
        let configured = config.get(field.name).cloned().unwrap_or_default();
        if configured.is_null() || configured.is_unknown() {
            continue;
        }
        let name = field.name;
        if !site.has(name) {
            let detail = if name == Key::sign_ups {
                "This site's Social Login Key has no Sign ups field (Frappe v14 lacks it; v15 added it), so Frappe \
                 would silently drop the value and every plan would show it again. Remove sign_ups: on this site \
                 Website Settings (\"Disable Signup\") alone decides whether new users may sign up."
                    .to_string()
            } else {
                format!(
                    "This site's Social Login Key has no {} field, so Frappe would silently drop the value and every \
                     plan would show it again. Remove {name}.",
                    field.label
                )
            };
            d.push(
                terraform_plugin::protocol::Diagnostic::error(format!("{name} is not supported by this site"), detail)
                    .at(AttributePath::attribute(field.name)),
            );
        }
    }
    // Select values, configured or defaulted (a preset name, say), must be
    // options of this site: Frappe refuses others with a 417.
    for field in FIELDS.iter().filter(|f| matches!(f.kind, FieldKind::Select(_))) {
        let Some(value) = planned.get(field.name).and_then(Value::as_str) else {
            continue;
        };
        let Some(options) = site.options(field.name) else {
            continue;
        };
        if !options.iter().any(|o| o == value) {
            let shown = if field.name == Key::sign_ups
                && options.iter().map(String::as_str).eq(SIGN_UPS_OPTIONS.iter().copied())
            {
                "\"\" (follow Website Settings), \"Allow\" or \"Deny\"".to_string()
            } else {
                quoted_options(options)
            };
            d.error_at(
                AttributePath::attribute(field.name),
                format!("Invalid {}", field.name),
                format!("On this site {} must be one of {shown}; got {value:?}.", field.name),
            );
        }
    }
}

#[cfg(test)]
mod tests;
