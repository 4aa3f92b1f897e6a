//! Terraform values: known, null or unknown, of any [`Type`].
//!
//! A [`Value`] does not carry its type; the schema supplies it when a value is
//! decoded or encoded. The one exception is a value in a `dynamic` slot, which
//! travels with its concrete type ([`Value::Dynamic`]).

use std::collections::BTreeMap;
use std::fmt;

use super::types::Type;

/// A Terraform number. Terraform numbers are arbitrary-precision decimals;
/// integers and binary floats cover almost every real value, and anything else
/// is kept as its decimal text so nothing is rounded on the way through.
#[derive(Clone, Debug)]
pub enum Number {
    Int(i64),
    UInt(u64),
    Float(f64),
    /// A decimal that fits neither an integer nor a float exactly, in the
    /// textual form Terraform sent (`"123456789012345678901234567890"`).
    Decimal(String),
}

impl Number {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            Number::UInt(u) => i64::try_from(*u).ok(),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Number::Float(_) => None,
            Number::Decimal(s) => s.parse().ok(),
        }
    }

    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::UInt(u) => *u as f64,
            Number::Float(f) => *f,
            Number::Decimal(s) => s.parse().unwrap_or(f64::NAN),
        }
    }

    /// The canonical decimal text, used to compare numbers across representations.
    pub fn to_decimal_string(&self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::UInt(u) => u.to_string(),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 1.0e15 => format!("{}", *f as i64),
            Number::Float(f) => format!("{f}"),
            Number::Decimal(s) => normalise_decimal(s),
        }
    }
}

/// Strips a leading `+`, superfluous zeros and a trailing `.` so that equal
/// decimals compare equal as text.
fn normalise_decimal(text: &str) -> String {
    let text = text.trim().trim_start_matches('+');
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.contains(['e', 'E']) {
        return text.to_string();
    }
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let int_part = int_part.trim_start_matches('0');
    let frac_part = frac_part.trim_end_matches('0');
    let int_part = if int_part.is_empty() { "0" } else { int_part };
    let body = if frac_part.is_empty() {
        int_part.to_string()
    } else {
        format!("{int_part}.{frac_part}")
    };
    if negative && body != "0" {
        format!("-{body}")
    } else {
        body
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (Number::Float(a), Number::Float(b)) => a == b,
            _ => self.to_decimal_string() == other.to_decimal_string(),
        }
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number::Int(value)
    }
}

impl From<f64> for Number {
    fn from(value: f64) -> Self {
        Number::Float(value)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

/// What Terraform already knows about a value it cannot know yet
/// ("refined unknown", msgpack extension 12). We keep the refinements so a value
/// passed through unchanged keeps them; nothing in this provider relies on them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refinements {
    /// `Some(false)`: the value will certainly not be null.
    pub nullable: Option<bool>,
    pub string_prefix: Option<String>,
    pub number_lower: Option<(Number, bool)>,
    pub number_upper: Option<(Number, bool)>,
    pub length_min: Option<u64>,
    pub length_max: Option<u64>,
}

impl Refinements {
    pub fn is_empty(&self) -> bool {
        *self == Refinements::default()
    }
}

/// A Terraform value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// Not known until apply, possibly with refinements.
    Unknown(Refinements),
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Value>),
    /// A set; element order carries no meaning.
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// An object has exactly the attributes of its type; absent ones are [`Value::Null`].
    Object(BTreeMap<String, Value>),
    Tuple(Vec<Value>),
    /// A value in a `dynamic` slot, with the concrete type it was sent with.
    Dynamic(Box<(Type, Value)>),
}

/// The default is null: an attribute nobody has set.
impl Default for Value {
    fn default() -> Self {
        Value::Null
    }
}

impl Value {
    pub fn unknown() -> Value {
        Value::Unknown(Refinements::default())
    }

    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::List(v) | Value::Set(v) | Value::Tuple(v) => v.iter().all(Value::is_wholly_known),
            Value::Map(m) | Value::Object(m) => m.values().all(Value::is_wholly_known),
            Value::Dynamic(d) => d.1.is_wholly_known(),
            _ => true,
        }
    }

    /// An attribute of an object value; `Null` for a missing attribute or a
    /// non-object, so callers can read optional attributes without ceremony.
    pub fn get(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        match self {
            Value::Object(attrs) => attrs.get(name).unwrap_or(&NULL),
            Value::Dynamic(d) => d.1.get(name),
            _ => &NULL,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Replaces one attribute of an object value (no-op for other values).
    pub fn set_attribute(&mut self, name: &str, value: Value) {
        if let Value::Object(attrs) = self {
            attrs.insert(name.to_string(), value);
        }
    }

    /// Builds an object value from `(name, value)` pairs.
    pub fn object<I, K>(attributes: I) -> Value
    where
        I: IntoIterator<Item = (K, Value)>,
        K: Into<String>,
    {
        Value::Object(attributes.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A null or unknown value of `ty` completed into an object with every
    /// attribute null; useful to build a value before filling attributes in.
    pub fn null_object(ty: &Type) -> Value {
        match ty {
            Type::Object(attrs) => Value::Object(attrs.keys().map(|k| (k.clone(), Value::Null)).collect()),
            _ => Value::Null,
        }
    }

    /// Best guess at the type of a known value, for encoding into a `dynamic` slot.
    pub fn infer_type(&self) -> Type {
        match self {
            Value::Null | Value::Unknown(_) => Type::Dynamic,
            Value::Bool(_) => Type::Bool,
            Value::Number(_) => Type::Number,
            Value::String(_) => Type::String,
            Value::List(v) => Type::list(v.first().map_or(Type::Dynamic, Value::infer_type)),
            Value::Set(v) => Type::set(v.first().map_or(Type::Dynamic, Value::infer_type)),
            Value::Map(m) => Type::map(m.values().next().map_or(Type::Dynamic, Value::infer_type)),
            Value::Object(m) => Type::Object(m.iter().map(|(k, v)| (k.clone(), v.infer_type())).collect()),
            Value::Tuple(v) => Type::Tuple(v.iter().map(Value::infer_type).collect()),
            Value::Dynamic(d) => d.0.clone(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(Number::Int(n))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_representations() {
        assert_eq!(Number::Int(3), Number::Float(3.0));
        assert_eq!(Number::UInt(7), Number::Int(7));
        assert_eq!(Number::Decimal("001.500".into()), Number::Float(1.5));
        assert_eq!(Number::Decimal("-0".into()), Number::Int(0));
        assert_ne!(Number::Float(1.5), Number::Float(1.25));
    }

    #[test]
    fn missing_attributes_read_as_null() {
        let v = Value::object([("a", Value::from("x"))]);
        assert_eq!(v.get("a").as_str(), Some("x"));
        assert!(v.get("b").is_null());
        assert!(Value::from("s").get("a").is_null());
    }

    #[test]
    fn known_ness_looks_inside_collections() {
        let v = Value::object([("l", Value::List(vec![Value::from(1), Value::unknown()]))]);
        assert!(!v.is_wholly_known());
        assert!(Value::object([("a", Value::Null)]).is_wholly_known());
    }
}
