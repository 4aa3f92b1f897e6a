//! authentik's OAuth2 login rules, as the stand-in enforces them over real
//! HTTP: the authorize checks and their order, the login page, the token
//! endpoint's checks and error bodies, userinfo, discovery.

mod support;

use std::time::Duration;

use authentik_standin::fresh_install::{self, SCOPE_EMAIL, SCOPE_OFFLINE_ACCESS, SCOPE_OPENID, SCOPE_PROFILE};
use authentik_standin::Authentik;
use serde_json::{json, Value};
use support::{
    authorize_url, jwt_parts, param, provider_body, provider_with_application, token_request, userinfo, Api, Browser,
    REDIRECT_URI,
};

const INVALID_GRANT: &str = "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client";
const INVALID_CLIENT: &str = "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)";

struct Setup {
    authentik: Authentik,
    api: Api,
    provider: Value,
}

impl Setup {
    fn client_id(&self) -> &str {
        self.provider["client_id"].as_str().expect("client_id")
    }

    fn secret(&self) -> &str {
        self.provider["client_secret"].as_str().expect("client_secret")
    }

    /// Logs alice in and returns the redirect to the client.
    async fn code_redirect(&self, scope: &str, state: Option<&str>) -> String {
        let mut browser = Browser::new(&self.authentik);
        let answer = browser
            .authorize(
                &authorize_url(self.client_id(), REDIRECT_URI, scope, state),
                "alice",
                "alice-pw",
            )
            .await;
        assert_eq!(answer.status, 302, "{}", answer.text);
        answer.location()
    }

    async fn code(&self, scope: &str) -> String {
        param(&self.code_redirect(scope, Some("st")).await, "code").expect("code")
    }

    async fn exchange(&self, code: &str) -> support::Answer {
        token_request(
            &self.authentik,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT_URI),
                ("client_id", self.client_id()),
                ("client_secret", self.secret()),
            ],
            None,
        )
        .await
    }
}

async fn setup_with(body: Value) -> Setup {
    let authentik = Authentik::start().await.expect("stand-in starts");
    authentik.add_user("alice", "Alice Example", "alice@example.com", "alice-pw");
    authentik.add_user_to_group("alice", "Staff");
    let api = Api::new(&authentik);
    let provider = provider_with_application(&api, body).await;
    Setup {
        authentik,
        api,
        provider,
    }
}

async fn setup() -> Setup {
    setup_with(provider_body("frappe")).await
}

fn assert_token_error(answer: &support::Answer, error: &str, description: &str) {
    assert_eq!(answer.status, 400, "{}", answer.text);
    let body = answer.json();
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_description"], description);
    assert_eq!(body["request_id"].as_str().map(str::len), Some(32), "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(3));
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(answer.header("pragma").as_deref(), Some("no-cache"));
}

// ---- authorize -------------------------------------------------------------

#[tokio::test]
async fn authorize_without_a_query_is_not_found() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    assert_eq!(browser.get("/application/o/authorize/").await.status, 404);
}

#[tokio::test]
async fn an_unknown_client_gets_the_client_id_error_page() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    let answer = browser
        .get(&authorize_url("nobody", REDIRECT_URI, "openid", None))
        .await;
    assert_eq!(answer.status, 400);
    assert!(answer.text.contains("Client ID Error"), "{}", answer.text);
    assert!(answer.header("location").is_none());
}

#[tokio::test]
async fn redirect_uris_are_matched_strictly_and_never_redirected_to() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    for wrong in [
        format!("{REDIRECT_URI}/"),
        REDIRECT_URI.to_uppercase(),
        format!("{REDIRECT_URI}?x=1"),
        String::new(),
    ] {
        let answer = browser
            .get(&authorize_url(s.client_id(), &wrong, "openid", Some("st")))
            .await;
        assert_eq!(answer.status, 400, "{wrong:?}");
        assert!(answer.text.contains("Redirect URI Error"), "{wrong:?}: {}", answer.text);
        assert!(answer.header("location").is_none());
    }
    // Unknown client is checked first.
    let answer = browser.get(&authorize_url("nobody", "x", "openid", None)).await;
    assert!(answer.text.contains("Client ID Error"));
}

