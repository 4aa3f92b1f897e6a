//! go-plugin's handshake: the environment Terraform sets for its plugins and
//! the single line the plugin answers with on stdout.

use base64::Engine;

/// The cookie every Terraform (and OpenTofu) release sets for tfplugin5/6 providers.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// go-plugin's own protocol version, the first field of the line.
const CORE_PROTOCOL_VERSION: u32 = 1;
/// The only plugin protocol we speak.
pub const PROTOCOL_VERSION: u32 = 6;

/// What a person sees who runs the binary by hand.
pub fn not_for_humans(binary: &str, source_address: &str) -> String {
    let local_name = source_address.rsplit('/').next().unwrap_or(source_address);
    format!(
        "This binary is a plugin for Terraform and OpenTofu ({binary}).
It is not meant to be run directly: Terraform starts it when a configuration
uses the {local_name} provider.

To install it, put it in a plugin directory, for example
  ~/.terraform.d/plugins/{source_address}/<version>/<os>_<arch>/
and declare it in your configuration:
  terraform {{
    required_providers {{
      {local_name} = {{ source = \"{source_address}\" }}
    }}
  }}
See the README for details. To debug the provider, run it with --debug.
"
    )
}

/// Whether Terraform started us: the cookie must match exactly.
pub fn cookie_is_valid(value: Option<&str>) -> bool {
    value == Some(MAGIC_COOKIE_VALUE)
}

/// Picks the protocol version from `PLUGIN_PROTOCOL_VERSIONS` ("5,6").
///
/// Like go-plugin, when the client offers nothing we speak we still answer
/// with our version and let the client report the mismatch in its own words.
pub fn negotiate_version(_offered: Option<&str>) -> u32 {
    PROTOCOL_VERSION
}

/// Whether `PLUGIN_PROTOCOL_VERSIONS` includes ours (for a log line).
pub fn offers_our_version(offered: Option<&str>) -> bool {
    offered
        .unwrap_or_default()
        .split(',')
        .any(|v| v.trim().parse::<u32>() == Ok(PROTOCOL_VERSION))
}

/// `1|6|unix|/tmp/…/plugin.sock|grpc|<base64 DER certificate>`
///
/// The certificate is standard base64 without padding, as go-plugin decodes it;
/// the field is empty when Terraform did not ask for TLS.
pub fn handshake_line(version: u32, network: &str, address: &str, certificate_der: Option<&[u8]>) -> String {
    let certificate = certificate_der
        .map(|der| base64::engine::general_purpose::STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!("{CORE_PROTOCOL_VERSION}|{version}|{network}|{address}|grpc|{certificate}")
}

/// The port range go-plugin allows for TCP (`PLUGIN_MIN_PORT`/`PLUGIN_MAX_PORT`).
pub fn port_range(min: Option<&str>, max: Option<&str>) -> Result<(u16, u16), String> {
    let parse = |v: Option<&str>, default: u16| -> Result<u16, String> {
        match v {
            None | Some("") => Ok(default),
            Some(text) => text.trim().parse().map_err(|_| format!("invalid port {text:?}")),
        }
    };
    let (min, max) = (parse(min, 0)?, parse(max, 0)?);
    if min > max && max != 0 {
        return Err(format!("PLUGIN_MIN_PORT {min} is greater than PLUGIN_MAX_PORT {max}"));
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_must_match_exactly() {
        assert!(cookie_is_valid(Some(MAGIC_COOKIE_VALUE)));
        assert!(!cookie_is_valid(None));
        assert!(!cookie_is_valid(Some("")));
        assert!(!cookie_is_valid(Some(&MAGIC_COOKIE_VALUE[1..])));
    }

    #[test]
    fn version_six_is_chosen() {
        assert_eq!(negotiate_version(Some("5,6")), 6);
        assert_eq!(negotiate_version(Some("6,5")), 6);
        assert!(offers_our_version(Some("5, 6")));
        assert!(!offers_our_version(Some("5")));
    }

    #[test]
    fn line_has_six_fields_and_unpadded_base64() {
        let line = handshake_line(6, "unix", "/tmp/x/plugin.sock", Some(&[1, 2, 3, 4]));
        assert_eq!(line, "1|6|unix|/tmp/x/plugin.sock|grpc|AQIDBA");
        assert_eq!(
            handshake_line(6, "tcp", "127.0.0.1:10000", None),
            "1|6|tcp|127.0.0.1:10000|grpc|"
        );
    }

    #[test]
    fn port_ranges() {
        assert_eq!(port_range(Some("10000"), Some("25000")), Ok((10000, 25000)));
        assert_eq!(port_range(None, None), Ok((0, 0)));
        assert!(port_range(Some("3"), Some("2")).is_err());
        assert!(port_range(Some("x"), None).is_err());
    }
}
