//! The data sources of the stand-in provider, one module each.

pub(crate) mod certificate_key_pair;
pub(crate) mod flow;
pub(crate) mod group;
pub(crate) mod property_mapping_provider_scope;

use terraform_plugin::protocol::{Diagnostic, Diagnostics, Value};

/// A failed read: no state, one error (`diag.Errorf` puts the text in the summary).
pub(crate) fn failure(message: impl Into<String>) -> (Value, Diagnostics) {
    (Value::Null, Diagnostic::error(message, "").into())
}

/// `?a=b&c=d` from pairs, form-encoded as the Go client encodes query values.
pub(crate) fn query(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    format!("?{}", serializer.finish())
}

/// The first element of a list answer's `results`.
pub(crate) fn results(page: &serde_json::Value) -> Vec<serde_json::Value> {
    page.get("results")
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default()
}
