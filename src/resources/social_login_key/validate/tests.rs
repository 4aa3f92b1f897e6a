use super::*;

fn object(pairs: &[(&str, Value)]) -> Key {
    let mut v = Key::default();
    for (k, val) in pairs {
        *v.get_mut(k).expect("an attribute") = val.clone();
    }
    v
}

/// A site whose DocType was read and has every v15 field.
fn v15_site() -> SiteFields {
    SiteFields::without(&[])
}

/// The (attribute, summary) pairs of the errors in `d`.
fn errors(d: &Diagnostics) -> Vec<(String, String)> {
    d.iter()
        .filter(|x| x.severity == terraform_plugin::protocol::Severity::Error)
        .map(|x| {
            (
                x.attribute.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                x.summary.clone(),
            )
        })
        .collect()
}

fn warnings(d: &Diagnostics) -> Vec<String> {
    d.iter()
        .filter(|x| x.severity == terraform_plugin::protocol::Severity::Warning)
        .map(|x| x.attribute.as_ref().map(|p| p.to_string()).unwrap_or_default())
        .collect()
}

#[test]
fn options_are_checked_on_their_attribute() {
    let d = check_config(
        &object(&[
            ("provider_name", Value::from("x")),
            ("social_login_provider", Value::from("Okta")),
            ("sign_ups", Value::from(" Allow ")),
        ]),
        true,
    );
    let e = errors(&d);
    assert!(
        e.contains(&("social_login_provider".into(), "Invalid social_login_provider".into())),
        "{e:?}"
    );
    assert!(e.contains(&("sign_ups".into(), "Invalid sign_ups".into())), "{e:?}");
}

#[test]
fn options_are_checked_against_the_sites_own_options() {
    let planned = resolved(&[
        ("social_login_provider", Value::from("Okta")),
        ("sign_ups", Value::from(" Allow ")),
    ]);
    let e = errors(&check_resolved(&planned, &planned, true, &v15_site()));
    assert!(
        e.contains(&("social_login_provider".into(), "Invalid social_login_provider".into())),
        "{e:?}"
    );
    assert!(e.contains(&("sign_ups".into(), "Invalid sign_ups".into())), "{e:?}");
}

#[test]
fn a_v14_site_refuses_sign_ups_and_keycloak_on_their_attribute() {
    let mut v14 = SiteFields::without(&["sign_ups"]);
    let meta = frappe_client::DocTypeMeta::from_json(&serde_json::json!({
        "name": "Social Login Key",
        "fields": [
            {"fieldname": "provider_name", "fieldtype": "Data"},
            {"fieldname": "social_login_provider", "fieldtype": "Select",
             "options": "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin"}
        ]
    }))
    .expect("a DocType");
    let v14_options = SiteFields::from_meta(&meta);
    let config = object(&[("sign_ups", Value::from("Allow"))]);
    let d = check_resolved(&resolved(&[]), &config, true, &v14);
    let sign_ups = d.iter().find(|x| x.summary == "sign_ups is not supported by this site");
    let detail = sign_ups.map(|x| x.detail.clone()).unwrap_or_default();
    assert!(detail.contains("has no Sign ups field (Frappe v14"), "{d:?}");
    assert_eq!(
        sign_ups.and_then(|x| x.attribute.clone()),
        Some(AttributePath::attribute("sign_ups"))
    );
    v14 = v14_options;
    let keycloak = resolved(&[("social_login_provider", Value::from("Keycloak"))]);
    let d = check_resolved(&keycloak, &keycloak, true, &v14);
    let invalid = d
        .iter()
        .find(|x| x.attribute == Some(AttributePath::attribute("social_login_provider")))
        .expect("an error on social_login_provider");
    assert!(
        invalid.detail.contains("\"fairlogin\"") && !invalid.detail.contains("\"Keycloak\","),
        "{}",
        invalid.detail
    );
}

#[test]
fn an_unreadable_doctype_is_said_and_v15_assumed() {
    let site = SiteFields::from_lookup(&crate::provider::SiteMeta::Unreadable("HTTP 403: Not permitted".into()));
    let config = object(&[("sign_ups", Value::from("Allow"))]);
    let d = check_resolved(&resolved(&[]), &config, true, &site);
    assert!(errors(&d).is_empty(), "{d:?}");
    assert!(d
        .iter()
        .any(|x| x.summary.contains("Could not read") && x.detail.contains("HTTP 403: Not permitted")));
}

