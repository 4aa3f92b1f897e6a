//! The `frappe_social_login_key` schema. Attribute names are Frappe's field
//! names; descriptions say what each field does when a user logs in.

use terraform_plugin::protocol::{Attribute, Block, Schema};

pub const TYPE_NAME: &str = "frappe_social_login_key";
pub const DOCTYPE: &str = "Social Login Key";

/// `social_login_provider` options in Frappe v15 (Keycloak included).
pub const PROVIDER_OPTIONS: &[&str] = &[
    "Custom",
    "Facebook",
    "Frappe",
    "GitHub",
    "Google",
    "Office 365",
    "Salesforce",
    "fairlogin",
    "Keycloak",
];

/// `sign_ups` options ("" = follow Website Settings).
pub const SIGN_UPS_OPTIONS: &[&str] = &["", "Allow", "Deny"];

/// Frappe stores Data and Select fields in `varchar(140)` and refuses longer values.
pub const MAX_DATA_LENGTH: usize = 140;

/// How Frappe stores a field, which decides how we send, read and compare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Text up to 140 characters, stored verbatim.
    Data,
    /// One of a fixed list; Frappe trims surrounding spaces.
    Select(&'static [&'static str]),
    /// 0 or 1 on the wire, a bool in Terraform.
    Check,
    /// JSON text stored verbatim; compared by meaning, not spelling.
    Json,
    /// Write-only on Frappe's side: reads back as asterisks.
    Password,
}

/// One stored field of the DocType.
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
}

/// Every stored field of the v15 DocType, as Terraform attributes.
pub const FIELDS: &[Field] = &[
    Field {
        name: "provider_name",
        kind: FieldKind::Data,
    },
    Field {
        name: "social_login_provider",
        kind: FieldKind::Select(PROVIDER_OPTIONS),
    },
    Field {
        name: "enable_social_login",
        kind: FieldKind::Check,
    },
    Field {
        name: "client_id",
        kind: FieldKind::Data,
    },
    Field {
        name: "client_secret",
        kind: FieldKind::Password,
    },
    Field {
        name: "sign_ups",
        kind: FieldKind::Select(SIGN_UPS_OPTIONS),
    },
    Field {
        name: "base_url",
        kind: FieldKind::Data,
    },
    Field {
        name: "custom_base_url",
        kind: FieldKind::Check,
    },
    Field {
        name: "authorize_url",
        kind: FieldKind::Data,
    },
    Field {
        name: "access_token_url",
        kind: FieldKind::Data,
    },
    Field {
        name: "redirect_url",
        kind: FieldKind::Data,
    },
    Field {
        name: "api_endpoint",
        kind: FieldKind::Data,
    },
    Field {
        name: "api_endpoint_args",
        kind: FieldKind::Json,
    },
    Field {
        name: "auth_url_data",
        kind: FieldKind::Json,
    },
    Field {
        name: "user_id_property",
        kind: FieldKind::Data,
    },
    Field {
        name: "icon",
        kind: FieldKind::Data,
    },
];

pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Attributes the provider fills from the preset (or a computed default)
/// when the configuration leaves them out.
pub const DEFAULTED: &[&str] = &[
    "social_login_provider",
    "enable_social_login",
    "sign_ups",
    "base_url",
    "custom_base_url",
    "authorize_url",
    "access_token_url",
    "redirect_url",
    "api_endpoint",
    "api_endpoint_args",
    "auth_url_data",
    "user_id_property",
    "icon",
];

