//! `frappe-emulator`: a local Frappe "site" for trying the provider by hand.
//!
//! ```text
//! frappe-emulator [--listen 127.0.0.1:8000] [--frappe-version 14|15|develop]
//!                 [--api-key K --api-secret S] [--admin-password P] [--site-name NAME]
//!                 [--no-tracebacks] [--tls] [--set "SINGLE.FIELD=VALUE"]...
//!                 [--user "EMAIL:KEY:SECRET:Role1,Role2"]...
//!                 [--database mariadb|postgres] [--refuse-concurrent-writes N]
//!                 [--workers N] [--service-ms M]
//! ```
//! Prints one JSON line `{"url":…,"api_key":…,"api_secret":…}` on stdout once it is
//! listening, logs each request to stderr, and serves until SIGINT or SIGTERM. With `--tls` it
//! serves HTTPS with a fresh self-signed certificate whose PEM the line carries as
//! `"ca_cert_pem"` (save it to a file for the provider's `ca_cert_file`).
//!
//! `--admin-password` lets Administrator log in on `/login` or `POST /api/method/login` (the
//! site has no login password otherwise). `--set` saves one field of a Single before serving,
//! with the rules of a PUT (e.g. `--set "Website Settings.disable_signup=0"` so that social
//! logins may sign up new users); VALUE is read as JSON when it parses (`0`, `"x"`), else as
//! text. A value the site refuses stops the sandbox with the site's error. `--user` creates a
//! user with that API key and secret and exactly those roles (none after the last colon: a
//! Website User), to see what someone without System Manager is refused.
//!
//! `--database postgres` answers as a site on PostgreSQL where the database's own words reach
//! the client (refused queries, duplicate names); the default is MariaDB.
//!
//! `--refuse-concurrent-writes N` answers every Nth write to a DocType (once per write in a
//! row) with the 500 a database gives a writer that met another one, having written nothing:
//! MariaDB's `QueryDeadlockError` or, with `--database postgres`, PostgreSQL's
//! `SerializationFailure` — to see the provider retry them under `-parallelism`.
//!
//! `--workers N --service-ms M` makes the site cost time as a production bench does: requests
//! queue for N workers (gunicorn's `-w`), each holding one for M ms before it answers.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use frappe_emulator::{
    ConcurrentWriteRefusals, Database, DeskError, Emulator, EmulatorConfig, FrappeVersion, ServiceTime,
};
use serde_json::Value;

