//! The DocTypes this emulator models, one file each.

pub(crate) mod social_login_key;

use super::DocTypeSpec;

/// Every modelled DocType (parents, Singles and child tables).
pub(crate) const ALL_SPECS: &[DocTypeSpec] = &[social_login_key::SPEC];