#[test]
fn a_provider_name_that_cannot_be_one_path_segment_is_refused() {
    for name in ["corp/sso", "corp?sso", "corp#sso", "100%"] {
        let e = errors(&check_config(&object(&[("provider_name", Value::from(name))]), true));
        assert_eq!(
            e,
            vec![(
                "provider_name".to_string(),
                "This provider_name cannot be used in Frappe's login callback".to_string()
            )],
            "{name}"
        );
    }
    let fine = object(&[("provider_name", Value::from("Corp SSO"))]);
    assert!(errors(&check_config(&fine, true)).is_empty());
}

#[test]
fn relative_paths_without_their_leading_slash_show_the_url_frappe_builds() {
    let planned = resolved(&[
        ("access_token_url", Value::from("token")),
        ("api_endpoint", Value::from("userinfo")),
        ("base_url", Value::from("https://idp.example.com/application/o")),
    ]);
    let d = check_resolved(&planned, &planned, true, &v15_site());
    assert!(errors(&d).is_empty(), "{d:?}");
    assert_eq!(
        warnings(&d),
        vec!["access_token_url".to_string(), "api_endpoint".to_string()]
    );
    assert!(d
        .iter()
        .any(|x| x.detail.contains("\"https://idp.example.com/application/otoken\"")));
    assert!(d
        .iter()
        .any(|x| x.detail.contains("\"https://idp.example.com/application/userinfo\"")));
}

#[test]
fn the_140_character_limit_counts_characters() {
    let ok = "é".repeat(140);
    let long = "a".repeat(141);
    assert!(errors(&check_config(
        &object(&[("authorize_url", Value::from(ok.as_str()))]),
        true
    ))
    .is_empty());
    assert_eq!(
        errors(&check_config(
            &object(&[("authorize_url", Value::from(long.as_str()))]),
            true
        )),
        vec![("authorize_url".to_string(), "authorize_url is too long".to_string())]
    );
}

#[test]
fn json_fields_must_parse_as_objects() {
    let d = check_config(
        &object(&[
            ("auth_url_data", Value::from("{scope: openid}")),
            ("api_endpoint_args", Value::from("[1]")),
        ]),
        true,
    );
    assert_eq!(
        errors(&d),
        vec![
            (
                "api_endpoint_args".to_string(),
                "api_endpoint_args must be a JSON object".to_string()
            ),
            (
                "auth_url_data".to_string(),
                "auth_url_data is not valid JSON".to_string()
            ),
        ]
    );
}

#[test]
fn enabling_needs_a_client_id_unless_it_is_unknown() {
    let empty = object(&[
        ("enable_social_login", Value::Bool(true)),
        ("client_id", Value::from("")),
    ]);
    assert_eq!(
        errors(&check_config(&empty, true)),
        vec![(
            "client_id".into(),
            "client_id is required to enable social login".into()
        )]
    );
    let d = check_config(&object(&[("enable_social_login", Value::Bool(true))]), true);
    assert_eq!(
        errors(&d),
        vec![(
            "enable_social_login".into(),
            "client_id is required to enable social login".into()
        )]
    );
    let d = check_config(
        &object(&[
            ("enable_social_login", Value::Bool(true)),
            ("client_id", Value::unknown()),
        ]),
        true,
    );
    assert!(errors(&d).is_empty());
    let d = check_config(&object(&[("enable_social_login", Value::unknown())]), true);
    assert!(errors(&d).is_empty());
}

#[test]
fn secrets_conflict_and_write_only_needs_a_version_and_a_recent_terraform() {
    let both = object(&[
        ("client_secret", Value::from("a")),
        ("client_secret_wo", Value::from("b")),
        ("client_secret_wo_version", Value::from(1)),
    ]);
    assert!(errors(&check_config(&both, true))
        .iter()
        .any(|(p, _)| p == "client_secret_wo"));
    let no_version = object(&[("client_secret_wo", Value::from("b"))]);
    assert!(errors(&check_config(&no_version, true))
        .iter()
        .any(|(p, _)| p == "client_secret_wo_version"));
    let old_terraform = object(&[
        ("client_secret_wo", Value::from("b")),
        ("client_secret_wo_version", Value::from(1)),
    ]);
    assert_eq!(
        errors(&check_config(&old_terraform, false)),
        vec![(
            "client_secret_wo".into(),
            "Write-only attributes need Terraform 1.11 or later".into()
        )]
    );
}

