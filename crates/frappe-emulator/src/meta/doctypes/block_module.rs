//! `Block Module` (`frappe/core/doctype/block_module/block_module.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Block Module";

const FIELDS: &[FieldSpec] = &[field(ALL, "module", Data, "Module").reqd().in_list_view()];

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
    track_changes: false,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2015-03-24 14:28:15.882903",
            modified: "2017-10-31 19:36:18.586834",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2015-03-24 14:28:15.882903",
            modified: "2022-08-03 12:20:52.738977",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2015-03-24 14:28:15.882903",
            modified: "2024-03-23 16:01:28.830117",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
