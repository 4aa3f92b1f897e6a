//! The plugin process: go-plugin's handshake, AutoMTLS, the listener, and the
//! gRPC services Terraform talks to (tfplugin6 `Provider` and go-plugin's
//! `GRPCController`).
//!
//! Rules this module keeps: nothing but the handshake line is ever written to
//! stdout; Ctrl-C (SIGINT) is ignored because Terraform handles it and tells
//! us through `StopProvider`; `Shutdown` ends the process cleanly.

pub mod controller;
pub mod convert;
pub mod grpc_provider;
pub mod handshake;
mod list_stream;
pub mod tls;
pub mod transport;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::framework::Provider;
use crate::logging;
use crate::proto::go_plugin::grpc_controller_server::GrpcControllerServer;
use crate::proto::tfplugin6::provider_server::ProviderServer;
use transport::Listener;

/// Large schemas and states must not hit tonic's 4 MiB default; this is the
/// limit terraform-plugin-go uses.
const MAX_MESSAGE_SIZE: usize = 256 * 1024 * 1024;

/// How the process was started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Started by Terraform with go-plugin's environment.
    Managed,
    /// Started by a developer with `--debug`: plaintext, prints the
    /// `TF_REATTACH_PROVIDERS` value, serves until Ctrl-C.
    Debug,
}

/// Who the plugin is, for what it tells people and Terraform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PluginInfo {
    /// The binary's name, e.g. `terraform-provider-frappe`.
    pub binary: &'static str,
    /// Its version, printed by `--version`.
    pub version: &'static str,
    /// The source address Terraform knows it by, e.g.
    /// `terraform.local/frappe/frappe` (used for `--debug`'s reattach line).
    pub source_address: &'static str,
}

/// The whole `main` of a provider binary: started by Terraform (magic cookie
/// set) it serves; run by hand it explains what it is and exits; `--debug`
/// serves for a debugger; `--version` prints the version.
pub fn main<P: Provider>(provider: P, info: PluginInfo) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {
            let cookie = std::env::var(handshake::MAGIC_COOKIE_KEY).ok();
            if !handshake::cookie_is_valid(cookie.as_deref()) {
                eprint!("{}", handshake::not_for_humans(info.binary, info.source_address));
                return ExitCode::FAILURE;
            }
            serve(provider, info, Mode::Managed)
        }
        Some("--debug" | "-debug") => serve(provider, info, Mode::Debug),
        Some("--version" | "-version" | "version") => {
            println!("{} {}", info.binary, info.version);
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("{}: unknown argument {other:?}\n", info.binary);
            eprint!("{}", handshake::not_for_humans(info.binary, info.source_address));
            ExitCode::from(2)
        }
    }
}

/// Runs the plugin until Terraform shuts it down.
pub fn serve<P: Provider>(provider: P, info: PluginInfo, mode: Mode) -> ExitCode {
    logging::set_module(info.binary);
    // One thread is plenty: every RPC waits on the network, and a single
    // thread starts faster and stays smaller.
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}: cannot start the async runtime: {e}", info.binary);
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(provider, info, mode)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            logging::error(&message);
            eprintln!("{}: {message}", info.binary);
            ExitCode::FAILURE
        }
    }
}

async fn run<P: Provider>(provider: P, info: PluginInfo, mode: Mode) -> Result<(), String> {
    // Installing a handler replaces the default "terminate" action; keep it
    // alive for the life of the process and never act on it.
    #[cfg(unix)]
    let _sigint = match mode {
        Mode::Managed => Some(
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|e| format!("cannot ignore SIGINT: {e}"))?,
        ),
        Mode::Debug => None,
    };

    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let version = handshake::negotiate_version(env("PLUGIN_PROTOCOL_VERSIONS").as_deref());
    if mode == Mode::Managed && !handshake::offers_our_version(env("PLUGIN_PROTOCOL_VERSIONS").as_deref()) {
        logging::warn("Terraform did not offer plugin protocol 6; answering with 6 anyway");
    }

    let tls = match (mode, env("PLUGIN_CLIENT_CERT")) {
        (Mode::Managed, Some(pem)) => Some(tls::AutoMtls::new(&pem).map_err(|e| e.to_string())?),
        _ => None,
    };

    // go-plugin serves on TCP where there are no unix sockets (Windows).
    let transport = env("PLUGIN_TRANSPORT").or_else(|| (!cfg!(unix)).then(|| "tcp".to_string()));
    let listener = match transport.as_deref() {
        Some("tcp") => {
            let (min, max) =
                handshake::port_range(env("PLUGIN_MIN_PORT").as_deref(), env("PLUGIN_MAX_PORT").as_deref())?;
            Listener::tcp(min, max).await
        }
        _ => {
            let base = env("PLUGIN_UNIX_SOCKET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            Listener::unix(&base)
        }
    }
    .map_err(|e| format!("cannot listen for Terraform: {e}"))?;
    let (network, address) = listener.network_and_address().map_err(|e| e.to_string())?;

    let stop = CancellationToken::new();
    let shutdown = CancellationToken::new();
    let provider_service = ProviderServer::new(grpc_provider::ProviderService::new(provider, stop.clone()))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let controller = GrpcControllerServer::new(controller::Controller {
        // In debug mode the developer decides when the provider ends.
        shutdown: if mode == Mode::Debug {
            CancellationToken::new()
        } else {
            shutdown.clone()
        },
    });

    let (incoming, socket_dir) = listener.into_incoming(tls.as_ref().map(|t| t.config.clone()));

    announce(
        mode,
        info,
        version,
        network,
        &address,
        tls.as_ref().map(|t| t.server_certificate.as_slice()),
    )?;
    logging::debug(&format!("serving plugin protocol {version} on {network} {address}"));

    if mode == Mode::Debug {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            shutdown.cancel();
        });
    }

    let server = tonic::transport::Server::builder()
        .add_service(provider_service)
        .add_service(controller)
        .serve_with_incoming_shutdown(incoming, shutdown.clone().cancelled_owned());
    tokio::pin!(server);
    let result = tokio::select! {
        result = &mut server => result.map_err(|e| format!("the gRPC server failed: {e}")),
        // Graceful shutdown waits for open connections; Terraform closes its
        // own right after Shutdown, so a short grace period is enough.
        () = async { shutdown.cancelled().await; tokio::time::sleep(Duration::from_millis(500)).await } => Ok(()),
    };
    stop.cancel();
    drop(socket_dir);
    result
}

/// Writes the handshake line (or the debug instructions) to stdout, flushed.
fn announce(
    mode: Mode,
    info: PluginInfo,
    version: u32,
    network: &str,
    address: &str,
    certificate: Option<&[u8]>,
) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    let text = match mode {
        Mode::Managed => format!(
            "{}\n",
            handshake::handshake_line(version, network, address, certificate)
        ),
        Mode::Debug => {
            let reattach = serde_json::json!({
                info.source_address: {
                    "Protocol": "grpc",
                    "ProtocolVersion": version,
                    "Pid": std::process::id(),
                    "Test": true,
                    "Addr": {"Network": network, "String": address},
                }
            });
            format!(
                "Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n\tTF_REATTACH_PROVIDERS='{reattach}'\n\nPress Ctrl-C to stop.\n"
            )
        }
    };
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write the handshake to stdout: {e}"))
}
