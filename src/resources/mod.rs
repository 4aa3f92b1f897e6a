//! Managed resources, one module per Terraform resource type; each is a
//! `DocumentResource` on the kit in `crate::document_resource`.

pub mod document;
pub mod social_login_key;
pub mod user;
