//! The attributes of `frappe_social_login_key`, declared once: names are
//! Frappe's field names; descriptions say what each field does when a user
//! logs in. `client_secret_wo` and `client_secret_wo_version` are Terraform's
//! own (a write-only secret and the switch that sends it again).

use terraform_plugin::model;
use terraform_plugin::protocol::Type;

model! {
    /// The state and configuration of one Social Login Key.
    pub struct SocialLoginKeyModel {
        id: Type::String => .computed().description(
                    "The key's document name in Frappe: `provider_name` lower-cased with spaces and hyphens turned \
                     into `_` (\"My IdP\" → `my_idp`). Use it for `terraform import`.",
                ),
        provider_name: Type::String => .required().description(
                    "The name shown on the login button (*Login with …*). Frappe derives the key's \
                     name from it and never lets it change, so changing it replaces the key. For a preset, keep \
                     the preset's name (`GitHub`, `Google`, …): Frappe's built-in callbacks look the key up by that \
                     name.",
                ),
        social_login_provider: Type::String => .optional_computed()
            .description(
                        "Which kind of provider this is: `Custom` (any OAuth 2 / OpenID Connect server such as \
                     authentik; the default) or a preset — `Facebook`, `Frappe`, `GitHub`, `Google`, `Office 365`, \
                     `Salesforce`, `fairlogin`, `Keycloak`. A preset fills in the URLs below. Frappe never lets it \
                     change, so changing it replaces the key.",
                    ),
        enable_social_login: Type::Bool => .optional_computed().description(
                    "Whether Frappe's login page shows the *Login with …* button. Defaults to `false`, as in \
                     Frappe. Enabling needs `client_id` and a client secret. **It does not turn the key off**: \
                     Frappe's callback does not check it, so a login started from a known authorize link still \
                     works. To stop logins through this key, remove the resource (or disable the client at the \
                     identity provider).",
                ),
        client_id: Type::String => .optional_computed().description(
                    "The OAuth client ID registered at the identity provider (e.g. authentik's \
                     `authentik_provider_oauth2.client_id`). Sent to the provider on every login.",
                ),
        client_secret: Type::String => .optional_computed().sensitive().description(
                    "The OAuth client secret, used by Frappe to exchange the login code for a token. Frappe never \
                     returns it (it reads back as asterisks), so Terraform keeps the configured value; when the \
                     API user may call `frappe.client.get_password` (System Manager), a secret changed on the site \
                     shows up as drift (checked when the key was saved since the last check: see the README's \
                     Limits for the changes that go unnoticed). Left out (as in generated configuration), the secret is not managed: \
                     the site's secret stays, and an imported key records it in state when the API user may read \
                     it. It is stored in Terraform state: prefer `client_secret_wo` to keep it out.",
                ),
        client_secret_wo: Type::String => .optional_computed()
            .sensitive()
            .write_only()
            .description(
                        "Write-only alternative to `client_secret` (Terraform 1.11 or later): the secret is sent to \
                         Frappe but never stored in the plan or state. It is sent when the key is created and \
                         whenever `client_secret_wo_version` changes; bump the version to rotate the secret. \
                         Conflicts with `client_secret`.",
                    ),
        client_secret_wo_version: Type::Number => .optional_computed().description(
                    "Any number you change to send `client_secret_wo` again (e.g. 1, 2, 3 …). Required with \
                     `client_secret_wo`.",
                ),
        sign_ups: Type::String => .optional_computed().description(
                    "Whether people without a Frappe user may sign up through this provider: `Allow`, `Deny`, or \
                     `\"\"` (the default) to follow the site's Website Settings — whose *Disable Signup* is on \
                     by default on a new site, so `\"\"` usually refuses new users. Frappe v14 has no such \
                     field: setting it there is a plan-time error, and it reads as null.",
                ),
        base_url: Type::String => .optional_computed().description(
                    "Base URL of the identity provider, e.g. `https://authentik.example.com`. A relative \
                     `api_endpoint` is resolved against it, and with `custom_base_url = true` it is put in front \
                     of `authorize_url` and `access_token_url` by plain string concatenation — so do not end it \
                     with `/` when those start with `/`.",
                ),
        custom_base_url: Type::Bool => .optional_computed().description(
                    "Whether `authorize_url` and `access_token_url` are relative to `base_url`. Frappe's desk form \
                     sets this hidden field for Custom providers, but the API does not: set it to `true` when \
                     those URLs start with `/` (as in authentik's guide). Defaults to the preset's value, else \
                     `false`.",
                ),
        authorize_url: Type::String => .optional_computed().description(
                    "The provider's authorization endpoint, where the browser is sent to log in (authentik: \
                     `/application/o/authorize/`). Required by Frappe; presets fill it in.",
                ),
        access_token_url: Type::String => .optional_computed().description(
                    "The provider's token endpoint, where Frappe exchanges the login code for a token (authentik: \
                     `/application/o/token/`). Required by Frappe; presets fill it in.",
                ),
        redirect_url: Type::String => .optional_computed().description(
                    "Where the identity provider sends the browser back after login; it must match the redirect \
                     URI registered there exactly. Frappe prefixes a relative path with the site URL. When \
                     omitted on a Custom key, the provider computes \
                     `<site>/api/method/frappe.integrations.oauth2_logins.custom/<id>` from the provider's \
                     `public_url` (default: `url`) — the same value `provider::frappe::social_login_redirect_url` \
                     returns; for presets, the preset's callback path.",
                ),
        api_endpoint: Type::String => .optional_computed().description(
                    "The userinfo endpoint Frappe calls after login to learn the user's email and name \
                     (authentik: `/application/o/userinfo/`). Relative paths are resolved against `base_url`.",
                ),
        api_endpoint_args: Type::String => .optional_computed().description(
                    "JSON object of extra query parameters for `api_endpoint`, e.g. \
                     `jsonencode({ fields = \"email,name\" })`. Compared by meaning: spacing and key order do not \
                     cause a diff.",
                ),
        auth_url_data: Type::String => .optional_computed().description(
                    "JSON object of extra parameters for the authorization request, typically \
                     `jsonencode({ response_type = \"code\", scope = \"openid email profile\" })`. Compared by \
                     meaning: spacing and key order do not cause a diff.",
                ),
        user_id_property: Type::String => .optional_computed().description(
                    "Which userinfo claim identifies the user at this provider for Custom keys (Frappe uses `sub` \
                     when empty). The Keycloak preset uses `preferred_username`.",
                ),
        icon: Type::String => .optional_computed().description(
                    "Icon of the login button: an image URL or a Font Awesome class. Frappe replaces it with its \
                     own icon when `provider_name` is exactly `Google`, `Frappe`, `Facebook`, `Office 365`, \
                     `GitHub`, `Salesforce` or `fairlogin`; the plan shows that value.",
                ),
    }
}
