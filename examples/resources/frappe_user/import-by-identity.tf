import {
  to = frappe_user.alice
  identity = {
    name = "alice@example.com"
  }
}
