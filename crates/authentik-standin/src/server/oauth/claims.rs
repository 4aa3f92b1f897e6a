//! Who the tokens say the user is: the subject by the provider's
//! `sub_mode`, the claims of the scope mappings attached to the provider for
//! the granted scopes, the issuer, and the signed ID and access tokens.

use serde_json::{json, Map, Value};

use crate::fresh_install::ScopeClaims;
use crate::server::jwt::{self, Signer};
use crate::server::keys::{self, KeyError};
use crate::server::model::{Grant, OAuth2Provider, User};
use crate::server::random;
use crate::server::store::Store;

/// `acr` of every token: authentik's default authentication context.
const ACR_DEFAULT: &str = "goauthentik.io/providers/oauth2/default";

fn sha256_hex(text: &str) -> String {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, text.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `sub` claim for `user` at `provider`.
pub(crate) fn subject(store: &Store, provider: &OAuth2Provider, user: &User) -> String {
    // authentik's `User.uid`: SHA-256 of "<pk>-<install id>".
    let uid = || sha256_hex(&format!("{}-{}", user.pk, store.install_id));
    match provider.sub_mode.as_str() {
        "user_id" => user.pk.to_string(),
        "user_uuid" => user.uuid.clone(),
        "user_username" => user.username.clone(),
        "user_email" => user.email.clone(),
        // The stand-in's users have no `upn` attribute, so authentik falls back to the uid.
        _ => uid(),
    }
}

/// The claims of the attached scope mappings whose scope was granted,
/// merged in mapping order.
pub(crate) fn scope_claims(
    store: &Store,
    provider: &OAuth2Provider,
    user: &User,
    scope: &[String],
) -> Map<String, Value> {
    let mut claims = Map::new();
    for mapping in store
        .scope_mappings
        .iter()
        .filter(|m| provider.property_mappings.iter().any(|pk| pk == m.uuid))
        .filter(|m| scope.iter().any(|s| s == m.scope_name))
    {
        let value = match mapping.claims {
            ScopeClaims::Nothing => json!({}),
            ScopeClaims::Email => json!({ "email": user.email, "email_verified": false }),
            ScopeClaims::Profile => json!({
                "name": user.name,
                "given_name": user.name,
                "preferred_username": user.username,
                "nickname": user.username,
                "groups": user.groups,
            }),
            ScopeClaims::Entitlements => json!({ "entitlements": [], "roles": [] }),
        };
        if let Value::Object(map) = value {
            claims.extend(map);
        }
    }
    claims
}

/// The issuer URL, or `None` when a per-provider issuer has no application.
pub(crate) fn issuer(store: &Store, provider: &OAuth2Provider, origin: &str) -> Option<String> {
    if provider.issuer_mode == "global" {
        return Some(format!("{origin}/"));
    }
    store
        .application_of(provider.pk)
        .map(|app| format!("{origin}/application/o/{}/", app.slug))
}

/// What a token endpoint answer is built from.
pub(crate) struct IssuedTokens {
    pub(crate) access_token: String,
    pub(crate) id_token: String,
    pub(crate) subject: String,
}

/// Why tokens could not be issued.
#[derive(Debug, thiserror::Error)]
pub(crate) enum IssueError {
    #[error("the user of this grant no longer exists")]
    UnknownUser,
    #[error("{0}")]
    Key(#[from] KeyError),
}

/// The signer of a provider's tokens: its signing key (RS256) when set,
/// else its client secret (HS256).
pub(crate) fn signer(provider: &OAuth2Provider) -> Result<Signer<'_>, KeyError> {
    match &provider.signing_key {
        Some(_) => keys::self_signed().map(Signer::Rs256),
        None => Ok(Signer::Hs256(&provider.client_secret)),
    }
}

/// Signs the ID token and the access token (authentik's access tokens are
/// the ID token's claims plus `azp` and a random `uid`, signed the same way)
/// for a grant whose access token expires at `access_expires`.
pub(crate) fn issue(
    store: &Store,
    provider: &OAuth2Provider,
    grant: &Grant,
    origin: &str,
    now: f64,
    access_expires: f64,
) -> Result<IssuedTokens, IssueError> {
    let user = store.user(grant.user_pk).ok_or(IssueError::UnknownUser)?;
    let subject = subject(store, provider, user);
    let mut token = Map::new();
    if let Some(iss) = issuer(store, provider, origin) {
        token.insert("iss".into(), iss.into());
    }
    token.insert("sub".into(), subject.clone().into());
    token.insert("aud".into(), provider.client_id.clone().into());
    token.insert("exp".into(), (access_expires as i64).into());
    token.insert("iat".into(), (now as i64).into());
    token.insert("auth_time".into(), (grant.auth_time as i64).into());
    token.insert("acr".into(), ACR_DEFAULT.into());
    // Users of the stand-in always log in with a password.
    token.insert("amr".into(), json!(["pwd"]));
    if let Some(nonce) = &grant.nonce {
        token.insert("nonce".into(), nonce.clone().into());
    }
    token.insert("sid".into(), sha256_hex(&grant.session_key).into());
    if provider.include_claims_in_id_token {
        token.extend(scope_claims(store, provider, user, &grant.scope));
    }
    let signer = signer(provider)?;
    let id_token = jwt::encode(&Value::Object(token.clone()), &signer)?;
    token.insert("azp".into(), provider.client_id.clone().into());
    token.insert("uid".into(), random::alphanumeric(40).into());
    let access_token = jwt::encode(&Value::Object(token), &signer)?;
    Ok(IssuedTokens {
        access_token,
        id_token,
        subject,
    })
}
