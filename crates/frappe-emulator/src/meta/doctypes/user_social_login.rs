//! `User Social Login` (`frappe/core/doctype/user_social_login/user_social_login.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "User Social Login";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "provider", Data, "Provider").read_only().in_list_view(),
    field(ALL, "section_break_0", SectionBreak, ""),
    field(ALL, "username", Data, "Username").read_only().in_list_view(),
    field(ALL, "column_break_0", ColumnBreak, ""),
    field(ALL, "userid", Data, "User ID").read_only().in_list_view(),
];

const PERMISSIONS: &[DocPerm] = &[];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: true,
    allow_rename: false,
    title_field: "",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2017-12-02 13:01:20.507112",
            modified: "2017-12-02 15:37:58.397062",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2017-12-02 13:01:20.507112",
            modified: "2022-08-03 12:20:53.800689",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2017-12-02 13:01:20.507112",
            modified: "2024-03-23 16:04:01.200476",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
