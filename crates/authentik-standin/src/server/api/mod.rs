//! authentik's REST API under `/api/v3/`, for the objects the Terraform
//! provider manages or looks up. Requests need `Authorization: Bearer
//! <token>`; list answers use authentik's pagination envelope; bad input is
//! answered with Django REST framework's 400 field-error bodies. Paths
//! authentik has but the stand-in does not reproduce answer 501, so a client
//! relying on them fails loudly instead of passing against a guess.

pub(crate) mod applications;
mod crypto;
mod fields;
mod flows;
mod group_writes;
mod groups;
pub(crate) mod policy_bindings;
pub(crate) mod providers;
mod root;
mod scope_mappings;

use serde_json::{json, Map, Value};

use super::http::{Incoming, Outgoing};
use super::store::Store;

/// Default page size of authentik's API.
const PAGE_SIZE: usize = 100;

/// Handles a request whose path starts with `/api/v3/`.
pub(crate) fn handle(store: &mut Store, request: &Incoming) -> Outgoing {
    let rest = request.path.strip_prefix("/api/v3/").unwrap_or("");
    let segments: Vec<String> = rest
        .split('/')
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    // Every route ends in a slash, so the last segment is empty.
    if segments.last().is_some_and(|s| !s.is_empty()) {
        return not_emulated(request);
    }
    let parts: Vec<&str> = segments[..segments.len() - 1].iter().map(String::as_str).collect();
    if let Some(answer) = authenticate(store, request, &parts) {
        return answer;
    }
    let method = request.method.as_str();
    let answer = match parts.as_slice() {
        ["root", "config"] => only(method, &["GET"]).map(|()| root::config()),
        ["providers", "oauth2"] => match method {
            "GET" => Ok(providers::list(store, request)),
            "POST" => Ok(providers::create(store, request)),
            _ => Err(method_not_allowed(method)),
        },
        ["providers", "oauth2", pk] => match method {
            "GET" => Ok(providers::retrieve(store, pk, request)),
            "PUT" => Ok(providers::update(store, pk, request, false)),
            "PATCH" => Ok(providers::update(store, pk, request, true)),
            "DELETE" => Ok(providers::destroy(store, pk)),
            _ => Err(method_not_allowed(method)),
        },
        ["core", "applications"] => match method {
            "GET" => Ok(applications::list(store, request)),
            "POST" => Ok(applications::create(store, request)),
            _ => Err(method_not_allowed(method)),
        },
        ["core", "applications", slug] => match method {
            "GET" => Ok(applications::retrieve(store, slug)),
            "PUT" => Ok(applications::update(store, slug, request, false)),
            "PATCH" => Ok(applications::update(store, slug, request, true)),
            "DELETE" => Ok(applications::destroy(store, slug)),
            _ => Err(method_not_allowed(method)),
        },
        ["core", "groups"] => match method {
            "GET" => Ok(groups::list(store, request)),
            "POST" => Ok(group_writes::create(store, request)),
            _ => Err(method_not_allowed(method)),
        },
        ["core", "groups", pk] => match method {
            "GET" => Ok(groups::retrieve(store, pk, request)),
            "PUT" => Ok(group_writes::update(store, pk, request, false)),
            "PATCH" => Ok(group_writes::update(store, pk, request, true)),
            "DELETE" => Ok(group_writes::destroy(store, pk)),
            _ => Err(method_not_allowed(method)),
        },
        ["policies", "bindings"] => match method {
            "GET" => Ok(policy_bindings::list(store, request)),
            "POST" => Ok(policy_bindings::create(store, request)),
            _ => Err(method_not_allowed(method)),
        },
        ["policies", "bindings", pk] => match method {
            "GET" => Ok(policy_bindings::retrieve(store, pk)),
            "PUT" => Ok(policy_bindings::update(store, pk, request, false)),
            "PATCH" => Ok(policy_bindings::update(store, pk, request, true)),
            "DELETE" => Ok(policy_bindings::destroy(store, pk)),
            _ => Err(method_not_allowed(method)),
        },
        ["flows", "instances"] => only(method, &["GET"]).map(|()| flows::list(store, request)),
        ["flows", "instances", slug] => only(method, &["GET"]).map(|()| flows::retrieve(store, slug)),
        ["crypto", "certificatekeypairs"] => only(method, &["GET"]).map(|()| crypto::list(store, request)),
        ["crypto", "certificatekeypairs", pk] => only(method, &["GET"]).map(|()| crypto::retrieve(store, pk)),
        ["crypto", "certificatekeypairs", pk, "view_certificate"] => {
            only(method, &["GET"]).map(|()| crypto::view_certificate(store, pk, request))
        }
        ["crypto", "certificatekeypairs", pk, "view_private_key"] => {
            only(method, &["GET"]).map(|()| crypto::view_private_key(store, pk, request))
        }
        ["propertymappings", "provider", "scope"] => {
            only(method, &["GET"]).map(|()| scope_mappings::list(store, request))
        }
        ["propertymappings", "provider", "scope", pk] => {
            only(method, &["GET"]).map(|()| scope_mappings::retrieve(store, pk))
        }
        _ => Err(not_emulated(request)),
    };
    answer.unwrap_or_else(|refusal| refusal)
}

