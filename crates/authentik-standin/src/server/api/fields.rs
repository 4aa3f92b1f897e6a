//! Django REST framework's field validation, as far as the stand-in's
//! serializers need it: each helper turns one JSON value into a Rust value
//! or into DRF's error detail for that field (a list of messages, or a
//! nested structure for nested serializers), with DRF's exact wording.

use serde_json::{json, Map, Value};

use crate::server::random;

pub(crate) const REQUIRED: &str = "This field is required.";
pub(crate) const NOT_NULL: &str = "This field may not be null.";
pub(crate) const NOT_BLANK: &str = "This field may not be blank.";

/// One field's error detail (what goes under its name in the 400 body).
pub(crate) type Detail = Value;

/// A list holding one message.
pub(crate) fn message(text: impl Into<String>) -> Detail {
    json!([text.into()])
}

/// Python's name for the type of a JSON value, as DRF prints it.
pub(crate) fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `str()` of a JSON value, for messages that echo the input.
pub(crate) fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The errors of one request body, in field order.
#[derive(Debug, Default)]
pub(crate) struct Errors(Map<String, Value>);

impl Errors {
    pub(crate) fn add(&mut self, field: &str, detail: Detail) {
        self.0.insert(field.to_string(), detail);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// A request body applied field by field in the serializer's order, with
/// DRF's errors collected: a missing required field is an error unless the
/// update is partial.
pub(crate) struct BodyFields<'a> {
    body: &'a Map<String, Value>,
    partial: bool,
    errors: Errors,
}

impl<'a> BodyFields<'a> {
    pub(crate) fn new(body: &'a Map<String, Value>, partial: bool) -> BodyFields<'a> {
        BodyFields {
            body,
            partial,
            errors: Errors::default(),
        }
    }

    pub(crate) fn field(&mut self, name: &str, required: bool, apply: impl FnOnce(&Value) -> Result<(), Detail>) {
        match self.body.get(name) {
            Some(value) => {
                if let Err(detail) = apply(value) {
                    self.errors.add(name, detail);
                }
            }
            None if required && !self.partial => self.errors.add(name, message(REQUIRED)),
            None => {}
        }
    }

    pub(crate) fn into_errors(self) -> Errors {
        self.errors
    }
}

/// Options of a `CharField`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Text {
    pub(crate) allow_blank: bool,
    pub(crate) allow_null: bool,
    pub(crate) max_length: Option<usize>,
}

impl Text {
    pub(crate) const REQUIRED_TEXT: Text = Text {
        allow_blank: false,
        allow_null: false,
        max_length: None,
    };
    pub(crate) const BLANK_OK: Text = Text {
        allow_blank: true,
        allow_null: false,
        max_length: None,
    };
}

/// A `CharField`: strings, and numbers turned into their text; `None` for an
/// allowed null.
pub(crate) fn text(value: &Value, options: Text) -> Result<Option<String>, Detail> {
    let text = match value {
        Value::Null if options.allow_null => return Ok(None),
        Value::Null => return Err(message(NOT_NULL)),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(message("Not a valid string.")),
    };
    // DRF trims whitespace before checking for blank.
    let text = text.trim().to_string();
    if text.is_empty() && !options.allow_blank {
        return Err(message(NOT_BLANK));
    }
    if let Some(max) = options.max_length {
        if text.chars().count() > max {
            return Err(message(format!("Ensure this field has no more than {max} characters.")));
        }
    }
    Ok(Some(text))
}

/// A `ChoiceField`.
pub(crate) fn choice(value: &Value, choices: &[&str]) -> Result<String, Detail> {
    if value.is_null() {
        return Err(message(NOT_NULL));
    }
    let text = python_str(value);
    if matches!(value, Value::String(_) | Value::Number(_)) && choices.contains(&text.as_str()) {
        return Ok(text);
    }
    if text.is_empty() {
        return Err(message(NOT_BLANK));
    }
    Err(message(format!("\"{text}\" is not a valid choice.")))
}

/// A `BooleanField` (DRF accepts a few spellings besides JSON booleans).
pub(crate) fn boolean(value: &Value) -> Result<bool, Detail> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::String(s) => match s.as_str() {
            "true" | "True" | "TRUE" | "on" | "On" | "ON" | "y" | "Y" | "yes" | "Yes" | "YES" | "1" => Ok(true),
            "false" | "False" | "FALSE" | "off" | "Off" | "OFF" | "n" | "N" | "no" | "No" | "NO" | "0" => Ok(false),
            _ => Err(message("Must be a valid boolean.")),
        },
        Value::Null => Err(message(NOT_NULL)),
        _ => Err(message("Must be a valid boolean.")),
    }
}

fn does_not_exist(pk: &Value) -> Detail {
    message(format!("Invalid pk \"{}\" - object does not exist.", python_str(pk)))
}

fn incorrect_type(pk: &Value) -> Detail {
    message(format!(
        "Incorrect type. Expected pk value, received {}.",
        python_type(pk)
    ))
}

/// Whether a related-object field was given no object: DRF turns an empty
/// string into null for relational fields.
pub(crate) fn no_object(value: &Value) -> bool {
    matches!(value, Value::Null) || value.as_str() == Some("")
}

