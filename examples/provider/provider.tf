terraform {
  required_providers {
    frappe = {
      source  = "terraform.local/frappe/frappe"
      version = "~> 0.1"
    }
  }
}

# The API key must belong to a user with the System Manager role. Leave the
# credentials out of the configuration: the provider reads FRAPPE_API_KEY and
# FRAPPE_API_SECRET (and FRAPPE_URL) from the environment.
provider "frappe" {
  url = "https://erp.example.com"
}
