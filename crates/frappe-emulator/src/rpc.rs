//! `/api/method/<dotted.path>` (`frappe/handler.py`): the whitelisted methods clients of this
//! emulator need, and Frappe's answer for methods of apps that are not installed.

use serde_json::{Map, Value};

use super::context::{Answer, Context};
use super::errors::{
    not_emulated, Failure, FrappeError, ServerMessage, AUTHENTICATION_ERROR, PERMISSION_ERROR, TYPE_ERROR,
    VALIDATION_ERROR,
};
use super::lifecycle::not_found;
use super::permissions::{only_system_manager, GUEST};
use super::python::{truthy, type_name};
use super::routes::ApiRequest;
use super::{sessions, social_login};

/// Handles one RPC call; `method_path` is everything after `/api/method/`.
pub(crate) fn call(
    ctx: &mut Context,
    request: &ApiRequest,
    method_path: &str,
    form: &Map<String, Value>,
) -> Result<Answer, Failure> {
    let http_method = request.method.as_str();
    // v1 dispatch keeps only the part before the first "/" (`handle_rpc_call`).
    let command = method_path.split('/').next().unwrap_or_default();
    match command {
        "frappe.client.get_password" => {
            whitelisted(ctx, http_method, "frappe.client.get_password")?;
            get_password(ctx, form)
        }
        "frappe.client.get" => {
            whitelisted(ctx, http_method, "frappe.client.get")?;
            super::resource::client_get(ctx, form)
        }
        "frappe.auth.get_logged_user" => {
            whitelisted(ctx, http_method, "frappe.auth.get_logged_user")?;
            Ok(Answer::message(Value::from(ctx.user.clone())))
        }
        "frappe.desk.form.load.getdoctype" => super::desk_meta::getdoctype(ctx, http_method, form),
        "frappe.utils.change_log.get_versions" => super::desk_meta::get_versions(ctx, http_method),
        // The login manager logs in on `/api/method/login` before dispatch; anywhere else
        // (`/api/v1/method/login`) the handler skips the command: an empty answer.
        "login" => Ok(Answer::with_keys(Map::new())),
        "logout" => {
            allowed_method(http_method)?;
            let sid = ctx.sid.clone();
            let mut cookies = std::mem::take(&mut ctx.cookies);
            let answer = sessions::logout(ctx, &sid, &mut cookies);
            ctx.cookies = cookies;
            Ok(answer)
        }
        "frappe.integrations.oauth2_logins.custom" => {
            allowed_method(http_method)?;
            social_login::callback::prepare(ctx, request, form)
        }
        _ => {
            let app = command.split('.').next().unwrap_or_default();
            if app == "frappe" {
                return Err(unknown_frappe_attribute(command));
            }
            // `frappe.get_attr` throws for apps the site does not have; `execute_cmd`
            // catches that and throws again, so both messages are logged.
            let inner = ServerMessage {
                raised: true,
                ..ServerMessage::plain(format!("App {app} is not installed")).indicator("red")
            };
            Err(FrappeError::throw(
                VALIDATION_ERROR,
                format!("Failed to get method for command {command} with App {app} is not installed"),
            )
            .after_messages(vec![inner])
            .into())
        }
    }
}

/// `frappe.get_attr("frappe.<name>")` for a name the `frappe` module lacks: `getattr` raises
/// AttributeError and `frappe/handler.py` `execute_cmd` throws it again as a ValidationError
/// ("Failed to get method for command … with …"), on every line. Deeper paths import modules
/// and other names reach `is_whitelisted`: not emulated.
fn unknown_frappe_attribute(command: &str) -> Failure {
    match command.split_once('.') {
        Some((_, name))
            if !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !super::frappe_module::has_attribute(name) =>
        {
            FrappeError::throw(
                VALIDATION_ERROR,
                format!("Failed to get method for command {command} with module 'frappe' has no attribute '{name}'"),
            )
            .into()
        }
        _ => not_emulated(format!("the method {command}")),
    }
}

