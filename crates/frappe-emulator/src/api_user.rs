//! A site user with API credentials given at start (`--user EMAIL:KEY:SECRET:Role1,Role2`), so
//! that tests and the sandbox can send requests as someone without System Manager and see the
//! refusals Frappe gives them.

use std::fmt;
use std::str::FromStr;

/// One user to create when the site starts: e-mail, API key and secret, roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiUser {
    pub email: String,
    pub api_key: String,
    pub api_secret: String,
    pub roles: Vec<String>,
}

/// Why a `--user` value could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiUserError {
    #[error("expected EMAIL:KEY:SECRET:Role1,Role2 (roles may be empty), got {0:?}")]
    Shape(String),
    #[error("the {part} of {text:?} is empty")]
    Empty { part: &'static str, text: String },
}

impl FromStr for ApiUser {
    type Err = ApiUserError;

    /// `EMAIL:KEY:SECRET:ROLES`; role names may hold spaces ("Sales User") but not commas, and
    /// an empty role list gives a user with no roles (a Website User).
    fn from_str(text: &str) -> Result<ApiUser, ApiUserError> {
        let parts: Vec<&str> = text.splitn(4, ':').collect();
        let [email, api_key, api_secret, roles] = parts[..] else {
            return Err(ApiUserError::Shape(text.to_string()));
        };
        for (part, value) in [("e-mail", email), ("API key", api_key), ("API secret", api_secret)] {
            if value.trim().is_empty() {
                return Err(ApiUserError::Empty {
                    part,
                    text: text.to_string(),
                });
            }
        }
        Ok(ApiUser {
            email: email.trim().to_string(),
            api_key: api_key.to_string(),
            api_secret: api_secret.to_string(),
            roles: roles
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }
}

impl fmt::Display for ApiUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.email,
            self.api_key,
            self.api_secret,
            self.roles.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_spec_names_email_credentials_and_roles() {
        let user: ApiUser = "blogger@example.com:k1:s1:Blogger,Sales User".parse().unwrap();
        assert_eq!(user.email, "blogger@example.com");
        assert_eq!((user.api_key.as_str(), user.api_secret.as_str()), ("k1", "s1"));
        assert_eq!(user.roles, ["Blogger", "Sales User"]);
        assert_eq!(user.to_string(), "blogger@example.com:k1:s1:Blogger,Sales User");
        let none: ApiUser = "web@example.com:k:s:".parse().unwrap();
        assert!(none.roles.is_empty());
    }

    #[test]
    fn a_user_spec_without_all_four_parts_or_with_an_empty_key_is_refused() {
        assert!(matches!(
            "a@example.com:k:s".parse::<ApiUser>(),
            Err(ApiUserError::Shape(_))
        ));
        assert!(matches!(
            "a@example.com::s:Blogger".parse::<ApiUser>(),
            Err(ApiUserError::Empty { part: "API key", .. })
        ));
    }
}