pub fn schema() -> Schema {
    Schema::new(
        0,
        Block::new(
            "A **Social Login Key** of a Frappe site: one OAuth 2 / OpenID Connect identity provider users can log in \
             with (the *Login with …* button). Frappe names the key after `provider_name` (lower-cased, spaces and \
             hyphens turned into `_`); that name is this resource's `id` and ends the callback URL of a Custom key.\n\n\
             For the built-in presets (GitHub, Google, Keycloak, …) the provider fills in the preset's URLs, as \
             Frappe's desk form does; set an attribute to override it.",
            vec![
                Attribute::string("id").computed().description(
                    "The key's document name in Frappe: `provider_name` lower-cased with spaces and hyphens turned \
                     into `_` (\"My IdP\" → `my_idp`). Use it for `terraform import`.",
                ),
                Attribute::string("provider_name").required().description(
                    "The name shown on the login button (*Login with …*). Frappe derives the key's \
                     name from it and never lets it change, so changing it replaces the key. For a preset, keep \
                     the preset's name (`GitHub`, `Google`, …): Frappe's built-in callbacks look the key up by that \
                     name.",
                ),
                Attribute::string("social_login_provider")
                    .optional_computed()
                    .description(
                        "Which kind of provider this is: `Custom` (any OAuth 2 / OpenID Connect server such as \
                     authentik; the default) or a preset — `Facebook`, `Frappe`, `GitHub`, `Google`, `Office 365`, \
                     `Salesforce`, `fairlogin`, `Keycloak`. A preset fills in the URLs below. Frappe never lets it \
                     change, so changing it replaces the key.",
                    ),
                Attribute::bool("enable_social_login").optional_computed().description(
                    "Whether the login button is shown and the callback accepts logins. Defaults to `false`, as in \
                     Frappe. Enabling needs `client_id` and a client secret.",
                ),
                Attribute::string("client_id").optional().description(
                    "The OAuth client ID registered at the identity provider (e.g. authentik's \
                     `authentik_provider_oauth2.client_id`). Sent to the provider on every login.",
                ),
                Attribute::string("client_secret").optional().sensitive().description(
                    "The OAuth client secret, used by Frappe to exchange the login code for a token. Frappe never \
                     returns it (it reads back as asterisks), so Terraform keeps the configured value; when the \
                     API user may call `frappe.client.get_password` (System Manager), a secret changed on the site \
                     shows up as drift. It is stored in Terraform state: prefer `client_secret_wo` to keep it out.",
                ),
                Attribute::string("client_secret_wo")
                    .optional()
                    .sensitive()
                    .write_only()
                    .description(
                        "Write-only alternative to `client_secret` (Terraform 1.11 or later): the secret is sent to \
                         Frappe but never stored in the plan or state. It is sent when the key is created and \
                         whenever `client_secret_wo_version` changes; bump the version to rotate the secret. \
                         Conflicts with `client_secret`.",
                    ),
                Attribute::number("client_secret_wo_version").optional().description(
                    "Any number you change to send `client_secret_wo` again (e.g. 1, 2, 3 …). Required with \
                     `client_secret_wo`.",
                ),
                Attribute::string("sign_ups").optional_computed().description(
                    "Whether people without a Frappe user may sign up through this provider: `Allow`, `Deny`, or \
                     `\"\"` (the default) to follow the site's Website Settings.",
                ),
                Attribute::string("base_url").optional_computed().description(
                    "Base URL of the identity provider, e.g. `https://authentik.example.com`. A relative \
                     `api_endpoint` is resolved against it, and with `custom_base_url = true` it is put in front \
                     of `authorize_url` and `access_token_url` by plain string concatenation — so do not end it \
                     with `/` when those start with `/`.",
                ),
                Attribute::bool("custom_base_url").optional_computed().description(
                    "Whether `authorize_url` and `access_token_url` are relative to `base_url`. Frappe's desk form \
                     sets this hidden field for Custom providers, but the API does not: set it to `true` when \
                     those URLs start with `/` (as in authentik's guide). Defaults to the preset's value, else \
                     `false`.",
                ),
                Attribute::string("authorize_url").optional_computed().description(
                    "The provider's authorization endpoint, where the browser is sent to log in (authentik: \
                     `/application/o/authorize/`). Required by Frappe; presets fill it in.",
                ),
                Attribute::string("access_token_url").optional_computed().description(
                    "The provider's token endpoint, where Frappe exchanges the login code for a token (authentik: \
                     `/application/o/token/`). Required by Frappe; presets fill it in.",
                ),
                Attribute::string("redirect_url").optional_computed().description(
                    "Where the identity provider sends the browser back after login; it must match the redirect \
                     URI registered there exactly. Frappe prefixes a relative path with the site URL. When \
                     omitted on a Custom key, the provider computes \
                     `<provider url>/api/method/frappe.integrations.oauth2_logins.custom/<id>` from the provider's \
                     `url` (the same value `provider::frappe::social_login_redirect_url` returns); for presets, \
                     the preset's callback path.",
                ),
                Attribute::string("api_endpoint").optional_computed().description(
                    "The userinfo endpoint Frappe calls after login to learn the user's email and name \
                     (authentik: `/application/o/userinfo/`). Relative paths are resolved against `base_url`.",
                ),
                Attribute::string("api_endpoint_args").optional_computed().description(
                    "JSON object of extra query parameters for `api_endpoint`, e.g. \
                     `jsonencode({ fields = \"email,name\" })`. Compared by meaning: spacing and key order do not \
                     cause a diff.",
                ),
                Attribute::string("auth_url_data").optional_computed().description(
                    "JSON object of extra parameters for the authorization request, typically \
                     `jsonencode({ response_type = \"code\", scope = \"openid email profile\" })`. Compared by \
                     meaning: spacing and key order do not cause a diff.",
                ),
                Attribute::string("user_id_property").optional_computed().description(
                    "Which userinfo claim identifies the user at this provider for Custom keys (Frappe uses `sub` \
                     when empty). The Keycloak preset uses `preferred_username`.",
                ),
                Attribute::string("icon").optional_computed().description(
                    "Icon of the login button: an image URL or a Font Awesome class. Frappe replaces it with its \
                     own icon when `provider_name` is exactly `Google`, `Frappe`, `Facebook`, `Office 365`, \
                     `GitHub`, `Salesforce` or `fairlogin`; the plan shows that value.",
                ),
            ],
        ),
    )
}

/// The identity: the key's document name (Terraform 1.12+ `import { identity = { name = "…" } }`).
pub fn identity_schema() -> Schema {
    Schema::new(
        0,
        Block::new(
            "",
            vec![Attribute::string("name")
                .required()
                .description("The Social Login Key's document name (the resource `id`).")],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_passes_terraforms_rules() {
        assert_eq!(schema().check(), Vec::<String>::new());
        assert_eq!(identity_schema().check(), Vec::<String>::new());
    }

    #[test]
    fn every_frappe_field_is_an_attribute() {
        let schema = schema();
        for field in FIELDS {
            assert!(schema.block.attribute(field.name).is_some(), "{} missing", field.name);
        }
        for name in DEFAULTED {
            assert!(field(name).is_some(), "{name} is not a Frappe field");
        }
    }
}
