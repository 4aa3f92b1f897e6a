//! A site's own description of a DocType ("meta"): which fields it has, of
//! what type, with which options and flags.
//!
//! Sites differ: Frappe v14's Social Login Key has no `sign_ups`, develop
//! adds fields, and any site can carry custom fields. The client reads the
//! DocType through `frappe.desk.form.load.getdoctype`, which every logged-in
//! user may call on v14, v15 and develop and which includes custom fields and
//! the DocTypes of child tables; `GET /api/resource/DocType/<name>` (System
//! Manager only, no custom fields) is the fallback.

use serde_json::Value as Json;

/// Field types that only lay out the desk form; they hold no value.
const LAYOUT_TYPES: &[&str] = &[
    "Section Break",
    "Column Break",
    "Tab Break",
    "HTML",
    "Button",
    "Image",
    "Fold",
    "Heading",
];

/// Field types whose value is a list of child rows.
pub const TABLE_TYPES: &[&str] = &["Table", "Table MultiSelect"];

/// One field (a `DocField` row, or a Custom Field merged in by Frappe).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldMeta {
    pub fieldname: String,
    pub label: String,
    pub fieldtype: String,
    /// Select: the options, one per line; Link/Table: the target DocType.
    pub options: String,
    pub reqd: bool,
    pub read_only: bool,
    pub set_only_once: bool,
    /// Left out when a document is duplicated (`frappe.copy_doc`): a value
    /// one document is created with, such as Custom Field's `fieldname`.
    pub no_copy: bool,
    pub hidden: bool,
    pub unique: bool,
    /// The default as Frappe stores it (always text).
    pub default: Option<String>,
    pub is_custom_field: bool,
    /// Computed when the document is loaded; no column holds it.
    pub is_virtual: bool,
}

impl FieldMeta {
    /// Whether the field holds a value (not a layout break).
    pub fn holds_value(&self) -> bool {
        !LAYOUT_TYPES.contains(&self.fieldtype.as_str()) && !self.fieldname.is_empty()
    }

    pub fn is_table(&self) -> bool {
        TABLE_TYPES.contains(&self.fieldtype.as_str())
    }

    /// A Select field's options; the empty option is `""`.
    pub fn select_options(&self) -> Vec<&str> {
        self.options.split('\n').collect()
    }

    /// Whether Frappe checks a Select's value against its options: not when
    /// the meta has none, as for Custom Field's `insert_after`, whose
    /// choices the desk fills in (`frappe/model/base_document.py`
    /// `_validate_selects` skips `not df.options`).
    pub fn has_static_options(&self) -> bool {
        !self.options.is_empty()
    }

    /// Whether the value of a read-only field comes from the writer when a
    /// document is created, so writing it is not a mistake: Frappe's server
    /// never refuses a read-only field (`read_only` is a form property;
    /// `frappe/model/base_document.py` and `document.py` do not look at it),
    /// and these are the ones the DocType expects on insert — mandatory
    /// ones (`_validate_mandatory` wants them from the writer), ones set
    /// only once, and ones a duplicate must be given anew (`no_copy`, e.g.
    /// Custom Field's `fieldname`, from which its name is made).
    pub fn given_on_insert(&self) -> bool {
        self.reqd || self.set_only_once || self.no_copy
    }
}

/// One DocType as a site describes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocTypeMeta {
    pub name: String,
    /// A Single DocType has exactly one document, named like the DocType.
    pub is_single: bool,
    /// A child table's rows live inside their parent document.
    pub is_table: bool,
    /// The naming rule (`hash`, `field:role_name`, `prompt`, …), if set.
    pub autoname: Option<String>,
    pub fields: Vec<FieldMeta>,
    /// The DocTypes of this DocType's child tables, as the site sent them.
    pub child_tables: Vec<DocTypeMeta>,
}

