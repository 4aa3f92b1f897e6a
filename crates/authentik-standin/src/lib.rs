//! A strict stand-in for authentik 2026.5 and for the official authentik
//! Terraform provider (`goauthentik/authentik` 2026.5.0), so the tests can
//! check the `authentik-frappe-sso` module against authentik's real rules
//! without an authentik installation.
//!
//! Map of the crate:
//! - [`server`]: the authentik server stand-in — the REST API the provider
//!   uses, a login page, and the OAuth2/OIDC endpoints with authentik's
//!   checks and error answers ([`Authentik`] starts one);
//! - [`fresh_install`]: what a fresh authentik holds (flows, the start-up
//!   certificate, managed scope mappings), with the stand-in's fixed UUIDs;
//! - [`provider`]: the Terraform provider stand-in, built on the workspace's
//!   plugin framework, reproducing the real provider's schema and its
//!   behaviour (flaws included);
//! - [`install`]: putting the provider binary into a Terraform filesystem
//!   mirror as `registry.terraform.io/goauthentik/authentik`.
//!
//! For tests that drive a browser-like client through a login:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use authentik_standin::Authentik;
//! let authentik = Authentik::start().await?;
//! authentik.add_user("alice", "Alice Example", "alice@example.com", "s3cret");
//! // Terraform: provider "authentik" { url = authentik.url(), token = authentik.api_token() }
//! // Browser: GET {url}/application/o/authorize/?… → login page → POST username/password → code
//! # Ok(()) }
//! ```
//!
//! The README next to this crate lists what is reproduced, what is
//! deliberately not, and why.

pub mod fresh_install;
pub mod install;
pub mod provider;
pub mod server;

pub use server::{Authentik, AuthentikConfig, RecordedRequest};

/// The authentik release the server stand-in imitates.
pub const AUTHENTIK_VERSION: &str = "2026.5.0";

/// The version of the official Terraform provider the provider stand-in
/// imitates, and the version it is installed under.
pub const PROVIDER_VERSION: &str = "2026.5.0";
