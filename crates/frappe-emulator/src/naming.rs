//! `Document.set_new_name()` and `frappe.model.naming`: the name of a new document.

use serde_json::Value;

use super::context::Context;
use super::controllers::controller_for;
use super::document::Document;
use super::errors::{not_emulated, random_hash, Failure, FrappeError, NAME_ERROR, VALIDATION_ERROR};
use super::meta::{DocType, Naming};
use super::python::{cstr, strip, truthy};

/// The name a new document gets, in Frappe's order: `__newname` (Prompt naming; any naming
/// on v14), a Single's own name, the controller's `autoname()`, the naming rule, then a
/// random hash; finally `validate_name()`.
pub(crate) fn new_name(ctx: &mut Context, meta: &DocType, doc: &mut Document) -> Result<String, Failure> {
    let newname = doc.get("__newname").clone();
    if truthy(&newname) && (meta.naming == Naming::Prompt || ctx.profile().newname_for_any_naming) {
        let Value::String(text) = newname else {
            return Err(not_emulated("a non-string __newname"));
        };
        return validate_name(meta, &text);
    }
    let candidate = if meta.issingle {
        meta.name.to_string()
    } else if let Some(name) = controller_for(meta.name).autoname(ctx, doc)? {
        name
    } else {
        match meta.naming {
            Naming::Field(fieldname) => {
                let value = doc.get(fieldname);
                if !(value.is_string() || value.is_null()) {
                    return Err(not_emulated(format!("naming by the non-string value of `{fieldname}`")));
                }
                let name = strip(&cstr(value)).to_string();
                if name.is_empty() {
                    let label = meta.field(fieldname).map_or(fieldname, |f| f.label.as_str());
                    return Err(FrappeError::throw(VALIDATION_ERROR, format!("{label} is required")).into());
                }
                name
            }
            Naming::Prompt => {
                return Err(FrappeError::throw(VALIDATION_ERROR, "Please set the document name").into());
            }
            Naming::Hash | Naming::Controller => random_hash(10),
        }
    };
    validate_name(meta, &candidate)
}

/// `frappe.model.naming.validate_name`.
fn validate_name(meta: &DocType, candidate: &str) -> Result<String, Failure> {
    if candidate.is_empty() {
        return Err(FrappeError::throw(VALIDATION_ERROR, format!("No Name Specified for {}", meta.name)).into());
    }
    if candidate.starts_with(&format!("New {}", meta.name)) {
        return Err(FrappeError::throw(
            NAME_ERROR,
            "There were some errors setting the name, please contact the administrator",
        )
        .into());
    }
    let name = strip(candidate).to_string();
    if !meta.issingle && name == meta.name {
        return Err(FrappeError::throw(NAME_ERROR, format!("Name of {0} cannot be {0}", meta.name)).into());
    }
    if name.contains(['<', '>']) {
        return Err(FrappeError::throw(NAME_ERROR, "Name cannot contain special characters like '<', '>'").into());
    }
    Ok(name)
}

/// The name of a new child row (`set_new_name` with the child DocType's hash naming).
pub(crate) fn child_name() -> String {
    random_hash(10)
}
