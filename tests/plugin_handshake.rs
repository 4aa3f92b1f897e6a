//! The plugin process as go-plugin sees it: the cookie check, the handshake
//! line, and AutoMTLS that admits only the certificate Terraform passed.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use terraform_plugin::plugin::handshake::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use terraform_plugin::proto::tfplugin6::get_provider_schema;
use terraform_plugin::proto::tfplugin6::provider_client::ProviderClient;

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-frappe");

/// A client certificate like the one go-plugin makes: P-521, self-signed CA.
struct ClientIdentity {
    pem: String,
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

fn client_identity() -> ClientIdentity {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).unwrap();
    let mut params = CertificateParams::new(vec!["localhost".into()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap();
    ClientIdentity {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

struct Plugin {
    child: Child,
    network: String,
    address: String,
    server_certificate: Vec<u8>,
    rest_of_stdout: std::process::ChildStdout,
    _stderr: Option<std::process::ChildStderr>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_plugin(client_cert_pem: &str, extra_env: &[(&str, &str)]) -> Plugin {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .env("PLUGIN_CLIENT_CERT", client_cert_pem)
        .envs(extra_env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start plugin");
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).expect("handshake line");
    let parts: Vec<&str> = line.trim_end().split('|').collect();
    assert_eq!(parts.len(), 6, "handshake line {line:?}");
    assert_eq!(parts[0], "1", "core protocol");
    assert_eq!(parts[1], "6", "plugin protocol");
    assert_eq!(parts[4], "grpc");
    let server_certificate = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(parts[5])
        .expect("certificate is unpadded standard base64");
    let stderr = child.stderr.take();
    Plugin {
        network: parts[2].to_string(),
        address: parts[3].to_string(),
        server_certificate,
        rest_of_stdout: reader.into_inner(),
        child,
        _stderr: stderr,
    }
}

/// Trusts exactly the certificate the plugin printed, as go-plugin does.
#[derive(Debug)]
struct PinnedServer(Vec<u8>, Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        assert_eq!(server_name.to_str(), "localhost");
        if end_entity.as_ref() == self.0.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General("not the printed certificate".into()))
        }
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.1.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.1.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.1.signature_verification_algorithms.supported_schemes()
    }
}

fn tls_client(server_certificate: &[u8], identity: Option<&ClientIdentity>) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedServer(server_certificate.to_vec(), provider)));
    let mut config = match identity {
        Some(id) => builder
            .with_client_auth_cert(vec![id.der.clone()], id.key.clone_key())
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    config
}

trait Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin> Stream for T {}

/// Calls GetProviderSchema over the plugin's socket with the given TLS client.
async fn get_schema(plugin: &Plugin, tls: rustls::ClientConfig) -> Result<get_provider_schema::Response, String> {
    let (network, address) = (plugin.network.clone(), plugin.address.clone());
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
    let channel = tonic::transport::Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let (network, address) = (network.clone(), address.clone());
            let connector = connector.clone();
            async move {
                let name = ServerName::try_from("localhost").unwrap();
                let stream: Box<dyn Stream> = if network == "unix" {
                    Box::new(
                        connector
                            .connect(name, tokio::net::UnixStream::connect(address).await?)
                            .await?,
                    )
                } else {
                    Box::new(
                        connector
                            .connect(name, tokio::net::TcpStream::connect(address).await?)
                            .await?,
                    )
                };
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
            }
        }))
        .await
        .map_err(|e| format!("connect: {e:?}"))?;
    let mut client = ProviderClient::new(channel);
    client
        .get_provider_schema(get_provider_schema::Request {})
        .await
        .map(|r| r.into_inner())
        .map_err(|status| format!("{status:?}"))
}

#[test]
fn run_by_hand_it_explains_itself_and_fails() {
    let output = Command::new(BINARY).env_clear().output().unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "nothing may reach stdout");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("plugin for Terraform"), "{message}");
    assert!(message.contains("required_providers"), "{message}");

    let wrong_cookie = Command::new(BINARY)
        .env_clear()
        .env(MAGIC_COOKIE_KEY, "not-the-cookie")
        .output()
        .unwrap();
    assert!(!wrong_cookie.status.success());
}

