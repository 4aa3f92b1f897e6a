//! `GET /login` (`frappe/www/login.py`, `login.html`): the login form and a "Login with …"
//! button per usable Social Login Key.
//!
//! A button needs `enable_social_login`, a stored client secret, a `client_id` and a
//! `base_url`; buttons come in name order. Its link is the key's authorize URL with
//! `redirect_uri`, `state` (base64 of `{"site", "token", "redirect_to"}`), the `auth_url_data`
//! entries and `client_id`, in that order. The page is reduced to the login card (no site
//! chrome, scripts or styles; whitespace differs from Frappe's template); the markup of the
//! inputs and buttons is Frappe's.

use base64::Engine;
use serde_json::{json, Map, Value};

use super::{get_url, site_url};
use crate::context::{Answer, Context};
use crate::email::escape_html;
use crate::errors::{not_emulated, random_hash, Failure};
use crate::list_query::json_decode_error;
use crate::permissions::GUEST;
use crate::python::{cint, cstr, json_dumps, py_str, repr_str, truthy, urlencode};
use crate::routes::ApiRequest;
use crate::store::{row_name, Row};

const SOCIAL_LOGIN_KEY: &str = "Social Login Key";

/// `mimetypes.guess_type` says `image/...` for these extensions.
const IMAGE_EXTENSIONS: [&str; 21] = [
    "bmp", "gif", "ico", "ief", "jpe", "jpeg", "jpg", "pbm", "pgm", "png", "pnm", "ppm", "ras", "rgb", "svg", "tif",
    "tiff", "webp", "xbm", "xpm", "xwd",
];

fn text(row: &Row, key: &str) -> String {
    cstr(row.get(key).unwrap_or(&Value::Null))
}

/// `sanitize_redirect()`: a path, or a URL naming the request's own host.
fn sanitize_redirect(request: &ApiRequest, redirect: Option<String>) -> Result<Option<String>, Failure> {
    let Some(redirect) = redirect.filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let has_netloc = redirect.starts_with("//") || redirect.split_once("://").is_some_and(|(s, _)| !s.contains('/'));
    if !has_netloc {
        return Ok(Some(redirect));
    }
    let parsed = url::Url::parse(&redirect)
        .or_else(|_| url::Url::parse(&format!("http:{redirect}")))
        .map_err(|_| not_emulated("a redirect-to Python's urlparse would read differently"))?;
    let netloc = match (parsed.host_str(), parsed.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => String::new(),
    };
    let request_host = request.header("host").unwrap_or_default();
    Ok((netloc.eq_ignore_ascii_case(&request_host)).then_some(redirect))
}

/// `get_icon_html(icon, small=True)` for ASCII icons.
fn icon_html(icon: &str) -> Result<String, Failure> {
    if !icon.is_ascii() || icon.contains('\\') || icon.chars().any(char::is_control) {
        return Err(not_emulated("a Custom icon with emoji or escapes"));
    }
    let path = icon.split('?').next().unwrap_or_default();
    let is_image = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    let escaped = repr_str(&escape_html(icon));
    Ok(if is_image {
        format!("<img style='width: 16px; height: 16px;' src={escaped}>")
    } else {
        format!("<i class={escaped}></i>")
    })
}

/// A key's parsed JSON fields.
pub(crate) struct KeyJson {
    pub(crate) name: String,
    pub(crate) auth_url_data: Option<Value>,
    pub(crate) api_endpoint_args: Option<Value>,
}