#[tokio::test]
async fn only_authorization_entries_count_and_an_empty_list_fails() {
    let mut logout_only = provider_body("logout-only");
    logout_only["redirect_uris"] =
        json!([{"matching_mode": "strict", "url": REDIRECT_URI, "redirect_uri_type": "logout"}]);
    let s = setup_with(logout_only).await;
    let mut browser = Browser::new(&s.authentik);
    let answer = browser
        .get(&authorize_url("logout-only", REDIRECT_URI, "openid", None))
        .await;
    assert!(answer.text.contains("Redirect URI Error"));

    let mut empty = provider_body("no-uris");
    empty["redirect_uris"] = json!([]);
    provider_with_application(&s.api, empty).await;
    let answer = browser
        .get(&authorize_url("no-uris", REDIRECT_URI, "openid", None))
        .await;
    assert_eq!(answer.status, 400);
    assert!(answer.text.contains("Redirect URI Error"));
}

#[tokio::test]
async fn regex_entries_match_the_whole_uri_and_forbidden_schemes_fail() {
    let mut body = provider_body("regex");
    body["redirect_uris"] = json!([
        {"matching_mode": "regex", "url": "https://erp\\.example\\.com/.*", "redirect_uri_type": "authorization"},
        {"matching_mode": "regex", "url": "javascript:.*", "redirect_uri_type": "authorization"},
    ]);
    let s = setup_with(body).await;
    let mut browser = Browser::new(&s.authentik);
    let good = browser
        .get(&authorize_url(
            "regex",
            "https://erp.example.com/any/path",
            "openid",
            None,
        ))
        .await;
    assert_eq!(good.status, 302, "{}", good.text);
    let partial = browser
        .get(&authorize_url("regex", "https://erp.example.com.evil/", "openid", None))
        .await;
    assert!(partial.text.contains("Redirect URI Error"));
    let script = browser
        .get(&authorize_url("regex", "javascript:alert(1)", "openid", None))
        .await;
    assert!(script.text.contains("Redirect URI Error"));
}

#[tokio::test]
async fn without_grant_types_authorize_answers_invalid_request() {
    let mut body = provider_body("no-grants");
    body.as_object_mut().expect("object").remove("grant_types");
    let s = setup_with(body).await;
    let mut browser = Browser::new(&s.authentik);
    let answer = browser
        .get(&authorize_url("no-grants", REDIRECT_URI, "openid email", Some("xyz")))
        .await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.location(),
        format!("{REDIRECT_URI}?error=invalid_request&error_description=The%20request%20is%20otherwise%20malformed&state=xyz")
    );
    let without_state = browser
        .get(&authorize_url("no-grants", REDIRECT_URI, "openid", None))
        .await;
    assert_eq!(
        without_state.location(),
        format!("{REDIRECT_URI}?error=invalid_request&error_description=The%20request%20is%20otherwise%20malformed")
    );
    // The check comes before any login: nobody was asked to log in.
    assert!(!s.authentik.requests().iter().any(|r| r.path.starts_with("/if/flow/")));
}

