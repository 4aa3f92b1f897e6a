output "redirect_url" {
  description = "The callback URL registered on both sides (authentik's strict redirect URI and Frappe's redirect_url)."
  value       = local.redirect_url
}

output "social_login_key_name" {
  description = "Name of the Social Login Key in Frappe, e.g. for terraform import."
  value       = frappe_social_login_key.authentik.id
}

output "authentik_provider_id" {
  description = "ID of the authentik OAuth2 provider."
  value       = authentik_provider_oauth2.frappe.id
}

output "authentik_application_slug" {
  description = "Slug of the authentik application."
  value       = authentik_application.frappe.slug
}

output "client_id" {
  description = "The OAuth client ID Frappe uses."
  value       = authentik_provider_oauth2.frappe.client_id
}

output "frappe_users" {
  description = "The Frappe users the module created, by email, with the user type Frappe derived from their roles."
  value       = { for email, user in frappe_user.sso : email => user.user_type }
}

output "allowed_groups" {
  description = "The authentik groups whose members may log in, by name, with the group's UUID; empty when everyone may."
  value       = { for name, group in data.authentik_group.allowed : name => group.id }
}
