//! What the provider knows about the DocTypes it has typed resources for:
//! their fields as Frappe stores them, and the server-side rules (naming,
//! presets, rewrites) a client must know to predict what Frappe will store.
//! Anything a site may change (fields, Select options) is read from the
//! site's own DocType at run time ([`crate::meta`]); this is the v15
//! baseline used when that cannot be read.

pub mod fields;
pub mod social_login_key;
pub mod user;