/// A `PrimaryKeyRelatedField` to a model with a UUID key; `exists` gets the
/// canonical UUID.
pub(crate) fn uuid_pk(value: &Value, exists: impl Fn(&str) -> bool) -> Result<String, Detail> {
    if no_object(value) {
        return Err(message(NOT_NULL));
    }
    match value {
        Value::String(s) => match random::parse_uuid(s) {
            Some(uuid) if exists(&uuid) => Ok(uuid),
            Some(_) => Err(does_not_exist(value)),
            None => Err(message(format!("“{s}” is not a valid UUID."))),
        },
        // Django turns an integer into UUID(int=…), which never exists here.
        Value::Number(n) if n.is_u64() => Err(does_not_exist(value)),
        Value::Null => Err(message(NOT_NULL)),
        _ => Err(incorrect_type(value)),
    }
}

/// A `PrimaryKeyRelatedField` to a model with an integer key. Django accepts
/// the key as a number or as its decimal text.
pub(crate) fn int_pk(value: &Value, exists: impl Fn(i64) -> bool) -> Result<i64, Detail> {
    if no_object(value) {
        return Err(message(NOT_NULL));
    }
    let pk = match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Null => return Err(message(NOT_NULL)),
        _ => None,
    };
    match pk {
        Some(pk) if exists(pk) => Ok(pk),
        Some(_) => Err(does_not_exist(value)),
        None => Err(incorrect_type(value)),
    }
}

/// The items of a `many=True` field or a `ListField`: DRF refuses strings
/// and anything else that is not a list.
pub(crate) fn list_items(value: &Value) -> Result<&[Value], Detail> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Null => Err(message(NOT_NULL)),
        other => Err(message(format!(
            "Expected a list of items but got type \"{}\".",
            python_type(other)
        ))),
    }
}

/// A `ManyRelatedField`: the first bad item's message is the field's error.
pub(crate) fn many<T>(value: &Value, mut item: impl FnMut(&Value) -> Result<T, Detail>) -> Result<Vec<T>, Detail> {
    list_items(value)?.iter().map(&mut item).collect()
}

/// A `ListField(child=ChoiceField)`: errors are keyed by item index.
pub(crate) fn list_of_choices(value: &Value, choices: &[&str], allow_empty: bool) -> Result<Vec<String>, Detail> {
    let items = list_items(value)?;
    if items.is_empty() && !allow_empty {
        return Err(message("This list may not be empty."));
    }
    let mut errors = Map::new();
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match choice(item, choices) {
            Ok(v) => out.push(v),
            Err(detail) => {
                errors.insert(index.to_string(), detail);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Value::Object(errors))
    }
}

/// Django's `URLValidator` for http(s) URLs, reduced to what matters for the
/// stand-in: a scheme, `://` and a host.
pub(crate) fn is_http_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
        && !host.is_empty()
        && !text.contains(char::is_whitespace)
}

/// authentik's `DomainlessFormattedURLValidator` for launch URLs: any scheme,
/// the host may be missing, `{placeholders}` are allowed.
pub(crate) fn is_launch_url(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !text.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drf_messages() {
        assert_eq!(
            choice(&json!("x"), &["a"]),
            Err(json!(["\"x\" is not a valid choice."]))
        );
        assert_eq!(choice(&json!(""), &["a"]), Err(json!([NOT_BLANK])));
        assert_eq!(text(&json!("  "), Text::REQUIRED_TEXT), Err(json!([NOT_BLANK])));
        assert_eq!(text(&json!(true), Text::BLANK_OK), Err(json!(["Not a valid string."])));
        assert_eq!(
            uuid_pk(&json!("abc"), |_| true),
            Err(json!(["“abc” is not a valid UUID."]))
        );
        assert_eq!(
            uuid_pk(&json!("6a0f2c8e-4b7d-4e9f-8b1c-2d3e4f5a6b7c"), |_| false),
            Err(json!([
                "Invalid pk \"6a0f2c8e-4b7d-4e9f-8b1c-2d3e4f5a6b7c\" - object does not exist."
            ]))
        );
        assert_eq!(int_pk(&json!("7"), |pk| pk == 7), Ok(7));
        assert_eq!(uuid_pk(&json!(""), |_| true), Err(json!([NOT_NULL])));
        assert_eq!(
            int_pk(&json!("seven"), |_| true),
            Err(json!(["Incorrect type. Expected pk value, received str."]))
        );
        assert_eq!(
            many(&json!("x"), |v| uuid_pk(v, |_| true)),
            Err(json!(["Expected a list of items but got type \"str\"."]))
        );
        assert_eq!(
            list_of_choices(&json!(["a", "b"]), &["a"], false),
            Err(json!({"1": ["\"b\" is not a valid choice."]}))
        );
        assert_eq!(
            list_of_choices(&json!([]), &["a"], false),
            Err(json!(["This list may not be empty."]))
        );
    }

    #[test]
    fn urls() {
        assert!(is_http_url("https://erp.example.com/logout"));
        assert!(!is_http_url("erp.example.com"));
        assert!(!is_http_url("ftp://x/"));
        assert!(is_launch_url("https://erp.example.com"));
        assert!(is_launch_url("blank://blank"));
        assert!(!is_launch_url("not a url"));
    }
}
