//! Field metadata of the `Social Login Key` DocType (`social_login_key.json`) per Frappe line.
//!
//! Field order is the DocType's `field_order` without layout breaks; it is the key order of
//! every document Frappe serialises, so responses follow it.

use super::FrappeVersion;

/// The only DocType this emulator serves.
pub(crate) const DOCTYPE: &str = "Social Login Key";

/// Maximum length of a `varchar` column (Data and Select fields).
pub(crate) const VARCHAR_LENGTH: usize = 140;

/// `frappe.model.default_fields` without `doctype`, in table-column order.
pub(crate) const DEFAULT_FIELDS: [&str; 7] = [
    "name",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "idx",
];

/// `frappe.model.optional_fields`: table columns that are not document fields.
pub(crate) const OPTIONAL_FIELDS: [&str; 5] = ["_user_tags", "_comments", "_assign", "_liked_by", "_seen"];

/// The DocField types this DocType uses, with the column types Frappe maps them to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    /// `int(1)`; coerced with `1 if cint(v) else 0` on write.
    Check,
    /// `varchar(140)`, value must be one of the options (after stripping).
    Select,
    /// `varchar(140)`.
    Data,
    /// `text` column holding asterisks; the secret lives in `__Auth`.
    Password,
    /// `longtext`; exempt from HTML sanitising.
    Code,
}

impl FieldType {
    pub(crate) fn is_varchar(self) -> bool {
        matches!(self, FieldType::Select | FieldType::Data)
    }
}

/// One data field of the DocType.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldMeta {
    pub(crate) fieldname: &'static str,
    pub(crate) fieldtype: FieldType,
    pub(crate) label: &'static str,
    /// Select options exactly as in the JSON (`\n`-separated; a leading empty option is "").
    pub(crate) options: &'static str,
    pub(crate) default: Option<&'static str>,
    pub(crate) reqd: bool,
    pub(crate) set_only_once: bool,
}

impl FieldMeta {
    const fn new(fieldname: &'static str, fieldtype: FieldType, label: &'static str) -> FieldMeta {
        FieldMeta {
            fieldname,
            fieldtype,
            label,
            options: "",
            default: None,
            reqd: false,
            set_only_once: false,
        }
    }

    pub(crate) fn select_options(&self) -> Vec<&'static str> {
        self.options.split('\n').collect()
    }
}

const PROVIDERS_V14: &str = "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin";
const PROVIDERS_V15: &str = "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin\nKeycloak";

/// The data fields of `Social Login Key` for one Frappe release line.
#[derive(Clone, Debug)]
pub(crate) struct DocTypeMeta {
    /// The release line this metadata (and the controller that goes with it) belongs to.
    pub(crate) version: FrappeVersion,
    fields: Vec<FieldMeta>,
}

impl DocTypeMeta {
    pub(crate) fn for_version(version: FrappeVersion) -> DocTypeMeta {
        use FieldType::*;
        let enable = FieldMeta {
            default: Some("0"),
            ..FieldMeta::new("enable_social_login", Check, "Enable Social Login")
        };
        let provider = FieldMeta {
            options: match version {
                FrappeVersion::V14 => PROVIDERS_V14,
                FrappeVersion::V15 | FrappeVersion::Develop => PROVIDERS_V15,
            },
            default: Some("Custom"),
            set_only_once: true,
            ..FieldMeta::new("social_login_provider", Select, "Social Login Provider")
        };
        let provider_name = FieldMeta {
            reqd: true,
            set_only_once: true,
            ..FieldMeta::new("provider_name", Data, "Provider Name")
        };
        let custom_base_url = FieldMeta {
            default: Some("0"),
            ..FieldMeta::new("custom_base_url", Check, "Custom Base URL")
        };
        let mut fields = vec![
            enable,
            provider,
            FieldMeta::new("client_id", Data, "Client ID"),
            provider_name,
            FieldMeta::new("client_secret", Password, "Client Secret"),
            FieldMeta::new("icon", Data, "Icon"),
            FieldMeta::new("base_url", Data, "Base URL"),
        ];
        if version != FrappeVersion::V14 {
            // frappe/frappe#22724 (Oct 2023): absent from v14.
            fields.push(FieldMeta {
                options: "\nAllow\nDeny",
                ..FieldMeta::new("sign_ups", Select, "Sign ups")
            });
        }
        if version == FrappeVersion::Develop {
            // v16/develop (Frappe's OAuth protected-resource metadata, 2025): a Check right after
            // `sign_ups` in `field_order`, default 1. Not in any v15 release.
            fields.push(FieldMeta {
                default: Some("1"),
                ..FieldMeta::new("show_in_resource_metadata", Check, "Show in Resource Metadata")
            });
        }
        fields.extend([
            FieldMeta::new("authorize_url", Data, "Authorize URL"),
            FieldMeta::new("access_token_url", Data, "Access Token URL"),
            FieldMeta::new("redirect_url", Data, "Redirect URL"),
            FieldMeta::new("api_endpoint", Data, "API Endpoint"),
            custom_base_url,
            FieldMeta::new("api_endpoint_args", Code, "API Endpoint Args"),
            FieldMeta::new("auth_url_data", Code, "Auth URL Data"),
            FieldMeta::new("user_id_property", Data, "User ID Property"),
        ]);
        DocTypeMeta { version, fields }
    }

