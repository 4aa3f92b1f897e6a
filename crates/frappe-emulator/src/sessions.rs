//! Sessions (notes, section 10.1): `frappe/sessions.py`, the `LoginManager` and
//! `CookieManager` of `frappe/auth.py`.
//!
//! Every request resumes the session its `sid` (cookie, else form field) names, or Guest's;
//! every answer sets the session's cookies (`sid`, `system_user`, `full_name`, `user_id`,
//! `user_image`). `POST /api/method/login` (that exact path) logs in with `usr`/`pwd` before
//! anything else runs; `logout` ends the session. Not modelled: CSRF tokens (a session made by
//! the API login has none), the login lock-out after repeated failures (answered 501),
//! two-factor authentication, session expiry over time.

use serde_json::{Map, Value};

use super::context::{Answer, Context};
use super::errors::{not_emulated, random_hash, Failure, FrappeError, AUTHENTICATION_ERROR};
use super::mariadb;
use super::permissions::{ADMINISTRATOR, GUEST};
use super::python::{cint, cstr, quote};
use super::store::{row_name, Store};

/// How many failed logins in a row Frappe allows before locking the account
/// (System Settings `allow_consecutive_login_attempts`' default).
const LOGIN_ATTEMPTS: usize = 10;

/// One logged-in session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Session {
    pub(crate) sid: String,
    pub(crate) user: String,
}

/// The site's sessions and failed login attempts.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    sessions: Vec<Session>,
    failures: Vec<(String, usize)>,
}

impl Sessions {
    fn find(&self, sid: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.sid == sid)
    }

    /// `Session.start()`: a new 56-hex `sid`.
    pub(crate) fn start(&mut self, user: &str, deny_multiple: bool) -> String {
        if deny_multiple {
            self.end_all(user);
        }
        let sid = random_hash(56);
        self.sessions.push(Session {
            sid: sid.clone(),
            user: user.to_string(),
        });
        sid
    }

    pub(crate) fn end(&mut self, sid: &str) {
        self.sessions.retain(|s| s.sid != sid);
    }

    /// `clear_sessions(user)`.
    pub(crate) fn end_all(&mut self, user: &str) {
        self.sessions.retain(|s| !mariadb::text_eq(&s.user, user));
    }

    pub(crate) fn all(&self) -> &[Session] {
        &self.sessions
    }

    fn failed(&mut self, user: &str) -> usize {
        match self.failures.iter_mut().find(|(u, _)| mariadb::text_eq(u, user)) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                self.failures.push((user.to_string(), 1));
                1
            }
        }
    }

    fn failures_of(&self, user: &str) -> usize {
        self.failures
            .iter()
            .find(|(u, _)| mariadb::text_eq(u, user))
            .map_or(0, |(_, count)| *count)
    }

    fn succeeded(&mut self, user: &str) {
        self.failures.retain(|(u, _)| !mariadb::text_eq(u, user));
    }
}

/// A cookie the response sets.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cookie {
    name: &'static str,
    value: String,
    max_age: Option<u64>,
    http_only: bool,
}

/// `CookieManager`: cookies to set (in the order first set; a later value replaces an
/// earlier one in place) and cookies to delete, written after them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CookieJar {
    cookies: Vec<Cookie>,
    to_delete: Vec<&'static str>,
}

/// Seconds since the Unix epoch, for cookie expiry dates.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `werkzeug.http.http_date`: "Wed, 21 Oct 2015 07:28:00 GMT".
fn http_date(unix_seconds: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix_seconds.div_euclid(civil_calendar::SECONDS_PER_DAY);
    let second = unix_seconds.rem_euclid(civil_calendar::SECONDS_PER_DAY);
    let (year, month, day) = civil_calendar::civil_from_days(days);
    let weekday = DAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month_name = MONTHS[usize::try_from(month).unwrap_or(1).saturating_sub(1).min(11)];
    format!(
        "{weekday}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} GMT",
        second / 3600,
        (second % 3600) / 60,
        second % 60
    )
}

impl CookieJar {
    fn set(&mut self, name: &'static str, value: &str, max_age: Option<u64>, http_only: bool) {
        let cookie = Cookie {
            name,
            value: value.to_string(),
            max_age,
            http_only,
        };
        match self.cookies.iter_mut().find(|c| c.name == name) {
            Some(existing) => *existing = cookie,
            None => self.cookies.push(cookie),
        }
    }

