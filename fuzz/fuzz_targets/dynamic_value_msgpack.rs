//! Any bytes as a msgpack DynamicValue of the resource's type, or of a
//! dynamic type: a value or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use terraform_plugin::protocol::{msgpack, Type};
use terraform_provider_frappe::resources::social_login_key::schema::schema;

fuzz_target!(|data: &[u8]| {
    let ty = schema().value_type();
    if let Ok(value) = msgpack::decode(data, &ty) {
        // Whatever decodes must encode again.
        let _ = msgpack::encode(&value, &ty).expect("re-encode a decoded value");
    }
    let _ = msgpack::decode(data, &Type::Dynamic);
});
