//! The built-in provider presets of Frappe's Social Login Key.
//!
//! Frappe's server never applies them: only the desk form copies a preset's
//! URLs into the form when a provider is picked (notes/frappe-behaviour.md, "Presets"). A key
//! created through the API with `social_login_provider = "GitHub"` and no
//! URLs is refused ("Please enter Authorize URL"). The provider applies them
//! instead, so a preset works with just a client id and secret.
//! Values as in Frappe v15 `social_login_key.py` (`get_social_login_provider`).

pub struct Preset {
    /// The `social_login_provider` option.
    pub provider: &'static str,
    pub base_url: Option<&'static str>,
    pub custom_base_url: bool,
    pub icon: Option<&'static str>,
    pub authorize_url: &'static str,
    pub access_token_url: &'static str,
    pub redirect_url: &'static str,
    pub api_endpoint: Option<&'static str>,
    pub api_endpoint_args: Option<&'static str>,
    pub auth_url_data: Option<&'static str>,
    pub user_id_property: Option<&'static str>,
    /// The document name Frappe's callback for this preset looks up
    /// (`login_via_github` logs in with the key named `github`).
    pub callback_key_name: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        provider: "Office 365",
        base_url: Some("https://login.microsoftonline.com"),
        custom_base_url: false,
        icon: Some("fa fa-windows"),
        authorize_url: "https://login.microsoftonline.com/common/oauth2/authorize",
        access_token_url: "https://login.microsoftonline.com/common/oauth2/token",
        redirect_url: "/api/method/frappe.integrations.oauth2_logins.login_via_office365",
        api_endpoint: None,
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"response_type": "code", "scope": "openid"}"#),
        user_id_property: None,
        callback_key_name: "office_365",
    },
    Preset {
        provider: "GitHub",
        base_url: Some("https://api.github.com/"),
        custom_base_url: false,
        icon: Some("fa fa-github"),
        authorize_url: "https://github.com/login/oauth/authorize",
        access_token_url: "https://github.com/login/oauth/access_token",
        redirect_url: "/api/method/frappe.www.login.login_via_github",
        api_endpoint: Some("user"),
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"scope": "user:email"}"#),
        user_id_property: None,
        callback_key_name: "github",
    },
    Preset {
        provider: "Google",
        base_url: Some("https://www.googleapis.com"),
        custom_base_url: false,
        icon: Some("fa fa-google"),
        authorize_url: "https://accounts.google.com/o/oauth2/auth",
        access_token_url: "https://accounts.google.com/o/oauth2/token",
        redirect_url: "/api/method/frappe.www.login.login_via_google",
        api_endpoint: Some("oauth2/v2/userinfo"),
        api_endpoint_args: None,
        auth_url_data: Some(
            r#"{"scope": "https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email", "response_type": "code"}"#,
        ),
        user_id_property: None,
        callback_key_name: "google",
    },
    Preset {
        provider: "Facebook",
        base_url: Some("https://graph.facebook.com"),
        custom_base_url: false,
        icon: Some("fa fa-facebook"),
        authorize_url: "https://www.facebook.com/dialog/oauth",
        access_token_url: "https://graph.facebook.com/oauth/access_token",
        redirect_url: "/api/method/frappe.www.login.login_via_facebook",
        api_endpoint: Some("/v2.5/me"),
        api_endpoint_args: Some(r#"{"fields": "first_name,last_name,email,gender,location,verified,picture"}"#),
        auth_url_data: Some(r#"{"display": "page", "response_type": "code", "scope": "email,public_profile"}"#),
        user_id_property: None,
        callback_key_name: "facebook",
    },
    Preset {
        provider: "Frappe",
        // The other Frappe site's URL: the user must supply it.
        base_url: None,
        custom_base_url: true,
        icon: Some("/assets/frappe/images/frappe-favicon.svg"),
        authorize_url: "/api/method/frappe.integrations.oauth2.authorize",
        access_token_url: "/api/method/frappe.integrations.oauth2.get_token",
        redirect_url: "/api/method/frappe.www.login.login_via_frappe",
        api_endpoint: Some("/api/method/frappe.integrations.oauth2.openid_profile"),
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"response_type": "code", "scope": "openid"}"#),
        user_id_property: None,
        callback_key_name: "frappe",
    },
    Preset {
        provider: "Salesforce",
        base_url: Some("https://login.salesforce.com"),
        custom_base_url: false,
        icon: Some("fa fa-cloud"),
        authorize_url: "https://login.salesforce.com/services/oauth2/authorize",
        access_token_url: "https://login.salesforce.com/services/oauth2/token",
        redirect_url: "/api/method/frappe.integrations.oauth2_logins.login_via_salesforce",
        api_endpoint: Some("https://login.salesforce.com/services/oauth2/userinfo"),
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"response_type": "code", "scope": "openid"}"#),
        user_id_property: None,
        callback_key_name: "salesforce",
    },
    Preset {
        provider: "fairlogin",
        base_url: Some("https://id.fairkom.net/auth/realms/fairlogin/"),
        custom_base_url: false,
        icon: Some("fa fa-key"),
        authorize_url: "https://id.fairkom.net/auth/realms/fairlogin/protocol/openid-connect/auth",
        access_token_url: "https://id.fairkom.net/auth/realms/fairlogin/protocol/openid-connect/token",
        redirect_url: "/api/method/frappe.integrations.oauth2_logins.login_via_fairlogin",
        api_endpoint: Some("https://id.fairkom.net/auth/realms/fairlogin/protocol/openid-connect/userinfo"),
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"response_type": "code", "scope": "openid"}"#),
        user_id_property: None,
        callback_key_name: "fairlogin",
    },
    Preset {
        provider: "Keycloak",
        // The realm URL, e.g. https://id.example.com/realms/main: user supplied.
        base_url: None,
        custom_base_url: true,
        icon: None,
        authorize_url: "/protocol/openid-connect/auth",
        access_token_url: "/protocol/openid-connect/token",
        redirect_url: "/api/method/frappe.integrations.oauth2_logins.login_via_keycloak",
        api_endpoint: Some("/protocol/openid-connect/userinfo"),
        api_endpoint_args: None,
        auth_url_data: Some(r#"{"response_type": "code", "scope": "openid"}"#),
        user_id_property: Some("preferred_username"),
        callback_key_name: "keycloak",
    },
];

