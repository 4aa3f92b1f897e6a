# A role, named by its role_name field: the plan already shows the name.
resource "frappe_document" "auditor" {
  doctype = "Role"
  data = {
    role_name   = "Auditor"
    desk_access = true
  }
}

# A Single DocType: the site's one System Settings document. Only the fields
# written here are managed; destroying the resource leaves them as they are.
resource "frappe_document" "system_settings" {
  doctype = "System Settings"
  data = {
    session_expiry = "12:00"
  }
}

# A ToDo, which Frappe names with a hash: its name is known after apply.
resource "frappe_document" "renew_certificate" {
  doctype = "ToDo"
  data = {
    description = "Renew the TLS certificate of the identity provider"
    priority    = "High"
    date        = "2026-12-31"
  }
}

# A custom field on ToDo, placed after its priority field as the desk's
# Customize Form would place it. Frappe names it "<dt>-<fieldname>".
resource "frappe_document" "todo_ticket" {
  doctype = "Custom Field"
  data = {
    dt           = "ToDo"
    fieldname    = "ticket"
    label        = "Ticket"
    fieldtype    = "Data"
    insert_after = "priority"
  }
}
