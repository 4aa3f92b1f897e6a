//! `/api/v3/core/applications/`: applications, looked up by slug.
//!
//! `name` and `slug` are required; the slug must match `^[-a-zA-Z0-9_]+$`,
//! be unique and not be one of the names the OAuth2 URLs use; a provider may
//! belong to one application only (a one-to-one relation).

use serde_json::{json, Map, Value};

use super::fields::{self, Detail, Errors, Text};
use super::providers;
use super::{bad_request, json_object, not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::model::{Application, POLICY_ENGINE_MODES};
use crate::server::random;
use crate::server::store::Store;

/// Slugs the OAuth2 URL patterns would shadow.
const RESERVED_SLUGS: [&str; 6] = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];

pub(crate) fn to_json(store: &Store, a: &Application) -> Value {
    let provider = a.provider.and_then(|pk| store.providers.get(&pk));
    let launch_url = if a.meta_launch_url.is_empty() {
        provider
            .and_then(|p| p.redirect_uris.first())
            .and_then(|r| origin(&r.url))
    } else {
        Some(a.meta_launch_url.clone())
    };
    let mut out = json!({
        "pk": a.pk,
        "name": a.name,
        "slug": a.slug,
        "provider": a.provider,
        "provider_obj": provider.map(|p| providers::summary(store, p)),
        "backchannel_providers": a.backchannel_providers,
        "backchannel_providers_obj": a.backchannel_providers.iter()
            .filter_map(|pk| store.providers.get(pk))
            .map(|p| providers::summary(store, p))
            .collect::<Vec<_>>(),
        "launch_url": launch_url,
        "open_in_new_tab": a.open_in_new_tab,
        "meta_launch_url": a.meta_launch_url,
        "meta_icon": a.meta_icon,
        "meta_icon_url": if a.meta_icon.is_empty() { None } else { Some(a.meta_icon.clone()) },
        "meta_icon_themed_urls": null,
        "meta_description": a.meta_description,
        "meta_publisher": a.meta_publisher,
        "policy_engine_mode": a.policy_engine_mode,
        "group": a.group,
    });
    if store.release.application_meta_hide {
        out["meta_hide"] = json!(a.meta_hide);
    }
    out
}

/// `scheme://host` of a URL (an OAuth2 provider's guessed launch URL).
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some(format!("{scheme}://{host}"))
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(
        request,
        &[
            "meta_launch_url",
            "meta_description",
            "meta_publisher",
            "group",
            "for_user",
            "only_with_launch_url",
        ],
        "name",
    ) {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let mut applications: Vec<&Application> = store
        .applications
        .iter()
        .filter(|a| query.get("name").is_none_or(|n| a.name == n))
        .filter(|a| query.get("slug").is_none_or(|s| a.slug == s))
        .filter(|a| {
            query.search_matches(&[
                &a.name,
                &a.slug,
                &a.meta_launch_url,
                &a.meta_description,
                &a.meta_publisher,
                &a.group,
            ])
        })
        .collect();
    applications.sort_by(|a, b| a.name.cmp(&b.name));
    query.paginate(applications.into_iter().map(|a| to_json(store, a)).collect())
}

pub(super) fn retrieve(store: &Store, slug: &str) -> Outgoing {
    match store.application(slug) {
        Some(a) => Outgoing::json(200, &to_json(store, a)),
        None => not_found("Application", Lookup::Text, slug),
    }
}

pub(super) fn create(store: &mut Store, request: &Incoming) -> Outgoing {
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let draft = Application {
        pk: random::uuid4(),
        name: String::new(),
        slug: String::new(),
        provider: None,
        backchannel_providers: Vec::new(),
        open_in_new_tab: false,
        meta_launch_url: String::new(),
        meta_icon: String::new(),
        meta_description: String::new(),
        meta_publisher: String::new(),
        meta_hide: false,
        policy_engine_mode: "any".into(),
        group: String::new(),
    };
    match validate(store, &body, draft, None, false) {
        // DRF renders the saved instance: its provider already names it
        // (`provider_obj.assigned_application_slug`/`_name`).
        Ok(application) => {
            store.applications.push(application.clone());
            Outgoing::json(201, &to_json(store, &application))
        }
        Err(errors) => bad_request(errors),
    }
}

