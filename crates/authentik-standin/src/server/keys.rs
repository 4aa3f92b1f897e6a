//! The certificate-key pair a fresh authentik creates at start-up
//! ("authentik Self-signed Certificate": RSA-4096, self-signed), and what is
//! derived from it: the PEM texts the crypto API hands out, fingerprints,
//! subject, expiry, the JWKS entry and RS256 signatures.
//!
//! Generating an RSA-4096 key takes about a second, so it happens once per
//! process, on first use, and every stand-in server in the process shares the
//! key. Each server still has its own certificate UUID (a fixed one, see
//! [`crate::fresh_install`]).

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rcgen::{CertificateParams, DistinguishedName, DnType, Issuer, KeyPair, PublicKeyData, RsaKeySize, SigningKey};

use super::der;

/// How long the start-up certificate is valid.
const VALIDITY_DAYS: i64 = 360;

/// Why the key material could not be made.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum KeyError {
    #[error("generating the RSA key failed: {0}")]
    Generate(String),
    #[error("building the self-signed certificate failed: {0}")]
    Certificate(String),
    #[error("the generated key has an unexpected encoding")]
    Encoding,
    #[error("signing failed: {0}")]
    Sign(String),
}

/// A certificate with its RSA private key, in every form the stand-in serves.
pub(crate) struct KeyMaterial {
    key: KeyPair,
    /// PEM of the certificate, ending in a newline.
    pub(crate) certificate_pem: String,
    /// PEM of the private key in the traditional PKCS#1 form
    /// (`RSA PRIVATE KEY`) authentik stores, ending in a newline.
    pub(crate) private_key_pem: String,
    /// Lower-case hex bytes joined by `:`.
    pub(crate) fingerprint_sha1: String,
    pub(crate) fingerprint_sha256: String,
    /// RFC 4514 text of the subject (last attribute first).
    pub(crate) subject: String,
    /// `notAfter`, seconds since the epoch.
    pub(crate) not_after: i64,
    /// The JWT `kid`. authentik uses the MD5 of the key PEM; the stand-in
    /// uses the first half of its SHA-256 (same length, same stability).
    pub(crate) kid: String,
    /// Base64url modulus and exponent for the JWKS.
    pub(crate) jwk_n: String,
    pub(crate) jwk_e: String,
    /// The JWKS entry's certificate fields: `x5c` (standard base64 of the
    /// DER certificate) and the base64url SHA-1 and SHA-256 thumbprints
    /// `x5t` and `x5t#S256`.
    pub(crate) jwk_x5c: String,
    pub(crate) jwk_x5t: String,
    pub(crate) jwk_x5t_s256: String,
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("subject", &self.subject)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl KeyMaterial {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (JWT `RS256`).
    pub(crate) fn sign_rs256(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        self.key.sign(message).map_err(|e| KeyError::Sign(e.to_string()))
    }
}

/// The process-wide start-up certificate, made on first use.
pub(crate) fn self_signed() -> Result<&'static KeyMaterial, KeyError> {
    static MATERIAL: OnceLock<Result<KeyMaterial, KeyError>> = OnceLock::new();
    MATERIAL
        .get_or_init(|| generate(crate::fresh_install::SELF_SIGNED_CERTIFICATE_NAME))
        .as_ref()
        .map_err(Clone::clone)
}

