//! The social login flow as Frappe v15 runs it (notes, section 10), over real HTTP against a
//! stub identity provider: the buttons of `/login`, the callback with every failure row, and
//! the sessions it makes.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use base64::Engine;
use frappe_emulator::FrappeVersion;
use reqwest::Method;
use serde_json::{json, Value};
use support::idp::Idp;
use support::{is_hex, resource, Reply, Site};

const CALLBACK: &str = "/api/method/frappe.integrations.oauth2_logins.custom/apx_idp";

/// What the stub provider says about Jane by default.
fn jane() -> Value {
    json!({
        "sub": "u-111",
        "email": "jane@example.com",
        "email_verified": true,
        "given_name": "Jane",
        "family_name": "Doe",
        "picture": "https://idp.example/jane.png"
    })
}

/// A Custom key `apx_idp` pointing at the stub provider (relative URLs under `base_url`).
fn apx_key(idp: &Idp) -> Value {
    json!({
        "provider_name": "Apx Idp",
        "social_login_provider": "Custom",
        "enable_social_login": 1,
        "custom_base_url": 1,
        "base_url": idp.url,
        "authorize_url": "/authorize",
        "access_token_url": "/token",
        "api_endpoint": "/userinfo",
        "redirect_url": CALLBACK,
        "client_id": "apx-client",
        "client_secret": "s3cret",
        "auth_url_data": "{\"response_type\": \"code\", \"scope\": \"openid email\"}"
    })
}

/// A site of `version` with the `apx_idp` key (plus `extra` fields) and its provider.
async fn site_with_key(version: FrappeVersion, extra: Value, userinfo: Value) -> (Site, Idp) {
    let idp = Idp::start(&userinfo).await;
    let site = Site::version(version).await;
    let mut key = apx_key(&idp);
    for (k, v) in extra.as_object().unwrap() {
        key[k] = v.clone();
    }
    let created = site.create("Social Login Key", &key).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.body["data"]["name"], "apx_idp");
    (site, idp)
}

/// Padded standard base64 of the state JSON, as `/login` makes it.
fn state(token: &str, redirect_to: Option<&str>) -> String {
    let json = format!(
        r#"{{"site": "http://x", "token": "{token}", "redirect_to": {}}}"#,
        redirect_to.map_or("null".to_string(), |r| format!("\"{r}\""))
    );
    base64::engine::general_purpose::STANDARD.encode(json)
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn callback(site: &Site, code: &str, state: &str, headers: &[(&str, &str)]) -> Reply {
    let path = format!("{CALLBACK}?code={}&state={}", encode(code), encode(state));
    site.request(Method::GET, &path, None, None, headers).await
}

async fn get_page(site: &Site, path: &str, headers: &[(&str, &str)]) -> Reply {
    site.request(Method::GET, path, None, None, headers).await
}

/// The `Set-Cookie` headers of an answer.
fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// The value a cookie is set to (the first `Set-Cookie` for it).
fn cookie(reply: &Reply, name: &str) -> Option<String> {
    set_cookies(reply).into_iter().find_map(|c| {
        let (pair, _) = c.split_once(';').unwrap_or((&c, ""));
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

fn location(reply: &Reply) -> String {
    reply.headers["location"].to_str().unwrap().to_string()
}

/// `(href, class, text)` of every "Login with" button, in page order.
fn buttons(page: &str) -> Vec<(String, String, String)> {
    page.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, rest) = rest.split_once('"')?;
            let (_, rest) = rest.split_once("class=\"")?;
            let (class, rest) = rest.split_once('"')?;
            let (_, rest) = rest.split_once('>')?;
            let (text, _) = rest.split_once("</a>")?;
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            class
                .contains("btn-login-option")
                .then(|| (href.to_string(), class.to_string(), text))
        })
        .filter(|(href, _, _)| !href.starts_with('#'))
        .collect()
}

/// The query of a URL as ordered pairs.
fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn decoded_state(url: &str) -> String {
    let pairs = query_pairs(url);
    let state = &pairs.iter().find(|(k, _)| k == "state").unwrap().1;
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(state).unwrap()).unwrap()
}