#[tokio::test]
async fn unsupported_response_types_are_redirected_with_the_error() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    let url = format!(
        "/application/o/authorize/?client_id={}&redirect_uri={}&response_type=token&state=s",
        s.client_id(),
        urlencode(REDIRECT_URI)
    );
    let answer = browser.get(&url).await;
    assert_eq!(answer.status, 302);
    assert!(
        answer
            .location()
            .starts_with(&format!("{REDIRECT_URI}?error=unsupported_response_type&")),
        "{}",
        answer.location()
    );
    // An implicit request to a code-only provider: invalid_request, in the fragment.
    let url = format!(
        "/application/o/authorize/?client_id={}&redirect_uri={}&response_type=id_token&nonce=n&scope=openid",
        s.client_id(),
        urlencode(REDIRECT_URI)
    );
    let answer = browser.get(&url).await;
    assert!(answer
        .location()
        .starts_with(&format!("{REDIRECT_URI}#error=invalid_request&")));
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn an_anonymous_browser_is_sent_to_the_login_page_and_back() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    let start = authorize_url(s.client_id(), REDIRECT_URI, "openid email profile", Some("state-1"));
    let first = browser.get(&start).await;
    assert_eq!(first.status, 302);
    // authentik's flow interface, with the authorize parameters and `next`.
    let location = first.location();
    assert!(
        location.starts_with("/if/flow/default-authentication-flow/?client_id="),
        "{location}"
    );
    assert!(
        location.contains("&state=state-1&next=%2Fapplication%2Fo%2Fauthorize%2F%3F"),
        "{location}"
    );
    let (login_url, page) = browser.follow(&start).await;
    assert_eq!(login_url, location);
    assert!(page.text.contains("name=\"password\""));

    let wrong = browser
        .post_form(&login_url, &[("username", "alice"), ("password", "nope")])
        .await;
    assert_eq!(wrong.status, 200);
    assert!(wrong.text.contains("Invalid password"));

    let ok = browser
        .post_form(&login_url, &[("username", "alice"), ("password", "alice-pw")])
        .await;
    assert_eq!(ok.status, 302);
    assert!(ok.location().starts_with("/application/o/authorize/?"));
    let done = browser.follow(&ok.location()).await.1;
    assert_eq!(done.status, 302);
    let location = done.location();
    assert!(location.starts_with(&format!("{REDIRECT_URI}?code=")), "{location}");
    let code = param(&location, "code").expect("code");
    assert_eq!(code.len(), 32);
    assert!(code.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(param(&location, "state").as_deref(), Some("state-1"));

    // Logged in now: straight to the client.
    let again = browser.get(&start).await;
    assert!(again.location().starts_with(REDIRECT_URI));
}

#[tokio::test]
async fn the_redirect_uris_own_query_is_kept() {
    let with_query = "https://erp.example.com/cb?tenant=a&empty=";
    let mut body = provider_body("query");
    body["redirect_uris"] =
        json!([{"matching_mode": "strict", "url": with_query, "redirect_uri_type": "authorization"}]);
    let s = setup_with(body).await;
    let mut browser = Browser::new(&s.authentik);
    let answer = browser
        .authorize(&authorize_url("query", with_query, "openid", None), "alice", "alice-pw")
        .await;
    let location = answer.location();
    // Blank parameters disappear (parse_qs); state is always sent.
    assert!(
        location.starts_with("https://erp.example.com/cb?tenant=a&code="),
        "{location}"
    );
    assert!(location.ends_with("&state="), "{location}");
}

#[tokio::test]
async fn a_provider_without_application_denies_access() {
    let authentik = Authentik::start().await.expect("stand-in starts");
    authentik.add_user("alice", "Alice", "alice@example.com", "alice-pw");
    let api = Api::new(&authentik);
    assert_eq!(
        api.post("/providers/oauth2/", provider_body("lonely")).await.status,
        201
    );
    let mut browser = Browser::new(&authentik);
    let answer = browser
        .authorize(
            &authorize_url("lonely", REDIRECT_URI, "openid", None),
            "alice",
            "alice-pw",
        )
        .await;
    assert_eq!(answer.status, 200);
    assert!(answer.text.contains("Permission denied") && answer.text.contains("Failed to resolve application"));
}

