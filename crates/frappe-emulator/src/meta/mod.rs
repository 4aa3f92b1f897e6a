//! DocTypes described the way Frappe describes them: fields, naming, permissions, sorting.
//!
//! Each modelled DocType has a file under `doctypes/` holding its field table and properties as
//! Frappe's JSON defines them, with the release lines each field exists in ([`Versions`]). The
//! [`registry::Registry`] picks the rows of the site's line; nothing else in the crate knows
//! which DocTypes exist.
//!
//! The field tables hold the layout fields too (Section/Column/Tab Break, HTML, Button, Image),
//! in `field_order`, because Frappe's meta lists them and counts them in every `idx` (a Custom
//! Field's `idx` is the position of its `insert_after` among all fields). They hold no value
//! (`frappe.model.no_value_fields`): [`DocType::field`], [`DocType::data_fields`] and
//! [`DocType::value_fields`] skip them, so documents, validation and lists never see them.

pub(crate) mod docfield_settings;
pub(crate) mod doctype_settings;
pub(crate) mod doctypes;
pub(crate) mod frappe_doctypes;
pub(crate) mod registry;

use super::version::FrappeVersion;

pub(crate) use self::registry::Registry;

/// The release lines a field or option exists in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Versions(u8);

pub(crate) const ALL: Versions = Versions(0b111);
pub(crate) const V14_ONLY: Versions = Versions(0b001);
pub(crate) const V15_UP: Versions = Versions(0b110);
pub(crate) const V14_V15: Versions = Versions(0b011);
pub(crate) const V15_ONLY: Versions = Versions(0b010);
pub(crate) const DEV_ONLY: Versions = Versions(0b100);
pub(crate) const V14_DEV: Versions = Versions(0b101);

impl Versions {
    pub(crate) fn contains(self, version: FrappeVersion) -> bool {
        let bit = match version {
            FrappeVersion::V14 => 0b001,
            FrappeVersion::V15 => 0b010,
            FrappeVersion::Develop => 0b100,
        };
        self.0 & bit != 0
    }
}

/// The DocField types the modelled DocTypes use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    Attach,
    AttachImage,
    Autocomplete,
    Button,
    Check,
    Code,
    Color,
    Currency,
    Data,
    Date,
    Datetime,
    Duration,
    DynamicLink,
    Float,
    Html,
    Image,
    Int,
    Json,
    Link,
    LongText,
    Password,
    Percent,
    ReadOnly,
    SectionBreak,
    ColumnBreak,
    TabBreak,
    Select,
    SmallText,
    Table,
    TableMultiSelect,
    Text,
    TextEditor,
    Time,
}

/// The MariaDB column a field type is stored in (`frappe/database/mariadb/database.py`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// `varchar(140)`: length-checked.
    Varchar,
    /// `int(11)` (Check is `int(1)`).
    Int,
    /// `decimal(21,9)`.
    Decimal,
    /// `text`/`longtext`.
    Text,
    Date,
    Datetime,
    Time,
    Json,
    /// Table fields have no column: their rows live in the child DocType's table.
    None,
    /// Layout fields (`no_value_fields` other than tables): no column and no value anywhere.
    NoValue,
}

