//! `Custom Field` (`frappe/custom/doctype/custom_field/custom_field.json`).

use crate::meta::FieldType::*;
use crate::meta::*;

pub(crate) const NAME: &str = "Custom Field";

const FIELDS: &[FieldSpec] = &[
    field(ALL, "is_system_generated", Check, "Is System Generated").default("0").read_only(),
    field(ALL, "dt", Link, "DocType").options("DocType").reqd().in_list_view(),
    field(ALL, "module", Link, "Module (for export)").options("Module Def"),
    field(ALL, "label", Data, "Label").no_copy(),
    field(V15_UP, "placeholder", Data, "Placeholder"),
    field(ALL, "label_help", Html, "Label Help"),
    field(ALL, "fieldname", Data, "Fieldname").read_only().no_copy().in_list_view(),
    field(ALL, "insert_after", Select, "Insert After").no_copy(),
    field(ALL, "length", Int, "Length"),
    field(V15_UP, "link_filters", Json, "Link Filters").hidden(),
    field(ALL, "column_break_6", ColumnBreak, ""),
    field(ALL, "fieldtype", Select, "Field Type").options("Autocomplete\nAttach\nAttach Image\nBarcode\nButton\nCheck\nCode\nColor\nColumn Break\nCurrency\nData\nDate\nDatetime\nDuration\nDynamic Link\nFloat\nFold\nGeolocation\nHeading\nHTML\nHTML Editor\nIcon\nImage\nInt\nJSON\nLink\nLong Text\nMarkdown Editor\nPassword\nPercent\nPhone\nRead Only\nRating\nSection Break\nSelect\nSignature\nSmall Text\nTab Break\nTable\nTable MultiSelect\nText\nText Editor\nTime").default("Data").reqd().in_list_view(),
    field(ALL, "precision", Select, "Precision").options("\n0\n1\n2\n3\n4\n5\n6\n7\n8\n9"),
    field(ALL, "hide_seconds", Check, "Hide Seconds").default("0"),
    field(ALL, "hide_days", Check, "Hide Days").default("0"),
    field(ALL, "options", SmallText, "Options").in_list_view(),
    field(ALL, "sort_options", Check, "Sort Options").default("0"),
    field(ALL, "fetch_from", SmallText, "Fetch From"),
    field(ALL, "fetch_if_empty", Check, "Fetch on Save if Empty").default("0"),
    field(ALL, "options_help", Html, "Options Help"),
    field(ALL, "section_break_11", SectionBreak, ""),
    field(ALL, "collapsible", Check, "Collapsible").default("0"),
    field(ALL, "collapsible_depends_on", Code, "Collapsible Depends On"),
    field(ALL, "default", Text, "Default Value"),
    field(ALL, "depends_on", Code, "Depends On").length(255),
    field(ALL, "mandatory_depends_on", Code, "Mandatory Depends On").length(255),
    field(ALL, "read_only_depends_on", Code, "Read Only Depends On").length(255),
    field(ALL, "properties", ColumnBreak, ""),
    field(ALL, "non_negative", Check, "Non Negative").default("0"),
    field(ALL, "reqd", Check, "Is Mandatory Field").default("0").in_list_view(),
    field(ALL, "unique", Check, "Unique").default("0"),
    field(ALL, "is_virtual", Check, "Is Virtual").default("0"),
    field(ALL, "read_only", Check, "Read Only").default("0"),
    field(ALL, "ignore_user_permissions", Check, "Ignore User Permissions").default("0"),
    field(ALL, "hidden", Check, "Hidden").default("0"),
    field(ALL, "print_hide", Check, "Print Hide").default("0"),
    field(ALL, "print_hide_if_no_value", Check, "Print Hide If No Value").default("0"),
    field(ALL, "print_width", Data, "Print Width").hidden().no_copy(),
    field(ALL, "no_copy", Check, "No Copy").default("0"),
    field(ALL, "allow_on_submit", Check, "Allow on Submit").default("0"),
    field(ALL, "in_list_view", Check, "In List View").default("0"),
    field(ALL, "in_standard_filter", Check, "In Standard Filter").default("0"),
    field(ALL, "in_global_search", Check, "In Global Search").default("0"),
    field(ALL, "in_preview", Check, "In Preview").default("0"),
    field(ALL, "bold", Check, "Bold").default("0"),
    field(ALL, "report_hide", Check, "Report Hide").default("0"),
    field(ALL, "search_index", Check, "Index").default("0").hidden().no_copy(),
    field(ALL, "allow_in_quick_entry", Check, "Allow in Quick Entry").default("0"),
    field(ALL, "ignore_xss_filter", Check, "Ignore XSS Filter").default("0"),
    field(ALL, "translatable", Check, "Translatable").default("0"),
    field(ALL, "hide_border", Check, "Hide Border").default("0"),
    field(V15_UP, "show_dashboard", Check, "Show Dashboard").default("0"),
    field(ALL, "description", Text, "Field Description"),
    field(ALL, "permlevel", Int, "Permission Level").default("0"),
    field(ALL, "width", Data, "Width"),
    field(ALL, "columns", Int, "Columns"),
];

const PERMISSIONS: &[DocPerm] = &[
    DocPerm {
        role: "Administrator",
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
            .with(Rights::DELETE)
            .with(Rights::REPORT)
            .with(Rights::SHARE)
            .with(Rights::PRINT)
            .with(Rights::EMAIL),
    },
];

pub(crate) const SPEC: DocTypeSpec = DocTypeSpec {
    name: NAME,
    module: "Custom",
    fields: FIELDS,
    naming: Naming::Controller,
    naming_rule: "",
    issingle: false,
    istable: false,
    allow_rename: false,
    title_field: "",
    track_changes: true,
    permissions: PERMISSIONS,
    revisions: &[
        Revision {
            versions: V14_ONLY,
            creation: "2013-01-10 16:34:01",
            modified: "2024-03-07 17:34:47.167183",
            sort_field: "modified",
            sort_order: "ASC",
        },
        Revision {
            versions: V15_ONLY,
            creation: "2024-02-21 18:14:42.281748",
            modified: "2024-03-07 17:34:47.167183",
            sort_field: "modified",
            sort_order: "DESC",
        },
        Revision {
            versions: DEV_ONLY,
            creation: "2024-02-21 18:14:42.281748",
            modified: "2024-09-28 20:19:35.935720",
            sort_field: "creation",
            sort_order: "DESC",
        },
    ],
};
