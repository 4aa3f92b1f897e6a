//! `GET /api/method/frappe.integrations.oauth2_logins.custom/<key>?code=…&state=…`: the
//! identity provider's redirect back to the site, as `frappe/utils/oauth.py` handles it.
//!
//! In Frappe's order: the path must have exactly four segments naming an existing key (else
//! `{}`); the key's secret and every key's JSON fields are loaded; the code is exchanged for a
//! token (form POST with the credentials in the body); the userinfo endpoint is read with the
//! bearer token; the e-mail is checked; the state is decoded (only a truthy `token` is
//! needed); the user is found by e-mail or created (sign-up rules), gets a social login row,
//! and is logged in; the answer is a 302 with the session cookies. `enable_social_login` is
//! not checked. The identity provider is called without holding the site lock.

use serde_json::{Map, Value};

use super::idp::{self, IdpError};
use super::{get_url, login_page::load_json_fields, message_page, site_url, url_join};
use crate::auth::{python_b64decode, Base64Failure};
use crate::body::{apply_body, BodyPurpose};
use crate::context::{Answer, Context};
use crate::document::{load, Document};
use crate::errors::{
    not_emulated, random_hash, ExceptionClass, Failure, FrappeError, HttpReply, ATTRIBUTE_ERROR, AUTHENTICATION_ERROR,
    KEY_ERROR, TYPE_ERROR, VALIDATION_ERROR, VALUE_ERROR,
};
use crate::lifecycle::{self, new_document};
use crate::list_query::json_decode_error;
use crate::python::{cint, cstr, py_str, repr_bytes, repr_str, title, truthy, type_name};
use crate::routes::{self, ApiRequest, Finish};
use crate::sessions::user_cookies;
use crate::site::Site;
use crate::store::row_name;
use crate::users::{social_login_row, USER};

const SOCIAL_LOGIN_KEY: &str = "Social Login Key";
const METHOD: &str = "custom";

/// `binascii.Error`.
const BINASCII_ERROR: ExceptionClass = ExceptionClass {
    name: "Error",
    module: "binascii",
    status: 500,
};

/// `requests.exceptions.JSONDecodeError` (what `Response.json()` raises).
const REQUESTS_JSON_DECODE_ERROR: ExceptionClass = ExceptionClass {
    name: "JSONDecodeError",
    module: "requests.exceptions",
    status: 500,
};

const STOP_ITERATION: ExceptionClass = ExceptionClass {
    name: "StopIteration",
    module: "builtins",
    status: 500,
};

/// A callback waiting for the identity provider.
#[derive(Debug)]
pub(crate) struct Pending {
    /// The key name as the path spells it.
    provider: String,
    token_url: String,
    redirect_uri: String,
    client_id: Option<String>,
    client_secret: String,
    base_url: Option<String>,
    api_endpoint: Value,
    api_endpoint_args: Option<Value>,
    user_id_property: String,
    sign_ups: String,
    code: Value,
    state: Value,
    /// The session user of the request (Guest unless a session cookie was sent).
    session_user: String,
    /// The messages and cookies of the request so far.
    pub(crate) finish: Finish,
}

/// A missing positional argument of `custom(code, state)`.
fn missing_arguments(form: &Map<String, Value>) -> Option<Failure> {
    let missing: Vec<&str> = ["code", "state"]
        .into_iter()
        .filter(|p| !form.contains_key(*p))
        .collect();
    let text = match missing.as_slice() {
        [] => return None,
        [one] => format!("{METHOD}() missing 1 required positional argument: '{one}'"),
        _ => format!("{METHOD}() missing 2 required positional arguments: 'code' and 'state'"),
    };
    Some(FrappeError::raise(TYPE_ERROR, text).into())
}