#[test]
fn an_icon_frappe_would_overwrite_is_refused() {
    let d = check_config(
        &object(&[
            ("provider_name", Value::from("GitHub")),
            ("icon", Value::from("fa fa-github")),
        ]),
        true,
    );
    assert_eq!(errors(&d), vec![("icon".into(), "Frappe overrides this icon".into())]);
    let same = object(&[
        ("provider_name", Value::from("GitHub")),
        ("icon", Value::from("/assets/frappe/icons/social/github.svg")),
    ]);
    assert!(errors(&check_config(&same, true)).is_empty());
}

fn resolved(pairs: &[(&str, Value)]) -> Key {
    let mut base = object(&[
        ("provider_name", Value::from("authentik")),
        ("social_login_provider", Value::from("Custom")),
        ("enable_social_login", Value::Bool(false)),
        ("custom_base_url", Value::Bool(true)),
        ("base_url", Value::from("https://auth.example.com")),
        ("authorize_url", Value::from("/application/o/authorize/")),
        ("access_token_url", Value::from("/application/o/token/")),
        ("redirect_url", Value::from("https://erp.example.com/api/method/x")),
        ("api_endpoint", Value::from("/application/o/userinfo/")),
    ]);
    for (k, v) in pairs {
        *base.get_mut(k).expect("an attribute") = v.clone();
    }
    base
}

#[test]
fn the_guides_setup_passes() {
    let planned = resolved(&[
        ("enable_social_login", Value::Bool(true)),
        ("client_secret", Value::from("s")),
    ]);
    let d = check_resolved(&planned, &planned, true, &v15_site());
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn relative_urls_need_custom_base_url() {
    let planned = resolved(&[("custom_base_url", Value::Bool(false))]);
    let d = check_resolved(&planned, &planned, true, &v15_site());
    assert_eq!(
        errors(&d),
        vec![(
            "authorize_url".into(),
            "Relative authorize_url without custom_base_url".into()
        )]
    );
    assert_eq!(warnings(&d), vec!["access_token_url".to_string()]);
}

#[test]
fn a_trailing_slash_on_base_url_is_a_double_slash_warning() {
    let planned = resolved(&[("base_url", Value::from("https://auth.example.com/"))]);
    let d = check_resolved(&planned, &planned, true, &v15_site());
    assert!(errors(&d).is_empty());
    assert_eq!(warnings(&d), vec!["base_url".to_string()]);
    assert!(d
        .iter()
        .any(|x| x.detail.contains("https://auth.example.com//application/o/authorize/")));
}

#[test]
fn frappes_required_fields() {
    let planned = resolved(&[
        ("base_url", Value::Null),
        ("authorize_url", Value::Null),
        ("access_token_url", Value::from("")),
        ("redirect_url", Value::unknown()),
    ]);
    let e = errors(&check_resolved(&planned, &planned, true, &v15_site()));
    let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, vec!["base_url", "authorize_url", "access_token_url"]);
}

#[test]
fn a_new_enabled_key_needs_a_secret_but_an_existing_one_keeps_its_own() {
    let planned = resolved(&[
        ("enable_social_login", Value::Bool(true)),
        ("client_id", Value::from("c")),
    ]);
    let creating = errors(&check_resolved(&planned, &planned, true, &v15_site()));
    assert_eq!(
        creating,
        vec![(
            "enable_social_login".into(),
            "A client secret is required to enable social login".into()
        )]
    );
    assert!(errors(&check_resolved(&planned, &planned, false, &v15_site())).is_empty());
    let mut config = planned.clone();
    config.client_secret_wo = Value::from("wo");
    assert!(errors(&check_resolved(&planned, &config, true, &v15_site())).is_empty());
}

#[test]
fn a_preset_with_another_name_is_warned_about() {
    let planned = resolved(&[
        ("social_login_provider", Value::from("GitHub")),
        ("provider_name", Value::from("Company GitHub")),
        ("custom_base_url", Value::Bool(false)),
        ("authorize_url", Value::from("https://github.com/login/oauth/authorize")),
        (
            "access_token_url",
            Value::from("https://github.com/login/oauth/access_token"),
        ),
    ]);
    let d = check_resolved(&planned, &planned, true, &v15_site());
    assert_eq!(warnings(&d), vec!["provider_name".to_string()]);
}

#[test]
fn defaulted_values_are_length_checked() {
    let long_site = format!(
        "https://{}.example.com/api/method/frappe.integrations.oauth2_logins.custom/x",
        "a".repeat(80)
    );
    let planned = resolved(&[("redirect_url", Value::from(long_site.as_str()))]);
    let config = object(&[("provider_name", Value::from("authentik"))]);
    assert_eq!(
        errors(&check_resolved(&planned, &config, true, &v15_site())),
        vec![("redirect_url".into(), "redirect_url is too long".into())]
    );
}
