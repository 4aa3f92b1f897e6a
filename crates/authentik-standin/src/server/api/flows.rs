//! `/api/v3/flows/instances/`: the seeded flows, by slug, ordered by slug.

use serde_json::{json, Value};

use super::{bad_request, not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::{Flow, FLOW_DESIGNATIONS};
use crate::server::store::Store;

pub(crate) fn to_json(flow: &Flow) -> Value {
    json!({
        "pk": flow.uuid,
        "policybindingmodel_ptr_id": flow.pbm_uuid,
        "name": flow.name,
        "slug": flow.slug,
        "title": flow.title,
        "designation": flow.designation,
        "background": "",
        "background_url": "/static/dist/assets/images/flow_background.jpg",
        "background_themed_urls": null,
        "stages": flow.stages,
        "policies": [],
        "cache_count": 0,
        "policy_engine_mode": "any",
        "compatibility_mode": false,
        "export_url": format!("/api/v3/flows/instances/{}/export/", flow.slug),
        "layout": "stacked",
        "denied_action": "message_continue",
        "authentication": flow.authentication,
    })
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(request, &[], "slug") {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    // django-filter validates choice filters and answers 400 with the form error.
    if let Some(designation) = query.get("designation").filter(|d| !d.is_empty()) {
        if !FLOW_DESIGNATIONS.contains(&designation) {
            return bad_request(json!({
                "designation": [format!(
                    "Select a valid choice. {designation} is not one of the available choices."
                )]
            }));
        }
    }
    let mut flows: Vec<&Flow> = store
        .flows
        .iter()
        .filter(|f| query.get("slug").filter(|s| !s.is_empty()).is_none_or(|s| f.slug == s))
        .filter(|f| query.get("name").filter(|s| !s.is_empty()).is_none_or(|s| f.name == s))
        .filter(|f| {
            query
                .get("flow_uuid")
                .filter(|s| !s.is_empty())
                .is_none_or(|s| f.uuid == s)
        })
        .filter(|f| {
            query
                .get("designation")
                .filter(|s| !s.is_empty())
                .is_none_or(|s| f.designation == s)
        })
        .filter(|f| query.search_matches(&[f.name, f.slug, f.designation, f.title]))
        .collect();
    flows.sort_by(|a, b| a.slug.cmp(b.slug));
    query.paginate(flows.into_iter().map(to_json).collect())
}

pub(super) fn retrieve(store: &Store, slug: &str) -> Outgoing {
    match store.flows.iter().find(|f| f.slug == slug) {
        Some(flow) => Outgoing::json(200, &to_json(flow)),
        None => not_found("Flow", Lookup::Text, slug),
    }
}
