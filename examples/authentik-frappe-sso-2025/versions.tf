terraform {
  # Provider functions (social_login_redirect_url) need Terraform 1.8.
  required_version = ">= 1.8"

  required_providers {
    authentik = {
      source = "goauthentik/authentik"
      # The 2025 releases, made for authentik 2025.x: no grant_types, no
      # redirect_uri_type. For authentik 2026.5 use ../authentik-frappe-sso.
      version = ">= 2025.10.0, < 2026.0.0"
    }
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}
