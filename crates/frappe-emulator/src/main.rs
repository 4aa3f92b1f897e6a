//! `frappe-emulator`: a local Frappe "site" for trying the provider by hand.
//!
//! ```text
//! frappe-emulator [--listen 127.0.0.1:8000] [--frappe-version 14|15|develop]
//!                 [--api-key K --api-secret S] [--site-name NAME] [--no-tracebacks] [--tls]
//! ```
//! Prints one JSON line `{"url":…,"api_key":…,"api_secret":…}` on stdout once it is
//! listening, logs each request to stderr, and serves until SIGINT or SIGTERM. With `--tls` it
//! serves HTTPS with a fresh self-signed certificate whose PEM the line carries as
//! `"ca_cert_pem"` (save it to a file for the provider's `ca_cert_file`).

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use frappe_emulator::{Emulator, EmulatorConfig, FrappeVersion};

const USAGE: &str = "usage: frappe-emulator [--listen 127.0.0.1:8000] [--frappe-version 14|15|develop] \
[--api-key K --api-secret S] [--site-name NAME] [--no-tracebacks] [--tls]";

struct Options {
    listen: SocketAddr,
    config: EmulatorConfig,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 8000));
    let mut config = EmulatorConfig::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                listen = text
                    .parse()
                    .map_err(|_| format!("--listen: not an address:port: {text}"))?;
            }
            "--frappe-version" => {
                config.version = match value("--frappe-version")?.as_str() {
                    "14" => FrappeVersion::V14,
                    "15" => FrappeVersion::V15,
                    "16" | "develop" => FrappeVersion::Develop,
                    other => return Err(format!("--frappe-version: expected 14, 15 or develop, got {other}")),
                };
            }
            "--api-key" => config.admin_api_key = Some(value("--api-key")?),
            "--api-secret" => config.admin_api_secret = Some(value("--api-secret")?),
            "--site-name" => config.site_name = Some(value("--site-name")?),
            "--no-tracebacks" => config.tracebacks = false,
            "--tls" => config.tls = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Options { listen, config })
}

async fn wait_for_termination() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("frappe-emulator: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let emulator = match Emulator::start_on(options.listen, options.config).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("frappe-emulator: cannot listen on {}: {error}", options.listen);
            return ExitCode::FAILURE;
        }
    };
    emulator.set_request_logging(true);
    let admin = emulator.admin();
    let mut ready = serde_json::json!({
        "url": emulator.url(),
        "api_key": admin.api_key,
        "api_secret": admin.api_secret,
    });
    if let Some(pem) = emulator.ca_certificate_pem() {
        ready["ca_cert_pem"] = serde_json::Value::from(pem);
    }
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{ready}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_termination().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}
