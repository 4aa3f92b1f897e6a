//! Frappe's REST API: the HTTP client, its errors, and Frappe's naming rule.
//! Usable and testable without Terraform.

pub mod client;
pub mod error;
pub mod naming;
pub mod retry;

pub use client::{ClientBuildError, ClientConfig, Document, FrappeClient, PasswordLookup};
pub use error::{ApiError, ErrorKind, FrappeError};
pub use retry::RetryPolicy;
