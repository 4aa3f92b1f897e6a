//! `frappe.get_list` (`DatabaseQuery.execute`) over the stored rows.
//!
//! Supported: `fields` of plain column names or `*`; `filters` as a dict or a list of
//! `[field, op, value]` / `[doctype, field, op, value]` with `=`, `!=`, `<`, `>`, `<=`,
//! `>=`, `like`, `not like`, `in`, `not in`, `is` (`set`/`not set`); `order_by` of plain
//! columns with `asc`/`desc`; `limit_start`/`limit_page_length`; `as_dict`. Values compare
//! the way Frappe's generated SQL compares them on MariaDB (`ifnull(col, '')` fallbacks,
//! case-insensitive text). SQL expressions, joins and other operators answer 501.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::clock::{self, Timestamp};
use super::errors::{not_emulated, Failure, FrappeError, DATA_ERROR, JSON_DECODE_ERROR};
use super::mariadb;
use super::meta::{ColumnKind, DocType, CHILD_TABLE_FIELDS, DEFAULT_FIELDS, OPTIONAL_FIELDS};
use super::python::{cint, cstr, strip, truthy};
use super::store::Row;

/// The `frappe.get_list` arguments this emulator understands.
#[derive(Clone, Debug, Default)]
pub(crate) struct ListRequest {
    /// Already decoded by `document_list` (`json.loads(form_dict["fields"])`).
    pub(crate) fields: Value,
    /// As received: a JSON string, or a list/dict from a JSON request body.
    pub(crate) filters: Value,
    pub(crate) order_by: Option<String>,
    pub(crate) limit_start: Value,
    pub(crate) limit_page_length: Value,
    pub(crate) as_list: bool,
    /// What `*` selects beyond the DocType's fields (v14: `table_only_columns` and the columns
    /// of deleted Custom Fields; v15+ none).
    pub(crate) star_extra_columns: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
    NotLike,
    In,
    NotIn,
    /// `between` on a date or datetime column: both bounds included.
    Between,
}

#[derive(Clone, Debug)]
struct Condition {
    column: String,
    kind: ColumnKind,
    operator: Operator,
    /// The comparison value(s) after Frappe's conversions.
    values: Vec<Value>,
    /// Compare `ifnull(column, fallback)` instead of the column (NULL otherwise never matches).
    null_fallback: Option<Value>,
    /// `(column is NULL or column = value)`.
    null_or_equal: bool,
}

/// Runs the query; the result is what goes under `"data"`.
pub(crate) fn run(meta: &DocType, rows: &[&Row], request: &ListRequest) -> Result<Value, Failure> {
    let mut fields = requested_fields(&request.fields)?;
    let conditions = parse_filters(meta, &request.filters)?;
    // set_optional_columns: `_seen` is not a column of this table.
    fields.retain(|f| f != "_seen");
    // apply_fieldlevel_read_permissions: unknown columns are dropped, `*` means every column.
    let mut columns = Vec::new();
    for field in fields {
        if field == "*" {
            columns.extend(meta.valid_columns().into_iter().map(str::to_string));
            columns.extend(request.star_extra_columns.iter().cloned());
        } else if meta.is_valid_column(&field) || OPTIONAL_FIELDS.contains(&field.as_str()) {
            columns.push(field);
        }
    }
    if columns.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let order = parse_order_by(meta, request.order_by.as_deref())?;
    let mut matching: Vec<&Row> = rows
        .iter()
        .copied()
        .filter(|row| conditions.iter().all(|c| c.matches(row)))
        .collect();
    matching.sort_by(|a, b| {
        for (column, kind, descending) in &order {
            let ordering = compare_for_sort(*kind, a.get(column), b.get(column));
            let ordering = if *descending { ordering.reverse() } else { ordering };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    });
    let page_length = cint(&request.limit_page_length);
    let start = cint(&request.limit_start);
    if page_length < 0 || (page_length > 0 && start < 0) {
        return Err(not_emulated("a negative limit (MariaDB rejects the generated SQL)"));
    }
    let page: Vec<&Row> = if truthy(&request.limit_page_length) && page_length > 0 {
        matching
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(0))
            .take(usize::try_from(page_length).unwrap_or(usize::MAX))
            .collect()
    } else {
        matching
    };
    let data = page
        .into_iter()
        .map(|row| {
            if request.as_list {
                Value::Array(columns.iter().map(|c| column_value(meta, row, c)).collect())
            } else {
                let mut out = Map::new();
                for column in &columns {
                    out.insert(column.clone(), column_value(meta, row, column));
                }
                Value::Object(out)
            }
        })
        .collect();
    Ok(Value::Array(data))
}