/// DRF's answer for a missing or wrong API token: always 403, because
/// authentik's `TokenAuthentication` has no `authenticate_header`
/// (`authentik/api/authentication.py`). A wrong bearer token fails in
/// `TokenAuthentication.auth_user_lookup` ("Token invalid/expired"); without
/// one, the request is anonymous: `/root/config/` allows it
/// (`authentik/api/v3/config.py` `ConfigView.permission_classes`), a
/// collection refuses it in `ObjectPermissions.has_permission`
/// (`authentik/rbac/permissions.py`, DRF's `NotAuthenticated`), and an object
/// path passes that check but `ObjectFilter.filter_queryset`
/// (`authentik/rbac/filters.py`) finds nothing it may see and raises a plain
/// `PermissionDenied`.
fn authenticate(store: &Store, request: &Incoming, parts: &[&str]) -> Option<Outgoing> {
    let header = request.header("authorization").unwrap_or("").trim();
    // `validate_auth`: a header without a space or with another scheme is no token at all.
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token);
    let detail = match token {
        Some(token) if token == store.api_token => return None,
        Some(_) => "Token invalid/expired",
        None if parts == ["root", "config"] => return None,
        None if is_object_path(parts) => "You do not have permission to perform this action.",
        None => "Authentication credentials were not provided.",
    };
    Some(Outgoing::json(403, &json!({ "detail": detail })))
}

/// Whether the path names one object (a viewset's detail route or one of its
/// actions) rather than a collection.
fn is_object_path(parts: &[&str]) -> bool {
    match parts {
        ["propertymappings", "provider", "scope"] => false,
        ["propertymappings", ..] => parts.len() > 3,
        _ => parts.len() > 2,
    }
}

fn only(method: &str, allowed: &[&str]) -> Result<(), Outgoing> {
    if allowed.contains(&method) {
        Ok(())
    } else {
        Err(method_not_allowed(method))
    }
}

fn method_not_allowed(method: &str) -> Outgoing {
    Outgoing::json(405, &json!({ "detail": format!("Method \"{method}\" not allowed.") }))
}

/// A path or parameter authentik has but the stand-in does not reproduce.
pub(crate) fn not_emulated(request: &Incoming) -> Outgoing {
    Outgoing::json(
        501,
        &json!({
            "detail": format!(
                "Not emulated by the authentik stand-in: {} {}",
                request.method,
                request.full_path()
            )
        }),
    )
}

/// How a model's primary key (or lookup field) is parsed from the path.
#[derive(Clone, Copy)]
pub(crate) enum Lookup {
    /// An `AutoField`: Python's `int()`.
    Integer,
    /// A `UUIDField`: Python's `uuid.UUID()`.
    Uuid,
    /// A `SlugField` or `TextField`: any text.
    Text,
}

impl Lookup {
    fn parses(self, value: &str) -> bool {
        match self {
            Lookup::Integer => {
                let digits = value.trim();
                let digits = digits.strip_prefix(['+', '-']).unwrap_or(digits);
                !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
            }
            Lookup::Uuid => crate::server::random::parse_uuid(value).is_some(),
            Lookup::Text => true,
        }
    }
}

/// A 404 for an object that does not exist: Django's `get_object_or_404`
/// names the model ("No OAuth2Provider matches the given query."), but DRF's
/// `generics.get_object_or_404` turns a lookup value the field cannot parse
/// into a bare `Http404`, which DRF's `exception_handler` answers with
/// "Not found." (`rest_framework/generics.py`, `rest_framework/views.py`).
pub(crate) fn not_found(model: &str, lookup: Lookup, value: &str) -> Outgoing {
    let detail = if lookup.parses(value) {
        format!("No {model} matches the given query.")
    } else {
        "Not found.".to_string()
    };
    Outgoing::json(404, &json!({ "detail": detail }))
}

