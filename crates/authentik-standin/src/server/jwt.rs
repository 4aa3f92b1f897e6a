//! Signed JSON Web Tokens as authentik issues them: `RS256` with the
//! provider's signing key when it has one, `HS256` keyed with the client
//! secret otherwise. The header carries `kid` only for RS256; keys are
//! sorted the way PyJWT writes them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};

use super::keys::{KeyError, KeyMaterial};

/// What signs a token.
pub(crate) enum Signer<'a> {
    Rs256(&'a KeyMaterial),
    Hs256(&'a str),
}

/// `header.payload.signature`, base64url without padding.
pub(crate) fn encode(payload: &Value, signer: &Signer<'_>) -> Result<String, KeyError> {
    let header = match signer {
        Signer::Rs256(key) => json!({"alg": "RS256", "kid": key.kid, "typ": "JWT"}),
        Signer::Hs256(_) => json!({"alg": "HS256", "typ": "JWT"}),
    };
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = match signer {
        Signer::Rs256(key) => key.sign_rs256(signing_input.as_bytes())?,
        Signer::Hs256(secret) => {
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
            aws_lc_rs::hmac::sign(&key, signing_input.as_bytes()).as_ref().to_vec()
        }
    };
    Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs256_matches_a_known_vector() {
        // Header and payload are fixed, so the HMAC can be checked against
        // an independent computation (python: hmac.new(b"secret", msg, sha256)).
        let token = encode(&json!({"sub": "1"}), &Signer::Hs256("secret")).expect("token");
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            String::from_utf8(URL_SAFE_NO_PAD.decode(parts[0]).expect("b64")).expect("utf8"),
            r#"{"alg":"HS256","typ":"JWT"}"#
        );
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, b"secret");
        let input = format!("{}.{}", parts[0], parts[1]);
        assert!(
            aws_lc_rs::hmac::verify(&key, input.as_bytes(), &URL_SAFE_NO_PAD.decode(parts[2]).expect("b64")).is_ok()
        );
    }
}
