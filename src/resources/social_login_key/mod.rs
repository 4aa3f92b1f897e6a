//! `frappe_social_login_key`: one Social Login Key of a Frappe site.
//!
//! On the DocType kit: this module supplies the model, the plan (presets,
//! the computed redirect URL, Frappe's icon rewrite, the site's own fields)
//! and the key's quirks — the secret Frappe never returns, which is checked
//! for drift with `frappe.client.get_password`.

mod document;
mod model;
mod plan;
mod site;
mod validate;

use async_trait::async_trait;

use crate::document_resource::{DocumentResource, PlanInput, Planned};
use crate::provider::FrappeSession;
use frappe_client::doctypes::fields::field_named_in;
use frappe_client::doctypes::social_login_key::{key_name, DOCTYPE, FIELDS};
use frappe_client::{ApiError, Document, FrappeClient, PasswordLookup};
use terraform_plugin::protocol::{AttributePath, Diagnostic, Diagnostics, Value};

pub use document::state_from_document;
pub use model::SocialLoginKeyModel;
use site::SiteFields;

/// The `frappe_social_login_key` resource.
pub struct SocialLoginKeyResource;

type Key = SocialLoginKeyModel;

/// Stands in for a secret that was changed on the site when the API user may
/// not read it: any value that differs from the configured one makes the
/// plan show (and fix) the drift, without revealing anything.
const CHANGED_OUTSIDE_TERRAFORM: &str = "(changed outside Terraform)";

const DESCRIPTION: &str = "A **Social Login Key** of a Frappe site: one OAuth 2 / OpenID Connect identity provider \
     users can log in with (the *Login with …* button). Frappe names the key after `provider_name` (lower-cased, \
     spaces and hyphens turned into `_`); that name is this resource's `id` and ends the callback URL of a Custom \
     key.\n\nFor the built-in presets (GitHub, Google, Keycloak, …) the provider fills in the preset's URLs, as \
     Frappe's desk form does; set an attribute to override it. The provider reads the site's own Social Login Key \
     DocType once per run and adapts to it: a field or option the site lacks (`sign_ups` and `Keycloak` on Frappe \
     v14) is a plan-time error on its attribute, and fields it does not know (newer Frappe) are never sent, so \
     never wiped.";

impl SocialLoginKeyResource {
    /// The secret to send: the write-only one when it is (re)sent, else the
    /// stored one when it changed (or on create).
    fn secret_to_send<'a>(prior: Option<&Key>, planned: &'a Key, config: &'a Key) -> Option<&'a str> {
        let Some(prior) = prior else {
            return config.client_secret_wo.as_str().or(planned.client_secret.as_str());
        };
        let version_changed = prior.client_secret_wo_version != planned.client_secret_wo_version;
        match (&config.client_secret_wo, &planned.client_secret) {
            (Value::String(s), _) if version_changed => Some(s),
            (_, Value::String(s)) if prior.client_secret != planned.client_secret => Some(s),
            _ => None,
        }
    }

    /// The fields of this site's DocType (read once per provider process).
    async fn site_fields(site: &FrappeSession) -> SiteFields {
        SiteFields::from_lookup(&site.doctype_meta(DOCTYPE).await)
    }

    /// At apply the site is known: refuse what the plan could not check.
    async fn fields_for_apply(site: &FrappeSession, planned: &Key, config: &Key) -> Result<SiteFields, Diagnostics> {
        let fields = Self::site_fields(site).await;
        let mut problems = Diagnostics::new();
        validate::check_against_site(&mut problems, planned, config, &fields);
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(fields)
    }
}

#[async_trait]
impl DocumentResource for SocialLoginKeyResource {
    type Model = Key;

    const TYPE_NAME: &'static str = "frappe_social_login_key";

