# Open ToDos assigned to the operations team, and the Website Settings
# (a Single: its one document is found when the filters hold).
list "frappe_document" "ops_todos" {
  provider = frappe
  limit    = 500
  config {
    doctype = "ToDo"
    filters = { status = "Open", allocated_to = "ops@example.com" }
  }
}

list "frappe_document" "website_settings" {
  provider         = frappe
  include_resource = true
  config {
    doctype = "Website Settings"
  }
}
