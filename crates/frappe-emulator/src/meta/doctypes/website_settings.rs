//! `Website Settings` (`frappe/website/doctype/website_settings/website_settings.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Website Settings";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "home_page", Data, "Home Page").in_list_view(),
    field(ALL, "title_prefix", Data, "Title Prefix").in_list_view(),
    field(ALL, "app_name", Data, "App Name").default("Frappe"),
    field(V15_UP, "disable_signup", Check, "Disable signups").default("1"),
    field(V15_UP, "show_footer_on_login", Check, "Show footer on login").default("0"),
    field(ALL, "app_logo", AttachImage, "App Logo"),
    field(V14_ONLY, "disable_signup", Check, "Disable Signup").default("1"),
    field(ALL, "website_theme", Link, "Website Theme")
        .options("Website Theme")
        .default("Standard"),
    field(V14_ONLY, "website_theme_image_link", Code, "Website Theme Image Link").hidden(),
    field(V15_UP, "website_theme_image_link", Code, "Website Theme image link").hidden(),
    field(ALL, "banner_image", AttachImage, "Brand Image"),
    field(ALL, "splash_image", AttachImage, "Splash Image"),
    field(ALL, "brand_html", Code, "Brand HTML").options("HTML"),
    field(ALL, "favicon", Attach, "FavIcon"),
    field(ALL, "top_bar_items", Table, "Top Bar Items").options("Top Bar Item"),
    field(ALL, "hide_login", Check, "Hide Login").default("0"),
    field(ALL, "navbar_search", Check, "Include Search in Top Bar").default("0"),
    field(ALL, "show_language_picker", Check, "Show Language Picker").default("0"),
    field(ALL, "navbar_template", Link, "Navbar Template").options("Web Template"),
    field(ALL, "navbar_template_values", Code, "Navbar Template Values")
        .options("JSON")
        .hidden(),
    field(ALL, "call_to_action", Data, "Call To Action"),
    field(ALL, "call_to_action_url", Data, "Call To Action URL"),
    field(ALL, "banner_html", Code, "Banner HTML").options("HTML"),
    field(ALL, "footer_items", Table, "Footer Items").options("Top Bar Item"),
    field(ALL, "copyright", Data, "Copyright"),
    field(V14_ONLY, "address", TextEditor, "Address"),
    field(ALL, "footer_logo", AttachImage, "Footer Logo"),
    field(V15_UP, "hide_footer_signup", Check, "Hide footer signup").default("0"),
    field(V15_UP, "address", SmallText, "Address"),
    field(ALL, "footer_powered", SmallText, "Footer \"Powered By\""),
    field(ALL, "footer_template", Link, "Footer Template").options("Web Template"),
    field(ALL, "footer_template_values", Code, "Footer Template Values")
        .options("JSON")
        .hidden(),
    field(V14_ONLY, "hide_footer_signup", Check, "Hide Footer Signup").default("0"),
    field(
        V14_ONLY,
        "enable_view_tracking",
        Check,
        "Enable In App Website Tracking",
    )
    .default("0"),
    field(V14_ONLY, "enable_google_indexing", Check, "Enable Google Indexing").default("0"),
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
    field(V15_UP, "enable_view_tracking", Check, "Enable in-app website tracking").default("0"),
    field(V15_UP, "enable_google_indexing", Check, "Enable Google indexing").default("0"),
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
    field(ALL, "subdomain", SmallText, "Subdomain").read_only(),
    field(ALL, "head_html", Code, "&lt;head&gt; HTML").options("HTML"),
    field(ALL, "robots_txt", Code, "Robots.txt"),
    field(ALL, "route_redirects", Table, "Route Redirects").options("Website Route Redirect"),
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
