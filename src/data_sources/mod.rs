//! Data sources, one module per Terraform data source type.

pub mod social_login_key;
pub mod social_login_keys;
