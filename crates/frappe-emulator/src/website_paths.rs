//! `frappe/website/path_resolver.py` `validate_path` for the paths a plain Frappe site serves
//! without any website document: the `www` pages of the framework, the route rules of
//! `frappe/hooks.py` (`/app/<path>` → `app`, `/profile` → `me`) and its redirects (`/desk…` →
//! `/app…`). Whether any other path resolves depends on Web Pages, Web Forms and other
//! generators the emulator does not model.

use crate::version::FrappeVersion;

/// The template pages of `frappe/www` (`.html`/`.md` files) on every line.
const WWW_PAGES: &[&str] = &[
    "404",
    "about",
    "app",
    "complete_signup",
    "confirm_workflow_action",
    "contact",
    "error",
    "list",
    "login",
    "me",
    "message",
    "modified_doc_alert",
    "printpreview",
    "printview",
    "qrcode",
    "third_party_apps",
    "unsubscribe",
    "update-password",
];

/// Pages only some lines have: `apps` (v15, develop), `search` (v14, v15), `attribution` and
/// `logout` (develop).
fn line_pages(version: FrappeVersion) -> &'static [&'static str] {
    match version {
        FrappeVersion::V14 => &["search"],
        FrappeVersion::V15 => &["apps", "search"],
        FrappeVersion::Develop => &["apps", "attribution", "logout"],
    }
}

/// `Some(true)` when `PathResolver(path).is_valid_path()` holds on a plain site, `None` when it
/// depends on documents the emulator does not model.
pub(crate) fn is_valid_path(version: FrappeVersion, path: &str) -> Option<bool> {
    // `PathResolver.__init__` strips slashes and spaces; `resolve_path` drops ".html".
    let path = path.trim_matches(|c| c == '/' || c == ' ');
    let path = path.strip_suffix(".html").unwrap_or(path);
    let first = path.split('/').next().unwrap_or_default();
    let known = first == "app"
        || path.starts_with("desk")
        || path == "profile"
        || ((WWW_PAGES.contains(&path) || line_pages(version).contains(&path)) && !path.contains('/'));
    known.then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_routes_and_www_pages_are_valid_paths() {
        for path in [
            "/app",
            "app/todo",
            "/login",
            "me",
            "/desk/user",
            "profile",
            "update-password.html",
        ] {
            assert_eq!(is_valid_path(FrappeVersion::V15, path), Some(true), "{path}");
        }
        assert_eq!(is_valid_path(FrappeVersion::V15, "apps"), Some(true));
        assert_eq!(is_valid_path(FrappeVersion::V14, "apps"), None, "no apps page on v14");
        assert_eq!(is_valid_path(FrappeVersion::V15, "nonexistent-xyz"), None);
    }
}
