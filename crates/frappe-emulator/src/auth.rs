//! `frappe.auth.validate_auth` for API keys: `Authorization: token key:secret` and
//! `Basic base64(key:secret)`, checked against the `api_key` and `api_secret` of User
//! documents. OAuth bearer tokens are not modelled, so a `Bearer` header never authenticates.
//!
//! Every release line of the notes (v14.93.2 included) answers a two-part `Authorization`
//! header that logs nobody in with 401; the body differs only in its keys.

use serde_json::Value;

use super::errors::{Failure, FrappeError, AUTHENTICATION_ERROR, INVALID_AUTHORIZATION_TOKEN};
use super::mariadb;
use super::permissions::GUEST;
use super::python::cint;
use super::store::{row_name, Store};
use super::version::Profile;

/// The user whose `api_key` is `key` (compared under the site collation) and whose
/// decrypted `api_secret` is `secret`.
fn user_by_api_key(profile: &Profile, store: &Store, key: &str, secret: &str) -> Option<String> {
    let row = store.rows("User").into_iter().find(|row| {
        row.get("api_key")
            .and_then(Value::as_str)
            .is_some_and(|k| mariadb::text_eq(k, key))
    })?;
    let name = row_name(row);
    if profile.api_key_needs_enabled_user && cint(row.get("enabled").unwrap_or(&Value::Null)) == 0 {
        return None;
    }
    (store.secret("User", name, "api_secret") == Some(secret)).then(|| name.to_string())
}

/// `validate_auth()`: the session user for this request, or the error Frappe raises.
pub(crate) fn authenticate(profile: &Profile, store: &Store, authorization: Option<&str>) -> Result<String, Failure> {
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
    let session_user = credentials.and_then(|text| {
        let pieces: Vec<&str> = text.split(':').collect();
        match pieces.as_slice() {
            [key, secret] => user_by_api_key(profile, store, key, secret),
            _ => None,
        }
    });
    // A two-part header that did not log anybody in is refused.
    session_user.ok_or_else(|| FrappeError::bare(AUTHENTICATION_ERROR).into())
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Base64Failure {
    /// `binascii.Error` ("Incorrect padding", impossible length).
    Binascii,
    /// `ValueError` from non-ASCII input, which Frappe swallows.
    NotAscii,
}

/// `base64.b64decode(text)` in Python's default, non-validating mode: characters outside the
/// alphabet are skipped, and decoding stops at a complete padding sequence.
pub(crate) fn python_b64decode(text: &str) -> Result<Vec<u8>, Base64Failure> {
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

    fn store_with_admin(key: &str, secret: &str) -> Store {
        let mut store = Store::default();
        let mut row = crate::store::Row::new();
        row.insert("name".into(), Value::from("Administrator"));
        row.insert("api_key".into(), Value::from(key));
        row.insert("enabled".into(), Value::from(1));
        store.seed("User", row);
        store.set_secret("User", "Administrator", "api_secret", secret.to_string());
        store
    }

    #[test]
    fn unknown_and_malformed_tokens_are_refused() {
        let store = store_with_admin("k", "s");
        let profile = crate::FrappeVersion::V15.profile();
        let auth = |header: Option<&str>| authenticate(profile, &store, header);
        assert_eq!(auth(None).unwrap(), GUEST);
        assert_eq!(auth(Some("token k:s")).unwrap(), "Administrator");
        assert_eq!(
            auth(Some("token K:s")).unwrap(),
            "Administrator",
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
            assert_eq!(status_of(auth(Some(bad))), 401, "{bad}");
        }
        assert_eq!(auth(Some("token  k:s")).unwrap(), GUEST, "three parts are ignored");
        assert_eq!(status_of(auth(Some("Basic YTpiYw"))), 400);
        assert_eq!(auth(Some("token")).unwrap(), GUEST);
    }
}
