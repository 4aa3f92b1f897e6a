# A desk user with two roles. Frappe creates users who first log in through
# single sign-on as Website Users without roles; declaring them here with the
# email their identity provider reports gives them their roles up front.
resource "frappe_user" "alice" {
  email      = "alice@example.com"
  first_name = "Alice"
  last_name  = "Example"
  roles      = ["System Manager", "Desk User"]
}

# A user who may no longer log in, kept because documents refer to them.
resource "frappe_user" "bob" {
  email      = "bob@example.com"
  first_name = "Bob"
  enabled    = false
}
