//! terraform-provider-frappe: a Terraform / OpenTofu provider for Frappe sites.
//!
//! Map of the crate, from the wire inwards:
//! - [`plugin`]: the plugin process — go-plugin handshake, AutoMTLS, the
//!   listener, and the gRPC services that adapt Terraform's RPCs.
//! - [`proto`]: code generated from `proto/` (tfplugin6, go-plugin controller).
//! - [`protocol`]: Terraform's values, types, schemas, paths and diagnostics,
//!   with the msgpack / JSON codecs — no gRPC in sight.
//! - [`framework`]: the traits a provider, resource, data source or function
//!   implements, in terms of [`protocol`] only.
//! - [`provider`]: the Frappe provider: its configuration and what it offers.
//! - [`resources`], [`data_sources`], [`functions`]: one Terraform type each.
//! - [`frappe`]: the HTTP client for Frappe's REST API (no Terraform).
//! - [`emulator`]: a stateful Frappe API emulator for tests and the sandbox.
//! - [`docs`]: the Registry documentation (`docs/`), rendered from the schemas
//!   and `examples/` (written by the `gen-docs` binary).
//! - [`logging`], [`clock`]: hclog-style logs on stderr; calendar arithmetic.

pub mod clock;
pub mod data_sources;
pub mod docs;
pub mod emulator;
pub mod framework;
pub mod frappe;
pub mod functions;
pub mod logging;
pub mod plugin;
pub mod proto;
pub mod protocol;
pub mod provider;
pub mod resources;
