//! `/api/v3/policies/bindings/`: policy bindings, by UUID
//! (`authentik/policies/api/bindings.py` `PolicyBindingSerializer`,
//! `PolicyBindingViewSet`; model `authentik/policies/models.py` `PolicyBinding`).
//!
//! `target` and `order` are required; `target` is the UUID of a
//! policy-binding model — the stand-in's are applications (flows are too in
//! authentik; binding to them answers 501). Exactly one of `group`, `policy`
//! and `user` must be set (`PolicyBindingSerializer.validate`, the names
//! sorted). Policy objects are not reproduced: a binding to one answers 501.
//! Deleting the application or the group deletes its bindings (CASCADE).
//! Listed ordered by `order`, then `pk`.

use serde_json::{json, Map, Value};

use super::fields::{self, Detail, Errors};
use super::groups;
use super::{bad_request, json_object, not_emulated, not_found, server_error, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::PolicyBinding;
use crate::server::random;
use crate::server::store::Store;

/// DRF's `IntegerField` bounds for Django's `IntegerField`.
const INTEGER_MIN: i64 = -2_147_483_648;
const INTEGER_MAX: i64 = 2_147_483_647;

pub(crate) fn to_json(store: &Store, b: &PolicyBinding) -> Value {
    let group = b
        .group
        .as_ref()
        .and_then(|pk| store.groups.iter().find(|g| &g.pk == pk));
    let user = b.user.and_then(|pk| store.user(pk));
    json!({
        "pk": b.pk,
        "policy": b.policy,
        "group": b.group,
        "user": b.user,
        "policy_obj": null,
        "group_obj": group.map(groups::partial),
        "user_obj": user.map(groups::partial_user),
        "target": b.target,
        "negate": b.negate,
        "enabled": b.enabled,
        "order": b.order,
        "timeout": b.timeout,
        "failure_result": b.failure_result,
    })
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(
        request,
        &["policy", "policy__isnull", "target_in", "enabled", "order", "timeout"],
        "order",
    ) {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let mut bindings: Vec<&PolicyBinding> = store
        .policy_bindings
        .iter()
        .filter(|b| {
            query
                .get("target")
                .filter(|t| !t.is_empty())
                .is_none_or(|t| b.target == t)
        })
        .collect();
    bindings.sort_by(|a, b| a.order.cmp(&b.order).then(a.pk.cmp(&b.pk)));
    query.paginate(bindings.into_iter().map(|b| to_json(store, b)).collect())
}

pub(super) fn retrieve(store: &Store, pk: &str) -> Outgoing {
    match store.policy_bindings.iter().find(|b| b.pk == pk) {
        Some(b) => Outgoing::json(200, &to_json(store, b)),
        None => not_found("PolicyBinding", Lookup::Uuid, pk),
    }
}

pub(super) fn create(store: &mut Store, request: &Incoming) -> Outgoing {
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let draft = PolicyBinding {
        pk: random::uuid4(),
        target: String::new(),
        policy: None,
        group: None,
        user: None,
        negate: false,
        enabled: true,
        order: 0,
        timeout: 30,
        failure_result: false,
    };
    match validate(store, request, &body, draft, false) {
        Ok(binding) => {
            let answer = Outgoing::json(201, &to_json(store, &binding));
            store.policy_bindings.push(binding);
            answer
        }
        Err(answer) => answer,
    }
}

pub(super) fn update(store: &mut Store, pk: &str, request: &Incoming, partial: bool) -> Outgoing {
    let Some(current) = store.policy_bindings.iter().find(|b| b.pk == pk).cloned() else {
        return not_found("PolicyBinding", Lookup::Uuid, pk);
    };
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    match validate(store, request, &body, current, partial) {
        Ok(binding) => {
            let answer = Outgoing::json(200, &to_json(store, &binding));
            if let Some(stored) = store.policy_bindings.iter_mut().find(|b| b.pk == binding.pk) {
                *stored = binding;
            }
            answer
        }
        Err(answer) => answer,
    }
}

pub(super) fn destroy(store: &mut Store, pk: &str) -> Outgoing {
    let before = store.policy_bindings.len();
    store.policy_bindings.retain(|b| b.pk != pk);
    if store.policy_bindings.len() == before {
        not_found("PolicyBinding", Lookup::Uuid, pk)
    } else {
        Outgoing::empty(204)
    }
}

/// DRF's `IntegerField`: integers, or their decimal text.
fn integer(value: &Value, min: i64, max: i64) -> Result<i64, Detail> {
    let parsed = match value {
        Value::Null => return Err(fields::message(fields::NOT_NULL)),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let n = parsed.ok_or_else(|| fields::message("A valid integer is required."))?;
    if n < min {
        return Err(fields::message(format!(
            "Ensure this value is greater than or equal to {min}."
        )));
    }
    if n > max {
        return Err(fields::message(format!(
            "Ensure this value is less than or equal to {max}."
        )));
    }
    Ok(n)
}

/// Applies `body` to `binding`; the 400 (or 501) answer on failure.
fn validate(
    store: &Store,
    request: &Incoming,
    body: &Map<String, Value>,
    mut binding: PolicyBinding,
    partial: bool,
) -> Result<PolicyBinding, Outgoing> {
    if body.get("policy").is_some_and(|v| !fields::no_object(v)) {
        return Err(not_emulated(request));
    }
    let target_is_flow = body
        .get("target")
        .and_then(Value::as_str)
        .is_some_and(|t| store.flows.iter().any(|f| f.pbm_uuid == t));
    if target_is_flow {
        return Err(not_emulated(request));
    }
    let mut errors = Errors::default();
    let mut field =
        |name: &str, required: bool, apply: &mut dyn FnMut(&Value) -> Result<(), Detail>| match body.get(name) {
            Some(value) => {
                if let Err(detail) = apply(value) {
                    errors.add(name, detail);
                }
            }
            None if required && !partial => errors.add(name, fields::message(fields::REQUIRED)),
            None => {}
        };
    field("policy", false, &mut |_| {
        binding.policy = None;
        Ok(())
    });
    field("group", false, &mut |v| {
        binding.group = match v {
            v if fields::no_object(v) => None,
            v => Some(fields::uuid_pk(v, |pk| store.groups.iter().any(|g| g.pk == pk))?),
        };
        Ok(())
    });
    field("user", false, &mut |v| {
        binding.user = match v {
            v if fields::no_object(v) => None,
            v => Some(fields::int_pk(v, |pk| store.user(pk).is_some())?),
        };
        Ok(())
    });
    field("target", true, &mut |v| {
        binding.target = fields::uuid_pk(v, |pk| store.applications.iter().any(|a| a.pk == pk))?;
        Ok(())
    });
    field("negate", false, &mut |v| {
        binding.negate = fields::boolean(v)?;
        Ok(())
    });
    field("enabled", false, &mut |v| {
        binding.enabled = fields::boolean(v)?;
        Ok(())
    });
    field("order", true, &mut |v| {
        binding.order = integer(v, INTEGER_MIN, INTEGER_MAX)?;
        Ok(())
    });
    field("timeout", false, &mut |v| {
        // PositiveIntegerField.
        binding.timeout = integer(v, 0, INTEGER_MAX)?;
        Ok(())
    });
    field("failure_result", false, &mut |v| {
        binding.failure_result = fields::boolean(v)?;
        Ok(())
    });
    if !errors.is_empty() {
        return Err(bad_request(errors.into_value()));
    }
    // `PolicyBindingSerializer.validate` reads only what was sent (`attrs`):
    // without `target` (a partial update) it calls a method on `None`, an
    // uncaught `AttributeError`.
    if !body.contains_key("target") {
        return Err(server_error(request));
    }
    // The target's supported kinds, sorted; a kind counts when it was sent
    // and is set.
    let set = [
        body.contains_key("group") && binding.group.is_some(),
        body.contains_key("policy") && binding.policy.is_some(),
        body.contains_key("user") && binding.user.is_some(),
    ]
    .iter()
    .filter(|s| **s)
    .count();
    let kinds = "'group', 'policy', 'user'";
    if set > 1 {
        return Err(bad_request(
            json!({ "non_field_errors": [format!("Only one of {kinds} can be set.")] }),
        ));
    }
    if set < 1 {
        return Err(bad_request(
            json!({ "non_field_errors": [format!("One of {kinds} must be set.")] }),
        ));
    }
    Ok(binding)
}
