//! The `WebsiteSettings` controller (`frappe/website/doctype/website_settings/website_settings.py`).
//!
//! Not emulated (501): a home page (Frappe resolves it as a website route) and route
//! redirects (checked as Python regular expressions).

use super::Controller;
use crate::context::Context;
use crate::document::Document;
use crate::errors::{not_emulated, Failure, FrappeError, VALIDATION_ERROR};
use crate::meta::DocType;
use crate::python::{cstr, truthy};

pub(crate) use crate::meta::doctypes::website_settings::NAME;

pub(crate) struct WebsiteSettings;

/// `validate_top_bar_items()` / `validate_footer_items()`: a parent label must name a row
/// that has no URL.
fn validate_menu(doc: &Document, fieldname: &str) -> Result<(), Failure> {
    let rows = doc.table(fieldname);
    for row in rows {
        let parent_label = cstr(row.get("parent_label"));
        if parent_label.is_empty() {
            continue;
        }
        let idx = cstr(row.get("idx"));
        match rows.iter().find(|r| cstr(r.get("label")) == parent_label) {
            None => {
                return Err(
                    FrappeError::throw(VALIDATION_ERROR, format!("{parent_label} does not exist in row {idx}")).into(),
                )
            }
            Some(parent) if truthy(parent.get("url")) => {
                return Err(FrappeError::throw(
                    VALIDATION_ERROR,
                    format!("{parent_label} in row {idx} cannot have both URL and child items"),
                )
                .into())
            }
            Some(_) => {}
        }
    }
    Ok(())
}

impl Controller for WebsiteSettings {
    fn validate(
        &self,
        _ctx: &mut Context,
        _meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        validate_menu(doc, "top_bar_items")?;
        validate_menu(doc, "footer_items")?;
        if truthy(doc.get("home_page")) {
            return Err(not_emulated(
                "a Website Settings home page (resolved as a website route)",
            ));
        }
        // Google Settings is not modelled; on a plain site its API is off.
        if truthy(doc.get("enable_google_indexing")) {
            return Err(FrappeError::throw(VALIDATION_ERROR, "Enable Google API in Google Settings.").into());
        }
        if !doc.table("route_redirects").is_empty() {
            return Err(not_emulated("route redirects (checked as Python regular expressions)"));
        }
        Ok(())
    }
}
