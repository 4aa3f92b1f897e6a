//! `Top Bar Item` (`frappe/website/doctype/top_bar_item/top_bar_item.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Top Bar Item";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "label", Data, "Label").reqd().in_list_view(),
    field(ALL, "url", Data, "URL").in_list_view(),
    field(ALL, "open_in_new_tab", Check, "Open URL in a New Tab").default("0"),
    field(ALL, "right", Check, "Align Right").default("1"),
    field(ALL, "column_break_5", ColumnBreak, ""),
    field(ALL, "parent_label", Select, "Parent Label").in_list_view(),
    field(V14_ONLY, "icon", AttachImage, "Icon"),
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
            creation: "2013-02-22 01:28:08",
            modified: "2020-10-26 20:59:42.142208",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2013-02-22 01:28:08",
            modified: "2024-01-08 12:05:25.782635",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2013-02-22 01:28:08",
            modified: "2024-03-23 16:03:59.197387",
            sort_field: "creation",
            sort_order: "ASC",
        },
    ],
};
