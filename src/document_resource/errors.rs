//! Frappe's errors about one document, as diagnostics on the attribute they
//! concern where that can be told.

use super::DocumentResource;
use crate::provider::diagnostics::frappe_error;
use frappe_client::{ErrorKind, FrappeError};
use terraform_plugin::protocol::Diagnostic;

/// Turns errors into diagnostics for one resource type.
pub(super) struct ErrorContext<'a, R: DocumentResource> {
    pub(super) resource: &'a R,
}

impl<R: DocumentResource> ErrorContext<'_, R> {
    /// The diagnostic for `error`, which happened while `action` (e.g.
    /// "creating Social Login Key \"authentik\"").
    pub(super) fn diagnostic(&self, action: &str, error: &FrappeError) -> Diagnostic {
        if let FrappeError::Api(api) = error {
            match api.kind() {
                ErrorKind::Duplicate => return self.duplicate(error),
                ErrorKind::Validation => {
                    let mut d = frappe_error(action, error);
                    if let Some(path) = self.resource.attribute_of(api) {
                        d = d.at(path);
                    }
                    return d;
                }
                _ => {}
            }
        }
        frappe_error(action, error)
    }

    /// A create refused because the name is taken: say how to import it.
    fn duplicate(&self, error: &FrappeError) -> Diagnostic {
        let noun = self.resource.noun();
        // "Social Login Key github already exists" (HTML already stripped).
        let name = match error {
            FrappeError::Api(api) => api
                .messages
                .iter()
                .find_map(|m| m.strip_prefix(&format!("{noun} "))?.strip_suffix(" already exists"))
                .map(str::to_owned),
            _ => None,
        };
        let shown = name.clone().unwrap_or_else(|| "<name>".into());
        let mut diagnostic = Diagnostic::error(
            match &name {
                Some(name) => format!("A {noun} named {name:?} already exists"),
                None => format!("This {noun} already exists"),
            },
            format!(
                "Frappe refused to create it because the name is taken (names are compared without regard to \
                 case). To manage the existing document with Terraform, import it:\n\n  terraform import {}.<resource \
                 name> {shown}\n\nor add an import block with id = {shown:?}. Otherwise choose another name.\n\n{error}",
                R::TYPE_NAME
            ),
        );
        if let Some(path) = self.resource.name_attribute() {
            diagnostic = diagnostic.at(path);
        }
        diagnostic
    }
}