/// The columns a DocType's table has beyond its fields: `frappe.db.OPTIONAL_COLUMNS`, and
/// `_seen` when the DocType tracks views (`frappe/database/schema.py`
/// `get_columns_from_docfields`); child tables have none of them.
pub(crate) fn table_only_columns(meta: &DocType, track_seen: bool) -> Vec<&'static str> {
    if meta.istable {
        return Vec::new();
    }
    OPTIONAL_FIELDS
        .into_iter()
        .filter(|column| *column != "_seen" || track_seen)
        .collect()
}

fn column_value(meta: &DocType, row: &Row, column: &str) -> Value {
    let is_datetime = matches!(column, "creation" | "modified")
        || meta
            .data_fields()
            .any(|f| f.fieldname == column && f.fieldtype.column() == super::meta::Column::Datetime);
    match row.get(column) {
        Some(Value::String(stored)) if is_datetime => Value::from(clock::read_back(stored)),
        Some(value) => value.clone(),
        None => Value::Null,
    }
}

fn requested_fields(fields: &Value) -> Result<Vec<String>, Failure> {
    let list: Vec<Value> = match fields {
        _ if !truthy(fields) => return Ok(vec!["name".to_string()]),
        Value::String(text) if text == "*" => return Ok(vec!["*".to_string()]),
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items,
            Ok(_) => return Err(not_emulated("a non-list `fields` value")),
            Err(_) => text.split(',').map(|f| Value::from(strip(f))).collect(),
        },
        Value::Array(items) if items.first().is_some_and(Value::is_array) => {
            return Err(not_emulated("`fields` given as filters (Frappe swaps them)"))
        }
        Value::Array(items) => items.clone(),
        _ => return Err(not_emulated("a non-list `fields` value")),
    };
    let mut out = Vec::new();
    for item in list.into_iter().filter(truthy) {
        let Value::String(field) = item else {
            return Err(not_emulated("a non-string entry in `fields`"));
        };
        let plain =
            field == "*" || (!field.is_empty() && field.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        if !plain {
            return Err(not_emulated(format!(
                "the field expression {field:?} (only plain column names and * are modelled)"
            )));
        }
        out.push(field);
    }
    Ok(out)
}

fn parse_filters(meta: &DocType, filters: &Value) -> Result<Vec<Condition>, Failure> {
    filter_tuples(meta, filters)?
        .into_iter()
        .filter(|tuple| !matches!(tuple[1].as_str(), Some("_seen")))
        .map(|tuple| condition(meta, &tuple))
        .collect()
}

