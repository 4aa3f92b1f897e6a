//! Plan-time checks, each reported on the attribute it is about.
//!
//! [`check_config`] runs on the configuration alone (ValidateResourceConfig,
//! so `terraform validate` catches it). [`check_resolved`] runs during plan on
//! the values the provider will actually send — presets and computed
//! defaults included — for the rules that depend on them. Unknown values are
//! skipped everywhere: they are checked again once known.
//!
//! Errors are for setups Frappe refuses or that cannot work; warnings for
//! setups that might work but probably do not.

use super::presets::{preset, server_icon};
use super::schema::{FieldKind, FIELDS, MAX_DATA_LENGTH, SIGN_UPS_OPTIONS};
use frappe_client::naming::scrub;
use terraform_plugin::protocol::{AttributePath, Diagnostics, Value};

fn path(name: &str) -> AttributePath {
    AttributePath::attribute(name)
}

fn is_relative(url: &str) -> bool {
    !(url.starts_with("http://") || url.starts_with("https://"))
}

fn quoted_options(options: &[&str]) -> String {
    options.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
}

/// Checks of the configuration on its own.
pub fn check_config(config: &Value, write_only_allowed: bool) -> Diagnostics {
    let mut d = Diagnostics::new();

    if let Some(name) = Value::as_str(config.get("provider_name")) {
        if name.trim().is_empty() {
            d.error_at(
                path("provider_name"),
                "provider_name is empty",
                "Frappe needs a provider name: it is the label of the login button and the source of the key's name.",
            );
        } else if name != name.trim() {
            d.error_at(
                path("provider_name"),
                "provider_name has leading or trailing spaces",
                format!(
                    "Frappe would name the key {:?} and show the spaces on the login button; remove them.",
                    scrub(name)
                ),
            );
        }
    }

    for field in FIELDS {
        let value = config.get(field.name);
        let Some(text) = Value::as_str(value) else { continue };
        match field.kind {
            FieldKind::Select(options) => {
                if !options.contains(&text) {
                    let shown = if options == SIGN_UPS_OPTIONS {
                        "\"\" (follow Website Settings), \"Allow\" or \"Deny\"".to_string()
                    } else {
                        quoted_options(options)
                    };
                    d.error_at(
                        path(field.name),
                        format!("Invalid {}", field.name),
                        format!("{} must be one of {shown}; got {text:?}.", field.name),
                    );
                }
            }
            FieldKind::Json => check_json(&mut d, field.name, text),
            FieldKind::Data => check_length(&mut d, field.name, text),
            FieldKind::Check | FieldKind::Password => {}
        }
    }

    let secret = config.get("client_secret");
    let secret_wo = config.get("client_secret_wo");
    let wo_version = config.get("client_secret_wo_version");
    if !secret.is_null() && !secret_wo.is_null() {
        d.error_at(
            path("client_secret_wo"),
            "Conflicting client secrets",
            "Set either client_secret or client_secret_wo, not both.",
        );
    }
    if !secret_wo.is_null() && !write_only_allowed {
        d.error_at(
            path("client_secret_wo"),
            "Write-only attributes need Terraform 1.11 or later",
            "This Terraform does not support write-only attributes; use client_secret instead.",
        );
    }
    if !secret_wo.is_null() && wo_version.is_null() {
        d.error_at(
            path("client_secret_wo_version"),
            "client_secret_wo_version is required with client_secret_wo",
            "A write-only secret is never stored, so Terraform cannot tell when it changed. Set \
             client_secret_wo_version (e.g. 1) and change it whenever the secret should be sent again.",
        );
    }
    if secret_wo.is_null() && !wo_version.is_null() && !wo_version.is_unknown() && secret.is_null() {
        d.warning_at(
            path("client_secret_wo_version"),
            "client_secret_wo_version without client_secret_wo",
            "The version only matters together with client_secret_wo; nothing is sent when it changes.",
        );
    }

    if config.get("enable_social_login") == &Value::Bool(true) {
        let client_id = config.get("client_id");
        if !client_id.is_unknown() && Value::as_str(client_id).is_none_or(str::is_empty) {
            // Point at what the user wrote: the empty client_id, or the switch.
            let culprit = if client_id.is_null() {
                "enable_social_login"
            } else {
                "client_id"
            };
            d.error_at(
                path(culprit),
                "client_id is required to enable social login",
                "Frappe refuses to enable a Social Login Key without a client ID (\"Please enter Client ID before \
                 social login is enabled\"). Set client_id, or enable_social_login = false.",
            );
        }
    }

    if let (Some(name), Some(icon)) = (
        Value::as_str(config.get("provider_name")),
        Value::as_str(config.get("icon")),
    ) {
        if let Some(forced) = server_icon(name) {
            if icon != forced {
                d.error_at(
                    path("icon"),
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

fn check_json(d: &mut Diagnostics, name: &str, text: &str) {
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

fn check_length(d: &mut Diagnostics, name: &str, text: &str) {
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

/// Checks of the values that will be sent, after presets and defaults.
/// Attributes the user wrote were length-checked by [`check_config`] already;
/// only defaulted ones are checked here, so nothing is reported twice.
pub fn check_resolved(planned: &Value, config: &Value, creating: bool) -> Diagnostics {
    let mut d = Diagnostics::new();
    let from_config = |name: &str| !config.get(name).is_null();
    let provider = Value::as_str(planned.get("social_login_provider")).unwrap_or("Custom");
    let custom_base = planned.get("custom_base_url");

    // Frappe's own required fields (controller checks, in its order).
    if custom_base == &Value::Bool(true) {
        let base = planned.get("base_url");
        if !base.is_unknown() && Value::as_str(base).is_none_or(str::is_empty) {
            d.error_at(
                path("base_url"),
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
    for (name, what) in [
        ("authorize_url", "the identity provider's authorization endpoint"),
        ("access_token_url", "the identity provider's token endpoint"),
        ("redirect_url", "the callback URL registered at the identity provider"),
    ] {
        let v = planned.get(name);
        if !v.is_unknown() && Value::as_str(v).is_none_or(str::is_empty) {
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
        if let Some(text) = Value::as_str(planned.get(field.name)) {
            check_length(&mut d, field.name, text);
        }
    }

    if custom_base == &Value::Bool(false) {
        if let Some(url) = Value::as_str(planned.get("authorize_url")).filter(|u| !u.is_empty() && is_relative(u)) {
            d.error_at(
                path("authorize_url"),
                "Relative authorize_url without custom_base_url",
                format!(
                    "Frappe sends the browser to authorize_url as it is, so {url:?} would point at the Frappe site \
                     itself. Set custom_base_url = true to have Frappe put base_url in front of it (Frappe's desk \
                     form sets this hidden flag for Custom providers; the API does not), or use an absolute URL."
                ),
            );
        }
        if let Some(url) = Value::as_str(planned.get("access_token_url")).filter(|u| !u.is_empty() && is_relative(u)) {
            d.warning_at(
                path("access_token_url"),
                "Relative access_token_url without custom_base_url",
                format!(
                    "{url:?} only works if Frappe's OAuth library resolves it against base_url. Set custom_base_url \
                     = true, or use an absolute URL."
                ),
            );
        }
    }
    if custom_base == &Value::Bool(true) {
        if let Some(base) = Value::as_str(planned.get("base_url")).filter(|b| b.ends_with('/')) {
            for name in ["authorize_url", "access_token_url"] {
                if let Some(url) = Value::as_str(planned.get(name)).filter(|u| u.starts_with('/')) {
                    d.warning_at(
                        path("base_url"),
                        "Double slash in the login URL",
                        format!(
                            "With custom_base_url, Frappe joins base_url and {name} by plain concatenation: \
                             {base:?} + {url:?} gives {:?}. Remove the trailing slash from base_url.",
                            format!("{base}{url}")
                        ),
                    );
                    break;
                }
            }
        }
    }

    if planned.get("enable_social_login") == &Value::Bool(true) {
        let secret_given = !planned.get("client_secret").is_null() || !config.get("client_secret_wo").is_null();
        if creating && !secret_given {
            d.error_at(
                path("enable_social_login"),
                "A client secret is required to enable social login",
                "Frappe refuses to enable a new Social Login Key without a client secret (\"Please enter Client \
                 Secret before social login is enabled\"). Set client_secret or client_secret_wo.",
            );
        }
        if provider == "Custom" {
            let endpoint = planned.get("api_endpoint");
            if !endpoint.is_unknown() && Value::as_str(endpoint).is_none_or(str::is_empty) {
                d.warning_at(
                    path("api_endpoint"),
                    "No userinfo endpoint",
                    "After login Frappe asks api_endpoint for the user's email; without it logins through this \
                     key fail. Set api_endpoint (authentik: /application/o/userinfo/).",
                );
            }
        }
    }

    if let (Some(p), Some(name)) = (preset(provider), Value::as_str(planned.get("provider_name"))) {
        if scrub(name) != p.callback_key_name {
            d.warning_at(
                path("provider_name"),
                "Preset callback will not find this key",
                format!(
                    "Frappe's {provider} login callback looks for a key named {:?}, but this key will be named {:?}. \
                     Use provider_name = {:?}, or social_login_provider = \"Custom\".",
                    p.callback_key_name,
                    scrub(name),
                    p.provider
                ),
            );
        }
    }
    d
}

#[cfg(test)]
mod tests;