/// An uncaught exception in a view. authentik's `handler500`
/// (`authentik/root/urls.py`) is `ServerErrorView`
/// (`authentik/core/views/error.py`), a `TemplateView`: it renders the error
/// page for GET, and answers any other method with Django's empty 405
/// (`View.http_method_not_allowed`) instead of the 500.
pub(crate) fn server_error(request: &Incoming) -> Outgoing {
    match request.method.as_str() {
        "GET" | "HEAD" => Outgoing::html(500, crate::server::http::page("Server Error", "")),
        _ => Outgoing::django_empty(405).with_header("allow", "GET, HEAD, OPTIONS"),
    }
}

pub(crate) fn bad_request(body: Value) -> Outgoing {
    Outgoing::json(400, &body)
}

/// The JSON object of a request body, or DRF's answer to anything else.
pub(crate) fn json_object(request: &Incoming) -> Result<Map<String, Value>, Outgoing> {
    let parsed: Value = serde_json::from_slice(&request.body)
        .map_err(|e| bad_request(json!({ "detail": format!("JSON parse error - {e}") })))?;
    match parsed {
        Value::Object(map) => Ok(map),
        other => Err(bad_request(json!({
            "non_field_errors": [format!(
                "Invalid data. Expected a dictionary, but got {}.",
                fields::python_type(&other)
            )]
        }))),
    }
}

/// Query parameters of a list request, checked against what the stand-in
/// filters by.
pub(crate) struct ListQuery {
    query: super::http::QueryDict,
}

impl ListQuery {
    /// Refuses parameters authentik would act on but the stand-in does not
    /// (`unemulated`), and any `ordering` but the endpoint's default.
    /// Everything else unknown is ignored, as django-filter ignores it.
    pub(crate) fn new(request: &Incoming, unemulated: &[&str], default_ordering: &str) -> Result<ListQuery, Outgoing> {
        let query = request.query_dict();
        if query.keys().iter().any(|k| unemulated.contains(k))
            || query
                .get("ordering")
                .is_some_and(|o| !o.is_empty() && o != default_ordering)
        {
            return Err(not_emulated(request));
        }
        Ok(ListQuery { query })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.query.get(key)
    }

    pub(crate) fn get_all(&self, key: &str) -> Vec<&str> {
        self.query.get_all(key)
    }

    /// django-filter's boolean parsing; `Err` is its 400 answer.
    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>, Outgoing> {
        match self.query.get(key) {
            None | Some("") => Ok(None),
            Some("true" | "True" | "1") => Ok(Some(true)),
            Some("false" | "False" | "0") => Ok(Some(false)),
            Some(_) => Err(bad_request(json!({ key: ["Enter a valid boolean."] }))),
        }
    }

    /// Whether any of `fields` contains the `search` term (case-insensitive).
    pub(crate) fn search_matches(&self, fields: &[&str]) -> bool {
        match self.query.get("search") {
            None | Some("") => true,
            Some(term) => {
                let term = term.to_lowercase();
                fields.iter().any(|f| f.to_lowercase().contains(&term))
            }
        }
    }

    /// One page of `items` in authentik's pagination envelope, with an empty
    /// `autocomplete` (a viewset without `get_ql_fields`).
    pub(crate) fn paginate(&self, items: Vec<Value>) -> Outgoing {
        self.paginate_with_autocomplete(items, json!({}))
    }

    /// One page of `items` with the search autocomplete of a viewset that
    /// has `get_ql_fields` (`authentik/enterprise/search/pagination.py`
    /// `AutocompletePagination.get_autocomplete`).
    pub(crate) fn paginate_with_autocomplete(&self, items: Vec<Value>, autocomplete: Value) -> Outgoing {
        let page_size = self
            .query
            .get("page_size")
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(PAGE_SIZE);
        let page = match self.query.get("page") {
            None => 1,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => return Outgoing::json(404, &json!({ "detail": "Invalid page." })),
            },
        };
        let count = items.len();
        let total_pages = count.div_ceil(page_size).max(1);
        if page > total_pages {
            return Outgoing::json(404, &json!({ "detail": "Invalid page." }));
        }
        let start = (page - 1) * page_size;
        let results: Vec<Value> = items.into_iter().skip(start).take(page_size).collect();
        let (start_index, end_index) = if count == 0 {
            (0, 0)
        } else {
            (start + 1, start + results.len())
        };
        Outgoing::json(
            200,
            &json!({
                "pagination": {
                    "next": if page < total_pages { page + 1 } else { 0 },
                    "previous": page.saturating_sub(1),
                    "count": count,
                    "current": page,
                    "total_pages": total_pages,
                    "start_index": start_index,
                    "end_index": end_index,
                },
                "results": results,
                "autocomplete": autocomplete,
            }),
        )
    }
}
