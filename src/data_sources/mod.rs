//! Data sources, one module per Terraform data source type.

pub mod document;
pub mod documents;
pub mod social_login_key;
pub mod social_login_keys;
