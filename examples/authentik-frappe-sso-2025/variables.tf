variable "authentik_url" {
  description = "Base URL of authentik as browsers reach it, e.g. https://authentik.example.com."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+", var.authentik_url))
    error_message = "authentik_url must start with http:// or https:// and a host name."
  }
}

variable "frappe_url" {
  description = "Base URL of the Frappe site as browsers reach it, e.g. https://erp.example.com."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+", var.frappe_url))
    error_message = "frappe_url must start with http:// or https:// and a host name."
  }
}

variable "provider_name" {
  description = "Label of Frappe's login button (\"Login with <provider_name>\"). Frappe derives the key's name and its callback URL from it, so changing it replaces the key."
  type        = string
  default     = "authentik"
}

variable "client_id" {
  description = "OAuth client ID of the authentik provider; authentik does not generate one."
  type        = string
  default     = "frappe"
}

variable "application_name" {
  description = "Name of the authentik application and OAuth2 provider."
  type        = string
  default     = "Frappe"
}

variable "application_slug" {
  description = "Slug of the authentik application."
  type        = string
  default     = "frappe"
}

variable "authorization_flow_slug" {
  description = "authentik flow that authorizes the login; use default-provider-authorization-explicit-consent to ask users for consent."
  type        = string
  default     = "default-provider-authorization-implicit-consent"
}

variable "invalidation_flow_slug" {
  description = "authentik flow run when the user logs out of the application."
  type        = string
  default     = "default-provider-invalidation-flow"
}

variable "signing_key_name" {
  description = "Name of the authentik certificate-key pair that signs the ID tokens."
  type        = string
  default     = "authentik Self-signed Certificate"
}

variable "sign_ups" {
  description = "What happens when someone authentik lets through has no Frappe user yet: \"Deny\" refuses them (only users that exist in Frappe, e.g. from frappe_users, can log in), \"Allow\" creates them as Website Users without roles, \"\" follows Frappe's Website Settings, whose Disable Signup is on by default on a new site (so \"\" usually refuses them too). Frappe v14 has no such setting: use \"\" there."
  type        = string
  default     = "Deny"

  validation {
    condition     = contains(["", "Allow", "Deny"], var.sign_ups)
    error_message = "sign_ups must be \"\", \"Allow\" or \"Deny\"."
  }
}

variable "enable_social_login" {
  description = "Whether Frappe's login page shows the \"Login with ...\" button. false only hides the button: Frappe's callback does not check it, so a login started from a known authorize link still works. To really stop logins through authentik, remove the module (the key is deleted) or disable the application in authentik."
  type        = bool
  default     = true
}

variable "frappe_users" {
  description = "Frappe users to create before anyone logs in, by email: the address authentik reports for the user, since Frappe finds social-login users by email. Each gets first_name, an optional last_name and roles (e.g. [\"System Manager\"]). Without this, a first-time user is refused (sign_ups = \"Deny\") or created as a Website User without desk roles (\"Allow\")."
  type = map(object({
    first_name = string
    last_name  = optional(string)
    roles      = optional(set(string), [])
  }))
  default = {}
}

variable "disable_password_login" {
  description = "Turn the site SSO-only: System Settings' \"Disable Username/Password Login\". Frappe then shows no email/password form and refuses password logins for every user, Administrator included, who from then on needs SSO (or bench) to get in; API keys keep working. Frappe accepts it only while a Social Login Key is enabled."
  type        = bool
  default     = false
}

variable "allowed_groups" {
  description = "Names of the authentik groups whose members may log in to Frappe through authentik (members of any one of them). Empty: every authentik user may (authentik's default for an application without policy bindings). The groups must exist in authentik."
  type        = list(string)
  default     = []

  validation {
    condition     = length(distinct(var.allowed_groups)) == length(var.allowed_groups)
    error_message = "allowed_groups lists a group twice."
  }
}