impl FieldType {
    /// The name Frappe uses (`fieldtype` in meta answers and Custom Field options).
    pub(crate) fn name(self) -> &'static str {
        use FieldType::*;
        match self {
            Attach => "Attach",
            AttachImage => "Attach Image",
            Autocomplete => "Autocomplete",
            Button => "Button",
            Check => "Check",
            Code => "Code",
            Color => "Color",
            Currency => "Currency",
            Data => "Data",
            Date => "Date",
            Datetime => "Datetime",
            Duration => "Duration",
            DynamicLink => "Dynamic Link",
            Float => "Float",
            Html => "HTML",
            Image => "Image",
            Int => "Int",
            Json => "JSON",
            Link => "Link",
            LongText => "Long Text",
            Password => "Password",
            Percent => "Percent",
            ReadOnly => "Read Only",
            SectionBreak => "Section Break",
            ColumnBreak => "Column Break",
            TabBreak => "Tab Break",
            Select => "Select",
            SmallText => "Small Text",
            Table => "Table",
            TableMultiSelect => "Table MultiSelect",
            Text => "Text",
            TextEditor => "Text Editor",
            Time => "Time",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<FieldType> {
        use FieldType::*;
        [
            Attach,
            AttachImage,
            Autocomplete,
            Button,
            Check,
            Code,
            Color,
            Currency,
            Data,
            Date,
            Datetime,
            Duration,
            DynamicLink,
            Float,
            Html,
            Image,
            Int,
            Json,
            Link,
            LongText,
            Password,
            Percent,
            ReadOnly,
            SectionBreak,
            ColumnBreak,
            TabBreak,
            Select,
            SmallText,
            Table,
            TableMultiSelect,
            Text,
            TextEditor,
            Time,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }

    pub(crate) fn column(self) -> Column {
        use FieldType::*;
        match self {
            Autocomplete | Color | Data | DynamicLink | Link | ReadOnly | Select => Column::Varchar,
            Check | Int => Column::Int,
            Currency | Duration | Float | Percent => Column::Decimal,
            Attach | AttachImage | Code | LongText | Password | SmallText | Text | TextEditor => Column::Text,
            Date => Column::Date,
            Datetime => Column::Datetime,
            Time => Column::Time,
            Json => Column::Json,
            Table | TableMultiSelect => Column::None,
            Button | ColumnBreak | Html | Image | SectionBreak | TabBreak => Column::NoValue,
        }
    }

    pub(crate) fn is_table(self) -> bool {
        self.column() == Column::None
    }

    /// Whether documents hold a value (or rows) for a field of this type; layout fields do not
    /// (`frappe/model/__init__.py` `no_value_fields` minus the tables).
    pub(crate) fn has_value(self) -> bool {
        self.column() != Column::NoValue
    }

    /// `float_like_fields`: answered as numbers with a fraction.
    pub(crate) fn is_float_like(self) -> bool {
        matches!(self, FieldType::Currency | FieldType::Float | FieldType::Percent)
    }
}

/// One row of a DocType's field table as written in a `doctypes/` file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldSpec {
    pub(crate) versions: Versions,
    pub(crate) fieldname: &'static str,
    pub(crate) fieldtype: FieldType,
    pub(crate) label: &'static str,
    pub(crate) options: &'static str,
    pub(crate) default: Option<&'static str>,
    pub(crate) reqd: bool,
    pub(crate) read_only: bool,
    pub(crate) set_only_once: bool,
    pub(crate) hidden: bool,
    pub(crate) unique: bool,
    pub(crate) no_copy: bool,
    pub(crate) in_list_view: bool,
    pub(crate) permlevel: u8,
    pub(crate) length: u16,
    pub(crate) fetch_from: &'static str,
}

/// Starts a field table row.
pub(crate) const fn field(
    versions: Versions,
    fieldname: &'static str,
    fieldtype: FieldType,
    label: &'static str,
) -> FieldSpec {
    FieldSpec {
        versions,
        fieldname,
        fieldtype,
        label,
        options: "",
        default: None,
        reqd: false,
        read_only: false,
        set_only_once: false,
        hidden: false,
        unique: false,
        no_copy: false,
        in_list_view: false,
        permlevel: 0,
        length: 0,
        fetch_from: "",
    }
}

impl FieldSpec {
    pub(crate) const fn options(mut self, options: &'static str) -> FieldSpec {
        self.options = options;
        self
    }

    pub(crate) const fn default(mut self, default: &'static str) -> FieldSpec {
        self.default = Some(default);
        self
    }

    pub(crate) const fn reqd(mut self) -> FieldSpec {
        self.reqd = true;
        self
    }

    pub(crate) const fn read_only(mut self) -> FieldSpec {
        self.read_only = true;
        self
    }

    pub(crate) const fn set_only_once(mut self) -> FieldSpec {
        self.set_only_once = true;
        self
    }

    pub(crate) const fn hidden(mut self) -> FieldSpec {
        self.hidden = true;
        self
    }

    pub(crate) const fn unique(mut self) -> FieldSpec {
        self.unique = true;
        self
    }

