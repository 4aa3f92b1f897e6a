# A user is imported by their email address (Frappe's name for the user).
terraform import frappe_user.alice alice@example.com
