//! Singles over real HTTP: System, Website and Portal Settings (notes/frappe-behaviour.md, section 7).
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use frappe_emulator::{EmulatorConfig, FrappeVersion};
use reqwest::Method;
use serde_json::json;
use support::{first_message, keys, resource, server_messages, Site};

const SYSTEM_SETTINGS: &str = "System Settings";

#[tokio::test]
async fn system_settings_read_like_a_single() {
    let site = Site::start().await;
    // Any name segment works.
    let reply = site.get(SYSTEM_SETTINGS, "anything").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let data = reply.data();
    assert_eq!(
        keys(data)[..6],
        ["name", "owner", "modified", "modified_by", "docstatus", "idx"].map(String::from)
    );
    assert_eq!(data["name"], "System Settings");
    assert_eq!(data["idx"], "0", "idx is a string in tabSingles");
    assert_eq!(data["docstatus"], 0);
    assert!(data.get("creation").is_none());
    assert_eq!(data["session_expiry"], "170:00");
    assert_eq!(data["reset_password_link_expiry_duration"], "1200", "Duration as text");
    assert_eq!(data["allow_error_traceback"], 1);
    assert_eq!(data["disable_user_pass_login"], 0);
    assert_eq!(data["backup_limit"], 3);
    assert_eq!(data["time_zone"], "UTC");
    assert_eq!(
        data["currency_precision"], "",
        "a Select without default starts at its first option"
    );
    assert!(
        data.get("session_expiry_mobile").is_none(),
        "a v14 field; nulls omitted"
    );
    assert_eq!(data["doctype"], "System Settings");
}

/// A site after its setup wizard (answers: English, United States, UTC, USD):
/// `frappe/desk/page/setup_wizard/setup_wizard.py` `update_system_settings` and
/// `disable_future_access`, with the Country record's formats from `frappe/geo/country_info.json`.
#[tokio::test]
async fn system_settings_hold_what_the_setup_wizard_wrote() {
    for version in [FrappeVersion::V14, FrappeVersion::V15, FrappeVersion::Develop] {
        let site = Site::version(version).await;
        let data = site.get(SYSTEM_SETTINGS, SYSTEM_SETTINGS).await.data().clone();
        for (key, value) in [
            ("country", json!("United States")),
            ("language", json!("en")),
            ("date_format", json!("mm-dd-yyyy")),
            ("number_format", json!("#,###.##")),
            ("float_precision", json!("3")),
            ("enable_scheduler", json!(1)),
            ("enable_telemetry", json!(0)),
            ("setup_complete", json!(1)),
            ("enable_onboarding", json!(1)),
        ] {
            assert_eq!(data[key], value, "{version:?} {key}");
        }
        if version == FrappeVersion::V14 {
            // v14's wizard sets neither; the field default stays and v14 has no `currency`.
            assert_eq!(data["rounding_method"], "Banker's Rounding (legacy)");
            assert!(data.get("currency").is_none());
        } else {
            assert_eq!(data["rounding_method"], "Banker's Rounding", "{version:?}");
            assert_eq!(data["currency"], "USD", "{version:?}");
        }
        // The site's country is a record the Link accepts: saving the settings back works.
        let reply = site
            .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"country": "United States"}))
            .await;
        assert_eq!(reply.status, 200, "{version:?}: {}", reply.text);
    }
}

