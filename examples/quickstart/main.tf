# Quickstart: one Custom Social Login Key on a local sandbox site.
#
#   cargo run --bin frappe-emulator -- --api-key sandbox --api-secret sandbox-secret
#   export FRAPPE_API_KEY=sandbox FRAPPE_API_SECRET=sandbox-secret
#   terraform init && terraform apply
#
# For a real site set TF_VAR_frappe_url (or -var frappe_url=...) and the API
# key of a System Manager in FRAPPE_API_KEY / FRAPPE_API_SECRET.

terraform {
  required_providers {
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}

variable "frappe_url" {
  description = "Base URL of the Frappe site; the default is where frappe-emulator listens."
  type        = string
  default     = "http://127.0.0.1:8000"
}

variable "frappe_api_key" {
  description = "API key of a System Manager; null reads FRAPPE_API_KEY."
  type        = string
  default     = null
}

variable "frappe_api_secret" {
  description = "API secret belonging to frappe_api_key; null reads FRAPPE_API_SECRET."
  type        = string
  default     = null
  sensitive   = true
}

variable "client_secret" {
  description = "The OAuth client secret the identity provider issued to Frappe."
  type        = string
  default     = "quickstart-client-secret"
  sensitive   = true
}

provider "frappe" {
  url        = var.frappe_url
  api_key    = var.frappe_api_key
  api_secret = var.frappe_api_secret
}

resource "frappe_social_login_key" "example" {
  provider_name       = "Example IdP"
  enable_social_login = true
  client_id           = "frappe"
  client_secret       = var.client_secret

  custom_base_url  = true
  base_url         = "https://idp.example.com"
  authorize_url    = "/oauth/authorize"
  access_token_url = "/oauth/token"
  api_endpoint     = "/oauth/userinfo"
  auth_url_data    = jsonencode({ response_type = "code", scope = "openid email profile" })
  # redirect_url is left out: the provider computes it from the site URL.
}

output "social_login_key_id" {
  description = "The key's name in Frappe: provider_name scrubbed (example_idp)."
  value       = frappe_social_login_key.example.id
}

output "redirect_url" {
  description = "The callback URL to register at the identity provider."
  value       = frappe_social_login_key.example.redirect_url
}
