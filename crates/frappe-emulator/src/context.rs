//! What one request runs with: the site, its state under the lock, the session user and the
//! request's `message_log`. Controllers, the document lifecycle and the endpoints all take a
//! [`Context`], so a desk helper of [`super::Emulator`] runs exactly the rules an API request
//! runs.

use serde_json::{Map, Value};

use super::errors::{ExceptionClass, Failure, FrappeError, ServerMessage, DOES_NOT_EXIST_ERROR};
use super::meta::DocType;
use super::permissions::GUEST;
use super::schema::Schema;
use super::sessions::CookieJar;
use super::site::{Site, SiteState};
use super::version::{ExcTypeRule, Profile};

/// A successful answer.
#[derive(Debug, Default)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// The JSON object to send; `Null` sends an empty body.
    pub(crate) body: Value,
    /// When set, an HTML page is sent instead of `body`.
    pub(crate) html: Option<String>,
    /// Extra headers (`Location`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A social login callback that continues outside the site lock.
    pub(crate) pending_oauth: Option<Box<super::social_login::callback::Pending>>,
}

impl Answer {
    /// `{"data": data}`.
    pub(crate) fn data(status: u16, data: Value) -> Answer {
        Answer::with_key(status, "data", data)
    }

    /// A JSON object answer (200).
    pub(crate) fn with_keys(body: Map<String, Value>) -> Answer {
        Answer {
            status: 200,
            body: Value::Object(body),
            ..Answer::default()
        }
    }

    /// `{"message": value}`, what whitelisted methods return.
    pub(crate) fn message(value: Value) -> Answer {
        Answer::with_key(200, "message", value)
    }

    pub(crate) fn with_key(status: u16, key: &str, value: Value) -> Answer {
        let mut body = Map::new();
        body.insert(key.to_string(), value);
        Answer {
            status,
            body: Value::Object(body),
            ..Answer::default()
        }
    }
}

/// Work Frappe does outside the saved document (plain SQL in hooks), applied after the
/// document's own write.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Effect {
    /// `frappe.db.delete(doctype, {column: value})`.
    DeleteRows {
        doctype: &'static str,
        column: &'static str,
        value: String,
    },
    /// `UPDATE tab<doctype> SET column = NULL WHERE column = value`.
    ClearColumn {
        doctype: &'static str,
        column: &'static str,
        value: String,
    },
    /// `update_password(user, pwd)`: the login password in `__Auth`.
    SetLoginPassword { user: String, password: String },
    /// Every session of the user ends (`login_manager.logout(user=...)`).
    EndSessions { user: String },
    /// Users holding the role get the user type its desk access implies, saved by `by`.
    RetypeUsers { role: String, by: String },
    /// `ALTER TABLE ADD COLUMN`: existing rows get the column's default.
    AddColumn {
        doctype: &'static str,
        column: String,
        value: Value,
    },
    /// A deleted Custom Field's column stays in its table.
    KeepOrphanColumn { doctype: &'static str, column: String },
}

/// One request in progress.
pub(crate) struct Context<'a> {
    pub(crate) site: &'a Site,
    pub(crate) state: &'a mut SiteState,
    pub(crate) user: String,
    /// `frappe.local.message_log`: every msgprint of the request so far.
    pub(crate) log: Vec<ServerMessage>,
    /// Hook work waiting for the document write to commit.
    pub(crate) effects: Vec<Effect>,
    /// The request's session id (`"Guest"` without a session).
    pub(crate) sid: String,
    /// The cookies the answer sets.
    pub(crate) cookies: CookieJar,
    /// `flags.ignore_permissions` of the documents this request saves (set by internal flows
    /// such as the social login, never by a client).
    pub(crate) ignore_permissions: bool,
    /// The new password being saved is one Frappe generated (a random hash), which the
    /// password policy accepts.
    pub(crate) generated_password: bool,
    /// `flags.no_welcome_mail` of the users this request saves.
    pub(crate) no_welcome_mail: bool,
    /// `exc_type` a caught `frappe.throw` left in the response (v14 only; see `caught_throw`).
    pub(crate) response_exc_type: Option<&'static str>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(site: &'a Site, state: &'a mut SiteState, user: &str) -> Context<'a> {
        Context {
            site,
            state,
            user: user.to_string(),
            log: Vec::new(),
            effects: Vec::new(),
            sid: GUEST.to_string(),
            cookies: CookieJar::default(),
            ignore_permissions: false,
            generated_password: false,
            no_welcome_mail: false,
            response_exc_type: None,
        }
    }

    /// A `frappe.throw(..., class)` that the code around it catches. v14's `msgprint` writes
    /// `exc_type` into `frappe.local.response` before raising (`frappe/__init__.py` `msgprint`:
    /// `local.response["exc_type"] = raise_exception.__name__`), and nothing removes it: the
    /// answer carries it even when the request succeeds. v15+ `msgprint` does not.
    pub(crate) fn caught_throw(&mut self, class: ExceptionClass) {
        if self.profile().exc_type == ExcTypeRule::ThrownOnly {
            self.response_exc_type = Some(class.name);
        }
    }

    pub(crate) fn profile(&self) -> &'static Profile {
        self.site.version.profile()
    }

    pub(crate) fn schema(&self) -> Schema<'_> {
        Schema::new(&self.site.registry, &self.state.store)
    }

    /// `frappe.get_meta(doctype)` with custom fields; `None` for DocTypes not modelled.
    pub(crate) fn meta(&self, doctype: &str) -> Option<DocType> {
        self.schema().meta(doctype)
    }

    /// The meta of a DocType named in a URL: `DoesNotExistError` "DocType X not found" when
    /// there is none.
    pub(crate) fn meta_or_not_found(&self, doctype: &str) -> Result<DocType, Failure> {
        if let Some(meta) = self.meta(doctype) {
            return Ok(meta);
        }
        if self
            .site
            .registry
            .doctypes()
            .iter()
            .any(|d| d.name.eq_ignore_ascii_case(doctype))
        {
            // MariaDB would find the DocType under another spelling; what Frappe then does
            // with the differently spelt name in every later step was not pinned down.
            return Err(super::errors::not_emulated(format!("the DocType spelled {doctype:?}")));
        }
        if super::meta::frappe_doctypes::is_frappe_doctype(doctype) {
            return Err(super::errors::not_emulated(format!(
                "the DocType {doctype} (a plain Frappe site has it; the emulator does not model it)"
            )));
        }
        Err(FrappeError::throw(DOES_NOT_EXIST_ERROR, format!("DocType {doctype} not found")).into())
    }

    /// `frappe.msgprint`.
    pub(crate) fn msgprint(&mut self, message: ServerMessage) {
        self.log.push(message);
    }

    /// Applies the hook work collected so far.
    pub(crate) fn apply_effects(&mut self) {
        for effect in std::mem::take(&mut self.effects) {
            self.state.apply_effect(effect);
        }
    }
}
