//! The JSON form of values: the fallback `DynamicValue` encoding and the form of
//! raw state handed to `UpgradeResourceState`.
//!
//! Unknown values cannot be written in JSON; Terraform never sends them in
//! this form, so encountering one while encoding is an error.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::types::Type;
use super::value::{Number, Value};

const MAX_DEPTH: usize = 64;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JsonError {
    #[error("invalid JSON: {0}")]
    Syntax(String),
    #[error("expected {expected}, found {found}")]
    Mismatch { expected: &'static str, found: String },
    #[error("object has unsupported attribute {0:?}")]
    UnsupportedAttribute(String),
    #[error("tuple needs {expected} elements, got {got}")]
    TupleLength { expected: usize, got: usize },
    #[error("unknown values cannot be written as JSON")]
    Unknown,
    #[error("value nests too deeply")]
    TooDeep,
}

/// Decodes JSON text as a value of type `ty`.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, JsonError> {
    let json: Json = serde_json::from_slice(bytes).map_err(|e| JsonError::Syntax(e.to_string()))?;
    from_json(&json, ty)
}

/// Converts an already-parsed JSON document into a value of type `ty`.
pub fn from_json(json: &Json, ty: &Type) -> Result<Value, JsonError> {
    convert(json, ty, 0)
}

/// Encodes `value` of type `ty` as JSON text.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, JsonError> {
    let json = to_json(value, ty)?;
    serde_json::to_vec(&json).map_err(|e| JsonError::Syntax(e.to_string()))
}

