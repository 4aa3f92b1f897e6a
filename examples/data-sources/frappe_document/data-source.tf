# Whether the site already accepts username/password logins.
data "frappe_document" "system_settings" {
  doctype = "System Settings"
}

output "password_login_disabled" {
  value = data.frappe_document.system_settings.data.disable_user_pass_login == 1
}