#[tokio::test]
async fn system_settings_put_is_partial_and_validated() {
    let site = Site::start().await;
    let before = site.get(SYSTEM_SETTINGS, SYSTEM_SETTINGS).await;
    let reply = site
        .put(
            SYSTEM_SETTINGS,
            SYSTEM_SETTINGS,
            &json!({"session_expiry": "12:00", "backup_limit": 0}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["session_expiry"], "12:00");
    assert_eq!(reply.data()["backup_limit"], 1, "raised to 1 with an alert");
    assert_eq!(
        first_message(&reply.body),
        "Number of backups must be greater than zero."
    );
    assert_eq!(server_messages(&reply.body)[0]["alert"], 1);
    assert_ne!(reply.data()["modified"], before.data()["modified"]);
    assert_eq!(
        reply.data()["date_format"],
        before.data()["date_format"],
        "unsent keys kept"
    );
    let reply = site
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"session_expiry": "forever"}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(first_message(&reply.body), "Session Expiry must be in format hh:mm");
    let reply = site
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"date_format": "yy"}))
        .await;
    assert_eq!(reply.status, 417);
    assert!(first_message(&reply.body).starts_with(" Date Format cannot be \"yy\""));
    let reply = site
        .put(
            SYSTEM_SETTINGS,
            SYSTEM_SETTINGS,
            &json!({"link_field_results_limit": 80}),
        )
        .await;
    assert_eq!(reply.data()["link_field_results_limit"], 50);
    assert_eq!(
        first_message(&reply.body),
        "Link Field Results Limit can not be more than 50"
    );
}

#[tokio::test]
async fn system_settings_cannot_be_listed_or_posted() {
    let site = Site::start().await;
    let reply = site.list(SYSTEM_SETTINGS, "").await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["exc_type"], "ProgrammingError");
    // `frappe/database/database.py` `get_table_columns`: TableMissingError("DocType", doctype).
    assert_eq!(
        reply.body["exception"],
        "pymysql.err.ProgrammingError: ('DocType', 'System Settings')"
    );
    // A POST is a full insert with defaults: time_zone is mandatory and has none.
    let reply = site.create(SYSTEM_SETTINGS, &json!({"backup_limit": 5})).await;
    assert_eq!(reply.status, 417);
    assert_eq!(reply.body["exc_type"], "MandatoryError");
    assert_eq!(
        reply.body["exception"],
        "frappe.exceptions.MandatoryError: [System Settings, System Settings]: time_zone"
    );
    let blogger = site.emulator.add_user("b@example.com", &["Blogger"]);
    let reply = site
        .as_user(
            &blogger,
            Method::GET,
            &resource(SYSTEM_SETTINGS, Some(SYSTEM_SETTINGS)),
            None,
        )
        .await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn password_login_can_be_disabled_only_with_another_way_in() {
    // v15: Login With Email Link is on by default, which is enough.
    let site = Site::start().await;
    let reply = site
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"disable_user_pass_login": 1}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let site = Site::start().await;
    site.put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"login_with_email_link": 0}))
        .await;
    let reply = site
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"disable_user_pass_login": 1}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(
        first_message(&reply.body),
        "Please enable atleast one Social Login Key or LDAP or Login With Email Link before disabling username/password based login."
    );
    // v14 needs an enabled Social Login Key (or LDAP).
    let v14 = Site::version(FrappeVersion::V14).await;
    let reply = v14
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"disable_user_pass_login": 1}))
        .await;
    assert_eq!(
        first_message(&reply.body),
        "Please enable atleast one Social Login Key or LDAP before disabling username/password based login."
    );
    let key = json!({
        "provider_name": "idp", "enable_social_login": 1, "client_id": "c", "client_secret": "s",
        "authorize_url": "https://idp/a", "access_token_url": "https://idp/t", "redirect_url": "/r",
    });
    assert_eq!(v14.create("Social Login Key", &key).await.status, 200);
    let reply = v14
        .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"disable_user_pass_login": 1}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn tracebacks_follow_system_settings() {
    let site = Site::start_with(EmulatorConfig {
        tracebacks: false,
        ..EmulatorConfig::default()
    })
    .await;
    assert_eq!(
        site.get(SYSTEM_SETTINGS, SYSTEM_SETTINGS).await.data()["allow_error_traceback"],
        0
    );
    let reply = site.create("ToDo", &json!({})).await;
    assert!(reply.body.get("exception").is_none());
    site.put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"allow_error_traceback": 1}))
        .await;
    let reply = site.create("ToDo", &json!({})).await;
    assert_eq!(
        reply.body["exception"],
        "frappe.exceptions.MandatoryError: [ToDo, ".to_string()
            + reply.body["exception"].as_str().unwrap().split(", ").nth(1).unwrap()
    );
}

