//! `frappe_user`: one Frappe user, with their roles.
//!
//! On the DocType kit: the model, the plan (defaults, the roles set, the
//! `user_type` Frappe derives), and the User DocType's quirks: the name is
//! the lower-cased email, the roles are a child table that is replaced as a
//! whole, and Frappe refuses to delete a user other documents link to.

mod document;
mod model;

use async_trait::async_trait;

use crate::document_resource::{DocumentResource, PlanInput, Planned};
use crate::provider::FrappeSession;
use frappe_client::doctypes::user::{plausible_email, user_name, DOCTYPE, UNDELETABLE};
use frappe_client::{ApiError, Document, FrappeError};
use terraform_plugin::protocol::{AttributePath, Diagnostics, Value};

pub use model::UserModel;

/// The `frappe_user` resource.
pub struct UserResource;

type User = UserModel;

const DESCRIPTION: &str = "A **User** of a Frappe site, with their roles. Users who first log in through single \
     sign-on are created by Frappe as Website Users without roles; declaring them here — with the email their \
     identity provider reports — gives them their desk roles before their first login, because Frappe finds \
     social-login users by email.\n\nDestroying the resource deletes the user. Frappe refuses to delete a user \
     that other documents link to; set `enabled = false` instead to lock them out.";

fn path(name: &'static str) -> AttributePath {
    AttributePath::attribute(name)
}

#[async_trait]
impl DocumentResource for UserResource {
    type Model = User;

    const TYPE_NAME: &'static str = "frappe_user";