#[tokio::test]
async fn the_explicit_consent_flow_asks_first() {
    let mut body = provider_body("consent");
    body["authorization_flow"] = json!(fresh_install::EXPLICIT_CONSENT_FLOW.uuid);
    let s = setup_with(body).await;
    let mut browser = Browser::new(&s.authentik);
    let start = authorize_url("consent", REDIRECT_URI, "openid", Some("s"));
    let consent_page = browser.authorize(&start, "alice", "alice-pw").await;
    assert_eq!(consent_page.status, 200);
    assert!(consent_page.text.contains("name=\"consent\""));
    // Logged in now: the authorize request leads to the consent page again.
    let page = browser.get(&start).await;
    assert_eq!(page.status, 302);
    let consent_url = page.location();
    assert!(consent_url.starts_with("/if/flow/default-provider-authorization-explicit-consent/"));
    let consent = browser.get(&consent_url).await;
    assert!(consent.text.contains("You're about to sign into consent."));
    let pending = param(&consent_url, "pending").expect("pending");
    let answer = browser
        .post_form(&consent_url, &[("pending", &pending), ("consent", "accept")])
        .await;
    assert!(answer.location().starts_with(&format!("{REDIRECT_URI}?code=")));
}

// ---- token -----------------------------------------------------------------

#[tokio::test]
async fn the_code_buys_tokens_once() {
    let s = setup().await;
    let code = s.code("openid email profile").await;
    let answer = s.exchange(&code).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(answer.header("pragma").as_deref(), Some("no-cache"));
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "openid email profile");
    // The SSO module's provider: access_token_validity defaults to hours=1 on the server.
    assert_eq!(body["expires_in"], 3600);
    assert!(body.get("refresh_token").is_none());
    let (header, claims) = jwt_parts(body["id_token"].as_str().expect("id_token"));
    assert_eq!(header["alg"], "HS256");
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["aud"], "frappe");
    assert_eq!(claims["iss"], format!("{}/application/o/frappe/", s.authentik.url()));
    assert_eq!(claims["email"], "alice@example.com");

    let again = s.exchange(&code).await;
    assert_token_error(&again, "invalid_grant", INVALID_GRANT);
}

#[tokio::test]
async fn expires_in_follows_access_token_validity() {
    let mut body = provider_body("durations");
    body["access_token_validity"] = json!("minutes=10;hours=1");
    let s = setup_with(body).await;
    let code = s.code("openid").await;
    assert_eq!(s.exchange(&code).await.json()["expires_in"], 4200);
}

#[tokio::test]
async fn without_grant_types_the_token_endpoint_answers_invalid_grant_before_the_secret() {
    let mut body = provider_body("no-grants");
    body.as_object_mut().expect("object").remove("grant_types");
    let s = setup_with(body).await;
    let answer = token_request(
        &s.authentik,
        &[
            ("grant_type", "authorization_code"),
            ("code", "whatever"),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", "no-grants"),
            ("client_secret", "wrong"),
        ],
        None,
    )
    .await;
    assert_token_error(&answer, "invalid_grant", INVALID_GRANT);
}

#[tokio::test]
async fn client_authentication() {
    let s = setup().await;
    let code = s.code("openid").await;
    let pairs = |id: &'static str, secret: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("grant_type", "authorization_code"),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", id),
            ("client_secret", secret),
        ]
    };
    let with_code = |mut p: Vec<(&'static str, &'static str)>, code: &str| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = p.drain(..).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        out.push(("code".into(), code.to_string()));
        out
    };
    let send = |pairs: Vec<(String, String)>, basic: Option<(String, String)>| {
        let authentik = &s.authentik;
        async move {
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let basic = basic.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            token_request(authentik, &refs, basic).await
        }
    };

    let unknown = send(with_code(pairs("nobody", "x"), &code), None).await;
    assert_token_error(&unknown, "invalid_client", INVALID_CLIENT);
    let wrong_secret = send(with_code(pairs("frappe", "wrong"), &code), None).await;
    assert_token_error(&wrong_secret, "invalid_client", INVALID_CLIENT);
    // The Basic header wins over the form fields, both ways.
    let header_wrong = send(
        with_code(pairs("frappe", "wrong"), &code),
        Some(("frappe".into(), "also-wrong".into())),
    )
    .await;
    assert_token_error(&header_wrong, "invalid_client", INVALID_CLIENT);
    let header_right = send(
        with_code(pairs("nobody", "wrong"), &code),
        Some(("frappe".into(), s.secret().to_string())),
    )
    .await;
    assert_eq!(header_right.status, 200, "{}", header_right.text);
}

