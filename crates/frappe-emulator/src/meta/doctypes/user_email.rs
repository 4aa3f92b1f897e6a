//! `User Email` (`frappe/core/doctype/user_email/user_email.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "User Email";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "email_account", Link, "Email Account")
        .options("Email Account")
        .reqd()
        .in_list_view(),
    field(ALL, "email_id", Data, "Email ID")
        .options("Email")
        .read_only()
        .fetch_from("email_account.email_id"),
    field(ALL, "column_break_3", ColumnBreak, ""),
    field(ALL, "awaiting_password", Check, "Awaiting Password")
        .default("0")
        .read_only()
        .in_list_view()
        .fetch_from("email_account.awaiting_password"),
    field(ALL, "used_oauth", Check, "Used OAuth")
        .default("0")
        .read_only()
        .in_list_view(),
    field(ALL, "enable_outgoing", Check, "Enable Outgoing")
        .default("0")
        .read_only()
        .fetch_from("email_account.enable_outgoing"),
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
    track_changes: false,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_V15,
            creation: "2016-03-30 10:04:25.828742",
            modified: "2022-06-03 14:25:46.944733",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2016-03-30 10:04:25.828742",
            modified: "2024-03-23 16:04:00.460634",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
