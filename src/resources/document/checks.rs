//! Plan-time checks of `data` and `sensitive_data` against the site's own
//! DocType: unknown fields (with the closest names), values of the wrong
//! type, Select values the field does not offer, read-only and
//! set-only-once fields, and required fields missing on create.

use super::values::{object_fields, plain_json, rows, Typed};
use frappe_client::{DocTypeMeta, FieldMeta};
use terraform_plugin::protocol::{AttributePath, Diagnostic, Diagnostics, Type, Value};

/// Field types whose value is text.
const TEXT_TYPES: &[&str] = &[
    "Data",
    "Select",
    "Link",
    "Dynamic Link",
    "Small Text",
    "Text",
    "Long Text",
    "Text Editor",
    "Markdown Editor",
    "HTML Editor",
    "Code",
    "Read Only",
    "Color",
    "Barcode",
    "Phone",
    "Autocomplete",
    "Icon",
    "Signature",
    "Attach",
    "Attach Image",
    "Geolocation",
    "Password",
    "Rating",
];

/// Field types whose value is a number.
const NUMBER_TYPES: &[&str] = &["Int", "Float", "Currency", "Percent", "Duration", "Rating"];

/// Fields every document has that Frappe sets itself.
pub const STANDARD_FIELDS: &[&str] = &[
    "name",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "idx",
    "doctype",
];

/// What the checks found, and which fields force replacement when changed.
#[derive(Default)]
pub struct Findings {
    pub diagnostics: Diagnostics,
}

fn at(attribute: &'static str, field: &str) -> AttributePath {
    AttributePath::attribute(attribute).then_attribute(field)
}

/// Edit distance, for suggesting the field a typo meant.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Up to three field names close to `name`.
pub fn closest<'m>(meta: &'m DocTypeMeta, name: &str) -> Vec<&'m str> {
    let mut scored: Vec<(usize, &str)> = meta
        .value_fields()
        .map(|f| (distance(name, &f.fieldname), f.fieldname.as_str()))
        .filter(|(d, f)| *d <= 3 || f.contains(name) || name.contains(*f))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, f)| f).collect()
}

fn kind_of(ty: &Type, value: &Value) -> &'static str {
    match (ty, value) {
        (_, Value::Null) => "null",
        (Type::String, _) => "a string",
        (Type::Number, _) => "a number",
        (Type::Bool, _) => "a bool",
        (Type::List(_) | Type::Set(_) | Type::Tuple(_), _) => "a list",
        (Type::Object(_) | Type::Map(_), _) => "an object",
        (Type::Dynamic, _) => "a value",
    }
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) => civil_calendar::is_valid_date(y, m, d),
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_time(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<&str> = whole.split(':').collect();
    let valid = |part: &str, max: u32| part.len() == 2 && part.parse::<u32>().is_ok_and(|v| v <= max);
    matches!(parts.as_slice(), [h, m, s] if valid(h, 23) && valid(m, 59) && valid(s, 59))
        && fraction.len() <= 6
        && fraction.chars().all(|c| c.is_ascii_digit())
}

fn is_datetime(text: &str) -> bool {
    match text.split_once([' ', 'T']) {
        Some((date, time)) => is_date(date) && is_time(time),
        None => false,
    }
}

