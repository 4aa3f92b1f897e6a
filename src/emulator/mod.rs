//! Frappe API emulator (placeholder, being written).