/// The parsed `auth_url_data` / `api_endpoint_args` of every key (`get_oauth2_providers`
/// loads them all, so one invalid value breaks every key).
pub(crate) fn load_json_fields(rows: &[&Row]) -> Result<Vec<KeyJson>, Failure> {
    let mut out = Vec::new();
    for row in rows {
        let mut parsed = [None, None];
        for (slot, field) in parsed.iter_mut().zip(["auth_url_data", "api_endpoint_args"]) {
            let value = row.get(field).cloned().unwrap_or(Value::Null);
            if !truthy(&value) {
                continue;
            }
            let raw = cstr(&value);
            *slot = Some(serde_json::from_str::<Value>(&raw).map_err(|e| Failure::from(json_decode_error(&raw, &e)))?);
        }
        let [auth_url_data, api_endpoint_args] = parsed;
        out.push(KeyJson {
            name: row_name(row).to_string(),
            auth_url_data,
            api_endpoint_args,
        });
    }
    Ok(out)
}

/// `get_oauth2_authorize_url(provider, redirect_to)`.
fn authorize_url(
    request: &ApiRequest,
    row: &Row,
    auth_url_data: Option<&Value>,
    redirect_to: Option<&str>,
) -> Result<String, Failure> {
    let base = if cint(row.get("custom_base_url").unwrap_or(&Value::Null)) != 0 {
        format!("{}{}", text(row, "base_url"), text(row, "authorize_url"))
    } else {
        text(row, "authorize_url")
    };
    let state = json!({
        "site": site_url(request),
        "token": random_hash(56),
        "redirect_to": redirect_to,
    });
    let state = base64::engine::general_purpose::STANDARD.encode(json_dumps(&state, false));
    let redirect_uri = get_url(request, &text(row, "redirect_url"))
        .ok_or_else(|| not_emulated("a redirect URL Python's urljoin would join differently"))?;
    let mut params: Vec<(String, String)> = vec![("redirect_uri".into(), redirect_uri), ("state".into(), state)];
    let set = |params: &mut Vec<(String, String)>, key: &str, value: String| match params
        .iter_mut()
        .find(|(k, _)| k == key)
    {
        Some(slot) => slot.1 = value,
        None => params.push((key.to_string(), value)),
    };
    match auth_url_data {
        None => {}
        Some(Value::Object(extra)) => {
            for (key, value) in extra {
                set(&mut params, key, py_str(value));
            }
        }
        Some(_) => return Err(not_emulated("auth_url_data that is not a JSON object")),
    }
    set(&mut params, "client_id", text(row, "client_id"));
    Ok(format!("{base}?{}", urlencode(&params)))
}

/// One button of the page ("Login with" is "Login With" on v14).
fn button(text: &str, name: &str, provider_name: &str, auth_url: &str, icon: Option<&str>) -> String {
    let icon = icon.map(|i| format!("{i}\n")).unwrap_or_default();
    format!(
        "<div class=\"login-button-wrapper\">\n<a href=\"{auth_url}\"\nclass=\"btn btn-block btn-default btn-sm btn-login-option btn-{name}\">\n{icon}{text} {provider_name}</a>\n</div>\n"
    )
}

