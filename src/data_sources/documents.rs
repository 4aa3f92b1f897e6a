//! `data "frappe_documents"`: a list query over any DocType, as
//! `frappe.client.get_list` answers it.

use async_trait::async_trait;
use serde_json::Value as Json;

use crate::provider::FrappeSession;
use crate::resources::document::values::{dynamic, from_json, plain_json};
use frappe_client::ListQuery;
use terraform_plugin::framework::{DataSource, Model};
use terraform_plugin::model;
use terraform_plugin::protocol::{AttributePath, Block, Diagnostics, Schema, Type, Value};

model! {
    /// A list query and its answer.
    pub struct DocumentListModel {
        doctype: Type::String => .required().description("The DocType to list, e.g. `User`."),
        filters: Type::Dynamic => .optional().description(
            "Frappe's filters: an object of field → value (`{ enabled = 1 }`), or a list of `[field, operator, \
             value]` (`[[\"user_type\", \"=\", \"System User\"], [\"name\", \"like\", \"%@example.com\"]]`).",
        ),
        fields: Type::list(Type::String) => .optional().description(
            "The fields of each document to return. Defaults to `[\"name\"]`; `[\"*\"]` returns every column \
             (child tables are not included in lists).",
        ),
        order_by: Type::String => .optional().description(
            "The order, e.g. `\"modified desc\"`. Defaults to the DocType's own sort order.",
        ),
        limit: Type::Number => .optional().description(
            "How many documents at most. Defaults to all of them (Frappe's API alone returns 20).",
        ),
        id: Type::String => .computed().description("The DocType listed."),
        names: Type::list(Type::String) => .computed().description("The names of the documents, in order."),
        documents: Type::Dynamic => .computed().description(
            "The documents, in order, each an object of the requested fields as Frappe returns them.",
        ),
    }
}

type Query = DocumentListModel;

/// The `frappe_documents` data source.
pub struct DocumentList;

#[async_trait]
impl DataSource<FrappeSession> for DocumentList {
    fn type_name(&self) -> &'static str {
        "frappe_documents"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            0,
            Block::new(
                "Lists the documents of any DocType that match Frappe filters, with the fields asked for. \
                 Reading needs read permission on the DocType.",
                Query::attributes(),
            ),
        )
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let config = Query::from_value(config);
        let mut d = Diagnostics::new();
        if let Some(limit) = config.limit.as_number() {
            if limit.as_i64().is_none_or(|l| l < 0) {
                d.error_at(
                    AttributePath::attribute(Query::limit),
                    "Invalid limit",
                    "limit is a whole number of documents, 0 or more.",
                );
            }
        }
        d
    }

    async fn read(&self, session: &FrappeSession, config: &Value) -> (Value, Diagnostics) {
        let mut state = Query::from_value(config);
        let doctype = state.doctype.as_str().unwrap_or_default().to_string();
        let fields: Vec<String> = match &state.fields {
            Value::List(items) => items.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect(),
            _ => vec!["name".to_string()],
        };
        let filters: Option<Json> = match &state.filters {
            Value::Null => None,
            other => Some(plain_json(other)),
        };
        let limit = state.limit.as_number().and_then(|n| n.as_i64()).unwrap_or(0).max(0) as u64;
        let client = match session.client() {
            Ok(c) => c,
            Err(d) => return (Value::Null, d.into()),
        };
        let query = ListQuery {
            doctype: &doctype,
            fields: &fields,
            filters: filters.as_ref(),
            order_by: state.order_by.as_str(),
            limit,
        };
        let rows = match client.query_documents(&query).await {
            Ok(rows) => rows,
            Err(e) => {
                return (
                    Value::Null,
                    crate::provider::diagnostics::frappe_error(&format!("listing {doctype}"), &e).into(),
                )
            }
        };
        state.names = Value::List(
            rows.iter()
                .filter_map(|r| r.get("name").and_then(Json::as_str))
                .map(Value::from)
                .collect(),
        );
        state.documents = dynamic(from_json(&Json::Array(rows.into_iter().map(Json::Object).collect())));
        state.id = Value::from(doctype);
        (state.to_value(), Diagnostics::new())
    }
}