    pub(crate) const fn no_copy(mut self) -> FieldSpec {
        self.no_copy = true;
        self
    }

    pub(crate) const fn in_list_view(mut self) -> FieldSpec {
        self.in_list_view = true;
        self
    }

    pub(crate) const fn permlevel(mut self, level: u8) -> FieldSpec {
        self.permlevel = level;
        self
    }

    pub(crate) const fn length(mut self, length: u16) -> FieldSpec {
        self.length = length;
        self
    }

    pub(crate) const fn fetch_from(mut self, source: &'static str) -> FieldSpec {
        self.fetch_from = source;
        self
    }
}

/// A field of a DocType on this site: a [`FieldSpec`] of the site's line, or a Custom Field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DocField {
    pub(crate) fieldname: String,
    pub(crate) fieldtype: FieldType,
    pub(crate) label: String,
    /// As in the JSON: Select options `\n`-separated, the target of a Link, the field holding
    /// the target of a Dynamic Link, the child DocType of a Table.
    pub(crate) options: String,
    pub(crate) default: Option<String>,
    pub(crate) reqd: bool,
    pub(crate) read_only: bool,
    pub(crate) set_only_once: bool,
    pub(crate) hidden: bool,
    pub(crate) unique: bool,
    pub(crate) no_copy: bool,
    pub(crate) in_list_view: bool,
    pub(crate) permlevel: u8,
    pub(crate) length: u16,
    pub(crate) fetch_from: String,
    /// Added by a Custom Field (shown with `is_custom_field: 1` by `getdoctype`).
    pub(crate) is_custom: bool,
    /// For a custom field: the field it follows (`insert_after`).
    pub(crate) insert_after: String,
}

impl DocField {
    fn from_spec(spec: &FieldSpec) -> DocField {
        DocField {
            fieldname: spec.fieldname.to_string(),
            fieldtype: spec.fieldtype,
            label: spec.label.to_string(),
            options: spec.options.to_string(),
            default: spec.default.map(str::to_string),
            reqd: spec.reqd,
            read_only: spec.read_only,
            set_only_once: spec.set_only_once,
            hidden: spec.hidden,
            unique: spec.unique,
            no_copy: spec.no_copy,
            in_list_view: spec.in_list_view,
            permlevel: spec.permlevel,
            length: spec.length,
            fetch_from: spec.fetch_from.to_string(),
            is_custom: false,
            insert_after: String::new(),
        }
    }

    /// The options of a Select field (a leading empty option is "").
    pub(crate) fn select_options(&self) -> Vec<&str> {
        self.options.split('\n').collect()
    }

    /// The maximum length of a varchar column (`length`, else 140).
    pub(crate) fn varchar_length(&self) -> usize {
        if self.length > 0 {
            usize::from(self.length)
        } else {
            VARCHAR_LENGTH
        }
    }
}

/// Maximum length of a `varchar` column (Data, Link, Select...) without a `length`.
pub(crate) const VARCHAR_LENGTH: usize = 140;

/// One DocPerm row: what a role may do at a permission level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DocPerm {
    pub(crate) role: &'static str,
    pub(crate) permlevel: u8,
    pub(crate) rights: Rights,
}

/// The rights of a DocPerm row as a bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rights(u16);

impl Rights {
    pub(crate) const SELECT: Rights = Rights(1);
    pub(crate) const READ: Rights = Rights(1 << 1);
    pub(crate) const WRITE: Rights = Rights(1 << 2);
    pub(crate) const CREATE: Rights = Rights(1 << 3);
    pub(crate) const DELETE: Rights = Rights(1 << 4);
    pub(crate) const REPORT: Rights = Rights(1 << 5);
    pub(crate) const EXPORT: Rights = Rights(1 << 6);
    pub(crate) const IMPORT: Rights = Rights(1 << 7);
    pub(crate) const SHARE: Rights = Rights(1 << 8);
    pub(crate) const PRINT: Rights = Rights(1 << 9);
    pub(crate) const EMAIL: Rights = Rights(1 << 10);
    pub(crate) const SET_USER_PERMISSIONS: Rights = Rights(1 << 11);

