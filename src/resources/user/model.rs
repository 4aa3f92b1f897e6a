//! The attributes of `frappe_user`, declared once.

use terraform_plugin::model;
use terraform_plugin::protocol::Type;

model! {
    /// The state and configuration of one Frappe user.
    pub struct UserModel {
        id: Type::String => .computed().description(
            "The user's document name: the email, trimmed and lower-cased, as Frappe names users. Use it for \
             `terraform import`.",
        ),
        email: Type::String => .required().description(
            "The user's email address, which is also their login and the document name. Frappe stores it trimmed \
             and lower-cased; a different spelling of the same address causes no diff. Changing it replaces the \
             user (Terraform deletes the old one and creates a new one).",
        ),
        first_name: Type::String => .required().description("The user's first name, as Frappe requires."),
        last_name: Type::String => .optional_computed().description("The user's last name."),
        enabled: Type::Bool => .optional_computed().description(
            "Whether the user may log in. Defaults to `true`. Set it to `false` to lock a user out while keeping \
             the documents that refer to them (Frappe refuses to delete such users).",
        ),
        roles: Type::set(Type::String) => .optional_computed().description(
            "The names of the user's roles (the User's *Roles* table, e.g. `[\"System Manager\"]`). Order and \
             Frappe's bookkeeping of the table rows are ignored. When set, exactly these roles are kept and roles \
             added on the site show as drift; when left out, the provider does not manage roles and records what \
             the site has. Each role must exist on the site.",
        ),
        user_type: Type::String => .computed().description(
            "`System User` or `Website User`, which Frappe derives from the roles on every save: a user with any \
             role that gives desk access is a System User.",
        ),
        send_welcome_email: Type::Bool => .optional_computed().description(
            "Whether Frappe mails the user a welcome message with a password link when the user is created. \
             Defaults to `false`, unlike Frappe's form: no plan ever mails anybody unless asked. It only matters \
             at creation.",
        ),
    }
}
