#!/usr/bin/env python3
"""Per-start cost: two provider builds side by side on one-key commands.

    python3 benches/start_cost.py --before OLD_BINARY [--after NEW_BINARY] [--reps 9]

Terraform starts 3-4 provider processes per command; at one key each command's
wall time is mostly those starts (spawn, handshake, the RPCs, exit). This runs
plan (empty state), apply and a refresh plan of one `frappe_social_login_key`
with each build, interleaved and each against its own fresh emulator, with a
`terraform_data` of one resource as the baseline, and prints medians. It reuses
the set-up of benches/bench.py; it writes nothing into the repository.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the provider binary to compare against")
    parser.add_argument("--after", default=str(bench.ROOT / "target" / "release" / "terraform-provider-frappe"))
    parser.add_argument("--emulator", default=str(bench.ROOT / "target" / "release" / "frappe-emulator"))
    parser.add_argument("--terraform", default=str(bench.ROOT / ".tfbin" / "terraform"))
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args()
    for path in (args.before, args.after, args.emulator, args.terraform):
        if not Path(path).exists():
            raise SystemExit(f"missing {path}")

    tmp = Path(tempfile.mkdtemp(prefix="frappe-start-cost-"))
    logdir = tmp / "logs"
    logdir.mkdir()
    try:
        version = bench.version_of(bench.ROOT)
        after = bench.write_mirror(tmp, "after", version, None, Path(args.after))
        before = bench.write_mirror(tmp, "before", version, None, Path(args.before))
        bench.log(f"load {bench.loadavg()}")
        bench.compare(args.terraform, Path(args.emulator), after, tmp / "warmup", [1], lambda n: 1, logdir,
                      time.time() + 600, {"before": before})
        res = bench.compare(args.terraform, Path(args.emulator), after, tmp / "runs", [1], lambda n: args.reps,
                            logdir, time.time() + 1800, {"before": before})[1]
        samples = res["samples"]
        print(f"load {res['load_start']} -> {res['load_end']}; {args.reps} interleaved repetitions; ms median (min-max)")
        print("| operation | terraform_data | before | after | after / before (median of pairs) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for op in bench.OPS:
            s = samples[op]
            ratios = bench.ratio_list(s["frappe"], s["before"])
            print(f"| {op} | {bench.fmt_ms(bench.median(s['data']))} "
                  f"| {bench.fmt_ms(bench.median(s['before']))} ({bench.fmt_range_ms(s['before'])}) "
                  f"| {bench.fmt_ms(bench.median(s['frappe']))} ({bench.fmt_range_ms(s['frappe'])}) "
                  f"| {bench.median(ratios):.2f}× |")
        requests = {op: res["emulator"][op]["requests"] for op in bench.OPS}
        print("requests per command, after build: " + ", ".join(f"{op} {bench.median(r):.0f}" for op, r in requests.items()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