const USAGE: &str = "usage: frappe-emulator [--listen 127.0.0.1:8000] [--frappe-version 14|15|develop] \
[--api-key K --api-secret S] [--admin-password P] [--site-name NAME] [--no-tracebacks] [--tls] \
[--set \"SINGLE.FIELD=VALUE\"]... [--user \"EMAIL:KEY:SECRET:Role1,Role2\"]... \
[--database mariadb|postgres] [--refuse-concurrent-writes N] [--workers N] [--service-ms M]

  --user \"blogger@example.com:key:secret:Blogger\"
                                              creates a user with that API key and secret and
                                              exactly those roles (comma-separated, may be empty)
  --set \"Website Settings.disable_signup=0\"   saves a field of a Single (System Settings,
                                              Website Settings, Portal Settings) before serving;
                                              VALUE is JSON when it parses, else text
  --database postgres                          answers as a site on PostgreSQL (default mariadb)
  --refuse-concurrent-writes 3                 refuses every 3rd write to a DocType as a deadlock
                                              (--database postgres: a serialization failure)
  --workers 2 --service-ms 8                  serves 2 requests at a time, each taking 8 ms
                                              (a production bench's gunicorn workers)";

struct Options {
    listen: SocketAddr,
    config: EmulatorConfig,
    admin_password: Option<String>,
    settings: Vec<Setting>,
}

/// One `--set SINGLE.FIELD=VALUE`.
#[derive(Debug, PartialEq)]
struct Setting {
    doctype: String,
    field: String,
    value: Value,
}

fn parse_setting(text: &str) -> Result<Setting, String> {
    let usage = || format!("--set: expected SINGLE.FIELD=VALUE, got {text}");
    let (target, value) = text.split_once('=').ok_or_else(usage)?;
    let (doctype, field) = target.rsplit_once('.').ok_or_else(usage)?;
    if doctype.is_empty() || field.is_empty() {
        return Err(usage());
    }
    Ok(Setting {
        doctype: doctype.to_string(),
        field: field.to_string(),
        value: serde_json::from_str(value).unwrap_or_else(|_| Value::from(value)),
    })
}

/// A whole number ≥ 1 given to `flag`.
fn positive(flag: &str, text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{flag}: expected a number ≥ 1, got {text}"))
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 8000));
    let mut config = EmulatorConfig::default();
    let (mut admin_password, mut settings) = (None, Vec::new());
    let mut refuse_every = None;
    let (mut workers, mut service_ms) = (None, None);
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
            "--admin-password" => admin_password = Some(value("--admin-password")?),
            "--set" => settings.push(parse_setting(&value("--set")?)?),
            "--site-name" => config.site_name = Some(value("--site-name")?),
            "--user" => config
                .users
                .push(value("--user")?.parse().map_err(|e| format!("--user: {e}"))?),
            "--no-tracebacks" => config.tracebacks = false,
            "--tls" => config.tls = true,
            "--database" => {
                let name = value("--database")?;
                config.database = Database::named(&name)
                    .ok_or_else(|| format!("--database: expected mariadb or postgres, got {name}"))?;
            }
            "--refuse-concurrent-writes" => {
                let text = value("--refuse-concurrent-writes")?;
                refuse_every = Some(
                    text.parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--refuse-concurrent-writes: expected a number ≥ 1, got {text}"))?,
                );
            }
            "--workers" => workers = Some(positive("--workers", &value("--workers")?)?),
            "--service-ms" => service_ms = Some(positive("--service-ms", &value("--service-ms")?)?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    config.refuse_concurrent_writes = refuse_every.map(ConcurrentWriteRefusals::every);
    config.service_time = match (workers, service_ms) {
        (None, None) => None,
        (workers, service_ms) => Some(ServiceTime {
            workers: workers.unwrap_or(1),
            per_request: Duration::from_millis(u64::try_from(service_ms.unwrap_or(0)).unwrap_or(u64::MAX)),
        }),
    };
    Ok(Options {
        listen,
        config,
        admin_password,
        settings,
    })
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

/// Administrator's password and the `--set` values, before the site is announced.
fn prepare(emulator: &Emulator, admin_password: Option<&str>, settings: &[Setting]) -> Result<(), String> {
    if let Some(password) = admin_password {
        emulator
            .set_password("Administrator", password)
            .map_err(|e: DeskError| format!("--admin-password: {e}"))?;
    }
    for setting in settings {
        let patch = serde_json::json!({ setting.field.as_str(): setting.value });
        let saved = emulator
            .update_document(&setting.doctype, &setting.doctype, patch)
            .map_err(|e| format!("--set {}.{}: {e}", setting.doctype, setting.field))?;
        // A PUT ignores keys the DocType does not have; a sandbox option should not.
        if saved.get(&setting.field).is_none() && !setting.value.is_null() {
            return Err(format!("--set: {} has no field {}", setting.doctype, setting.field));
        }
    }
    Ok(())
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
    if let Err(message) = prepare(&emulator, options.admin_password.as_deref(), &options.settings) {
        eprintln!("frappe-emulator: {message}");
        emulator.shutdown().await;
        return ExitCode::from(2);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_a_single_field_and_a_json_or_text_value() {
        let setting = parse_setting("Website Settings.disable_signup=0").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            setting,
            Setting {
                doctype: "Website Settings".into(),
                field: "disable_signup".into(),
                value: Value::from(0),
            }
        );
        let setting = parse_setting("System Settings.session_expiry=06:00").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(setting.value, Value::from("06:00"));
        assert!(parse_setting("disable_signup=0").is_err());
        assert!(parse_setting("Website Settings.disable_signup").is_err());
    }

    #[test]
    fn options_keep_their_meaning() {
        let args = [
            "--frappe-version",
            "14",
            "--admin-password",
            "pw",
            "--set",
            "Portal Settings.default_role=Blogger",
        ];
        let options = parse_args(args.map(String::from)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(options.config.version, FrappeVersion::V14);
        assert_eq!(options.admin_password.as_deref(), Some("pw"));
        assert_eq!(options.settings[0].value, Value::from("Blogger"));
        assert!(parse_args(["--set".to_string()]).is_err());
    }

    #[test]
    fn workers_and_service_time_make_a_site_that_costs_time() {
        let args = ["--workers", "2", "--service-ms", "8"];
        let options = parse_args(args.map(String::from)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            options.config.service_time,
            Some(ServiceTime {
                workers: 2,
                per_request: Duration::from_millis(8),
            })
        );
        assert_eq!(parse_args(Vec::new()).map(|o| o.config.service_time), Ok(None));
        assert!(parse_args(["--workers", "0"].map(String::from)).is_err());
    }

    #[test]
    fn user_options_add_role_limited_api_users() {
        let args = [
            "--user",
            "blogger@example.com:bk:bs:Blogger",
            "--user",
            "web@example.com:wk:ws:",
        ];
        let options = parse_args(args.map(String::from)).unwrap_or_else(|e| panic!("{e}"));
        let users = &options.config.users;
        assert_eq!(users.len(), 2);
        assert_eq!(
            (users[0].api_key.as_str(), users[0].roles.as_slice()),
            ("bk", &["Blogger".to_string()][..])
        );
        assert!(users[1].roles.is_empty());
        let refused = parse_args(["--user", "blogger@example.com:bk"].map(String::from));
        assert!(refused.is_err_and(|e| e.starts_with("--user: ")));
    }

    #[test]
    fn the_database_and_concurrent_write_refusals_are_read() {
        let args = ["--database", "postgres", "--refuse-concurrent-writes", "3"];
        let options = parse_args(args.map(String::from)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(options.config.database, Database::Postgres);
        assert_eq!(
            options.config.refuse_concurrent_writes,
            Some(ConcurrentWriteRefusals::every(3))
        );
        let options =
            parse_args(["--refuse-concurrent-writes", "2"].map(String::from)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(options.config.database, Database::MariaDb);
        assert!(parse_args(["--refuse-concurrent-writes", "0"].map(String::from)).is_err());
        assert!(parse_args(["--database", "oracle"].map(String::from)).is_err());
    }
}