    /// `clear_cookies()`.
    pub(crate) fn clear(&mut self) {
        for name in ["full_name", "user_id", "sid", "user_image", "system_user"] {
            if !self.to_delete.contains(&name) {
                self.to_delete.push(name);
            }
        }
    }

    /// The `Set-Cookie` headers `flush_cookies` writes (werkzeug's `dump_cookie` format).
    pub(crate) fn headers(&self, secure: bool) -> Vec<(&'static str, String)> {
        let mut headers = Vec::new();
        for cookie in &self.cookies {
            let mut text = format!("{}={}", cookie.name, quote(&cookie.value));
            if let Some(max_age) = cookie.max_age {
                let expires = unix_now() + i64::try_from(max_age).unwrap_or(0);
                text.push_str(&format!("; Expires={}; Max-Age={max_age}", http_date(expires)));
            }
            if secure {
                text.push_str("; Secure");
            }
            if cookie.http_only {
                text.push_str("; HttpOnly");
            }
            text.push_str("; Path=/; SameSite=Lax");
            headers.push(("Set-Cookie", text));
        }
        for name in &self.to_delete {
            let expires = http_date(unix_now() - civil_calendar::SECONDS_PER_DAY);
            headers.push(("Set-Cookie", format!("{name}=; Expires={expires}; Path=/")));
        }
        headers
    }
}

/// What `frappe.get_cached_value("User", user, [...])` gives the login manager.
struct UserInfo {
    full_name: String,
    system_user: bool,
    user_image: String,
}

fn user_info(store: &Store, user: &str) -> Option<UserInfo> {
    let row = store.find("User", user)?;
    let get = |key: &str| cstr(row.get(key).unwrap_or(&Value::Null));
    let full_name = [get("first_name"), get("last_name")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(UserInfo {
        full_name,
        system_user: get("user_type") == "System User",
        user_image: get("user_image"),
    })
}

/// `get_expiry_in_seconds()`: System Settings `session_expiry` ("170:00") in seconds.
pub(crate) fn expiry_seconds(ctx_store: &Store) -> u64 {
    let expiry = ctx_store
        .single("System Settings")
        .and_then(|row| row.get("session_expiry"))
        .map(cstr)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "240:00".to_string());
    let parts: Vec<i64> = expiry.split(':').map(|p| cint(&Value::from(p))).collect();
    let seconds = parts.first().copied().unwrap_or(0) * 3600
        + parts.get(1).copied().unwrap_or(0) * 60
        + parts.get(2).copied().unwrap_or(0);
    u64::try_from(seconds).unwrap_or(0)
}

/// The session a request runs in.
#[derive(Clone, Debug)]
pub(crate) struct Resumed {
    /// The session user (Guest without a valid `sid`).
    pub(crate) user: String,
    pub(crate) sid: String,
    /// A `sid` was sent that names no session: the answer carries `session_expired: 1`.
    pub(crate) expired: bool,
    pub(crate) cookies: CookieJar,
}

/// `set_user_info(resume)`: the cookies of a session, and (on a login) the answer keys.
pub(crate) fn user_cookies(
    store: &Store,
    cookies: &mut CookieJar,
    sid: &str,
    user: &str,
) -> Option<Map<String, Value>> {
    let info = user_info(store, user)?;
    cookies.set("sid", sid, Some(expiry_seconds(store)), true);
    cookies.set("system_user", if info.system_user { "yes" } else { "no" }, None, false);
    cookies.set("full_name", &info.full_name, None, false);
    cookies.set("user_id", user, None, false);
    cookies.set("user_image", &info.user_image, None, false);
    let mut answer = Map::new();
    if info.system_user {
        answer.insert("message".into(), Value::from("Logged In"));
        answer.insert("home_page".into(), Value::from("/app"));
    } else {
        answer.insert("message".into(), Value::from("No App"));
        let home = if user == GUEST { "/login" } else { "/me" };
        answer.insert("home_page".into(), Value::from(home));
    }
    answer.insert("full_name".into(), Value::from(info.full_name));
    Some(answer)
}

