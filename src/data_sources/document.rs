//! `data "frappe_document"`: one document of any DocType, every field of it
//! as Frappe answers (child tables as lists of rows), for modules that read
//! what a site has.

use async_trait::async_trait;

use crate::provider::FrappeSession;
use crate::resources::document::values::{dynamic, from_json};
use terraform_plugin::framework::{DataSource, Model};
use terraform_plugin::model;
use terraform_plugin::protocol::{AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};

model! {
    /// One document, read.
    pub struct DocumentLookupModel {
        doctype: Type::String => .required().description("The DocType, e.g. `Role` or `System Settings`."),
        name: Type::String => .optional().description(
            "The document's name. For a Single DocType leave it out: its one document is named like the DocType.",
        ),
        id: Type::String => .computed().description("`<doctype>/<name>`."),
        data: Type::Dynamic => .computed().description(
            "Every field of the document as Frappe returns it: Check fields as 0/1, child tables as lists of row \
             objects, Password fields as asterisks (the secret itself is never read), empty fields left out.",
        ),
    }
}

type Lookup = DocumentLookupModel;

/// The `frappe_document` data source.
pub struct DocumentLookup;

#[async_trait]
impl DataSource<FrappeSession> for DocumentLookup {
    fn type_name(&self) -> &'static str {
        "frappe_document"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Reads one document of any DocType. Fails if there is no such document.",
                Lookup::attributes(),
            ),
        )
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let config = Lookup::from_value(config);
        let mut d = Diagnostics::new();
        if config.doctype.as_str().is_some_and(|t| t.trim().is_empty()) {
            d.error_at(
                AttributePath::attribute(Lookup::doctype),
                "doctype is empty",
                "Name the DocType.",
            );
        }
        d
    }

    async fn read(&self, session: &FrappeSession, config: &Value) -> (Value, Diagnostics) {
        let mut state = Lookup::from_value(config);
        let doctype = state.doctype.as_str().unwrap_or_default().to_string();
        let name = state.name.as_str().unwrap_or(&doctype).to_string();
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return (Value::Null, d.into()),
        };
        match client.get_document(&doctype, &name).await {
            Ok(Some(doc)) => {
                let canonical = doc
                    .get("name")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or(&name)
                    .to_string();
                state.data = dynamic(from_json(&serde_json::Value::Object(doc)));
                state.id = Value::from(format!("{doctype}/{canonical}"));
                (state.to_value(), Diagnostics::new())
            }
            Ok(None) => {
                let d = Diagnostic::error(
                    format!("No {doctype} named {name:?}"),
                    format!("The site has no {doctype} document named {name:?}."),
                )
                .at(AttributePath::attribute(Lookup::name));
                (Value::Null, d.into())
            }
            Err(e) => (
                Value::Null,
                crate::provider::diagnostics::frappe_error(&format!("reading {doctype} {name:?}"), &e).into(),
            ),
        }
    }
}
