# Every enabled desk user, with the user objects.
list "frappe_user" "desk_users" {
  provider         = frappe
  include_resource = true
  config {
    filters = { user_type = "System User", enabled = true }
  }
}