fn generate(common_name: &str) -> Result<KeyMaterial, KeyError> {
    let key = KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, RsaKeySize::_4096)
        .map_err(|e| KeyError::Generate(e.to_string()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // rcgen takes whole days: valid from yesterday's midnight (UTC) until
    // midnight VALIDITY_DAYS from today.
    let today = now.div_euclid(86_400) * 86_400;
    let not_before = today - 86_400;
    let not_after = today + VALIDITY_DAYS * 86_400;

    let mut params =
        CertificateParams::new(vec!["goauthentik.io".to_string()]).map_err(|e| KeyError::Certificate(e.to_string()))?;
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, common_name);
    subject.push(DnType::OrganizationName, "authentik");
    subject.push(DnType::OrganizationalUnitName, "Self-signed");
    params.distinguished_name = subject;
    let (y, m, d) = ymd(not_before);
    params.not_before = rcgen::date_time_ymd(y, m, d);
    let (y, m, d) = ymd(not_after);
    params.not_after = rcgen::date_time_ymd(y, m, d);
    params.serial_number = Some(rcgen::SerialNumber::from_slice(
        &super::random::hex(16).into_bytes()[..16],
    ));
    // authentik names itself, not the certificate, as the issuer.
    let mut issuer_params = CertificateParams::default();
    let mut issuer_name = DistinguishedName::new();
    issuer_name.push(DnType::CommonName, format!("authentik {}", crate::AUTHENTIK_VERSION));
    issuer_params.distinguished_name = issuer_name;
    let issuer = Issuer::new(issuer_params, &key);
    let certificate = params
        .signed_by(&key, &issuer)
        .map_err(|e| KeyError::Certificate(e.to_string()))?;

    let certificate_der = certificate.der().to_vec();
    let pkcs1 = der::pkcs1_from_pkcs8(key.serialized_der()).ok_or(KeyError::Encoding)?;
    let private_key_pem = pem("RSA PRIVATE KEY", pkcs1);
    let (n, e) = der::rsa_public_numbers(key.der_bytes()).ok_or(KeyError::Encoding)?;
    let kid = hex(&digest(&aws_lc_rs::digest::SHA256, private_key_pem.as_bytes()))[..32].to_string();
    Ok(KeyMaterial {
        certificate_pem: pem("CERTIFICATE", &certificate_der),
        private_key_pem,
        fingerprint_sha1: colon_hex(&digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &certificate_der)),
        fingerprint_sha256: colon_hex(&digest(&aws_lc_rs::digest::SHA256, &certificate_der)),
        subject: format!("OU=Self-signed,O=authentik,CN={common_name}"),
        not_after,
        kid,
        jwk_n: URL_SAFE_NO_PAD.encode(n),
        jwk_e: URL_SAFE_NO_PAD.encode(e),
        jwk_x5c: STANDARD.encode(&certificate_der),
        jwk_x5t: URL_SAFE_NO_PAD.encode(digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &certificate_der)),
        jwk_x5t_s256: URL_SAFE_NO_PAD.encode(digest(&aws_lc_rs::digest::SHA256, &certificate_der)),
        key,
    })
}

/// The UTC calendar day holding `epoch`.
fn ymd(epoch: i64) -> (i32, u8, u8) {
    let ((y, m, d), _) = civil_calendar::civil_utc(epoch);
    (i32::try_from(y).unwrap_or(9999), m as u8, d as u8)
}

fn digest(algorithm: &'static aws_lc_rs::digest::Algorithm, data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(algorithm, data).as_ref().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// PEM with 64-character lines and a final newline, as Python's
/// `cryptography` writes it.
fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_lines_are_64_wide() {
        let text = pem("X", &[7u8; 100]);
        assert!(text.starts_with("-----BEGIN X-----\n"));
        assert!(text.ends_with("-----END X-----\n"));
        assert!(text.lines().all(|l| l.len() <= 64));
    }

    #[test]
    fn the_start_up_certificate_is_rsa_4096_and_signs() {
        let material = self_signed().expect("key material");
        assert!(material
            .private_key_pem
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        assert!(material.certificate_pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
        // 4096-bit modulus: 512 bytes, 683 base64url characters.
        assert_eq!(material.jwk_n.len(), 683);
        assert_eq!(material.jwk_e, "AQAB");
        assert_eq!(material.fingerprint_sha256.split(':').count(), 32);
        assert_eq!(material.sign_rs256(b"x").expect("signature").len(), 512);
    }
}