fn describe(json: &Json) -> String {
    match json {
        Json::Null => "null".into(),
        Json::Bool(_) => "a bool".into(),
        Json::Number(_) => "a number".into(),
        Json::String(_) => "a string".into(),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

fn mismatch(expected: &'static str, json: &Json) -> JsonError {
    JsonError::Mismatch {
        expected,
        found: describe(json),
    }
}

fn convert(json: &Json, ty: &Type, depth: usize) -> Result<Value, JsonError> {
    if depth > MAX_DEPTH {
        return Err(JsonError::TooDeep);
    }
    if json.is_null() {
        return Ok(Value::Null);
    }
    Ok(match ty {
        Type::String => match json {
            Json::String(s) => Value::String(s.clone()),
            // cty's JSON decoder accepts numbers and bools for strings.
            Json::Number(n) => Value::String(n.to_string()),
            Json::Bool(b) => Value::String(b.to_string()),
            other => return Err(mismatch("a string", other)),
        },
        Type::Number => match json {
            Json::Number(n) => Value::Number(number_from_json(n)),
            Json::String(s) => match s.parse::<serde_json::Number>() {
                Ok(n) => Value::Number(number_from_json(&n)),
                Err(_) => return Err(mismatch("a number", json)),
            },
            other => return Err(mismatch("a number", other)),
        },
        Type::Bool => match json {
            Json::Bool(b) => Value::Bool(*b),
            Json::String(s) if s == "true" => Value::Bool(true),
            Json::String(s) if s == "false" => Value::Bool(false),
            other => return Err(mismatch("a bool", other)),
        },
        Type::List(elem) | Type::Set(elem) => {
            let items = json.as_array().ok_or_else(|| mismatch("an array", json))?;
            let values = items
                .iter()
                .map(|item| convert(item, elem, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(ty, Type::Set(_)) {
                Value::Set(values)
            } else {
                Value::List(values)
            }
        }
        Type::Tuple(elems) => {
            let items = json.as_array().ok_or_else(|| mismatch("an array", json))?;
            if items.len() != elems.len() {
                return Err(JsonError::TupleLength {
                    expected: elems.len(),
                    got: items.len(),
                });
            }
            Value::Tuple(
                items
                    .iter()
                    .zip(elems)
                    .map(|(item, t)| convert(item, t, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        Type::Map(elem) => {
            let entries = json.as_object().ok_or_else(|| mismatch("an object", json))?;
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                out.insert(k.clone(), convert(v, elem, depth + 1)?);
            }
            Value::Map(out)
        }
        Type::Object(attrs) => {
            let fields = json.as_object().ok_or_else(|| mismatch("an object", json))?;
            let mut out = BTreeMap::new();
            for (k, v) in fields {
                let attr_ty = attrs.get(k).ok_or_else(|| JsonError::UnsupportedAttribute(k.clone()))?;
                out.insert(k.clone(), convert(v, attr_ty, depth + 1)?);
            }
            for name in attrs.keys() {
                out.entry(name.clone()).or_insert(Value::Null);
            }
            Value::Object(out)
        }
        Type::Dynamic => {
            // {"type": <type>, "value": <value>}
            let obj = json
                .as_object()
                .ok_or_else(|| mismatch("a dynamic value object", json))?;
            let type_json = obj.get("type").ok_or_else(|| mismatch("a \"type\" key", json))?;
            let concrete = Type::from_json(type_json).map_err(|e| JsonError::Syntax(e.to_string()))?;
            let inner = convert(obj.get("value").unwrap_or(&Json::Null), &concrete, depth + 1)?;
            Value::Dynamic(Box::new((concrete, inner)))
        }
    })
}

fn number_from_json(n: &serde_json::Number) -> Number {
    if let Some(i) = n.as_i64() {
        Number::Int(i)
    } else if let Some(u) = n.as_u64() {
        Number::UInt(u)
    } else {
        // With arbitrary precision the text is exact; keep it when a float
        // would round it.
        let text = n.to_string();
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() && format!("{f}") == text => Number::Float(f),
            _ => Number::Decimal(text),
        }
    }
}

/// Converts a value into a JSON document (nulls included).
pub fn to_json(value: &Value, ty: &Type) -> Result<Json, JsonError> {
    if let Type::Dynamic = ty {
        return match value {
            Value::Null => Ok(Json::Null),
            Value::Unknown(_) => Err(JsonError::Unknown),
            Value::Dynamic(d) => Ok(serde_json::json!({"type": d.0.to_json(), "value": to_json(&d.1, &d.0)?})),
            known => {
                let concrete = known.infer_type();
                Ok(serde_json::json!({"type": concrete.to_json(), "value": to_json(known, &concrete)?}))
            }
        };
    }
    Ok(match (value, ty) {
        (Value::Null, _) => Json::Null,
        (Value::Unknown(_), _) => return Err(JsonError::Unknown),
        (Value::Dynamic(d), _) => to_json(&d.1, ty)?,
        (Value::String(s), _) => Json::String(s.clone()),
        (Value::Bool(b), _) => Json::Bool(*b),
        (Value::Number(n), _) => number_to_json(n),
        (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::List(elem) | Type::Set(elem)) => {
            Json::Array(items.iter().map(|v| to_json(v, elem)).collect::<Result<_, _>>()?)
        }
        (Value::List(items) | Value::Tuple(items), Type::Tuple(elems)) => Json::Array(
            items
                .iter()
                .zip(elems)
                .map(|(v, t)| to_json(v, t))
                .collect::<Result<_, _>>()?,
        ),
        (Value::Map(m) | Value::Object(m), Type::Map(elem)) => Json::Object(
            m.iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v, elem)?)))
                .collect::<Result<_, JsonError>>()?,
        ),
        (Value::Object(m) | Value::Map(m), Type::Object(attrs)) => Json::Object(
            attrs
                .iter()
                .map(|(k, t)| Ok((k.clone(), to_json(m.get(k).unwrap_or(&Value::Null), t)?)))
                .collect::<Result<_, JsonError>>()?,
        ),
        (_, _) => {
            return Err(JsonError::Mismatch {
                expected: "a value matching the type",
                found: format!("{value:?}"),
            })
        }
    })
}

fn number_to_json(n: &Number) -> Json {
    match n {
        Number::Int(i) => Json::from(*i),
        Number::UInt(u) => Json::from(*u),
        Number::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Number::Decimal(s) => s
            .parse::<serde_json::Number>()
            .map_or_else(|_| Json::String(s.clone()), Json::Number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::types::object_of_every_kind;

    #[test]
    fn round_trips_every_type_through_json() {
        let ty = object_of_every_kind();
        let value = Value::object([
            ("s", Value::from("hello")),
            (
                "n",
                Value::Number(Number::Decimal("123456789012345678901234567890.5".into())),
            ),
            ("b", Value::Bool(true)),
            ("l", Value::List(vec![Value::from("a"), Value::Null])),
            (
                "st",
                Value::Set(vec![Value::from(1), Value::Number(Number::Float(2.5))]),
            ),
            ("m", Value::Map([("k".to_string(), Value::Bool(false))].into())),
            ("t", Value::Tuple(vec![Value::from("x"), Value::from(-4)])),
            ("d", Value::Dynamic(Box::new((Type::String, Value::from("dyn"))))),
            ("o", Value::Null),
        ]);
        let bytes = encode(&value, &ty).unwrap();
        assert_eq!(decode(&bytes, &ty).unwrap(), value);
    }

    #[test]
    fn big_decimals_keep_every_digit() {
        let v = decode(b"123456789012345678901234567890.123456789", &Type::Number).unwrap();
        assert_eq!(
            v,
            Value::Number(Number::Decimal("123456789012345678901234567890.123456789".into()))
        );
        assert_eq!(
            decode(b"0.1", &Type::Number).unwrap(),
            Value::Number(Number::Float(0.1))
        );
    }

    #[test]
    fn missing_attributes_become_null_and_unknown_ones_are_refused() {
        let ty = Type::object([("a", Type::String), ("b", Type::String)]);
        let v = decode(br#"{"a":"x"}"#, &ty).unwrap();
        assert!(v.get("b").is_null());
        assert_eq!(
            decode(br#"{"c":"x"}"#, &ty),
            Err(JsonError::UnsupportedAttribute("c".into()))
        );
    }

    #[test]
    fn unknown_cannot_be_encoded() {
        assert_eq!(encode(&Value::unknown(), &Type::String), Err(JsonError::Unknown));
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = decode(&bytes, &object_of_every_kind());
            let _ = decode(&bytes, &Type::Dynamic);
        }

        #[test]
        fn random_json_text_never_panics(text in "[\\[\\]{}\",:0-9a-z. -]{0,64}") {
            let _ = decode(text.as_bytes(), &object_of_every_kind());
            let _ = decode(text.as_bytes(), &Type::list(Type::Dynamic));
        }

        #[test]
        fn truncated_state_is_an_error(cut in 0usize..120) {
            let ty = object_of_every_kind();
            let value = Value::object([("s", Value::from("x")), ("l", Value::List(vec![Value::from("a")]))]);
            let bytes = encode(&value, &ty).unwrap();
            let cut = cut.min(bytes.len().saturating_sub(1));
            proptest::prop_assert!(decode(&bytes[..cut], &ty).is_err());
        }
    }

    #[test]
    fn garbage_is_an_error() {
        let ty = object_of_every_kind();
        for bad in [&b"{"[..], b"[1,2]", b"{\"s\": {}}", b"\xff\xfe", b"{\"t\": [1]}"] {
            assert!(decode(bad, &ty).is_err());
        }
    }
}
