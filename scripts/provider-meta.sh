# Sourced by install.sh and release.sh: the provider's name, the crate
# version, and Terraform's <os>_<arch> platform names. Expects $root (the
# repository) to be set.

PROVIDER_SOURCE="terraform.local/frappe/frappe"
PROVIDER_BINARY="terraform-provider-frappe"

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# The package version: the first top-level `version = "…"` line of Cargo.toml
# (dependency versions sit inside inline tables, never at the start of a line).
crate_version() {
    local version
    version="$(sed -n 's/^version = "\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n 1)"
    [ -n "$version" ] || die "cannot read the version from $root/Cargo.toml"
    echo "$version"
}

# The platform of this machine, as Terraform names it (linux_amd64, darwin_arm64, …).
host_platform() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        FreeBSD) os=freebsd ;;
        *) die "unsupported operating system: $(uname -s)" ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=amd64 ;;
        aarch64 | arm64) arch=arm64 ;;
        *) die "unsupported architecture: $(uname -m)" ;;
    esac
    echo "${os}_${arch}"
}

# The Terraform platform of a Rust target triple.
target_platform() {
    case "$1" in
        x86_64-unknown-linux-gnu | x86_64-unknown-linux-musl) echo linux_amd64 ;;
        aarch64-unknown-linux-gnu | aarch64-unknown-linux-musl) echo linux_arm64 ;;
        x86_64-apple-darwin) echo darwin_amd64 ;;
        aarch64-apple-darwin) echo darwin_arm64 ;;
        *) die "unsupported target $1 (supported: x86_64/aarch64 -unknown-linux-gnu/-musl, x86_64/aarch64-apple-darwin)" ;;
    esac
}
