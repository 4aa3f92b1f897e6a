#!/usr/bin/env bash
# Builds the release archives the Terraform Registry (or a network mirror)
# expects, into dist/:
#
#   terraform-provider-frappe_<version>_<os>_<arch>.zip  holding only
#       terraform-provider-frappe_v<version> (executable)
#   terraform-provider-frappe_<version>_manifest.json    (terraform-registry-manifest.json)
#   terraform-provider-frappe_<version>_SHA256SUMS       (every zip of <version> in dist/ and the manifest)
#   terraform-provider-frappe_<version>_SHA256SUMS.sig   (with GPG_FINGERPRINT: a detached binary
#                                                         signature of the sums, as the Registry verifies)
#
#   scripts/release.sh                                   # the host's platform (e.g. linux_amd64)
#   scripts/release.sh --target aarch64-unknown-linux-gnu --target x86_64-unknown-linux-gnu
#   scripts/release.sh --binary PATH [--target TRIPLE]   # package a prebuilt binary, no build
#   scripts/release.sh --dist DIR                        # write somewhere other than dist/
#
# It refuses to run unless HEAD is tagged v<version of Cargo.toml>
# (`git describe --exact-match --tags`; $RELEASE_TAG overrides, e.g. in CI).
#
# Other platforms need a cross toolchain for Rust *and* C (aws-lc-rs compiles C):
#   linux_arm64:  rustup target add aarch64-unknown-linux-gnu, install gcc-aarch64-linux-gnu, and
#                 export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
#                 (or CARGO=cross with https://github.com/cross-rs/cross, which brings both)
#   darwin_*:     build on macOS: rustup target add x86_64-apple-darwin aarch64-apple-darwin
# Each --target adds one zip; zips of the same version from earlier runs stay in dist/ and are
# covered by the new SHA256SUMS, so platforms can be built on different machines and collected.
# For the public Registry, set GPG_FINGERPRINT to the fingerprint of the signing key whose public half
# is registered with the Registry (an RSA key: Terraform's OpenPGP library does not verify EdDSA);
# GNUPGHOME picks the keyring. The key must be usable without a prompt (gpg-agent or no passphrase).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=provider-meta.sh
. "$root/scripts/provider-meta.sh"

usage="usage: scripts/release.sh [--target TRIPLE]... [--binary PATH] [--dist DIR]"
targets=()
binary=""
dist="$root/dist"
while [ $# -gt 0 ]; do
    case "$1" in
        --target | --binary | --dist)
            [ $# -ge 2 ] || die "$1 needs a value"
            case "$1" in
                --target) targets+=("$2") ;;
                --binary) binary="$2" ;;
                --dist) dist="$2" ;;
            esac
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
expected_tag="v$version"
tag="${RELEASE_TAG:-$(git -C "$root" describe --exact-match --tags HEAD 2>/dev/null || true)}"
if [ "$tag" != "$expected_tag" ]; then
    found="not tagged"
    [ -z "$tag" ] || found="tagged $tag"
    die "refusing to release: Cargo.toml says version $version, so HEAD must be tagged $expected_tag," \
        "but it is $found. Tag the release commit (git tag $expected_tag) or set RELEASE_TAG=$expected_tag."
fi

if [ -n "$binary" ]; then
    [ "${#targets[@]}" -le 1 ] || die "--binary packages one binary: give at most one --target"
    [ -f "$binary" ] || die "no such file: $binary"
fi
[ "${#targets[@]}" -gt 0 ] || targets=(host)

# Zip entries carry this time, so the same commit gives byte-identical archives.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 315532800)}"
mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"
member="${PROVIDER_BINARY}_v$version"

# make_zip ZIP SOURCE: ZIP holds SOURCE as $member, mode 0755.
make_zip() {
    local zip="$1" source="$2"
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$zip" "$source" "$member" "$epoch" <<'PYTHON'
import os, sys, time, zipfile

zip_path, source, member, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
info = zipfile.ZipInfo(member, date_time=time.gmtime(max(epoch, 315532800))[:6])
info.create_system = 3  # Unix, so the mode bits below are honoured when unpacking
info.external_attr = 0o100755 << 16
info.compress_type = zipfile.ZIP_DEFLATED
partial = zip_path + ".partial"
with open(source, "rb") as binary, zipfile.ZipFile(partial, "w") as archive:
    archive.writestr(info, binary.read())
os.replace(partial, zip_path)
PYTHON
    elif command -v zip >/dev/null 2>&1; then
        local stage
        stage="$(mktemp -d)"
        cp "$source" "$stage/$member"
        chmod 0755 "$stage/$member"
        rm -f "$zip"
        (cd "$stage" && zip -q -X "$zip" "$member")
        rm -rf "$stage"
    else
        die "need python3 or zip to write $zip"
    fi
}

cargo="${CARGO:-cargo}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
for target in "${targets[@]}"; do
    if [ "$target" = host ]; then
        platform="$(host_platform)"
        built="$target_dir/release/$PROVIDER_BINARY"
        build_args=()
    else
        platform="$(target_platform "$target")"
        built="$target_dir/$target/release/$PROVIDER_BINARY"
        build_args=(--target "$target")
    fi
    source="$binary"
    if [ -z "$source" ]; then
        # The ${a[@]+…} form keeps bash 3.2 (macOS) from calling an empty array unbound.
        echo "==> $cargo build --release ${build_args[*]+${build_args[*]}}"
        (cd "$root" && "$cargo" build --release --locked --bin "$PROVIDER_BINARY" ${build_args[@]+"${build_args[@]}"})
        source="$built"
    fi
    zip="$dist/${PROVIDER_BINARY}_${version}_${platform}.zip"
    make_zip "$zip" "$source"
    echo "==> $zip"
done

manifest="${PROVIDER_BINARY}_${version}_manifest.json"
cp "$root/terraform-registry-manifest.json" "$dist/$manifest"

if command -v sha256sum >/dev/null 2>&1; then
    sha256=(sha256sum)
else
    sha256=(shasum -a 256) # macOS
fi
sums="${PROVIDER_BINARY}_${version}_SHA256SUMS"
(
    cd "$dist"
    "${sha256[@]}" "${PROVIDER_BINARY}_${version}_"*.zip "$manifest" >"$sums.partial"
    mv -f "$sums.partial" "$sums"
)
echo "==> $dist/$sums"

if [ -n "${GPG_FINGERPRINT:-}" ]; then
    command -v gpg >/dev/null 2>&1 || die "GPG_FINGERPRINT is set but gpg is not installed"
    rm -f "$dist/$sums.sig"
    gpg --batch --yes --local-user "$GPG_FINGERPRINT" --detach-sign --output "$dist/$sums.sig" "$dist/$sums" ||
        die "signing $sums with $GPG_FINGERPRINT failed"
    echo "==> $dist/$sums.sig"
fi
