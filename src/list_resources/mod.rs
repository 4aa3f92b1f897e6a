//! List resources for `terraform query` (Terraform ≥ 1.14): they find the
//! documents a site already has so Terraform can import them. One
//! implementation serves every DocType resource of the kit
//! ([`crate::document_resource`]): the list is read page by page from
//! Frappe's list API, each result names the document by the resource's
//! identity, and the resource object, when Terraform asks for it, is the
//! state an import records.

mod filters;

use async_trait::async_trait;
use serde_json::Value as Json;

use crate::document_resource::{DocumentResource, DocumentResourceAdapter};
use crate::provider::{FrappeSession, SiteMeta};
use filters::Filters;
use frappe_client::{ListQuery, DEFAULT_PAGE_SIZE};
use terraform_plugin::framework::{ListRequest, ListResource, ListResult, ListSink, ListValidateRequest};
use terraform_plugin::protocol::{Attribute, AttributePath, Block, Diagnostic, Diagnostics, Schema, Type, Value};

/// Lists the documents of one DocType resource.
pub struct DocumentList<R: DocumentResource> {
    adapter: DocumentResourceAdapter<R>,
}

impl<R: DocumentResource> DocumentList<R> {
    pub fn new(resource: R) -> Self {
        Self {
            adapter: DocumentResourceAdapter::new(resource),
        }
    }

    fn resource(&self) -> &R {
        self.adapter.resource()
    }

    /// The DocType listed: the resource's own, or the `doctype` of the config.
    fn doctype(&self, config: &Value) -> Option<String> {
        match self.resource().listed_doctype() {
            Some(doctype) => Some(doctype.to_string()),
            None => config.get("doctype").as_str().map(str::to_owned),
        }
    }

    /// One result from a list row (or a Single's document).
    async fn result(
        &self,
        session: &FrappeSession,
        listing: &Listing<'_>,
        row: &frappe_client::Document,
    ) -> Option<ListResult> {
        let name = row.get("name").and_then(Json::as_str)?;
        let identity = self.resource().identity(listing.doctype, name);
        // What the resource could not import is not offered: Frappe's
        // standard users `Administrator` and `Guest` (`frappe/__init__.py`
        // `STANDARD_USERS`) have no email address for a name, and an import
        // of them would fail the whole generated configuration.
        self.resource().place_of_identity(&identity)?;
        let display_name = self.resource().display_name(listing.doctype, name, row);
        // The list API leaves out child tables: the object is read in full,
        // as an import reads it.
        let (resource_object, diagnostics) = if listing.include_resource {
            match self.adapter.adopt(session, listing.doctype, name).await {
                Ok(imported) => (Some(imported.state), Diagnostics::new()),
                Err(diagnostics) => (None, diagnostics),
            }
        } else {
            (None, Diagnostics::new())
        };
        Some(ListResult {
            identity,
            display_name,
            resource_object,
            diagnostics,
        })
    }
}

/// What one `list` block asks for, once checked.
struct Listing<'a> {
    doctype: &'a str,
    filters: &'a Filters,
    include_resource: bool,
}

#[async_trait]
impl<R: DocumentResource> ListResource<FrappeSession> for DocumentList<R> {
    fn type_name(&self) -> &'static str {
        R::TYPE_NAME
    }

    fn schema(&self) -> Schema {
        let mut attributes = vec![Attribute::new("filters", Type::Dynamic).optional().description(format!(
            "Which {noun}s to find: an object of field → value, each an equality, all of which must hold — the \
             same meaning as the `filters` object of the `frappe_documents` data source, e.g. `{{ {example} }}`. \
             Every field must exist on the site's DocType. Leave it out to find all of them.",
            noun = self.resource().noun(),
            example = self.resource().filter_example(),
        ))];
        if self.resource().listed_doctype().is_none() {
            attributes.insert(
                0,
                Attribute::string("doctype")
                    .required()
                    .description("The DocType whose documents to find, e.g. `Role`; the site must have it."),
            );
        }
        Schema::new(
            0,
            Block::new(
                format!(
                    "Finds existing {noun}s for `terraform query`, to import them with generated configuration.",
                    noun = self.resource().noun()
                ),
                attributes,
            ),
        )
    }

    fn validate(&self, request: ListValidateRequest<'_>) -> Diagnostics {
        let mut d = Diagnostics::new();
        if let Err(problem) = Filters::shape(request.config.get("filters")) {
            d.push(problem);
        }
        if self.resource().listed_doctype().is_none()
            && request
                .config
                .get("doctype")
                .as_str()
                .is_some_and(|t| t.trim().is_empty())
        {
            d.error_at(
                AttributePath::attribute("doctype"),
                "doctype is empty",
                "Name the DocType, e.g. \"Role\".",
            );
        }
        d
    }

    async fn list(&self, session: &FrappeSession, request: ListRequest<'_>, sink: &mut ListSink) {
        match self.prepare(session, request.config).await {
            Ok((doctype, meta, filters)) => {
                let listing = Listing {
                    doctype: &doctype,
                    filters: &filters,
                    include_resource: request.include_resource,
                };
                if meta.is_single {
                    self.list_single(session, &listing, sink).await;
                } else {
                    self.list_pages(session, &listing, sink).await;
                }
            }
            Err(d) => sink.fail(d).await,
        }
    }
}