/// The synchronous part: arguments, path, key, credentials and URLs.
pub(crate) fn prepare(ctx: &mut Context, request: &ApiRequest, form: &Map<String, Value>) -> Result<Answer, Failure> {
    if let Some(failure) = missing_arguments(form) {
        return Err(failure);
    }
    let relative = request.path.strip_prefix('/').unwrap_or(&request.path);
    let parts: Vec<&str> = relative.split('/').collect();
    let nothing = || Ok(Answer::with_keys(Map::new()));
    let [_, _, _, provider] = parts.as_slice() else {
        return nothing();
    };
    if provider.is_empty() {
        return nothing();
    }
    let provider = (*provider).to_string();
    let store = &ctx.state.store;
    let Some(row) = store.find(SOCIAL_LOGIN_KEY, &provider).cloned() else {
        return nothing();
    };
    let text = |key: &str| row.get(key).filter(|v| !v.is_null()).map(cstr);
    let client_secret = store
        .secret(SOCIAL_LOGIN_KEY, &provider, "client_secret")
        .map(str::to_string)
        .ok_or_else(|| {
            Failure::from(FrappeError::throw(
                AUTHENTICATION_ERROR,
                format!("Password not found for {SOCIAL_LOGIN_KEY} {provider} client_secret"),
            ))
        })?;
    // get_oauth2_providers(): every key's JSON fields, then the entry of this name.
    let rows = store.rows(SOCIAL_LOGIN_KEY);
    let json_fields = load_json_fields(&rows)?;
    if row_name(&row) != provider {
        return Err(FrappeError::raise(KEY_ERROR, repr_str(&provider)).into());
    }
    let profile = ctx.profile();
    let base_url = text("base_url");
    let concat = |suffix: Option<String>| -> Result<String, Failure> {
        match (&base_url, suffix) {
            (Some(base), Some(suffix)) => Ok(format!("{base}{suffix}")),
            _ => Err(FrappeError::raise(TYPE_ERROR, "unsupported operand type(s) for +: 'NoneType' and 'str'").into()),
        }
    };
    let token_url = if cint(row.get("custom_base_url").unwrap_or(&Value::Null)) != 0 {
        concat(text("access_token_url"))?
    } else {
        text("access_token_url").unwrap_or_default()
    };
    let mut api_endpoint = row.get("api_endpoint").cloned().unwrap_or(Value::Null);
    if profile.keycloak_endpoint_prefix && provider == "keycloak" {
        api_endpoint = Value::from(concat(text("api_endpoint"))?);
    }
    let redirect_uri = get_url(request, &text("redirect_url").unwrap_or_default())
        .ok_or_else(|| not_emulated("a redirect URL Python's urljoin would join differently"))?;
    let api_endpoint_args = json_fields
        .into_iter()
        .find(|key| key.name == provider)
        .and_then(|key| key.api_endpoint_args);
    let pending = Pending {
        provider,
        token_url,
        redirect_uri,
        client_id: text("client_id"),
        client_secret,
        base_url,
        api_endpoint,
        api_endpoint_args,
        user_id_property: text("user_id_property")
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "sub".into()),
        sign_ups: text("sign_ups").unwrap_or_default(),
        code: form.get("code").cloned().unwrap_or(Value::Null),
        state: form.get("state").cloned().unwrap_or(Value::Null),
        session_user: ctx.user.clone(),
        finish: Finish {
            log: Vec::new(),
            cookies: Default::default(),
            session_expired: false,
            response_exc_type: None,
        },
    };
    Ok(Answer {
        pending_oauth: Some(Box::new(pending)),
        ..Answer::default()
    })
}

/// The asynchronous part, then the synchronous completion and the answer.
pub(crate) async fn finish(site: &Site, request: &ApiRequest, mut pending: Pending) -> HttpReply {
    let info = fetch_info(&pending).await;
    let profile = site.version.profile();
    let mut state = site.lock();
    let mut finish = std::mem::replace(
        &mut pending.finish,
        Finish {
            log: Vec::new(),
            cookies: Default::default(),
            session_expired: false,
            response_exc_type: None,
        },
    );
    let outcome = match info {
        Ok(info) => {
            let mut ctx = Context::new(site, &mut state, &pending.session_user);
            ctx.cookies = std::mem::take(&mut finish.cookies);
            let outcome = complete(&mut ctx, request, &pending, info);
            finish.log.append(&mut ctx.log);
            finish.cookies = std::mem::take(&mut ctx.cookies);
            outcome
        }
        Err(failure) => Err(failure),
    };
    let tracebacks = state.single_flag("System Settings", "allow_error_traceback");
    routes::reply(profile, request, tracebacks, outcome, finish)
}

