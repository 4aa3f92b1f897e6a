//! authentik's OAuth2 / OpenID Connect endpoints under `/application/o/`.

pub(crate) mod authorize;
pub(crate) mod claims;
pub(crate) mod discovery;
pub(crate) mod redirect_uris;
pub(crate) mod token;
pub(crate) mod userinfo;
