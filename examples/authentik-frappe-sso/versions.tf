terraform {
  # Provider functions (social_login_redirect_url) need Terraform 1.8.
  required_version = ">= 1.8"

  required_providers {
    authentik = {
      source = "goauthentik/authentik"
      # 2026.5.0 round-trips redirect_uri_type on allowed_redirect_uris.
      version = ">= 2026.5.0"
    }
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}