/// The filters as `[doctype, fieldname, operator, value]` tuples (list and dict forms).
pub(crate) fn filter_tuples(meta: &DocType, filters: &Value) -> Result<Vec<Vec<Value>>, Failure> {
    let decoded = match filters {
        Value::String(text) if !text.is_empty() => {
            serde_json::from_str::<Value>(text).map_err(|e| Failure::from(json_decode_error(text, &e)))?
        }
        other => other.clone(),
    };
    let tuples: Vec<Vec<Value>> = match &decoded {
        _ if !truthy(&decoded) => Vec::new(),
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| match value {
                Value::Array(pair) if pair.len() >= 2 => vec![
                    Value::from(meta.name),
                    Value::from(key.clone()),
                    pair[0].clone(),
                    pair[1].clone(),
                ],
                _ => vec![
                    Value::from(meta.name),
                    Value::from(key.clone()),
                    Value::from("="),
                    value.clone(),
                ],
            })
            .collect(),
        Value::Array(items) => {
            if items.len() > 1 && items.first().is_some_and(Value::is_string) {
                return Err(not_emulated("`filters` given as fields (Frappe swaps them)"));
            }
            let mut tuples = Vec::new();
            for item in items {
                match item {
                    Value::Array(parts) if parts.len() == 3 => {
                        let mut tuple = vec![Value::from(meta.name)];
                        tuple.extend(parts.iter().cloned());
                        tuples.push(tuple);
                    }
                    Value::Array(parts) if parts.len() >= 4 => tuples.push(parts[..4].to_vec()),
                    _ => return Err(not_emulated(format!("the filter {item}"))),
                }
            }
            tuples
        }
        _ => return Err(not_emulated(format!("filters = {decoded}"))),
    };
    Ok(tuples)
}

/// `frappe/desk/reportview.py` `validate_fields` and `validate_filters`, which
/// `frappe/client.py` `get_list` runs (`validate_args`) before the query and its permission
/// check: a plain field name, in `fields` or in a filter on the DocType itself, that is
/// neither a standard column (`is_standard`) nor a field of the DocType (`meta.get_field`,
/// custom fields included) → 417 DataError "Field not permitted in query: X" (v14, v15 and
/// develop answered so in the conformance recordings). `["*"]` alone is expanded, not checked;
/// forms this does not understand are left to the query, which reports them.
pub(crate) fn validate_args(meta: &DocType, fields: &Value, filters: &Value) -> Result<(), Failure> {
    let is_standard = |name: &str| {
        name == "doctype"
            || DEFAULT_FIELDS.contains(&name)
            || OPTIONAL_FIELDS.contains(&name)
            || CHILD_TABLE_FIELDS.contains(&name)
    };
    let known = |name: &str| is_standard(name) || meta.field(name).is_some();
    let not_permitted = |name: &str| {
        Failure::from(FrappeError::throw(
            DATA_ERROR,
            format!("Field not permitted in query: {name}"),
        ))
    };
    if let Ok(fields) = requested_fields(fields) {
        if fields != ["*"] {
            if let Some(unknown) = fields.iter().find(|f| f.as_str() != "*" && !known(f)) {
                return Err(not_permitted(unknown));
            }
        }
    }
    if let Ok(tuples) = filter_tuples(meta, filters) {
        for tuple in tuples {
            let (Some(doctype), Some(fieldname)) = (tuple[0].as_str(), tuple[1].as_str()) else {
                continue;
            };
            let plain = fieldname.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if doctype == meta.name && plain && !known(fieldname) {
                return Err(not_permitted(fieldname));
            }
        }
    }
    Ok(())
}

