//! `Has Role` (`frappe/core/doctype/has_role/has_role.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Has Role";

const FIELDS: &[FieldSpec] = &[field(ALL, "role", Link, "Role").options("Role").in_list_view()];

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
            creation: "2013-02-22 01:27:34",
            modified: "2017-02-13 14:00:08.116312",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2013-02-22 01:27:34",
            modified: "2022-08-03 12:20:54.382064",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2013-02-22 01:27:34",
            modified: "2024-03-23 16:03:27.291168",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
