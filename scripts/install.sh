#!/usr/bin/env bash
# Installs the provider for the current user into Terraform's implied local
# mirror, ~/.terraform.d/plugins/terraform.local/frappe/frappe/<version>/<os>_<arch>/,
# where `terraform init` (and OpenTofu's) finds it without any CLI configuration
# and without a registry.
#
#   scripts/install.sh                 # build the release binary, then install it
#   scripts/install.sh --binary PATH   # install a binary built elsewhere
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=provider-meta.sh
. "$root/scripts/provider-meta.sh"

usage="usage: scripts/install.sh [--binary PATH]"
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary)
            [ $# -ge 2 ] || die "--binary needs a path"
            binary="$2"
            shift 2
            ;;
        -h | --help)
            echo "$usage"
            exit 0
            ;;
        *) die "unknown argument: $1 ($usage)" ;;
    esac
done

version="$(crate_version)"
platform="$(host_platform)"
[ -n "${HOME:-}" ] || die "HOME is not set"

if [ -z "$binary" ]; then
    echo "==> cargo build --release"
    (cd "$root" && cargo build --release --locked --bin "$PROVIDER_BINARY")
    binary="${CARGO_TARGET_DIR:-$root/target}/release/$PROVIDER_BINARY"
fi
[ -f "$binary" ] || die "no such file: $binary"

dir="$HOME/.terraform.d/plugins/$PROVIDER_SOURCE/$version/$platform"
dest="$dir/${PROVIDER_BINARY}_v$version"
mkdir -p "$dir"
# Copy beside the target and rename, so a Terraform run in progress never
# executes a half-written file.
cp "$binary" "$dest.partial.$$"
chmod 0755 "$dest.partial.$$"
mv -f "$dest.partial.$$" "$dest"

cat <<MESSAGE
Installed $dest

Use it in a configuration with:

terraform {
  required_providers {
    frappe = {
      source  = "$PROVIDER_SOURCE"
      version = "$version"
    }
  }
}

A configuration already initialised with another build of $version has that
build's checksum in its .terraform.lock.hcl, and \`terraform init\` refuses this
one: delete the provider "$PROVIDER_SOURCE" block from that
lock file, then run \`terraform init\` again.
MESSAGE
