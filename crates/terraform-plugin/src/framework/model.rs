//! Typed models: a Terraform type's attributes declared once, as the fields
//! of a struct, with their schema next to them.
//!
//! [`model!`](crate::model) turns
//!
//! ```
//! use terraform_plugin::model;
//! use terraform_plugin::protocol::Type;
//!
//! model! {
//!     /// State and configuration of `example_thing`.
//!     pub struct Thing {
//!         id: Type::String => .computed().description("The thing's name on the server."),
//!         label: Type::String => .required().description("What people see."),
//!     }
//! }
//! ```
//!
//! into a struct whose fields are the attributes' [`Value`]s (known, null or
//! unknown), a constant per attribute name (`Thing::label == "label"`, for
//! attribute paths), the attributes' schema ([`Model::attributes`]) and the
//! conversions from and to the object value Terraform sends. Reading or
//! writing an attribute is a field access, so a misspelt attribute does not
//! compile:
//!
//! ```compile_fail
//! # use terraform_plugin::model;
//! # use terraform_plugin::protocol::Type;
//! # model! { pub struct Thing { label: Type::String => .required().description("d"), } }
//! let thing = Thing::default();
//! let _ = thing.lable; // error[E0609]: no field `lable` on type `Thing`
//! ```

use crate::protocol::{Attribute, AttributePath, Value};

/// What [`model!`](crate::model) implements for each model.
pub trait Model: Clone + Default + std::fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The attribute names, in declaration order.
    const NAMES: &'static [&'static str];

    /// The attributes' schema, in declaration order.
    fn attributes() -> Vec<Attribute>;

    /// Reads an object value (a missing attribute reads as null). Null and
    /// unknown objects give a model whose attributes are all null.
    fn from_value(value: &Value) -> Self;

    /// The object value Terraform expects, with every attribute present.
    fn to_value(&self) -> Value;

    /// An attribute by name, for code driven by a table of names (e.g.
    /// Frappe field lists); `None` for a name the model does not have.
    fn get(&self, name: &str) -> Option<&Value>;

    /// A mutable attribute by name; `None` for a name the model does not have.
    fn get_mut(&mut self, name: &str) -> Option<&mut Value>;

    /// The path of one of this model's attributes (use the name constants:
    /// `Thing::path(Thing::label)`).
    fn path(name: &'static str) -> AttributePath {
        AttributePath::attribute(name)
    }
}

/// Declares a typed model; see the [module documentation](self).
#[macro_export]
macro_rules! model {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident : $ty:expr => $( . $method:ident ( $($arg:expr),* $(,)? ) )*
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        $vis struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $crate::protocol::Value,
            )*
        }

        #[allow(non_upper_case_globals, dead_code)]
        impl $name {
            $(
                #[doc = concat!("The name of the `", stringify!($field), "` attribute.")]
                pub const $field: &'static str = stringify!($field);
            )*
        }

        impl $crate::framework::model::Model for $name {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            fn attributes() -> Vec<$crate::protocol::Attribute> {
                vec![$(
                    $crate::protocol::Attribute::new(stringify!($field), $ty) $( . $method ( $($arg),* ) )*
                ),*]
            }

            fn from_value(value: &$crate::protocol::Value) -> Self {
                Self {
                    $($field: value.get(stringify!($field)).clone(),)*
                }
            }

            fn to_value(&self) -> $crate::protocol::Value {
                $crate::protocol::Value::object([
                    $((stringify!($field), self.$field.clone())),*
                ])
            }

            fn get(&self, name: &str) -> Option<&$crate::protocol::Value> {
                match name {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }

            fn get_mut(&mut self, name: &str) -> Option<&mut $crate::protocol::Value> {
                match name {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Model;
    use crate::protocol::{Block, Schema, Type, Value};

    crate::model! {
        /// A model for the tests.
        struct Sample {
            id: Type::String => .computed().description("The id."),
            name: Type::String => .required().description("The name."),
            tags: Type::set(Type::String) => .optional().sensitive().description("Tags."),
        }
    }

    #[test]
    fn the_schema_comes_from_the_declaration() {
        let attributes = Sample::attributes();
        let names: Vec<&str> = attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, Sample::NAMES);
        assert!(attributes[2].sensitive);
        let schema = Schema::new(0, Block::new("Sample.", attributes));
        assert_eq!(schema.check(), Vec::<String>::new());
    }

    #[test]
    fn values_round_trip_and_missing_attributes_are_null() {
        let value = Value::object([("name", Value::from("a")), ("id", Value::unknown())]);
        let sample = Sample::from_value(&value);
        assert_eq!(sample.name, Value::from("a"));
        assert!(sample.id.is_unknown());
        assert!(sample.tags.is_null());
        let back = sample.to_value();
        assert_eq!(back.get(Sample::name), &Value::from("a"));
        assert!(back.get(Sample::tags).is_null());
        assert_eq!(Sample::from_value(&Value::Null), Sample::default());
    }

    #[test]
    fn attributes_can_be_reached_by_name_for_table_driven_code() {
        let mut sample = Sample::default();
        if let Some(v) = sample.get_mut("name") {
            *v = Value::from("x");
        }
        assert_eq!(sample.get(Sample::name), Some(&Value::from("x")));
        assert_eq!(sample.get("nmae"), None);
        assert_eq!(Sample::path(Sample::tags).to_string(), "tags");
    }
}
