# "https://erp.example.com/api/method/frappe.integrations.oauth2_logins.custom/my_idp"
output "redirect_url" {
  value = provider::frappe::social_login_redirect_url("https://erp.example.com/", "My IdP")
}
