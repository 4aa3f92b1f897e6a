//! The DocType entries of `frappe.desk.form.load.getdoctype`: `frappe/desk/form/meta.py`
//! `FormMeta.as_dict` over `frappe/model/meta.py` `Meta.as_dict` — the stored rows
//! ([`desk_meta::doctype_dict`]) plus what the desk needs to draw a form.
//!
//! - `Meta.as_dict` `serialize` gives every row (and the DocType) empty lists for the DocType
//!   DocType's tables (`TABLE_DOCTYPES_FOR_DOCTYPE`: fields, permissions, actions, links,
//!   states) it does not hold;
//! - `FormMeta.as_dict` adds `search_fields`, `is_custom_field` and `linked_document_type` to
//!   each field (`add_search_fields`, `add_linked_document_type`: from the linked DocType's
//!   meta), and the `ASSET_KEYS`;
//! - `Meta.__init__` sets `is_large_table` (more than 100,000 rows: never in the emulator).
//!
//! The asset bundles hold Frappe's own front-end files (`add_code`: `<name>.js`, `_list.js`,
//! `_calendar.js`, … of the DocType's folder, each after a `/* Adding <path> */` comment). The
//! emulator names the files each modelled DocType has (the same on the version-14, version-15
//! and develop branches) but does not carry their text; the conformance recordings compare which
//! files a bundle names (`crates/xtask/src/conformance/normalise.rs`). Not emulated, so left
//! out: `__dashboard` of User (its DocType links fill it), `__workspaces` of DocTypes no public
//! workspace of develop names.

use serde_json::{Map, Value};

use super::context::Context;
use super::desk_meta::{doctype_dict, Shape};
use super::meta::doctype_settings::{settings, Setting};
use super::meta::DocType;
use super::version::FrappeVersion;

/// `TABLE_DOCTYPES_FOR_DOCTYPE` (`frappe/model/meta.py`).
const DOCTYPE_TABLES: [&str; 5] = ["fields", "permissions", "actions", "links", "states"];

/// `search_fields` and `document_type` of the DocTypes the modelled DocTypes link to but the
/// emulator does not model, from their JSON (the same on all three branches).
const LINK_TARGETS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("Assignment Rule", None, None),
    ("Country", None, Some("Setup")),
    ("Currency", None, Some("Setup")),
    ("DocType", Some("module"), Some("Document")),
    ("Domain", Some("domain"), None),
    ("Email Account", None, Some("Setup")),
    ("Email Template", None, Some("Document")),
    ("Gender", None, None),
    ("Language", Some("language_name"), Some("Setup")),
    ("Module Def", None, None),
    ("Module Profile", None, None),
    ("Role Profile", None, None),
    ("User Type", None, None),
    ("Web Template", None, None),
    ("Website Theme", None, Some("Setup")),
    ("Workspace", None, None),
];

/// A DocType's code files: (bundle key, file name).
type CodeFiles = &'static [(&'static str, &'static str)];

/// The front-end files of each modelled DocType's folder `add_code` and `add_html_templates`
/// read, with the module folder they are under, by the bundle they go to.
const CODE_FILES: &[(&str, &str, CodeFiles)] = &[
    ("Custom Field", "custom", &[("__js", "custom_field.js")]),
    ("Portal Settings", "website", &[("__js", "portal_settings.js")]),
    ("Role", "core", &[("__js", "role.js")]),
    ("Social Login Key", "integrations", &[("__js", "social_login_key.js")]),
    ("System Settings", "core", &[("__js", "system_settings.js")]),
    (
        "ToDo",
        "desk",
        &[
            ("__js", "todo.js"),
            ("__list_js", "todo_list.js"),
            ("__calendar_js", "todo_calendar.js"),
        ],
    ),
    ("User", "core", &[("__js", "user.js"), ("__list_js", "user_list.js")]),
    ("Website Settings", "website", &[("__js", "website_settings.js")]),
];

/// develop's `load_workspaces`: the public workspace whose shortcut, else link, names the
/// DocType (develop's `frappe/*/workspace/*/*.json`; each names at most one).
const WORKSPACES: &[(&str, &str)] = &[
    ("Custom Field", "Build"),
    ("Portal Settings", "Website"),
    ("Role", "Users"),
    ("Social Login Key", "Integrations"),
    ("ToDo", "Tools"),
    ("User", "Users"),
    ("Website Settings", "Website"),
];

/// `Meta.as_dict()` (`frappe/model/meta.py`): the stored rows, each with empty lists for the
/// tables it does not hold, and `is_large_table`. `GET /api/v2/doctype/<DocType>/meta` answers
/// it as it is (v15.55.1 and develop: 59 keys for ToDo).
pub(crate) fn meta_as_dict(ctx: &Context, meta: &DocType) -> Map<String, Value> {
    let mut out = doctype_dict(ctx, meta, Shape::FormMeta);
    for table in ["fields", "permissions"] {
        if let Some(Value::Array(rows)) = out.get_mut(table) {
            for row in rows.iter_mut().filter_map(Value::as_object_mut) {
                for key in DOCTYPE_TABLES {
                    row.insert(key.into(), Value::Array(Vec::new()));
                }
            }
        }
    }
    out.insert("is_large_table".into(), Value::Bool(false));
    out
}

