//! `provider::frappe::social_login_redirect_url(site_url, provider_name)`:
//! the callback URL Frappe sends for a Custom Social Login Key, so the same
//! string goes into the identity provider's allowed redirect URIs and the
//! key's `redirect_url` and the two can never disagree.

use crate::provider::config::{parse_site_url, site_url_for_links};
use frappe_client::doctypes::social_login_key::custom_redirect_url;
use terraform_plugin::framework::{Function, FunctionError, FunctionSignature, Parameter};
use terraform_plugin::protocol::{Type, Value};

pub struct SocialLoginRedirectUrl;

impl Function for SocialLoginRedirectUrl {
    fn name(&self) -> &'static str {
        "social_login_redirect_url"
    }

    fn signature(&self) -> FunctionSignature {
        FunctionSignature {
            parameters: vec![
                Parameter {
                    name: "site_url".into(),
                    ty: Type::String,
                    description: "Base URL of the Frappe site, e.g. `https://erp.example.com` (a trailing slash is \
                                  ignored)."
                        .into(),
                    allow_null: false,
                },
                Parameter {
                    name: "provider_name".into(),
                    ty: Type::String,
                    description: "The Social Login Key's `provider_name`, as written (e.g. `My IdP`).".into(),
                    allow_null: false,
                },
            ],
            return_type: Type::String,
            summary: "The callback URL of a Custom Social Login Key".into(),
            description: "Returns `<site_url>/api/method/frappe.integrations.oauth2_logins.custom/<name>`, where \
                          `<name>` is the key's document name: `provider_name` lower-cased with spaces and hyphens \
                          turned into `_` (\"My IdP\" → `my_idp`). No trailing slash: identity providers with strict \
                          redirect URI matching (authentik's `strict` mode) compare the whole string. Use the same \
                          value in the identity provider's allowed redirect URIs and in the key's `redirect_url`."
                .into(),
        }
    }

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError> {
        let error = |text: String, argument: usize| FunctionError {
            text,
            argument: Some(argument),
        };
        let site = arguments.first().and_then(Value::as_str).unwrap_or_default();
        let name = arguments.get(1).and_then(Value::as_str).unwrap_or_default();
        let url = parse_site_url(site).map_err(|reason| {
            error(
                format!("site_url must be the base URL of the Frappe site, such as https://erp.example.com; {reason}."),
                0,
            )
        })?;
        if name.trim().is_empty() {
            return Err(error("provider_name must not be empty.".into(), 1));
        }
        Ok(Value::from(custom_redirect_url(&site_url_for_links(&url), name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(site: &str, name: &str) -> Result<Value, FunctionError> {
        SocialLoginRedirectUrl.call(&[Value::from(site), Value::from(name)])
    }

    #[test]
    fn scrubs_the_name_and_drops_the_trailing_slash() {
        assert_eq!(
            call("https://erp.example.com/", "My IdP").unwrap(),
            Value::from("https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/my_idp")
        );
        assert_eq!(
            call("http://10.0.0.5:8000", "Auth-Entik").unwrap(),
            Value::from("http://10.0.0.5:8000/api/method/frappe.integrations.oauth2_logins.custom/auth_entik")
        );
    }

    #[test]
    fn bad_arguments_name_the_argument() {
        assert_eq!(call("erp.example.com", "x").unwrap_err().argument, Some(0));
        assert_eq!(call("https://erp.example.com", " ").unwrap_err().argument, Some(1));
    }
}
