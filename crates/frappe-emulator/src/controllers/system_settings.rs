//! The `SystemSettings` controller (`frappe/core/doctype/system_settings/system_settings.py`).
//!
//! Not emulated (501): switching on two-factor authentication (it edits Role "All") and
//! forcing password resets (it edits every user).

use serde_json::Value;

use super::Controller;
use crate::context::Context;
use crate::document::Document;
use crate::errors::{not_emulated, Failure, FrappeError, ServerMessage, VALIDATION_ERROR};
use crate::meta::DocType;
use crate::python::{cint, cstr, splitlines, strip, truthy};

pub(crate) use crate::meta::doctypes::system_settings::NAME;

pub(crate) struct SystemSettings;

impl SystemSettings {
    /// `validate_user_pass_login()`: password login may only be switched off when users can
    /// log in another way (the check reads the stored Login With Email Link).
    fn validate_user_pass_login(ctx: &Context, doc: &Document) -> Result<(), Failure> {
        if !truthy(doc.get("disable_user_pass_login")) {
            return Ok(());
        }
        let social_login_enabled = !ctx
            .state
            .store
            .rows_where("Social Login Key", "enable_social_login", "1")
            .is_empty();
        // LDAP Settings is not modelled: on a plain site it is off.
        let ldap_enabled = false;
        let profile = ctx.profile();
        let email_link =
            profile.email_link_allows_disabling_password_login && ctx.state.single_flag(NAME, "login_with_email_link");
        if social_login_enabled || ldap_enabled || email_link {
            return Ok(());
        }
        let message = if profile.email_link_allows_disabling_password_login {
            "Please enable atleast one Social Login Key or LDAP or Login With Email Link before disabling username/password based login."
        } else {
            "Please enable atleast one Social Login Key or LDAP before disabling username/password based login."
        };
        Err(FrappeError::throw(VALIDATION_ERROR, message).into())
    }
}

impl Controller for SystemSettings {
    fn validate(
        &self,
        ctx: &mut Context,
        meta: &DocType,
        doc: &mut Document,
        _previous: Option<&Document>,
    ) -> Result<(), Failure> {
        let policy = cint(doc.get("enable_password_policy")) != 0;
        let score = cint(doc.get("minimum_password_score"));
        if policy && score <= 0 {
            return Err(FrappeError::throw(VALIDATION_ERROR, "Please select Minimum Password Score").into());
        } else if !policy {
            doc.set("minimum_password_score", Value::from(""));
        }
        for key in ["session_expiry", "session_expiry_mobile"] {
            if meta.field(key).is_none() || !truthy(doc.get(key)) {
                continue;
            }
            let Value::String(expiry) = doc.get(key) else {
                return Err(not_emulated(format!("a non-string {key}")));
            };
            let parts: Vec<&str> = expiry.split(':').collect();
            let valid = parts.len() == 2 && (cint(&Value::from(parts[0])) != 0 || cint(&Value::from(parts[1])) != 0);
            if !valid {
                return Err(FrappeError::throw(VALIDATION_ERROR, "Session Expiry must be in format hh:mm").into());
            }
        }
        if truthy(doc.get("enable_two_factor_auth")) {
            return Err(not_emulated("enabling two-factor authentication"));
        }
        doc.set("bypass_2fa_for_retricted_ip_users", Value::from(0));
        doc.set("bypass_restrict_ip_check_if_2fa_enabled", Value::from(0));
        let stored_force = cint(&ctx.state.single_value(NAME, "force_user_to_reset_password"));
        if truthy(doc.get("force_user_to_reset_password")) && stored_force == 0 {
            return Err(not_emulated("force_user_to_reset_password (it updates every user)"));
        }
        SystemSettings::validate_user_pass_login(ctx, doc)?;
        // validate_backup_limit
        if cint(doc.get("backup_limit")) < 1 {
            ctx.msgprint(ServerMessage::alert(
                "Number of backups must be greater than zero.",
                None,
            ));
            doc.set("backup_limit", Value::from(1));
        }
        if meta.field("allowed_file_extensions").is_some() && truthy(doc.get("allowed_file_extensions")) {
            let text = cstr(doc.get("allowed_file_extensions"));
            let lines: Vec<String> = splitlines(strip(&text))
                .into_iter()
                .map(|ext| strip(ext).to_uppercase())
                .collect();
            doc.set("allowed_file_extensions", Value::from(lines.join("\n")));
        }
        if let Some(field) = meta.field("link_field_results_limit") {
            if !truthy(doc.get("link_field_results_limit")) {
                doc.set("link_field_results_limit", Value::from(10));
            }
            if cint(doc.get("link_field_results_limit")) > 50 {
                doc.set("link_field_results_limit", Value::from(50));
                ctx.msgprint(ServerMessage::alert(
                    format!("{} can not be more than 50", field.label),
                    Some("yellow"),
                ));
            }
        }
        Ok(())
    }
}
