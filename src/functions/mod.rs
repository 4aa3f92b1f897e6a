//! Provider functions, one module each.

pub mod social_login_redirect_url;
