//! `System Settings` (`frappe/core/doctype/system_settings/system_settings.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "System Settings";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "localization", SectionBreak, ""),
    field(ALL, "app_name", Data, "Application Name")
        .default("Frappe")
        .hidden(),
    field(ALL, "country", Link, "Country").options("Country"),
    field(ALL, "language", Link, "Language")
        .options("Language")
        .reqd()
        .in_list_view(),
    field(ALL, "column_break_3", ColumnBreak, ""),
    field(ALL, "time_zone", Select, "Time Zone").reqd().read_only(),
    field(V15_UP, "currency", Link, "Currency").options("Currency"),
    field(ALL, "enable_onboarding", Check, "Enable Onboarding").default("0"),
    field(ALL, "setup_complete", Check, "Setup Complete")
        .default("0")
        .read_only()
        .hidden(),
    field(ALL, "disable_document_sharing", Check, "Disable Document Sharing").default("0"),
    field(ALL, "date_and_number_format", SectionBreak, "Date and Number Format"),
    field(ALL, "date_format", Select, "Date Format")
        .options("yyyy-mm-dd\ndd-mm-yyyy\ndd/mm/yyyy\ndd.mm.yyyy\nmm/dd/yyyy\nmm-dd-yyyy")
        .reqd(),
    field(ALL, "time_format", Select, "Time Format")
        .options("HH:mm:ss\nHH:mm")
        .default("HH:mm:ss")
        .reqd(),
    field(ALL, "number_format", Select, "Number Format")
        .options("#,###.##\n#.###,##\n# ###.##\n# ###,##\n#'###.##\n#, ###.##\n#,##,###.##\n#,###.###\n#.###\n#,###")
        .reqd(),
    field(
        ALL,
        "use_number_format_from_currency",
        Check,
        "Use Number Format from Currency",
    )
    .default("0"),
    field(ALL, "first_day_of_the_week", Select, "First Day of the Week")
        .options("Sunday\nMonday\nTuesday\nWednesday\nThursday\nFriday\nSaturday")
        .default("Sunday"),
    field(ALL, "column_break_7", ColumnBreak, ""),
    field(ALL, "float_precision", Select, "Float Precision").options("\n2\n3\n4\n5\n6\n7\n8\n9"),
    field(ALL, "currency_precision", Select, "Currency Precision").options("\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9"),
    field(ALL, "rounding_method", Select, "Rounding Method")
        .options("Banker's Rounding (legacy)\nBanker's Rounding\nCommercial Rounding")
        .default("Banker's Rounding (legacy)"),
    field(V14_ONLY, "sec_backup_limit", SectionBreak, "Backups"),
    field(V14_ONLY, "backup_limit", Int, "Number of Backups").default("3"),
    field(V14_ONLY, "encrypt_backup", Check, "Encrypt Backups").default("0"),
    field(V14_ONLY, "background_workers", SectionBreak, "Background Workers"),
    field(V14_ONLY, "enable_scheduler", Check, "Enable Scheduled Jobs")
        .default("0")
        .hidden(),
    field(
        V14_ONLY,
        "dormant_days",
        Int,
        "Run Jobs only Daily if Inactive For (Days)",
    )
    .default("4"),
    field(ALL, "permissions", SectionBreak, "Permissions"),
    field(
        ALL,
        "apply_strict_user_permissions",
        Check,
        "Apply Strict User Permissions",
    )
    .default("0"),
    field(ALL, "column_break_21", ColumnBreak, ""),
    field(
        V14_ONLY,
        "allow_guests_to_upload_files",
        Check,
        "Allow Guests to Upload Files",
    )
    .default("0"),
    field(
        V14_ONLY,
        "force_web_capture_mode_for_uploads",
        Check,
        "Force Web Capture Mode for Uploads",
    )
    .default("0"),
    field(V14_ONLY, "security", SectionBreak, "Security"),
    field(V14_ONLY, "session_expiry", Data, "Session Expiry (idle timeout)").default("60:00"),
    field(V14_ONLY, "session_expiry_mobile", Data, "Session Expiry Mobile").default("720:00"),
    field(
        V14_ONLY,
        "document_share_key_expiry",
        Int,
        "Document Share Key Expiry (in Days)",
    )
    .default("30"),
    field(V14_ONLY, "column_break_13", ColumnBreak, ""),
    field(
        V14_ONLY,
        "deny_multiple_sessions",
        Check,
        "Allow only one session per user",
    )
    .default("0"),
    field(
        V14_ONLY,
        "allow_login_using_mobile_number",
        Check,
        "Allow Login using Mobile Number",
    )
    .default("0"),
    field(
        V14_ONLY,
        "allow_login_using_user_name",
        Check,
        "Allow Login using User Name",
    )
    .default("0"),
    field(
        V14_ONLY,
        "disable_user_pass_login",
        Check,
        "Disable Username/Password Login",
    )
    .default("0"),
    field(V14_ONLY, "login_with_email_link", Check, "Login with email link").default("0"),
    field(
        V14_ONLY,
        "login_with_email_link_expiry",
        Int,
        "Login with email link expiry (in minutes)",
    )
    .default("10"),
    field(
        V14_ONLY,
        "rate_limit_email_link_login",
        Int,
        "Rate limit for email link login",
    ),
    field(
        V14_ONLY,
        "allow_error_traceback",
        Check,
        "Show Full Error and Allow Reporting of Issues to the Developer",
    )
    .default("1"),
    field(
        V14_ONLY,
        "strip_exif_metadata_from_uploaded_images",
        Check,
        "Strip EXIF tags from uploaded images",
    )
    .default("1"),
    field(
        ALL,
        "allow_older_web_view_links",
        Check,
        "Allow Older Web View Links (Insecure)",
    )
    .default("0"),
    field(
        V14_ONLY,
        "apply_perm_level_on_api_calls",
        Check,
        "Apply Perm Level on API calls (Recommended)",
    )
    .default("0"),
    field(V15_UP, "security_tab", TabBreak, "Login"),
    field(V15_UP, "security", SectionBreak, ""),
    field(V15_UP, "session_expiry", Data, "Session Expiry (idle timeout)").default("170:00"),
    field(
        V15_UP,
        "document_share_key_expiry",
        Int,
        "Document Share Key Expiry (in Days)",
    )
    .default("30"),
    field(V15_UP, "column_break_txqh", ColumnBreak, ""),
    field(
        V15_UP,
        "deny_multiple_sessions",
        Check,
        "Allow only one session per user",
    )
    .default("0"),
    field(
        V15_UP,
        "disable_user_pass_login",
        Check,
        "Disable Username/Password Login",
    )
    .default("0"),
    field(V15_UP, "login_methods_section", SectionBreak, "Login Methods"),
    field(
        V15_UP,
        "allow_login_using_mobile_number",
        Check,
        "Allow Login using Mobile Number",
    )
    .default("0"),
    field(
        V15_UP,
        "allow_login_using_user_name",
        Check,
        "Allow Login using User Name",
    )
    .default("0"),
    field(V15_UP, "column_break_uhqk", ColumnBreak, ""),
    field(V15_UP, "login_with_email_link", Check, "Login with email link").default("1"),
    field(
        V15_UP,
        "login_with_email_link_expiry",
        Int,
        "Login with email link expiry (in minutes)",
    )
    .default("10"),
    field(
        V15_UP,
        "rate_limit_email_link_login",
        Int,
        "Rate limit for email link login",
    ),
    field(V14_ONLY, "password_settings", SectionBreak, "Password"),
    field(
        V14_ONLY,
        "logout_on_password_reset",
        Check,
        "Logout All Sessions on Password Reset",
    )
    .default("1"),
    field(
        V14_ONLY,
        "force_user_to_reset_password",
        Int,
        "Force User to Reset Password",
    ),
    field(
        V14_ONLY,
        "reset_password_link_expiry_duration",
        Duration,
        "Reset Password Link Expiry Duration",
    )
    .default("1200"),
    field(
        V14_ONLY,
        "password_reset_limit",
        Int,
        "Password Reset Link Generation Limit",
    )
    .default("3"),
    field(V14_ONLY, "column_break_31", ColumnBreak, ""),
    field(V14_ONLY, "enable_password_policy", Check, "Enable Password Policy").default("1"),
    field(V14_ONLY, "minimum_password_score", Select, "Minimum Password Score")
        .options("2\n3\n4")
        .default("2"),
    field(ALL, "brute_force_security", SectionBreak, "Brute Force Security"),
    field(
        ALL,
        "allow_consecutive_login_attempts",
        Int,
        "Allow Consecutive Login Attempts ",
    )
    .default("10"),
    field(ALL, "column_break_34", ColumnBreak, ""),
    field(ALL, "allow_login_after_fail", Int, "Allow Login After Fail").default("60"),
    field(
        ALL,
        "two_factor_authentication",
        SectionBreak,
        "Two Factor Authentication",
    ),
    field(ALL, "enable_two_factor_auth", Check, "Enable Two Factor Auth").default("0"),
    field(
        ALL,
        "bypass_2fa_for_retricted_ip_users",
        Check,
        "Bypass Two Factor Auth for users who login from restricted IP Address",
    )
    .default("0"),
    field(
        ALL,
        "bypass_restrict_ip_check_if_2fa_enabled",
        Check,
        "Bypass restricted IP Address check If Two Factor Auth Enabled",
    )
    .default("0"),
    field(ALL, "two_factor_method", Select, "Two Factor Authentication method")
        .options("OTP App\nSMS\nEmail")
        .default("OTP App"),
    field(ALL, "lifespan_qrcode_image", Int, "Expiry time of QR Code Image Page"),
    field(ALL, "otp_issuer_name", Data, "OTP Issuer Name").default("Frappe Framework"),
    field(V15_UP, "password_tab", TabBreak, "Password"),
    field(V15_UP, "password_settings", SectionBreak, "Password"),
    field(
        V15_UP,
        "logout_on_password_reset",
        Check,
        "Logout All Sessions on Password Reset",
    )
    .default("1"),
    field(
        V15_UP,
        "force_user_to_reset_password",
        Int,
        "Force User to Reset Password",
    ),
    field(
        V15_UP,
        "reset_password_link_expiry_duration",
        Duration,
        "Reset Password Link Expiry Duration",
    )
    .default("1200"),
    field(
        V15_UP,
        "password_reset_limit",
        Int,
        "Password Reset Link Generation Limit",
    )
    .default("3"),
    field(V15_UP, "column_break_31", ColumnBreak, ""),
    field(V15_UP, "enable_password_policy", Check, "Enable Password Policy").default("1"),
    field(V15_UP, "minimum_password_score", Select, "Minimum Password Score")
        .options("2\n3\n4")
        .default("2"),
    field(V15_UP, "email_tab", TabBreak, "Email"),
    field(V15_UP, "email", SectionBreak, ""),
    field(V14_ONLY, "email", SectionBreak, "Email"),
    field(ALL, "email_footer_address", SmallText, "Email Footer Address"),
    field(ALL, "email_retry_limit", Int, "Email Retry Limit").default("3"),
    field(ALL, "column_break_18", ColumnBreak, ""),
    field(
        ALL,
        "disable_standard_email_footer",
        Check,
        "Disable Standard Email Footer",
    )
    .default("0"),
    field(
        ALL,
        "hide_footer_in_auto_email_reports",
        Check,
        "Hide footer in auto email reports",
    )
    .default("0"),
    field(ALL, "attach_view_link", Check, "Include Web View Link in Email").default("1"),
    field(ALL, "store_attached_pdf_document", Check, "Store Attached PDF Document").default("1"),
    field(V15_UP, "welcome_email_template", Link, "Welcome Email Template").options("Email Template"),
    field(V15_UP, "reset_password_template", Link, "Reset Password Template").options("Email Template"),
    field(V15_UP, "files_tab", TabBreak, "Files"),
    field(V15_UP, "files_section", SectionBreak, ""),
    field(V15_UP, "max_file_size", Int, "Max File Size (MB)"),
    field(
        V15_UP,
        "allow_guests_to_upload_files",
        Check,
        "Allow Guests to Upload Files",
    )
    .default("0"),
    field(
        V15_UP,
        "force_web_capture_mode_for_uploads",
        Check,
        "Force Web Capture Mode for Uploads",
    )
    .default("0"),
    field(
        V15_UP,
        "strip_exif_metadata_from_uploaded_images",
        Check,
        "Strip EXIF tags from uploaded images",
    )
    .default("1"),
    field(V15_UP, "column_break_uqma", ColumnBreak, ""),
    field(V15_UP, "allowed_file_extensions", SmallText, "Allowed File Extensions"),
    field(V15_UP, "app_tab", TabBreak, "App"),
    field(V15_UP, "default_app", Select, "Default App"),
    field(V15_ONLY, "updates_tab", TabBreak, "Updates"),
    field(DEV_ONLY, "updates_tab", TabBreak, "Display"),
    field(V15_UP, "system_updates_section", SectionBreak, ""),
    field(V14_ONLY, "prepared_report_section", SectionBreak, "Reports"),
    field(
        V14_ONLY,
        "max_auto_email_report_per_user",
        Int,
        "Max auto email report per user",
    )
    .default("20"),
    field(V14_ONLY, "system_updates_section", SectionBreak, "System Updates"),
    field(
        ALL,
        "disable_system_update_notification",
        Check,
        "Disable System Update Notification",
    )
    .default("0"),
    field(
        ALL,
        "disable_change_log_notification",
        Check,
        "Disable Change Log Notification",
    )
    .default("0"),
    field(
        DEV_ONLY,
        "hide_empty_read_only_fields",
        Check,
        "Hide Empty Read-Only Fields",
    )
    .default("1"),
    field(V15_UP, "backups_tab", TabBreak, "Backups"),
    field(V15_UP, "sec_backup_limit", SectionBreak, ""),
    field(V15_UP, "backup_limit", Int, "Number of Backups").default("3"),
    field(V15_UP, "encrypt_backup", Check, "Encrypt Backups").default("0"),
    field(V15_UP, "advanced_tab", TabBreak, "Advanced"),
    field(V15_UP, "prepared_report_section", SectionBreak, "Reports"),
    field(
        V15_UP,
        "max_auto_email_report_per_user",
        Int,
        "Max auto email report per user",
    )
    .default("20"),
    field(V15_UP, "background_workers", SectionBreak, "Background Workers"),
    field(V15_UP, "enable_scheduler", Check, "Enable Scheduled Jobs")
        .default("0")
        .hidden(),
    field(
        V15_UP,
        "dormant_days",
        Int,
        "Run Jobs only Daily if Inactive For (Days)",
    )
    .default("4"),
    field(ALL, "telemetry_section", SectionBreak, "Telemetry"),
    field(
        V15_UP,
        "allow_error_traceback",
        Check,
        "Show Full Error and Allow Reporting of Issues to the Developer",
    )
    .default("1"),
    field(
        ALL,
        "enable_telemetry",
        Check,
        "Allow Sending Usage Data for Improving Applications",
    )
    .default("1"),
    field(V15_UP, "search_section", SectionBreak, "Search"),
    field(V15_UP, "link_field_results_limit", Int, "Link Field Results Limit").default("10"),
    field(V14_ONLY, "files_section", SectionBreak, "Files"),
    field(V14_ONLY, "max_file_size", Int, "Max File Size (MB)"),
    field(V14_ONLY, "column_break_uqma", ColumnBreak, ""),
];

const PERMISSIONS: &[DocPerm] = &[DocPerm {
    role: "System Manager",
    permlevel: 0,
    rights: Rights::READ
        .with(Rights::WRITE)
        .with(Rights::CREATE)
        .with(Rights::SHARE),
}];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: true,
    istable: false,
    allow_rename: false,
    title_field: "",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2022-01-06 03:18:16.326761",
            modified: "2024-03-22 16:35:52.338727",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2022-01-06 03:18:16.326761",
            modified: "2024-08-08 20:10:55.939839",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2022-01-06 03:18:16.326761",
            modified: "2024-09-26 16:20:59.417151",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
