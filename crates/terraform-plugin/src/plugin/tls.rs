//! go-plugin's AutoMTLS, server side.
//!
//! Terraform generates a fresh P-521 client certificate per plugin process and
//! passes it in `PLUGIN_CLIENT_CERT`. We generate our own self-signed
//! certificate for `localhost`, print it in the handshake line, and accept a
//! TLS client only if it presents exactly Terraform's certificate, byte for
//! byte. Anything else on this machine that finds the socket is refused.
//!
//! rustls uses aws-lc-rs because `ring` cannot verify P-521 signatures. The
//! client certificate is checked by equality instead of by webpki, which would
//! refuse a CA certificate presented as an end-entity (what go-plugin sends).

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{CertificateError, DigitallySignedStruct, DistinguishedName, Error, ServerConfig, SignatureScheme};

#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("PLUGIN_CLIENT_CERT does not hold a PEM certificate")]
    BadClientCertificate,
    #[error("could not generate the plugin certificate: {0}")]
    CertificateGeneration(#[from] rcgen::Error),
    #[error("could not build the TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

/// The server side of AutoMTLS, ready to accept connections.
pub struct AutoMtls {
    pub config: Arc<ServerConfig>,
    /// Our certificate in DER, for the handshake line.
    pub server_certificate: Vec<u8>,
}

fn crypto_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

impl AutoMtls {
    /// Builds the TLS configuration from the PEM text of Terraform's certificate.
    pub fn new(client_certificate_pem: &str) -> Result<Self, TlsSetupError> {
        let client_certificate = CertificateDer::from_pem_slice(client_certificate_pem.as_bytes())
            .map_err(|_| TlsSetupError::BadClientCertificate)?;
        let (server_certificate, key) = generate_certificate()?;
        let provider = crypto_provider();
        let verifier = Arc::new(PinnedClientCertificate {
            expected: client_certificate.into_owned(),
            provider: provider.clone(),
        });
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![server_certificate.clone()], key)?;
        // Go's gRPC client refuses a TLS connection without ALPN h2.
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(Self {
            config: Arc::new(config),
            server_certificate: server_certificate.to_vec(),
        })
    }
}

/// A self-signed certificate for `localhost` that Terraform uses as the only
/// trust anchor: it must be a CA and allowed for server authentication.
fn generate_certificate() -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), TlsSetupError> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose};
    // P-256 is the cheapest key to generate; Terraform accepts any ECDSA curve.
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut params = CertificateParams::new(vec!["localhost".to_string()])?;
    params.distinguished_name.push(DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(DnType::OrganizationName, "terraform-plugin");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
        KeyUsagePurpose::KeyAgreement,
        KeyUsagePurpose::KeyCertSign,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    // rcgen's default validity (1975 to 4096) outlives any plugin process.
    let certificate = params.self_signed(&key)?;
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    Ok((certificate.der().clone(), key_der))
}

/// Accepts exactly one client certificate.
#[derive(Debug)]
struct PinnedClientCertificate {
    expected: CertificateDer<'static>,
    provider: Arc<CryptoProvider>,
}

impl ClientCertVerifier for PinnedClientCertificate {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
