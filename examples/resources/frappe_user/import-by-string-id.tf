import {
  to = frappe_user.alice
  id = "alice@example.com"
}
