//! `frappe.utils.validate_email_address` and `validate_phone_number` for the values clients
//! send. Inputs whose result depends on Python's `email.utils.parseaddr` (display names,
//! quotes, comments, several addresses) or on Unicode case folding are not emulated.

use super::errors::{not_emulated, ExceptionClass, Failure, FrappeError};

pub(crate) const INVALID_EMAIL_ADDRESS_ERROR: ExceptionClass = ExceptionClass {
    name: "InvalidEmailAddressError",
    module: "frappe.exceptions",
    status: 417,
};

pub(crate) const INVALID_PHONE_NUMBER_ERROR: ExceptionClass = ExceptionClass {
    name: "InvalidPhoneNumberError",
    module: "frappe.exceptions",
    status: 417,
};

/// `validate_email_address(text, throw=True)` for one address.
pub(crate) fn validate_email(text: &str) -> Result<(), Failure> {
    let email = text.trim_matches(super::python::is_python_space);
    if email.contains(' ') && !email.contains('<') {
        return Err(invalid_email(email));
    }
    if !email.is_ascii() || email.contains(['<', '>', '"', '(', ')', ',', ';', ':', '[', ']', '\\']) {
        return Err(not_emulated(format!(
            "the address {email:?} (Python's parseaddr decides what it means)"
        )));
    }
    if email.is_empty() || email.matches('@').count() > 1 || !email_prefix_matches(email) {
        return Err(invalid_email(email));
    }
    Ok(())
}

fn invalid_email(email: &str) -> Failure {
    FrappeError::throw(
        INVALID_EMAIL_ADDRESS_ERROR,
        format!("{} is not a valid Email Address", escape_html(email)),
    )
    .into()
}

/// `frappe.utils.escape_html`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
    out
}

fn is_atom_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&byte)
}

/// `EMAIL_MATCH_PATTERN.match(email)` (a match at the start, not of the whole string):
/// a dot-atom local part, `@`, then at least `label.` followed by the first character of a
/// label.
fn email_prefix_matches(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let atoms_ok = !local.is_empty()
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(is_atom_char));
    if !atoms_ok {
        return false;
    }
    let Some((label, rest)) = domain.split_once('.') else {
        return false;
    };
    let bytes = label.as_bytes();
    let label_ok = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    };
    label_ok && rest.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `validate_phone_number(text, throw=True)`: 1 to 20 of `0-9 +_-,.*#()`.
pub(crate) fn validate_phone(text: &str) -> Result<(), Failure> {
    let phone = text.trim_matches(super::python::is_python_space);
    let ok = (1..=20).contains(&phone.chars().count())
        && phone.chars().all(|c| c.is_ascii_digit() || " +_-,.*#()".contains(c));
    if ok {
        Ok(())
    } else {
        Err(FrappeError::throw(
            INVALID_PHONE_NUMBER_ERROR,
            format!("{phone} is not a valid Phone Number"),
        )
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(text: &str) -> bool {
        matches!(validate_email(text), Ok(()))
    }

    #[test]
    fn emails_follow_frappes_pattern() {
        assert!(valid("a@example.com"));
        assert!(valid(" Apx-Case@Example.COM "));
        assert!(valid("a@b.c-"), "a prefix match is enough");
        assert!(!valid("x"));
        assert!(!valid("a@b"));
        assert!(!valid("a@-b.c"));
        assert!(!valid(".a@b.c"));
        assert!(!valid("a b@c.de"));
        assert!(matches!(validate_email("A <a@b.c>"), Err(Failure::NotEmulated(_))));
    }

    #[test]
    fn phone_numbers() {
        assert!(validate_phone("+91 (22) 1234-5678").is_ok());
        assert!(validate_phone("call me").is_err());
        assert!(validate_phone("123456789012345678901").is_err());
    }
}
