//! Users, API credentials and `frappe.auth.validate_auth`.
//!
//! Only API key/secret authentication is modelled (`Authorization: token key:secret` and
//! `Basic base64(key:secret)`); there are no sessions, passwords or OAuth bearer tokens, so a
//! `Bearer` header never authenticates.
//!
//! Every release line of the notes (v14.93.2 included, Appendix B.4) answers a two-part
//! `Authorization` header that logs nobody in with 401; the body differs only in its keys.

use super::errors::{random_hash, Failure, FrappeError, AUTHENTICATION_ERROR, INVALID_AUTHORIZATION_TOKEN};
use super::mariadb;
use super::permissions::{ADMINISTRATOR, ALL_ROLE, DESK_USER_ROLE, GUEST};

/// A `User` document with API access.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) api_key: String,
    pub(crate) api_secret: String,
    pub(crate) roles: Vec<String>,
}

/// The site's users. Administrator always exists and implicitly has every role.
#[derive(Debug)]
pub(crate) struct Users {
    users: Vec<User>,
}

impl Users {
    pub(crate) fn new(admin_key: Option<String>, admin_secret: Option<String>) -> Users {
        Users {
            users: vec![User {
                name: ADMINISTRATOR.to_string(),
                api_key: admin_key.unwrap_or_else(|| random_hash(15)),
                api_secret: admin_secret.unwrap_or_else(|| random_hash(15)),
                roles: Vec::new(),
            }],
        }
    }

    pub(crate) fn administrator(&self) -> &User {
        // Invariant: `new` always creates Administrator first and nothing removes it.
        &self.users[0]
    }

    /// Creates the user, or gives an existing one new roles and new credentials.
    pub(crate) fn upsert(&mut self, name: &str, roles: &[&str]) -> User {
        let user = User {
            name: name.to_string(),
            api_key: random_hash(15),
            api_secret: random_hash(15),
            roles: roles.iter().map(|r| (*r).to_string()).collect(),
        };
        match self.users.iter_mut().find(|u| u.name == name) {
            Some(existing) if existing.name == ADMINISTRATOR => existing.clone(),
            Some(existing) => {
                *existing = user.clone();
                user
            }
            None => {
                self.users.push(user.clone());
                user
            }
        }
    }

    fn by_api_key(&self, api_key: &str) -> Option<&User> {
        // `frappe.db.get_value("User", {"api_key": key})` compares under the site collation.
        self.users.iter().find(|u| mariadb::text_eq(&u.api_key, api_key))
    }

