//! Whether a configured `data` already holds in the state: every field it
//! writes has, in the prior state, a value of the same meaning (read as
//! [`read_as`] reads a stored value in the configured shape). After an
//! import the state manages every field a person set, while a hand-written
//! configuration often writes only some of them; planning the prior state
//! then (which Terraform accepts when config and prior are both non-null:
//! `internal/plans/objchange/plan_valid.go` `assertPlannedValueValid`)
//! makes the import a pure import instead of an update that would write
//! nothing.

use frappe_client::DocTypeMeta;
use terraform_plugin::protocol::Value;

use super::values::{object_fields, plain_json, read_as, typed};

/// Whether each field of `configured` holds in `prior` (both `data`
/// values). An unknown or non-object configuration never holds.
pub fn configured_fields_hold(configured: &Value, prior: &Value, meta: Option<&DocTypeMeta>) -> bool {
    let configured = typed(configured);
    if !matches!(configured.1, Value::Object(_)) || !configured.1.is_wholly_known() {
        return false;
    }
    let before = object_fields(&typed(prior));
    object_fields(&configured).into_iter().all(|(name, ty, value)| {
        let Some((_, _, held)) = before.iter().find(|(n, _, _)| n == &name) else {
            return false;
        };
        let field = meta.and_then(|m| m.field(&name));
        let child = meta.and_then(|m| m.child_table(&name));
        let stored = plain_json(held);
        read_as(Some(&stored), &(ty.clone(), value.clone()), field, child) == (ty, value)
    })
}
