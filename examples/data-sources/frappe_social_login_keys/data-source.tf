data "frappe_social_login_keys" "all" {}

# The names of the keys users can log in with, e.g. ["authentik", "github"].
output "enabled_social_logins" {
  value = [for key in data.frappe_social_login_keys.all.keys : key.name if key.enable_social_login]
}
