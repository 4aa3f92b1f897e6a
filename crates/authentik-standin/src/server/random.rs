//! Random identifiers and secrets, drawn from the operating system's CSPRNG
//! (through aws-lc) like authentik draws them from Python's `secrets`: the
//! sandbox hands real-looking secrets to real clients, so they must not be
//! guessable even on loopback.

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn bytes<const N: usize>() -> [u8; N] {
    let mut buffer = [0u8; N];
    // The system generator only fails when the OS has no entropy source at
    // all; a stand-in cannot do anything sensible then.
    if SystemRandom::new().fill(&mut buffer).is_err() {
        panic!("the operating system's random number generator failed");
    }
    buffer
}

/// `length` characters from `A-Za-z0-9`, without modulo bias (as authentik's
/// `generate_id` / `generate_client_secret`).
pub(crate) fn alphanumeric(length: usize) -> String {
    let mut out = String::with_capacity(length);
    while out.len() < length {
        for byte in bytes::<64>() {
            // 248 = 62 * 4: bytes at or above it would favour the first letters.
            if byte < 248 && out.len() < length {
                out.push(char::from(ALPHANUMERIC[usize::from(byte % 62)]));
            }
        }
    }
    out
}

/// `2 * byte_count` lower-case hex digits.
pub(crate) fn hex(byte_count: usize) -> String {
    let mut out = String::with_capacity(byte_count * 2);
    while out.len() < byte_count * 2 {
        for byte in bytes::<32>() {
            if out.len() < byte_count * 2 {
                out.push_str(&format!("{byte:02x}"));
            }
        }
    }
    out
}

/// A random (version 4) UUID in its hyphenated form.
pub(crate) fn uuid4() -> String {
    let mut b = bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Whether `text` is a UUID as Django's `UUIDField` accepts it: 32 hex
/// digits, optionally hyphenated in the canonical places, any case.
pub(crate) fn parse_uuid(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| *c != '-').collect();
    let canonical_hyphens = text.len() == 36 && [8, 13, 18, 23].iter().all(|&i| text.as_bytes()[i] == b'-');
    if compact.len() != 32
        || !compact.chars().all(|c| c.is_ascii_hexdigit())
        || !(text.len() == 32 || canonical_hyphens)
    {
        return None;
    }
    let h = compact.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let secret = alphanumeric(128);
        assert_eq!(secret.len(), 128);
        assert!(secret.chars().all(|c| c.is_ascii_alphanumeric()));
        let code = hex(16);
        assert_eq!(code.len(), 32);
        assert!(code.chars().all(|c| c.is_ascii_hexdigit()));
        let id = uuid4();
        assert_eq!(parse_uuid(&id), Some(id.clone()));
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn uuids_are_parsed_like_django() {
        assert_eq!(
            parse_uuid("0D6F3E0C9B2A4F4E8A1B2C3D4E5F6A7B").as_deref(),
            Some("0d6f3e0c-9b2a-4f4e-8a1b-2c3d4e5f6a7b")
        );
        assert!(parse_uuid("not-a-uuid").is_none());
        assert!(parse_uuid("0d6f3e0c-9b2a4f4e-8a1b-2c3d4e5f6a7b0").is_none());
    }
}
