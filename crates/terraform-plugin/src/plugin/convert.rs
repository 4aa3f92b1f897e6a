//! Conversions between the generated tfplugin6 messages and the protocol model.

use crate::framework::FunctionSignature;
use crate::proto::tfplugin6 as pb;
use crate::protocol::schema::{AttributeKind, Nesting};
use crate::protocol::{json, msgpack, AttributePath, Diagnostic, Diagnostics, Schema, Severity, Step, Type, Value};

/// Markdown, as opposed to plain text (`StringKind.MARKDOWN`).
const MARKDOWN: i32 = 1;

/// Decodes a `DynamicValue` of type `ty`: msgpack if present, else JSON, else null.
pub fn decode_dynamic(value: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, Diagnostic> {
    let Some(value) = value else { return Ok(Value::Null) };
    let decoded = if !value.msgpack.is_empty() {
        msgpack::decode(&value.msgpack, ty).map_err(|e| e.to_string())
    } else if !value.json.is_empty() {
        json::decode(&value.json, ty).map_err(|e| e.to_string())
    } else {
        Ok(Value::Null)
    };
    decoded.map_err(|e| {
        Diagnostic::error(
            "Terraform sent a value the provider could not decode",
            format!("{e}. This is a bug in the provider or an incompatible Terraform version; please report it."),
        )
    })
}

/// Encodes a value as msgpack, the form Terraform prefers.
pub fn encode_dynamic(value: &Value, ty: &Type) -> Result<pb::DynamicValue, Diagnostic> {
    msgpack::encode(value, ty)
        .map(|msgpack| pb::DynamicValue {
            msgpack,
            json: Vec::new(),
        })
        .map_err(|e| {
            Diagnostic::error(
                "The provider produced a value it could not encode",
                format!("{e}. This is a bug in the provider; please report it."),
            )
        })
}

pub fn attribute_path(path: &AttributePath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .steps
            .iter()
            .map(|step| pb::attribute_path::Step {
                selector: Some(match step {
                    Step::Attribute(name) => Selector::AttributeName(name.clone()),
                    Step::Key(key) => Selector::ElementKeyString(key.clone()),
                    Step::Index(index) => Selector::ElementKeyInt(*index),
                }),
            })
            .collect(),
    }
}

pub fn diagnostic(d: &Diagnostic) -> pb::Diagnostic {
    pb::Diagnostic {
        severity: match d.severity {
            Severity::Error => pb::diagnostic::Severity::Error as i32,
            Severity::Warning => pb::diagnostic::Severity::Warning as i32,
        },
        summary: d.summary.clone(),
        detail: d.detail.clone(),
        attribute: d.attribute.as_ref().map(attribute_path),
    }
}

pub fn diagnostics(ds: &Diagnostics) -> Vec<pb::Diagnostic> {
    ds.iter().map(diagnostic).collect()
}

pub fn schema(s: &Schema) -> pb::Schema {
    pb::Schema {
        version: s.version,
        block: Some(block(&s.block)),
    }
}

fn block(b: &crate::protocol::Block) -> pb::schema::Block {
    pb::schema::Block {
        version: 0,
        attributes: b.attributes.iter().map(attribute).collect(),
        block_types: b
            .blocks
            .iter()
            .map(|nb| pb::schema::NestedBlock {
                type_name: nb.type_name.clone(),
                block: Some(block(&nb.block)),
                nesting: block_nesting(nb.nesting) as i32,
                min_items: nb.min_items,
                max_items: nb.max_items,
            })
            .collect(),
        description: b.description.clone(),
        description_kind: MARKDOWN,
        deprecated: b.deprecated.is_some(),
        deprecation_message: b.deprecated.clone().unwrap_or_default(),
    }
}

fn block_nesting(n: Nesting) -> pb::schema::nested_block::NestingMode {
    use pb::schema::nested_block::NestingMode as M;
    match n {
        Nesting::Single => M::Single,
        Nesting::List => M::List,
        Nesting::Set => M::Set,
        Nesting::Map => M::Map,
        Nesting::Group => M::Group,
    }
}

