# Calls the module (for authentik 2025.10-2025.12) with both providers
# configured. Credentials come from the environment: AUTHENTIK_TOKEN for
# authentik, FRAPPE_API_KEY and FRAPPE_API_SECRET (a System Manager's API key)
# for Frappe.

terraform {
  required_providers {
    authentik = {
      source  = "goauthentik/authentik"
      version = ">= 2025.10.0, < 2026.0.0" # authentik 2025.10-2025.12
    }
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}

variable "authentik_url" {
  description = "authentik's base URL as browsers reach it."
  type        = string
  default     = "https://authentik.example.com"
}

variable "frappe_url" {
  description = "The Frappe site's base URL as browsers reach it."
  type        = string
  default     = "https://erp.example.com"
}

provider "authentik" {
  url = var.authentik_url
}

provider "frappe" {
  url = var.frappe_url
}

module "authentik_frappe_sso" {
  source = "../" # the module's directory (or a Git URL) as seen from your configuration

  authentik_url = var.authentik_url
  frappe_url    = var.frappe_url

  # Only members of these authentik groups may log in (empty: everyone).
  # allowed_groups = ["erp-users"]

  # Alice logs in through authentik and lands in Frappe's desk.
  frappe_users = {
    "alice@example.com" = { first_name = "Alice", roles = ["System Manager"] }
  }
}

output "redirect_url" {
  value = module.authentik_frappe_sso.redirect_url
}