    /// Every right, in the order Frappe lists DocPerm columns, with its column name.
    pub(crate) const NAMED: [(&'static str, Rights); 12] = [
        ("select", Rights::SELECT),
        ("read", Rights::READ),
        ("write", Rights::WRITE),
        ("create", Rights::CREATE),
        ("delete", Rights::DELETE),
        ("report", Rights::REPORT),
        ("export", Rights::EXPORT),
        ("import", Rights::IMPORT),
        ("share", Rights::SHARE),
        ("print", Rights::PRINT),
        ("email", Rights::EMAIL),
        ("set_user_permissions", Rights::SET_USER_PERMISSIONS),
    ];

    pub(crate) const fn with(self, other: Rights) -> Rights {
        Rights(self.0 | other.0)
    }

    pub(crate) fn contains(self, other: Rights) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub(crate) fn union(self, other: Rights) -> Rights {
        Rights(self.0 | other.0)
    }
}

/// How new documents are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Naming {
    /// No `autoname` property: the controller's `autoname()` (Social Login Key, User), or a
    /// random hash when it has none.
    Controller,
    /// `autoname: "field:<fieldname>"` (naming rule "By fieldname").
    Field(&'static str),
    /// `autoname: "hash"` (naming rule "Random"): ten random hex digits.
    Hash,
    /// `autoname: "Prompt"` (naming rule "Set by user"): the client's `__newname`.
    Prompt,
}

/// Properties of a DocType that differ per release line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Revision {
    pub(crate) versions: Versions,
    /// The DocType record's own `creation`.
    pub(crate) creation: &'static str,
    /// The DocType's own `modified` (what `getdoctype` callers compare for caching).
    pub(crate) modified: &'static str,
    pub(crate) sort_field: &'static str,
    pub(crate) sort_order: &'static str,
}

/// A DocType as a `doctypes/` file describes it, for every release line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DocTypeSpec {
    pub(crate) name: &'static str,
    pub(crate) module: &'static str,
    pub(crate) fields: &'static [FieldSpec],
    pub(crate) naming: Naming,
    /// The `naming_rule` property, "" when the JSON has none.
    pub(crate) naming_rule: &'static str,
    pub(crate) issingle: bool,
    pub(crate) istable: bool,
    pub(crate) allow_rename: bool,
    pub(crate) title_field: &'static str,
    pub(crate) track_changes: bool,
    pub(crate) permissions: &'static [DocPerm],
    pub(crate) revisions: &'static [Revision],
}

/// A DocType of this site: its spec resolved for the site's line, plus custom fields.
#[derive(Clone, Debug)]
pub(crate) struct DocType {
    pub(crate) name: &'static str,
    pub(crate) module: &'static str,
    pub(crate) fields: Vec<DocField>,
    pub(crate) naming: Naming,
    pub(crate) naming_rule: &'static str,
    pub(crate) issingle: bool,
    pub(crate) istable: bool,
    pub(crate) allow_rename: bool,
    pub(crate) title_field: &'static str,
    pub(crate) track_changes: bool,
    pub(crate) permissions: &'static [DocPerm],
    pub(crate) creation: &'static str,
    pub(crate) modified: &'static str,
    pub(crate) sort_field: &'static str,
    pub(crate) sort_order: &'static str,
}

/// `frappe.model.default_fields` without `doctype`, in table-column order.
pub(crate) const DEFAULT_FIELDS: [&str; 7] = [
    "name",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "idx",
];

/// `frappe.model.child_table_fields`: columns a child table has after its data fields.
pub(crate) const CHILD_TABLE_FIELDS: [&str; 3] = ["parent", "parentfield", "parenttype"];

/// `frappe.model.optional_fields`: table columns that are not document fields.
pub(crate) const OPTIONAL_FIELDS: [&str; 5] = ["_user_tags", "_comments", "_assign", "_liked_by", "_seen"];

