//! A strict stand-in for authentik (2026.5 and 2025.12) and for the official
//! authentik Terraform provider (`goauthentik/authentik` 2026.5.0 and
//! 2025.12.1), so the tests can
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
//! # For tests
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use authentik_standin::{install, Authentik};
//!
//! // A fresh authentik 2026.5 on 127.0.0.1:<random port> (use
//! // `Authentik::start_in_background(Default::default())` from synchronous
//! // tests, and `AuthentikConfig { release: server::release::AUTHENTIK_2025_12, .. }`
//! // for a 2025.12 server).
//! let authentik = Authentik::start().await?;
//! authentik.add_user("alice", "Alice Example", "alice@example.com", "s3cret");
//!
//! // The provider stand-in, where Terraform finds goauthentik/authentik
//! // 2025.12.1 and 2026.5.0 (each serves its release's schema):
//! let mirror = std::env::temp_dir().join("tf-mirror");
//! install::install_into_mirror(&install::provider_binary()?, &mirror)?;
//! // CLI config: filesystem_mirror { path = "<mirror>"
//! //   include = ["registry.terraform.io/goauthentik/authentik"] }
//! // and direct { exclude = ["registry.terraform.io/goauthentik/authentik"] }.
//! // provider "authentik" { url = authentik.url(), token = authentik.api_token() }
//! // (or AUTHENTIK_URL / AUTHENTIK_TOKEN in Terraform's environment).
//! # Ok(()) }
//! ```
//!
//! A browser logging in: `GET {url}/application/o/authorize/?…` redirects
//! (through `/flows/-/default/authentication/`) to the login page
//! [`LOGIN_PATH`]`?next=…`; `POST` the form fields `username` (or the
//! e-mail address) and `password` to that same URL (with its `next`), keep
//! the `authentik_session` cookie, follow the redirect back to the authorize
//! URL, which then redirects to the client's `redirect_uri` with `code` and
//! `state`. A wrong password answers 200 with the form and "Invalid
//! password". [`Authentik::advance_clock`] expires codes and tokens without
//! waiting; [`Authentik::requests`] shows what clients sent.
//!
//! The README next to this crate lists what is reproduced, what is
//! deliberately not, and why.

pub mod fresh_install;
pub mod install;
pub mod provider;
pub mod server;

pub use server::{Authentik, AuthentikConfig, RecordedRequest, ServerRelease};

/// The stand-in's login page (authentik's authentication flow address).
pub const LOGIN_PATH: &str = "/if/flow/default-authentication-flow/";

/// The authentik release the server stand-in imitates unless told otherwise.
pub const AUTHENTIK_VERSION: &str = "2026.5.0";

/// The release of the official Terraform provider the provider stand-in
/// imitates when its executable's name says none.
pub const PROVIDER_VERSION: &str = "2026.5.0";
