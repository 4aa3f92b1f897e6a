//! `Portal Settings` (`frappe/website/doctype/portal_settings/portal_settings.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Portal Settings";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "default_role", Link, "Default Role at Time of Signup").options("Role"),
    field(ALL, "default_portal_home", Data, "Default Portal Home"),
    field(ALL, "standard_menu_items", SectionBreak, "Standard Sidebar Menu"),
    field(ALL, "hide_standard_menu", Check, "Hide Standard Menu").default("0"),
    field(ALL, "menu", Table, "Portal Menu").options("Portal Menu Item"),
    field(ALL, "custom_sidebar_menu", SectionBreak, "Custom Sidebar Menu"),
    field(ALL, "custom_menu", Table, "Custom Menu Items").options("Portal Menu Item"),
];

const PERMISSIONS: &[DocPerm] = &[DocPerm {
    role: "Website Manager",
    permlevel: 0,
    rights: Rights::READ
        .with(Rights::WRITE)
        .with(Rights::CREATE)
        .with(Rights::DELETE)
        .with(Rights::SHARE)
        .with(Rights::PRINT)
        .with(Rights::EMAIL),
}];

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
            versions: V14_V15,
            creation: "2016-03-30 01:40:20.001775",
            modified: "2020-08-06 15:43:36.387050",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2016-03-30 01:40:20.001775",
            modified: "2024-03-23 16:03:34.722063",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
