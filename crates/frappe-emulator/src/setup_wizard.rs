//! What a site's setup wizard leaves in System Settings, for the answers the emulated site
//! gives it: language English, country United States, time zone UTC, currency USD — the
//! answers the reference sites of the conformance recordings were set up with.

use serde_json::Value;

use super::meta::{Versions, ALL, V15_UP};
use super::version::FrappeVersion;

/// The emulated site's setup-wizard answers.
const SITE_LANGUAGE: &str = "en";
const SITE_TIME_ZONE: &str = "UTC";

/// The time zone users created at install get (`User.set_time_zone`): `get_system_timezone()`'s
/// fallback while System Settings have none (`frappe/utils/data.py`).
const INSTALL_TIME_ZONE: &str = "Asia/Kolkata";
const SITE_COUNTRY: &str = "United States";
const SITE_CURRENCY: &str = "USD";

/// `frappe/geo/country_info.json` for the site's country: the `date_format` and
/// `number_format` that `import_country_and_currency` stores on its Country record
/// (United States has no `time_format`, so the Country default `HH:mm:ss` stays).
const COUNTRY_DATE_FORMAT: &str = "mm-dd-yyyy";
const COUNTRY_TIME_FORMAT: &str = "HH:mm:ss";
const COUNTRY_NUMBER_FORMAT: &str = "#,###.##";

/// The System Settings values the wizard writes, per release line.
pub(crate) fn system_settings() -> Vec<(Versions, &'static str, Value)> {
    vec![
        // frappe/desk/page/setup_wizard/setup_wizard.py `update_system_settings` (v14 sets
        // neither `currency` nor `rounding_method`; v15 and develop set both).
        (ALL, "country", Value::from(SITE_COUNTRY)),
        (ALL, "language", Value::from(SITE_LANGUAGE)),
        (ALL, "time_zone", Value::from(SITE_TIME_ZONE)),
        (V15_UP, "currency", Value::from(SITE_CURRENCY)),
        // A Select field: the integer 3 is stored and read back as the text "3".
        (ALL, "float_precision", Value::from("3")),
        (V15_UP, "rounding_method", Value::from("Banker's Rounding")),
        (ALL, "date_format", Value::from(COUNTRY_DATE_FORMAT)),
        (ALL, "time_format", Value::from(COUNTRY_TIME_FORMAT)),
        (ALL, "number_format", Value::from(COUNTRY_NUMBER_FORMAT)),
        // `1 if not frappe.flags.in_test else 0`: a site set up outside tests.
        (ALL, "enable_scheduler", Value::from(1)),
        (ALL, "backup_limit", Value::from(3)),
        // `cint(args.get("enable_telemetry"))`: the answers carry no telemetry choice.
        (ALL, "enable_telemetry", Value::from(0)),
        // `disable_future_access`: setup is complete and onboarding on.
        (ALL, "setup_complete", Value::from(1)),
        (ALL, "enable_onboarding", Value::from(1)),
    ]
}

/// Administrator's and Guest's time zone after the wizard: v15 and develop's `set_timezone`
/// gives every standard user the site's; v14's wizard has no such step, so they keep the
/// one they got at install.
pub(crate) fn standard_users_time_zone(version: FrappeVersion) -> &'static str {
    match version {
        FrappeVersion::V14 => INSTALL_TIME_ZONE,
        FrappeVersion::V15 | FrappeVersion::Develop => SITE_TIME_ZONE,
    }
}
