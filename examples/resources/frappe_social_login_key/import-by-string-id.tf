import {
  to = frappe_social_login_key.authentik
  id = "authentik"
}
