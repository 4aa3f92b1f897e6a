//! Planning: fills what the configuration leaves out (preset values, the
//! computed redirect URL, Frappe's icon rewrite, defaults) so the plan shows
//! exactly what will be stored, and decides when a change needs replacement.

use super::model::equivalent;
use super::presets::{preset, server_icon};
use super::schema::{field, DEFAULTED};
use crate::provider::config::{site_url_for_links, Setting};
use frappe_client::naming::scrub;
use terraform_plugin::protocol::{AttributePath, Value};

/// The callback path of a Custom key named `name` (frappe-api.md §2.5).
pub fn custom_redirect_path(key_name: &str) -> String {
    format!("/api/method/frappe.integrations.oauth2_logins.custom/{key_name}")
}

/// The full callback URL Frappe sends to the identity provider for a Custom key.
pub fn custom_redirect_url(site_url: &str, provider_name: &str) -> String {
    format!(
        "{}{}",
        site_url.trim_end_matches('/'),
        custom_redirect_path(&scrub(provider_name))
    )
}

fn opt(v: Option<&str>) -> Value {
    v.map_or(Value::Null, Value::from)
}

/// The value the provider plans for a defaulted attribute the user left out.
/// Unknown when it depends on something not known yet.
pub fn default_value(name: &str, config: &Value, site_url: &Setting<reqwest::Url>) -> Value {
    let provider_name = config.get("provider_name");
    let provider = match config.get("social_login_provider") {
        Value::Null => Value::from("Custom"),
        other => other.clone(),
    };
    if name == "social_login_provider" {
        return provider;
    }
    if name == "enable_social_login" {
        return Value::Bool(false);
    }
    if name == "sign_ups" {
        return Value::from("");
    }
    let Some(provider) = provider.as_str() else {
        return Value::unknown();
    };
    let p = preset(provider);
    match name {
        "base_url" => opt(p.and_then(|p| p.base_url)),
        "custom_base_url" => Value::Bool(p.is_some_and(|p| p.custom_base_url)),
        "authorize_url" => opt(p.map(|p| p.authorize_url)),
        "access_token_url" => opt(p.map(|p| p.access_token_url)),
        "api_endpoint" => opt(p.and_then(|p| p.api_endpoint)),
        "api_endpoint_args" => opt(p.and_then(|p| p.api_endpoint_args)),
        "auth_url_data" => opt(p.and_then(|p| p.auth_url_data)),
        "user_id_property" => opt(p.and_then(|p| p.user_id_property)),
        "redirect_url" => match (p, provider_name) {
            (Some(p), _) => Value::from(p.redirect_url),
            (None, Value::String(n)) => match site_url {
                Setting::Known(url) => Value::from(custom_redirect_url(&site_url_for_links(url), n)),
                Setting::Unknown => Value::unknown(),
                Setting::Absent => Value::Null,
            },
            (None, _) => Value::unknown(),
        },
        "icon" => match provider_name {
            Value::String(n) => opt(server_icon(n).or_else(|| p.and_then(|p| p.icon))),
            _ => Value::unknown(),
        },
        _ => Value::Null,
    }
}

/// What the plan of an update or create looks like.
pub struct PlannedChange {
    pub planned: Value,
    pub requires_replace: Vec<AttributePath>,
}

