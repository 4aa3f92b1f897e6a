//! How a redirect URI a client sends is matched against a provider's
//! `redirect_uris` (the same rules for authorize and token): only
//! `authorization`-type entries count (the caller filters), `strict` is exact
//! string equality — a trailing slash, a case difference or an extra query
//! parameter fails — and `regex` must match the whole URI (`re.fullmatch`).
//! An empty list matches nothing.
//!
//! The patterns are Python regular expressions; the stand-in runs them with
//! Rust's `regex` crate. The two agree on ordinary patterns; features Rust
//! lacks (look-around, back-references) make a pattern fail to compile, which
//! the server refuses when the pattern is saved and treats as "no match"
//! here, as authentik treats a pattern Python cannot compile.

use regex::Regex;

use crate::server::model::RedirectUri;

/// URI schemes authentik refuses even when an entry matches.
const FORBIDDEN_SCHEMES: [&str; 3] = ["javascript", "data", "vbscript"];

/// Compiles a pattern for a whole-string match.
pub(crate) fn compile_fullmatch(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!(r"\A(?:{pattern})\z"))
}

/// Whether `candidate` matches one entry.
pub(crate) fn entry_matches(entry: &RedirectUri, candidate: &str) -> bool {
    match entry.matching_mode.as_str() {
        "strict" => entry.url == candidate,
        "regex" => compile_fullmatch(&entry.url).is_ok_and(|re| re.is_match(candidate)),
        _ => false,
    }
}

/// Whether `candidate` matches any of `entries`.
pub(crate) fn any_matches<'a>(entries: impl IntoIterator<Item = &'a RedirectUri>, candidate: &str) -> bool {
    entries.into_iter().any(|entry| entry_matches(entry, candidate))
}

/// The scheme as Python's `urlsplit` finds it (lower-cased), if any.
pub(crate) fn scheme(uri: &str) -> Option<String> {
    let (head, _) = uri.split_once(':')?;
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// Whether the URI uses a scheme authentik never redirects to.
pub(crate) fn has_forbidden_scheme(uri: &str) -> bool {
    scheme(uri).is_some_and(|s| FORBIDDEN_SCHEMES.contains(&s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(mode: &str, url: &str) -> RedirectUri {
        RedirectUri {
            matching_mode: mode.into(),
            url: url.into(),
            redirect_uri_type: "authorization".into(),
        }
    }

    #[test]
    fn strict_is_string_equality() {
        let e = entry("strict", "https://erp.example.com/api/method/cb/authentik");
        assert!(entry_matches(&e, "https://erp.example.com/api/method/cb/authentik"));
        assert!(!entry_matches(&e, "https://erp.example.com/api/method/cb/authentik/"));
        assert!(!entry_matches(&e, "https://ERP.example.com/api/method/cb/authentik"));
        assert!(!entry_matches(
            &e,
            "https://erp.example.com/api/method/cb/authentik?x=1"
        ));
    }

    #[test]
    fn regex_must_match_the_whole_uri() {
        let e = entry("regex", r"https://erp\.example\.com/.*");
        assert!(entry_matches(&e, "https://erp.example.com/cb"));
        assert!(!entry_matches(&e, "xhttps://erp.example.com/cb"));
        let partial = entry("regex", "https://erp");
        assert!(!entry_matches(&partial, "https://erp.example.com/"));
        let broken = entry("regex", "https://(erp");
        assert!(!entry_matches(&broken, "https://(erp"));
    }

    #[test]
    fn empty_list_matches_nothing() {
        assert!(!any_matches(&[], "https://anything/"));
    }

    #[test]
    fn schemes_like_urlsplit() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("/relative:path"), None);
        assert!(has_forbidden_scheme("data:text/html,x"));
        assert!(!has_forbidden_scheme("https://x/"));
    }
}
