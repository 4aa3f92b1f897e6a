//! What a provider, resource, data source or function implements, in terms of
//! the protocol model only. The gRPC adapter in [`crate::plugin`] turns
//! Terraform's RPCs into calls on these traits; nothing here knows about gRPC.

pub mod data_source;
pub mod function;
pub mod list_resource;
pub mod model;
pub mod provider;
pub mod resource;

pub use data_source::DataSource;
pub use function::{Function, FunctionError, FunctionSignature, Parameter};
pub use list_resource::{ListItem, ListRequest, ListResource, ListResult, ListSink, ListValidateRequest};
pub use model::Model;
pub use provider::{Provider, StopSignal};
pub use resource::{
    ApplyRequest, ApplyResponse, ImportRequest, ImportResponse, ImportedResource, PlanRequest, PlanResponse,
    ReadRequest, ReadResponse, Resource, ValidateRequest,
};
