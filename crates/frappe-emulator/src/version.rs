//! The Frappe release lines the emulator reproduces, and every way their answers differ.
//!
//! A release line is data: a [`Profile`] lists what a real site of that line answered (the
//! shapes of success and error bodies, routing, message texts, login rules). Handlers ask the
//! profile instead of matching on the version, and the DocType registry (`meta`) asks
//! [`FrappeVersion::at_least`] for fields and options that appeared in a release. Adding a line
//! means one more enum variant, one more `Profile` constant and the registry's field changes.
//!
//! The reference sites (see `notes/frappe-behaviour.md`): v14.93.2, v15.55.1 and a develop snapshot of
//! February 2025 (16.0.0-dev).

/// The Frappe release line whose behaviour the emulator reproduces. Ordered by release, so
/// `version >= FrappeVersion::V15` means "v15 or later".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrappeVersion {
    /// v14 (observed on v14.93.2): `frappe/api.py`, no `sign_ups` field, no Keycloak option.
    V14,
    /// v15 (observed on v15.55.1).
    #[default]
    V15,
    /// v16/develop as a February 2025 snapshot (16.0.0-dev) answered.
    Develop,
}

impl FrappeVersion {
    pub(crate) fn profile(self) -> &'static Profile {
        match self {
            FrappeVersion::V14 => &V14,
            FrappeVersion::V15 => &V15,
            FrappeVersion::Develop => &DEVELOP,
        }
    }
}

/// How `/api/...` paths are routed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Router {
    /// v14 `frappe/api.py`: `path[1:].split("/", 3)`; unknown methods fall through to `{}`.
    SplitPath,
    /// v15+ werkzeug rules under `/api/` and `/api/v1/` (`/api/v2/` is not emulated).
    Werkzeug,
}

/// How JSON bodies are serialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonStyle {
    /// v14: the standard library (`ensure_ascii`; compact for the response, `", "`/`": "`
    /// spacing inside `_server_messages` and `exc`).
    Python,
    /// v15+: orjson, compact and UTF-8 (what `serde_json::to_string` writes).
    Orjson,
}

/// Which error bodies carry `exc_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExcTypeRule {
    /// v14: only exceptions raised through `frappe.throw`/`msgprint` (msgprint put it into the
    /// response before raising); a bare `raise` has none.
    ThrownOnly,
    /// v15+: always.
    Always,
}

/// What `frappe.new_doc(...)`/`frappe.get_doc(data)` does with a create body that is not a
/// mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CreateCall {
    /// v14: `data.update({"doctype": ...})` then `frappe.get_doc(data).insert()`.
    GetDoc,
    /// v15+: `data.pop("doctype", None)` then `frappe.new_doc(doctype, **data).insert()`.
    NewDoc,
}

/// Texts of the permission failures that differ per line (section 3.2 of the notes).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PermissionTexts {
    /// Whether a refused document-level check (read, create, write, delete) also logs the
    /// DocType-level sentence before the document sentence (v15+), or only the latter (v14).
    pub(crate) doc_logs_doctype_sentence: bool,
    /// `_error_message` of a refused create/write: v14 "Insufficient Permission for X
    /// (<strong>create</strong>)", v15+ "You need the 'create' permission on …".
    pub(crate) need_permission_wording: bool,
    /// develop sets `_error_message` on refused reads as well.
    pub(crate) read_error_message: bool,
    /// v14/v15 `delete_doc` throws "User not allowed to delete …" after the permission log;
    /// develop raises the permission error itself (one message and `_error_message`).
    pub(crate) delete_throws_not_allowed: bool,
}