#[tokio::test]
async fn terraforms_certificate_is_admitted_and_gets_the_schema() {
    let identity = client_identity();
    let mut plugin = start_plugin(&identity.pem, &[]);
    let schema = get_schema(&plugin, tls_client(&plugin.server_certificate, Some(&identity)))
        .await
        .expect("schema over mTLS");
    let provider = schema.provider.expect("provider schema").block.expect("block");
    assert!(provider.attributes.iter().any(|a| a.name == "url"));
    assert!(schema.server_capabilities.expect("capabilities").plan_destroy);

    // Nothing after the handshake line ever reaches stdout.
    let _ = plugin.child.kill();
    let _ = plugin.child.wait();
    let mut rest = String::new();
    plugin.rest_of_stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "");
}

#[tokio::test]
async fn tcp_serves_on_loopback_within_the_port_range() {
    let identity = client_identity();
    let plugin = start_plugin(&identity.pem, &[("PLUGIN_TRANSPORT", "tcp")]);
    assert_eq!(plugin.network, "tcp");
    let address: std::net::SocketAddr = plugin.address.parse().unwrap();
    assert!(address.ip().is_loopback());
    assert!((10000..=25000).contains(&address.port()), "{address}");
    get_schema(&plugin, tls_client(&plugin.server_certificate, Some(&identity)))
        .await
        .expect("schema over TCP");
    assert!(get_schema(&plugin, tls_client(&plugin.server_certificate, None))
        .await
        .is_err());
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let identity = client_identity();
    let plugin = start_plugin(&identity.pem, &[]);
    let result = get_schema(&plugin, tls_client(&plugin.server_certificate, None)).await;
    assert!(result.is_err(), "served a client with no certificate");
}

#[tokio::test]
async fn a_client_with_another_certificate_is_refused() {
    let terraform = client_identity();
    let intruder = client_identity();
    let plugin = start_plugin(&terraform.pem, &[]);
    let result = get_schema(&plugin, tls_client(&plugin.server_certificate, Some(&intruder))).await;
    assert!(result.is_err(), "served a client with a foreign certificate");
}

#[cfg(unix)]
#[tokio::test]
async fn sigint_is_ignored_and_shutdown_exits_cleanly_removing_the_socket() {
    use std::os::unix::fs::PermissionsExt;
    use terraform_plugin::proto::go_plugin::grpc_controller_client::GrpcControllerClient;
    use terraform_plugin::proto::go_plugin::Empty;

    let base = tempfile::tempdir().unwrap();
    let identity = client_identity();
    let mut plugin = start_plugin(
        &identity.pem,
        &[("PLUGIN_UNIX_SOCKET_DIR", base.path().to_str().unwrap())],
    );
    let socket = PathBuf::from(&plugin.address);
    let dir = socket.parent().unwrap().to_path_buf();
    assert!(dir.starts_with(base.path()));
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "socket directory is open to other users");

    // Ctrl-C reaches the plugin too, but Terraform handles it (StopProvider).
    // A signal is pending from the moment `kill` returns, and the kernel
    // delivers it before the plugin runs any more code: so the Shutdown
    // answer below, and the clean exit status, prove SIGINT was survived.
    let pid = plugin.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success(), "could not send SIGINT");

    let tls = tls_client(&plugin.server_certificate, Some(&identity));
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
    let path = socket.clone();
    let channel = tonic::transport::Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let (path, connector) = (path.clone(), connector.clone());
            async move {
                let stream = tokio::net::UnixStream::connect(path).await?;
                let tls = connector
                    .connect(ServerName::try_from("localhost").unwrap(), stream)
                    .await?;
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(tls))
            }
        }))
        .await
        .unwrap();
    GrpcControllerClient::new(channel.clone())
        .shutdown(Empty {})
        .await
        .unwrap();
    drop(channel);

    let deadline = Instant::now() + Duration::from_secs(2);
    let status = loop {
        if let Some(status) = plugin.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "plugin still running 2 s after Shutdown");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    // Killed by SIGINT, the status would carry the signal instead of 0.
    assert!(status.success(), "exit status {status}");
    assert!(!dir.exists(), "socket directory left behind");
}