fn condition(meta: &DocType, tuple: &[Value]) -> Result<Condition, Failure> {
    let doctype = tuple[0].as_str().unwrap_or_default();
    if doctype != meta.name {
        return Err(not_emulated(format!("a filter on another DocType ({doctype:?})")));
    }
    let column = tuple[1].as_str().unwrap_or_default().to_string();
    let Some(kind) = meta.column_kind(&column) else {
        return Err(not_emulated(format!("a filter on the unknown column {column:?}")));
    };
    let operator_text = match &tuple[2] {
        Value::String(s) if !s.is_empty() => s.to_lowercase(),
        Value::Null => "=".to_string(),
        Value::String(_) => "=".to_string(),
        other => return Err(not_emulated(format!("the filter operator {other}"))),
    };
    let raw = tuple[3].clone();
    let is_numeric_field = meta
        .data_fields()
        .any(|f| f.fieldname == column && f.fieldtype.column() == super::meta::Column::Int);
    let mut can_be_null = !matches!(column.as_str(), "name" | "modified" | "creation");
    let (operator, values) = match operator_text.as_str() {
        "in" | "not in" => {
            let list: Vec<Value> = match &raw {
                Value::Array(items) => items.clone(),
                Value::String(s) => s.split(',').map(Value::from).collect(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            };
            if operator_text == "in" {
                can_be_null &= list.is_empty() || list.iter().any(|v| v.is_null() || v.as_str() == Some(""));
            }
            let values = list.iter().map(|v| Value::from(strip(&cstr(v)).to_string())).collect();
            let operator = if operator_text == "in" {
                Operator::In
            } else {
                Operator::NotIn
            };
            return Ok(Condition {
                column,
                kind,
                operator,
                values,
                null_fallback: can_be_null.then(|| Value::from("")),
                null_or_equal: false,
            });
        }
        "between" => return between(meta, column, kind, &raw),
        "is" => match raw.as_str() {
            Some("set") => {
                can_be_null = false;
                (Operator::Ne, vec![Value::from("")])
            }
            Some("not set") => (Operator::Eq, vec![Value::from("")]),
            _ => return Err(not_emulated(format!("`is` with {raw}"))),
        },
        "=" => (Operator::Eq, vec![raw.clone()]),
        "!=" => (Operator::Ne, vec![raw.clone()]),
        "<" => (Operator::Lt, vec![raw.clone()]),
        ">" => (Operator::Gt, vec![raw.clone()]),
        "<=" => (Operator::Le, vec![raw.clone()]),
        ">=" => (Operator::Ge, vec![raw.clone()]),
        "like" => (Operator::Like, vec![raw.clone()]),
        "not like" => (Operator::NotLike, vec![raw.clone()]),
        other => return Err(not_emulated(format!("the filter operator {other:?}"))),
    };
    let mut value = values[0].clone();
    if kind == ColumnKind::Number || is_numeric_field {
        can_be_null = false;
    }
    if matches!(operator, Operator::Gt | Operator::Ge) && kind == ColumnKind::Datetime {
        can_be_null = false;
    }
    let is_comparison = matches!(operator, Operator::Lt | Operator::Gt | Operator::Le | Operator::Ge);
    let fallback;
    if kind == ColumnKind::Datetime && is_comparison {
        value = Value::from(cstr(&value));
        can_be_null = false;
        fallback = Value::from("0001-01-01 00:00:00.000000");
    } else if operator_text == "is" {
        fallback = Value::from("");
    } else if matches!(operator, Operator::Like | Operator::NotLike)
        || (value.is_string() && kind != ColumnKind::Number)
    {
        value = if value.is_null() { Value::from("") } else { value };
        fallback = Value::from("");
    } else if kind == ColumnKind::Text {
        if !meta.data_fields().any(|f| f.fieldname == column) && column != "name" {
            return Err(not_emulated(format!("a non-text value for `{column}`")));
        }
        value = Value::from(cstr(&value));
        fallback = Value::from("");
    } else {
        value = Value::from(number_of(&value));
        fallback = Value::from(0.0);
    }
    let plain = !can_be_null || (truthy(&value) && matches!(operator, Operator::Eq | Operator::Like));
    let same_as_fallback =
        value == fallback || (value.is_string() && fallback.is_string() && value.as_str() == fallback.as_str());
    let (null_fallback, null_or_equal) = if plain {
        (None, false)
    } else if same_as_fallback && operator == Operator::Eq {
        (None, true)
    } else if same_as_fallback && operator == Operator::Ne {
        (None, false)
    } else {
        (Some(fallback), false)
    };
    Ok(Condition {
        column,
        kind,
        operator,
        values: vec![value],
        null_fallback,
        null_or_equal,
    })
}

/// `between` (`frappe/model/db_query.py` `prepare_filter_condition` and
/// `get_between_date_filter`, v14, v15, develop): on `creation`, `modified` and Date/Datetime
/// fields the bounds `[from, to]` become `'from' AND 'to'`; for a Datetime a bare date starts at
/// 00:00:00 and ends at 23:59:59.999999, and a NULL column never matches. Missing bounds (today)
/// and `between` on other columns (Frappe then writes invalid SQL, a 500) are not emulated.
fn between(meta: &DocType, column: String, kind: ColumnKind, raw: &Value) -> Result<Condition, Failure> {
    let is_datetime = matches!(column.as_str(), "creation" | "modified")
        || meta
            .data_fields()
            .any(|f| f.fieldname == column && f.fieldtype.column() == super::meta::Column::Datetime);
    let is_date = meta
        .data_fields()
        .any(|f| f.fieldname == column && f.fieldtype.column() == super::meta::Column::Date);
    let bounds: Vec<String> = match raw {
        Value::Array(items) if items.len() == 2 && items.iter().all(Value::is_string) => {
            items.iter().map(cstr).collect()
        }
        _ => return Err(not_emulated(format!("`between` with {raw}"))),
    };
    if !(is_datetime || is_date) {
        return Err(not_emulated(format!(
            "`between` on `{column}`, neither a date nor a datetime"
        )));
    }
    let bound = |text: &str, end_of_day: &str| -> Result<Value, Failure> {
        let text = text.trim();
        let date_only = Timestamp::parse(&format!("{text} 00:00:00")).is_some() && text.len() == 10;
        if is_datetime && date_only {
            return Ok(Value::from(format!("{text} {end_of_day}")));
        }
        if (is_date && date_only) || (is_datetime && Timestamp::parse(text).is_some()) {
            return Ok(Value::from(text));
        }
        Err(not_emulated(format!("`between` bound {text:?}")))
    };
    Ok(Condition {
        column,
        kind,
        operator: Operator::Between,
        values: vec![
            bound(&bounds[0], "00:00:00.000000")?,
            bound(&bounds[1], "23:59:59.999999")?,
        ],
        null_fallback: None,
        null_or_equal: false,
    })
}

impl Condition {
    fn matches(&self, row: &Row) -> bool {
        let stored = row.get(&self.column).cloned().unwrap_or(Value::Null);
        if stored.is_null() && self.null_or_equal {
            return true;
        }
        let left = match (&stored, &self.null_fallback) {
            (Value::Null, Some(fallback)) => fallback.clone(),
            (Value::Null, None) => return false,
            (value, _) => value.clone(),
        };
        match self.operator {
            Operator::In => self
                .values
                .iter()
                .any(|v| compare(self.kind, &left, v) == Some(Ordering::Equal)),
            Operator::NotIn => self
                .values
                .iter()
                .all(|v| compare(self.kind, &left, v).is_some_and(|o| o != Ordering::Equal)),
            Operator::Between => {
                compare(self.kind, &left, &self.values[0]).is_some_and(|o| o != Ordering::Less)
                    && compare(self.kind, &left, &self.values[1]).is_some_and(|o| o != Ordering::Greater)
            }
            Operator::Like | Operator::NotLike => {
                let pattern = cstr(&self.values[0]);
                let hit = mariadb::like(&cstr(&left), &pattern);
                hit == (self.operator == Operator::Like)
            }
            operator => {
                let Some(ordering) = compare(self.kind, &left, &self.values[0]) else {
                    return false;
                };
                match operator {
                    Operator::Eq => ordering == Ordering::Equal,
                    Operator::Ne => ordering != Ordering::Equal,
                    Operator::Lt => ordering == Ordering::Less,
                    Operator::Gt => ordering == Ordering::Greater,
                    Operator::Le => ordering != Ordering::Greater,
                    _ => ordering != Ordering::Less,
                }
            }
        }
    }
}

/// MariaDB's comparison of a column value with a literal.
fn compare(kind: ColumnKind, left: &Value, right: &Value) -> Option<Ordering> {
    match kind {
        ColumnKind::Number => number_of(left).partial_cmp(&number_of(right)),
        ColumnKind::Datetime => {
            let (l, r) = (cstr(left), cstr(right));
            match (Timestamp::parse(&l), datetime_literal(&r)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => Some(l.cmp(&r)),
            }
        }
        ColumnKind::Text if right.is_number() || right.is_boolean() => number_of(left).partial_cmp(&number_of(right)),
        ColumnKind::Text => Some(mariadb::text_cmp(&cstr(left), &cstr(right))),
    }
}

fn datetime_literal(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text).or_else(|| Timestamp::parse(&format!("{text} 00:00:00")))
}