#[tokio::test]
async fn the_token_redirect_uri_must_match_an_entry() {
    let s = setup().await;
    let code = s.code("openid").await;
    let trailing = format!("{REDIRECT_URI}/");
    let answer = token_request(
        &s.authentik,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &trailing),
            ("client_id", s.client_id()),
            ("client_secret", s.secret()),
        ],
        None,
    )
    .await;
    assert_token_error(&answer, "invalid_client", INVALID_CLIENT);
    let missing_code = token_request(
        &s.authentik,
        &[
            ("grant_type", "authorization_code"),
            ("redirect_uri", &trailing),
            ("client_id", s.client_id()),
            ("client_secret", s.secret()),
        ],
        None,
    )
    .await;
    assert_token_error(&missing_code, "invalid_grant", INVALID_GRANT);
}

#[tokio::test]
async fn codes_expire_after_access_code_validity() {
    let s = setup().await;
    let code = s.code("openid").await;
    s.authentik.advance_clock(Duration::from_secs(61));
    assert_token_error(&s.exchange(&code).await, "invalid_grant", INVALID_GRANT);
    assert_token_error(
        &s.exchange("0123456789abcdef0123456789abcdef").await,
        "invalid_grant",
        INVALID_GRANT,
    );
}

#[tokio::test]
async fn pkce() {
    use base64::Engine as _;
    let s = setup().await;
    let verifier = "a-verifier-of-reasonable-length-0123456789";
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref());
    let mut browser = Browser::new(&s.authentik);
    let url = format!(
        "{}&code_challenge={challenge}&code_challenge_method=S256",
        authorize_url(s.client_id(), REDIRECT_URI, "openid", None)
    );
    let location = browser.authorize(&url, "alice", "alice-pw").await.location();
    let code = param(&location, "code").expect("code");
    let exchange = |verifier: Option<&'static str>| {
        let code = code.clone();
        let s = &s;
        async move {
            let mut pairs = vec![
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", REDIRECT_URI),
                ("client_id", s.client_id()),
                ("client_secret", s.secret()),
            ];
            if let Some(v) = verifier {
                pairs.push(("code_verifier", v));
            }
            token_request(&s.authentik, &pairs, None).await
        }
    };
    assert_token_error(&exchange(None).await, "invalid_grant", INVALID_GRANT);
    assert_token_error(&exchange(Some("wrong")).await, "invalid_grant", INVALID_GRANT);
    assert_eq!(exchange(Some(verifier)).await.status, 200);

    // A verifier without a challenge is a downgrade attempt.
    let plain_code = s.code("openid").await;
    let answer = token_request(
        &s.authentik,
        &[
            ("grant_type", "authorization_code"),
            ("code", &plain_code),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", s.client_id()),
            ("client_secret", s.secret()),
            ("code_verifier", verifier),
        ],
        None,
    )
    .await;
    assert_token_error(&answer, "invalid_grant", INVALID_GRANT);
}

