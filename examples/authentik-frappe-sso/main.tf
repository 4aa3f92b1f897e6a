# authentik as the identity provider of a Frappe site: an OAuth2 provider and
# an application in authentik, and the matching Custom Social Login Key in
# Frappe, wired to each other so the two sides cannot disagree.

locals {
  # Frappe concatenates base_url and the endpoint paths as plain strings.
  authentik_base_url = trimsuffix(var.authentik_url, "/")

  # Frappe sends exactly this as redirect_uri, and authentik's strict matching
  # compares the whole string: one value, used on both sides. No trailing slash.
  redirect_url = provider::frappe::social_login_redirect_url(var.frappe_url, var.provider_name)
}

data "authentik_flow" "authorization" {
  slug = var.authorization_flow_slug
}

data "authentik_flow" "invalidation" {
  slug = var.invalidation_flow_slug
}

data "authentik_certificate_key_pair" "signing" {
  name              = var.signing_key_name
  fetch_certificate = false
  fetch_key         = false # keep the private key out of the state
}

# Without the email scope the userinfo answer has no email and Frappe refuses the login.
data "authentik_property_mapping_provider_scope" "oidc" {
  managed_list = [
    "goauthentik.io/providers/oauth2/scope-openid",
    "goauthentik.io/providers/oauth2/scope-email",
    "goauthentik.io/providers/oauth2/scope-profile",
  ]
}

resource "authentik_provider_oauth2" "frappe" {
  name               = var.application_name
  client_id          = var.client_id
  client_type        = "confidential"
  authorization_flow = data.authentik_flow.authorization.id
  invalidation_flow  = data.authentik_flow.invalidation.id
  signing_key        = data.authentik_certificate_key_pair.signing.id
  property_mappings  = data.authentik_property_mapping_provider_scope.oidc.ids
  # Frappe stores the "sub" claim as the user's id at this provider.
  sub_mode = "user_username"
  # client_secret is left out: authentik generates it.

  # Required. Since authentik 2026.5 a provider created through the API
  # without grant_types is stored with none at all, and authentik then
  # refuses every login (authorize: error=invalid_request, token:
  # invalid_grant) while the plan stays clean. Frappe's login is the
  # authorization-code flow; add "refresh_token" only if something else
  # uses this client with refresh tokens.
  grant_types = ["authorization_code"]

  # Every entry needs redirect_uri_type: the provider reads an entry without
  # it back as "authorization", so leaving it out shows a change on every plan.
  allowed_redirect_uris = [
    {
      matching_mode     = "strict"
      url               = local.redirect_url
      redirect_uri_type = "authorization"
    },
  ]

  lifecycle {
    # authentik before 2026.5 has no grant_types: it drops them and reads
    # back none, and every later plan would add them again. Stop at the
    # first apply and say which module fits that server. (It also catches
    # grant_types removed above, which on 2026.5 refuses every login.)
    postcondition {
      condition     = length(self.grant_types) > 0
      error_message = "authentik stored no grant_types for this OAuth2 provider. With grant_types set as in this module, the server is older than authentik 2026.5 (2025.x has no grant_types and no redirect_uri_type), and every later plan would show changes: for authentik 2025.10-2025.12 use the module examples/authentik-frappe-sso-2025 with provider goauthentik/authentik 2025.x, or upgrade authentik to 2026.5 or later. On authentik 2026.5 a provider without grant_types refuses every login: set grant_types = [\"authorization_code\"]."
    }
  }
}

resource "authentik_application" "frappe" {
  name              = var.application_name
  slug              = var.application_slug
  protocol_provider = authentik_provider_oauth2.frappe.id
  meta_launch_url   = var.frappe_url
}

# Who may log in: with allowed_groups empty the application has no policy
# binding and authentik lets every user in. Otherwise one group binding per
# group (order = position in the list); in authentik's default mode "any" a
# member of any of them passes, everyone else gets authentik's
# "Permission denied" page and is never sent back to Frappe.
data "authentik_group" "allowed" {
  for_each = toset(var.allowed_groups)

  name          = each.value
  include_users = false # keep the member list out of the state
}

resource "authentik_policy_binding" "allowed_group" {
  for_each = { for position, name in var.allowed_groups : name => position }

  target = authentik_application.frappe.uuid
  group  = data.authentik_group.allowed[each.key].id
  order  = each.value
}

resource "frappe_social_login_key" "authentik" {
  provider_name         = var.provider_name
  social_login_provider = "Custom"
  enable_social_login   = var.enable_social_login
  client_id             = authentik_provider_oauth2.frappe.client_id
  client_secret         = authentik_provider_oauth2.frappe.client_secret
  sign_ups              = var.sign_ups

  # A hidden field only the desk form sets for Custom providers. Through the
  # API it stays 0 and Frappe sends users to the bare, relative authorize path.
  custom_base_url  = true
  base_url         = local.authentik_base_url
  authorize_url    = "/application/o/authorize/"
  access_token_url = "/application/o/token/"
  api_endpoint     = "/application/o/userinfo/"
  redirect_url     = local.redirect_url
  auth_url_data    = jsonencode({ response_type = "code", scope = "openid email profile" })

  # The application must exist before users are sent to it.
  depends_on = [authentik_application.frappe]
}

# Desk users whom an authentik login then finds by email.
resource "frappe_user" "sso" {
  for_each = var.frappe_users

  email      = each.key
  first_name = each.value.first_name
  last_name  = each.value.last_name
  roles      = each.value.roles
}

# System Settings is a Single: this manages its one field and nothing else.
# Frappe refuses to disable password logins unless a Social Login Key is
# enabled, hence the dependency on the key.
resource "frappe_document" "password_login" {
  doctype = "System Settings"
  data = {
    disable_user_pass_login = var.disable_password_login
  }

  depends_on = [frappe_social_login_key.authentik]
}
