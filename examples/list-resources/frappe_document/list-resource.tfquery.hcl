# The roles made on this site (not those Frappe ships), and System Settings.
list "frappe_document" "custom_roles" {
  provider = frappe
  config {
    doctype = "Role"
    filters = { is_custom = true }
  }
}

list "frappe_document" "system_settings" {
  provider = frappe
  config {
    doctype = "System Settings"
  }
}
