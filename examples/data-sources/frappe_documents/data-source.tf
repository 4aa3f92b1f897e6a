# Every enabled desk user of the site, newest first.
data "frappe_documents" "desk_users" {
  doctype  = "User"
  filters  = { user_type = "System User", enabled = 1 }
  fields   = ["name", "full_name"]
  order_by = "creation desc"
}

output "desk_users" {
  value = data.frappe_documents.desk_users.names
}