pub(super) fn update(store: &mut Store, slug: &str, request: &Incoming, partial: bool) -> Outgoing {
    let Some(current) = store.application(slug).cloned() else {
        return not_found("Application", Lookup::Text, slug);
    };
    let body = match json_object(request) {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let pk = current.pk.clone();
    match validate(store, &body, current, Some(&pk), partial) {
        Ok(application) => {
            let answer = Outgoing::json(200, &to_json(store, &application));
            if let Some(stored) = store.applications.iter_mut().find(|a| a.pk == pk) {
                *stored = application;
            }
            answer
        }
        Err(errors) => bad_request(errors),
    }
}

pub(super) fn destroy(store: &mut Store, slug: &str) -> Outgoing {
    let before = store.applications.len();
    // `PolicyBinding.target` is on_delete=CASCADE.
    if let Some(pk) = store.application(slug).map(|a| a.pk.clone()) {
        store.policy_bindings.retain(|b| b.target != pk);
    }
    store.applications.retain(|a| a.slug != slug);
    if store.applications.len() == before {
        not_found("Application", Lookup::Text, slug)
    } else {
        Outgoing::empty(204)
    }
}

fn validate(
    store: &Store,
    body: &Map<String, Value>,
    mut application: Application,
    own_pk: Option<&str>,
    partial: bool,
) -> Result<Application, Value> {
    let mut errors = Errors::default();
    let others = || store.applications.iter().filter(|a| Some(a.pk.as_str()) != own_pk);
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

    field("name", true, &mut |v| {
        application.name = fields::text(v, Text::REQUIRED_TEXT)?.unwrap_or_default();
        Ok(())
    });
    field("slug", true, &mut |v| {
        let slug = fields::text(v, Text::REQUIRED_TEXT)?.unwrap_or_default();
        // `authentik/core/models.py` `Application.slug`: a TextField with
        // Django's `validate_slug` (`^[-a-zA-Z0-9_]+\Z`, no length limit in
        // 2025.12.4), whose message quotes "slug" with typographic quotes.
        if !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(fields::message(
                "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
            ));
        }
        if others().any(|a| a.slug == slug) {
            return Err(fields::message("Application with this slug already exists."));
        }
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err(fields::message(format!(
                "The slug '{slug}' is reserved and cannot be used for applications."
            )));
        }
        application.slug = slug;
        Ok(())
    });
    field("provider", false, &mut |v| {
        application.provider = match v {
            v if fields::no_object(v) => None,
            v => {
                let pk = fields::int_pk(v, |pk| store.providers.contains_key(&pk))?;
                if others().any(|a| a.provider == Some(pk)) {
                    return Err(fields::message("Application with this provider already exists."));
                }
                Some(pk)
            }
        };
        Ok(())
    });
    field("backchannel_providers", false, &mut |v| {
        application.backchannel_providers =
            fields::many(v, |item| fields::int_pk(item, |pk| store.providers.contains_key(&pk)))?;
        Ok(())
    });
    field("open_in_new_tab", false, &mut |v| {
        application.open_in_new_tab = fields::boolean(v)?;
        Ok(())
    });
    field("meta_launch_url", false, &mut |v| {
        let url = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        if !url.is_empty() && !fields::is_launch_url(&url) {
            return Err(fields::message("Enter a valid URL."));
        }
        application.meta_launch_url = url;
        Ok(())
    });
    field("meta_icon", false, &mut |v| {
        application.meta_icon = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        Ok(())
    });
    field("meta_description", false, &mut |v| {
        application.meta_description = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        Ok(())
    });
    field("meta_publisher", false, &mut |v| {
        application.meta_publisher = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        Ok(())
    });
    field("policy_engine_mode", false, &mut |v| {
        application.policy_engine_mode = fields::choice(v, POLICY_ENGINE_MODES)?;
        Ok(())
    });
    field("group", false, &mut |v| {
        application.group = fields::text(v, Text::BLANK_OK)?.unwrap_or_default();
        Ok(())
    });
    if store.release.application_meta_hide {
        field("meta_hide", false, &mut |v| {
            application.meta_hide = fields::boolean(v)?;
            Ok(())
        });
    }

    if errors.is_empty() {
        Ok(application)
    } else {
        Err(errors.into_value())
    }
}