impl DocType {
    fn resolve(spec: &DocTypeSpec, version: FrappeVersion) -> Option<DocType> {
        let revision = spec.revisions.iter().find(|r| r.versions.contains(version))?;
        Some(DocType {
            name: spec.name,
            module: spec.module,
            fields: spec
                .fields
                .iter()
                .filter(|f| f.versions.contains(version))
                .map(DocField::from_spec)
                .collect(),
            naming: spec.naming,
            naming_rule: spec.naming_rule,
            issingle: spec.issingle,
            istable: spec.istable,
            allow_rename: spec.allow_rename,
            title_field: spec.title_field,
            track_changes: spec.track_changes,
            permissions: spec.permissions,
            creation: revision.creation,
            modified: revision.modified,
            sort_field: revision.sort_field,
            sort_order: revision.sort_order,
        })
    }

    /// The field holding a value of that name (layout fields are not looked up).
    pub(crate) fn field(&self, fieldname: &str) -> Option<&DocField> {
        self.value_fields().find(|f| f.fieldname == fieldname)
    }

    /// Every field but the layout fields: data fields and tables, in order.
    pub(crate) fn value_fields(&self) -> impl Iterator<Item = &DocField> {
        self.fields.iter().filter(|f| f.fieldtype.has_value())
    }

    /// Fields stored in this DocType's own table (no tables, no layout fields).
    pub(crate) fn data_fields(&self) -> impl Iterator<Item = &DocField> {
        self.value_fields().filter(|f| !f.fieldtype.is_table())
    }

    pub(crate) fn table_fields(&self) -> impl Iterator<Item = &DocField> {
        self.fields.iter().filter(|f| f.fieldtype.is_table())
    }

    /// `meta.get_valid_columns()`: default fields, data fields, and for child tables the
    /// parent columns, in table order.
    pub(crate) fn valid_columns(&self) -> Vec<&str> {
        let mut columns: Vec<&str> = DEFAULT_FIELDS.to_vec();
        columns.extend(self.data_fields().map(|f| f.fieldname.as_str()));
        if self.istable {
            columns.extend(CHILD_TABLE_FIELDS);
        }
        columns
    }

    pub(crate) fn is_valid_column(&self, column: &str) -> bool {
        DEFAULT_FIELDS.contains(&column)
            || (self.istable && CHILD_TABLE_FIELDS.contains(&column))
            || self.data_fields().any(|f| f.fieldname == column)
    }

    /// The `autoname` property as the meta answer spells it.
    pub(crate) fn autoname(&self) -> Option<String> {
        match self.naming {
            Naming::Controller => None,
            Naming::Field(fieldname) => Some(format!("field:{fieldname}")),
            Naming::Hash => Some("hash".to_string()),
            Naming::Prompt => Some("Prompt".to_string()),
        }
    }

    /// Adds custom fields at their `insert_after` position (after the last one when the named
    /// field does not exist), the way `Meta.add_custom_fields` orders them.
    pub(crate) fn with_custom_fields(mut self, custom: Vec<DocField>) -> DocType {
        for field in custom {
            let position = self
                .fields
                .iter()
                .position(|f| f.fieldname == field.insert_after)
                .map_or(self.fields.len(), |index| index + 1);
            self.fields.insert(position, field);
        }
        self
    }
}

/// How a column compares in list filters and sorting (MariaDB semantics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    /// varchar/text with a case-insensitive, trailing-space-insensitive collation.
    Text,
    /// int and decimal columns: Check, Int, Float fields, `docstatus`, `idx`.
    Number,
    /// `creation` / `modified` and Date/Datetime fields.
    Datetime,
}

impl DocType {
    pub(crate) fn column_kind(&self, column: &str) -> Option<ColumnKind> {
        match column {
            "name" | "owner" | "modified_by" => Some(ColumnKind::Text),
            "creation" | "modified" => Some(ColumnKind::Datetime),
            "docstatus" | "idx" => Some(ColumnKind::Number),
            _ if OPTIONAL_FIELDS.contains(&column) => Some(ColumnKind::Text),
            _ if self.istable && CHILD_TABLE_FIELDS.contains(&column) => Some(ColumnKind::Text),
            _ => self
                .data_fields()
                .find(|f| f.fieldname == column)
                .map(|f| match f.fieldtype.column() {
                    Column::Int | Column::Decimal => ColumnKind::Number,
                    Column::Date | Column::Datetime => ColumnKind::Datetime,
                    _ => ColumnKind::Text,
                }),
        }
    }
}