/// MariaDB's string-to-number conversion: the longest numeric prefix, else 0.
fn number_of(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => leading_number(s),
        _ => 0.0,
    }
}

fn leading_number(text: &str) -> f64 {
    let text = text.trim_start();
    let bytes = text.as_bytes();
    let digits = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };
    let mut end = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let integer_start = end;
    end = digits(end);
    let mut mantissa_digits = end - integer_start;
    if bytes.get(end) == Some(&b'.') {
        let fraction_start = end + 1;
        let fraction_end = digits(fraction_start);
        mantissa_digits += fraction_end - fraction_start;
        end = fraction_end;
    }
    if mantissa_digits == 0 {
        return 0.0;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exponent = end + 1;
        if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
            exponent += 1;
        }
        let exponent_end = digits(exponent);
        if exponent_end > exponent {
            end = exponent_end;
        }
    }
    text[..end].parse().unwrap_or(0.0)
}

fn compare_for_sort(kind: ColumnKind, a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        // MariaDB sorts NULL before everything in ascending order.
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => match kind {
            ColumnKind::Number => number_of(a).partial_cmp(&number_of(b)).unwrap_or(Ordering::Equal),
            ColumnKind::Datetime => cstr(a).cmp(&cstr(b)),
            ColumnKind::Text => mariadb::text_cmp(&cstr(a), &cstr(b)),
        },
    }
}

