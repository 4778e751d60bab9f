"""Benchmark: loading the real datasets (ParlGov, the Turkish assembly's Popolo file) and
building them with the corpus, with the time and peak memory of each step.

Run with `make bench-datasets` (or `python bench/datasets.py`). Each step runs in a fresh
subprocess, so its imports count and its peak RSS is its own; the output is a Markdown table for
the README. The datasets are read from ../shared/datasets (or `--datasets DIR`); without them the
benchmark says so and exits 0. Timings are never asserted in tests: machines differ (and this
one is shared).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import json, resource, sys, time
from pathlib import Path
step, out, parlgov, popolo = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
start = time.perf_counter()
detail = {}
if step == "parlgov":
    from kg.loaders.parlgov import load_parlgov
    loaded = load_parlgov(Path(parlgov))
    detail["triples"] = sum(len(g) for g in loaded.graphs.values())
elif step == "popolo":
    from kg.loaders.popolo import load_popolo
    loaded = load_popolo(Path(popolo))
    detail["triples"] = sum(len(g) for g in loaded.graphs.values())
elif step == "link":
    from kg.build import load_inputs
    from kg.link import link_datasets
    from kg.paths import DATA
    inputs = load_inputs([DATA], [f"parlgov:{parlgov}", f"popolo:{popolo}"])
    start = time.perf_counter()  # the linking alone
    _, report = link_datasets(inputs, [e for i in inputs for e in i.entities])
    detail["comparisons"] = report.comparisons
elif step == "build":
    from kg.build import build
    result = build(out_dir=out, datasets=(f"parlgov:{parlgov}", f"popolo:{popolo}"))
    detail["triples"] = result.triples
    detail["valid"] = result.valid
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mib": peak, **detail}))
"""

STEPS = [
    ("parlgov", "load all of ParlGov (9 tables) into its graph"),
    ("popolo", "load the assembly's Popolo file into its graph"),
    ("link", "link both to the corpus (after loading; the linking alone)"),
    (
        "build",
        "polkg build with the corpus and both datasets (load, link, reconcile, validate, write)",
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--skip-build", action="store_true", help="leave out the full build")
    args = parser.parse_args()
    parlgov = args.datasets / "parlgov"
    popolo = args.datasets / "everypolitician-turkey" / "ep-popolo-v1.0.json"
    if not parlgov.is_dir() or not popolo.is_file():
        print(f"datasets not found under {args.datasets}: nothing to measure")
        return 0
    print("| step | seconds | peak MiB | detail |")
    print("|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for step, what in STEPS:
            if step == "build" and args.skip_build:
                continue
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", STEP, step, tmp, str(parlgov), str(popolo)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if done.returncode != 0:
                print(f"| {what} | failed | | {done.stderr.strip().splitlines()[-1:]} |")
                continue
            data = json.loads(done.stdout.strip().splitlines()[-1])
            extra = ", ".join(
                f"{k} {v:,}" if isinstance(v, int) and not isinstance(v, bool) else f"{k} {v}"
                for k, v in data.items()
                if k not in ("seconds", "peak_mib")
            )
            wall = time.perf_counter() - started
            print(
                f"| {what} | {data['seconds']:.1f} (process {wall:.1f}) | "
                f"{data['peak_mib']:.0f} | {extra} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
