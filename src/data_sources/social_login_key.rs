//! `data "frappe_social_login_key"`: one key by name, for modules that must
//! check what a site already has. The client secret is never exposed; only
//! whether one is set.

use async_trait::async_trait;

use crate::provider::FrappeSession;
use crate::resources::social_login_key::{state_from_document, SocialLoginKeyModel};
use frappe_client::doctypes::fields::FieldKind;
use frappe_client::doctypes::social_login_key::{DOCTYPE, FIELDS};
use frappe_client::PasswordLookup;
use terraform_plugin::framework::{DataSource, Model};
use terraform_plugin::model;
use terraform_plugin::protocol::{AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};

model! {
    /// The lookup's own attributes; the key's fields follow them, copied
    /// from the resource's model.
    pub struct KeyLookupModel {
        name: Type::String => .required().description(
            "The key's document name, e.g. `authentik` (lower case, `_` for spaces).",
        ),
        id: Type::String => .computed().description("Same as `name`, as Frappe spells it."),
        has_client_secret: Type::Bool => .computed().description(
            "Whether a client secret is stored. The secret itself is never read.",
        ),
    }
}

type Lookup = KeyLookupModel;

/// The `frappe_social_login_key` data source.
pub struct SocialLoginKeyLookup;

/// The resource's attributes a reader may see: every stored field but the secret.
fn exposed() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().filter(|f| f.kind != FieldKind::Password).map(|f| f.name)
}

#[async_trait]
impl DataSource<FrappeSession> for SocialLoginKeyLookup {
    fn type_name(&self) -> &'static str {
        "frappe_social_login_key"
    }

    fn schema(&self) -> Schema {
        let resource = Block::new("", SocialLoginKeyModel::attributes());
        let mut attributes = Lookup::attributes();
        for name in exposed() {
            if let Some(attr) = resource.attribute(name) {
                let mut copy = attr.clone().computed();
                copy.description = format!("{} (read from the site)", attr.description);
                attributes.push(copy);
            }
        }
        Schema::new(
            0,
            Block::new(
                "Reads one Social Login Key of the site by name. Fails if there is no such key. The client secret \
                 is never read; `has_client_secret` says whether one is set.",
                attributes,
            ),
        )
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut d = Diagnostics::new();
        if Lookup::from_value(config)
            .name
            .as_str()
            .is_some_and(|n| n.trim().is_empty())
        {
            d.error_at(
                AttributePath::attribute(Lookup::name),
                "name is empty",
                "Give the key's document name.",
            );
        }
        d
    }

    async fn read(&self, session: &FrappeSession, config: &Value) -> (Value, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let name = Lookup::from_value(config).name.as_str().unwrap_or_default().to_string();
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return (Value::Null, d.into()),
        };
        let doc = match client.get_document(DOCTYPE, &name).await {
            Ok(Some(doc)) => doc,
            Ok(None) => {
                diagnostics.push(
                    Diagnostic::error(
                        "No such Social Login Key",
                        format!("The site has no Social Login Key named {name:?}."),
                    )
                    .at(AttributePath::attribute(Lookup::name)),
                );
                return (Value::Null, diagnostics);
            }
            Err(e) => {
                diagnostics.push(crate::provider::diagnostics::frappe_error(
                    &format!("reading Social Login Key {name:?}"),
                    &e,
                ));
                return (Value::Null, diagnostics);
            }
        };
        let key = state_from_document(&doc, &SocialLoginKeyModel::default()).to_value();
        // A stored secret always shows as asterisks; Frappe omits an empty column.
        let mut has_secret = matches!(doc.get("client_secret"), Some(serde_json::Value::String(s)) if !s.is_empty());
        if !has_secret {
            // Ask when in doubt.
            has_secret = matches!(
                client.get_password(DOCTYPE, &name, "client_secret").await,
                Ok(PasswordLookup::Found(_))
            );
        }
        let mut state = Value::null_object(&self.schema().value_type());
        for attr in exposed() {
            state.set_attribute(attr, key.get(attr).clone());
        }
        state.set_attribute(Lookup::name, Value::from(name));
        state.set_attribute(Lookup::id, key.get(SocialLoginKeyModel::id).clone());
        state.set_attribute(Lookup::has_client_secret, Value::Bool(has_secret));
        (state, diagnostics)
    }
}