/// One `getdoctype` entry.
pub(crate) fn form_meta(ctx: &Context, meta: &DocType) -> Map<String, Value> {
    let version = ctx.site.version;
    let mut out = meta_as_dict(ctx, meta);
    if let Some(Value::Array(rows)) = out.get_mut("fields") {
        for row in rows.iter_mut().filter_map(Value::as_object_mut) {
            add_link_details(ctx, row);
        }
    }
    for (key, value) in assets(version, meta) {
        out.insert(key.into(), value);
    }
    out.insert("__assets_loaded".into(), Value::Bool(true));
    out
}

/// `add_search_fields` and `add_linked_document_type` for a Link field (other fields: null).
fn add_link_details(ctx: &Context, row: &mut Map<String, Value>) {
    let is_custom = row.get("is_custom_field").cloned().unwrap_or(Value::Null);
    let target = match (row.get("fieldtype"), row.get("options")) {
        (Some(Value::String(kind)), Some(Value::String(options))) if kind == "Link" && options != "[Select]" => {
            link_target(ctx, options)
        }
        _ => Some((None, None)),
    };
    let Some((search_fields, document_type)) = target else {
        return;
    };
    let search_fields =
        search_fields.map(|text| Value::Array(text.split(',').map(|part| Value::from(part.trim())).collect()));
    row.insert("search_fields".into(), search_fields.unwrap_or(Value::Null));
    row.insert("is_custom_field".into(), is_custom);
    row.insert(
        "linked_document_type".into(),
        document_type.map_or(Value::Null, Value::from),
    );
}

/// The linked DocType's `search_fields` and `document_type`; `None` for a DocType the emulator
/// knows nothing of (the keys are then left out rather than guessed).
fn link_target(ctx: &Context, doctype: &str) -> Option<(Option<String>, Option<String>)> {
    if ctx.meta(doctype).is_some() {
        let stored = settings(ctx.site.version, doctype);
        let text = |key: &str| {
            stored.iter().find_map(|(k, value)| match value {
                Setting::Text(text) if *k == key && !text.is_empty() => Some((*text).to_string()),
                _ => None,
            })
        };
        return Some((text("search_fields"), text("document_type")));
    }
    LINK_TARGETS
        .iter()
        .find(|(name, _, _)| *name == doctype)
        .map(|(_, search, kind)| (search.map(str::to_string), kind.map(str::to_string)))
}

/// The `ASSET_KEYS` of `FormMeta.as_dict`. A child table loads none of them (`load_assets`
/// skips them when `istable`), so they are all null.
fn assets(version: FrappeVersion, meta: &DocType) -> Vec<(&'static str, Value)> {
    let mut keys: Vec<&'static str> = vec![
        "__js",
        "__css",
        "__list_js",
        "__calendar_js",
        "__map_js",
        "__linked_with",
        "__messages",
        "__print_formats",
        "__workflow_docs",
        "__form_grid_templates",
        "__listview_template",
        "__tree_js",
        "__dashboard",
        "__kanban_column_fields",
        "__templates",
        "__custom_js",
        "__custom_list_js",
    ];
    if version >= FrappeVersion::Develop {
        keys.push("__workspaces");
    }
    if meta.istable {
        return keys.into_iter().map(|key| (key, Value::Null)).collect();
    }
    let scrubbed = meta.name.to_lowercase().replace([' ', '-'], "_");
    let files = CODE_FILES
        .iter()
        .find(|(name, _, _)| *name == meta.name)
        .map(|(_, module, files)| (*module, *files));
    let mut out = Vec::new();
    for key in keys {
        let value = match key {
            // `_add_code`: the comment naming the file, its text (not carried), its sourceURL.
            "__js" | "__list_js" | "__calendar_js" => files
                .and_then(|(module, files)| {
                    files.iter().find(|(bundle, _)| *bundle == key).map(|(_, file)| {
                        Value::from(format!(
                            "\n\n/* Adding apps/frappe/frappe/{module}/doctype/{scrubbed}/{file} */\n\n// {file}: Frappe's source, not carried by the emulator\n\n//# sourceURL={scrubbed}{key}"
                        ))
                    })
                })
                .unwrap_or(Value::Null),
            // `add_custom_script`: no Client Script on the emulated site.
            "__custom_js" | "__custom_list_js" => Value::from(format!("\n\n//# sourceURL={scrubbed}{key}")),
            // `load_print_formats`, `load_workflows`, `load_kanban_meta`: none on a plain site.
            "__print_formats" | "__workflow_docs" | "__kanban_column_fields" => Value::Array(Vec::new()),
            // `load_dashboard` → `Meta.get_dashboard_data`: no `<name>_dashboard.py` and no
            // DocType links, except User's links (not emulated: left out).
            "__dashboard" if meta.name == "User" => continue,
            "__dashboard" => serde_json::json!({"transactions": [], "non_standard_fieldnames": {}, "internal_links": {}}),
            "__workspaces" => match WORKSPACES.iter().find(|(name, _)| *name == meta.name) {
                Some((_, workspace)) => Value::Array(vec![Value::from(*workspace)]),
                None => Value::Null,
            },
            _ => Value::Null,
        };
        out.push((key, value));
    }
    out
}
