//! Any bytes as a Frappe answer: error bodies, and documents turned into state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use frappe_client::ApiError;
use terraform_plugin::protocol::Value;
use terraform_provider_frappe::resources::social_login_key::model::state_from_document;

fuzz_target!(|data: &[u8]| {
    let _ = ApiError::from_body(417, data);
    if let Ok(serde_json::Value::Object(doc)) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = state_from_document(&doc, &Value::Null);
    }
});
