//! The Terraform protocol model, free of gRPC: types, values and their wire
//! encodings, attribute paths, diagnostics and schemas.

pub mod diagnostics;
pub mod json;
pub mod msgpack;
pub mod path;
pub mod schema;
pub mod types;
pub mod value;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use path::{AttributePath, Step};
pub use schema::{Attribute, Block, Nesting, Presence, Schema};
pub use types::Type;
pub use value::{Number, Refinements, Value};