/// `Session(resume=True)`: the session named by the `sid` cookie (or form field).
pub(crate) fn resume(sessions: &Sessions, store: &Store, sid: Option<String>) -> Resumed {
    let mut cookies = CookieJar::default();
    let sid = sid.filter(|s| !s.is_empty()).unwrap_or_else(|| GUEST.to_string());
    let (user, sid, expired) = if sid == GUEST {
        (GUEST.to_string(), sid, false)
    } else {
        match sessions.find(&sid) {
            Some(session) if store.find("User", &session.user).is_some() => (session.user.clone(), sid, false),
            _ => {
                cookies.clear();
                (GUEST.to_string(), GUEST.to_string(), true)
            }
        }
    };
    user_cookies(store, &mut cookies, &sid, &user);
    Resumed {
        user,
        sid,
        expired,
        cookies,
    }
}

/// `LoginManager.login()` for `POST /api/method/login`.
pub(crate) fn login(ctx: &mut Context, form: &Map<String, Value>, cookies: &mut CookieJar) -> Result<Answer, Failure> {
    if ctx.state.single_flag("System Settings", "disable_user_pass_login") {
        return Err(
            FrappeError::throw(AUTHENTICATION_ERROR, "Login with username and password is not allowed.").into(),
        );
    }
    let get = |key: &str| form.get(key).filter(|v| super::python::truthy(v)).cloned();
    let (usr, pwd) = match (get("usr"), get("pwd")) {
        (Some(Value::String(usr)), Some(Value::String(pwd))) => (usr, pwd),
        (Some(usr), Some(pwd)) if !usr.is_string() || !pwd.is_string() => {
            return Err(not_emulated("a login with non-string usr/pwd"))
        }
        _ => return Err(fail("Incomplete login details")),
    };
    if ctx
        .state
        .single_flag("System Settings", "allow_login_using_mobile_number")
        || ctx.state.single_flag("System Settings", "allow_login_using_user_name")
    {
        return Err(not_emulated("logging in with a mobile number or username"));
    }
    let Some(row) = ctx.state.store.find("User", &usr) else {
        return Err(fail("Invalid login credentials"));
    };
    let name = row_name(row).to_string();
    let enabled = cint(row.get("enabled").unwrap_or(&Value::Null)) != 0;
    if ctx.state.sessions.failures_of(&name) >= LOGIN_ATTEMPTS {
        return Err(not_emulated("the login lock-out after repeated failures"));
    }
    if ctx.state.store.login_password(&name) != Some(pwd.as_str()) {
        ctx.state.sessions.failed(&name);
        return Err(fail("Invalid login credentials"));
    }
    if !(name == ADMINISTRATOR || enabled) {
        ctx.state.sessions.failed(&name);
        return Err(fail("User disabled or missing"));
    }
    ctx.state.sessions.succeeded(&name);
    let deny_multiple = ctx.state.single_flag("System Settings", "deny_multiple_sessions");
    let sid = ctx.state.sessions.start(&name, deny_multiple);
    let answer = user_cookies(&ctx.state.store, cookies, &sid, &name)
        .ok_or_else(|| not_emulated("a login whose user vanished"))?;
    Ok(Answer {
        status: 200,
        body: Value::Object(answer),
        ..Answer::default()
    })
}

/// `LoginManager.fail()`: the message goes into the response, then a bare
/// AuthenticationError.
fn fail(message: &str) -> Failure {
    FrappeError::bare(AUTHENTICATION_ERROR)
        .with_response_key("message", Value::from(message))
        .into()
}

/// `frappe.handler.logout`: the session ends and the request continues as Guest.
pub(crate) fn logout(ctx: &mut Context, sid: &str, cookies: &mut CookieJar) -> Answer {
    if ctx.user != GUEST {
        ctx.state.sessions.end(sid);
    }
    cookies.clear();
    let answer = user_cookies(&ctx.state.store, cookies, GUEST, GUEST).unwrap_or_default();
    ctx.user = GUEST.to_string();
    Answer {
        status: 200,
        body: Value::Object(answer),
        ..Answer::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_werkzeugs() {
        assert_eq!(http_date(1_445_412_480), "Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn cookies_keep_their_first_position() {
        let mut jar = CookieJar::default();
        jar.set("sid", "Guest", Some(60), true);
        jar.set("user_id", "Guest", None, false);
        jar.set("sid", "abc", Some(60), true);
        jar.clear();
        let headers = jar.headers(false);
        assert!(headers[0].1.starts_with("sid=abc; Expires="), "{headers:?}");
        assert!(headers[0].1.ends_with("; Max-Age=60; HttpOnly; Path=/; SameSite=Lax"));
        assert_eq!(headers[1].1, "user_id=Guest; Path=/; SameSite=Lax");
        assert!(headers[2].1.starts_with("full_name=; Expires="));
    }
}
