# Adopting a site you already have: the configuration holds only the
# provider; `terraform query -generate-config-out=generated.tf` writes the
# import and resource blocks for what adopt.tfquery.hcl finds.
provider "frappe" {
  # url, api_key and api_secret from FRAPPE_URL, FRAPPE_API_KEY and
  # FRAPPE_API_SECRET.
}