/// Checks one value against its field; `attribute` is `data` or
/// `sensitive_data`.
fn check_value(
    d: &mut Diagnostics,
    attribute: &'static str,
    field: &FieldMeta,
    meta: &DocTypeMeta,
    (ty, value): &Typed,
) {
    if value.is_null() || value.is_unknown() {
        return;
    }
    let path = at(attribute, &field.fieldname);
    let fieldtype = field.fieldtype.as_str();
    let wrong = |d: &mut Diagnostics, expected: &str| {
        d.push(
            Diagnostic::error(
                format!("Wrong type for {}", field.fieldname),
                format!(
                    "{} is a {fieldtype} field of {}; write it as {expected}, not {}.",
                    field.fieldname,
                    meta.name,
                    kind_of(ty, value)
                ),
            )
            .at(path.clone()),
        );
    };
    match fieldtype {
        "Check" if !matches!(value, Value::Bool(_)) => wrong(d, "true or false"),
        t if NUMBER_TYPES.contains(&t) && !matches!(value, Value::Number(_)) => wrong(d, "a number"),
        "Date" => match value.as_str() {
            Some(text) if is_date(text) => {}
            Some(text) => d.push(
                Diagnostic::error(
                    format!("Invalid date for {}", field.fieldname),
                    format!("Frappe takes dates as \"YYYY-MM-DD\", e.g. \"2026-12-31\"; got {text:?}."),
                )
                .at(path),
            ),
            None => wrong(d, "a string such as \"2026-12-31\""),
        },
        "Datetime" => match value.as_str() {
            Some(text) if is_datetime(text) => {}
            Some(text) => d.push(
                Diagnostic::error(
                    format!("Invalid datetime for {}", field.fieldname),
                    format!(
                        "Frappe takes date-times as \"YYYY-MM-DD HH:MM:SS\" in the site's time zone, e.g. \
                         \"2026-12-31 09:30:00\"; got {text:?}."
                    ),
                )
                .at(path),
            ),
            None => wrong(d, "a string such as \"2026-12-31 09:30:00\""),
        },
        "Time" => match value.as_str() {
            Some(text) if is_time(text) => {}
            _ => wrong(d, "a string such as \"09:30:00\""),
        },
        "JSON" => match value {
            Value::String(text) if serde_json::from_str::<serde_json::Value>(text).is_err() => d.push(
                Diagnostic::error(
                    format!("{} is not valid JSON", field.fieldname),
                    "A JSON field takes an object, or a string holding JSON (jsonencode(...)).",
                )
                .at(path),
            ),
            Value::String(_) | Value::Object(_) | Value::Map(_) => {}
            // Frappe takes a list for a child table: 417 "cannot be a list".
            _ => wrong(d, "an object or a JSON string"),
        },
        _ if field.is_table() => match rows(ty, value) {
            None => wrong(d, "a list of row objects"),
            Some(table) => {
                let child = meta.child_table(&field.fieldname);
                for (i, row) in table.iter().enumerate() {
                    check_row(d, attribute, field, child, i, row);
                }
            }
        },
        t if TEXT_TYPES.contains(&t) && !matches!(value, Value::String(_)) => wrong(d, "a string"),
        _ => {}
    }
    if fieldtype == "Select" && field.has_static_options() {
        // An empty value is never checked (`_validate_selects`: `not self.get(df.fieldname)`).
        if let Some(text) = value.as_str().filter(|t| !t.is_empty()) {
            let options = field.select_options();
            if !options.contains(&text) {
                let shown: Vec<String> = options.iter().map(|o| format!("{o:?}")).collect();
                d.push(
                    Diagnostic::error(
                        format!("Invalid {}", field.fieldname),
                        format!(
                            "On this site {} of {} must be one of {}; got {text:?}.",
                            field.fieldname,
                            meta.name,
                            shown.join(", ")
                        ),
                    )
                    .at(at(attribute, &field.fieldname)),
                );
            }
        }
    }
}

fn check_row(
    d: &mut Diagnostics,
    attribute: &'static str,
    table: &FieldMeta,
    child: Option<&DocTypeMeta>,
    index: usize,
    row: &Typed,
) {
    let path = at(attribute, &table.fieldname).then_index(index as i64);
    if !matches!(row.1, Value::Object(_) | Value::Map(_)) {
        d.push(
            Diagnostic::error(
                format!("Wrong row in {}", table.fieldname),
                format!(
                    "Every row of the {} table is an object of field name → value, e.g. {{ role = \"System Manager\" }}.",
                    table.fieldname
                ),
            )
            .at(path),
        );
        return;
    }
    let Some(child) = child else { return };
    for (name, ty, value) in object_fields(row) {
        match child.field(&name) {
            Some(field) if !field.is_table() => check_value(d, attribute, field, child, &(ty, value)),
            Some(_) => {}
            None => d.push(
                Diagnostic::error(
                    format!("Unknown field {name} in {}", table.fieldname),
                    format!(
                        "Rows of {} ({}) have no field {name:?}.{}",
                        table.fieldname,
                        child.name,
                        suggestion(&closest(child, &name))
                    ),
                )
                .at(path.clone()),
            ),
        }
    }
}

