//! Managed resources, one module per Terraform resource type.

pub mod social_login_key;