fn parse_order_by(meta: &DocType, order_by: Option<&str>) -> Result<Vec<(String, ColumnKind, bool)>, Failure> {
    let text = match order_by {
        None => {
            // The DocType's `sort_field`/`sort_order` (e.g. `creation` on develop).
            let kind = meta.column_kind(meta.sort_field).unwrap_or(ColumnKind::Datetime);
            let descending = !meta.sort_order.eq_ignore_ascii_case("asc");
            return Ok(vec![(meta.sort_field.to_string(), kind, descending)]);
        }
        Some(text) => text,
    };
    let mut out = Vec::new();
    for part in text.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (column, descending) = match words.as_slice() {
            [column] => (*column, false),
            [column, direction] if direction.eq_ignore_ascii_case("asc") => (*column, false),
            [column, direction] if direction.eq_ignore_ascii_case("desc") => (*column, true),
            _ => return Err(not_emulated(format!("order_by = {text:?}"))),
        };
        let column = column
            .strip_prefix(&format!("`tab{}`.", meta.name))
            .unwrap_or(column)
            .trim_matches('`');
        let Some(kind) = meta.column_kind(column) else {
            return Err(not_emulated(format!("order_by on {column:?}")));
        };
        out.push((column.to_string(), kind, descending));
    }
    Ok(out)
}

