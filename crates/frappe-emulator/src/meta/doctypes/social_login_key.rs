//! `Social Login Key` (`frappe/integrations/doctype/social_login_key/social_login_key.json`).
//!
//! Field order is the JSON's `field_order`; without the layout breaks it is the key order of
//! every document Frappe serialises. `sign_ups` (frappe/frappe#22724) and the Keycloak option
//! are absent from v14; the develop snapshot of the notes has no `show_in_resource_metadata`
//! yet (notes, section 4).

use crate::meta::FieldType::*;
use crate::meta::{
    field, DocPerm, DocTypeSpec, FieldSpec, Naming, Revision, Rights, ALL, DEV_ONLY, V14_ONLY, V15_ONLY, V15_UP,
};

pub(crate) const NAME: &str = "Social Login Key";

const PROVIDERS_V14: &str = "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin";
const PROVIDERS_V15: &str = "Custom\nFacebook\nFrappe\nGitHub\nGoogle\nOffice 365\nSalesforce\nfairlogin\nKeycloak";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "enable_social_login", Check, "Enable Social Login").default("0"),
    field(V14_ONLY, "client_credentials", SectionBreak, "Client Credentials"),
    field(V14_ONLY, "social_login_provider", Select, "Social Login Provider")
        .options(PROVIDERS_V14)
        .default("Custom")
        .set_only_once(),
    field(V15_UP, "client_credentials", SectionBreak, "Client Credentials"),
    field(V15_UP, "social_login_provider", Select, "Social Login Provider")
        .options(PROVIDERS_V15)
        .default("Custom")
        .set_only_once(),
    field(ALL, "client_id", Data, "Client ID"),
    field(ALL, "column_break_0", ColumnBreak, ""),
    field(ALL, "provider_name", Data, "Provider Name")
        .reqd()
        .set_only_once()
        .in_list_view(),
    field(ALL, "client_secret", Password, "Client Secret"),
    field(ALL, "sb_identity_details", SectionBreak, "Identity Details"),
    field(ALL, "icon", Data, "Icon"),
    field(ALL, "column_break_1", ColumnBreak, ""),
    field(ALL, "base_url", Data, "Base URL"),
    field(V15_UP, "configuration_section", SectionBreak, "Configuration"),
    field(V15_UP, "sign_ups", Select, "Sign ups").options("\nAllow\nDeny"),
    field(ALL, "client_urls", SectionBreak, "Client URLs"),
    field(ALL, "authorize_url", Data, "Authorize URL"),
    field(ALL, "access_token_url", Data, "Access Token URL"),
    field(ALL, "column_break_3", ColumnBreak, ""),
    field(ALL, "redirect_url", Data, "Redirect URL"),
    field(ALL, "api_endpoint", Data, "API Endpoint"),
    field(ALL, "custom_base_url", Check, "Custom Base URL")
        .default("0")
        .hidden(),
    field(ALL, "client_information", SectionBreak, "Client Information"),
    field(ALL, "api_endpoint_args", Code, "API Endpoint Args"),
    field(ALL, "auth_url_data", Code, "Auth URL Data"),
    field(ALL, "user_id_property", Data, "User ID Property"),
];

const PERMISSIONS: &[DocPerm] = &[DocPerm {
    role: "System Manager",
    permlevel: 0,
    rights: Rights::CREATE
        .with(Rights::READ)
        .with(Rights::WRITE)
        .with(Rights::DELETE)
        .with(Rights::REPORT)
        .with(Rights::EXPORT)
        .with(Rights::PRINT)
        .with(Rights::EMAIL)
        .with(Rights::SHARE),
}];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Integrations",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: false,
    allow_rename: false,
    title_field: "provider_name",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2017-11-18 15:36:09.676722",
            modified: "2020-09-30 14:37:13.616002",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2017-11-18 15:36:09.676722",
            modified: "2024-09-06 15:22:46.342392",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2017-11-18 15:36:09.676722",
            modified: "2024-09-06 15:22:46.342392",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
