//! A framework for Terraform plugins (providers) in Rust, speaking tfplugin6
//! through go-plugin's handshake with AutoMTLS. Nothing here knows about
//! Frappe: the Frappe provider and the authentik stand-in used by the tests
//! are both built on it.
//!
//! Map of the crate, from the wire inwards:
//! - [`plugin`]: the plugin process — handshake, AutoMTLS, the listener, and
//!   the gRPC services that turn Terraform's RPCs into trait calls;
//! - [`proto`]: code generated from the repository's `proto/` (tfplugin6,
//!   go-plugin's controller);
//! - [`protocol`]: Terraform's types, values, schemas, attribute paths and
//!   diagnostics, with the msgpack / JSON codecs — no gRPC in sight;
//! - [`framework`]: the traits a provider, resource, data source or function
//!   implements, in terms of [`protocol`] only, and the typed-model macro;
//! - [`logging`]: hclog-style JSON logs on stderr, with secrets masked.

pub mod framework;
pub mod logging;
pub mod plugin;
pub mod proto;
pub mod protocol;
