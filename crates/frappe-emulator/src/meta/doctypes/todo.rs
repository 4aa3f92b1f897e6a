//! `ToDo` (`frappe/desk/doctype/todo/todo.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "ToDo";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "description_and_status", SectionBreak, ""),
    field(ALL, "status", Select, "Status")
        .options("Open\nClosed\nCancelled")
        .default("Open")
        .in_list_view(),
    field(ALL, "priority", Select, "Priority")
        .options("High\nMedium\nLow")
        .default("Medium")
        .in_list_view(),
    field(ALL, "column_break_2", ColumnBreak, ""),
    field(ALL, "color", Color, "Color"),
    field(ALL, "date", Date, "Due Date").default("Today").in_list_view(),
    field(ALL, "allocated_to", Link, "Allocated To").options("User"),
    field(ALL, "description_section", SectionBreak, ""),
    field(ALL, "description", TextEditor, "Description").reqd(),
    field(ALL, "section_break_6", SectionBreak, "Reference"),
    field(ALL, "reference_type", Link, "Reference Type")
        .options("DocType")
        .in_list_view(),
    field(ALL, "reference_name", DynamicLink, "Reference Name").options("reference_type"),
    field(ALL, "column_break_10", ColumnBreak, ""),
    field(ALL, "role", Link, "Role").options("Role"),
    field(ALL, "assigned_by", Link, "Assigned By").options("User"),
    field(ALL, "assigned_by_full_name", ReadOnly, "Assigned By Full Name").fetch_from("assigned_by.full_name"),
    field(ALL, "sender", Data, "Sender").options("Email").hidden(),
    field(ALL, "assignment_rule", Link, "Assignment Rule")
        .options("Assignment Rule")
        .read_only(),
];

const PERMISSIONS: &[DocPerm] = &[
    DocPerm {
        role: "All",
        permlevel: 0,
        rights: Rights::READ
            .with(Rights::WRITE)
            .with(Rights::CREATE)
            .with(Rights::DELETE)
            .with(Rights::REPORT)
            .with(Rights::SHARE)
            .with(Rights::PRINT)
            .with(Rights::EMAIL),
    },
    DocPerm {
        role: "System Manager",
        permlevel: 0,
        rights: Rights::READ
            .with(Rights::WRITE)
            .with(Rights::CREATE)
            .with(Rights::REPORT)
            .with(Rights::EXPORT)
            .with(Rights::SHARE)
            .with(Rights::PRINT)
            .with(Rights::EMAIL),
    },
];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Desk",
    fields: FIELDS,
    naming: Naming::Hash,
    naming_rule: "",
    issingle: false,
    istable: false,
    allow_rename: false,
    title_field: "description",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_V15,
            creation: "2012-07-03 13:30:35",
            modified: "2023-10-05 07:44:38.476400",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2012-07-03 13:30:35",
            modified: "2024-03-23 16:03:58.758787",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
