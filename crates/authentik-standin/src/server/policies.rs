//! Who may use an application: authentik's policy engine, for the bindings
//! the stand-in stores (group and user bindings; policy objects are not
//! reproduced, the API refuses them with 501).
//!
//! `authentik/policies/engine.py` `PolicyEngine`: only enabled bindings of
//! the target count; with none the answer is `empty_result`, which is true
//! — an application without bindings is open to every user.
//! `compute_static_bindings` folds every group and user binding into one
//! result that passes when any of them passes (a user binding for this user,
//! a group binding for a group the user is in; `negate` turns each around).
//! The policy engine mode (`any`/`all`) combines that with the results of
//! policy bindings, and with only static bindings there is nothing else to
//! combine, so both modes give the static result.

use super::model::Application;
use super::store::Store;

/// Whether the user may use the application
/// (`authentik/policies/views.py` `PolicyAccessView.user_has_access`).
pub(crate) fn user_may_access(store: &Store, application: &Application, user_pk: i64) -> bool {
    let bindings: Vec<_> = store
        .policy_bindings
        .iter()
        .filter(|b| b.target == application.pk && b.enabled)
        .collect();
    if bindings.is_empty() {
        return true;
    }
    let Some(user) = store.user(user_pk) else {
        return false;
    };
    // `User.all_groups()`: the user's groups (the stand-in's groups have no parents).
    let member_of = |group_pk: &str| {
        store
            .groups
            .iter()
            .any(|g| g.pk == group_pk && user.groups.contains(&g.name))
    };
    bindings.iter().any(|binding| {
        let matched = match (&binding.group, binding.user) {
            (Some(group), _) => member_of(group),
            (None, Some(bound_user)) => bound_user == user.pk,
            (None, None) => return false,
        };
        matched != binding.negate
    })
}
