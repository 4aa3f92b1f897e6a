//! `Role` (`frappe/core/doctype/role/role.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Role";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "role_name", Data, "Role Name").reqd().unique(),
    field(ALL, "home_page", Data, "Home Page"),
    field(ALL, "restrict_to_domain", Link, "Restrict To Domain").options("Domain"),
    field(ALL, "column_break_4", ColumnBreak, ""),
    field(ALL, "disabled", Check, "Disabled").default("0"),
    field(ALL, "is_custom", Check, "Is Custom").default("0").in_list_view(),
    field(ALL, "desk_access", Check, "Desk Access")
        .default("1")
        .in_list_view(),
    field(ALL, "two_factor_auth", Check, "Two Factor Authentication").default("0"),
];

const PERMISSIONS: &[DocPerm] = &[DocPerm {
    role: "System Manager",
    permlevel: 0,
    rights: Rights::READ
        .with(Rights::WRITE)
        .with(Rights::CREATE)
        .with(Rights::DELETE)
        .with(Rights::REPORT)
        .with(Rights::SHARE)
        .with(Rights::PRINT)
        .with(Rights::EMAIL),
}];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Field("role_name"),
    naming_rule: "By fieldname",
    issingle: false,
    istable: false,
    allow_rename: true,
    title_field: "",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2013-01-08 15:50:01",
            modified: "2024-03-13 20:59:37.875253",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2013-01-08 15:50:01",
            modified: "2024-03-13 20:59:37.875253",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2013-01-08 15:50:01",
            modified: "2024-09-19 17:07:08.672124",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