fn idp_failure(error: IdpError) -> Failure {
    not_emulated(format!("{error} (the exception requests raises is not emulated)"))
}

/// `obj[key]` on a decoded JSON value that is not a dict.
fn not_subscriptable(value: &Value) -> Failure {
    let text = match value {
        Value::Array(_) => "list indices must be integers or slices, not str".to_string(),
        Value::String(_) => "string indices must be integers, not 'str'".to_string(),
        other => format!("'{}' object is not subscriptable", type_name(other)),
    };
    FrappeError::raise(TYPE_ERROR, text).into()
}

/// `json.loads(bytes.decode("utf-8"))` (rauth's `decoder_compat`).
fn json_body(body: &[u8], class: ExceptionClass) -> Result<Value, Failure> {
    let text = std::str::from_utf8(body).map_err(|_| not_emulated("an identity provider answer that is not UTF-8"))?;
    serde_json::from_str(text).map_err(|e| {
        let mut error = json_decode_error(text, &e);
        error.class = class;
        error.into()
    })
}

/// `requests` query parameters from a decoded dict (lists repeat the key, None is left out).
fn query_pairs(args: Option<&Value>) -> Result<Vec<(String, String)>, Failure> {
    let mut pairs = Vec::new();
    match args {
        None => {}
        Some(Value::Object(map)) => {
            for (key, value) in map {
                match value {
                    Value::Null => {}
                    Value::Array(items) => {
                        pairs.extend(items.iter().filter(|v| !v.is_null()).map(|v| (key.clone(), py_str(v))))
                    }
                    other => pairs.push((key.clone(), py_str(other))),
                }
            }
        }
        Some(_) => return Err(not_emulated("api_endpoint_args that are not a JSON object")),
    }
    Ok(pairs)
}

/// `OAuth2Session._set_url`: absolute URLs as they are, others joined to `base_url`.
fn resolve(base_url: Option<&str>, endpoint: &Value) -> Result<String, Failure> {
    match (endpoint, base_url) {
        (Value::String(url), _) if url.starts_with("http://") || url.starts_with("https://") => Ok(url.clone()),
        (_, None) => Err(not_emulated(
            "a relative userinfo URL without base_url (requests refuses it)",
        )),
        (Value::String(url), Some(base)) => {
            url_join(base, url).ok_or_else(|| not_emulated("a userinfo URL Python's urljoin would join differently"))
        }
        (other, Some(_)) => Err(FrappeError::raise(
            ATTRIBUTE_ERROR,
            format!("'{}' object has no attribute 'startswith'", type_name(other)),
        )
        .into()),
    }
}