    pub(crate) fn fields(&self) -> &[FieldMeta] {
        &self.fields
    }

    pub(crate) fn field(&self, fieldname: &str) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.fieldname == fieldname)
    }

    /// `meta.get_valid_columns()`: default fields then data fields, in table order.
    pub(crate) fn valid_columns(&self) -> Vec<&'static str> {
        DEFAULT_FIELDS
            .iter()
            .copied()
            .chain(self.fields.iter().map(|f| f.fieldname))
            .collect()
    }

    pub(crate) fn is_valid_column(&self, column: &str) -> bool {
        DEFAULT_FIELDS.contains(&column) || self.field(column).is_some()
    }

    /// The value `frappe.new_doc` gives a field before the request body is applied:
    /// the JSON default, or the first option of a Select without one.
    pub(crate) fn new_doc_default(&self, field: &FieldMeta) -> Option<serde_json::Value> {
        match (field.fieldtype, field.default) {
            (FieldType::Check, Some(default)) => Some(serde_json::Value::from(super::python::cint(
                &serde_json::Value::from(default),
            ))),
            (_, Some(default)) => Some(serde_json::Value::from(default)),
            (FieldType::Select, None) => field
                .select_options()
                .first()
                .map(|first| serde_json::Value::from(*first)),
            _ => None,
        }
    }
}

/// How a column compares in list filters and sorting (MariaDB semantics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// varchar/text with a case-insensitive, trailing-space-insensitive collation.
    Text,
    /// int columns: Check fields, `docstatus`, `idx`.
    Number,
    /// `creation` / `modified`.
    Datetime,
}

impl DocTypeMeta {
    pub(crate) fn column_kind(&self, column: &str) -> Option<ColumnKind> {
        match column {
            "name" | "owner" | "modified_by" => Some(ColumnKind::Text),
            "creation" | "modified" => Some(ColumnKind::Datetime),
            "docstatus" | "idx" => Some(ColumnKind::Number),
            _ if OPTIONAL_FIELDS.contains(&column) => Some(ColumnKind::Text),
            _ => self.field(column).map(|f| match f.fieldtype {
                FieldType::Check => ColumnKind::Number,
                _ => ColumnKind::Text,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v15_has_sign_ups_and_keycloak_v14_does_not() {
        let v15 = DocTypeMeta::for_version(FrappeVersion::V15);
        let v14 = DocTypeMeta::for_version(FrappeVersion::V14);
        assert!(v15.field("sign_ups").is_some());
        assert!(v14.field("sign_ups").is_none());
        assert!(v15
            .field("social_login_provider")
            .unwrap()
            .select_options()
            .contains(&"Keycloak"));
        assert!(!v14
            .field("social_login_provider")
            .unwrap()
            .select_options()
            .contains(&"Keycloak"));
        assert_eq!(
            v15.new_doc_default(v15.field("sign_ups").unwrap()),
            Some(serde_json::json!(""))
        );
    }

    #[test]
    fn develop_adds_show_in_resource_metadata_after_sign_ups() {
        let develop = DocTypeMeta::for_version(FrappeVersion::Develop);
        let names: Vec<&str> = develop.fields().iter().map(|f| f.fieldname).collect();
        let sign_ups = names.iter().position(|n| *n == "sign_ups").unwrap();
        assert_eq!(names[sign_ups + 1], "show_in_resource_metadata");
        let field = develop.field("show_in_resource_metadata").unwrap();
        assert_eq!(field.fieldtype, FieldType::Check);
        assert_eq!(develop.new_doc_default(field), Some(serde_json::json!(1)));
        assert!(DocTypeMeta::for_version(FrappeVersion::V15)
            .field("show_in_resource_metadata")
            .is_none());
    }
}
