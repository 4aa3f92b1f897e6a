//! The mirror resource's schema file: one resource's schema and identity
//! schema as `terraform providers schema -json` prints them, so the benchmark
//! can give the no-op provider exactly the schema of a real resource.
//!
//! ```json
//! { "resource_schema": { "version": 0, "block": { "attributes": { … }, "block_types": { … } } },
//!   "identity_schema": { "version": 0, "attributes": { "name": { "type": "string", "required_for_import": true } } } }
//! ```
//!
//! `identity_schema` may be left out (a resource without identity). Any part
//! that cannot be understood stops the provider at start, naming the file and
//! the place in it, rather than serving a schema that differs from the one
//! being mirrored.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use terraform_plugin::protocol::schema::{AttributeKind, NestedBlock};
use terraform_plugin::protocol::types::TypeError;
use terraform_plugin::protocol::{Attribute, Block, Nesting, Presence, Schema, Type};

/// Why the schema file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaFileError {
    #[error("cannot read the schema file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the schema file {path} is not JSON: {source}")]
    NotJson {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("the schema file {path}, at {at}: {problem}")]
    Shape { path: PathBuf, at: String, problem: String },
}

/// A resource's schema and, when it has one, its identity schema.
#[derive(Clone, Debug, PartialEq)]
pub struct MirroredSchemas {
    pub resource: Schema,
    pub identity: Option<Schema>,
}

/// Reads and checks the file at `path`.
pub fn load(path: &Path) -> Result<MirroredSchemas, SchemaFileError> {
    let text = std::fs::read(path).map_err(|source| SchemaFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    let json: Json = serde_json::from_slice(&text).map_err(|source| SchemaFileError::NotJson {
        path: path.to_owned(),
        source,
    })?;
    parse(&json).map_err(|Problem { at, problem }| SchemaFileError::Shape {
        path: path.to_owned(),
        at,
        problem,
    })
}

/// What is wrong and where, before the file's path is added.
#[derive(Debug)]
struct Problem {
    at: String,
    problem: String,
}

impl Problem {
    fn new(at: &str, problem: impl Into<String>) -> Self {
        Self {
            at: at.to_owned(),
            problem: problem.into(),
        }
    }
}

fn parse(json: &Json) -> Result<MirroredSchemas, Problem> {
    let top = object(json, "the top level")?;
    let resource_json = top
        .get("resource_schema")
        .ok_or_else(|| Problem::new("the top level", "no \"resource_schema\""))?;
    let resource = resource_schema(resource_json, "resource_schema")?;
    // `Schema::check` also asks for descriptions, which is this project's
    // rule, not Terraform's: a mirrored schema need not have them.
    let refused = resource
        .check()
        .into_iter()
        .find(|problem| !problem.ends_with("missing description"));
    if let Some(first) = refused {
        return Err(Problem::new(
            "resource_schema",
            format!("Terraform would refuse it: {first}"),
        ));
    }
    let identity = match top.get("identity_schema") {
        None | Some(Json::Null) => None,
        Some(identity_json) => Some(identity_schema(identity_json, "identity_schema")?),
    };
    Ok(MirroredSchemas { resource, identity })
}

fn resource_schema(json: &Json, at: &str) -> Result<Schema, Problem> {
    let fields = object(json, at)?;
    let block_json = fields.get("block").ok_or_else(|| Problem::new(at, "no \"block\""))?;
    Ok(Schema::new(
        integer(fields, "version", at)?,
        block(block_json, &format!("{at}.block"))?,
    ))
}

fn identity_schema(json: &Json, at: &str) -> Result<Schema, Problem> {
    let fields = object(json, at)?;
    let mut attributes = Vec::new();
    for (name, attribute_json) in object_field(fields, "attributes", at)? {
        let here = format!("{at}.attributes.{name}");
        let spec = object(attribute_json, &here)?;
        let mut attribute =
            Attribute::new(name.clone(), attribute_type(spec, &here)?).description(text(spec, "description"));
        attribute.presence = if flag(spec, "required_for_import", &here)? {
            Presence::Required
        } else {
            Presence::Optional
        };
        attributes.push(attribute);
    }
    Ok(Schema::new(integer(fields, "version", at)?, Block::new("", attributes)))
}

fn block(json: &Json, at: &str) -> Result<Block, Problem> {
    let fields = object(json, at)?;
    let mut result = Block::new(text(fields, "description"), Vec::new());
    if fields.contains_key("attributes") {
        for (name, attribute_json) in object_field(fields, "attributes", at)? {
            result
                .attributes
                .push(attribute(name, attribute_json, &format!("{at}.attributes.{name}"))?);
        }
    }
    if fields.contains_key("block_types") {
        for (name, nested_json) in object_field(fields, "block_types", at)? {
            let here = format!("{at}.block_types.{name}");
            let nested = object(nested_json, &here)?;
            let inner = nested.get("block").ok_or_else(|| Problem::new(&here, "no \"block\""))?;
            result.blocks.push(NestedBlock {
                type_name: name.clone(),
                block: block(inner, &format!("{here}.block"))?,
                nesting: nesting(nested, &here)?,
                min_items: integer(nested, "min_items", &here)?,
                max_items: integer(nested, "max_items", &here)?,
            });
        }
    }
    Ok(result)
}

fn attribute(name: &str, json: &Json, at: &str) -> Result<Attribute, Problem> {
    let spec = object(json, at)?;
    let mut result = match spec.get("nested_type") {
        Some(nested_json) => {
            let here = format!("{at}.nested_type");
            let nested = object(nested_json, &here)?;
            let mut attributes = Vec::new();
            for (inner, inner_json) in object_field(nested, "attributes", &here)? {
                attributes.push(attribute(inner, inner_json, &format!("{here}.attributes.{inner}"))?);
            }
            Attribute::nested(name, nesting(nested, &here)?, attributes)
        }
        None => Attribute::new(name, attribute_type(spec, at)?),
    }
    .description(text(spec, "description"));
    result.presence = match (
        flag(spec, "required", at)?,
        flag(spec, "optional", at)?,
        flag(spec, "computed", at)?,
    ) {
        (true, false, false) => Presence::Required,
        (false, true, false) => Presence::Optional,
        (false, false, true) => Presence::Computed,
        (false, true, true) => Presence::OptionalComputed,
        _ => {
            return Err(Problem::new(
                at,
                "needs exactly one of required, optional, computed, or optional with computed",
            ))
        }
    };
    result.sensitive = flag(spec, "sensitive", at)?;
    result.write_only = flag(spec, "write_only", at)?;
    if flag(spec, "deprecated", at)? {
        result.deprecated = Some(text(spec, "deprecation_message"));
    }
    if matches!(result.kind, AttributeKind::Nested { .. }) && spec.contains_key("type") {
        return Err(Problem::new(at, "has both \"type\" and \"nested_type\""));
    }
    Ok(result)
}

fn attribute_type(spec: &Map<String, Json>, at: &str) -> Result<Type, Problem> {
    let json = spec.get("type").ok_or_else(|| Problem::new(at, "no \"type\""))?;
    Type::from_json(json).map_err(|TypeError(reason)| Problem::new(at, reason))
}

fn nesting(fields: &Map<String, Json>, at: &str) -> Result<Nesting, Problem> {
    match fields.get("nesting_mode").and_then(Json::as_str) {
        Some("single") => Ok(Nesting::Single),
        Some("list") => Ok(Nesting::List),
        Some("set") => Ok(Nesting::Set),
        Some("map") => Ok(Nesting::Map),
        Some("group") => Ok(Nesting::Group),
        other => Err(Problem::new(at, format!("unknown nesting_mode {other:?}"))),
    }
}

fn object<'a>(json: &'a Json, at: &str) -> Result<&'a Map<String, Json>, Problem> {
    json.as_object()
        .ok_or_else(|| Problem::new(at, format!("expected a JSON object, found {json}")))
}

