//! Planning: fills what the configuration leaves out (preset values, the
//! computed redirect URL, Frappe's icon rewrite, defaults) so the plan shows
//! exactly what will be stored, adapts to the fields this site's Social Login
//! Key has, and decides when a change needs replacement.

use reqwest::Url;

use super::document::equivalent;
use super::model::SocialLoginKeyModel as Key;
use super::site::SiteFields;
use crate::provider::config::{site_url_for_links, Setting};
use frappe_client::doctypes::fields::FieldKind;
use frappe_client::doctypes::social_login_key::{
    custom_redirect_url, field_by_name, preset, server_icon, SET_ONLY_ONCE,
};
use terraform_plugin::framework::Model;
use terraform_plugin::protocol::{AttributePath, Value};

/// Attributes the provider fills from the preset (or a computed default)
/// when the configuration leaves them out.
pub const DEFAULTED: &[&str] = &[
    Key::social_login_provider,
    Key::enable_social_login,
    Key::sign_ups,
    Key::base_url,
    Key::custom_base_url,
    Key::authorize_url,
    Key::access_token_url,
    Key::redirect_url,
    Key::api_endpoint,
    Key::api_endpoint_args,
    Key::auth_url_data,
    Key::user_id_property,
    Key::icon,
];

fn opt(v: Option<&str>) -> Value {
    v.map_or(Value::Null, Value::from)
}

/// The value the provider plans for a defaulted attribute the user left out.
/// Unknown when it depends on something not known yet.
pub fn default_value(name: &str, config: &Key, public_url: &Setting<Url>) -> Value {
    let provider = match &config.social_login_provider {
        Value::Null => Value::from("Custom"),
        other => other.clone(),
    };
    match name {
        Key::social_login_provider => return provider,
        Key::enable_social_login => return Value::Bool(false),
        Key::sign_ups => return Value::from(""),
        _ => {}
    }
    let Some(provider) = provider.as_str() else {
        return Value::unknown();
    };
    let p = preset(provider);
    match name {
        Key::base_url => opt(p.and_then(|p| p.base_url)),
        Key::custom_base_url => Value::Bool(p.is_some_and(|p| p.custom_base_url)),
        Key::authorize_url => opt(p.map(|p| p.authorize_url)),
        Key::access_token_url => opt(p.map(|p| p.access_token_url)),
        Key::api_endpoint => opt(p.and_then(|p| p.api_endpoint)),
        Key::api_endpoint_args => opt(p.and_then(|p| p.api_endpoint_args)),
        Key::auth_url_data => opt(p.and_then(|p| p.auth_url_data)),
        Key::user_id_property => opt(p.and_then(|p| p.user_id_property)),
        Key::redirect_url => match (p, &config.provider_name) {
            (Some(p), _) => Value::from(p.redirect_url),
            (None, Value::String(n)) => match public_url {
                Setting::Known(url) => Value::from(custom_redirect_url(&site_url_for_links(url), n)),
                Setting::Unknown => Value::unknown(),
                Setting::Absent => Value::Null,
            },
            (None, _) => Value::unknown(),
        },
        Key::icon => match &config.provider_name {
            Value::String(n) => opt(server_icon(n).or_else(|| p.and_then(|p| p.icon))),
            _ => Value::unknown(),
        },
        _ => Value::Null,
    }
}

/// What the plan of an update or create looks like.
pub struct PlannedChange {
    pub planned: Key,
    pub requires_replace: Vec<AttributePath>,
}

