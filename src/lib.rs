//! terraform-provider-frappe: a Terraform / OpenTofu provider for Frappe sites.
//!
//! Map of the crate (each layer only knows the ones above it):
//! - [`emulator`]: a stateful Frappe API emulator used by the tests and the local sandbox.
pub mod emulator;
pub mod proto;
pub mod protocol;