impl DocTypeMeta {
    /// A field that holds a value, by name.
    pub fn field(&self, fieldname: &str) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.fieldname == fieldname && f.holds_value())
    }

    pub fn has_field(&self, fieldname: &str) -> bool {
        self.field(fieldname).is_some()
    }

    /// The fields that hold values, in the DocType's order.
    pub fn value_fields(&self) -> impl Iterator<Item = &FieldMeta> {
        self.fields.iter().filter(|f| f.holds_value())
    }

    /// The DocType of a child table field.
    pub fn child_table(&self, fieldname: &str) -> Option<&DocTypeMeta> {
        let field = self.field(fieldname).filter(|f| f.is_table())?;
        self.child_tables.iter().find(|t| t.name == field.options)
    }

    /// Reads one DocType document (as `GET /api/resource/DocType/<name>` or
    /// `getdoctype` send it). `None` if it is not a DocType document.
    pub fn from_json(doc: &Json) -> Option<DocTypeMeta> {
        let object = doc.as_object()?;
        let name = object.get("name").and_then(Json::as_str)?.to_string();
        let fields = object
            .get("fields")
            .and_then(Json::as_array)
            .map(|rows| rows.iter().filter_map(field_from_json).collect())
            .unwrap_or_default();
        Some(DocTypeMeta {
            name,
            is_single: flag(object.get("issingle")),
            is_table: flag(object.get("istable")),
            autoname: text(object.get("autoname")).filter(|a| !a.is_empty()),
            fields,
            child_tables: Vec::new(),
        })
    }

    /// Reads `getdoctype`'s answer: `{"docs": [the DocType, its child tables…]}`.
    pub fn from_getdoctype(answer: &Json, doctype: &str) -> Option<DocTypeMeta> {
        let docs = answer.get("docs")?.as_array()?;
        let mut metas: Vec<DocTypeMeta> = docs.iter().filter_map(DocTypeMeta::from_json).collect();
        let position = metas.iter().position(|m| m.name == doctype)?;
        let mut main = metas.remove(position);
        main.child_tables = metas;
        Some(main)
    }
}

fn field_from_json(row: &Json) -> Option<FieldMeta> {
    let object = row.as_object()?;
    Some(FieldMeta {
        fieldname: text(object.get("fieldname")).unwrap_or_default(),
        label: text(object.get("label")).unwrap_or_default(),
        fieldtype: text(object.get("fieldtype")).unwrap_or_else(|| "Data".into()),
        options: text(object.get("options")).unwrap_or_default(),
        reqd: flag(object.get("reqd")),
        read_only: flag(object.get("read_only")),
        set_only_once: flag(object.get("set_only_once")),
        no_copy: flag(object.get("no_copy")),
        hidden: flag(object.get("hidden")),
        unique: flag(object.get("unique")),
        default: text(object.get("default")),
        is_custom_field: flag(object.get("is_custom_field")),
        is_virtual: flag(object.get("is_virtual")),
    })
}

/// Frappe's Check columns come as 0/1, sometimes as strings or booleans.
fn flag(value: Option<&Json>) -> bool {
    match value {
        Some(Json::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) => s.trim() == "1",
        _ => false,
    }
}

fn text(value: Option<&Json>) -> Option<String> {
    match value {
        Some(Json::String(s)) => Some(s.clone()),
        Some(Json::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_doctype_as_v14_sends_it() {
        let doc = json!({
            "name": "Social Login Key",
            "issingle": 0,
            "fields": [
                {"fieldname": "enable_social_login", "fieldtype": "Check", "label": "Enable Social Login", "default": "0"},
                {"fieldname": "client_credentials", "fieldtype": "Section Break"},
                {"fieldname": "social_login_provider", "fieldtype": "Select", "label": "Social Login Provider",
                 "options": "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin",
                 "set_only_once": 1, "default": "Custom"},
                {"fieldname": "provider_name", "fieldtype": "Data", "reqd": 1, "set_only_once": 1}
            ]
        });
        let meta = DocTypeMeta::from_json(&doc).unwrap();
        assert!(!meta.is_single);
        assert!(meta.has_field("provider_name"));
        assert!(!meta.has_field("sign_ups"));
        assert!(!meta.has_field("client_credentials"), "layout breaks hold no value");
        let provider = meta.field("social_login_provider").unwrap();
        assert!(provider.set_only_once);
        assert!(!provider.select_options().contains(&"Keycloak"));
        assert_eq!(meta.field("provider_name").map(|f| f.reqd), Some(true));
        assert_eq!(meta.value_fields().count(), 3);
    }

    #[test]
    fn getdoctype_brings_child_tables_and_custom_fields() {
        let answer = json!({"docs": [
            {"name": "User", "fields": [
                {"fieldname": "email", "fieldtype": "Data", "reqd": 1},
                {"fieldname": "roles", "fieldtype": "Table", "options": "Has Role"},
                {"fieldname": "x_team", "fieldtype": "Data", "is_custom_field": 1}
            ]},
            {"name": "Has Role", "istable": 1, "fields": [{"fieldname": "role", "fieldtype": "Link", "options": "Role"}]}
        ], "user_settings": "{}"});
        let meta = DocTypeMeta::from_getdoctype(&answer, "User").unwrap();
        assert_eq!(meta.child_table("roles").map(|t| t.name.as_str()), Some("Has Role"));
        assert!(meta.field("x_team").unwrap().is_custom_field);
        assert!(DocTypeMeta::from_getdoctype(&answer, "Role").is_none());
    }
}
