//! `/api/v3/core/groups/`: groups, by UUID, as they are read (writes are in
//! `group_writes`; tests add members through `Authentik::add_user_to_group`).
//!
//! Shapes follow `authentik/core/api/groups.py` `GroupSerializer`:
//! `users_obj` only with `include_users` (default true), `children_obj`,
//! `parents_obj` and `inherited_roles_obj` only when asked for (default
//! false, else null); list ordered by name.

use serde_json::{json, Value};

use super::{not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::{Group, User};
use crate::server::store::Store;

/// `Group.num_pk`: the first five decimal digits of the UUID as an integer
/// (`authentik/core/models.py` `Group.num_pk`).
pub(crate) fn num_pk(uuid: &str) -> i64 {
    let hex: String = uuid.chars().filter(char::is_ascii_hexdigit).collect();
    let digits = u128::from_str_radix(&hex, 16).map_or_else(|_| "0".to_string(), |n| n.to_string());
    digits[..digits.len().min(5)].parse().unwrap_or(0)
}

/// `PartialGroupSerializer` (a binding's `group_obj`).
pub(crate) fn partial(group: &Group) -> Value {
    json!({
        "pk": group.pk,
        "num_pk": num_pk(&group.pk),
        "name": group.name,
        "is_superuser": group.is_superuser,
        "attributes": group.attributes,
    })
}

/// `PartialUserSerializer` (a group's `users_obj`, a binding's `user_obj`).
pub(crate) fn partial_user(user: &User) -> Value {
    json!({
        "pk": user.pk,
        "username": user.username,
        "name": user.name,
        "is_active": user.is_active,
        "last_login": null,
        "email": user.email,
        "attributes": {},
        "uid": user.uuid,
    })
}

fn members<'a>(store: &'a Store, group: &'a Group) -> impl Iterator<Item = &'a User> + 'a {
    store.users.iter().filter(move |u| u.groups.contains(&group.name))
}

fn flag(query: &ListQuery, key: &str, default: bool) -> bool {
    query.get(key).map_or(default, |v| v.eq_ignore_ascii_case("true"))
}

pub(super) fn to_json(store: &Store, group: &Group, query: &ListQuery) -> Value {
    let included = |key: &str, value: Value| if flag(query, key, false) { value } else { Value::Null };
    json!({
        "pk": group.pk,
        "num_pk": num_pk(&group.pk),
        "name": group.name,
        "is_superuser": group.is_superuser,
        "parents": [],
        "parents_obj": included("include_parents", json!([])),
        "users": members(store, group).map(|u| u.pk).collect::<Vec<_>>(),
        "users_obj": if flag(query, "include_users", true) {
            json!(members(store, group).map(partial_user).collect::<Vec<_>>())
        } else {
            Value::Null
        },
        "attributes": group.attributes,
        "roles": [],
        "roles_obj": [],
        "inherited_roles_obj": included("include_inherited_roles", json!([])),
        "children": [],
        "children_obj": included("include_children", json!([])),
    })
}

/// The search schema of `GroupViewSet.get_ql_fields`
/// (`authentik/core/api/groups.py`): `name`, `is_superuser` and `attributes`,
/// a `JSONSearchField` without nested suggestions, so no attribute keys.
fn autocomplete() -> Value {
    json!({
        "current_model": "authentik_core.group",
        "models": {
            "authentik_core.group": {
                "name": {"type": "str", "nullable": false, "options": null},
                "is_superuser": {"type": "bool", "nullable": true, "options": null},
                "attributes": {
                    "type": "relation",
                    "nullable": false,
                    "options": null,
                    "relation": "authentik_core.group_attributes",
                },
            },
        },
    })
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(
        request,
        &["is_superuser", "members_by_pk", "members_by_username", "attributes"],
        "name",
    ) {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let mut groups: Vec<&Group> = store
        .groups
        .iter()
        .filter(|g| query.get("name").filter(|n| !n.is_empty()).is_none_or(|n| g.name == n))
        .filter(|g| query.search_matches(&[&g.name]))
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    query.paginate_with_autocomplete(
        groups.into_iter().map(|g| to_json(store, g, &query)).collect(),
        autocomplete(),
    )
}

pub(super) fn retrieve(store: &Store, pk: &str, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(request, &[], "name") {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    match store.groups.iter().find(|g| g.pk == pk) {
        Some(group) => Outgoing::json(200, &to_json(store, group, &query)),
        None => not_found("Group", Lookup::Uuid, pk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_pk_is_the_first_five_digits_of_the_uuid_as_an_integer() {
        // str(UUID("00000000-0000-0000-0000-0000000f4240").int)[:5] == "10000"
        assert_eq!(num_pk("00000000-0000-0000-0000-0000000f4240"), 10000);
        assert_eq!(num_pk("00000000-0000-0000-0000-00000000002a"), 42);
        // A group of a real authentik 2025.12.4.
        assert_eq!(num_pk("abdc1135-b005-4de7-b309-fbeb7334edbb"), 22844);
    }
}
