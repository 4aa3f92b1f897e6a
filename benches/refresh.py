"""Refresh benchmark: what a refresh plan costs in requests and time now that
concurrent reads share list requests, and what a provider process costs at
N=1 against the framework's floor (the no-op provider).

Run through `benches/run.sh` (which builds the release binaries, the no-op
provider example and the Terraform engine) or directly:

    python3 benches/refresh.py --terraform .tfbin/terraform

Measures, in one run:

1. requests the emulator logs for a refresh plan of N = 1, 10, 100, 1000
   unchanged Social Login Keys, Users (one role each) and Roles
   (`frappe_document`), at `-parallelism=10` and, for comparison, at
   `-parallelism=1` (every read alone: one GET per document, what every
   refresh cost before reads were coalesced);
2. wall time of a refresh plan of 100 keys against a `terraform_data` of the
   same size, interleaved, on the plain emulator and on one with
   `--workers 2 --service-ms 8`;
   next to the no-op provider's one-attribute `noop_thing` and its
   `noop_mirror`, which has the schema and identity schema of
   `frappe_social_login_key` (taken from `terraform providers schema -json`)
   and stores what it is given: frappe / mirror is the provider's own cost,
   mirror / same-size terraform_data Terraform's cost for that schema through
   a plugin. Each command's CPU time (user + system, the whole `terraform`
   process tree with its provider processes, from the `wait4` rusage of the
   children) is recorded beside its wall time;
3. wall time of `plan` (empty state) and `apply` of one key against the no-op
   provider (`crates/terraform-plugin/examples/noop_provider/`) and a bare
   `terraform_data`, interleaved.

Writes its section of notes/benchmarks.md (between the refresh markers) and
the raw samples to target/bench/refresh.json. Benchmarks are never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the shared harness: emulator, workspaces, mirror, configs)
from bench import (  # noqa: E402
    APPLY_ARGS, PLAN_ARGS, ROOT, Emulator, Workspace, data_config, data_wide_config, document_config,
    frappe_config, log, loadavg, median, write_mirror,
)

NOOP_SOURCE = "terraform.local/bench/noop"
PAGE = 500
START, END = "<!-- refresh:start -->", "<!-- refresh:end -->"


def user_config(n: int) -> str:
    return f"""terraform {{
  required_providers {{
    frappe = {{
      source = "{bench.PROVIDER_SOURCE}"
    }}
  }}
}}

variable "frappe_url" {{
  type = string
}}

provider "frappe" {{
  url = var.frappe_url
}}

resource "frappe_user" "bench" {{
  count      = {n}
  email      = "bench-${{count.index}}@example.com"
  first_name = "Bench ${{count.index}}"
  roles      = ["Blogger"]
}}
"""


def noop_config(n: int) -> str:
    return f"""terraform {{
  required_providers {{
    noop = {{
      source = "{NOOP_SOURCE}"
    }}
  }}
}}

resource "noop_thing" "bench" {{
  count = {n}
  value = "bench-${{count.index}}"
}}
"""


def mirror_config(n: int) -> str:
    """frappe_config's resource, values unchanged, as the no-op provider's `noop_mirror`."""
    block = frappe_config(n).split('resource "frappe_social_login_key"', 1)[1]
    return f"""terraform {{
  required_providers {{
    noop = {{
      source = "{NOOP_SOURCE}"
    }}
  }}
}}