#[tokio::test]
async fn scopes_are_cut_to_the_attached_mappings_and_offline_access_brings_a_refresh_token() {
    let mut body = provider_body("offline");
    body["grant_types"] = json!(["authorization_code", "refresh_token"]);
    body["property_mappings"] = json!([SCOPE_OPENID.uuid, SCOPE_EMAIL.uuid, SCOPE_OFFLINE_ACCESS.uuid]);
    let s = setup_with(body).await;
    let code = s.code("openid email profile offline_access unknown").await;
    let body = s.exchange(&code).await.json();
    assert_eq!(body["scope"], "openid email offline_access");
    let refresh = body["refresh_token"].as_str().expect("refresh_token").to_string();
    let refreshed = token_request(
        &s.authentik,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        Some((s.client_id(), s.secret())),
    )
    .await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
    assert!(refreshed.json()["refresh_token"].is_string());
    // Rotated: the old refresh token is revoked.
    let reused = token_request(
        &s.authentik,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
        Some((s.client_id(), s.secret())),
    )
    .await;
    assert_token_error(&reused, "invalid_grant", INVALID_GRANT);
}

#[tokio::test]
async fn a_signing_key_means_rs256_with_the_published_key() {
    let mut body = provider_body("signed");
    body["signing_key"] = json!(fresh_install::SELF_SIGNED_CERTIFICATE_UUID);
    let s = setup_with(body).await;
    let code = s.code("openid").await;
    let tokens = s.exchange(&code).await.json();
    let (header, _) = jwt_parts(tokens["id_token"].as_str().expect("id_token"));
    assert_eq!(header["alg"], "RS256");
    let mut browser = Browser::new(&s.authentik);
    let jwks = browser.get("/application/o/signed/jwks/").await.json();
    assert_eq!(jwks["keys"][0]["kid"], header["kid"]);
    assert_eq!(jwks["keys"][0]["alg"], "RS256");

    // Verify the signature with the published modulus and exponent.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let id_token = tokens["id_token"].as_str().expect("id_token");
    let (signed, signature) = id_token.rsplit_once('.').expect("signature");
    let n = b64.decode(jwks["keys"][0]["n"].as_str().expect("n")).expect("n");
    let e = b64.decode(jwks["keys"][0]["e"].as_str().expect("e")).expect("e");
    let key = aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e };
    key.verify(
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        signed.as_bytes(),
        &b64.decode(signature).expect("signature"),
    )
    .expect("RS256 signature verifies");

    // The entry carries the certificate (`x5c`, standard base64 DER) and its
    // SHA-1 and SHA-256 thumbprints, as authentik's JWKS view publishes them;
    // the certificate is the one the crypto API serves.
    let der = base64::engine::general_purpose::STANDARD
        .decode(jwks["keys"][0]["x5c"][0].as_str().expect("x5c"))
        .expect("x5c is base64");
    let thumbprint = |algorithm| b64.encode(aws_lc_rs::digest::digest(algorithm, &der));
    assert_eq!(
        jwks["keys"][0]["x5t"],
        thumbprint(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY)
    );
    assert_eq!(jwks["keys"][0]["x5t#S256"], thumbprint(&aws_lc_rs::digest::SHA256));
}

#[tokio::test]
async fn hs256_is_keyed_with_the_client_secret() {
    use base64::Engine as _;
    let s = setup().await;
    let code = s.code("openid").await;
    let id_token = s.exchange(&code).await.json()["id_token"]
        .as_str()
        .expect("id_token")
        .to_string();
    let (signed, signature) = id_token.rsplit_once('.').expect("signature");
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, s.secret().as_bytes());
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .expect("b64");
    assert!(aws_lc_rs::hmac::verify(&key, signed.as_bytes(), &signature).is_ok());
}

// ---- userinfo --------------------------------------------------------------

#[tokio::test]
async fn userinfo_answers_the_sso_modules_claims() {
    let s = setup().await;
    let code = s.code("openid email profile").await;
    let token = s.exchange(&code).await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let answer = userinfo(&s.authentik, Some(&token)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.json(),
        json!({
            "sub": "alice",
            "email": "alice@example.com",
            "email_verified": false,
            "name": "Alice Example",
            "given_name": "Alice Example",
            "preferred_username": "alice",
            "nickname": "alice",
            "groups": ["Staff"],
        })
    );
    // The token may also come as a form field or query parameter.
    let mut browser = Browser::new(&s.authentik);
    let posted = browser
        .post_form("/application/o/userinfo/", &[("access_token", &token)])
        .await;
    assert_eq!(posted.status, 200);
    let query = browser
        .get(&format!("/application/o/userinfo/?access_token={token}"))
        .await;
    assert_eq!(query.status, 200);
}

