"""Benchmarks: how long the main steps take on the bundled corpus, and their peak memory.

Run with `make bench`. Each step runs in a fresh subprocess (so imports and caches count as a
user would feel them, and peak RSS is that step's own), `--repeat` times; the median wall time
and the largest peak RSS are printed as a Markdown table for the README. Timings are never
asserted in tests: machines differ.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import json, resource, sys, time
from pathlib import Path
out = Path(sys.argv[1]); step = sys.argv[2]; arg = sys.argv[3] if len(sys.argv) > 3 else ""
start = time.perf_counter()
if step == "build":
    from kg.build import build
    build(out_dir=out)
elif step == "load":
    from kg.store import load_dataset
    load_dataset(out, build_if_missing=False)
elif step == "queries":
    from kg.query import list_queries, run
    from kg.store import load_dataset
    ds = load_dataset(out, build_if_missing=False)
    for info in list_queries():
        run(ds, info.name).records()
elif step == "export":
    from kg.export import export
    from kg.store import load_dataset
    export(load_dataset(out, build_if_missing=False), arg, graph="all")
elif step == "validate":
    from kg.store import load_dataset
    from kg.validate import validate_dataset
    validate_dataset(load_dataset(out, build_if_missing=False))
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024}))
"""

STEPS = [
    ("build", "", "build the corpus graph (load, resolve, reconcile, validate, write out/)"),
    ("load", "", "parse out/dataset.trig into a Dataset"),
    ("validate", "", "SHACL-validate the consensus and every source graph"),
    ("queries", "", "run every query in queries/ once"),
    ("export", "trig", "export every graph as TriG"),
    ("export", "nq", "export every graph as N-Quads"),
]


def measure(out: Path, step: str, arg: str) -> dict[str, float]:
    """Run one step in a fresh interpreter and return its in-process time and peak RSS."""
    wall = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", STEP, str(out), step, arg],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - wall
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        measure(out, "build", "")  # warm-up, and the outputs the other steps read
        print("| step | median in-process (s) | median wall with start-up (s) | peak RSS (MiB) |")
        print("|---|---:|---:|---:|")
        for step, arg, title in STEPS:
            runs = [measure(out, step, arg) for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            wall = statistics.median(r["wall"] for r in runs)
            peak = max(r["peak_mib"] for r in runs)
            print(f"| {title} | {seconds:.2f} | {wall:.2f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
