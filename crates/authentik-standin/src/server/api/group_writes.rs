//! Writes to `/api/v3/core/groups/`: create, update and delete, validated as
//! `authentik/core/api/groups.py` `GroupSerializer` does for an admin.
//!
//! `name` is required and unique (`Group.name`, a unique `TextField` in
//! `authentik/core/models.py`); `attributes` must be an object
//! (`authentik/core/api/utils.py` `JSONDictField`, `is_dict`). Group
//! hierarchies and roles are not modelled: a non-empty `parents`, `children`
//! or `roles` answers 501, and so does `users` (members are added through
//! `Authentik::add_user_to_group`), except that a full update without `users`
//! empties the group, as the field's `default=list` does.

use serde_json::{Map, Value};

use super::fields::{self, BodyFields, Text};
use super::groups;
use super::{bad_request, json_object, not_emulated, not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::Group;
use crate::server::random;
use crate::server::store::Store;

/// Relations the stand-in does not model; only an empty list is accepted.
const UNMODELLED_RELATIONS: [&str; 4] = ["parents", "children", "users", "roles"];

pub(super) fn create(store: &mut Store, request: &Incoming) -> Outgoing {
    let draft = Group {
        pk: random::uuid4(),
        name: String::new(),
        is_superuser: false,
        attributes: Map::new(),
    };
    match validated(store, request, draft, false) {
        Ok(group) => {
            let answer = answer(store, &group, request, 201);
            store.groups.push(group);
            answer
        }
        Err(answer) => answer,
    }
}

pub(super) fn update(store: &mut Store, pk: &str, request: &Incoming, partial: bool) -> Outgoing {
    let Some(current) = store.groups.iter().find(|g| g.pk == pk).cloned() else {
        return not_found("Group", Lookup::Uuid, pk);
    };
    let group = match validated(store, request, current.clone(), partial) {
        Ok(group) => group,
        Err(answer) => return answer,
    };
    for user in &mut store.users {
        let member = user.groups.contains(&current.name);
        user.groups.retain(|name| name != &current.name);
        // A full update without `users` sets the field's default, an empty list.
        if member && partial {
            user.groups.push(group.name.clone());
        }
    }
    if let Some(stored) = store.groups.iter_mut().find(|g| g.pk == group.pk) {
        *stored = group.clone();
    }
    answer(store, &group, request, 200)
}

/// Deleting a group deletes its policy bindings (`PolicyBinding.group` is
/// `on_delete=CASCADE`, `authentik/policies/models.py`) and its memberships.
pub(super) fn destroy(store: &mut Store, pk: &str) -> Outgoing {
    let Some(index) = store.groups.iter().position(|g| g.pk == pk) else {
        return not_found("Group", Lookup::Uuid, pk);
    };
    let group = store.groups.remove(index);
    store
        .policy_bindings
        .retain(|b| b.group.as_deref() != Some(group.pk.as_str()));
    for user in &mut store.users {
        user.groups.retain(|name| name != &group.name);
    }
    Outgoing::empty(204)
}

fn answer(store: &Store, group: &Group, request: &Incoming, status: u16) -> Outgoing {
    match ListQuery::new(request, &[], "name") {
        Ok(query) => Outgoing::json(status, &groups::to_json(store, group, &query)),
        Err(answer) => answer,
    }
}

fn validated(store: &Store, request: &Incoming, mut group: Group, partial: bool) -> Result<Group, Outgoing> {
    let body = json_object(request)?;
    if UNMODELLED_RELATIONS.iter().any(|key| {
        body.get(*key)
            .is_some_and(|v| v.as_array().is_none_or(|items| !items.is_empty()))
    }) {
        return Err(not_emulated(request));
    }
    let mut fields = BodyFields::new(&body, partial);
    let own_pk = group.pk.clone();
    fields.field("name", true, |v| {
        let name = fields::text(v, Text::REQUIRED_TEXT)?.unwrap_or_default();
        // DRF's `UniqueValidator` on `Group.name`, worded from the model's verbose names.
        if store.groups.iter().any(|g| g.name == name && g.pk != own_pk) {
            return Err(fields::message("Group with this name already exists."));
        }
        group.name = name;
        Ok(())
    });
    fields.field("is_superuser", false, |v| {
        group.is_superuser = fields::boolean(v)?;
        Ok(())
    });
    fields.field("attributes", false, |v| match v {
        Value::Object(map) => {
            group.attributes = map.clone();
            Ok(())
        }
        Value::Null => Err(fields::message(fields::NOT_NULL)),
        _ => Err(fields::message(
            "Value must be a dictionary, and not have any duplicate keys.",
        )),
    });
    let errors = fields.into_errors();
    if errors.is_empty() {
        Ok(group)
    } else {
        Err(bad_request(errors.into_value()))
    }
}
