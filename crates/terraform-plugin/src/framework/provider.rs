//! The provider as a whole: its configuration and what it offers.

use async_trait::async_trait;
use tokio_util::sync::CancellationToken;

use super::{DataSource, Function, ListResource, Resource};
use crate::protocol::{Diagnostics, Schema, Value};

/// Fired when Terraform asks the provider to stop (Ctrl-C): work in flight
/// should give up promptly and report that it was cancelled.
pub type StopSignal = CancellationToken;

/// A Terraform provider. `Client` is what `configure` produces and every
/// resource, data source and function of this provider receives.
#[async_trait]
pub trait Provider: Send + Sync + 'static {
    type Client: Send + Sync + 'static;

    /// The short name, as in `provider "frappe"` and resource prefixes.
    fn name(&self) -> &'static str;

    /// The schema of the `provider` block.
    fn schema(&self) -> Schema;

    /// Checks the `provider` block; values may be unknown and must then be skipped.
    fn validate(&self, config: &Value) -> Diagnostics;

    /// Builds the client from the `provider` block. Unknown values must not be
    /// an error here: Terraform configures providers during plan even when a
    /// setting comes from a resource that does not exist yet.
    async fn configure(&self, config: &Value, stop: StopSignal) -> Result<(Self::Client, Diagnostics), Diagnostics>;

    fn resources(&self) -> Vec<Box<dyn Resource<Self::Client>>>;
    fn data_sources(&self) -> Vec<Box<dyn DataSource<Self::Client>>>;
    fn functions(&self) -> Vec<Box<dyn Function>>;

    /// List resources for `terraform query` (Terraform ≥ 1.14); each lists
    /// the managed resource type of the same name. None by default.
    fn list_resources(&self) -> Vec<Box<dyn ListResource<Self::Client>>> {
        Vec::new()
    }
}