/// `get_info_via_oauth()`: the token exchange and the userinfo request.
async fn fetch_info(pending: &Pending) -> Result<Map<String, Value>, Failure> {
    if !(pending.token_url.starts_with("http://") || pending.token_url.starts_with("https://")) {
        return Err(not_emulated("a token URL that is not absolute (requests refuses it)"));
    }
    let mut form = vec![
        ("code".to_string(), py_str(&pending.code)),
        ("redirect_uri".to_string(), pending.redirect_uri.clone()),
        ("grant_type".to_string(), "authorization_code".to_string()),
    ];
    if let Some(client_id) = &pending.client_id {
        form.push(("client_id".to_string(), client_id.clone()));
    }
    form.push(("client_secret".to_string(), pending.client_secret.clone()));
    let reply = idp::post_form(&pending.token_url, &form).await.map_err(idp_failure)?;
    let data = json_body(&reply.body, crate::errors::JSON_DECODE_ERROR)?;
    let token = match &data {
        Value::Object(map) => match map.get("access_token") {
            Some(token) => token.clone(),
            None => {
                let message = format!(
                    "Decoder failed to handle access_token with data as returned by provider. A different decoder may be needed. Provider returned: {}",
                    repr_bytes(&reply.body)
                );
                return Err(FrappeError::raise(KEY_ERROR, repr_str(&message)).into());
            }
        },
        other => return Err(not_subscriptable(other)),
    };
    let Value::String(token) = token else {
        return Err(FrappeError::raise(
            TYPE_ERROR,
            format!("can only concatenate str (not \"{}\") to str", type_name(&token)),
        )
        .into());
    };
    let url = resolve(pending.base_url.as_deref(), &pending.api_endpoint)?;
    let query = query_pairs(pending.api_endpoint_args.as_ref())?;
    let reply = idp::get_bearer(&url, &query, &token).await.map_err(idp_failure)?;
    let info = json_body(&reply.body, REQUESTS_JSON_DECODE_ERROR)?;
    let Value::Object(mut info) = info else {
        return Err(FrappeError::raise(
            ATTRIBUTE_ERROR,
            format!("'{}' object has no attribute 'get'", type_name(&info)),
        )
        .into());
    };
    if pending.provider == "github" && !info.get("email").is_some_and(truthy) {
        let url = resolve(pending.base_url.as_deref(), &Value::from("/user/emails"))?;
        let reply = idp::get_bearer(&url, &query, &token).await.map_err(idp_failure)?;
        let emails = json_body(&reply.body, REQUESTS_JSON_DECODE_ERROR)?;
        let Value::Array(emails) = emails else {
            return Err(not_emulated("a GitHub e-mail list that is not a list"));
        };
        let primary = emails
            .iter()
            .find(|e| e.get("primary").is_some_and(truthy))
            .ok_or_else(|| Failure::from(FrappeError::bare(STOP_ITERATION)))?;
        info.insert("email".into(), primary.get("email").cloned().unwrap_or(Value::Null));
    }
    if !(info.get("email_verified").is_some_and(truthy) || info.get("email").is_some_and(truthy)) {
        return Err(FrappeError::throw(
            VALIDATION_ERROR,
            format!("Email not verified with {}", title(&pending.provider)),
        )
        .into());
    }
    Ok(info)
}

/// `base64.b64decode(state)` then `json.loads(...decode("utf-8"))`.
fn decode_state(state: &Value) -> Result<Value, Failure> {
    let Value::String(text) = state else {
        return Err(FrappeError::raise(
            TYPE_ERROR,
            format!(
                "argument should be a bytes-like object or ASCII string, not '{}'",
                type_name(state)
            ),
        )
        .into());
    };
    let bytes = match python_b64decode(text) {
        Ok(bytes) => bytes,
        Err(Base64Failure::Binascii) => {
            return Err(FrappeError::raise(BINASCII_ERROR, "Incorrect padding").into());
        }
        Err(Base64Failure::NotAscii) => {
            return Err(FrappeError::raise(VALUE_ERROR, "string argument should contain only ASCII characters").into());
        }
    };
    json_body(&bytes, crate::errors::JSON_DECODE_ERROR)
}

/// `login_oauth_user()` after the identity provider answered.
fn complete(
    ctx: &mut Context,
    request: &ApiRequest,
    pending: &Pending,
    info: Map<String, Value>,
) -> Result<Answer, Failure> {
    let state = decode_state(&pending.state)?;
    let token = match &state {
        _ if !truthy(&state) => Value::Null,
        Value::Object(map) => match map.get("token") {
            Some(token) => token.clone(),
            None => return Err(FrappeError::raise(KEY_ERROR, "'token'").into()),
        },
        other => return Err(not_subscriptable(other)),
    };
    if !truthy(&token) {
        return Ok(message_page("Invalid Request", "Token is missing", 417));
    }
    let email = ["email", "upn", "unique_name"]
        .iter()
        .find_map(|key| info.get(*key).filter(|v| truthy(v)).cloned());
    let Some(email) = email else {
        return Ok(message_page(
            "Invalid Request",
            "Please ensure that your profile has an email address",
            200,
        ));
    };
    let Value::String(user) = email else {
        return Err(not_emulated("an e-mail claim that is not a string"));
    };
    if let Some(page) = update_oauth_user(ctx, pending, &user, info)? {
        return Ok(page);
    }
    // post_login(): a session for the user as the provider spelled the address.
    let row = ctx
        .state
        .store
        .find(USER, &user)
        .cloned()
        .ok_or_else(|| not_emulated("a social login whose user vanished"))?;
    let hours = |key: &str| cint(row.get(key).unwrap_or(&Value::Null));
    if hours("login_before") != 0 || hours("login_after") != 0 {
        return Err(not_emulated("login hours (login_before / login_after)"));
    }
    let deny_multiple = ctx.state.single_flag("System Settings", "deny_multiple_sessions");
    let sid = ctx.state.sessions.start(&user, deny_multiple);
    let mut cookies = std::mem::take(&mut ctx.cookies);
    let login = user_cookies(&ctx.state.store, &mut cookies, &sid, &user).unwrap_or_default();
    ctx.cookies = cookies;
    let desk_user = login.get("message").and_then(Value::as_str) == Some("Logged In");
    let location = match state.get("redirect_to") {
        Some(Value::String(to)) if !to.is_empty() => to.clone(),
        Some(other) if truthy(other) => return Err(not_emulated("a redirect_to that is not a string")),
        _ => {
            let path = match (desk_user, pending.provider.as_str()) {
                (true, "facebook") => "/app/workspace",
                (true, _) => ctx.profile().desk_landing_path,
                (false, _) => "/me",
            };
            get_url(request, path).unwrap_or_else(|| site_url(request))
        }
    };
    Ok(redirect(&location))
}