/// A `json.JSONDecodeError`. Python's wording of the reason is not reproduced; the position
/// is the parser's ("Expecting value" is what Python says for most malformed inputs).
pub(crate) fn json_decode_error(text: &str, error: &serde_json::Error) -> FrappeError {
    let (line, mut column) = (error.line().max(1), error.column().max(1));
    // A misspelt literal (`nul`, `not json`): serde stops at the first wrong letter, Python's
    // `json/scanner.py` `scan_once` reports where the value began (`[not json` → char 1).
    if error.to_string().starts_with("expected ident") {
        let letters: Vec<char> = text.lines().nth(line - 1).unwrap_or_default().chars().collect();
        while column > 1 && letters.get(column - 2).is_some_and(char::is_ascii_alphabetic) {
            column -= 1;
        }
    }
    let offset = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(|l| l.chars().count())
        .sum::<usize>()
        + column
        - 1;
    FrappeError::raise(
        JSON_DECODE_ERROR,
        format!("Expecting value: line {line} column {column} (char {offset})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_literal_is_reported_where_the_value_began_as_python_does() {
        let text = "[not json";
        let error = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!(
            json_decode_error(text, &error).text.as_deref(),
            Some("Expecting value: line 1 column 2 (char 1)")
        );
        let text = "{\"a\": 1,\n \"b\": tru}";
        let error = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!(
            json_decode_error(text, &error).text.as_deref(),
            Some("Expecting value: line 2 column 7 (char 15)")
        );
    }
    use crate::FrappeVersion;
    use serde_json::json;

    fn row(name: &str, enabled: i64, client_id: Option<&str>, modified: &str) -> Row {
        let mut row = Row::new();
        row.insert("name".into(), json!(name));
        row.insert("modified".into(), json!(modified));
        row.insert("enable_social_login".into(), json!(enabled));
        row.insert("client_id".into(), client_id.map(Value::from).unwrap_or(Value::Null));
        row
    }

    fn names(value: &Value) -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// `get_between_date_filter` (`frappe/model/db_query.py`): a bare date bound of a datetime
    /// column covers the whole day on both ends; other columns are not emulated (Frappe writes
    /// invalid SQL there: v15.55.1 answers 500 ProgrammingError 1064 for `name`).
    #[test]
    fn between_covers_whole_days_of_datetime_columns() {
        let registry = crate::meta::Registry::for_version(FrappeVersion::V15);
        let meta = registry.get("Social Login Key").unwrap().clone();
        let a = row("alpha", 1, None, "2024-01-01 00:00:00.000000");
        let b = row("beta", 1, None, "2024-01-02 23:59:59.999999");
        let c = row("gamma", 1, None, "2024-01-03 00:00:00.000001");
        let rows = vec![&a, &b, &c];
        let query = |filters: Value| {
            let request = ListRequest {
                filters,
                ..ListRequest::default()
            };
            run(&meta, &rows, &request).map(|v| names(&v))
        };
        let hits = query(json!([["modified", "between", ["2024-01-01", "2024-01-02"]]])).unwrap();
        assert_eq!(hits, ["beta", "alpha"]);
        let hits = query(json!([[
            "modified",
            "between",
            ["2024-01-02 12:00:00", "2024-01-03 00:00:00.000001"]
        ]]));
        assert_eq!(hits.unwrap(), ["gamma", "beta"]);
        assert!(query(json!([["name", "between", ["a", "c"]]])).is_err());
    }

    #[test]
    fn filters_follow_frappe_sql() {
        let registry = crate::meta::Registry::for_version(FrappeVersion::V15);
        let meta = registry.get("Social Login Key").unwrap().clone();
        let a = row("alpha", 1, Some("X"), "2024-01-01 00:00:00.000001");
        let b = row("beta", 0, None, "2024-01-02 00:00:00.000001");
        let c = row("gamma", 0, Some(""), "2024-01-03 00:00:00.000001");
        let rows = vec![&a, &b, &c];
        let query = |filters: Value| {
            let request = ListRequest {
                filters,
                ..ListRequest::default()
            };
            names(&run(&meta, &rows, &request).unwrap())
        };
        assert_eq!(query(json!({"enable_social_login": 1})), ["alpha"]);
        assert_eq!(query(json!("{\"enable_social_login\": \"0\"}")), ["gamma", "beta"]);
        assert_eq!(query(json!([["client_id", "=", "x"]])), ["alpha"]);
        assert_eq!(query(json!([["client_id", "!=", "X"]])), ["gamma", "beta"]);
        assert_eq!(query(json!([["client_id", "=", ""]])), ["gamma", "beta"]);
        assert_eq!(query(json!([["client_id", "is", "set"]])), ["alpha"]);
        assert_eq!(query(json!([["name", "like", "%a%"]])), ["gamma", "beta", "alpha"]);
        assert_eq!(query(json!([["name", "not in", ["alpha", "beta"]]])), ["gamma"]);
    }
}
