# Fails when the site has no key of that name.
data "frappe_social_login_key" "authentik" {
  name = "authentik"
}

output "authentik_login" {
  value = {
    enabled      = data.frappe_social_login_key.authentik.enable_social_login
    redirect_url = data.frappe_social_login_key.authentik.redirect_url
    has_secret   = data.frappe_social_login_key.authentik.has_client_secret
  }
}