/// `werkzeug.utils.redirect(location)`.
fn redirect(location: &str) -> Answer {
    let escaped = html_escape(location);
    let page = format!(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{escaped}\">{escaped}</a>. If not, click the link.\n"
    );
    Answer {
        status: 302,
        html: Some(page),
        headers: vec![("Location", location.to_string())],
        ..Answer::default()
    }
}

/// Python's `html.escape`.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// Whether a new user may sign up through this key: its `sign_ups` (v15+), else Website
/// Settings `disable_signup`.
fn signup_allowed(ctx: &Context, pending: &Pending) -> bool {
    if ctx.profile().sign_ups_field && !pending.sign_ups.is_empty() {
        return pending.sign_ups == "Allow";
    }
    !ctx.state.single_flag("Website Settings", "disable_signup")
}

/// The social login id a user gets for this key (`update_oauth_user`'s `match provider`).
fn social_id(pending: &Pending, info: &Map<String, Value>) -> Result<(Value, Option<Value>), Failure> {
    let claim = |key: &str| {
        info.get(key)
            .cloned()
            .ok_or_else(|| Failure::from(FrappeError::raise(KEY_ERROR, repr_str(key))))
    };
    Ok(match pending.provider.as_str() {
        "facebook" => (claim("id")?, info.get("username").cloned()),
        "google" => (claim("id")?, None),
        "github" => (claim("id")?, info.get("login").cloned()),
        "frappe" | "office_365" => (claim("sub")?, None),
        "salesforce" => {
            let Value::String(sub) = claim("sub")? else {
                return Err(not_emulated("a Salesforce sub that is not a string"));
            };
            let parts: Vec<&str> = sub.split('/').collect();
            let tail = parts[parts.len().saturating_sub(2)..].join("/");
            (Value::from(tail), None)
        }
        _ => (claim(&pending.user_id_property)?, None),
    })
}

