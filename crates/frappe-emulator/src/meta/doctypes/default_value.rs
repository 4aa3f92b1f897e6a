//! `DefaultValue` (`frappe/core/doctype/defaultvalue/defaultvalue.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "DefaultValue";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "defkey", Data, "Key").reqd().in_list_view(),
    field(ALL, "defvalue", Text, "Value").in_list_view(),
];

const PERMISSIONS: &[DocPerm] = &[];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Hash,
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
            creation: "2013-02-22 01:27:32",
            modified: "2016-07-11 03:27:59.126216",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2013-02-22 01:27:32",
            modified: "2022-08-03 12:20:54.832785",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2013-02-22 01:27:32",
            modified: "2024-03-23 16:02:17.533639",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
