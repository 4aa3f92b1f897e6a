//! Logging in the form Terraform understands: one hclog JSON object per line on
//! stderr (`@level`, `@message`, `@timestamp`, `@module`). Terraform shows the
//! lines when `TF_LOG` / `TF_LOG_PROVIDER` ask for them; we read the same
//! variables so that nothing is formatted when nobody listens.
//!
//! Secrets are kept out twice over: code never logs them, and every value
//! registered with [`register_secret`] is masked in each line before it is
//! written, whatever the level.

use std::io::Write;
use std::sync::{OnceLock, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Off = 5,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Off => "off",
        }
    }

    /// Terraform's spelling of levels in `TF_LOG`; `JSON` means trace.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_uppercase().as_str() {
            "TRACE" | "JSON" => Some(Level::Trace),
            "DEBUG" => Some(Level::Debug),
            "INFO" => Some(Level::Info),
            "WARN" => Some(Level::Warn),
            "ERROR" => Some(Level::Error),
            "OFF" | "" => Some(Level::Off),
            _ => None,
        }
    }
}

/// hclog's `@module`: `provider.<binary>`, as Terraform's own providers log.
static MODULE: OnceLock<String> = OnceLock::new();

/// Names the plugin in every log line; set once, before the first line.
pub fn set_module(binary: &str) {
    let _ = MODULE.set(format!("provider.{binary}"));
}

fn module() -> &'static str {
    MODULE.get().map_or("provider", String::as_str)
}

static LEVEL: OnceLock<Level> = OnceLock::new();
static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// The level from `TF_LOG_PROVIDER`, else `TF_LOG`; off when neither is set.
pub fn level() -> Level {
    *LEVEL.get_or_init(|| {
        let from = |name: &str| std::env::var(name).ok().and_then(|v| Level::parse(&v));
        from("TF_LOG_PROVIDER").or_else(|| from("TF_LOG")).unwrap_or(Level::Off)
    })
}

pub fn enabled(level: Level) -> bool {
    level != Level::Off && level >= self::level()
}

/// Masks `secret` in every future log line. Short values are ignored: masking
/// "1" would mangle every line.
pub fn register_secret(secret: &str) {
    if secret.len() < 4 {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|p| p.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
        // Longest first, so a secret containing another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Replaces every registered secret in `text`.
pub fn redact(text: &str) -> String {
    let secrets = SECRETS.read().unwrap_or_else(|p| p.into_inner());
    let mut out = text.to_string();
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "***");
        }
    }
    out
}

pub fn log(level: Level, message: &str, fields: &[(&str, &str)]) {
    if !enabled(level) {
        return;
    }
    let line = format_line(level, message, fields, SystemTime::now());
    let mut stderr = std::io::stderr().lock();
    // A closed stderr must not take the provider down with it.
    let _ = stderr.write_all(line.as_bytes());
}

fn format_line(level: Level, message: &str, fields: &[(&str, &str)], now: SystemTime) -> String {
    let mut entry = serde_json::Map::new();
    entry.insert("@level".into(), level.name().into());
    entry.insert("@message".into(), redact(message).into());
    entry.insert("@module".into(), module().into());
    entry.insert("@timestamp".into(), hclog_timestamp(now).into());
    for (key, value) in fields {
        entry.insert((*key).to_string(), redact(value).into());
    }
    let mut line = serde_json::Value::Object(entry).to_string();
    line.push('\n');
    line
}

/// `2006-01-02T15:04:05.000000Z07:00` in UTC, the only layout go-plugin parses.
pub fn hclog_timestamp(now: SystemTime) -> String {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let (date, time) = civil_calendar::civil_utc(i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX));
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        date.0,
        date.1,
        date.2,
        time.0,
        time.1,
        time.2,
        since_epoch.subsec_micros()
    )
}

pub fn trace(message: &str) {
    log(Level::Trace, message, &[]);
}
pub fn debug(message: &str) {
    log(Level::Debug, message, &[]);
}
pub fn info(message: &str) {
    log(Level::Info, message, &[]);
}
pub fn warn(message: &str) {
    log(Level::Warn, message, &[]);
}
pub fn error(message: &str) {
    log(Level::Error, message, &[]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn lines_are_hclog_json() {
        let t = UNIX_EPOCH + Duration::from_micros(1_764_354_600_123_456);
        let line = format_line(Level::Info, "hello", &[("rpc", "PlanResourceChange")], t);
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["@level"], "info");
        assert_eq!(parsed["@message"], "hello");
        assert_eq!(parsed["@module"], module());
        assert_eq!(parsed["@timestamp"], "2025-11-28T18:30:00.123456Z");
        assert_eq!(parsed["rpc"], "PlanResourceChange");
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
    }

    #[test]
    fn registered_secrets_are_masked_in_messages_and_fields() {
        register_secret("s3cr3t-value-xyz");
        let line = format_line(
            Level::Error,
            "token abc:s3cr3t-value-xyz failed",
            &[("body", "{\"client_secret\":\"s3cr3t-value-xyz\"}")],
            SystemTime::now(),
        );
        assert!(!line.contains("s3cr3t-value-xyz"), "{line}");
        assert!(line.contains("***"));
    }

    #[test]
    fn levels_parse_like_terraform() {
        assert_eq!(Level::parse("json"), Some(Level::Trace));
        assert_eq!(Level::parse("WARN"), Some(Level::Warn));
        assert_eq!(Level::parse("verbose"), None);
    }
}