pub fn preset(provider: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.provider == provider)
}

/// Frappe overwrites `icon` on every save when `provider_name` is exactly one
/// of these (`set_icon` in the controller), whatever was sent.
pub fn server_icon(provider_name: &str) -> Option<&'static str> {
    Some(match provider_name {
        "Google" => "/assets/frappe/icons/social/google.svg",
        "Frappe" => "/assets/frappe/icons/social/frappe.svg",
        "Facebook" => "/assets/frappe/icons/social/facebook.svg",
        "Office 365" => "/assets/frappe/icons/social/office_365.svg",
        "GitHub" => "/assets/frappe/icons/social/github.svg",
        "Salesforce" => "/assets/frappe/icons/social/salesforce.svg",
        "fairlogin" => "/assets/frappe/icons/social/fair.svg",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::PROVIDER_OPTIONS;
    use super::*;

    #[test]
    fn every_option_but_custom_has_a_preset_and_json_parses() {
        for option in PROVIDER_OPTIONS.iter().filter(|o| **o != "Custom") {
            let p = preset(option).unwrap_or_else(|| panic!("no preset for {option}"));
            for json in [p.api_endpoint_args, p.auth_url_data].into_iter().flatten() {
                let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
                assert!(parsed.is_object(), "{json}");
            }
            assert!(p.redirect_url.starts_with("/api/method/"));
        }
        assert!(preset("Custom").is_none());
    }

    #[test]
    fn icon_rewrite_is_exact_and_case_sensitive() {
        assert_eq!(server_icon("GitHub"), Some("/assets/frappe/icons/social/github.svg"));
        assert_eq!(server_icon("github"), None);
        assert_eq!(server_icon("Keycloak"), None);
    }
}
