//! The DocTypes this emulator models, one file each: the field table of the DocType's JSON
//! (every field, layout fields included, in `field_order`; a field whose place differs between
//! lines has one row per place) with the release lines each field exists in, its properties and
//! its DocPerm rows. Read from Frappe's `version-14` (v14.93.2), `version-15`
//! (v15.55.1) and `develop` (February 2025) branches, the releases of the reference sites, except
//! where the notes record what a reference site answered differently (Social Login Key).

pub(crate) mod block_module;
pub(crate) mod custom_field;
pub(crate) mod default_value;
pub(crate) mod has_role;
pub(crate) mod portal_menu_item;
pub(crate) mod portal_settings;
pub(crate) mod role;
pub(crate) mod social_login_key;
pub(crate) mod system_settings;
pub(crate) mod todo;
pub(crate) mod top_bar_item;
pub(crate) mod user;
pub(crate) mod user_email;
pub(crate) mod user_role_profile;
pub(crate) mod user_social_login;
pub(crate) mod website_route_redirect;
pub(crate) mod website_settings;

use super::DocTypeSpec;

/// Every modelled DocType (parents, Singles and child tables).
pub(crate) const ALL_SPECS: &[DocTypeSpec] = &[
    social_login_key::SPEC,
    user::SPEC,
    has_role::SPEC,
    user_social_login::SPEC,
    block_module::SPEC,
    user_email::SPEC,
    default_value::SPEC,
    user_role_profile::SPEC,
    role::SPEC,
    system_settings::SPEC,
    website_settings::SPEC,
    top_bar_item::SPEC,
    website_route_redirect::SPEC,
    portal_settings::SPEC,
    portal_menu_item::SPEC,
    todo::SPEC,
    custom_field::SPEC,
];
