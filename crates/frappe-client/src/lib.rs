//! Frappe's REST API: the HTTP client, its errors and retries, Frappe's
//! naming rule, and the DocType knowledge a client needs to predict what
//! Frappe stores. Usable and testable without Terraform.

pub mod client;
pub mod coalesce;
pub mod database_refusal;
pub mod doctypes;
pub mod error;
pub mod list_rows;
pub mod meta;
mod meta_cache;
pub mod naming;
pub mod pages;
pub mod retry;
pub mod snapshot;
mod transport;
mod write_gate;

pub use client::{ClientBuildError, ClientConfig, Document, FrappeClient, ListQuery, PasswordLookup};
pub use database_refusal::DatabaseRefusal;
pub use error::{ApiError, ErrorKind, FrappeError};
pub use meta::{DocTypeMeta, FieldMeta};
pub use meta_cache::MetaLookup;
pub use pages::{ListPages, DEFAULT_PAGE_SIZE};
pub use retry::RetryPolicy;
