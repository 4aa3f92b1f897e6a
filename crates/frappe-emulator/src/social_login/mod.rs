//! Frappe's social login, as v15 runs it (notes, sections 10.2 and 10.3): the "Login with …"
//! buttons of `/login` (`frappe/www/login.py`), and the callback a Custom key's identity
//! provider redirects to (`frappe.integrations.oauth2_logins.custom`, `frappe/utils/oauth.py`).
//! Everything comes from what the Social Login Key stores; the identity provider is called over
//! real HTTP.
//!
//! Not emulated (501): the preset callbacks (`login_via_google`, ...), site config overrides
//! (`<key>_login`), LDAP, login with e-mail link, identity providers that cannot be reached
//! or redirect the token request.

pub(crate) mod callback;
mod idp;
pub(crate) mod login_page;

use super::context::Answer;
use super::routes::ApiRequest;

/// `frappe.utils.get_url()`: the scheme (https only with `X-Forwarded-Proto: https`) and
/// `Host` of the request.
pub(crate) fn site_url(request: &ApiRequest) -> String {
    let scheme = if request.header("x-forwarded-proto").as_deref() == Some("https") {
        "https"
    } else {
        "http"
    };
    let host = request.header("host").unwrap_or_default();
    format!("{scheme}://{host}")
}

/// `frappe.utils.get_url(uri)`: absolute URIs as they are, others joined to the site URL
/// (Python's `urljoin`).
pub(crate) fn get_url(request: &ApiRequest, uri: &str) -> Option<String> {
    if uri.starts_with("http://") || uri.starts_with("https://") {
        return Some(uri.to_string());
    }
    let base = site_url(request);
    if uri.is_empty() {
        return Some(base);
    }
    url_join(&base, uri)
}

/// Python's `urljoin(base, reference)` for an absolute `base`. WHATWG joining agrees with it
/// for the paths identity providers use; references it would percent-encode (spaces,
/// non-ASCII, quotes, brackets) are refused.
pub(crate) fn url_join(base: &str, reference: &str) -> Option<String> {
    if !reference.is_ascii() || reference.contains([' ', '"', '<', '>', '`', '{', '}', '|', '\\', '^']) {
        return None;
    }
    let base = url::Url::parse(base).ok()?;
    Some(base.join(reference).ok()?.to_string())
}

/// `frappe.respond_as_web_page(title, message, http_status_code=status)`: Frappe's message
/// page, reduced to its title and card.
pub(crate) fn message_page(title: &str, message: &str, status: u16) -> Answer {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n<div class=\"page-card\">\n<h4 class=\"page-card-head\">{title}</h4>\n<div class=\"page-card-body\">{message}</div>\n</div>\n</body>\n</html>\n"
    );
    Answer {
        status,
        html: Some(page),
        ..Answer::default()
    }
}
