//! Where a provider process's milliseconds go, from spawn to exit, as
//! Terraform drives it: the process is started with go-plugin's environment
//! and a client certificate (AutoMTLS), then each step is timed on its own —
//! the handshake line, the mutual-TLS connection over the plugin's socket,
//! `GetMetadata`, `GetProviderSchema`, `ConfigureProvider`, go-plugin's
//! `Shutdown` and the exit.
//!
//! ```sh
//! cargo run --release -p terraform-plugin --example start_probe -- \
//!     'BINARY={"url":"http://127.0.0.1:8000"}' OTHER_BINARY [--reps 25]
//! ```
//!
//! The provider configuration follows `=` as JSON (as Terraform's JSON
//! form of a value; `{}` when left out). A configuration the provider
//! refuses is reported, since its errors would be timed instead of its work.
//! Each binary is started `--reps` times, the binaries alternating, and the
//! median (min–max) of each step is printed in milliseconds. A benchmark
//! tool: it prints figures and never passes or fails on them.
#![allow(clippy::print_stdout)] // a command-line tool reports on stdout

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use terraform_plugin::plugin::handshake::{MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE};
use terraform_plugin::proto::go_plugin::grpc_controller_client::GrpcControllerClient;
use terraform_plugin::proto::go_plugin::Empty;
use terraform_plugin::proto::tfplugin6::provider_client::ProviderClient;
use terraform_plugin::proto::tfplugin6::{configure_provider, get_metadata, get_provider_schema, DynamicValue};

/// The steps timed, in the order a Terraform command meets them.
const STEPS: [&str; 7] = [
    "spawn → handshake line",
    "mutual-TLS connection",
    "GetMetadata",
    "GetProviderSchema",
    "ConfigureProvider",
    "Shutdown answered",
    "Shutdown → exit",
];

type Failure = Box<dyn std::error::Error>;

/// Terraform's side of AutoMTLS: a self-signed P-521 client certificate, as
/// go-plugin makes one for every plugin it starts.
struct ClientIdentity {
    pem: String,
    der: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

fn client_identity() -> Result<ClientIdentity, Failure> {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512)?;
    let mut params = CertificateParams::new(vec!["localhost".into()])?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key)?;
    Ok(ClientIdentity {
        pem: cert.pem(),
        der: cert.der().clone(),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    })
}

/// Trusts exactly the certificate the plugin printed, as go-plugin does.
#[derive(Debug)]
struct PinnedServer(Vec<u8>, Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
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

/// Kills the plugin if a step failed before it exited.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// One start of `binary`: the milliseconds of each of [`STEPS`].
async fn probe(binary: &str, config: &str, identity: &ClientIdentity) -> Result<Vec<f64>, Failure> {
    let mut marks = Vec::with_capacity(STEPS.len() + 1);
    marks.push(Instant::now());
    let mut child = Running(
        Command::new(binary)
            .env_clear()
            .env(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
            .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
            .env("PLUGIN_CLIENT_CERT", &identity.pem)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let stdout = child.0.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    marks.push(Instant::now());
    let parts: Vec<&str> = line.trim_end().split('|').collect();
    let [_, _, network, address, _, certificate] = parts.as_slice() else {
        return Err(format!("not a handshake line: {line:?}").into());
    };
    if *network != "unix" {
        return Err(format!("expected a unix socket, got {network}").into());
    }
    let certificate = base64::engine::general_purpose::STANDARD_NO_PAD.decode(certificate)?;

    let crypto = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(crypto.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedServer(certificate, crypto)))
        .with_client_auth_cert(vec![identity.der.clone()], identity.key.clone_key())?;
    tls.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
    let address = address.to_string();
    let channel = tonic::transport::Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let (connector, address) = (connector.clone(), address.clone());
            async move {
                let socket = tokio::net::UnixStream::connect(address).await?;
                let name = ServerName::try_from("localhost").map_err(std::io::Error::other)?;
                let stream = connector.connect(name, socket).await?;
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
            }
        }))
        .await?;
    marks.push(Instant::now());

    let mut provider = ProviderClient::new(channel.clone()).max_decoding_message_size(64 << 20);
    provider.get_metadata(get_metadata::Request {}).await?;
    marks.push(Instant::now());
    provider.get_provider_schema(get_provider_schema::Request {}).await?;
    marks.push(Instant::now());
    let configured = provider
        .configure_provider(configure_provider::Request {
            terraform_version: "1.15.5".into(),
            config: Some(DynamicValue {
                msgpack: Vec::new(),
                json: config.as_bytes().to_vec(),
            }),
            client_capabilities: None,
        })
        .await?
        .into_inner();
    if let Some(refusal) = configured.diagnostics.first() {
        return Err(format!("ConfigureProvider: {} {}", refusal.summary, refusal.detail).into());
    }
    marks.push(Instant::now());
    GrpcControllerClient::new(channel).shutdown(Empty {}).await?;
    marks.push(Instant::now());
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.0.try_wait()?.is_none() {
        if Instant::now() > deadline {
            return Err("the plugin did not exit within 5 s of Shutdown".into());
        }
        tokio::time::sleep(Duration::from_micros(100)).await;
    }
    marks.push(Instant::now());
    Ok(marks.windows(2).map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0).collect())
}

fn summary(samples: &mut [f64]) -> String {
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    format!("{median:.2} ({:.2}–{:.2})", samples[0], samples[samples.len() - 1])
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut reps = 25;
    if let Some(at) = args.iter().position(|a| a == "--reps") {
        reps = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(reps);
        args.drain(at..(at + 2).min(args.len()));
    }
    if args.is_empty() {
        eprintln!("usage: start_probe BINARY [BINARY…] [--reps N]");
        return ExitCode::FAILURE;
    }
    let identity = match client_identity() {
        Ok(identity) => identity,
        Err(e) => {
            eprintln!("start_probe: client certificate: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut samples: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); STEPS.len() + 1]; args.len()];
    for _ in 0..reps {
        for (arg, samples) in args.iter().zip(samples.iter_mut()) {
            let (binary, config) = arg.split_once('=').unwrap_or((arg, "{}"));
            match probe(binary, config, &identity).await {
                Ok(steps) => {
                    samples[STEPS.len()].push(steps.iter().sum());
                    for (step, ms) in steps.into_iter().enumerate() {
                        samples[step].push(ms);
                    }
                }
                Err(e) => {
                    eprintln!("start_probe: {binary}: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!("ms per step, median (min–max) of {reps} starts each");
    for (arg, samples) in args.iter().zip(samples.iter_mut()) {
        // The binary, without its configuration (which may hold a key).
        println!("\n{}", arg.split_once('=').map_or(arg.as_str(), |(binary, _)| binary));
        for (step, samples) in STEPS.iter().chain(["total"].iter()).zip(samples.iter_mut()) {
            println!("  {step:<24} {}", summary(samples));
        }
    }
    ExitCode::SUCCESS
}