    fn get(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// `frappe.get_roles(user)`: the user's roles plus the automatic ones.
    pub(crate) fn roles(&self, session_user: &str) -> Vec<String> {
        if session_user == GUEST {
            return vec![GUEST.to_string()];
        }
        let mut roles: Vec<String> = match self.get(session_user) {
            Some(user) if session_user != ADMINISTRATOR => user.roles.clone(),
            _ => vec![ADMINISTRATOR.to_string(), "System Manager".to_string()],
        };
        roles.push(ALL_ROLE.to_string());
        roles.push(GUEST.to_string());
        if self.is_system_user(session_user) {
            roles.push(DESK_USER_ROLE.to_string());
        }
        roles
    }

    /// `user_type == "System User"`: users with desk roles. A user created without roles is
    /// a Website User, and Guest is neither.
    pub(crate) fn is_system_user(&self, session_user: &str) -> bool {
        session_user == ADMINISTRATOR || self.get(session_user).is_some_and(|u| !u.roles.is_empty())
    }
}

/// `validate_auth()`: the session user for this request, or the error Frappe raises.
pub(crate) fn authenticate(users: &Users, authorization: Option<&str>) -> Result<String, Failure> {
    let Some(header) = authorization else {
        return Ok(GUEST.to_string());
    };
    // Python `str.split(" ")`: consecutive spaces make empty parts, so "token  k:s" is three
    // parts and is ignored rather than rejected.
    let parts: Vec<&str> = header.split(' ').collect();
    let [kind, token] = parts.as_slice() else {
        return Ok(GUEST.to_string());
    };
    let credentials = match kind.to_lowercase().as_str() {
        "basic" => match python_b64decode(token) {
            Err(Base64Failure::Binascii) => {
                return Err(FrappeError::throw(
                    INVALID_AUTHORIZATION_TOKEN,
                    "Failed to decode token, please provide a valid base64-encoded token.",
                )
                .into())
            }
            Err(Base64Failure::NotAscii) => None,
            Ok(bytes) => String::from_utf8(bytes).ok(),
        },
        "token" => Some((*token).to_string()),
        _ => None,
    };
    let key_and_secret = credentials.and_then(|text| {
        let pieces: Vec<&str> = text.split(':').collect();
        match pieces.as_slice() {
            [key, secret] => Some(((*key).to_string(), (*secret).to_string())),
            _ => None,
        }
    });
    let session_user = key_and_secret.and_then(|(key, secret)| match users.by_api_key(&key) {
        Some(user) if user.api_secret == secret => Some(user.name.clone()),
        _ => None,
    });
    // A two-part header that did not log anybody in is refused.
    session_user.ok_or_else(|| FrappeError::bare(AUTHENTICATION_ERROR).into())
}

#[derive(Debug, PartialEq, Eq)]
enum Base64Failure {
    /// `binascii.Error` ("Incorrect padding", impossible length).
    Binascii,
    /// `ValueError` from non-ASCII input, which Frappe swallows.
    NotAscii,
}

/// `base64.b64decode(text)` in Python's default, non-validating mode: characters outside the
/// alphabet are skipped, and decoding stops at a complete padding sequence.
fn python_b64decode(text: &str) -> Result<Vec<u8>, Base64Failure> {
    if !text.is_ascii() {
        return Err(Base64Failure::NotAscii);
    }
    let mut out = Vec::new();
    let mut quad_pos = 0u8;
    let mut left: u32 = 0;
    let mut pads = 0u8;
    for byte in text.bytes() {
        if byte == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(value) = base64_value(byte) else {
            continue;
        };
        pads = 0;
        match quad_pos {
            0 => {
                left = value;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (value >> 4)) as u8);
                left = value & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(((left << 4) | (value >> 2)) as u8);
                left = value & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(((left << 6) | value) as u8);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    if quad_pos == 0 {
        Ok(out)
    } else {
        Err(Base64Failure::Binascii)
    }
}

fn base64_value(byte: u8) -> Option<u32> {
    match byte {
        b'A'..=b'Z' => Some(u32::from(byte - b'A')),
        b'a'..=b'z' => Some(u32::from(byte - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(byte - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_base64_like_python() {
        assert_eq!(python_b64decode("YTpi").unwrap(), b"a:b");
        assert_eq!(python_b64decode("YTpiYw==").unwrap(), b"a:bc");
        assert_eq!(python_b64decode("YT!pi").unwrap(), b"a:b");
        assert_eq!(python_b64decode("YTpiYw"), Err(Base64Failure::Binascii));
        assert_eq!(python_b64decode("YTpiY"), Err(Base64Failure::Binascii));
        assert_eq!(python_b64decode("!!!!").unwrap(), b"");
        assert_eq!(python_b64decode("é"), Err(Base64Failure::NotAscii));
    }

    fn status_of(result: Result<String, Failure>) -> u16 {
        match result {
            Err(Failure::Frappe(error)) => error.class.status,
            other => panic!("not a Frappe error: {other:?}"),
        }
    }

    #[test]
    fn unknown_and_malformed_tokens_are_refused() {
        let users = Users::new(Some("k".into()), Some("s".into()));
        assert_eq!(authenticate(&users, None).unwrap(), GUEST);
        assert_eq!(authenticate(&users, Some("token k:s")).unwrap(), ADMINISTRATOR);
        assert_eq!(
            authenticate(&users, Some("token K:s")).unwrap(),
            ADMINISTRATOR,
            "api_key lookup is case-insensitive"
        );
        for bad in [
            "token k:x",
            "token x:s",
            "token ks",
            "Bearer abc",
            "token k:s:t",
            "Foo a:b",
        ] {
            assert_eq!(status_of(authenticate(&users, Some(bad))), 401, "{bad}");
        }
        assert_eq!(
            authenticate(&users, Some("token  k:s")).unwrap(),
            GUEST,
            "three parts are ignored"
        );
        assert_eq!(status_of(authenticate(&users, Some("Basic YTpiYw"))), 400);
        assert_eq!(authenticate(&users, Some("token")).unwrap(), GUEST);
    }
}
