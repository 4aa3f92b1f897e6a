//! Data sources: read-only look-ups.

use async_trait::async_trait;

use crate::protocol::{Diagnostics, Schema, Value};

#[async_trait]
pub trait DataSource<C>: Send + Sync {
    /// The full type name, e.g. `frappe_social_login_keys`.
    fn type_name(&self) -> &'static str;

    fn schema(&self) -> Schema;

    /// Plan-time checks; unknown values must be skipped.
    fn validate(&self, config: &Value) -> Diagnostics;

    /// Reads the data; returns the state to record (config plus computed values).
    async fn read(&self, client: &C, config: &Value) -> (Value, Diagnostics);
}
