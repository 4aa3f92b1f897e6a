//! `User` (`frappe/core/doctype/user/user.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "User";

const FIELDS: &[FieldSpec] = &[
    field(V15_UP, "user_details_tab", TabBreak, "User Details"),
    field(ALL, "enabled", Check, "Enabled").default("1").read_only(),
    field(ALL, "section_break_3", SectionBreak, "Basic Info"),
    field(ALL, "email", Data, "Email").options("Email").reqd().no_copy(),
    field(ALL, "first_name", Data, "First Name").reqd(),
    field(ALL, "middle_name", Data, "Middle Name"),
    field(ALL, "last_name", Data, "Last Name"),
    field(ALL, "column_break0", ColumnBreak, ""),
    field(ALL, "full_name", Data, "Full Name").read_only(),
    field(ALL, "username", Data, "Username").unique(),
    field(ALL, "column_break_11", ColumnBreak, ""),
    field(ALL, "language", Link, "Language").options("Language"),
    field(V14_ONLY, "time_zone", Select, "Time Zone"),
    field(V15_UP, "time_zone", Autocomplete, "Time Zone"),
    field(ALL, "send_welcome_email", Check, "Send Welcome Email").default("1"),
    field(ALL, "unsubscribed", Check, "Unsubscribed")
        .default("0")
        .hidden()
        .no_copy(),
    field(ALL, "user_image", AttachImage, "User Image").hidden().no_copy(),
    field(DEV_ONLY, "roles_permissions_tab", TabBreak, "Roles & Permissions"),
    field(DEV_ONLY, "sb1", SectionBreak, "Roles").read_only().permlevel(1),
    field(DEV_ONLY, "role_profile_name", Link, "Role Profile")
        .options("Role Profile")
        .hidden()
        .permlevel(1),
    field(DEV_ONLY, "role_profiles", TableMultiSelect, "Role Profiles")
        .options("User Role Profile")
        .permlevel(1),
    field(V15_ONLY, "roles_permissions_tab", TabBreak, "Roles & Permissions"),
    field(V14_V15, "sb1", SectionBreak, "Roles").read_only().permlevel(1),
    field(V14_V15, "role_profile_name", Link, "Role Profile")
        .options("Role Profile")
        .permlevel(1),
    field(ALL, "roles_html", Html, "Roles HTML").read_only(),
    field(ALL, "roles", Table, "Roles Assigned")
        .options("Has Role")
        .read_only()
        .hidden()
        .permlevel(1),
    field(V15_UP, "sb_allow_modules", SectionBreak, "Allow Modules").permlevel(1),
    field(V15_UP, "module_profile", Link, "Module Profile").options("Module Profile"),
    field(V15_UP, "modules_html", Html, "Modules HTML").permlevel(1),
    field(V15_UP, "block_modules", Table, "Block Modules")
        .options("Block Module")
        .hidden()
        .permlevel(1),
    field(V15_UP, "home_settings", Code, "Home Settings").hidden(),
    field(V15_UP, "short_bio", TabBreak, "More Information"),
    field(V14_ONLY, "short_bio", SectionBreak, "More Information"),
    field(ALL, "gender", Link, "Gender").options("Gender"),
    field(ALL, "birth_date", Date, "Birth Date").no_copy(),
    field(ALL, "interest", SmallText, "Interests"),
    field(V14_ONLY, "banner_image", AttachImage, "Banner Image"),
    field(V14_ONLY, "desk_theme", Select, "Desk Theme").options("Light\nDark\nAutomatic"),
    field(ALL, "column_break_26", ColumnBreak, ""),
    field(ALL, "phone", Data, "Phone").options("Phone"),
    field(ALL, "location", Data, "Location").no_copy(),
    field(ALL, "bio", SmallText, "Bio").no_copy(),
    field(V14_ONLY, "mute_sounds", Check, "Mute Sounds").default("0"),
    field(ALL, "column_break_22", ColumnBreak, ""),
    field(ALL, "mobile_no", Data, "Mobile No").options("Phone").unique(),
    field(V15_UP, "settings_tab", TabBreak, "Settings"),
    field(V15_UP, "desk_settings_section", SectionBreak, "Desk Settings"),
    field(V15_UP, "mute_sounds", Check, "Mute Sounds").default("0"),
    field(V15_UP, "desk_theme", Select, "Desk Theme").options("Light\nDark\nAutomatic"),
    field(DEV_ONLY, "code_editor_type", Select, "Code Editor Type")
        .options("vscode\nvim\nemacs")
        .default("vscode"),
    field(V15_UP, "banner_image", AttachImage, "Banner Image"),
    field(ALL, "navigation_settings_section", SectionBreak, "Navigation Settings"),
    field(ALL, "search_bar", Check, "Search Bar").default("1"),
    field(ALL, "notifications", Check, "Notifications").default("1"),
    field(ALL, "list_settings_section", SectionBreak, "List Settings"),
    field(ALL, "list_sidebar", Check, "Sidebar").default("1"),
    field(ALL, "bulk_actions", Check, "Bulk Actions").default("1"),
    field(ALL, "view_switcher", Check, "View Switcher").default("1"),
    field(ALL, "form_settings_section", SectionBreak, "Form Settings"),
    field(ALL, "form_sidebar", Check, "Sidebar").default("1"),
    field(ALL, "timeline", Check, "Timeline").default("1"),
    field(ALL, "dashboard", Check, "Dashboard").default("1"),
    field(ALL, "change_password", SectionBreak, "Change Password"),
    field(ALL, "new_password", Password, "Set New Password").no_copy(),
    field(
        ALL,
        "logout_all_sessions",
        Check,
        "Logout From All Devices After Changing Password",
    )
    .default("1"),
    field(ALL, "reset_password_key", Data, "Reset Password Key")
        .read_only()
        .hidden()
        .no_copy()
        .permlevel(1),
    field(
        ALL,
        "last_reset_password_key_generated_on",
        Datetime,
        "Last Reset Password Key Generated On",
    )
    .read_only()
    .hidden()
    .permlevel(1),
    field(ALL, "last_password_reset_date", Date, "Last Password Reset Date")
        .read_only()
        .hidden()
        .no_copy(),
    field(ALL, "redirect_url", SmallText, "Redirect URL").hidden(),
    field(
        ALL,
        "document_follow_notifications_section",
        SectionBreak,
        "Document Follow",
    ),
    field(
        ALL,
        "document_follow_notify",
        Check,
        "Send Notifications For Documents Followed By Me",
    )
    .default("0"),
    field(ALL, "document_follow_frequency", Select, "Frequency")
        .options("Hourly\nDaily\nWeekly")
        .default("Daily"),
    field(ALL, "column_break_75", ColumnBreak, ""),
    field(
        ALL,
        "follow_created_documents",
        Check,
        "Auto follow documents that you create",
    )
    .default("0"),
    field(
        ALL,
        "follow_commented_documents",
        Check,
        "Auto follow documents that you comment on",
    )
    .default("0"),
    field(
        ALL,
        "follow_liked_documents",
        Check,
        "Auto follow documents that you Like",
    )
    .default("0"),
    field(
        ALL,
        "follow_assigned_documents",
        Check,
        "Auto follow documents that are assigned to you",
    )
    .default("0"),
    field(
        ALL,
        "follow_shared_documents",
        Check,
        "Auto follow documents that are shared with you",
    )
    .default("0"),
    field(V14_DEV, "email_settings", SectionBreak, "Email"),
    field(DEV_ONLY, "email_signature", TextEditor, "Email Signature").no_copy(),
    field(V15_ONLY, "email_settings", SectionBreak, "Email"),
    field(V14_V15, "email_signature", SmallText, "Email Signature").no_copy(),
    field(ALL, "thread_notify", Check, "Send Notifications For Email Threads").default("1"),
    field(ALL, "send_me_a_copy", Check, "Send Me A Copy of Outgoing Emails").default("0"),
    field(ALL, "allowed_in_mentions", Check, "Allowed In Mentions").default("1"),
    field(ALL, "user_emails", Table, "User Emails")
        .options("User Email")
        .permlevel(1),
    field(V15_UP, "workspace_section", SectionBreak, "Workspace"),
    field(V15_UP, "default_workspace", Link, "Default Workspace").options("Workspace"),
    field(V15_UP, "app_section", SectionBreak, "App"),
    field(V15_UP, "default_app", Select, "Default App"),
    field(V14_ONLY, "sb_allow_modules", SectionBreak, "Allow Modules").permlevel(1),
    field(V14_ONLY, "module_profile", Link, "Module Profile").options("Module Profile"),
    field(V14_ONLY, "modules_html", Html, "Modules HTML").permlevel(1),
    field(V14_ONLY, "block_modules", Table, "Block Modules")
        .options("Block Module")
        .hidden()
        .permlevel(1),
    field(V14_ONLY, "home_settings", Code, "Home Settings").hidden(),
    field(ALL, "sb2", SectionBreak, "Defaults")
        .read_only()
        .hidden()
        .permlevel(1),
    field(ALL, "defaults", Table, "User Defaults")
        .options("DefaultValue")
        .hidden()
        .no_copy(),
    field(ALL, "sb3", SectionBreak, "Security Settings").read_only(),
    field(ALL, "simultaneous_sessions", Int, "Simultaneous Sessions").default("2"),
    field(ALL, "restrict_ip", SmallText, "Restrict IP").permlevel(1),
    field(ALL, "last_ip", ReadOnly, "Last IP").read_only().no_copy(),
    field(ALL, "column_break1", ColumnBreak, ""),
    field(ALL, "login_after", Int, "Login After").permlevel(1),
    field(ALL, "user_type", Link, "User Type")
        .options("User Type")
        .default("System User")
        .in_list_view()
        .permlevel(1),
    field(ALL, "last_active", Datetime, "Last Active").read_only().no_copy(),
    field(ALL, "section_break_63", ColumnBreak, ""),
    field(ALL, "login_before", Int, "Login Before").permlevel(1),
    field(
        ALL,
        "bypass_restrict_ip_check_if_2fa_enabled",
        Check,
        "Bypass Restricted IP Address Check If Two Factor Auth Enabled",
    )
    .default("0"),
    field(ALL, "last_login", ReadOnly, "Last Login").read_only().no_copy(),
    field(ALL, "last_known_versions", Text, "Last Known Versions")
        .read_only()
        .hidden(),
    field(
        ALL,
        "third_party_authentication",
        SectionBreak,
        "Third Party Authentication",
    )
    .permlevel(1),
    field(ALL, "social_logins", Table, "Social Logins").options("User Social Login"),
    field(ALL, "api_access", SectionBreak, "API Access"),
    field(ALL, "api_key", Data, "API Key")
        .read_only()
        .unique()
        .no_copy()
        .permlevel(1),
    field(ALL, "generate_keys", Button, "Generate Keys").permlevel(1),
    field(ALL, "column_break_65", ColumnBreak, ""),
    field(ALL, "api_secret", Password, "API Secret")
        .read_only()
        .permlevel(1),
    field(ALL, "onboarding_status", SmallText, "Onboarding Status")
        .default("{}")
        .hidden(),
    field(V15_UP, "connections_tab", TabBreak, "Connections"),
];

const PERMISSIONS: &[DocPerm] = &[
    DocPerm {
        role: "System Manager",
        permlevel: 0,
        rights: Rights::READ
            .with(Rights::WRITE)
            .with(Rights::CREATE)
            .with(Rights::DELETE)
            .with(Rights::REPORT)
            .with(Rights::EXPORT)
            .with(Rights::IMPORT)
            .with(Rights::SHARE)
            .with(Rights::PRINT)
            .with(Rights::EMAIL),
    },
    DocPerm {
        role: "System Manager",
        permlevel: 1,
        rights: Rights::READ.with(Rights::WRITE),
    },
    DocPerm {
        role: "Desk User",
        permlevel: 0,
        rights: Rights::SELECT,
    },
];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: false,
    allow_rename: true,
    title_field: "full_name",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2022-01-10 17:29:51.672911",
            modified: "2024-02-11 13:16:29.574666",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2022-01-10 17:29:51.672911",
            modified: "2024-08-08 19:09:17.399748",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2022-01-10 17:29:51.672911",
            modified: "2024-09-27 11:41:13.336662",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
