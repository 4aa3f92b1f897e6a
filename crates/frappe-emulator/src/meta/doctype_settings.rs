//! The DocType-level settings of each modelled DocType on each release line, as `tabDocType`
//! stores them: read from the DocType's JSON (`frappe/**/doctype/<name>/<name>.json`) of the
//! version-14, version-15 and develop branches. Every Check/Int column the line's DocType
//! DocType has is stored (0 when the JSON leaves it out); texts only when set. v15.55.1
//! answers exactly these values for every DocType listed here.

use crate::version::FrappeVersion;

/// One stored value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Setting {
    Int(i64),
    Text(&'static str),
}

use Setting::{Int, Text};

/// The order of `tabDocType`'s columns in a DocType record, as v15.55.1 answers it (the
/// database's column order, which `as_dict` follows); columns a line adds come after them.
pub(crate) const COLUMN_ORDER: &[&str] = &[
    "search_fields",
    "issingle",
    "is_virtual",
    "is_tree",
    "istable",
    "editable_grid",
    "track_changes",
    "module",
    "autoname",
    "title_field",
    "image_field",
    "naming_rule",
    "sort_field",
    "sort_order",
    "description",
    "read_only",
    "in_create",
    "allow_copy",
    "allow_rename",
    "allow_import",
    "hide_toolbar",
    "track_seen",
    "max_attachments",
    "document_type",
    "icon",
    "engine",
    "is_submittable",
    "show_name_in_global_search",
    "custom",
    "beta",
    "has_web_view",
    "allow_guest_to_view",
    "route",
    "email_append_to",
    "subject_field",
    "sender_field",
    "show_title_field_in_link",
    "translated_doctype",
    "is_calendar_and_gantt",
    "quick_entry",
    "track_views",
    "queue_in_background",
    "allow_events_in_timeline",
    "allow_auto_repeat",
    "make_attachments_public",
    "force_re_route_to_default_view",
    "show_preview_popup",
    "index_web_pages_for_search",
];

/// The Check and Int columns of the DocType DocType on v15 (stored 0 unless set).
const NUMERIC: &[&str] = &[
    "is_submittable",
    "istable",
    "issingle",
    "is_tree",
    "is_calendar_and_gantt",
    "editable_grid",
    "quick_entry",
    "track_changes",
    "track_seen",
    "track_views",
    "custom",
    "beta",
    "is_virtual",
    "queue_in_background",
    "allow_rename",
    "max_attachments",
    "hide_toolbar",
    "allow_copy",
    "allow_import",
    "allow_events_in_timeline",
    "allow_auto_repeat",
    "make_attachments_public",
    "show_title_field_in_link",
    "translated_doctype",
    "force_re_route_to_default_view",
    "show_preview_popup",
    "show_name_in_global_search",
    "email_append_to",
    "read_only",
    "in_create",
    "has_web_view",
    "allow_guest_to_view",
    "index_web_pages_for_search",
];

/// Check and Int columns only some lines have (`true`) or lack (`false`), against v15.
const NUMERIC_BY_LINE: &[(FrappeVersion, &str, bool)] = &[(FrappeVersion::V14, "queue_in_background", false)];

