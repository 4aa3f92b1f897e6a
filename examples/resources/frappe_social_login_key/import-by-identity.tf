import {
  to = frappe_social_login_key.authentik
  identity = {
    name = "authentik"
  }
}
