//! The `User` DocType and its `roles` child table (`Has Role`), as Frappe v15
//! stores them (notes/frappe-behaviour.md, "Users, roles and System Settings").

pub const DOCTYPE: &str = "User";

/// The child table of a user's roles, and the DocType of its rows.
pub const ROLES_FIELD: &str = "roles";
pub const ROLE_ROW_DOCTYPE: &str = "Has Role";
/// The field of a `Has Role` row naming the role.
pub const ROLE_FIELD: &str = "role";

/// The DocType of roles; a role's document name is its name.
pub const ROLE_DOCTYPE: &str = "Role";

/// `user_type` as Frappe derives it on every save: a user with any role
/// that has desk access is a System User, anyone else a Website User.
pub const SYSTEM_USER: &str = "System User";
pub const WEBSITE_USER: &str = "Website User";

/// Users Frappe never lets anyone delete.
pub const UNDELETABLE: &[&str] = &["administrator", "guest"];

/// The document name Frappe gives a user: the email, stripped and
/// lower-cased (the email field is rewritten the same way).
pub fn user_name(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whether `email` looks like what Frappe's `validate_email_address`
/// accepts: one `@`, something before it, a dotted domain after it, no
/// spaces. Frappe refuses others with InvalidEmailAddressError.
pub fn plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_trimmed_lower_cased_email() {
        assert_eq!(user_name(" Apx-Case@Example.COM "), "apx-case@example.com");
    }

    #[test]
    fn implausible_emails_are_spotted() {
        assert!(plausible_email("alice@example.com"));
        for bad in [
            "alice",
            "alice@",
            "@example.com",
            "a@b",
            "a b@example.com",
            "a@@example.com",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }
}
