//! `Portal Menu Item` (`frappe/website/doctype/portal_menu_item/portal_menu_item.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Portal Menu Item";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "title", Data, "Title").reqd().in_list_view(),
    field(V14_ONLY, "enabled", Check, "Enabled").in_list_view(),
    field(V15_UP, "enabled", Check, "Enabled").default("0").in_list_view(),
    field(ALL, "route", Data, "Route").reqd().in_list_view(),
    field(ALL, "reference_doctype", Link, "Reference Document Type")
        .options("DocType")
        .in_list_view(),
    field(ALL, "role", Link, "Role").options("Role").in_list_view(),
    field(ALL, "target", Data, "Target").read_only(),
];

const PERMISSIONS: &[DocPerm] = &[];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Website",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: true,
    allow_rename: false,
    title_field: "",
    track_changes: false,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2016-03-30 01:39:20.586927",
            modified: "2019-09-05 14:22:27.664645",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2016-03-30 01:39:20.586927",
            modified: "2022-08-03 12:20:49.792747",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2016-03-30 01:39:20.586927",
            modified: "2024-03-23 16:03:34.594033",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
