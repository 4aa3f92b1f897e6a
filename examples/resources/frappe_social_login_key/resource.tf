variable "authentik_client_secret" {
  type      = string
  sensitive = true
}

variable "github_client_id" {
  type = string
}

variable "github_client_secret" {
  type      = string
  sensitive = true
}

# A Custom provider such as authentik. Its endpoints are given relative to
# base_url, so custom_base_url must be true: Frappe's desk form sets that
# hidden field for Custom providers, the API does not.
resource "frappe_social_login_key" "authentik" {
  provider_name         = "authentik"
  social_login_provider = "Custom"
  enable_social_login   = true
  client_id             = "frappe"
  client_secret         = var.authentik_client_secret
  sign_ups              = "Deny"

  custom_base_url  = true
  base_url         = "https://authentik.example.com" # no trailing slash
  authorize_url    = "/application/o/authorize/"
  access_token_url = "/application/o/token/"
  api_endpoint     = "/application/o/userinfo/"
  # Register exactly this URL at the identity provider.
  redirect_url  = provider::frappe::social_login_redirect_url("https://erp.example.com", "authentik")
  auth_url_data = jsonencode({ response_type = "code", scope = "openid email profile" })
}

# A preset: the provider fills in GitHub's URLs, as Frappe's desk form does.
# Keep provider_name "GitHub": Frappe's GitHub callback looks the key up by it.
resource "frappe_social_login_key" "github" {
  provider_name         = "GitHub"
  social_login_provider = "GitHub"
  enable_social_login   = true
  client_id             = var.github_client_id
  client_secret         = var.github_client_secret
}
