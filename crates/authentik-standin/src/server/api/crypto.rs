//! `/api/v3/crypto/certificatekeypairs/`: the start-up certificate (the
//! managed internal JWT certificate is hidden from this API in authentik
//! too), its PEM texts through `view_certificate` / `view_private_key`.

use serde_json::{json, Value};

use super::{not_emulated, not_found, ListQuery, Lookup};
use crate::server::http::{Incoming, Outgoing};
use crate::server::keys::{self, KeyMaterial};
use crate::server::model::CertificateKeyPair;
use crate::server::store::Store;

/// The certificate's material, or the 500 authentik would answer if it
/// could not load it.
fn material() -> Result<&'static KeyMaterial, Outgoing> {
    keys::self_signed().map_err(|e| Outgoing::json(500, &json!({ "detail": e.to_string() })))
}

fn to_json(pair: &CertificateKeyPair, material: &KeyMaterial, details: bool) -> Value {
    let detail = |v: &str| if details { Value::from(v) } else { Value::Null };
    json!({
        "pk": pair.pk,
        "name": pair.name,
        "fingerprint_sha256": detail(&material.fingerprint_sha256),
        "fingerprint_sha1": detail(&material.fingerprint_sha1),
        "cert_expiry": detail(&drf_datetime(material.not_after)),
        "cert_subject": detail(&material.subject),
        "private_key_available": true,
        "key_type": detail("rsa"),
        "certificate_download_url": format!("/api/v3/crypto/certificatekeypairs/{}/view_certificate/?download", pair.pk),
        "private_key_download_url": format!("/api/v3/crypto/certificatekeypairs/{}/view_private_key/?download", pair.pk),
        "managed": null,
    })
}

/// A whole-second UTC datetime as DRF renders it (`…T00:00:00Z`).
fn drf_datetime(epoch: i64) -> String {
    let ((y, mo, d), (h, mi, s)) = civil_calendar::civil_utc(epoch);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

pub(super) fn list(store: &Store, request: &Incoming) -> Outgoing {
    let query = match ListQuery::new(request, &[], "name") {
        Ok(q) => q,
        Err(answer) => return answer,
    };
    let (has_key, details) = match (query.boolean("has_key"), query.boolean("include_details")) {
        (Ok(h), Ok(d)) => (h, d.unwrap_or(true)),
        (Err(answer), _) | (_, Err(answer)) => return answer,
    };
    let material = match material() {
        Ok(m) => m,
        Err(answer) => return answer,
    };
    let mut pairs: Vec<&CertificateKeyPair> = store
        .certificates
        .iter()
        .filter(|c| query.get("name").is_none_or(|n| c.name == n))
        // Only unmanaged pairs exist here, all with a key.
        .filter(|_| query.get("managed").is_none_or(str::is_empty))
        .filter(|_| has_key != Some(false))
        .filter(|c| query.search_matches(&[&c.name]))
        .collect();
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    query.paginate(pairs.into_iter().map(|c| to_json(c, material, details)).collect())
}

pub(super) fn retrieve(store: &Store, pk: &str) -> Outgoing {
    let Some(pair) = store.certificates.iter().find(|c| c.pk == pk) else {
        return not_found("CertificateKeyPair", Lookup::Uuid, pk);
    };
    match material() {
        Ok(material) => Outgoing::json(200, &to_json(pair, material, true)),
        Err(answer) => answer,
    }
}

fn view(store: &Store, pk: &str, request: &Incoming, pick: fn(&KeyMaterial) -> &str) -> Outgoing {
    if request.query_dict().contains("download") {
        return not_emulated(request);
    }
    if !store.certificates.iter().any(|c| c.pk == pk) {
        return not_found("CertificateKeyPair", Lookup::Uuid, pk);
    }
    match material() {
        Ok(material) => Outgoing::json(200, &json!({ "data": pick(material) })),
        Err(answer) => answer,
    }
}

pub(super) fn view_certificate(store: &Store, pk: &str, request: &Incoming) -> Outgoing {
    view(store, pk, request, |m| &m.certificate_pem)
}

pub(super) fn view_private_key(store: &Store, pk: &str, request: &Incoming) -> Outgoing {
    view(store, pk, request, |m| &m.private_key_pem)
}
