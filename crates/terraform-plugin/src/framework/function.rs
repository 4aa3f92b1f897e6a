//! Provider functions (`provider::frappe::name(...)`, Terraform ≥ 1.8).

use crate::protocol::{Type, Value};

/// One parameter of a function.
#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    pub ty: Type,
    pub description: String,
    pub allow_null: bool,
}

#[derive(Clone, Debug)]
pub struct FunctionSignature {
    pub parameters: Vec<Parameter>,
    pub return_type: Type,
    /// One line.
    pub summary: String,
    /// Markdown.
    pub description: String,
}

/// Why a call failed; `argument` is the zero-based index of the culprit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    pub text: String,
    pub argument: Option<usize>,
}

/// A pure function: the same arguments always give the same result, and it
/// cannot use the provider's configuration (Terraform may call it before the
/// provider is configured).
pub trait Function: Send + Sync {
    fn name(&self) -> &'static str;
    fn signature(&self) -> FunctionSignature;
    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError>;
}