/// Plans a create (`prior` null) or an update of an existing key.
pub fn plan_change(prior: &Value, proposed: &Value, config: &Value, site_url: &Setting<reqwest::Url>) -> PlannedChange {
    let mut planned = proposed.clone();
    let creating = prior.is_null();

    for name in DEFAULTED {
        let kind = field(name).map(|f| f.kind);
        let configured = config.get(name);
        let before = prior.get(name);
        let value = if configured.is_null() {
            let default = default_value(name, config, site_url);
            // Keep what is stored when it means the same (an imported key
            // whose empty field reads back as null, JSON spelled differently).
            match kind {
                Some(kind) if !creating && !default.is_unknown() && equivalent(kind, &default, before) => {
                    before.clone()
                }
                _ => default,
            }
        } else {
            match kind {
                // Terraform accepts the prior value in place of an equivalent config value.
                Some(kind)
                    if !creating
                        && !before.is_null()
                        && !configured.is_unknown()
                        && equivalent(kind, configured, before) =>
                {
                    before.clone()
                }
                _ => configured.clone(),
            }
        };
        planned.set_attribute(name, value);
    }

    for name in ["client_id", "client_secret", "client_secret_wo_version"] {
        planned.set_attribute(name, config.get(name).clone());
    }
    planned.set_attribute("client_secret_wo", Value::Null);
    planned.set_attribute(
        "id",
        if creating {
            Value::unknown()
        } else {
            prior.get("id").clone()
        },
    );

    let mut requires_replace = Vec::new();
    if !creating {
        for name in ["provider_name", "social_login_provider"] {
            if planned.get(name) != prior.get(name) {
                requires_replace.push(AttributePath::attribute(name));
            }
        }
    }
    PlannedChange {
        planned,
        requires_replace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::social_login_key::schema::schema;

    fn object(pairs: &[(&str, Value)]) -> Value {
        let mut v = Value::null_object(&schema().value_type());
        for (k, val) in pairs {
            v.set_attribute(k, val.clone());
        }
        v
    }

    fn site() -> Setting<reqwest::Url> {
        Setting::Known(reqwest::Url::parse("https://erp.example.com/").unwrap())
    }

    #[test]
    fn custom_redirect_url_scrubs_the_name_and_has_no_trailing_slash() {
        assert_eq!(
            custom_redirect_url("https://erp.example.com/", "My IdP"),
            "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/my_idp"
        );
    }

    #[test]
    fn a_github_preset_plans_the_presets_urls() {
        let config = object(&[
            ("provider_name", Value::from("GitHub")),
            ("social_login_provider", Value::from("GitHub")),
            ("client_id", Value::from("id")),
        ]);
        let plan = plan_change(&Value::Null, &config, &config, &site());
        let p = plan.planned;
        assert_eq!(
            p.get("authorize_url"),
            &Value::from("https://github.com/login/oauth/authorize")
        );
        assert_eq!(
            p.get("redirect_url"),
            &Value::from("/api/method/frappe.www.login.login_via_github")
        );
        assert_eq!(p.get("icon"), &Value::from("/assets/frappe/icons/social/github.svg"));
        assert_eq!(p.get("custom_base_url"), &Value::Bool(false));
        assert!(p.get("id").is_unknown());
    }

    #[test]
    fn a_custom_key_gets_its_callback_from_the_provider_url() {
        let config = object(&[("provider_name", Value::from("authentik"))]);
        let plan = plan_change(&Value::Null, &config, &config, &site());
        assert_eq!(
            plan.planned.get("redirect_url"),
            &Value::from("https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/authentik")
        );
        assert_eq!(plan.planned.get("social_login_provider"), &Value::from("Custom"));
        assert!(plan.planned.get("icon").is_null());
        let unknown_site = plan_change(&Value::Null, &config, &config, &Setting::Unknown);
        assert!(unknown_site.planned.get("redirect_url").is_unknown());
    }

    #[test]
    fn user_values_win_over_presets() {
        let config = object(&[
            ("provider_name", Value::from("GitHub")),
            ("social_login_provider", Value::from("GitHub")),
            (
                "authorize_url",
                Value::from("https://ghe.example.com/login/oauth/authorize"),
            ),
        ]);
        let plan = plan_change(&Value::Null, &config, &config, &site());
        assert_eq!(
            plan.planned.get("authorize_url"),
            &Value::from("https://ghe.example.com/login/oauth/authorize")
        );
    }

    #[test]
    fn renaming_requires_replacement_and_equivalent_json_keeps_the_prior_spelling() {
        let prior = object(&[
            ("id", Value::from("a")),
            ("provider_name", Value::from("A")),
            ("social_login_provider", Value::from("Custom")),
            ("auth_url_data", Value::from(r#"{"a": 1, "b": 2}"#)),
        ]);
        let config = object(&[
            ("provider_name", Value::from("B")),
            ("auth_url_data", Value::from(r#"{"b":2,"a":1}"#)),
        ]);
        let plan = plan_change(&prior, &config, &config, &site());
        assert_eq!(plan.requires_replace, vec![AttributePath::attribute("provider_name")]);
        assert_eq!(plan.planned.get("auth_url_data"), &Value::from(r#"{"a": 1, "b": 2}"#));
        assert_eq!(plan.planned.get("id"), &Value::from("a"));
    }

    #[test]
    fn removing_an_attribute_from_config_plans_the_default_again() {
        let prior = object(&[
            ("id", Value::from("a")),
            ("provider_name", Value::from("A")),
            ("social_login_provider", Value::from("Custom")),
            ("base_url", Value::from("https://idp.example.com")),
            ("sign_ups", Value::Null),
        ]);
        let config = object(&[("provider_name", Value::from("A"))]);
        let mut proposed = config.clone();
        // Terraform proposes the prior value for computed attributes left out of config.
        proposed.set_attribute("base_url", Value::from("https://idp.example.com"));
        let plan = plan_change(&prior, &proposed, &config, &site());
        assert!(plan.planned.get("base_url").is_null());
        assert!(
            plan.planned.get("sign_ups").is_null(),
            "\"\" and null are the same to Frappe"
        );
    }

    #[test]
    fn unknown_provider_name_makes_dependent_defaults_unknown() {
        let config = object(&[("provider_name", Value::unknown())]);
        let plan = plan_change(&Value::Null, &config, &config, &site());
        assert!(plan.planned.get("redirect_url").is_unknown());
        assert!(plan.planned.get("icon").is_unknown());
        assert_eq!(plan.planned.get("authorize_url"), &Value::Null);
    }
}
