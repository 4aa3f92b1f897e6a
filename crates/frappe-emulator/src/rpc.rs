//! `/api/method/<dotted.path>` (`frappe/handler.py`): the two whitelisted methods clients of
//! this emulator need, and Frappe's answer for methods of apps that are not installed.

use serde_json::{Map, Value};

use super::auth::{GUEST, SYSTEM_MANAGER};
use super::doctype::DOCTYPE;
use super::document::not_found;
use super::errors::{
    not_emulated, Failure, FrappeError, ServerMessage, AUTHENTICATION_ERROR, PERMISSION_ERROR, TYPE_ERROR,
    VALIDATION_ERROR,
};
use super::python::{truthy, type_name};
use super::resource::{Answer, Caller};
use super::FrappeVersion;

/// Handles one RPC call; `method_path` is everything after `/api/method/`.
pub(crate) fn call(
    caller: &mut Caller,
    http_method: &str,
    method_path: &str,
    form: &Map<String, Value>,
) -> Result<Answer, Failure> {
    // v1 dispatch keeps only the part before the first "/" (`handle_rpc_call`).
    let command = method_path.split('/').next().unwrap_or_default();
    match command {
        "frappe.client.get_password" => {
            whitelisted(caller, http_method, "frappe.client.get_password")?;
            get_password(caller, form)
        }
        "frappe.auth.get_logged_user" => {
            whitelisted(caller, http_method, "frappe.auth.get_logged_user")?;
            Ok(message(Value::from(caller.user)))
        }
        "login" | "logout" => Err(not_emulated("session login/logout")),
        _ => {
            let app = command.split('.').next().unwrap_or_default();
            if app == "frappe" {
                return Err(not_emulated(format!("the method {command}")));
            }
            // `frappe.get_attr` throws for apps the site does not have; `execute_cmd`
            // catches that and throws again, so both messages are logged.
            let inner = ServerMessage {
                message: format!("App {app} is not installed"),
                title: None,
                indicator: Some("red"),
                raised: true,
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

fn message(value: Value) -> Answer {
    let mut body = Map::new();
    body.insert("message".into(), value);
    Answer {
        status: 200,
        body: Value::Object(body),
    }
}

/// `is_whitelisted` (neither method allows Guest) and `is_valid_http_method`.
fn whitelisted(caller: &Caller, http_method: &str, qualified: &str) -> Result<(), Failure> {
    if caller.user == GUEST {
        let error = match caller.site.version {
            FrappeVersion::V15 | FrappeVersion::Develop => FrappeError::throw_with_title(
                PERMISSION_ERROR,
                format!(
                    "<details><summary>You are not permitted to access this resource.</summary>Function <strong>{qualified}</strong> is not whitelisted.</details>"
                ),
                Some("Method Not Allowed"),
            ),
            FrappeVersion::V14 => FrappeError::throw(PERMISSION_ERROR, "Not permitted"),
        };
        return Err(error.into());
    }
    if !matches!(http_method, "GET" | "POST" | "PUT" | "DELETE") {
        return Err(FrappeError::throw(PERMISSION_ERROR, "Not permitted").into());
    }
    Ok(())
}

/// `frappe.client.get_password(doctype, name, fieldname)`.
fn get_password(caller: &mut Caller, form: &Map<String, Value>) -> Result<Answer, Failure> {
    let parameters = ["doctype", "name", "fieldname"];
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
                "get_password() missing {} required positional {plural}: {list}",
                missing.len()
            ),
        )
        .into());
    }
    let mut arguments = Vec::new();
    for parameter in parameters {
        match form.get(parameter) {
            Some(Value::String(text)) => arguments.push(text.clone()),
            Some(other) => {
                return Err(not_emulated(format!(
                    "get_password with a non-string {parameter} ({})",
                    type_name(other)
                )))
            }
            None => return Err(not_emulated("get_password without arguments")),
        }
    }
    let [doctype, name, fieldname] = [&arguments[0], &arguments[1], &arguments[2]];
    // frappe.only_for("System Manager"): a bare PermissionError.
    if !caller.state.users.has_role(caller.user, SYSTEM_MANAGER) {
        return Err(FrappeError::bare(PERMISSION_ERROR).into());
    }
    if doctype != DOCTYPE {
        return Err(not_emulated(format!("get_password for the DocType {doctype:?}")));
    }
    if matches!(fieldname.as_str(), "creation" | "modified") {
        return Err(not_emulated("get_password of a datetime field"));
    }
    let Some(row) = caller.state.store.find(name).cloned() else {
        return Err(not_found(name).into());
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
            return Ok(message(value));
        }
    }
    match caller.state.store.secret(&canonical, fieldname) {
        Some(secret) => Ok(message(Value::from(secret))),
        None => Err(FrappeError::throw(
            AUTHENTICATION_ERROR,
            format!("Password not found for {DOCTYPE} {canonical} {fieldname}"),
        )
        .into()),
    }
}
