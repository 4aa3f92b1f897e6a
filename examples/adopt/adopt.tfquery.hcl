# What to adopt. Each list block finds documents of one resource type;
# filters are equalities on the DocType's fields, all of which must hold.

list "frappe_social_login_key" "keys" {
  provider = frappe
  config {
    filters = { enable_social_login = true }
  }
}

list "frappe_user" "staff" {
  provider = frappe
  config {
    filters = { user_type = "System User", enabled = true }
  }
}

list "frappe_document" "roles" {
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