/// `is_whitelisted` for a method that does not allow Guest, and `is_valid_http_method`.
pub(crate) fn whitelisted(ctx: &Context, http_method: &str, qualified: &str) -> Result<(), Failure> {
    if ctx.user == GUEST {
        return Err(FrappeError::throw_with_title(
            PERMISSION_ERROR,
            format!(
                "<details><summary>You are not permitted to access this resource.</summary>Function <strong>{qualified}</strong> is not whitelisted.</details>"
            ),
            Some("Method Not Allowed"),
        )
        .into());
    }
    allowed_method(http_method)
}

/// `is_valid_http_method`: whitelisted functions answer GET, POST, PUT and DELETE.
pub(crate) fn allowed_method(http_method: &str) -> Result<(), Failure> {
    if !matches!(http_method, "GET" | "POST" | "PUT" | "DELETE") {
        return Err(FrappeError::throw(PERMISSION_ERROR, "Not permitted").into());
    }
    Ok(())
}

/// The string arguments of a whitelisted function, with Python's "missing argument" error.
pub(crate) fn string_arguments(
    function: &str,
    parameters: &[&str],
    form: &Map<String, Value>,
) -> Result<Vec<String>, Failure> {
    let missing: Vec<&str> = parameters.iter().copied().filter(|p| !form.contains_key(*p)).collect();
    if !missing.is_empty() {
        let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
        let list = match quoted.as_slice() {
            [one] => one.clone(),
            [first, second] => format!("{first} and {second}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => String::new(),
        };
        let plural = if missing.len() == 1 { "argument" } else { "arguments" };
        return Err(FrappeError::raise(
            TYPE_ERROR,
            format!(
                "{function}() missing {} required positional {plural}: {list}",
                missing.len()
            ),
        )
        .into());
    }
    let mut arguments = Vec::new();
    for parameter in parameters {
        match form.get(*parameter) {
            Some(Value::String(text)) => arguments.push(text.clone()),
            Some(other) => {
                return Err(not_emulated(format!(
                    "{function} with a non-string {parameter} ({})",
                    type_name(other)
                )))
            }
            None => return Err(not_emulated(format!("{function} without arguments"))),
        }
    }
    Ok(arguments)
}

/// `frappe.client.get_password(doctype, name, fieldname)`.
fn get_password(ctx: &mut Context, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let arguments = string_arguments("get_password", &["doctype", "name", "fieldname"], form)?;
    let [doctype, name, fieldname] = [&arguments[0], &arguments[1], &arguments[2]];
    only_system_manager(ctx)?;
    let meta = ctx.meta_or_not_found(doctype)?;
    if meta.issingle || meta.istable {
        return Err(not_emulated("get_password of a Single or a child row"));
    }
    if matches!(fieldname.as_str(), "creation" | "modified") {
        return Err(not_emulated("get_password of a datetime field"));
    }
    let Some(row) = ctx.state.store.find(meta.name, name).cloned() else {
        return Err(not_found(meta.name, name).into());
    };
    let canonical = super::store::row_name(&row).to_string();
    let value = row.get(fieldname.as_str()).cloned().unwrap_or(Value::Null);
    // `Document.get_password`: a non-dummy column value is returned as it is.
    if truthy(&value) {
        let Value::String(text) = &value else {
            return Err(
                FrappeError::raise(TYPE_ERROR, format!("'{}' object is not iterable", type_name(&value))).into(),
            );
        };
        if !text.chars().all(|c| c == '*') {
            return Ok(Answer::message(value));
        }
    }
    match ctx.state.store.secret(meta.name, &canonical, fieldname) {
        Some(secret) => Ok(Answer::message(Value::from(secret))),
        None => Err(FrappeError::throw(
            AUTHENTICATION_ERROR,
            format!("Password not found for {} {canonical} {fieldname}", meta.name),
        )
        .into()),
    }
}
