import {
  to = frappe_document.auditor
  identity = {
    doctype = "Role"
    name    = "Auditor"
  }
}