/// Plans a create (`prior` null) or an update of an existing key.
pub fn plan_change(
    prior: Option<&Key>,
    proposed: &Key,
    config: &Key,
    public_url: &Setting<Url>,
    site: &SiteFields,
) -> PlannedChange {
    let mut planned = proposed.clone();
    let creating = prior.is_none();
    let empty = Key::default();
    let prior_model = prior.unwrap_or(&empty);

    for &name in DEFAULTED {
        let kind = field_by_name(name).map(|f| f.kind).unwrap_or(FieldKind::Data);
        let configured = config.get(name).cloned().unwrap_or_default();
        let before = prior_model.get(name).cloned().unwrap_or_default();
        let value = if !site.has(name) {
            // A field this site's DocType lacks is never sent and reads back
            // as null; planning anything else would be a perpetual diff. A
            // configured value is refused at plan time (see `check_resolved`).
            Value::Null
        } else if configured.is_null() {
            let default = default_value(name, config, public_url);
            // Keep what is stored when it means the same (an imported key
            // whose empty field reads back as null, JSON spelled differently).
            if !creating && !default.is_unknown() && equivalent(kind, &default, &before) {
                before
            } else {
                default
            }
        } else if !creating && !before.is_null() && !configured.is_unknown() && equivalent(kind, &configured, &before) {
            // Terraform accepts the prior value in place of an equivalent config value.
            before
        } else {
            configured
        };
        if let Some(slot) = planned.get_mut(name) {
            *slot = value;
        }
    }

    planned.client_id = config.client_id.clone();
    planned.client_secret = match prior {
        // Left out of the configuration (and no write-only secret given): not
        // managed, so whatever state recorded (an imported key's secret) stays.
        Some(prior) if config.client_secret.is_null() && config.client_secret_wo.is_null() => {
            prior.client_secret.clone()
        }
        _ => config.client_secret.clone(),
    };
    planned.client_secret_wo_version = config.client_secret_wo_version.clone();
    planned.client_secret_wo = Value::Null;
    planned.id = match prior {
        None => Value::unknown(),
        Some(prior) => prior.id.clone(),
    };

    let mut requires_replace = Vec::new();
    if let Some(prior) = prior {
        for &name in SET_ONLY_ONCE {
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

    fn key(pairs: &[(&str, Value)]) -> Key {
        let mut v = Key::default();
        for (k, val) in pairs {
            *v.get_mut(k).expect("an attribute") = val.clone();
        }
        v
    }

    fn site() -> Setting<Url> {
        Setting::Known(Url::parse("https://erp.example.com/").expect("a URL"))
    }

    fn v15() -> SiteFields {
        SiteFields::v15_baseline()
    }

    #[test]
    fn a_github_preset_plans_the_presets_urls() {
        let config = key(&[
            ("provider_name", Value::from("GitHub")),
            ("social_login_provider", Value::from("GitHub")),
            ("client_id", Value::from("id")),
        ]);
        let p = plan_change(None, &config, &config, &site(), &v15()).planned;
        assert_eq!(p.authorize_url, Value::from("https://github.com/login/oauth/authorize"));
        assert_eq!(
            p.redirect_url,
            Value::from("/api/method/frappe.www.login.login_via_github")
        );
        assert_eq!(p.icon, Value::from("/assets/frappe/icons/social/github.svg"));
        assert_eq!(p.custom_base_url, Value::Bool(false));
        assert!(p.id.is_unknown());
    }

    #[test]
    fn a_custom_key_gets_its_callback_from_the_public_url() {
        let config = key(&[("provider_name", Value::from("authentik"))]);
        let plan = plan_change(None, &config, &config, &site(), &v15());
        assert_eq!(
            plan.planned.redirect_url,
            Value::from("https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/authentik")
        );
        assert_eq!(plan.planned.social_login_provider, Value::from("Custom"));
        assert!(plan.planned.icon.is_null());
        let unknown_site = plan_change(None, &config, &config, &Setting::Unknown, &v15());
        assert!(unknown_site.planned.redirect_url.is_unknown());
    }

    #[test]
    fn user_values_win_over_presets() {
        let config = key(&[
            ("provider_name", Value::from("GitHub")),
            ("social_login_provider", Value::from("GitHub")),
            (
                "authorize_url",
                Value::from("https://ghe.example.com/login/oauth/authorize"),
            ),
        ]);
        let plan = plan_change(None, &config, &config, &site(), &v15());
        assert_eq!(
            plan.planned.authorize_url,
            Value::from("https://ghe.example.com/login/oauth/authorize")
        );
    }

    #[test]
    fn renaming_requires_replacement_and_equivalent_json_keeps_the_prior_spelling() {
        let prior = key(&[
            ("id", Value::from("a")),
            ("provider_name", Value::from("A")),
            ("social_login_provider", Value::from("Custom")),
            ("auth_url_data", Value::from(r#"{"a": 1, "b": 2}"#)),
        ]);
        let config = key(&[
            ("provider_name", Value::from("B")),
            ("auth_url_data", Value::from(r#"{"b":2,"a":1}"#)),
        ]);
        let plan = plan_change(Some(&prior), &config, &config, &site(), &v15());
        assert_eq!(plan.requires_replace, vec![AttributePath::attribute("provider_name")]);
        assert_eq!(plan.planned.auth_url_data, Value::from(r#"{"a": 1, "b": 2}"#));
        assert_eq!(plan.planned.id, Value::from("a"));
    }

    #[test]
    fn removing_an_attribute_from_config_plans_the_default_again() {
        let prior = key(&[
            ("id", Value::from("a")),
            ("provider_name", Value::from("A")),
            ("social_login_provider", Value::from("Custom")),
            ("base_url", Value::from("https://idp.example.com")),
            ("sign_ups", Value::Null),
        ]);
        let config = key(&[("provider_name", Value::from("A"))]);
        let mut proposed = config.clone();
        // Terraform proposes the prior value for computed attributes left out of config.
        proposed.base_url = Value::from("https://idp.example.com");
        let plan = plan_change(Some(&prior), &proposed, &config, &site(), &v15());
        assert!(plan.planned.base_url.is_null());
        assert!(plan.planned.sign_ups.is_null(), "\"\" and null are the same to Frappe");
    }

    #[test]
    fn a_field_the_site_lacks_is_planned_null() {
        let config = key(&[("provider_name", Value::from("A"))]);
        let v14 = SiteFields::without(&["sign_ups"]);
        let plan = plan_change(None, &config, &config, &site(), &v14);
        assert!(plan.planned.sign_ups.is_null());
        assert_eq!(plan.planned.enable_social_login, Value::Bool(false));
    }

    #[test]
    fn unknown_provider_name_makes_dependent_defaults_unknown() {
        let config = key(&[("provider_name", Value::unknown())]);
        let plan = plan_change(None, &config, &config, &site(), &v15());
        assert!(plan.planned.redirect_url.is_unknown());
        assert!(plan.planned.icon.is_unknown());
        assert_eq!(plan.planned.authorize_url, Value::Null);
    }
}
