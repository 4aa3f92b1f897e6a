//! The DocTypes of one emulated site, resolved for its release line.

use super::doctypes::ALL_SPECS;
use super::DocType;
use crate::version::FrappeVersion;

/// Records that exist on every plain Frappe site in DocTypes this emulator does not model,
/// so that Link fields pointing at them can be validated.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fixture {
    pub(crate) doctype: &'static str,
    pub(crate) names: &'static [&'static str],
    /// Whether `names` is every record a plain site has (an unknown value is then a
    /// LinkValidationError) or only some of them (an unknown value is not emulated).
    pub(crate) complete: bool,
}

/// The genders the setup wizard creates.
pub(crate) const GENDERS: &[&str] = &[
    "Male",
    "Female",
    "Other",
    "Transgender",
    "Genderqueer",
    "Non-Conforming",
    "Prefer not to say",
];

const FIXTURES: &[Fixture] = &[
    // `frappe/utils/install.py` creates the two standard user types; `set_system_user` treats
    // only them as standard.
    Fixture {
        doctype: "User Type",
        names: &["System User", "Website User"],
        complete: true,
    },
    // The setup wizard's fixtures (`install_fixtures.update_genders`).
    Fixture {
        doctype: "Gender",
        names: GENDERS,
        complete: true,
    },
    // Every currency of `frappe/geo/country_info.json`, which `import_country_and_currency`
    // (`frappe/geo/doctype/country/country.py`) inserts at install (v14 lacks SDG, but v14 has
    // no Link to Currency among the modelled DocTypes).
    Fixture {
        doctype: "Currency",
        names: &[
            "AED", "AFN", "ALL", "AMD", "ARS", "AUD", "AWG", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND",
            "BOB", "BRL", "BSD", "BTN", "BWP", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE",
            "CYP", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GHS", "GIP",
            "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK",
            "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZ", "KZT", "LAK", "LBP",
            "LKR", "LRD", "LSL", "LTL", "LVL", "LYD", "MAD", "MDL", "MKD", "MMK", "MNT", "MOP", "MRO", "MUR", "MVR",
            "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PEN", "PGK", "PHP", "PKR",
            "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLL",
            "SOS", "SRD", "STD", "SYP", "SZL", "THB", "TMM", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
            "USD", "UYU", "UZS", "VEF", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "YER", "ZAR", "ZMW", "ZWL",
        ],
        complete: true,
    },
    // `import_country_and_currency` inserts every country of `frappe/geo/country_info.json`;
    // only the site's own (its setup-wizard answer, `setup_wizard.rs`) is known here.
    Fixture {
        doctype: "Country",
        names: &["United States"],
        complete: false,
    },
    // A site has many languages; only the site's own is known here.
    Fixture {
        doctype: "Language",
        names: &["en"],
        complete: false,
    },
    Fixture {
        doctype: "Website Theme",
        names: &["Standard"],
        complete: false,
    },
    // `frappe/modules.txt`; apps add more.
    Fixture {
        doctype: "Module Def",
        names: &[
            "Core",
            "Website",
            "Workflow",
            "Email",
            "Custom",
            "Geo",
            "Desk",
            "Integrations",
            "Printing",
            "Contacts",
            "Social",
            "Automation",
        ],
        complete: false,
    },
];

/// What a Link field may point at.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LinkTarget<'a> {
    /// A modelled DocType: its table decides.
    Modelled(&'a DocType),
    /// A DocType with known records.
    Fixture(&'a Fixture),
    /// The DocType `DocType`: the registry's names are known to exist; others may exist on a
    /// real site, so they are not emulated.
    DocTypes,
    /// Anything else: a value cannot be checked.
    Unknown,
}

/// The DocTypes of a site.
#[derive(Clone, Debug)]
pub(crate) struct Registry {
    doctypes: Vec<DocType>,
}

impl Registry {
    pub(crate) fn for_version(version: FrappeVersion) -> Registry {
        Registry {
            doctypes: ALL_SPECS
                .iter()
                .filter_map(|spec| DocType::resolve(spec, version))
                .collect(),
        }
    }

    /// `frappe.get_meta(name)` without custom fields (exact spelling).
    pub(crate) fn get(&self, name: &str) -> Option<&DocType> {
        self.doctypes.iter().find(|d| d.name == name)
    }

    pub(crate) fn doctypes(&self) -> &[DocType] {
        &self.doctypes
    }

    pub(crate) fn link_target(&self, doctype: &str) -> LinkTarget<'_> {
        if doctype == "DocType" {
            return LinkTarget::DocTypes;
        }
        if let Some(modelled) = self.get(doctype) {
            return LinkTarget::Modelled(modelled);
        }
        match FIXTURES.iter().find(|f| f.doctype == doctype) {
            Some(fixture) => LinkTarget::Fixture(fixture),
            None => LinkTarget::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v15_has_sign_ups_and_keycloak_v14_does_not() {
        let v15 = Registry::for_version(FrappeVersion::V15);
        let v14 = Registry::for_version(FrappeVersion::V14);
        let key15 = v15.get("Social Login Key").unwrap();
        let key14 = v14.get("Social Login Key").unwrap();
        assert!(key15.field("sign_ups").is_some());
        assert!(key14.field("sign_ups").is_none());
        assert!(key15
            .field("social_login_provider")
            .unwrap()
            .select_options()
            .contains(&"Keycloak"));
        assert!(!key14
            .field("social_login_provider")
            .unwrap()
            .select_options()
            .contains(&"Keycloak"));
    }

    #[test]
    fn develop_sorts_social_login_keys_by_creation_and_has_no_resource_metadata_flag() {
        let develop = Registry::for_version(FrappeVersion::Develop);
        let key = develop.get("Social Login Key").unwrap();
        assert_eq!(key.sort_field, "creation");
        assert!(key.field("show_in_resource_metadata").is_none());
        let v15 = Registry::for_version(FrappeVersion::V15);
        assert_eq!(v15.get("Social Login Key").unwrap().sort_field, "modified");
    }
}
