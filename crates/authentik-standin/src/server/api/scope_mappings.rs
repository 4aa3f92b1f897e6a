//! `/api/v3/propertymappings/provider/scope/`: the managed OAuth2 scope
//! mappings, ordered by scope name, then name. `managed` may repeat (any of
//! the values matches); `managed__isnull`, `name` and `scope_name` filter
//! exactly.

use serde_json::{json, Value};

use super::{bad_request, not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::ScopeMapping;
use crate::server::store::Store;

pub(crate) fn to_json(m: &ScopeMapping) -> Value {
    json!({
        "pk": m.uuid,
        "managed": m.managed,
        "name": m.name,
        "expression": m.expression,
        "component": "ak-property-mapping-provider-scope-form",
        "verbose_name": "Scope Mapping",
        "verbose_name_plural": "Scope Mappings",
        "meta_model_name": "authentik_providers_oauth2.scopemapping",
        "scope_name": m.scope_name,
        "description": m.description,
    })
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(request, &[], "scope_name,name") {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let managed: Vec<&str> = query.get_all("managed").into_iter().filter(|m| !m.is_empty()).collect();
    // `authentik/core/api/property_mappings.py` `PropertyMappingFilterSet.managed`
    // is an `AllValuesMultipleFilter`: its choices are the `managed` values
    // stored, and django's `MultipleChoiceField` refuses the first other one.
    if let Some(unknown) = managed
        .iter()
        .find(|m| !store.scope_mappings.iter().any(|s| s.managed == **m))
    {
        return bad_request(json!({ "managed": [format!(
            "Select a valid choice. {unknown} is not one of the available choices."
        )] }));
    }
    let managed_is_null = match query.boolean("managed__isnull") {
        Ok(v) => v,
        Err(answer) => return answer,
    };
    let mut mappings: Vec<&ScopeMapping> = store
        .scope_mappings
        .iter()
        .filter(|m| managed.is_empty() || managed.contains(&m.managed))
        // Every stored mapping is managed.
        .filter(|_| managed_is_null != Some(true))
        .filter(|m| query.get("name").filter(|s| !s.is_empty()).is_none_or(|n| m.name == n))
        .filter(|m| {
            query
                .get("scope_name")
                .filter(|s| !s.is_empty())
                .is_none_or(|n| m.scope_name == n)
        })
        .filter(|m| query.search_matches(&[m.name, m.scope_name]))
        .collect();
    mappings.sort_by(|a, b| a.scope_name.cmp(b.scope_name).then(a.name.cmp(b.name)));
    query.paginate(mappings.into_iter().map(to_json).collect())
}

pub(super) fn retrieve(store: &Store, pk: &str) -> Outgoing {
    match store.scope_mappings.iter().find(|m| m.uuid == pk) {
        Some(m) => Outgoing::json(200, &to_json(m)),
        None => not_found("ScopeMapping", Lookup::Uuid, pk),
    }
}
