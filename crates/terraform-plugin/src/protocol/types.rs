//! Terraform's type system (cty types) and their JSON spelling on the wire.
//!
//! Schemas send attribute types as JSON type constraints (`"string"`,
//! `["list","string"]`, `["object",{"a":"number"}]`, …), and `dynamic` values
//! carry their concrete type in the same notation, so both directions live here.

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// A Terraform type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    String,
    Number,
    Bool,
    /// Any type; the value carries its concrete type with it.
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
    Tuple(Vec<Type>),
}

/// A type constraint that could not be understood.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid type constraint: {0}")]
pub struct TypeError(pub String);

/// How deep a type expression may nest before we refuse it. Real schemas are a
/// few levels deep; the bound keeps hostile input from exhausting the stack.
const MAX_TYPE_DEPTH: usize = 64;

impl Type {
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    pub fn object<I, K>(attributes: I) -> Type
    where
        I: IntoIterator<Item = (K, Type)>,
        K: Into<String>,
    {
        Type::Object(attributes.into_iter().map(|(k, t)| (k.into(), t)).collect())
    }

    /// The JSON form Terraform expects in `Schema.Attribute.type`.
    pub fn to_json(&self) -> Json {
        match self {
            Type::String => Json::from("string"),
            Type::Number => Json::from("number"),
            Type::Bool => Json::from("bool"),
            Type::Dynamic => Json::from("dynamic"),
            Type::List(e) => Json::Array(vec!["list".into(), e.to_json()]),
            Type::Set(e) => Json::Array(vec!["set".into(), e.to_json()]),
            Type::Map(e) => Json::Array(vec!["map".into(), e.to_json()]),
            Type::Object(attrs) => {
                let fields = attrs
                    .iter()
                    .map(|(name, ty)| (name.clone(), ty.to_json()))
                    .collect::<serde_json::Map<_, _>>();
                Json::Array(vec!["object".into(), Json::Object(fields)])
            }
            Type::Tuple(elems) => Json::Array(vec![
                "tuple".into(),
                Json::Array(elems.iter().map(Type::to_json).collect()),
            ]),
        }
    }

    /// The JSON text of [`Type::to_json`], as bytes for the protocol.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Serialising a `serde_json::Value` into memory cannot fail.
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }

    /// Parses a JSON type constraint.
    pub fn from_json(json: &Json) -> Result<Type, TypeError> {
        Self::from_json_at_depth(json, 0)
    }

    pub fn from_json_bytes(bytes: &[u8]) -> Result<Type, TypeError> {
        let json: Json = serde_json::from_slice(bytes).map_err(|e| TypeError(e.to_string()))?;
        Self::from_json(&json)
    }

    fn from_json_at_depth(json: &Json, depth: usize) -> Result<Type, TypeError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(TypeError("type nests too deeply".into()));
        }
        let nested = |j: &Json| Self::from_json_at_depth(j, depth + 1);
        match json {
            Json::String(s) => match s.as_str() {
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "bool" => Ok(Type::Bool),
                "dynamic" => Ok(Type::Dynamic),
                other => Err(TypeError(format!("unknown primitive type {other:?}"))),
            },
            Json::Array(parts) => {
                let kind = parts.first().and_then(Json::as_str).unwrap_or_default();
                let arg = parts
                    .get(1)
                    .ok_or_else(|| TypeError(format!("{kind:?} needs an argument")))?;
                match kind {
                    "list" => Ok(Type::list(nested(arg)?)),
                    "set" => Ok(Type::set(nested(arg)?)),
                    "map" => Ok(Type::map(nested(arg)?)),
                    // A third element lists optional attributes (type constraints
                    // only); it does not change the wire form of the value.
                    "object" => {
                        let fields = arg
                            .as_object()
                            .ok_or_else(|| TypeError("object needs a map of attributes".into()))?;
                        let mut attrs = BTreeMap::new();
                        for (name, ty) in fields {
                            attrs.insert(name.clone(), nested(ty)?);
                        }
                        Ok(Type::Object(attrs))
                    }
                    "tuple" => {
                        let elems = arg
                            .as_array()
                            .ok_or_else(|| TypeError("tuple needs a list of types".into()))?;
                        Ok(Type::Tuple(elems.iter().map(nested).collect::<Result<_, _>>()?))
                    }
                    other => Err(TypeError(format!("unknown type kind {other:?}"))),
                }
            }
            other => Err(TypeError(format!("unexpected JSON {other}"))),
        }
    }

    /// Whether values of this type may hold a `dynamic` part anywhere inside.
    pub fn contains_dynamic(&self) -> bool {
        match self {
            Type::Dynamic => true,
            Type::String | Type::Number | Type::Bool => false,
            Type::List(e) | Type::Set(e) | Type::Map(e) => e.contains_dynamic(),
            Type::Object(attrs) => attrs.values().any(Type::contains_dynamic),
            Type::Tuple(elems) => elems.iter().any(Type::contains_dynamic),
        }
    }
}

/// An object type with an attribute of every kind, for codec tests.
#[cfg(test)]
pub(crate) fn object_of_every_kind() -> Type {
    Type::object([
        ("s", Type::String),
        ("n", Type::Number),
        ("b", Type::Bool),
        ("l", Type::list(Type::String)),
        ("st", Type::set(Type::Number)),
        ("m", Type::map(Type::Bool)),
        ("t", Type::Tuple(vec![Type::String, Type::Number])),
        ("d", Type::Dynamic),
        ("o", Type::object([("inner", Type::String)])),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_round_trip_of_every_kind() {
        let ty = object_of_every_kind();
        let json = ty.to_json();
        assert_eq!(json[0], json!("object"));
        assert_eq!(json[1]["l"], json!(["list", "string"]));
        assert_eq!(json[1]["t"], json!(["tuple", ["string", "number"]]));
        assert_eq!(Type::from_json(&json), Ok(ty));
    }

    #[test]
    fn optional_attribute_list_is_accepted() {
        let json = json!(["object", {"a": "string"}, ["a"]]);
        assert_eq!(Type::from_json(&json), Ok(Type::object([("a", Type::String)])));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bad in [
            json!("strin"),
            json!(["list"]),
            json!(["object", []]),
            json!(42),
            json!(["frob", "string"]),
        ] {
            assert!(Type::from_json(&bad).is_err(), "{bad} accepted");
        }
        assert!(Type::from_json_bytes(b"\xff").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut json = json!("string");
        for _ in 0..100 {
            json = json!(["list", json]);
        }
        assert!(Type::from_json(&json).is_err());
    }
}
