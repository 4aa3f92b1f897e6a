# Every Social Login Key whose login button is shown.
list "frappe_social_login_key" "enabled" {
  provider = frappe
  config {
    filters = { enable_social_login = true }
  }
}
