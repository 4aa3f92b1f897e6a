import {
  to = frappe_document.auditor
  id = "Role/Auditor"
}
