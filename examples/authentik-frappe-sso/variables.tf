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
  description = "Whether authentik users without a Frappe user may sign up: \"Allow\", \"Deny\", or \"\" to follow Frappe's Website Settings."
  type        = string
  default     = "Deny"

  validation {
    condition     = contains(["", "Allow", "Deny"], var.sign_ups)
    error_message = "sign_ups must be \"\", \"Allow\" or \"Deny\"."
  }
}

variable "enable_social_login" {
  description = "Whether Frappe shows the login button and accepts logins through authentik."
  type        = bool
  default     = true
}