fn suggestion(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!(" Did you mean {one:?}?"),
        many => format!(
            " Did you mean one of {}?",
            many.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Checks `data` (and `sensitive_data`) against the DocType. `prior` holds
/// the `data` and `sensitive_data` of the state an update starts from.
pub fn check(
    meta: &DocTypeMeta,
    data: &Typed,
    sensitive: &Typed,
    creating: bool,
    prior: Option<[&Typed; 2]>,
) -> Findings {
    let mut findings = Findings::default();
    let d = &mut findings.diagnostics;
    let mut written = Vec::new();
    for (index, (attribute, typed)) in [("data", data), ("sensitive_data", sensitive)].into_iter().enumerate() {
        let before = prior.map(|p| object_fields(p[index])).unwrap_or_default();
        if typed.1.is_unknown() {
            // Fields are not known yet: nothing to check, and no required
            // field may be called missing.
            written.push(None);
            continue;
        }
        for (name, ty, value) in object_fields(typed) {
            written.push(Some(name.clone()));
            if STANDARD_FIELDS.contains(&name.as_str()) {
                d.push(
                    Diagnostic::error(
                        format!("{name} is set by Frappe"),
                        format!(
                            "{name} is one of the fields Frappe manages on every document; it cannot be written \
                             through data. The document name is the resource's name attribute."
                        ),
                    )
                    .at(at(attribute, &name)),
                );
                continue;
            }
            let Some(field) = meta.field(&name) else {
                d.push(
                    Diagnostic::error(
                        format!("{} has no field {name}", meta.name),
                        format!(
                            "This site's {} DocType has no field {name:?}.{}",
                            meta.name,
                            suggestion(&closest(meta, &name))
                        ),
                    )
                    .at(at(attribute, &name)),
                );
                continue;
            };
            if field.fieldtype == "Password" && attribute == "data" {
                d.push(
                    Diagnostic::error(
                        format!("{name} is a Password field"),
                        "Put Password fields in sensitive_data: Frappe returns them only as asterisks, and \
                         sensitive_data keeps the value out of plans and compares it with the stored secret.",
                    )
                    .at(at(attribute, &name)),
                );
                continue;
            }
            // Warn only where writing it is likely a mistake: not for a value
            // the DocType takes on insert, and not on every plan for a value
            // that stays as it was.
            let unchanged = before
                .iter()
                .any(|(n, _, v)| n == &name && plain_json(v) == plain_json(&value));
            let expected = creating && field.given_on_insert();
            if field.read_only && !field.is_table() && !unchanged && !expected {
                d.push(
                    Diagnostic::warning(
                        format!("{name} is read-only in Frappe"),
                        format!(
                            "{} marks {name} read-only: Frappe or the DocType's code normally computes it. Frappe \
                             does not refuse the value, but may overwrite it, which the next plan shows as a change.",
                            meta.name
                        ),
                    )
                    .at(at(attribute, &name)),
                );
            }
            check_value(d, attribute, field, meta, &(ty, value));
        }
    }
    let all_known = written.iter().all(Option::is_some);
    if creating && !meta.is_single && all_known {
        let written: Vec<String> = written.into_iter().flatten().collect();
        let missing: Vec<&str> = meta
            .value_fields()
            .filter(|f| f.reqd && f.default.as_deref().is_none_or(str::is_empty))
            .filter(|f| f.fieldname != "naming_series" && !f.is_table())
            .map(|f| f.fieldname.as_str())
            .filter(|f| !written.iter().any(|w| w == f))
            .collect();
        if !missing.is_empty() {
            d.push(
                Diagnostic::error(
                    format!("{} needs more fields", meta.name),
                    format!(
                        "Frappe requires {} to create a {}; add {} to data.",
                        missing.join(", "),
                        meta.name,
                        if missing.len() == 1 { "it" } else { "them" }
                    ),
                )
                .at(AttributePath::attribute("data")),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::document::values::from_json;
    use serde_json::json;

    fn todo() -> DocTypeMeta {
        DocTypeMeta::from_getdoctype(
            &json!({"docs": [
                {"name": "ToDo", "autoname": "hash", "fields": [
                    {"fieldname": "status", "fieldtype": "Select", "options": "Open\nClosed\nCancelled", "default": "Open"},
                    {"fieldname": "priority", "fieldtype": "Select", "options": "High\nMedium\nLow"},
                    {"fieldname": "date", "fieldtype": "Date"},
                    {"fieldname": "description", "fieldtype": "Text Editor", "reqd": 1},
                    {"fieldname": "sync", "fieldtype": "Check"},
                    {"fieldname": "count", "fieldtype": "Int", "read_only": 1},
                    {"fieldname": "rows", "fieldtype": "Table", "options": "ToDo Row"},
                    {"fieldname": "token", "fieldtype": "Password"}
                ]},
                {"name": "ToDo Row", "istable": 1, "fields": [{"fieldname": "item", "fieldtype": "Data"}]}
            ]}),
            "ToDo",
        )
        .expect("a DocType")
    }

    fn summaries(findings: &Findings) -> Vec<String> {
        findings
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} @ {}",
                    d.summary,
                    d.attribute.as_ref().map(ToString::to_string).unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn every_mistake_is_reported_on_its_field() {
        let data = from_json(&json!({
            "statuz": "Open",
            "priority": "Urgent",
            "date": "31.12.2026",
            "sync": 1,
            "count": 2,
            "rows": [{"itme": "x"}],
            "token": "secret",
            "owner": "me"
        }));
        let found = summaries(&check(&todo(), &data, &(Type::Dynamic, Value::Null), true, None));
        for expected in [
            "ToDo has no field statuz @ data.statuz",
            "Invalid priority @ data.priority",
            "Invalid date for date @ data.date",
            "Wrong type for sync @ data.sync",
            "count is read-only in Frappe @ data.count",
            "Unknown field itme in rows @ data.rows[0]",
            "token is a Password field @ data.token",
            "owner is set by Frappe @ data.owner",
            "ToDo needs more fields @ data",
        ] {
            assert!(found.iter().any(|f| f == expected), "{expected:?} not in {found:#?}");
        }
        let typo = check(&todo(), &data, &(Type::Dynamic, Value::Null), true, None);
        assert!(typo
            .diagnostics
            .iter()
            .any(|d| d.detail.contains("Did you mean \"status\"?")));
    }

    /// Custom Field as a real v15 site describes it: `insert_after` a Select
    /// without options, `fieldname` read-only and `no_copy`.
    fn custom_field() -> DocTypeMeta {
        DocTypeMeta::from_getdoctype(
            &json!({"docs": [
                {"name": "Custom Field", "fields": [
                    {"fieldname": "dt", "fieldtype": "Link", "options": "DocType", "reqd": 1},
                    {"fieldname": "label", "fieldtype": "Data", "no_copy": 1},
                    {"fieldname": "fieldname", "fieldtype": "Data", "read_only": 1, "no_copy": 1},
                    {"fieldname": "insert_after", "fieldtype": "Select", "no_copy": 1},
                    {"fieldname": "fieldtype", "fieldtype": "Select", "options": "Data\nCheck\nSelect", "default": "Data"},
                    {"fieldname": "is_system_generated", "fieldtype": "Check", "read_only": 1}
                ]}
            ]}),
            "Custom Field",
        )
        .expect("a DocType")
    }

    #[test]
    fn the_documented_custom_field_plans_without_error_or_warning() {
        let data = from_json(&json!({
            "dt": "ToDo", "label": "Ticket", "fieldname": "custom_ticket",
            "insert_after": "description", "fieldtype": "Data"
        }));
        let none = (Type::Dynamic, Value::Null);
        let found = check(&custom_field(), &data, &none, true, None);
        assert!(found.diagnostics.is_empty(), "{:#?}", summaries(&found));
        // Unchanged on a later plan: still nothing to say.
        let again = check(&custom_field(), &data, &none, false, Some([&data, &none]));
        assert!(again.diagnostics.is_empty(), "{:#?}", summaries(&again));
        // A Select with static options is still checked.
        let wrong = from_json(&json!({"dt": "ToDo", "label": "T", "fieldtype": "Date"}));
        let found = summaries(&check(&custom_field(), &wrong, &none, true, None));
        assert_eq!(found, ["Invalid fieldtype @ data.fieldtype"]);
    }

    #[test]
    fn a_read_only_field_the_doctype_computes_still_warns_when_written() {
        let none = (Type::Dynamic, Value::Null);
        let data = from_json(&json!({"dt": "ToDo", "label": "T", "is_system_generated": true}));
        let found = summaries(&check(&custom_field(), &data, &none, true, None));
        assert_eq!(
            found,
            ["is_system_generated is read-only in Frappe @ data.is_system_generated"]
        );
        // Changing a read-only field on an existing document warns too.
        let before = from_json(&json!({"dt": "ToDo", "label": "T", "fieldname": "custom_t"}));
        let after = from_json(&json!({"dt": "ToDo", "label": "T", "fieldname": "custom_u"}));
        let found = summaries(&check(&custom_field(), &after, &none, false, Some([&before, &none])));
        assert_eq!(found, ["fieldname is read-only in Frappe @ data.fieldname"]);
    }

    #[test]
    fn a_correct_document_passes() {
        let data = from_json(&json!({
            "description": "Renew the certificate",
            "status": "Open",
            "date": "2026-12-31",
            "sync": true,
            "rows": [{"item": "x"}]
        }));
        let sensitive = from_json(&json!({"token": "s"}));
        let found = check(&todo(), &data, &sensitive, true, None);
        assert!(found.diagnostics.is_empty(), "{:?}", summaries(&found));
    }

    #[test]
    fn dates_and_times_are_checked_by_the_calendar() {
        assert!(is_date("2024-02-29") && !is_date("2023-02-29") && !is_date("2026-1-01"));
        assert!(is_datetime("2026-12-31 09:30:00") && is_datetime("2026-12-31T09:30:00.123456"));
        assert!(!is_datetime("2026-12-31 25:00:00") && !is_datetime("2026-12-31"));
    }
}
