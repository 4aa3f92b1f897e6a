//! `Website Route Redirect` (`frappe/website/doctype/website_route_redirect/website_route_redirect.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Website Route Redirect";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "source", SmallText, "Source").reqd().in_list_view(),
    field(ALL, "target", SmallText, "Target").reqd().in_list_view(),
    field(V15_UP, "redirect_http_status", Select, "Redirect HTTP Status")
        .options("301\n302\n307\n308")
        .default("301"),
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
            creation: "2019-05-07 11:08:35.889625",
            modified: "2019-05-07 11:11:46.867684",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2019-05-07 11:08:35.889625",
            modified: "2023-12-22 12:21:28.436139",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2019-05-07 11:08:35.889625",
            modified: "2024-03-23 16:04:03.818023",
            sort_field: "creation",
            sort_order: "ASC",
        },
    ],
};