/// `GET /login`.
pub(crate) fn render(ctx: &mut Context, request: &ApiRequest, _form: &Map<String, Value>) -> Result<Answer, Failure> {
    if ctx.user != GUEST {
        return Err(not_emulated("/login for a logged-in session (Frappe redirects it)"));
    }
    let redirect_to = request.query.as_deref().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "redirect-to")
            .map(|(_, v)| v.into_owned())
    });
    let redirect_to = sanitize_redirect(request, redirect_to)?;
    let store = &ctx.state.store;
    let rows = store.rows(SOCIAL_LOGIN_KEY);
    let json_fields = load_json_fields(&rows)?;
    let profile = ctx.profile();
    let mut buttons = String::new();
    for row in rows
        .iter()
        .filter(|r| cint(r.get("enable_social_login").unwrap_or(&Value::Null)) == 1)
    {
        let name = row_name(row);
        if store.secret(SOCIAL_LOGIN_KEY, name, "client_secret").is_none() {
            // get_decrypted_password raises for an enabled key without a stored secret.
            return Err(not_emulated("/login with an enabled key that has no stored secret"));
        }
        let provider_name = text(row, "provider_name");
        let icon = text(row, "icon");
        let icon = match (icon.is_empty(), provider_name == "Custom") {
            (true, _) => None,
            (false, true) => Some(icon_html(&icon)?),
            (false, false) => Some(format!(
                "<img src={} alt={}>",
                repr_str(&escape_html(&icon)),
                repr_str(&escape_html(&provider_name))
            )),
        };
        if text(row, "client_id").is_empty() || text(row, "base_url").is_empty() {
            continue;
        }
        let auth_url_data = json_fields
            .iter()
            .find(|key| key.name == name)
            .and_then(|key| key.auth_url_data.as_ref());
        let url = authorize_url(request, row, auth_url_data, redirect_to.as_deref())?;
        buttons.push_str(&button(
            profile.login_button_text,
            name,
            &provider_name,
            &url,
            icon.as_deref(),
        ));
    }
    let single = |doctype: &str, field: &str| cstr(&ctx.state.single_value(doctype, field));
    let disable_password_login = ctx.state.single_flag("System Settings", "disable_user_pass_login");
    let email_link = ctx.state.single_flag("System Settings", "login_with_email_link");
    let disable_signup = ctx.state.single_flag("Website Settings", "disable_signup");
    let app_name = [
        single("Website Settings", "app_name"),
        single("System Settings", "app_name"),
    ]
    .into_iter()
    .find(|n| !n.is_empty())
    .unwrap_or_else(|| "Frappe".to_string());
    let email_login_body = if disable_password_login {
        "<div class=\"page-card-actions\">\n</div>\n".to_string()
    } else {
        "<div class=\"page-card-body\">\n<input type=\"text\" id=\"login_email\" class=\"form-control\" placeholder=\"jane@example.com\" required autofocus autocomplete=\"username\">\n<input type=\"password\" id=\"login_password\" class=\"form-control\" placeholder=\"•••••\" autocomplete=\"current-password\" required>\n<p class=\"forgot-password-message\"><a href=\"#forgot\">Forgot Password?</a></p>\n</div>\n<div class=\"page-card-actions\">\n<button class=\"btn btn-sm btn-primary btn-block btn-login\" type=\"submit\">\nLogin</button>\n</div>\n".to_string()
    };
    let form = if !buttons.is_empty() || email_link {
        let divider = if disable_password_login {
            ""
        } else {
            "<p class=\"text-muted login-divider\">or</p>\n"
        };
        let link = if email_link {
            "<div class=\"login-with-email-link social-login-buttons\">\n<div class=\"login-button-wrapper\">\n<a href=\"#login-with-email-link\"\nclass=\"btn btn-block btn-default btn-sm btn-login-option btn-login-with-email-link\">\nLogin with Email Link</a>\n</div>\n</div>\n"
        } else {
            ""
        };
        format!(
            "<div class=\"page-card-body\">\n<form class=\"form-signin form-login\" role=\"form\">\n{email_login_body}</form>\n<div class=\"social-logins text-center\">\n{divider}<div class=\"social-login-buttons\">\n{buttons}</div>\n{link}</div>\n</div>\n"
        )
    } else {
        email_login_body
    };
    let signup = if !disable_signup && !disable_password_login {
        "<div class=\"text-center sign-up-message\">\nDon't have an account?\n<a href=\"#signup\">Sign up</a>\n</div>\n"
    } else {
        ""
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Login</title>\n</head>\n<body>\n<!-- login.html -->\n<section class='for-login'>\n<div class=\"page-card-head\">\n<h4>Login to {app_name}</h4>\n</div>\n<div class=\"login-content page-card\">\n<form class=\"form-signin form-login\" role=\"form\">\n{form}</form>\n</div>\n{signup}</section>\n</body>\n</html>\n"
    );
    Ok(Answer {
        status: 200,
        html: Some(page),
        ..Answer::default()
    })
}