/// Values other than 0 (v15, or develop for DocTypes only it has). Module, naming, flags, title
/// and sorting come from the registry's specs, which hold them per line.
const VALUES: &[(&str, &[(&str, Setting)])] = &[
    (
        "Block Module",
        &[
            ("editable_grid", Int(1)),
            ("document_type", Text("Other")),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "Custom Field",
        &[
            ("description", Text("Adds a custom field to a DocType")),
            ("allow_import", Int(1)),
            ("search_fields", Text("dt,label,fieldtype,options")),
            ("document_type", Text("Setup")),
            ("icon", Text("fa fa-glass")),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    ("DefaultValue", &[("editable_grid", Int(1)), ("engine", Text("InnoDB"))]),
    ("Has Role", &[("editable_grid", Int(1)), ("engine", Text("InnoDB"))]),
    (
        "Portal Menu Item",
        &[
            ("editable_grid", Int(1)),
            ("quick_entry", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    ("Portal Settings", &[("engine", Text("InnoDB"))]),
    (
        "Role",
        &[
            ("quick_entry", Int(1)),
            ("translated_doctype", Int(1)),
            ("document_type", Text("Document")),
            ("icon", Text("fa fa-bookmark")),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "Social Login Key",
        &[
            ("editable_grid", Int(1)),
            ("allow_import", Int(1)),
            ("document_type", Text("Document")),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "System Settings",
        &[
            ("quick_entry", Int(1)),
            ("document_type", Text("System")),
            ("icon", Text("fa fa-cog")),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "ToDo",
        &[
            ("quick_entry", Int(1)),
            ("track_seen", Int(1)),
            ("search_fields", Text("description, reference_type, reference_name")),
            ("document_type", Text("Setup")),
            ("icon", Text("fa fa-check")),
            ("email_append_to", Int(1)),
            ("sender_field", Text("sender")),
            ("subject_field", Text("description")),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "Top Bar Item",
        &[
            ("editable_grid", Int(1)),
            ("document_type", Text("Other")),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "User",
        &[
            ("quick_entry", Int(1)),
            ("description", Text("Represents a User in the system.")),
            ("image_field", Text("user_image")),
            ("allow_import", Int(1)),
            ("search_fields", Text("full_name")),
            ("icon", Text("fa fa-user")),
            ("show_name_in_global_search", Int(1)),
            ("route", Text("user")),
            ("engine", Text("InnoDB")),
        ],
    ),
    ("User Email", &[("editable_grid", Int(1)), ("engine", Text("InnoDB"))]),
    (
        "User Role Profile",
        &[
            ("editable_grid", Int(1)),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "User Social Login",
        &[
            ("editable_grid", Int(1)),
            ("quick_entry", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
    (
        "Website Route Redirect",
        &[("quick_entry", Int(1)), ("engine", Text("InnoDB"))],
    ),
    (
        "Website Settings",
        &[
            ("document_type", Text("Other")),
            ("icon", Text("fa fa-cog")),
            ("index_web_pages_for_search", Int(1)),
            ("engine", Text("InnoDB")),
        ],
    ),
];

/// The stored settings of `doctype` on `version`, in no particular order.
/// The DocType record's own `idx`: the `idx` of the DocType's JSON (0 when it has none), the
/// same on every line for the modelled DocTypes (version-14, version-15 and develop branches;
/// v14.93.2, v15.55.1 and develop answer User 413, ToDo 2, Role 1, Social Login Key 0).
pub(crate) fn record_idx(doctype: &str) -> usize {
    match doctype {
        "User" => 413,
        "ToDo" => 2,
        "Custom Field" | "DefaultValue" | "Has Role" | "Role" | "Top Bar Item" | "Website Settings" => 1,
        _ => 0,
    }
}

pub(crate) fn settings(version: FrappeVersion, doctype: &str) -> Vec<(&'static str, Setting)> {
    let Some((_, values)) = VALUES.iter().find(|(name, _)| *name == doctype) else {
        return Vec::new();
    };
    let on_line = |key: &str| {
        NUMERIC_BY_LINE
            .iter()
            .find(|(line, k, _)| *line == version && *k == key)
            .is_none_or(|(_, _, present)| *present)
    };
    let added = NUMERIC_BY_LINE
        .iter()
        .filter(|(line, _, present)| *line == version && *present)
        .map(|(_, key, _)| *key);
    let mut stored: Vec<(&'static str, Setting)> = NUMERIC
        .iter()
        .copied()
        .filter(|key| on_line(key))
        .chain(added)
        .map(|key| (key, Int(0)))
        .collect();
    for (key, value) in values.iter() {
        stored.retain(|(k, _)| k != key);
        stored.push((key, *value));
    }
    stored
}