impl<R: DocumentResource> DocumentList<R> {
    /// The DocType, its description and the checked filters.
    async fn prepare(
        &self,
        session: &FrappeSession,
        config: &Value,
    ) -> Result<(String, std::sync::Arc<frappe_client::DocTypeMeta>, Filters), Diagnostics> {
        let doctype = self.doctype(config).ok_or_else(|| {
            Diagnostic::error("doctype is required", "Name the DocType to list.")
                .at(AttributePath::attribute("doctype"))
        })?;
        session.client()?;
        let meta =
            match session.doctype_meta(&doctype).await {
                SiteMeta::Known(meta) => meta,
                SiteMeta::Missing => {
                    return Err(Diagnostic::error(
                        format!("The site has no DocType {doctype:?}"),
                        format!(
                        "{doctype:?} is not a DocType of this site (DocType names are case-sensitive, e.g. \"Role\")."
                    ),
                    )
                    .at(AttributePath::attribute("doctype"))
                    .into())
                }
                SiteMeta::Unreadable(reason) => {
                    return Err(Diagnostic::error(
                        format!("Could not read the DocType {doctype}"),
                        format!("The provider reads the DocType to check the filters: {reason}"),
                    )
                    .into())
                }
                SiteMeta::NotYet => return Err(Diagnostic::error(
                    "The site is not known yet",
                    "The provider settings depend on values Terraform does not know yet; a list block needs the site.",
                )
                .into()),
            };
        let filters = Filters::checked(config.get("filters"), &meta)?;
        Ok((doctype, meta, filters))
    }

    async fn list_pages(&self, session: &FrappeSession, listing: &Listing<'_>, sink: &mut ListSink) {
        let Ok(client) = session.client() else { return };
        let doctype = listing.doctype;
        let mut fields = vec!["name".to_string()];
        fields.extend(self.resource().display_fields().iter().map(|f| f.to_string()));
        let query = ListQuery {
            doctype,
            fields: &fields,
            filters: listing.filters.json(),
            // A stable order, so pages neither skip nor repeat documents.
            order_by: Some("name asc"),
            limit: sink.remaining(),
        };
        let mut pages = client.pages(&query, DEFAULT_PAGE_SIZE);
        while sink.wants_more() {
            let page = match pages.next_page().await {
                Ok(Some(page)) => page,
                Ok(None) => return,
                Err(e) => {
                    let d = crate::provider::diagnostics::frappe_error(&format!("listing {doctype}"), &e);
                    return sink.fail(d.into()).await;
                }
            };
            for row in &page {
                let Some(result) = self.result(session, listing, row).await else {
                    continue;
                };
                if !sink.send(result).await {
                    return;
                }
            }
        }
    }

    /// A Single DocType has one document, named after it, which the list
    /// API does not list: it is read, and found when the filters hold.
    async fn list_single(&self, session: &FrappeSession, listing: &Listing<'_>, sink: &mut ListSink) {
        let Ok(client) = session.client() else { return };
        let doctype = listing.doctype;
        let doc = match client.get_document(doctype, doctype).await {
            Ok(Some(doc)) => doc,
            Ok(None) => return,
            Err(e) => {
                let d = crate::provider::diagnostics::frappe_error(&format!("reading {doctype}"), &e);
                return sink.fail(d.into()).await;
            }
        };
        if !listing.filters.hold_for(&doc) {
            return;
        }
        if let Some(result) = self.result(session, listing, &doc).await {
            sink.send(result).await;
        }
    }
}
