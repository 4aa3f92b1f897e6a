//! `User Role Profile` (`frappe/core/doctype/user_role_profile/user_role_profile.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "User Role Profile";

const FIELDS: &[FieldSpec] = &[field(DEV_ONLY, "role_profile", Link, "Role Profile")
    .options("Role Profile")
    .in_list_view()];

const PERMISSIONS: &[DocPerm] = &[];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Core",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: true,
    allow_rename: true,
    title_field: "",
    track_changes: false,
    permissions: PERMISSIONS,
    revisions: &[Revision {
        versions: DEV_ONLY,
        creation: "2024-01-29 13:43:27.545608",
        modified: "2024-03-23 16:04:00.948988",
        sort_field: "creation",
        sort_order: "DESC",
    }],
};
