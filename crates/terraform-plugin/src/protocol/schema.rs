//! Schemas: what attributes a provider, resource or data source has, and how
//! Terraform must treat each one.
//!
//! [`Schema::check`] applies the rules Terraform uses to reject a provider's
//! schema ("invalid schema … which is a bug in the provider"), so a mistake is
//! caught by a unit test instead of by every user's `terraform init`.

use std::collections::{BTreeMap, BTreeSet};

use super::types::Type;

/// Whether the user must, may or cannot set an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Set by the provider only.
    Computed,
    /// Set by the user, or by the provider when the user leaves it out.
    OptionalComputed,
}

/// How a nested attribute or block holds its objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    List,
    Set,
    Map,
    /// Blocks only: like `Single`, but an absent block reads as all-null.
    Group,
}

/// The type of an attribute: a plain type, or nested attributes.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeKind {
    Plain(Type),
    Nested {
        attributes: Vec<Attribute>,
        nesting: Nesting,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub kind: AttributeKind,
    /// Markdown.
    pub description: String,
    pub presence: Presence,
    pub sensitive: bool,
    /// Accepted in configuration (even ephemeral values) but never stored:
    /// the provider returns null for it everywhere.
    pub write_only: bool,
    /// A deprecation message; `Some` marks the attribute deprecated.
    pub deprecated: Option<String>,
}

impl Attribute {
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Self {
            name: name.into(),
            kind: AttributeKind::Plain(ty),
            description: String::new(),
            presence: Presence::Optional,
            sensitive: false,
            write_only: false,
            deprecated: None,
        }
    }

    pub fn string(name: impl Into<String>) -> Self {
        Self::new(name, Type::String)
    }

    pub fn bool(name: impl Into<String>) -> Self {
        Self::new(name, Type::Bool)
    }

    pub fn number(name: impl Into<String>) -> Self {
        Self::new(name, Type::Number)
    }

    pub fn nested(name: impl Into<String>, nesting: Nesting, attributes: Vec<Attribute>) -> Self {
        Self {
            kind: AttributeKind::Nested { attributes, nesting },
            ..Self::new(name, Type::Dynamic)
        }
    }

    /// Turns the attribute into nested attributes held with `nesting`
    /// (for `model!`, which starts every attribute from a type).
    pub fn nested_in(mut self, nesting: Nesting, attributes: Vec<Attribute>) -> Self {
        self.kind = AttributeKind::Nested { attributes, nesting };
        self
    }

    pub fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }

    pub fn optional(mut self) -> Self {
        self.presence = Presence::Optional;
        self
    }

    pub fn computed(mut self) -> Self {
        self.presence = Presence::Computed;
        self
    }

    pub fn optional_computed(mut self) -> Self {
        self.presence = Presence::OptionalComputed;
        self
    }

    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    pub fn write_only(mut self) -> Self {
        self.write_only = true;
        self
    }

    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = text.into();
        self
    }

    pub fn deprecated(mut self, message: impl Into<String>) -> Self {
        self.deprecated = Some(message.into());
        self
    }

    /// The type of this attribute's value.
    pub fn value_type(&self) -> Type {
        match &self.kind {
            AttributeKind::Plain(ty) => ty.clone(),
            AttributeKind::Nested { attributes, nesting } => {
                let object = Type::Object(attributes.iter().map(|a| (a.name.clone(), a.value_type())).collect());
                match nesting {
                    Nesting::Single | Nesting::Group => object,
                    Nesting::List => Type::list(object),
                    Nesting::Set => Type::set(object),
                    Nesting::Map => Type::map(object),
                }
            }
        }
    }
}

/// A nested block (`name { … }` in HCL).
#[derive(Clone, Debug, PartialEq)]
pub struct NestedBlock {
    pub type_name: String,
    pub block: Block,
    pub nesting: Nesting,
    pub min_items: i64,
    pub max_items: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    /// Markdown.
    pub description: String,
    pub deprecated: Option<String>,
}

impl Block {
    pub fn new(description: impl Into<String>, attributes: Vec<Attribute>) -> Self {
        Self {
            attributes,
            description: description.into(),
            ..Self::default()
        }
    }

    /// The object type of a value of this block.
    pub fn value_type(&self) -> Type {
        let mut attrs: BTreeMap<String, Type> = self
            .attributes
            .iter()
            .map(|a| (a.name.clone(), a.value_type()))
            .collect();
        for nested in &self.blocks {
            let object = nested.block.value_type();
            let ty = match nested.nesting {
                Nesting::Single | Nesting::Group => object,
                Nesting::List => Type::list(object),
                Nesting::Set => Type::set(object),
                Nesting::Map => Type::map(object),
            };
            attrs.insert(nested.type_name.clone(), ty);
        }
        Type::Object(attrs)
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// A versioned schema. The version is bumped when stored state needs upgrading.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
}

impl Schema {
    pub fn new(version: i64, block: Block) -> Self {
        Self { version, block }
    }

    pub fn value_type(&self) -> Type {
        self.block.value_type()
    }

