//! Which Social Login Key fields and options this site has.
//!
//! Read from the site's own DocType once per provider process, so the
//! provider adapts to the Frappe the user runs instead of a version number:
//! v14 has no `sign_ups` and no `Keycloak` preset; newer sites may add
//! fields (which the provider never sends, so never wipes). When the DocType
//! cannot be read, Frappe v15's fields are assumed and the plan says so.

use std::collections::BTreeMap;

use crate::provider::SiteMeta;
use frappe_client::doctypes::fields::FieldKind;
use frappe_client::doctypes::social_login_key::FIELDS;
use frappe_client::DocTypeMeta;

/// Where the field list came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The site's own DocType.
    Site,
    /// Frappe v15's fields; the site's could not be read (the reason), or
    /// the provider settings are not known yet (`None`).
    Baseline(Option<String>),
}

/// The stored fields of this site's Social Login Key, with the options of
/// its Select fields.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteFields {
    /// fieldname → its Select options (`None` for other field types).
    fields: BTreeMap<String, Option<Vec<String>>>,
    pub source: Source,
}

impl SiteFields {
    /// Frappe v15's fields, as the provider knows them.
    pub fn v15_baseline() -> Self {
        let fields = FIELDS
            .iter()
            .map(|f| {
                let options = match f.kind {
                    FieldKind::Select(options) => Some(options.iter().map(|o| o.to_string()).collect()),
                    _ => None,
                };
                (f.name.to_string(), options)
            })
            .collect();
        Self {
            fields,
            source: Source::Baseline(None),
        }
    }

    /// The fields the site's DocType lists.
    pub fn from_meta(meta: &DocTypeMeta) -> Self {
        let fields = meta
            .value_fields()
            .map(|f| {
                let options =
                    (f.fieldtype == "Select").then(|| f.select_options().into_iter().map(str::to_owned).collect());
                (f.fieldname.clone(), options)
            })
            .collect();
        Self {
            fields,
            source: Source::Site,
        }
    }

    /// What a [`SiteMeta`] lookup tells about the fields.
    pub fn from_lookup(lookup: &SiteMeta) -> Self {
        match lookup {
            SiteMeta::Known(meta) => Self::from_meta(meta),
            SiteMeta::NotYet => Self::v15_baseline(),
            SiteMeta::Missing => Self {
                source: Source::Baseline(Some("the site has no Social Login Key DocType".into())),
                ..Self::v15_baseline()
            },
            SiteMeta::Unreadable(reason) => Self {
                source: Source::Baseline(Some(reason.clone())),
                ..Self::v15_baseline()
            },
        }
    }

    /// The v15 baseline without some fields (for tests of older sites).
    #[cfg(test)]
    pub fn without(names: &[&str]) -> Self {
        let mut fields = Self::v15_baseline();
        fields.fields.retain(|name, _| !names.contains(&name.as_str()));
        fields.source = Source::Site;
        fields
    }

    /// Whether the site's DocType has the field.
    pub fn has(&self, fieldname: &str) -> bool {
        self.fields.contains_key(fieldname)
    }

    /// The options the site offers for a Select field.
    pub fn options(&self, fieldname: &str) -> Option<&[String]> {
        self.fields.get(fieldname)?.as_deref()
    }

    /// Whether the checks against the site's own DocType apply.
    pub fn is_from_site(&self) -> bool {
        self.source == Source::Site
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_v14_doctype_has_no_sign_ups_and_no_keycloak() {
        let meta = DocTypeMeta::from_json(&json!({
            "name": "Social Login Key",
            "fields": [
                {"fieldname": "provider_name", "fieldtype": "Data"},
                {"fieldname": "social_login_provider", "fieldtype": "Select",
                 "options": "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin"},
                {"fieldname": "client_credentials", "fieldtype": "Section Break"}
            ]
        }))
        .expect("a DocType");
        let site = SiteFields::from_meta(&meta);
        assert!(site.has("provider_name") && !site.has("sign_ups") && !site.has("client_credentials"));
        let options = site.options("social_login_provider").unwrap_or_default();
        assert!(options.iter().any(|o| o == "GitHub") && !options.iter().any(|o| o == "Keycloak"));
        assert!(site.is_from_site());
    }

    #[test]
    fn an_unreadable_doctype_falls_back_to_v15_and_says_why() {
        let site = SiteFields::from_lookup(&SiteMeta::Unreadable("HTTP 403".into()));
        assert!(site.has("sign_ups"));
        assert_eq!(site.source, Source::Baseline(Some("HTTP 403".into())));
        assert!(!site.is_from_site());
    }
}