/// What a release line answers, as data.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Profile {
    // --- `frappe.utils.change_log.get_versions` (notes, section 9) ---
    pub(crate) app_title: &'static str,
    pub(crate) app_version: &'static str,
    pub(crate) branch: &'static str,
    pub(crate) branch_version: Option<&'static str>,
    // --- routing and request reading ---
    pub(crate) router: Router,
    pub(crate) create_call: CreateCall,
    /// v15+ `document_list` reads `limit` as an alias of `limit_page_length`.
    pub(crate) list_limit_alias: bool,
    /// v14 `DatabaseQuery` hands `fields=["*"]` to SQL as `*`: every column of the table,
    /// `_user_tags`, `_comments`, `_assign`, `_liked_by` and `_seen` included
    /// (`frappe/model/db_query.py` `prepare_args`); v15+ replace it with the permitted fields
    /// (`apply_fieldlevel_read_permissions`, which v14 runs only with System Settings
    /// `apply_perm_level_on_api_calls`, off on a new site).
    pub(crate) list_star_selects_table_columns: bool,
    /// v14 hides fields at permission levels the user may not read from a document read
    /// (`GET /api/resource/X/name`, `frappe.client.get`) only with System Settings
    /// `apply_perm_level_on_api_calls` on (`frappe/api.py`, `frappe/client.py` `get`); v15+
    /// always.
    pub(crate) read_permlevel_needs_setting: bool,
    /// v15+ `read_doc` accepts `expand_links` (the answer then keeps nulls).
    pub(crate) read_expand_links: bool,
    /// v14 `Document.set_new_name` takes a body's `__newname` whatever the naming rule; v15+
    /// only for DocTypes named by Prompt.
    pub(crate) newname_for_any_naming: bool,
    // --- success bodies (notes, section 1) ---
    pub(crate) json: JsonStyle,
    /// v14 answered a create with `doc.as_dict()`: nulls present.
    pub(crate) create_answer_keeps_nulls: bool,
    /// DELETE answers `{"message": "ok"}` (v14) or `{"data": "ok"}` (v15+).
    pub(crate) delete_answer_key: &'static str,
    /// v14 answers `PATCH /api/resource/...` with 200 `{}` and changes nothing; v15+ with a
    /// bare 404 DoesNotExistError.
    pub(crate) patch_is_a_no_op: bool,
    // --- error bodies (notes, section 3) ---
    pub(crate) exc_type: ExcTypeRule,
    /// The title a msgprint without one gets: "Message" on every line (`frappe/__init__.py`
    /// `msgprint`: `out.title = title or _("Message")`, v14.93.2 included, as its
    /// conformance recording shows).
    pub(crate) default_message_title: Option<&'static str>,
    /// develop's `get_traceback` formats an exception's `__cause__` when it has one, so the
    /// `exception` line names the cause (`frappe/utils/__init__.py` `get_traceback`).
    pub(crate) traceback_of_cause: bool,
    /// v15+ marks a thrown message with a random `__frappe_exc_id`.
    pub(crate) exception_ids: bool,
    /// Where `frappe.log` entries (PostgreSQL's `"Error in query:\n…"`) go: `_debug_messages`,
    /// always (v15+, `frappe/utils/response.py` `build_response` sends `frappe.debug_log`), or
    /// the front of `exc` (v14, `frappe.errprint` feeds `frappe.error_log`, sent only with
    /// tracebacks).
    pub(crate) debug_log_in_exc: bool,
    pub(crate) permission: PermissionTexts,
    /// TimestampMismatchError names the document (develop) or not (v14, v15).
    pub(crate) timestamp_mismatch_names_document: bool,
    // --- authentication and login ---
    /// develop refuses the API key of a disabled user.
    pub(crate) api_key_needs_enabled_user: bool,
    /// System Settings `disable_user_pass_login` may be switched on when Login With Email Link
    /// is enabled (v15+), not only with a Social Login Key or LDAP (v14).
    pub(crate) email_link_allows_disabling_password_login: bool,
    // --- social login (notes, section 10) ---
    /// The text of a social login button: "Login With <provider>" on v14.
    pub(crate) login_button_text: &'static str,
    /// v15+ prefix the key named `keycloak`'s `api_endpoint` with its `base_url`.
    pub(crate) keycloak_endpoint_prefix: bool,
    /// The Social Login Key's `sign_ups` decides before Website Settings (v15+).
    pub(crate) sign_ups_field: bool,
    /// Where a System User lands after a social login: v14 `/app`, v15+ the site root (no
    /// default app route on a plain Frappe site).
    pub(crate) desk_landing_path: &'static str,
}

const V14: Profile = Profile {
    app_title: "Frappe Framework",
    app_version: "14.93.2",
    branch: "version-14",
    branch_version: None,
    router: Router::SplitPath,
    create_call: CreateCall::GetDoc,
    list_limit_alias: false,
    list_star_selects_table_columns: true,
    read_permlevel_needs_setting: true,
    read_expand_links: false,
    newname_for_any_naming: true,
    json: JsonStyle::Python,
    create_answer_keeps_nulls: true,
    delete_answer_key: "message",
    patch_is_a_no_op: true,
    exc_type: ExcTypeRule::ThrownOnly,
    default_message_title: Some("Message"),
    traceback_of_cause: false,
    exception_ids: false,
    debug_log_in_exc: true,
    permission: PermissionTexts {
        doc_logs_doctype_sentence: false,
        need_permission_wording: false,
        read_error_message: false,
        delete_throws_not_allowed: true,
    },
    timestamp_mismatch_names_document: false,
    api_key_needs_enabled_user: false,
    email_link_allows_disabling_password_login: false,
    login_button_text: "Login With",
    keycloak_endpoint_prefix: false,
    sign_ups_field: false,
    desk_landing_path: "/app",
};

const V15: Profile = Profile {
    app_title: "Frappe Framework",
    app_version: "15.55.1",
    branch: "version-15",
    branch_version: None,
    router: Router::Werkzeug,
    create_call: CreateCall::NewDoc,
    list_limit_alias: true,
    list_star_selects_table_columns: false,
    read_permlevel_needs_setting: false,
    read_expand_links: true,
    newname_for_any_naming: false,
    json: JsonStyle::Orjson,
    create_answer_keeps_nulls: false,
    delete_answer_key: "data",
    patch_is_a_no_op: false,
    exc_type: ExcTypeRule::Always,
    default_message_title: Some("Message"),
    traceback_of_cause: false,
    exception_ids: true,
    debug_log_in_exc: false,
    permission: PermissionTexts {
        doc_logs_doctype_sentence: true,
        need_permission_wording: true,
        read_error_message: false,
        delete_throws_not_allowed: true,
    },
    timestamp_mismatch_names_document: false,
    api_key_needs_enabled_user: false,
    email_link_allows_disabling_password_login: true,
    login_button_text: "Login with",
    keycloak_endpoint_prefix: true,
    sign_ups_field: true,
    desk_landing_path: "",
};

const DEVELOP: Profile = Profile {
    app_title: "Framework",
    app_version: "16.0.0-dev",
    branch: "develop",
    branch_version: Some("15.x.x-develop (adc279d)"),
    permission: PermissionTexts {
        read_error_message: true,
        delete_throws_not_allowed: false,
        ..V15.permission
    },
    timestamp_mismatch_names_document: true,
    api_key_needs_enabled_user: true,
    traceback_of_cause: true,
    ..V15
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_the_lines_data() {
        assert_eq!(FrappeVersion::Develop.profile().app_version, DEVELOP.app_version);
        assert_eq!(FrappeVersion::V14.profile().delete_answer_key, "message");
        assert!(FrappeVersion::V14 < FrappeVersion::V15 && FrappeVersion::V15 < FrappeVersion::Develop);
    }
}