    fn noun(&self) -> &'static str {
        DOCTYPE
    }

    fn listed_doctype(&self) -> Option<&'static str> {
        Some(DOCTYPE)
    }

    fn display_fields(&self) -> &'static [&'static str] {
        &["full_name"]
    }

    fn display_name(&self, _doctype: &str, name: &str, doc: &Document) -> String {
        match doc.get("full_name").and_then(serde_json::Value::as_str) {
            Some(full) if !full.trim().is_empty() => format!("{} <{name}>", full.trim()),
            _ => name.to_string(),
        }
    }

    fn filter_example(&self) -> &'static str {
        r#"user_type = "System User""#
    }

    fn description(&self) -> &'static str {
        DESCRIPTION
    }

    fn doctype(&self, _: &User) -> String {
        DOCTYPE.to_string()
    }

    fn document_name(&self, state: &User) -> Option<String> {
        state.id.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
    }

    fn set_document_name(&self, state: &mut User, _: &str, name: &str) {
        state.id = Value::from(name);
    }

    fn validate(&self, config: &User, _write_only_allowed: bool) -> Diagnostics {
        let mut d = Diagnostics::new();
        if let Some(email) = config.email.as_str() {
            if !plausible_email(email) {
                d.error_at(
                    path(User::email),
                    "Invalid email",
                    format!("Frappe refuses {email:?}: it is not a valid email address."),
                );
            } else if UNDELETABLE.contains(&user_name(email).as_str()) {
                d.error_at(
                    path(User::email),
                    "Frappe's built-in users cannot be managed",
                    "Administrator and Guest are part of every site; Frappe refuses to create or delete them.",
                );
            }
        }
        if config.first_name.as_str().is_some_and(|n| n.trim().is_empty()) {
            d.error_at(
                path(User::first_name),
                "first_name is empty",
                "Frappe requires a first name for every user.",
            );
        }
        if let Value::Set(roles) = &config.roles {
            if roles.iter().any(|r| r.as_str().is_some_and(|r| r.trim().is_empty())) {
                d.error_at(path(User::roles), "Empty role name", "Every role must be named.");
            }
        }
        d
    }

    async fn plan(&self, input: PlanInput<'_, User>) -> Planned<User> {
        let (config, prior) = (input.config, input.prior);
        let mut planned = input.proposed;
        planned.first_name = config.first_name.clone();
        planned.last_name = config.last_name.clone();
        planned.email = match prior {
            // Another spelling of the same address is no change.
            Some(prior) if document::same_email(&config.email, &prior.email) => prior.email.clone(),
            _ => config.email.clone(),
        };
        let or_default = |configured: &Value, before: Option<&Value>, default: Value| match (configured, before) {
            (Value::Null, Some(before)) if !before.is_null() => before.clone(),
            (Value::Null, _) => default,
            (configured, _) => configured.clone(),
        };
        planned.enabled = or_default(&config.enabled, prior.map(|p| &p.enabled), Value::Bool(true));
        planned.send_welcome_email = or_default(
            &config.send_welcome_email,
            prior.map(|p| &p.send_welcome_email),
            Value::Bool(false),
        );
        planned.roles = match (&config.roles, prior) {
            // Not managed: keep what the site has (a new user has none).
            (Value::Null, Some(prior)) => prior.roles.clone(),
            (Value::Null, None) => Value::Set(Vec::new()),
            (configured, Some(prior)) if document::same_roles(configured, &prior.roles) => prior.roles.clone(),
            (configured, _) => configured.clone(),
        };
        // Frappe derives user_type from the roles' desk access, which the
        // provider does not know: unknown whenever the roles change.
        planned.user_type = match prior {
            Some(prior) if document::same_roles(&planned.roles, &prior.roles) => prior.user_type.clone(),
            _ => Value::unknown(),
        };
        planned.id = match prior {
            Some(prior) => prior.id.clone(),
            None => Value::unknown(),
        };
        let mut requires_replace = Vec::new();
        if let Some(prior) = prior {
            if !document::same_email(&planned.email, &prior.email) {
                requires_replace.push(path(User::email));
            }
        }
        Planned {
            planned,
            requires_replace,
            diagnostics: Diagnostics::new(),
        }
    }

    fn expected_name(&self, planned: &User) -> Option<String> {
        planned.email.as_str().map(user_name)
    }

    async fn document_for_create(&self, _: &FrappeSession, planned: &User, _: &User) -> Result<Document, Diagnostics> {
        Ok(document::document_for_create(planned))
    }

    async fn document_for_update(
        &self,
        _: &FrappeSession,
        prior: &User,
        planned: &User,
        _: &User,
    ) -> Result<Document, Diagnostics> {
        Ok(document::document_for_update(prior, planned))
    }

    fn state_from_document(&self, doc: &Document, prior: &User) -> User {
        document::state_from_document(doc, prior)
    }

    fn matches_sent(&self, sent: &Document, existing: &Document) -> bool {
        let sent_user = document::state_from_document(sent, &User::default());
        let existing_user = document::state_from_document(existing, &User::default());
        // A user created from this request has exactly the roles it sent.
        document::same_email(&sent_user.email, &existing_user.email)
            && sent_user.first_name == existing_user.first_name
            && document::same_roles(&sent_user.roles, &existing_user.roles)
    }

    fn attribute_of(&self, error: &ApiError) -> Option<AttributePath> {
        let text = error.messages.join("\n");
        let by_class = match error.exc_type.as_deref() {
            Some("InvalidEmailAddressError") => Some(User::email),
            Some("LinkValidationError") if text.contains("Role") => Some(User::roles),
            Some("MandatoryError") if text.contains("first_name") || text.contains("First Name") => {
                Some(User::first_name)
            }
            _ => None,
        };
        by_class.map(path)
    }

    fn name_attribute(&self) -> Option<AttributePath> {
        Some(path(User::email))
    }

    fn parse_import_id(&self, id: &str) -> Result<(String, String), String> {
        if !plausible_email(id) {
            return Err(format!(
                "Import a user by their email address, e.g. `alice@example.com`; got {id:?}."
            ));
        }
        Ok((DOCTYPE.to_string(), user_name(id)))
    }

    fn delete_advice(&self, error: &FrappeError) -> Option<String> {
        let FrappeError::Api(api) = error else {
            return None;
        };
        (api.exc_type.as_deref() == Some("LinkExistsError") || api.messages.iter().any(|m| m.contains("is linked")))
            .then(|| {
                "Frappe keeps users that other documents link to. To lock this user out instead, keep the resource \
                 and set enabled = false (or remove it from the configuration with `terraform state rm` after \
                 disabling it)."
                    .to_string()
            })
    }
}