    /// Terraform's own consistency rules for schemas; returns every violation.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.version < 0 {
            problems.push("schema version must not be negative".into());
        }
        check_block(&self.block, "", &mut problems);
        problems
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z' | '_')) && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

fn check_block(block: &Block, prefix: &str, problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for attr in &block.attributes {
        check_attribute(attr, prefix, false, problems);
        if !seen.insert(attr.name.as_str()) {
            problems.push(format!("{prefix}{}: declared twice", attr.name));
        }
    }
    for nested in &block.blocks {
        let path = format!("{prefix}{}", nested.type_name);
        if !valid_name(&nested.type_name) {
            problems.push(format!("{path}: invalid block name"));
        }
        if !seen.insert(nested.type_name.as_str()) {
            problems.push(format!("{path}: name used for both an attribute and a block"));
        }
        match nested.nesting {
            Nesting::Single => {
                if nested.min_items != nested.max_items || !(0..=1).contains(&nested.min_items) {
                    problems.push(format!("{path}: single blocks need min_items = max_items = 0 or 1"));
                }
            }
            Nesting::Group | Nesting::Map => {
                if nested.min_items != 0 || nested.max_items != 0 {
                    problems.push(format!("{path}: group and map blocks cannot set min/max items"));
                }
            }
            Nesting::List | Nesting::Set => {
                if nested.min_items < 0 || nested.max_items < 0 {
                    problems.push(format!("{path}: min/max items must not be negative"));
                }
                if nested.max_items != 0 && nested.min_items > nested.max_items {
                    problems.push(format!("{path}: min_items is greater than max_items"));
                }
            }
        }
        if nested.nesting == Nesting::Set && block_has_dynamic_or_write_only(&nested.block) {
            problems.push(format!(
                "{path}: set blocks cannot contain dynamic or write-only attributes"
            ));
        }
        check_block(&nested.block, &format!("{path}."), problems);
    }
}

fn block_has_dynamic_or_write_only(block: &Block) -> bool {
    block
        .attributes
        .iter()
        .any(|a| a.write_only || a.value_type().contains_dynamic())
        || block.blocks.iter().any(|b| block_has_dynamic_or_write_only(&b.block))
}

fn check_attribute(attr: &Attribute, prefix: &str, inside_set: bool, problems: &mut Vec<String>) {
    let path = format!("{prefix}{}", attr.name);
    if !valid_name(&attr.name) {
        problems.push(format!("{path}: invalid attribute name"));
    }
    if attr.description.trim().is_empty() {
        // Not a Terraform rule, but ours: every attribute explains itself.
        problems.push(format!("{path}: missing description"));
    }
    if attr.write_only {
        // Nothing but the configuration can give a write-only attribute a
        // value, so computed-only makes no sense. Optional and computed is
        // allowed: Terraform's own schema check
        // (`internal/configs/configschema/internal_validate.go`) has no such
        // rule, and its configuration generator
        // (`internal/genconfig/generate_config.go`
        // `writeConfigAttributesFromExisting`) leaves out a null computed
        // attribute where it would write `x = null # sensitive` otherwise.
        if attr.presence == Presence::Computed {
            problems.push(format!("{path}: write-only attributes cannot be computed-only"));
        }
        if inside_set {
            problems.push(format!("{path}: write-only attributes cannot be inside a set"));
        }
    }
    if let AttributeKind::Nested { attributes, nesting } = &attr.kind {
        if *nesting == Nesting::Group {
            problems.push(format!("{path}: nested attributes cannot use group nesting"));
        }
        let in_set = inside_set || *nesting == Nesting::Set;
        for nested in attributes {
            if in_set && nested.value_type().contains_dynamic() {
                problems.push(format!("{path}.{}: dynamic types cannot be inside a set", nested.name));
            }
            check_attribute(nested, &format!("{path}."), in_set, problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_type_covers_attributes_and_blocks() {
        let block = Block {
            attributes: vec![
                Attribute::string("a").required().description("a"),
                Attribute::nested(
                    "n",
                    Nesting::List,
                    vec![Attribute::bool("x").optional().description("x")],
                )
                .description("n"),
            ],
            blocks: vec![NestedBlock {
                type_name: "b".into(),
                block: Block::new("b", vec![Attribute::number("y").optional().description("y")]),
                nesting: Nesting::Set,
                min_items: 0,
                max_items: 0,
            }],
            ..Block::default()
        };
        assert_eq!(
            block.value_type(),
            Type::object([
                ("a", Type::String),
                ("n", Type::list(Type::object([("x", Type::Bool)]))),
                ("b", Type::set(Type::object([("y", Type::Number)]))),
            ])
        );
    }

    #[test]
    fn check_finds_what_terraform_rejects() {
        let bad = Schema::new(
            -1,
            Block::new(
                "",
                vec![
                    Attribute::string("Bad-Name").description("d"),
                    Attribute::string("wo").write_only().computed().description("d"),
                    Attribute::string("dup").description("d"),
                    Attribute::string("dup").description("d"),
                    Attribute::string("undocumented"),
                ],
            ),
        );
        let problems = bad.check();
        for expected in [
            "version",
            "Bad-Name",
            "write-only",
            "declared twice",
            "missing description",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected} not reported in {problems:?}"
            );
        }
    }

    #[test]
    fn an_optional_computed_write_only_attribute_is_accepted() {
        let schema = Schema::new(
            0,
            Block::new(
                "",
                vec![Attribute::string("secret_wo")
                    .write_only()
                    .optional_computed()
                    .description("d")],
            ),
        );
        assert_eq!(schema.check(), Vec::<String>::new());
    }
}
