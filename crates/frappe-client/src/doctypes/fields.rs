//! How Frappe stores a field, which decides how a client sends, reads and
//! compares its values.

/// A field's storage, reduced to what matters on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Text up to 140 characters, stored verbatim.
    Data,
    /// One of a fixed list; Frappe trims surrounding spaces.
    Select(&'static [&'static str]),
    /// 0 or 1 on the wire, a bool in Terraform.
    Check,
    /// JSON text stored verbatim; compared by meaning, not spelling.
    Json,
    /// Write-only on Frappe's side: reads back as asterisks.
    Password,
}

/// One stored field of a DocType.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// The label Frappe prints in its messages ("Value cannot be changed for
    /// <strong>Provider Name</strong>").
    pub label: &'static str,
    pub kind: FieldKind,
}

/// Frappe stores Data and Select fields in `varchar(140)` and refuses longer values.
pub const MAX_DATA_LENGTH: usize = 140;

/// The field a Frappe message is about, found by the label it quotes. The
/// longest label wins, so "API Endpoint Args" is not taken for "API Endpoint".
pub fn field_named_in(fields: &'static [Field], message: &str) -> Option<&'static Field> {
    fields
        .iter()
        .filter(|f| message.contains(f.label))
        .max_by_key(|f| f.label.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field {
            name: "api_endpoint",
            label: "API Endpoint",
            kind: FieldKind::Data,
        },
        Field {
            name: "api_endpoint_args",
            label: "API Endpoint Args",
            kind: FieldKind::Json,
        },
    ];

    #[test]
    fn the_longest_quoted_label_wins() {
        let found = field_named_in(FIELDS, "'API Endpoint Args' (x) will get truncated");
        assert_eq!(found.map(|f| f.name), Some("api_endpoint_args"));
        assert_eq!(
            field_named_in(FIELDS, "API Endpoint is bad").map(|f| f.name),
            Some("api_endpoint")
        );
        assert!(field_named_in(FIELDS, "nothing").is_none());
    }
}
