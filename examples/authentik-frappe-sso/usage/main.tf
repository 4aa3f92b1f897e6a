# Calls the module with both providers configured. Credentials come from the
# environment: AUTHENTIK_TOKEN for authentik, FRAPPE_API_KEY and
# FRAPPE_API_SECRET (a System Manager's API key) for Frappe.

terraform {
  required_providers {
    authentik = {
      source  = "goauthentik/authentik"
      version = ">= 2026.5.0"
    }
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}

provider "authentik" {
  url = "https://authentik.example.com"
}

provider "frappe" {
  url = "https://erp.example.com"
}

module "authentik_frappe_sso" {
  source = "../" # the module's directory (or a Git URL) as seen from your configuration

  authentik_url = "https://authentik.example.com"
  frappe_url    = "https://erp.example.com"
}

output "redirect_url" {
  value = module.authentik_frappe_sso.redirect_url
}