resource "noop_mirror"{block}"""


CONFIGS = {"keys": frappe_config, "users": user_config, "roles": document_config}

# Frappe refuses more than 60 new users an hour ("Throttled", `User.validate` ->
# `throttle_user_creation`, which the emulator follows), so users are measured up to this N.
USERS_MAX_N = 50


def add_noop_to_mirror(cli: Path, noop_binary: Path) -> None:
    mirror = cli.parent / "mirror"
    pdir = mirror / NOOP_SOURCE / "1.0.0" / bench.platform_dir()
    pdir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(noop_binary, pdir / "terraform-provider-noop_v1.0.0")


class MirrorWorkspace(Workspace):
    """A workspace whose no-op provider serves `noop_mirror` with the schema in `schema_file`."""

    def __init__(self, base: Path, name: str, cli_config: Path, config: str, schema_file: Path):
        super().__init__(base, name, cli_config, config)
        self.schema_file = schema_file

    def env(self, url: str | None) -> dict:
        env = super().env(url)
        env["NOOP_MIRROR_SCHEMA"] = str(self.schema_file)
        return env


def write_mirror_schema(terraform: str, ws: Workspace, resource_type: str, out: Path) -> None:
    """The schema and identity schema of `resource_type`, as `terraform providers schema -json`
    prints them in the initialised workspace `ws`, in the file `noop_mirror` reads."""
    printed = subprocess.run([terraform, "providers", "schema", "-json"], cwd=ws.dir, env=ws.env(None),
                             capture_output=True, check=True).stdout
    schemas = json.loads(printed)["provider_schemas"][bench.PROVIDER_SOURCE]
    out.write_text(json.dumps({
        "resource_schema": schemas["resource_schemas"][resource_type],
        "identity_schema": schemas.get("resource_identity_schemas", {}).get(resource_type),
    }, indent=1))


def timed_run(ws: Workspace, terraform: str, args: list, url: str | None, expect) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the whole process tree) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed, _ = ws.run(terraform, args, url, expect)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def requests_per_refresh(terraform, emulator_bin, cli, tmp, logdir, sizes, kinds=None) -> dict:
    out = {}
    for kind, config in CONFIGS.items():
        if kinds and kind not in kinds:
            continue
        for n in sizes:
            if kind == "users" and n > USERS_MAX_N:
                continue
            ws = Workspace(tmp / f"req-{kind}-{n}", "ws", cli, config(n))
            ws.run(terraform, ["init", "-no-color", "-input=false"], None)
            emulator = Emulator(emulator_bin, logdir, f"req-{kind}-{n}")
            try:
                ws.run(terraform, APPLY_ARGS, emulator.url)
                counts = {}
                for parallelism in (10, 1):
                    args = [a if not a.startswith("-parallelism") else f"-parallelism={parallelism}" for a in PLAN_ARGS]
                    before = emulator.requests_logged()
                    elapsed, _ = ws.run(terraform, args, emulator.url, (0,))
                    counts[parallelism] = {"requests": emulator.requests_logged() - before, "seconds": elapsed}
                out.setdefault(kind, {})[n] = counts
                log(f"requests {kind} N={n}: {counts[10]['requests']} (parallelism 10), "
                    f"{counts[1]['requests']} (parallelism 1)")
            finally:
                emulator.stop()
                shutil.rmtree(ws.dir.parent, ignore_errors=True)
    return out


def refresh_timing(terraform, emulator_bin, cli, tmp, logdir, n, reps, service) -> dict:
    """Refresh plan of n keys vs the same-size terraform_data, the no-op provider and the same-schema
    no-op resource, interleaved."""
    tag = "plain" if service is None else f"w{service[0]}-s{service[1]}"
    base = tmp / f"refresh-{tag}"
    frappe = Workspace(base, "frappe", cli, frappe_config(n))
    frappe.run(terraform, ["init", "-no-color", "-input=false"], None)
    schema_file = base / "mirror-schema.json"
    write_mirror_schema(terraform, frappe, "frappe_social_login_key", schema_file)
    workspaces = {"frappe": frappe,
                  "data_wide": Workspace(base, "data-wide", cli, data_wide_config(n)),
                  "noop": Workspace(base, "noop", cli, noop_config(n)),
                  "mirror": MirrorWorkspace(base, "mirror", cli, mirror_config(n), schema_file)}
    for kind, ws in workspaces.items():
        if kind != "frappe":
            ws.run(terraform, ["init", "-no-color", "-input=false"], None)
    emulator = (Emulator(emulator_bin, logdir, f"refresh-{tag}") if service is None
                else Emulator(emulator_bin, logdir, f"refresh-{tag}",
                              ("--workers", str(service[0]), "--service-ms", str(service[1]))))
    url = lambda kind: emulator.url if kind == "frappe" else None  # noqa: E731
    samples = {kind: [] for kind in workspaces}
    samples.update({f"{kind}_cpu": [] for kind in workspaces})
    samples["requests"] = []
    try:
        for kind, ws in workspaces.items():
            ws.run(terraform, APPLY_ARGS, url(kind))
        for rep in range(reps):
            order = list(workspaces.items())
            if rep % 2:
                order.reverse()
            for kind, ws in order:
                before = emulator.requests_logged()
                elapsed, cpu = timed_run(ws, terraform, PLAN_ARGS, url(kind), (0,))
                samples[kind].append(elapsed)
                samples[f"{kind}_cpu"].append(cpu)
                if kind == "frappe":
                    samples["requests"].append(emulator.requests_logged() - before)
            log(f"refresh N={n} {tag} rep {rep + 1}/{reps}: " + ", ".join(
                f"{kind} {samples[kind][-1] * 1000:.0f} ms ({samples[kind + '_cpu'][-1] * 1000:.0f} ms CPU)"
                for kind in workspaces))
    finally:
        emulator.stop()
        shutil.rmtree(base, ignore_errors=True)
    return samples


def single_resource(terraform, emulator_bin, cli, tmp, logdir, reps) -> dict:
    """N=1 plan (empty state) and apply: the key vs the no-op provider vs terraform_data."""
    workspaces = {"frappe": Workspace(tmp / "one", "frappe", cli, frappe_config(1)),
                  "noop": Workspace(tmp / "one", "noop", cli, noop_config(1)),
                  "data": Workspace(tmp / "one", "data", cli, data_config(1))}
    for ws in workspaces.values():
        ws.run(terraform, ["init", "-no-color", "-input=false"], None)
    samples = {op: {kind: [] for kind in workspaces} for op in ("plan", "apply")}
    for rep in range(reps):
        emulator = Emulator(emulator_bin, logdir, f"one-r{rep}")
        try:
            order = list(workspaces.items())
            if rep % 2:
                order.reverse()
            for op in ("plan", "apply"):
                args, expect = (PLAN_ARGS, (2,)) if op == "plan" else (APPLY_ARGS, (0,))
                for kind, ws in order:
                    elapsed, _ = ws.run(terraform, args, emulator.url if kind == "frappe" else None, expect)
                    samples[op][kind].append(elapsed)
            log(f"N=1 rep {rep + 1}/{reps}: " + ", ".join(
                f"{op} " + "/".join(f"{samples[op][k][-1] * 1000:.0f}" for k in workspaces) for op in samples)
                + " ms (frappe/noop/data)")
        finally:
            emulator.stop()
            for ws in workspaces.values():
                ws.reset_state()
    shutil.rmtree(tmp / "one", ignore_errors=True)
    return samples


def pair_ratios(a, b):
    return [x / y for x, y in zip(a, b)]


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def report(data: dict) -> str:
    lines = [START, "", "## Refresh: snapshots of small DocTypes, coalesced reads, and the N=1 floor", ""]
    w = lines.append
    w(f"Generated by `benches/refresh.py` (run by `benches/run.sh`) on {data['when']} (UTC), source commit "
      f"{data['commit']} ({data.get('profile', 'release')} build); load average at start → end: "
      f"{data['load_start']} → {data['load_end']}. "
      "Arguments as above (`-parallelism=10`); each figure is from this one run.")
    w("")
    w("### Requests per refresh plan of N unchanged resources")
    w("")
    w("Requests the emulator logged for one `terraform plan` of N applied, unchanged resources, at "
      "`-parallelism=10` and at `-parallelism=1` (no two reads at once, so no batch of concurrent reads; "
      "a DocType smaller than a page is still listed once, on its second read). Before snapshots and "
      "batches a refresh cost one GET per document plus the DocType's description. Target: ⌈N/page⌉ + "
      f"a constant, page = {PAGE}.")
    w("")
    w("| resources | N | requests (-parallelism=10) | requests (-parallelism=1) | ⌈N/page⌉ | requests − ⌈N/page⌉ |")
    w("| --- | ---: | ---: | ---: | ---: | ---: |")
    names = {"keys": "`frappe_social_login_key`", "users": "`frappe_user` (1 role each)",
             "roles": "`frappe_document` (Role)"}
    for kind, by_n in data["requests"].items():
        for n, counts in by_n.items():
            floor = math.ceil(int(n) / PAGE)
            got = counts["10"]["requests"] if "10" in counts else counts[10]["requests"]
            alone = counts["1"]["requests"] if "1" in counts else counts[1]["requests"]
            w(f"| {names[kind]} | {n} | {got} | {alone} | {floor} | {got - floor} |")
    w("")
    w("### Refresh plan of 100 keys vs a `terraform_data` of the same size")
    w("")
    w("Wall time in ms, median (min–max); ratio = frappe / same-size terraform_data per interleaved pair, median. "
      "In the same rounds: the no-op provider's `noop_thing` (one attribute, no identity) and its `noop_mirror`, "
      "which has `frappe_social_login_key`'s schema and identity schema and stores what it is given, both N=100.")
    w("")
    w("| site | reps | same-size terraform_data | no-op provider | same-schema no-op | frappe_social_login_key "
      "| ratio | requests |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    cell = lambda v: f"{ms(median(v))} ({ms(min(v))}–{ms(max(v))})" if v else "–"  # noqa: E731
    for label, s in data["refresh"].items():
        r = pair_ratios(s["frappe"], s["data_wide"])
        w(f"| {label} | {len(s['frappe'])} | {cell(s['data_wide'])} | {cell(s.get('noop', []))} "
          f"| {cell(s.get('mirror', []))} | {cell(s['frappe'])} "
          f"| {median(r):.2f}× ({min(r):.2f}–{max(r):.2f}) | {median(s['requests'])} |")
    w("")
    if any(s.get("mirror") for s in data["refresh"].values()):
        w("Split of the ratio, per interleaved round, median (min–max): frappe / same-schema no-op is the "
          "provider's own cost (its requests, its processes' work); same-schema no-op / same-size terraform_data "
          "is what Terraform spends on this schema through a plugin. CPU: user + system time of the whole "
          "`terraform` process tree (its provider processes included), ms, median (min–max).")
        w("")
        w("| site | frappe / same-schema no-op | same-schema no-op / same-size terraform_data "
          "| CPU same-size terraform_data | CPU no-op provider | CPU same-schema no-op | CPU frappe |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, s in data["refresh"].items():
            if not s.get("mirror"):
                continue
            own, schema = pair_ratios(s["frappe"], s["mirror"]), pair_ratios(s["mirror"], s["data_wide"])
            w(f"| {label} | {median(own):.2f}× ({min(own):.2f}–{max(own):.2f}) "
              f"| {median(schema):.2f}× ({min(schema):.2f}–{max(schema):.2f}) | "
              + " | ".join(cell(s.get(f"{kind}_cpu", [])) for kind in ("data_wide", "noop", "mirror", "frappe"))
              + " |")
        w("")
    if not data["single"]:
        w(END)
        return "\n".join(lines)
    w("### One resource: the provider vs the no-op provider vs `terraform_data`")
    w("")
    w("Wall time in ms, median (min–max); ratios per interleaved pair, median (min–max).")
    w("")
    w("| operation | reps | terraform_data | no-op provider | frappe_social_login_key | frappe / no-op | frappe / terraform_data |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for op, s in data["single"].items():
        a, b = pair_ratios(s["frappe"], s["noop"]), pair_ratios(s["frappe"], s["data"])
        cell = lambda v: f"{ms(median(v))} ({ms(min(v))}–{ms(max(v))})"  # noqa: E731
        title = "plan (empty state)" if op == "plan" else "apply (from empty)"
        w(f"| {title} | {len(s['frappe'])} | {cell(s['data'])} | {cell(s['noop'])} | {cell(s['frappe'])} | "
          f"{median(a):.2f}× ({min(a):.2f}–{max(a):.2f}) | {median(b):.2f}× ({min(b):.2f}–{max(b):.2f}) |")
    w("")
    w(END)
    return "\n".join(lines)


def write_report(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        marker = "## Findings"
        if marker in text:
            before, after = text.split(marker, 1)
            text = before + section + "\n\n" + marker + after
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terraform", default=str(ROOT / ".tfbin" / "terraform"))
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "notes" / "benchmarks.md"))
    parser.add_argument("--raw", default=str(ROOT / "target" / "bench" / "refresh.json"))
    parser.add_argument("--from-raw", metavar="JSON", help="rewrite the section from saved samples")
    parser.add_argument("--profile", default="release",
                        help="cargo profile of the binaries (debug builds give the same request counts)")
    parser.add_argument("--kinds", help="resources for the request counts (keys,users,roles; default all)")
    parser.add_argument("--parts", default="requests,single,refresh", help="which measurements to take")
    args = parser.parse_args()
    if args.from_raw:
        write_report(Path(args.out), report(json.loads(Path(args.from_raw).read_text())))
        return
    provider = ROOT / "target" / args.profile / "terraform-provider-frappe"
    emulator_bin = ROOT / "target" / args.profile / "frappe-emulator"
    noop = ROOT / "target" / args.profile / "examples" / "noop_provider"
    parts = args.parts.split(",")
    for path in (provider, emulator_bin, noop, Path(args.terraform)):
        if not path.exists():
            raise SystemExit(f"missing {path}: run benches/run.sh")
    sizes = [int(s) for s in args.sizes.split(",")]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    data = {"when": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "commit": commit, "load_start": loadavg(),
            "profile": args.profile, "requests": {}, "single": {}, "refresh": {}}
    with tempfile.TemporaryDirectory(prefix="refresh-bench-") as tmpdir:
        tmp = Path(tmpdir)
        logdir = tmp / "logs"
        logdir.mkdir()
        cli = write_mirror(tmp, "mirror", bench.version_of(ROOT), None, provider)
        add_noop_to_mirror(cli, noop)
        # Request counts first: they do not depend on the machine's load.
        if "requests" in parts:
            data["requests"] = requests_per_refresh(args.terraform, emulator_bin, cli, tmp, logdir, sizes,
                                                    args.kinds.split(",") if args.kinds else None)
        if "single" in parts:
            data["single"] = single_resource(args.terraform, emulator_bin, cli, tmp, logdir, args.reps)
        if "refresh" in parts:
            data["refresh"] = {
                "plain emulator": refresh_timing(args.terraform, emulator_bin, cli, tmp, logdir, 100, args.reps, None),
                "emulator, 2 workers × 8 ms": refresh_timing(args.terraform, emulator_bin, cli, tmp, logdir, 100,
                                                             args.reps, (2, 8)),
            }
    data["load_end"] = loadavg()
    raw = Path(args.raw)
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(data, indent=1))
    write_report(Path(args.out), report(json.loads(json.dumps(data))))
    log(f"wrote {args.out} and {raw}")


if __name__ == "__main__":
    main()
