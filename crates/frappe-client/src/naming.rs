//! How Frappe names a Social Login Key document.

/// `frappe.scrub`: spaces and hyphens become underscores, then lower-case.
/// Nothing else changes (dots, slashes, accents and digits are kept).
pub fn scrub(text: &str) -> String {
    text.replace([' ', '-'], "_").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_frappe_examples() {
        assert_eq!(scrub("GitHub"), "github");
        assert_eq!(scrub("Office 365"), "office_365");
        assert_eq!(scrub("My-IdP SSO"), "my_idp_sso");
        assert_eq!(scrub("a.b/c"), "a.b/c");
    }
}
