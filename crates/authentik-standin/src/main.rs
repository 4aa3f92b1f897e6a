//! `authentik-standin`: a local authentik stand-in (2026.5, or 2025.12) for trying the
//! SSO module by hand.
//!
//! ```text
//! authentik-standin [--listen 127.0.0.1:0] [--token TOKEN] [--release 2026.5|2025.12]
//!                   [--user USERNAME:PASSWORD[:EMAIL[:NAME]]]...
//! ```
//! Prints one JSON line `{"url":…,"token":…}` on stdout once it is
//! listening (use them as the provider's `url` and `token`, e.g. through
//! `AUTHENTIK_URL` / `AUTHENTIK_TOKEN`), logs each request to stderr, and
//! serves until SIGINT or SIGTERM. Only loopback addresses are accepted.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use authentik_standin::{Authentik, AuthentikConfig, ServerRelease};

const USAGE: &str =
    "usage: authentik-standin [--listen 127.0.0.1:0] [--token TOKEN] [--release 2026.5|2025.12] [--user USERNAME:PASSWORD[:EMAIL[:NAME]]]...";

struct SeedUser {
    username: String,
    password: String,
    email: String,
    name: String,
}

struct Options {
    listen: SocketAddr,
    config: AuthentikConfig,
    users: Vec<SeedUser>,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        config: AuthentikConfig::default(),
        users: Vec::new(),
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                let address: SocketAddr = text
                    .parse()
                    .map_err(|_| format!("--listen: not an address:port: {text}"))?;
                // The stand-in hands out real-looking secrets and has no TLS.
                if !address.ip().is_loopback() {
                    return Err(format!(
                        "--listen: only loopback addresses are allowed, not {}",
                        address.ip()
                    ));
                }
                options.listen = address;
            }
            "--token" => options.config.api_token = Some(value("--token")?),
            "--release" => {
                let text = value("--release")?;
                options.config.release = ServerRelease::named(&text)
                    .ok_or_else(|| format!("--release: not a release the stand-in imitates: {text}"))?;
            }
            "--user" => {
                let text = value("--user")?;
                let mut parts = text.splitn(4, ':');
                let (Some(username), Some(password)) = (parts.next(), parts.next()) else {
                    return Err(format!("--user: expected USERNAME:PASSWORD[:EMAIL[:NAME]], got {text}"));
                };
                let email = parts.next().unwrap_or("").to_string();
                let name = parts.next().unwrap_or(username).to_string();
                options.users.push(SeedUser {
                    username: username.to_string(),
                    password: password.to_string(),
                    email,
                    name,
                });
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(options)
}

async fn wait_for_termination() {
    let interrupt = tokio::signal::ctrl_c();
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
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

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("authentik-standin: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let authentik = match Authentik::start_on(options.listen, options.config).await {
        Ok(authentik) => authentik,
        Err(error) => {
            eprintln!("authentik-standin: cannot listen on {}: {error}", options.listen);
            return ExitCode::FAILURE;
        }
    };
    for user in &options.users {
        authentik.add_user(&user.username, &user.name, &user.email, &user.password);
    }
    authentik.set_request_logging(true);
    let ready = serde_json::json!({ "url": authentik.url(), "token": authentik.api_token() });
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{ready}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_termination().await;
    authentik.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn loopback_only() {
        assert!(parse_args(args(&["--listen", "0.0.0.0:9000"])).is_err());
        assert!(parse_args(args(&["--listen", "127.0.0.1:9000"])).is_ok());
    }

    #[test]
    fn users() {
        let options = parse_args(args(&["--user", "alice:pw:alice@example.com:Alice A"])).expect("parsed");
        assert_eq!(options.users[0].username, "alice");
        assert_eq!(options.users[0].name, "Alice A");
        assert!(parse_args(args(&["--user", "alice"])).is_err());
    }

    #[test]
    fn releases() {
        let options = parse_args(args(&["--release", "2025.12"])).expect("parsed");
        assert_eq!(options.config.release.version, "2025.12.4");
        assert!(parse_args(args(&["--release", "2024.2"])).is_err());
    }
}
