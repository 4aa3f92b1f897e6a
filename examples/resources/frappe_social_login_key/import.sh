# A key is imported by its name: provider_name in lower case, with spaces and
# hyphens turned into "_" ("My IdP" is my_idp).
terraform import frappe_social_login_key.authentik authentik