#[tokio::test]
async fn website_settings_need_the_website_manager_role() {
    let site = Site::start().await;
    let reply = site.get("Website Settings", "Website Settings").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.data()["disable_signup"], 1, "default on a new site");
    assert_eq!(reply.data()["top_bar_items"], json!([]));
    let manager = site.emulator.add_user("sm@example.com", &["System Manager"]);
    let reply = site
        .as_user(
            &manager,
            Method::GET,
            &resource("Website Settings", Some("Website Settings")),
            None,
        )
        .await;
    assert_eq!(reply.status, 403, "System Manager is not Website Manager");
    let web = site.emulator.add_user("wm@example.com", &["Website Manager"]);
    let reply = site
        .as_user(
            &web,
            Method::PUT,
            &resource("Website Settings", Some("Website Settings")),
            Some(&json!({"disable_signup": 0})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.data()["disable_signup"], 0);
    let reply = site
        .put("Website Settings", "x", &json!({"enable_google_indexing": 1}))
        .await;
    assert_eq!(first_message(&reply.body), "Enable Google API in Google Settings.");
    let reply = site
        .put(
            "Website Settings",
            "x",
            &json!({"top_bar_items": [{"label": "Docs", "parent_label": "Missing"}]}),
        )
        .await;
    assert_eq!(first_message(&reply.body), "Missing does not exist in row 1");
}

#[tokio::test]
async fn portal_settings_default_role_is_a_link() {
    let site = Site::start().await;
    let reply = site
        .put("Portal Settings", "Portal Settings", &json!({"default_role": "Nope"}))
        .await;
    assert_eq!(reply.status, 417);
    assert_eq!(
        first_message(&reply.body),
        "Could not find Default Role at Time of Signup: Nope"
    );
    let reply = site
        .put(
            "Portal Settings",
            "Portal Settings",
            &json!({"default_role": "blogger"}),
        )
        .await;
    assert_eq!(reply.data()["default_role"], "Blogger", "the record's spelling");
}

/// `frappe/core/doctype/system_settings/system_settings.json`: `currency` (Link to Currency) on
/// version-15 and develop, `use_number_format_from_currency` (Check) on all three lines. Link
/// values are checked by `frappe/model/base_document.py` `get_invalid_links` against the
/// currencies `import_country_and_currency` installs (answers observed on v15.55.1).
#[tokio::test]
async fn system_settings_currency_is_a_link_to_currency() {
    for version in [FrappeVersion::V15, FrappeVersion::Develop] {
        let site = Site::version(version).await;
        let reply = site
            .put(SYSTEM_SETTINGS, SYSTEM_SETTINGS, &json!({"currency": "XXQ"}))
            .await;
        assert_eq!(reply.status, 417, "{version:?} {}", reply.text);
        assert_eq!(reply.body["exc_type"], "LinkValidationError");
        assert_eq!(first_message(&reply.body), "Could not find Currency: XXQ");
        let reply = site
            .put(
                SYSTEM_SETTINGS,
                SYSTEM_SETTINGS,
                &json!({"currency": "eur", "use_number_format_from_currency": 1}),
            )
            .await;
        assert_eq!(reply.status, 200, "{version:?} {}", reply.text);
        assert_eq!(reply.data()["currency"], "EUR", "the record's spelling");
        assert_eq!(reply.data()["use_number_format_from_currency"], 1);
    }
    let v14 = Site::version(FrappeVersion::V14).await;
    let reply = v14
        .put(
            SYSTEM_SETTINGS,
            SYSTEM_SETTINGS,
            &json!({"currency": "XXQ", "use_number_format_from_currency": 1}),
        )
        .await;
    assert_eq!(reply.status, 200, "v14 has no currency field: {}", reply.text);
    assert!(reply.data().get("currency").is_none());
    assert_eq!(reply.data()["use_number_format_from_currency"], 1);
}
