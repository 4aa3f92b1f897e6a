//! Any bytes as raw state JSON (UpgradeResourceState): a value or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_plugin::protocol::{json, Type};
use terraform_provider_frappe::resources::social_login_key::schema::schema;

fuzz_target!(|data: &[u8]| {
    let _ = json::decode(data, &schema().value_type());
    let _ = json::decode(data, &Type::Dynamic);
});
