# A document is imported as <doctype>/<name>; a Single as <doctype>/<doctype>.
terraform import frappe_document.auditor Role/Auditor
terraform import frappe_document.system_settings "System Settings/System Settings"