fn object_field<'a>(fields: &'a Map<String, Json>, key: &str, at: &str) -> Result<&'a Map<String, Json>, Problem> {
    let value = fields
        .get(key)
        .ok_or_else(|| Problem::new(at, format!("no \"{key}\"")))?;
    object(value, &format!("{at}.{key}"))
}

/// A whole number such as `version` or `min_items`; Terraform leaves out the
/// ones that are 0.
fn integer(fields: &Map<String, Json>, key: &str, at: &str) -> Result<i64, Problem> {
    match fields.get(key) {
        None => Ok(0),
        Some(v) => v
            .as_i64()
            .ok_or_else(|| Problem::new(at, format!("\"{key}\" is not an integer: {v}"))),
    }
}

/// A boolean flag; Terraform leaves out the ones that are false.
fn flag(fields: &Map<String, Json>, key: &str, at: &str) -> Result<bool, Problem> {
    match fields.get(key) {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| Problem::new(at, format!("\"{key}\" is not true or false: {v}"))),
    }
}

fn text(fields: &Map<String, Json>, key: &str) -> String {
    fields.get(key).and_then(Json::as_str).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), text).expect("write");
        file
    }

    fn error_of(text: &str) -> String {
        let file = write(text);
        match load(file.path()) {
            Ok(schemas) => panic!("accepted {text}: {schemas:?}"),
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains(&file.path().display().to_string()),
                    "the error does not name the file: {message}"
                );
                message
            }
        }
    }

    #[test]
    fn a_schema_as_terraform_prints_it_is_served_as_it_was() {
        let file = write(
            r#"{
              "resource_schema": { "version": 2, "block": {
                "attributes": {
                  "id":     { "type": "string", "description": "The id.", "computed": true },
                  "secret": { "type": "string", "description": "Hidden.", "optional": true, "computed": true,
                              "sensitive": true },
                  "wo":     { "type": "string", "description": "Never stored.", "optional": true,
                              "write_only": true },
                  "count":  { "type": "number", "description": "How many.", "required": true },
                  "tags":   { "type": ["map", "string"], "description": "Tags.", "optional": true }
                },
                "block_types": {
                  "rule": { "nesting_mode": "list", "min_items": 1,
                            "block": { "attributes": { "on": { "type": "bool", "description": "On.", "optional": true } } } }
                } } },
              "identity_schema": { "version": 1, "attributes": {
                  "name": { "type": "string", "description": "The name.", "required_for_import": true } } }
            }"#,
        );
        let schemas = load(file.path()).expect("a valid file");
        let block = &schemas.resource.block;
        assert_eq!(schemas.resource.version, 2);
        let presence = |name: &str| block.attribute(name).map(|a| a.presence);
        assert_eq!(presence("id"), Some(Presence::Computed));
        assert_eq!(presence("secret"), Some(Presence::OptionalComputed));
        assert_eq!(presence("count"), Some(Presence::Required));
        assert!(block.attribute("secret").is_some_and(|a| a.sensitive));
        assert!(block.attribute("wo").is_some_and(|a| a.write_only));
        assert_eq!(
            schemas.resource.value_type(),
            Type::object([
                ("id", Type::String),
                ("secret", Type::String),
                ("wo", Type::String),
                ("count", Type::Number),
                ("tags", Type::map(Type::String)),
                ("rule", Type::list(Type::object([("on", Type::Bool)]))),
            ])
        );
        assert_eq!(block.blocks[0].min_items, 1);
        let identity = schemas.identity.expect("an identity schema");
        assert_eq!(identity.version, 1);
        assert_eq!(
            identity.block.attribute("name").map(|a| a.presence),
            Some(Presence::Required)
        );
    }

    #[test]
    fn without_an_identity_schema_the_resource_has_none() {
        let file = write(
            r#"{ "resource_schema": { "block": { "attributes": {
            "id": { "type": "string", "description": "The id.", "computed": true } } } } }"#,
        );
        assert_eq!(load(file.path()).expect("a valid file").identity, None);
    }

    #[test]
    fn a_missing_file_is_named_with_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("absent.json");
        let message = load(&path).map(|_| ()).expect_err("no file").to_string();
        assert!(
            message.contains("absent.json") && message.contains("cannot read"),
            "{message}"
        );
    }

    #[test]
    fn a_bad_file_says_what_is_wrong_and_where() {
        for (text, expected) in [
            ("{ not json", "is not JSON"),
            ("[]", "at the top level: expected a JSON object"),
            (r#"{ "identity_schema": null }"#, "no \"resource_schema\""),
            (
                r#"{ "resource_schema": { "version": 0 } }"#,
                "at resource_schema: no \"block\"",
            ),
            (
                r#"{ "resource_schema": { "block": { "attributes": { "x": { "type": "strin", "optional": true } } } } }"#,
                "at resource_schema.block.attributes.x: unknown primitive type \"strin\"",
            ),
            (
                r#"{ "resource_schema": { "block": { "attributes": { "x": { "type": "string" } } } } }"#,
                "at resource_schema.block.attributes.x: needs exactly one of",
            ),
            (
                r#"{ "resource_schema": { "block": { "attributes": { "x": { "type": "string", "optional": "yes" } } } } }"#,
                "\"optional\" is not true or false",
            ),
            (
                r#"{ "resource_schema": { "block": { "block_types": { "b": { "nesting_mode": "bag", "block": {} } } } } }"#,
                "at resource_schema.block.block_types.b: unknown nesting_mode Some(\"bag\")",
            ),
            (
                r#"{ "resource_schema": { "block": { "attributes": { "Bad": { "type": "string", "optional": true } } } } }"#,
                "Terraform would refuse it: Bad: invalid attribute name",
            ),
            (
                r#"{ "resource_schema": { "block": {} }, "identity_schema": { "attributes": { "n": { "required_for_import": true } } } }"#,
                "at identity_schema.attributes.n: no \"type\"",
            ),
        ] {
            let message = error_of(text);
            assert!(
                message.contains(expected),
                "{text}: expected {expected:?} in {message:?}"
            );
        }
    }
}