fn attribute(a: &crate::protocol::Attribute) -> pb::schema::Attribute {
    use crate::protocol::Presence;
    use pb::schema::object::NestingMode as M;
    // Exactly one of `type` and `nested_type` may be set, or Terraform
    // rejects the whole schema.
    let (ty, nested_type) = match &a.kind {
        AttributeKind::Plain(ty) => (ty.to_json_bytes(), None),
        AttributeKind::Nested { attributes, nesting } => (
            Vec::new(),
            Some(pb::schema::Object {
                attributes: attributes.iter().map(attribute).collect(),
                nesting: match nesting {
                    Nesting::Single | Nesting::Group => M::Single,
                    Nesting::List => M::List,
                    Nesting::Set => M::Set,
                    Nesting::Map => M::Map,
                } as i32,
                // Deprecated in the protocol and never read by Terraform.
                ..Default::default()
            }),
        ),
    };
    pb::schema::Attribute {
        name: a.name.clone(),
        r#type: ty,
        nested_type,
        description: a.description.clone(),
        required: a.presence == Presence::Required,
        optional: matches!(a.presence, Presence::Optional | Presence::OptionalComputed),
        computed: matches!(a.presence, Presence::Computed | Presence::OptionalComputed),
        sensitive: a.sensitive,
        description_kind: MARKDOWN,
        deprecated: a.deprecated.is_some(),
        write_only: a.write_only,
        deprecation_message: a.deprecated.clone().unwrap_or_default(),
    }
}

/// An identity schema travels as a flat list of attributes.
pub fn identity_schema(s: &Schema) -> pb::ResourceIdentitySchema {
    use crate::protocol::Presence;
    pb::ResourceIdentitySchema {
        version: s.version,
        identity_attributes: s
            .block
            .attributes
            .iter()
            .map(|a| pb::resource_identity_schema::IdentityAttribute {
                name: a.name.clone(),
                r#type: a.value_type().to_json_bytes(),
                required_for_import: a.presence == Presence::Required,
                optional_for_import: a.presence != Presence::Required,
                description: a.description.clone(),
            })
            .collect(),
    }
}

pub fn function(sig: &FunctionSignature) -> pb::Function {
    pb::Function {
        parameters: sig
            .parameters
            .iter()
            .map(|p| pb::function::Parameter {
                name: p.name.clone(),
                r#type: p.ty.to_json_bytes(),
                allow_null_value: p.allow_null,
                allow_unknown_values: false,
                description: p.description.clone(),
                description_kind: MARKDOWN,
            })
            .collect(),
        variadic_parameter: None,
        r#return: Some(pb::function::Return {
            r#type: sig.return_type.to_json_bytes(),
        }),
        summary: sig.summary.clone(),
        description: sig.description.clone(),
        description_kind: MARKDOWN,
        deprecation_message: String::new(),
    }
}

/// Sets every write-only attribute of a block value to null. Terraform rejects
/// any response that carries a value for one, whatever the operation.
pub fn null_write_only(value: &mut Value, block: &crate::protocol::Block) {
    if let Value::Object(attrs) = value {
        for attr in &block.attributes {
            if attr.write_only {
                attrs.insert(attr.name.clone(), Value::Null);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Attribute, Block};

    #[test]
    fn nested_attributes_set_only_nested_type() {
        let s = Schema::new(
            0,
            Block::new(
                "",
                vec![
                    Attribute::nested("n", Nesting::List, vec![Attribute::string("x").description("x")])
                        .description("n"),
                    Attribute::string("plain").description("p"),
                ],
            ),
        );
        let pb = schema(&s);
        let attrs = pb.block.unwrap().attributes;
        assert!(attrs[0].r#type.is_empty());
        assert!(attrs[0].nested_type.is_some());
        assert_eq!(attrs[1].r#type, b"\"string\"");
        assert!(attrs[1].nested_type.is_none());
    }

    #[test]
    fn empty_dynamic_value_is_null_and_json_is_accepted() {
        assert_eq!(decode_dynamic(None, &Type::String), Ok(Value::Null));
        let empty = pb::DynamicValue::default();
        assert_eq!(decode_dynamic(Some(&empty), &Type::String), Ok(Value::Null));
        let json = pb::DynamicValue {
            msgpack: Vec::new(),
            json: b"\"hi\"".to_vec(),
        };
        assert_eq!(decode_dynamic(Some(&json), &Type::String), Ok(Value::from("hi")));
        let garbage = pb::DynamicValue {
            msgpack: vec![0xc1],
            json: Vec::new(),
        };
        assert!(decode_dynamic(Some(&garbage), &Type::String).is_err());
    }
}