#[tokio::test]
async fn userinfo_refuses_bad_tokens_with_401_and_missing_openid_with_403() {
    let s = setup().await;
    for token in [None, Some("not-a-token")] {
        let answer = userinfo(&s.authentik, token).await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.text, "");
        assert_eq!(
            answer.header("www-authenticate").as_deref(),
            Some("error=\"invalid_token\", error_description=\"The access token provided is expired, revoked, malformed, or invalid for other reasons\"")
        );
    }
    let code = s.code("email profile").await;
    let token = s.exchange(&code).await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let answer = userinfo(&s.authentik, Some(&token)).await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.text, "");
    assert_eq!(
        answer.header("www-authenticate").as_deref(),
        Some("error=\"insufficient_scope\", error_description=\"The request requires higher privileges than provided by the access token\"")
    );

    // An expired token is a bad token.
    let code = s.code("openid").await;
    let token = s.exchange(&code).await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    s.authentik.advance_clock(Duration::from_secs(3601));
    assert_eq!(userinfo(&s.authentik, Some(&token)).await.status, 401);
}

#[tokio::test]
async fn without_the_openid_mapping_openid_is_clipped_and_userinfo_refuses() {
    let mut body = provider_body("no-openid");
    body["property_mappings"] = json!([SCOPE_EMAIL.uuid, SCOPE_PROFILE.uuid]);
    let s = setup_with(body).await;
    let code = s.code("openid email profile").await;
    let tokens = s.exchange(&code).await.json();
    assert_eq!(tokens["scope"], "email profile");
    let token = tokens["access_token"].as_str().expect("token");
    assert_eq!(userinfo(&s.authentik, Some(token)).await.status, 403);
}

#[tokio::test]
async fn sub_follows_sub_mode() {
    let mut body = provider_body("hashed");
    body.as_object_mut().expect("object").remove("sub_mode");
    let s = setup_with(body).await;
    let code = s.code("openid").await;
    let token = s.exchange(&code).await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let sub = userinfo(&s.authentik, Some(&token)).await.json()["sub"]
        .as_str()
        .expect("sub")
        .to_string();
    assert_eq!(sub.len(), 64, "hashed_user_id is a SHA-256 hex digest: {sub}");
}

// ---- discovery ---------------------------------------------------------------

#[tokio::test]
async fn discovery_describes_the_provider() {
    let s = setup().await;
    let mut browser = Browser::new(&s.authentik);
    let config = browser
        .get("/application/o/frappe/.well-known/openid-configuration")
        .await
        .json();
    let base = s.authentik.url();
    assert_eq!(config["issuer"], format!("{base}/application/o/frappe/"));
    assert_eq!(
        config["authorization_endpoint"],
        format!("{base}/application/o/authorize/")
    );
    assert_eq!(config["token_endpoint"], format!("{base}/application/o/token/"));
    assert_eq!(config["userinfo_endpoint"], format!("{base}/application/o/userinfo/"));
    assert_eq!(
        config["token_endpoint_auth_methods_supported"],
        json!(["client_secret_post", "client_secret_basic"])
    );
    assert_eq!(config["code_challenge_methods_supported"], json!(["plain", "S256"]));
    assert_eq!(
        browser
            .get("/application/o/nope/.well-known/openid-configuration")
            .await
            .status,
        404
    );
    // Django's APPEND_SLASH.
    let unslashed = browser.get("/application/o/token").await;
    assert_eq!(unslashed.status, 301);
    assert_eq!(unslashed.location(), "/application/o/token/");
}