    fn noun(&self) -> &'static str {
        DOCTYPE
    }

    fn listed_doctype(&self) -> Option<&'static str> {
        Some(DOCTYPE)
    }

    fn display_fields(&self) -> &'static [&'static str] {
        &["provider_name"]
    }

    fn display_name(&self, _doctype: &str, name: &str, doc: &Document) -> String {
        match doc.get("provider_name").and_then(serde_json::Value::as_str) {
            Some(shown) if !shown.is_empty() => format!("{shown} ({name})"),
            _ => name.to_string(),
        }
    }

    fn filter_example(&self) -> &'static str {
        "enable_social_login = true"
    }

    fn description(&self) -> &'static str {
        DESCRIPTION
    }

    fn import_notes(&self) -> Option<&'static str> {
        Some(include_str!("import_notes.md"))
    }

    fn doctype(&self, _: &Key) -> String {
        DOCTYPE.to_string()
    }

    fn document_name(&self, state: &Key) -> Option<String> {
        state.id.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
    }

    fn set_document_name(&self, state: &mut Key, _: &str, name: &str) {
        state.id = Value::from(name);
    }

    fn validate(&self, config: &Key, write_only_allowed: bool) -> Diagnostics {
        validate::check_config(config, write_only_allowed)
    }

    async fn plan(&self, input: PlanInput<'_, Key>) -> Planned<Key> {
        let fields = Self::site_fields(input.site).await;
        let change = plan::plan_change(
            input.prior,
            &input.proposed,
            input.config,
            input.site.public_url(),
            &fields,
        );
        let diagnostics = validate::check_resolved(&change.planned, input.config, input.prior.is_none(), &fields);
        Planned {
            planned: change.planned,
            requires_replace: change.requires_replace,
            diagnostics,
        }
    }

    fn expected_name(&self, planned: &Key) -> Option<String> {
        planned.provider_name.as_str().map(key_name)
    }

    async fn document_for_create(
        &self,
        site: &FrappeSession,
        planned: &Key,
        config: &Key,
    ) -> Result<Document, Diagnostics> {
        let fields = Self::fields_for_apply(site, planned, config).await?;
        let secret = Self::secret_to_send(None, planned, config);
        Ok(document::document_for_create(planned, secret, |f| fields.has(f)))
    }

    async fn document_for_update(
        &self,
        site: &FrappeSession,
        prior: &Key,
        planned: &Key,
        config: &Key,
    ) -> Result<Document, Diagnostics> {
        let fields = Self::fields_for_apply(site, planned, config).await?;
        let secret = Self::secret_to_send(Some(prior), planned, config);
        Ok(document::document_for_update(prior, planned, secret, |f| fields.has(f)))
    }

    fn state_from_document(&self, doc: &Document, prior: &Key) -> Key {
        document::state_from_document(doc, prior)
    }

    /// Checks the stored secret against the one in state, so a secret changed
    /// on the site shows up as drift. Only done when Terraform manages the
    /// secret (`client_secret` in state).
    async fn after_read(
        &self,
        client: &FrappeClient,
        name: &str,
        doc: &Document,
        state: &mut Key,
        d: &mut Diagnostics,
    ) -> bool {
        let Value::String(expected) = state.client_secret.clone() else {
            return true;
        };
        match client.get_password(DOCTYPE, name, "client_secret").await {
            Ok(PasswordLookup::Found(actual)) if actual != expected => state.client_secret = Value::String(actual),
            Ok(PasswordLookup::Found(_)) => {}
            Ok(PasswordLookup::NotSet) => state.client_secret = Value::Null,
            Ok(PasswordLookup::NotPermitted) => {
                // The masked column still reveals the stored secret's length.
                match document::masked_secret_length(doc) {
                    None => state.client_secret = Value::Null,
                    Some(len) if len != expected.chars().count() => {
                        state.client_secret = Value::from(CHANGED_OUTSIDE_TERRAFORM)
                    }
                    Some(_) => {}
                }
            }
            Err(e) => {
                d.push(Diagnostic::warning(
                    "Could not check the client secret for changes",
                    format!(
                        "Reading the stored secret of {name:?} failed: {e}. The secret in state is assumed unchanged."
                    ),
                ));
                return false;
            }
        }
        true
    }

    fn secret_fields(&self, _doc: &Document, state: &Key) -> Vec<String> {
        match state.client_secret {
            Value::String(_) => vec!["client_secret".to_string()],
            _ => Vec::new(),
        }
    }

    /// `SocialLoginKey.validate` (`frappe/integrations/doctype/social_login_key/social_login_key.py`)
    /// only checks that a secret is set; it never rewrites it.
    fn stores_secrets_as_sent(&self) -> bool {
        true
    }

    /// Adopts the stored secret when the API user may read it, so a
    /// configuration holding the same secret plans no change.
    /// Records the stored secret when the API user may read it, so a
    /// configuration holding the same secret, or none at all, plans no change.
    async fn after_import(&self, site: &FrappeSession, doc: &Document, state: &mut Key) {
        let (Ok(client), Some(name)) = (site.client(), doc.get("name").and_then(serde_json::Value::as_str)) else {
            return;
        };
        if let Ok(PasswordLookup::Found(secret)) = client.get_password(DOCTYPE, name, "client_secret").await {
            state.client_secret = Value::String(secret);
        }
    }

    fn matches_sent(&self, sent: &Document, existing: &Document) -> bool {
        document::matches_sent(sent, existing)
    }

    fn attribute_of(&self, error: &ApiError) -> Option<AttributePath> {
        let by_class = match error.exc_type.as_deref()? {
            "BaseUrlNotSetError" => Some(Key::base_url),
            "AuthorizeUrlNotSetError" => Some(Key::authorize_url),
            "AccessTokenUrlNotSetError" => Some(Key::access_token_url),
            "RedirectUrlNotSetError" => Some(Key::redirect_url),
            "ClientIDNotSetError" => Some(Key::client_id),
            "ClientSecretNotSetError" => Some(Key::client_secret),
            "MandatoryError" => Some(Key::provider_name),
            _ => None,
        };
        by_class
            .or_else(|| field_named_in(FIELDS, &error.messages.join("\n")).map(|f| f.name))
            .map(AttributePath::attribute)
    }

    fn name_attribute(&self) -> Option<AttributePath> {
        Some(AttributePath::attribute(Key::provider_name))
    }

    fn parse_import_id(&self, id: &str) -> Result<(String, String), String> {
        if id.is_empty() {
            return Err("Import a Social Login Key by its name, e.g. `authentik`.".into());
        }
        Ok((DOCTYPE.to_string(), id.to_string()))
    }

    fn import_hint(&self, name: &str) -> Option<String> {
        (key_name(name) != name).then(|| {
            format!(
                "Frappe names keys in lower case with underscores: try {:?}.",
                key_name(name)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(exc: &str, message: &str) -> ApiError {
        ApiError {
            status: 417,
            exc_type: Some(exc.into()),
            messages: vec![message.into()],
            exception: None,
            database_refusal: None,
        }
    }

    #[test]
    fn validation_errors_point_at_their_attribute() {
        let r = SocialLoginKeyResource;
        let at = |e: ApiError| r.attribute_of(&e).map(|p| p.to_string());
        assert_eq!(
            at(api("AuthorizeUrlNotSetError", "Please enter Authorize URL")).as_deref(),
            Some("authorize_url")
        );
        assert_eq!(
            at(api(
                "CannotChangeConstantError",
                "Value cannot be changed for Provider Name"
            ))
            .as_deref(),
            Some("provider_name")
        );
        assert_eq!(
            at(api(
                "CharacterLengthExceededError",
                "Social Login Key x: 'Access Token URL' (https://…) will get truncated, as max characters allowed is 140"
            ))
            .as_deref(),
            Some("access_token_url")
        );
        assert_eq!(
            at(api(
                "ValidationError",
                "Social Login Provider cannot be \"X\". It should be one of …"
            ))
            .as_deref(),
            Some("social_login_provider")
        );
        assert_eq!(
            at(api(
                "CharacterLengthExceededError",
                "'API Endpoint Args' (…) will get truncated"
            ))
            .as_deref(),
            Some("api_endpoint_args")
        );
    }

    #[test]
    fn the_secret_is_sent_on_create_and_when_it_or_its_version_changes() {
        let with = |pairs: &[(&str, Value)]| {
            let mut k = Key::default();
            for (n, v) in pairs {
                *terraform_plugin::framework::Model::get_mut(&mut k, n).expect("attribute") = v.clone();
            }
            k
        };
        let planned = with(&[("client_secret", Value::from("a"))]);
        assert_eq!(
            SocialLoginKeyResource::secret_to_send(None, &planned, &Key::default()),
            Some("a")
        );
        assert_eq!(
            SocialLoginKeyResource::secret_to_send(Some(&planned), &planned, &planned),
            None
        );
        let prior = with(&[("client_secret_wo_version", Value::from(1))]);
        let next = with(&[("client_secret_wo_version", Value::from(2))]);
        let config = with(&[
            ("client_secret_wo", Value::from("wo")),
            ("client_secret_wo_version", Value::from(2)),
        ]);
        assert_eq!(
            SocialLoginKeyResource::secret_to_send(Some(&prior), &next, &config),
            Some("wo")
        );
    }
}
