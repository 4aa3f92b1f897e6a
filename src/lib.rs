//! terraform-provider-frappe: a Terraform / OpenTofu provider for Frappe sites.
//!
//! The provider is built from two libraries of this workspace:
//! `terraform_plugin` (the plugin process, Terraform's protocol model and the
//! traits a provider implements) and `frappe_client` (Frappe's REST API and
//! the DocType knowledge the provider relies on). This crate holds only the
//! Terraform semantics of Frappe:
//! - [`provider`]: the `provider "frappe"` block and the list of what the
//!   provider offers — the one registration list;
//! - [`resources`], [`data_sources`], [`functions`]: one Terraform type each;
//! - [`document_resource`]: the DocType-resource kit — the read / plan /
//!   apply / import / lost-create / drift machinery every resource for a
//!   Frappe document shares;
//! - [`docs`]: the Registry documentation (`docs/`), rendered from the
//!   schemas and `examples/` (`cargo xtask docs` writes it).

pub mod data_sources;
pub mod docs;
pub mod document_resource;
pub mod functions;
pub mod list_resources;
pub mod provider;
pub mod resources;