async fn logged_user(site: &Site, sid: &str) -> Reply {
    let cookie = format!("sid={sid}");
    site.request(
        Method::GET,
        "/api/method/frappe.auth.get_logged_user",
        None,
        None,
        &[("Cookie", &cookie)],
    )
    .await
}

// --- /login ---

#[tokio::test]
async fn login_page_has_a_button_per_usable_key_in_name_order() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let base = apx_key(&idp);
    // Not shown: no base_url (even with absolute URLs), disabled, no client id.
    let mut no_base = base.clone();
    no_base["provider_name"] = json!("B No Base");
    no_base["custom_base_url"] = json!(0);
    no_base["base_url"] = json!("");
    no_base["authorize_url"] = json!("https://idp.example/authorize");
    no_base["access_token_url"] = json!("https://idp.example/token");
    assert_eq!(site.create("Social Login Key", &no_base).await.status, 200);
    let mut disabled = base.clone();
    disabled["provider_name"] = json!("C Disabled");
    disabled["enable_social_login"] = json!(0);
    assert_eq!(site.create("Social Login Key", &disabled).await.status, 200);
    // Shown, before apx_idp by name: a preset with its icon, an absolute authorize URL.
    let google = json!({
        "provider_name": "Google",
        "social_login_provider": "Google",
        "enable_social_login": 1,
        "base_url": "https://www.googleapis.com",
        "authorize_url": "https://accounts.google.com/o/oauth2/auth",
        "access_token_url": "https://accounts.google.com/o/oauth2/token",
        "redirect_url": "/api/method/frappe.integrations.oauth2_logins.login_via_google",
        "client_id": "g-client",
        "client_secret": "g-secret"
    });
    let created = site.create("Social Login Key", &google).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.body["data"]["name"], "google");
    // provider_name literally "Custom": its icon is icon HTML; any other name gets an <img>.
    let mut custom = base.clone();
    custom["provider_name"] = json!("Custom");
    custom["icon"] = json!("fa fa-key");
    assert_eq!(site.create("Social Login Key", &custom).await.status, 200);
    let mut other = base.clone();
    other["provider_name"] = json!("Aa Other");
    other["icon"] = json!("fa fa-key");
    assert_eq!(site.create("Social Login Key", &other).await.status, 200);

    let page = get_page(&site, "/login", &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let found = buttons(&page.text);
    let names: Vec<&str> = found
        .iter()
        .map(|(_, class, _)| class.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(
        names,
        ["btn-aa_other", "btn-apx_idp", "btn-custom", "btn-google"],
        "{}",
        page.text
    );
    let (href, class, text) = &found[1];
    assert_eq!(class, "btn btn-block btn-default btn-sm btn-login-option btn-apx_idp");
    assert_eq!(text, "Login with Apx Idp");
    assert!(href.starts_with(&format!("{}/authorize?", idp.url)), "{href}");
    let keys: Vec<String> = query_pairs(href).into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["redirect_uri", "state", "response_type", "scope", "client_id"]);
    let pairs = query_pairs(href);
    assert_eq!(pairs[0].1, format!("{}{CALLBACK}", site.emulator.url()));
    assert_eq!(pairs[2].1, "code");
    assert_eq!(pairs[3].1, "openid email");
    assert_eq!(pairs[4].1, "apx-client");
    // The scope's space is a "+" (urlencode), the callback URL fully percent-encoded.
    assert!(href.contains("&scope=openid+email&client_id=apx-client"), "{href}");
    assert!(href.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"), "{href}");
    assert_eq!(found[0].2, "<img src='fa fa-key' alt='Aa Other'> Login with Aa Other");
    assert_eq!(found[2].2, "<i class='fa fa-key'></i> Login with Custom");
    // Presets get the icon set_icon() stored.
    assert_eq!(
        found[3].2,
        "<img src='/assets/frappe/icons/social/google.svg' alt='Google'> Login with Google"
    );
    assert!(found[3]
        .0
        .starts_with("https://accounts.google.com/o/oauth2/auth?redirect_uri="));
    assert!(found[3].0.ends_with("&client_id=g-client"));
    // v15 turns login with e-mail link on by default: its button follows.
    assert!(page.text.contains("btn-login-with-email-link"));
    // The password form is there (password login allowed).
    assert!(page.text.contains("id=\"login_password\""));
}

#[tokio::test]
async fn login_state_is_padded_base64_of_json_with_a_fresh_token() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let url = site.emulator.url();
    let first = buttons(&get_page(&site, "/login", &[]).await.text)[0].0.clone();
    let state = decoded_state(&first);
    let prefix = format!(r#"{{"site": "{url}", "token": ""#);
    assert!(state.starts_with(&prefix), "{state}");
    assert!(state.ends_with(r#"", "redirect_to": null}"#), "{state}");
    let token = &state[prefix.len()..prefix.len() + 56];
    assert!(is_hex(token, 56), "{state}");
    let raw_state = query_pairs(&first).into_iter().find(|(k, _)| k == "state").unwrap().1;
    assert_eq!(raw_state.len() % 4, 0, "padded: {raw_state}");
    // A new token per page.
    let second = buttons(&get_page(&site, "/login", &[]).await.text)[0].0.clone();
    assert_ne!(decoded_state(&second), state);

    // redirect-to: a path is kept, a URL only when it names the request's host.
    let page = get_page(&site, "/login?redirect-to=%2Fapp%2Ftodo", &[]).await;
    assert!(decoded_state(&buttons(&page.text)[0].0).ends_with(r#""redirect_to": "/app/todo"}"#));
    let page = get_page(&site, "/login?redirect-to=https%3A%2F%2Fevil.example%2Fx", &[]).await;
    assert!(decoded_state(&buttons(&page.text)[0].0).ends_with(r#""redirect_to": null}"#));
    let own = format!("{url}/app/user");
    let page = get_page(&site, &format!("/login?redirect-to={}", encode(&own)), &[]).await;
    assert!(decoded_state(&buttons(&page.text)[0].0).ends_with(&format!(r#""redirect_to": "{own}"}}"#)));

    // Behind a TLS proxy the site URL (state and redirect_uri) is https.
    let page = get_page(&site, "/login", &[("X-Forwarded-Proto", "https")]).await;
    let href = buttons(&page.text)[0].0.clone();
    let https = url.replacen("http://", "https://", 1);
    assert!(decoded_state(&href).starts_with(&format!(r#"{{"site": "{https}""#)));
    assert_eq!(query_pairs(&href)[0].1, format!("{https}{CALLBACK}"));
}

#[tokio::test]
async fn login_page_follows_the_settings() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    // Website Settings disable_signup is 1 on a new site: no sign-up link.
    let page = get_page(&site, "/login", &[]).await;
    assert!(!page.text.contains("sign-up-message"));
    let reply = site
        .put("Website Settings", "Website Settings", &json!({"disable_signup": 0}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(get_page(&site, "/login", &[]).await.text.contains("sign-up-message"));
    // Without password login: no inputs, no Login button, the social buttons stay.
    let reply = site
        .put(
            "System Settings",
            "System Settings",
            &json!({"disable_user_pass_login": 1}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let page = get_page(&site, "/login", &[]).await;
    assert!(!page.text.contains("login_password"));
    assert!(!page.text.contains("btn-login\""));
    assert!(!page.text.contains("sign-up-message"));
    assert_eq!(buttons(&page.text).len(), 1);
}

#[tokio::test]
async fn v14_buttons_say_login_with_in_title_case() {
    let (site, _idp) = site_with_key(FrappeVersion::V14, json!({}), jane()).await;
    let page = get_page(&site, "/login", &[]).await;
    assert_eq!(buttons(&page.text)[0].2, "Login With Apx Idp");
}

// --- the callback: success ---

#[tokio::test]
async fn callback_signs_up_a_website_user_and_logs_them_in() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let url = site.emulator.url();
    let reply = callback(&site, "code-1", &state("a".repeat(56).as_str(), None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), format!("{url}/me"));

    // The token request: a form POST with the credentials in the body, no Authorization.
    let seen = idp.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("POST", "/token"));
    let redirect_uri = encode(&format!("{url}{CALLBACK}"));
    assert_eq!(
        seen[0].body,
        format!("code=code-1&redirect_uri={redirect_uri}&grant_type=authorization_code&client_id=apx-client&client_secret=s3cret")
    );
    assert_eq!(seen[0].headers["content-type"], "application/x-www-form-urlencoded");
    assert!(seen[0].headers.get("authorization").is_none());
    assert!(seen[0].headers["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("python-requests/"));
    // The userinfo request: GET with the bearer token.
    assert_eq!((seen[1].method.as_str(), seen[1].path.as_str()), ("GET", "/userinfo"));
    assert_eq!(seen[1].headers["authorization"], "Bearer at-1");
    assert_eq!(seen[1].query, None);

    // Session cookies.
    let cookies = set_cookies(&reply);
    let sid = cookie(&reply, "sid").unwrap();
    assert!(is_hex(&sid, 56), "{cookies:?}");
    let sid_cookie = cookies.iter().find(|c| c.starts_with("sid=")).unwrap();
    assert!(
        sid_cookie.contains("; Max-Age=612000; HttpOnly; Path=/; SameSite=Lax"),
        "{sid_cookie}"
    );
    assert_eq!(cookie(&reply, "system_user").as_deref(), Some("no"));
    assert_eq!(cookie(&reply, "full_name").as_deref(), Some("Jane%20Doe"));
    assert_eq!(cookie(&reply, "user_id").as_deref(), Some("jane%40example.com"));
    assert_eq!(
        cookie(&reply, "user_image").as_deref(),
        Some("https%3A//idp.example/jane.png")
    );
    let me = logged_user(&site, &sid).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["message"], "jane@example.com");

    // The new user.
    let user = site.get("User", "jane@example.com").await;
    let data = user.data();
    assert_eq!(data["user_type"], "Website User");
    assert_eq!(data["owner"], "Guest");
    assert_eq!(data["first_name"], "Jane");
    assert_eq!(data["last_name"], "Doe");
    assert_eq!(data["enabled"], 1);
    assert_eq!(data["user_image"], "https://idp.example/jane.png");
    assert_eq!(data["roles"], json!([]));
    let rows = data["social_logins"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0]["provider"].as_str(), rows[0]["userid"].as_str()),
        (Some("apx_idp"), Some("u-111"))
    );
    assert_eq!(rows[0]["idx"], 1);
    assert_eq!(rows[1]["provider"], "frappe");
    assert!(is_hex(rows[1]["userid"].as_str().unwrap(), 39));
    assert_eq!(rows[1]["idx"], 2);
    // The state's redirect_to is followed verbatim, even to another host.
    let reply = callback(&site, "code-2", &state("b1", Some("https://elsewhere.example/x")), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), "https://elsewhere.example/x");
}

#[tokio::test]
async fn callback_finds_users_by_email_and_never_updates_their_rows() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let url = site.emulator.url();
    let created = site
        .create(
            "User",
            &json!({"email": "jane@example.com", "first_name": "Jane", "send_welcome_email": 0,
                    "roles": [{"role": "System Manager"}]}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    // The provider spells the address differently: MariaDB finds the user anyway, and the
    // session belongs to the address as the provider spelled it.
    let mut info = jane();
    info["email"] = json!("Jane@Example.COM");
    idp.reply("/userinfo", 200, &info.to_string());
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    // A System User lands on the site root (no default app route on plain Frappe).
    assert_eq!(location(&reply), url);
    assert_eq!(cookie(&reply, "system_user").as_deref(), Some("yes"));
    let sid = cookie(&reply, "sid").unwrap();
    assert_eq!(logged_user(&site, &sid).await.body["message"], "Jane@Example.COM");

    // A second login with another subject keeps the first row.
    info["sub"] = json!("u-222");
    idp.reply("/userinfo", 200, &info.to_string());
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    let user = site.get("User", "jane@example.com").await;
    let rows: Vec<(Value, Value)> = user.data()["social_logins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["provider"].clone(), r["userid"].clone()))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1], (json!("apx_idp"), json!("u-111")));
    // Sign-ups do not matter for existing users (disable_signup is 1 on a new site).
    assert_eq!(user.data()["user_type"], "System User");
}

#[tokio::test]
async fn callback_ignores_enable_social_login_and_uses_the_user_id_property() {
    let mut info = jane();
    info["oid"] = json!("object-7");
    let (site, _idp) = site_with_key(
        FrappeVersion::V15,
        json!({"sign_ups": "Allow", "enable_social_login": 0, "user_id_property": "oid"}),
        info,
    )
    .await;
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    let user = site.get("User", "jane@example.com").await;
    assert_eq!(user.data()["social_logins"][0]["userid"], "object-7");
}

#[tokio::test]
async fn callback_gives_new_users_the_portal_default_role() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let url = site.emulator.url();
    let role = site
        .create("Role", &json!({"role_name": "Customer", "desk_access": 0}))
        .await;
    assert_eq!(role.status, 200, "{}", role.text);
    let reply = site
        .put(
            "Portal Settings",
            "Portal Settings",
            &json!({"default_role": "Customer"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), format!("{url}/me"));
    let user = site.get("User", "jane@example.com").await;
    assert_eq!(user.data()["roles"][0]["role"], "Customer");
    assert_eq!(user.data()["user_type"], "Website User");

    // A desk role makes a System User.
    let reply = site
        .put(
            "Portal Settings",
            "Portal Settings",
            &json!({"default_role": "Blogger"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let mut info = jane();
    info["email"] = json!("joe@example.com");
    _idp.reply("/userinfo", 200, &info.to_string());
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), url);
    let user = site.get("User", "joe@example.com").await;
    assert_eq!(user.data()["user_type"], "System User");
}

#[tokio::test]
async fn relative_userinfo_urls_are_joined_like_urljoin() {
    let idp = Idp::start(&jane()).await;
    idp.reply("/oidc/userinfo", 200, &jane().to_string());
    idp.reply("/v1/me", 200, &jane().to_string());
    let site = Site::start().await;
    let mut key = apx_key(&idp);
    key["sign_ups"] = json!("Allow");
    key["custom_base_url"] = json!(0);
    key["base_url"] = json!(format!("{}/oidc/", idp.url));
    key["authorize_url"] = json!(format!("{}/authorize", idp.url));
    key["access_token_url"] = json!(format!("{}/token", idp.url));
    key["api_endpoint"] = json!("userinfo");
    key["api_endpoint_args"] = json!("{\"fields\": \"email,name\"}");
    assert_eq!(site.create("Social Login Key", &key).await.status, 200);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    // A leading "/" discards base_url's path.
    let reply = site
        .put("Social Login Key", "apx_idp", &json!({"api_endpoint": "/v1/me"}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    let seen = idp.seen();
    let gets: Vec<(String, Option<String>)> = seen
        .iter()
        .filter(|s| s.method == "GET")
        .map(|s| (s.path.clone(), s.query.clone()))
        .collect();
    let args = Some("fields=email%2Cname".to_string());
    assert_eq!(
        gets,
        [
            ("/oidc/userinfo".to_string(), args.clone()),
            ("/v1/me".to_string(), args)
        ]
    );
}

#[tokio::test]
async fn v14_sends_desk_users_to_app_and_decides_sign_ups_by_website_settings() {
    let (site, idp) = site_with_key(FrappeVersion::V14, json!({}), jane()).await;
    let url = site.emulator.url();
    // disable_signup is 1 on a new site.
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert!(reply.text.contains("Signup is Disabled"));
    let reply = site
        .put("Website Settings", "Website Settings", &json!({"disable_signup": 0}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), format!("{url}/me"));
    // A desk user goes to /app.
    let created = site
        .create(
            "User",
            &json!({"email": "desk@example.com", "first_name": "D", "send_welcome_email": 0,
                    "roles": [{"role": "Blogger"}]}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let mut info = jane();
    info["email"] = json!("desk@example.com");
    idp.reply("/userinfo", 200, &info.to_string());
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert_eq!(location(&reply), format!("{url}/app"));
}

// --- the callback: every failure row ---

#[tokio::test]
async fn callback_paths_without_four_segments_or_a_known_key_do_nothing() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let query = format!("?code=c&state={}", encode(&state("t", None)));
    for path in [
        "/api/method/frappe.integrations.oauth2_logins.custom",
        "/api/method/frappe.integrations.oauth2_logins.custom/",
        "/api/method/frappe.integrations.oauth2_logins.custom/nobody",
        "/api/method/frappe.integrations.oauth2_logins.custom/apx_idp/extra",
    ] {
        let reply = site
            .request(Method::GET, &format!("{path}{query}"), None, None, &[])
            .await;
        assert_eq!((reply.status, reply.text.as_str()), (200, "{}"), "{path}");
    }
    assert!(idp.seen().is_empty());
    assert!(site.emulator.document_of("User", "jane@example.com").is_none());
}

#[tokio::test]
async fn callback_without_code_is_a_type_error() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let reply = site
        .request(
            Method::GET,
            &format!("{CALLBACK}?error=access_denied&state=x"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "TypeError");
    assert!(reply.body["exception"]
        .as_str()
        .unwrap()
        .ends_with("custom() missing 1 required positional argument: 'code'"));
    assert!(idp.seen().is_empty());
    // Failures set the Guest cookies.
    assert_eq!(cookie(&reply, "sid").as_deref(), Some("Guest"));
    assert_eq!(cookie(&reply, "system_user").as_deref(), Some("no"));
    assert_eq!(cookie(&reply, "full_name").as_deref(), Some("Guest"));
    assert_eq!(cookie(&reply, "user_id").as_deref(), Some("Guest"));
}

#[tokio::test]
async fn bad_states_fail_after_the_provider_was_called() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    for (state, exc_type, exception) in [
        ("not-base64!", "Error", "binascii.Error: Incorrect padding"),
        (
            b64("plain text").as_str(),
            "JSONDecodeError",
            "Expecting value: line 1 column 1 (char 0)",
        ),
        (b64(r#"{"site": "x"}"#).as_str(), "KeyError", "KeyError: 'token'"),
    ]
    .map(|(s, e, x)| (s.to_string(), e, x))
    {
        let reply = callback(&site, "c", &state, &[]).await;
        assert_eq!(reply.status, 500, "{state}: {}", reply.text);
        assert_eq!(reply.body["exc_type"], exc_type, "{state}");
        assert!(
            reply.body["exception"].as_str().unwrap().contains(exception),
            "{}",
            reply.body["exception"]
        );
    }
    // The provider was called each time (token and userinfo).
    assert_eq!(idp.seen().len(), 6);
    assert!(site.emulator.document_of("User", "jane@example.com").is_none());
}

#[tokio::test]
async fn an_empty_state_token_is_a_417_page() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let reply = callback(&site, "c", &state("", None), &[]).await;
    assert_eq!(reply.status, 417, "{}", reply.text);
    assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(reply.text.contains("<title>Invalid Request</title>"), "{}", reply.text);
    assert!(reply.text.contains("Token is missing"));
    assert!(site.emulator.document_of("User", "jane@example.com").is_none());
}

#[tokio::test]
async fn token_endpoint_errors_are_decoder_key_errors() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    idp.reply("/token", 400, r#"{"error":"invalid_grant"}"#);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "KeyError");
    let exception = reply.body["exception"].as_str().unwrap();
    assert!(
        exception.contains(
            "Decoder failed to handle access_token with data as returned by provider. A different decoder may be needed. Provider returned: b\\'{\"error\":\"invalid_grant\"}\\''"
        ),
        "{exception}"
    );
    // Only the token request was made.
    assert_eq!(idp.seen().len(), 1);
}

#[tokio::test]
async fn bodies_that_are_not_json_are_decode_errors() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    idp.reply("/token", 200, "access_token=at-1&token_type=bearer");
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "JSONDecodeError");
    idp.reply("/token", 200, r#"{"access_token": "at-1"}"#);
    idp.reply("/userinfo", 200, "<html>oops</html>");
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "JSONDecodeError");
}

#[tokio::test]
async fn userinfo_without_email_is_email_not_verified() {
    let (site, idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    idp.reply("/userinfo", 401, r#"{"error": "invalid_token"}"#);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 417, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "ValidationError");
    assert_eq!(support::first_message(&reply.body), "Email not verified with Apx_Idp");
    // email_verified false with an address passes the check.
    idp.reply(
        "/userinfo",
        200,
        r#"{"sub": "u-1", "email": "v@example.com", "email_verified": false, "name": "V"}"#,
    );
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    // Only email_verified, no address: a 200 page.
    idp.reply("/userinfo", 200, r#"{"sub": "u-2", "email_verified": true}"#);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.text.contains("<title>Invalid Request</title>"));
    assert!(reply
        .text
        .contains("Please ensure that your profile has an email address"));
    // upn is the next claim tried.
    idp.reply(
        "/userinfo",
        200,
        r#"{"sub": "u-3", "email_verified": true, "upn": "upn@example.com", "given_name": "U"}"#,
    );
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 302, "{}", reply.text);
    assert!(site.emulator.document_of("User", "upn@example.com").is_some());
    // A new user needs a first name (first_name, given_name or name): Frappe's insert fails.
    idp.reply("/userinfo", 200, r#"{"sub": "u-4", "email": "anon@example.com"}"#);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 417, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "MandatoryError");
    assert!(site.emulator.document_of("User", "anon@example.com").is_none());
}

#[tokio::test]
async fn a_missing_user_id_claim_is_a_key_error() {
    let (site, _idp) = site_with_key(
        FrappeVersion::V15,
        json!({"sign_ups": "Allow", "user_id_property": "oid"}),
        jane(),
    )
    .await;
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "KeyError");
    assert!(reply.body["exception"].as_str().unwrap().ends_with("KeyError: 'oid'"));
}

#[tokio::test]
async fn sign_ups_are_decided_by_the_key_then_website_settings() {
    // Empty sign_ups: Website Settings disable_signup (1 on a new site) refuses.
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert!(reply.text.contains("<title>Signup is Disabled</title>"));
    assert!(reply.text.contains("Sorry. Signup from Website is disabled."));
    assert_eq!(cookie(&reply, "sid").as_deref(), Some("Guest"));
    // Deny wins over Website Settings allowing sign-ups.
    let reply = site
        .put("Website Settings", "Website Settings", &json!({"disable_signup": 0}))
        .await;
    assert_eq!(reply.status, 200);
    let reply = site
        .put("Social Login Key", "apx_idp", &json!({"sign_ups": "Deny"}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(callback(&site, "c", &state("t", None), &[]).await.status, 403);
    // Empty again: Website Settings now allow it.
    let reply = site.put("Social Login Key", "apx_idp", &json!({"sign_ups": ""})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(callback(&site, "c", &state("t", None), &[]).await.status, 302);
}

#[tokio::test]
async fn disabled_users_get_a_not_allowed_page() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    let created = site
        .create(
            "User",
            &json!({"email": "jane@example.com", "first_name": "Jane", "send_welcome_email": 0, "enabled": 0}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let reply = callback(&site, "c", &state("t", None), &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.text.contains("<title>Not Allowed</title>"));
    assert!(reply.text.contains("User jane@example.com is disabled"));
    assert_eq!(cookie(&reply, "sid").as_deref(), Some("Guest"));
}

#[tokio::test]
async fn browsers_get_html_error_pages_from_the_callback() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({"sign_ups": "Allow"}), jane()).await;
    let reply = callback(
        &site,
        "c",
        "not-base64!",
        &[("Accept", "text/html,application/xhtml+xml")],
    )
    .await;
    assert_eq!(reply.status, 500, "{}", reply.text);
    assert!(reply.headers["content-type"].to_str().unwrap().starts_with("text/html"));
}

// --- sessions ---

#[tokio::test]
async fn password_login_logout_and_the_session_user() {
    let site = Site::start().await;
    site.emulator.add_user("max@example.com", &["Blogger"]);
    site.emulator.set_password("max@example.com", "Secret-123").unwrap();
    let login = |usr: &str, pwd: &str| {
        let body = json!({"usr": usr, "pwd": pwd});
        let site = &site;
        async move {
            site.request(Method::POST, "/api/method/login", None, Some(&body), &[])
                .await
        }
    };
    let reply = login("max@example.com", "wrong").await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_eq!(reply.body["message"], "Invalid login credentials");
    assert_eq!(reply.body["exc_type"], "AuthenticationError");
    let reply = login("nobody@example.com", "x").await;
    assert_eq!(
        (reply.status, reply.body["message"].as_str()),
        (401, Some("Invalid login credentials"))
    );
    let reply = site
        .request(
            Method::POST,
            "/api/method/login",
            None,
            Some(&json!({"usr": "max@example.com"})),
            &[],
        )
        .await;
    assert_eq!(
        (reply.status, reply.body["message"].as_str()),
        (401, Some("Incomplete login details"))
    );

    let reply = login("max@example.com", "Secret-123").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["message"], "Logged In");
    assert_eq!(reply.body["home_page"], "/app");
    let sid = cookie(&reply, "sid").unwrap();
    assert!(is_hex(&sid, 56));
    assert_eq!(logged_user(&site, &sid).await.body["message"], "max@example.com");

    // Guest may not call get_logged_user.
    let reply = site
        .request(Method::GET, "/api/method/frappe.auth.get_logged_user", None, None, &[])
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text);

    let cookie_header = format!("sid={sid}");
    let reply = site
        .request(
            Method::POST,
            "/api/method/logout",
            None,
            None,
            &[("Cookie", &cookie_header)],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // The ended session is unknown now: the request runs as Guest, marked expired.
    let reply = logged_user(&site, &sid).await;
    assert_eq!(reply.status, 403, "{}", reply.text);
    assert_eq!(reply.body["session_expired"], 1);

    // Deleting the user ends their sessions (Administrator may log in with a password too).
    let reply = login("max@example.com", "Secret-123").await;
    let sid = cookie(&reply, "sid").unwrap();
    assert_eq!(site.emulator.active_sessions("max@example.com"), 1);
    assert_eq!(site.delete("User", "max@example.com").await.status, 202);
    assert_eq!(site.emulator.active_sessions("max@example.com"), 0);
    assert_eq!(logged_user(&site, &sid).await.status, 403);
}

#[tokio::test]
async fn disabled_users_cannot_log_in_with_a_password() {
    let site = Site::start().await;
    let created = site
        .create(
            "User",
            &json!({"email": "off@example.com", "first_name": "Off", "send_welcome_email": 0, "enabled": 0}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    site.emulator.set_password("off@example.com", "Secret-123").unwrap();
    let reply = site
        .request(
            Method::POST,
            "/api/method/login",
            None,
            Some(&json!({"usr": "off@example.com", "pwd": "Secret-123"})),
            &[],
        )
        .await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_eq!(reply.body["message"], "User disabled or missing");
}

#[tokio::test]
async fn disabling_password_login_refuses_everyone_but_keeps_api_keys() {
    let (site, _idp) = site_with_key(FrappeVersion::V15, json!({}), jane()).await;
    site.emulator.set_password("Administrator", "admin-pass").unwrap();
    let reply = site
        .put(
            "System Settings",
            "System Settings",
            &json!({"disable_user_pass_login": 1}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = site
        .request(
            Method::POST,
            "/api/method/login",
            None,
            Some(&json!({"usr": "Administrator", "pwd": "admin-pass"})),
            &[],
        )
        .await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_eq!(reply.body["exc_type"], "AuthenticationError");
    assert_eq!(
        support::first_message(&reply.body),
        "Login with username and password is not allowed."
    );
    // Token authentication keeps working.
    let reply = site.get("System Settings", "System Settings").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.data()["disable_user_pass_login"], 1);
    let reply = site.admin(Method::GET, &resource("ToDo", None), None).await;
    assert_eq!(reply.status, 200);
}