/// `update_oauth_user()`: find or create the user, add the social login id, save. Returns a
/// page when the flow ends early.
fn update_oauth_user(
    ctx: &mut Context,
    pending: &Pending,
    user: &str,
    mut info: Map<String, Value>,
) -> Result<Option<Answer>, Failure> {
    if let Some(Value::Object(location)) = info.get("location") {
        let name = location.get("name").cloned().unwrap_or(Value::Null);
        info.insert("location".into(), name);
    }
    let meta = ctx
        .meta(USER)
        .ok_or_else(|| not_emulated("social login without the User DocType"))?;
    let existing = ctx.state.store.find(USER, user).cloned();
    let mut doc = match existing {
        Some(row) => load(&ctx.schema(), &meta, &ctx.state.store, &row),
        None => {
            if !signup_allowed(ctx, pending) {
                return Ok(Some(message_page(
                    "Signup is Disabled",
                    "Sorry. Signup from Website is disabled.",
                    403,
                )));
            }
            new_user(ctx, &meta, user, &info)?
        }
    };
    let is_new = doc.is_new();
    if cint(doc.get("enabled")) == 0 {
        let message = format!("User {} is disabled", cstr(doc.get("email")));
        return Ok(Some(message_page("Not Allowed", &message, 200)));
    }
    let mut update = is_new;
    let known = doc
        .table("social_logins")
        .iter()
        .find(|row| row.get("provider").as_str() == Some(pending.provider.as_str()))
        .is_some_and(|row| truthy(row.get("userid")));
    if !known {
        update = true;
        let (userid, username) = social_id(pending, &info)?;
        let mut row = social_login_row(&pending.provider, &cstr(&userid));
        row.set("userid", userid.clone());
        if let Some(username) = username.filter(truthy) {
            row.set("username", username);
        }
        if pending.provider == "facebook" {
            doc.set(
                "user_image",
                Value::from(format!("https://graph.facebook.com/{}/picture", cstr(&userid))),
            );
        }
        let rows = doc.table_mut("social_logins");
        row.set("idx", Value::from(rows.len() + 1));
        rows.push(row);
    }
    if !update {
        return Ok(None);
    }
    ctx.ignore_permissions = true;
    ctx.no_welcome_mail = true;
    let default_role = cstr(&ctx.state.single_value("Portal Settings", "default_role"));
    let save = |ctx: &mut Context, doc: Document| lifecycle::save(ctx, &meta, doc);
    let mut doc = doc;
    if !default_role.is_empty() {
        // add_roles(): append the role, then save (an insert for a new user).
        if !doc.table("roles").iter().any(|r| cstr(r.get("role")) == default_role) {
            let mut row = Document::new("Has Role");
            row.set("role", Value::from(default_role.clone()));
            row.set("parentfield", Value::from("roles"));
            row.set("parenttype", Value::from(USER));
            row.set("__islocal", Value::from(1));
            let rows = doc.table_mut("roles");
            row.set("idx", Value::from(rows.len() + 1));
            rows.push(row);
        }
        doc = save(ctx, doc)?;
    }
    save(ctx, doc)?;
    ctx.ignore_permissions = false;
    ctx.no_welcome_mail = false;
    Ok(None)
}

/// `get_user_record()` for an address no user has: a Website User with a random password.
fn new_user(
    ctx: &mut Context,
    meta: &crate::meta::DocType,
    user: &str,
    info: &Map<String, Value>,
) -> Result<Document, Failure> {
    let gender = match info.get("gender") {
        None => String::new(),
        Some(Value::String(gender)) => title(gender),
        Some(other) => {
            return Err(FrappeError::raise(
                ATTRIBUTE_ERROR,
                format!("'{}' object has no attribute 'title'", type_name(other)),
            )
            .into())
        }
    };
    if !gender.is_empty() && !crate::meta::registry::GENDERS.contains(&gender.as_str()) {
        return Err(not_emulated("a gender the site does not have (Frappe creates it)"));
    }
    let first = ["first_name", "given_name", "name"]
        .iter()
        .find_map(|k| info.get(*k).filter(|v| truthy(v)).cloned())
        .unwrap_or(Value::Null);
    let last = ["last_name", "family_name"]
        .iter()
        .find_map(|k| info.get(*k).filter(|v| truthy(v)).cloned())
        .unwrap_or(Value::Null);
    let image = ["picture", "avatar_url"]
        .iter()
        .find_map(|k| info.get(*k).filter(|v| truthy(v)).cloned())
        .unwrap_or(Value::Null);
    let mut body = Map::new();
    body.insert("first_name".into(), first);
    body.insert("last_name".into(), last);
    body.insert("email".into(), Value::from(user));
    body.insert("gender".into(), Value::from(gender));
    body.insert("enabled".into(), Value::from(1));
    body.insert("new_password".into(), Value::from(random_hash(56)));
    body.insert("location".into(), info.get("location").cloned().unwrap_or(Value::Null));
    body.insert("user_type".into(), Value::from("Website User"));
    body.insert("user_image".into(), image);
    let mut doc = new_document(ctx, meta);
    apply_body(meta, &|d| ctx.meta(d), &mut doc, &body, BodyPurpose::Create)?;
    ctx.generated_password = true;
    Ok(doc)
}
