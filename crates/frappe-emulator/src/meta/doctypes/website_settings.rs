//! `Website Settings` (`frappe/website/doctype/website_settings/website_settings.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Website Settings";

const FIELDS: &[FieldSpec] = &[
    field(V15_UP, "home_tab", TabBreak, "Home"),
    field(ALL, "sb0", SectionBreak, "Landing Page"),
    field(ALL, "home_page", Data, "Home Page").in_list_view(),
    field(ALL, "cb4", ColumnBreak, ""),
    field(ALL, "title_prefix", Data, "Title Prefix").in_list_view(),
    field(V15_UP, "misc_section", SectionBreak, "Login Page"),
    field(V15_UP, "app_name", Data, "App Name").default("Frappe"),
    field(V15_UP, "disable_signup", Check, "Disable signups").default("1"),
    field(V15_UP, "show_footer_on_login", Check, "Show footer on login").default("0"),
    field(V15_UP, "column_break_9", ColumnBreak, ""),
    field(V15_UP, "app_logo", AttachImage, "App Logo"),
    field(V15_UP, "section_break_6", SectionBreak, "Theme"),
    field(V14_ONLY, "section_break_6", SectionBreak, ""),
    field(ALL, "website_theme", Link, "Website Theme")
        .options("Website Theme")
        .default("Standard"),
    field(V14_ONLY, "website_theme_image", Image, "Website Theme Image")
        .options("website_theme_image_link")
        .hidden(),
    field(V14_ONLY, "website_theme_image_link", Code, "Website Theme Image Link").hidden(),
    field(V15_UP, "website_theme_image", Image, "Website Theme Image")
        .options("website_theme_image_link")
        .hidden(),
    field(V15_UP, "website_theme_image_link", Code, "Website Theme image link").hidden(),
    field(V15_UP, "navbar_tab", TabBreak, "Navbar"),
    field(ALL, "brand", SectionBreak, "Brand"),
    field(ALL, "banner_image", AttachImage, "Brand Image"),
    field(ALL, "splash_image", AttachImage, "Splash Image"),
    field(ALL, "brand_html", Code, "Brand HTML").options("HTML"),
    field(ALL, "set_banner_from_image", Button, "Set Banner from Image"),
    field(ALL, "favicon", Attach, "FavIcon"),
    field(ALL, "top_bar", SectionBreak, "Navbar"),
    field(ALL, "top_bar_items", Table, "Top Bar Items").options("Top Bar Item"),
    field(ALL, "hide_login", Check, "Hide Login").default("0"),
    field(ALL, "navbar_search", Check, "Include Search in Top Bar").default("0"),
    field(ALL, "show_language_picker", Check, "Show Language Picker").default("0"),
    field(ALL, "navbar_template_section", SectionBreak, "Navbar Template"),
    field(ALL, "navbar_template", Link, "Navbar Template").options("Web Template"),
    field(ALL, "navbar_template_values", Code, "Navbar Template Values")
        .options("JSON")
        .hidden(),
    field(ALL, "edit_navbar_template_values", Button, "Edit Values"),
    field(ALL, "call_to_action", Data, "Call To Action"),
    field(ALL, "call_to_action_url", Data, "Call To Action URL"),
    field(ALL, "banner", SectionBreak, "Banner"),
    field(ALL, "banner_html", Code, "Banner HTML").options("HTML"),
    field(V15_UP, "footer_tab", TabBreak, "Footer"),
    field(V15_UP, "footer", SectionBreak, "Footer Items"),
    field(V15_UP, "footer_items", Table, "Footer Items").options("Top Bar Item"),
    field(V15_UP, "footer_details_section", SectionBreak, "Footer Details"),
    field(V14_ONLY, "footer", SectionBreak, "Footer"),
    field(V14_ONLY, "footer_logo", AttachImage, "Footer Logo"),
    field(ALL, "copyright", Data, "Copyright"),
    field(V14_ONLY, "address", TextEditor, "Address"),
    field(V15_UP, "footer_logo", AttachImage, "Footer Logo"),
    field(V15_UP, "hide_footer_signup", Check, "Hide footer signup").default("0"),
    field(V15_UP, "column_break_37", ColumnBreak, ""),
    field(V15_UP, "address", SmallText, "Address"),
    field(V14_ONLY, "footer_items", Table, "Footer Items").options("Top Bar Item"),
    field(ALL, "footer_powered", SmallText, "Footer \"Powered By\""),
    field(V15_UP, "custom_footer_section", SectionBreak, "Custom Footer"),
    field(ALL, "footer_template", Link, "Footer Template").options("Web Template"),
    field(ALL, "footer_template_values", Code, "Footer Template Values")
        .options("JSON")
        .hidden(),
    field(V14_ONLY, "edit_footer_template_values", Button, "Edit Values"),
    field(V14_ONLY, "hide_footer_signup", Check, "Hide Footer Signup").default("0"),
    field(V14_ONLY, "integrations", SectionBreak, "Integrations"),
    field(
        V14_ONLY,
        "enable_view_tracking",
        Check,
        "Enable In App Website Tracking",
    )
    .default("0"),
    field(V14_ONLY, "enable_google_indexing", Check, "Enable Google Indexing").default("0"),
    field(
        V14_ONLY,
        "authorize_api_indexing_access",
        Button,
        "Authorize API Indexing  Access",
    ),
    field(V14_ONLY, "indexing_refresh_token", Data, "Indexing Refresh Token")
        .read_only()
        .hidden(),
    field(
        V14_ONLY,
        "indexing_authorization_code",
        Data,
        "Indexing Authorization Code",
    )
    .read_only()
    .hidden(),
    field(V15_UP, "edit_footer_template_values", Button, "Edit Values"),
    field(V15_UP, "integrations", TabBreak, "Integrations"),
    field(V15_UP, "analytics_section", SectionBreak, "Analytics"),
    field(V15_UP, "enable_view_tracking", Check, "Enable in-app website tracking").default("0"),
    field(V15_UP, "enable_google_indexing", Check, "Enable Google indexing").default("0"),
    field(
        V15_UP,
        "authorize_api_indexing_access",
        Button,
        "Authorize API Indexing  Access",
    ),
    field(V15_UP, "indexing_refresh_token", Data, "Indexing refresh token")
        .read_only()
        .hidden(),
    field(
        V15_UP,
        "indexing_authorization_code",
        Data,
        "Indexing authorization code",
    )
    .read_only()
    .hidden(),
    field(ALL, "column_break_17", ColumnBreak, ""),
    field(ALL, "google_analytics_id", Data, "Google Analytics ID"),
    field(
        V14_ONLY,
        "google_analytics_anonymize_ip",
        Check,
        "Google Analytics Anonymize IP",
    )
    .default("1"),
    field(
        V15_UP,
        "google_analytics_anonymize_ip",
        Check,
        "Google Analytics anonymise IP",
    )
    .default("1"),
    field(
        V15_UP,
        "account_deletion_settings_section",
        SectionBreak,
        "Account Deletion Settings",
    ),
    field(
        V15_UP,
        "auto_account_deletion",
        Int,
        "Automatically delete account within (hours)",
    )
    .default("72"),
    field(
        V15_UP,
        "show_account_deletion_link",
        Check,
        "Show account deletion link in My Account page",
    )
    .default("0"),
    field(V15_UP, "section_break_38", TabBreak, "Header, Robots"),
    field(V14_ONLY, "misc_section", SectionBreak, "Login Page"),
    field(V14_ONLY, "app_name", Data, "App Name").default("Frappe"),
    field(V14_ONLY, "app_logo", AttachImage, "App Logo"),
    field(V14_ONLY, "disable_signup", Check, "Disable Signup").default("1"),
    field(
        V14_ONLY,
        "section_break_38",
        SectionBreak,
        "HTML Header, Robots and Redirects",
    ),
    field(ALL, "subdomain", SmallText, "Subdomain").read_only(),
    field(ALL, "head_html", Code, "&lt;head&gt; HTML").options("HTML"),
    field(ALL, "robots_txt", Code, "Robots.txt"),
    field(V15_UP, "redirects_tab", TabBreak, "Redirects"),
    field(ALL, "route_redirects", Table, "Route Redirects").options("Website Route Redirect"),
    field(
        V14_ONLY,
        "account_deletion_settings_section",
        SectionBreak,
        "Account Deletion Settings",
    ),
    field(
        V14_ONLY,
        "show_account_deletion_link",
        Check,
        "Show Account Deletion Link in My Account Page",
    )
    .default("0"),
    field(
        V14_ONLY,
        "auto_account_deletion",
        Int,
        "Auto Account Deletion within (Hours)",
    )
    .default("72"),
];

const PERMISSIONS: &[DocPerm] = &[
    DocPerm {
        role: "Website Manager",
        permlevel: 0,
        rights: Rights::READ
            .with(Rights::WRITE)
            .with(Rights::CREATE)
            .with(Rights::SHARE)
            .with(Rights::PRINT)
            .with(Rights::EMAIL),
    },
    DocPerm {
        role: "All",
        permlevel: 1,
        rights: Rights::READ,
    },
];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Website",
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
            creation: "2013-04-30 12:58:46",
            modified: "2022-12-05 04:17:56.478757",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2013-04-30 12:58:46",
            modified: "2024-01-08 11:50:34.750809",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2013-04-30 12:58:46",
            modified: "2024-03-23 16:04:03.999928",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
