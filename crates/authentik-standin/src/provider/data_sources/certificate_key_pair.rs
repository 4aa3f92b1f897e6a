//! `data "authentik_certificate_key_pair"`: the first pair with this exact
//! name; by default it also fetches the certificate and the private key
//! (each PEM gets a `"\n"` appended, as the real provider does).

use async_trait::async_trait;
use serde_json::Value as Json;
use terraform_plugin::framework::DataSource;
use terraform_plugin::protocol::{Attribute, Block, Diagnostics, Schema, Value};

use super::{failure, query, results};
use crate::provider::client::{path_segment, ApiClient};
use crate::provider::sdk::{describe, get_ok, with_defaults};

pub(crate) struct CertificateKeyPairLookup;

fn text(json: &Json, key: &str) -> Value {
    json.get(key).and_then(Json::as_str).map_or(Value::Null, Value::from)
}

/// Go's `time.Time.String()` of an RFC 3339 time from the API, e.g.
/// `2027-05-17T00:00:00Z` → `2027-05-17 00:00:00 +0000 UTC`.
pub(crate) fn go_time_string(rfc3339: &str) -> Option<String> {
    let (date, rest) = rfc3339.split_once('T')?;
    let zone_at = rest.find(['Z', '+', '-'])?;
    let (time, zone) = rest.split_at(zone_at);
    let (clock, fraction) = match time.split_once('.') {
        Some((c, f)) => (c, f.trim_end_matches('0')),
        None => (time, ""),
    };
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    let zone = match zone {
        "Z" => "+0000 UTC".to_string(),
        offset => {
            let compact = offset.replace(':', "");
            format!("{compact} {compact}")
        }
    };
    Some(format!("{date} {clock}{fraction} {zone}"))
}

#[async_trait]
impl DataSource<ApiClient> for CertificateKeyPairLookup {
    fn type_name(&self) -> &'static str {
        "authentik_certificate_key_pair"
    }

    fn schema(&self) -> Schema {
        let generated = |d: &str| describe(d, None, true);
        Schema::new(
            0,
            Block::new(
                "System --- Get certificate-key pairs by name",
                vec![
                    Attribute::string("id").computed().description(generated("")),
                    Attribute::string("name").required(),
                    Attribute::bool("fetch_certificate").optional().description(describe(
                        "If set to true, certificate data will be fetched.",
                        Some("true"),
                        false,
                    )),
                    Attribute::string("certificate_data")
                        .computed()
                        .description(generated("")),
                    Attribute::string("expiry").computed().description(generated("")),
                    Attribute::string("subject").computed().description(generated("")),
                    Attribute::string("fingerprint1")
                        .computed()
                        .description(generated("SHA1-hashed certificate fingerprint")),
                    Attribute::string("fingerprint256")
                        .computed()
                        .description(generated("SHA256-hashed certificate fingerprint")),
                    Attribute::bool("fetch_key").optional().description(describe(
                        "If set to true, private key data will be fetched.",
                        Some("true"),
                        false,
                    )),
                    Attribute::string("key_data")
                        .optional_computed()
                        .sensitive()
                        .description(generated("")),
                ],
            ),
        )
    }

    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    async fn read(&self, client: &ApiClient, config: &Value) -> (Value, Diagnostics) {
        let mut state = with_defaults(
            config,
            &[
                ("fetch_certificate", Value::Bool(true)),
                ("fetch_key", Value::Bool(true)),
            ],
        );
        let mut filters = Vec::new();
        if get_ok(config.get("name")) {
            filters.push(("name", config.get("name").as_str().unwrap_or_default().to_string()));
        }
        let page = match client
            .get(&format!("/crypto/certificatekeypairs/{}", query(&filters)))
            .await
        {
            Ok(page) => page,
            Err(e) => return (Value::Null, e.diagnostic().into()),
        };
        let Some(pair) = results(&page).into_iter().next() else {
            // Sic: the real provider says "groups".
            return failure("No matching groups found");
        };
        let pk = pair.get("pk").and_then(Json::as_str).unwrap_or_default().to_string();
        state.set_attribute("id", Value::from(pk.as_str()));
        state.set_attribute("name", text(&pair, "name"));
        let expiry = pair
            .get("cert_expiry")
            .and_then(Json::as_str)
            .and_then(go_time_string)
            .map_or(Value::Null, Value::from);
        state.set_attribute("expiry", expiry);
        state.set_attribute("subject", text(&pair, "cert_subject"));
        state.set_attribute("fingerprint1", text(&pair, "fingerprint_sha1"));
        state.set_attribute("fingerprint256", text(&pair, "fingerprint_sha256"));
        for (flag, view, attribute) in [
            ("fetch_certificate", "view_certificate", "certificate_data"),
            ("fetch_key", "view_private_key", "key_data"),
        ] {
            if state.get(flag).as_bool() != Some(true) {
                continue;
            }
            let path = format!("/crypto/certificatekeypairs/{}/{view}/", path_segment(&pk));
            match client.get(&path).await {
                Ok(answer) => {
                    let data = answer.get("data").and_then(Json::as_str).unwrap_or_default();
                    state.set_attribute(attribute, Value::from(format!("{data}\n")));
                }
                Err(e) => return (Value::Null, e.diagnostic().into()),
            }
        }
        (state, Diagnostics::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_like_go() {
        assert_eq!(
            go_time_string("2027-05-17T00:00:00Z").as_deref(),
            Some("2027-05-17 00:00:00 +0000 UTC")
        );
        assert_eq!(
            go_time_string("2027-05-17T10:11:12.500000+02:00").as_deref(),
            Some("2027-05-17 10:11:12.5 +0200 +0200")
        );
        assert_eq!(go_time_string("garbage"), None);
    }
}
