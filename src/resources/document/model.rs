//! The attributes of `frappe_document`, declared once.

use terraform_plugin::model;
use terraform_plugin::protocol::Type;

model! {
    /// The state and configuration of one document of any DocType.
    pub struct DocumentModel {
        id: Type::String => .computed().description(
            "`<doctype>/<name>`, the form `terraform import` takes.",
        ),
        doctype: Type::String => .required().description(
            "The DocType of the document, e.g. `Role`, `ToDo` or a site's custom DocType. Changing it replaces the \
             document.",
        ),
        name: Type::String => .optional_computed().description(
            "The document's name. Leave it out to let the DocType's naming rule decide (a hash, a naming series, \
             a field such as `role_name` — then the plan already shows the name). Set it for DocTypes named by \
             prompt; elsewhere only the name the rule gives is accepted (`name = \"Auditor\"` with `role_name = \
             \"Auditor\"`). For a Single DocType (one document, such as `System Settings`) it is the DocType's name. \
             Changing it replaces the document.",
        ),
        data: Type::Dynamic => .optional_computed().description(
            "The fields this resource manages, as an object of field name → value, e.g. \
             `{ role_name = \"Auditor\", desk_access = true }`. **Only the fields written here are managed**: \
             fields Frappe fills in (defaults, `owner`, `modified`, …) never cause a diff, and removing a field \
             from `data` stops managing it without changing it on the site. Values are written as Terraform \
             values and compared by meaning: Check fields as `true`/`false`, Int/Float/Currency fields as \
             numbers, Date as `\"2026-12-31\"`, Datetime as `\"2026-12-31 09:30:00\"`, Select and text fields as \
             strings, JSON fields as strings or objects, and child tables as lists of objects — rows compared in \
             order, by the fields you write, ignoring Frappe's bookkeeping (`name`, `idx`, `parent…`). The \
             provider checks every field against the site's own DocType at plan time.",
        ),
        sensitive_data: Type::Dynamic => .optional_computed().sensitive().description(
            "Like `data`, for secrets: Password fields (which Frappe returns only as asterisks) and anything else \
             that must not be shown in plans. A Password field is checked for changes on the site with \
             `frappe.client.get_password` when the API user may call it (System Manager), on a refresh after the \
             document was saved since the last check.",
        ),
    }
}
