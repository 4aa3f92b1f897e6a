//! When a refresh asks Frappe for a document's secrets again, and when the
//! check made last time still holds.
//!
//! Frappe writes a Password field's value into `__Auth` only in
//! `BaseDocument._save_passwords` (`frappe/model/base_document.py`), which
//! runs inside `Document._validate` during `insert()` and `save()`; both call
//! `set_user_and_timestamp()` first, so every such write gives the document a
//! new `modified`. The desk, REST `PUT` and `frappe.client.set_value` all save
//! the document that way. A secret written into the document's own column
//! (`frappe.db.set_value` without updating `modified`) is answered by
//! `BaseDocument.get_password` in place of the stored one, but that column is
//! part of every read, so a column that is not Frappe's mask (asterisks) is
//! checked again too. What goes unnoticed until the document is next saved:
//! `frappe.utils.password.set_encrypted_password` or
//! `remove_encrypted_password` called directly, SQL on `__Auth`, and a
//! changed `encryption_key` in the site's configuration.
//!
//! The `modified` of the document whose secrets were last checked is kept in
//! the resource's private state, which Terraform stores with the state and
//! hands back on the next read.

use frappe_client::Document;
use serde_json::Value as Json;

/// The private state's key: `modified` of the document when its secrets
/// were last checked.
const CHECKED_AT: &str = "secrets_checked_at";

/// Whether the secrets of `doc` in `fields` are still the ones checked when
/// `private` was recorded, so asking Frappe again could not find a change.
pub fn still_checked(private: &[u8], doc: &Document, fields: &[String]) -> bool {
    let Ok(recorded) = serde_json::from_slice::<Json>(private) else {
        return false;
    };
    let Some(checked_at) = recorded.get(CHECKED_AT).and_then(Json::as_str) else {
        return false;
    };
    let unsaved = doc.get("modified").and_then(Json::as_str) == Some(checked_at);
    unsaved && fields.iter().all(|field| column_hides_secret(doc.get(field)))
}

/// The private state saying that the secrets of `doc` were checked (or
/// written) as it stands; empty when the document carries no `modified`.
pub fn record(doc: &Document) -> Vec<u8> {
    let Some(modified) = doc.get("modified").and_then(Json::as_str) else {
        return Vec::new();
    };
    let mut recorded = serde_json::Map::new();
    recorded.insert(CHECKED_AT.into(), Json::from(modified));
    serde_json::to_vec(&recorded).unwrap_or_default()
}

/// A Password column as Frappe serves it once saved: its mask (one asterisk
/// per character, `BaseDocument.is_dummy_password`) or empty. Anything else
/// is a value `get_password` would answer instead of the stored secret.
fn column_hides_secret(column: Option<&Json>) -> bool {
    match column {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.chars().all(|c| c == '*'),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(value: Json) -> Document {
        match value {
            Json::Object(map) => map,
            _ => Document::new(),
        }
    }

    fn fields() -> Vec<String> {
        vec!["client_secret".to_string()]
    }

    #[test]
    fn a_document_saved_since_the_check_is_checked_again() {
        let checked = doc(json!({"modified": "2026-12-07 10:00:00.000001", "client_secret": "****"}));
        let private = record(&checked);
        assert!(still_checked(&private, &checked, &fields()));
        let saved = doc(json!({"modified": "2026-12-07 10:05:00.000002", "client_secret": "****"}));
        assert!(!still_checked(&private, &saved, &fields()));
    }

    #[test]
    fn a_plain_value_in_the_column_is_checked_again() {
        let checked = doc(json!({"modified": "m", "client_secret": "****"}));
        let written = doc(json!({"modified": "m", "client_secret": "new-secret"}));
        assert!(!still_checked(&record(&checked), &written, &fields()));
    }

    #[test]
    fn no_record_means_a_check() {
        let d = doc(json!({"modified": "m", "client_secret": "****"}));
        assert!(!still_checked(&[], &d, &fields()));
        assert!(!still_checked(b"not json", &d, &fields()));
        assert!(record(&doc(json!({"client_secret": "****"}))).is_empty());
    }
}
