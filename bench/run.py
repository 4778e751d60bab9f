"""The benchmark: polkg's build, validation, queries and exports at growing sizes, side by side
with the plain rdflib + pySHACL path and with raw pyoxigraph (the best existing engine: our
limit).

`make bench` (all sizes, < 20 min on a 2-core machine) or `python bench/run.py --quick` (30 and
100 articles). For each size a corpus is generated (`bench/generate.py`, seeded) and, for each
store/validator configuration, one fresh subprocess builds it and measures:

- each build phase (load YAML+texts, claims→RDF incl. name resolution, consensus, validate,
  write ttl+trig+nq, final counts),
- opening the built graph, every query in `queries/`, export of every graph to Turtle (the
  consensus) and N-Quads (all graphs), and the peak RSS of the process;

then the baselines on the same `dataset.nq`: rdflib parse + pySHACL on the union + rdflib's
Turtle writer ("plain"), and `pyoxigraph.Store.bulk_load` + a dump ("raw oxigraph").

It prints one Markdown table per measure with the ratios to the baselines and the growth
exponent of each phase (the slope of log time against log triples between the smallest and
the largest size: 1.0 is linear), and writes everything to `bench/results.json`. Timings are
never asserted in tests: machines differ.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"

QUICK_SIZES = (30, 100)
FULL_SIZES = (30, 100, 300, 1000, 1600)  # 1,600 articles ≈ 1M triples: the targets of issue 11
CONFIGS = (("memory", "pyshacl"), ("oxigraph", "pyshacl"), ("oxigraph", "fast"))
PHASES = ("load", "claims", "consensus", "validate", "write", "counts")

# One configuration, measured in a fresh interpreter so that peak RSS is its own.
STEP = r"""
import gc, json, resource, sys, time
from pathlib import Path
corpus, out, store, validator = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
from kg.build import build
from kg.export import export
from kg.query import list_queries, run
from kg.store import load_dataset
spec = f"oxigraph:{out / 'store'}" if store == "oxigraph" else "memory"
t0 = time.perf_counter()
if corpus.startswith("dataset="):  # a real dataset, KIND:PATH (kg.loaders.registry)
    result = build((), out / "out", datasets=[corpus[8:]], store=spec, validator=validator)
else:
    result = build((Path(corpus),), out / "out", store=spec, validator=validator)
m = {"phases": result.phases, "build": time.perf_counter() - t0, "triples": result.triples,
     "valid": result.valid, "violations": result.violations, "queries": {}}
del result
gc.collect()  # free the build's dataset now, not inside the timing of `open`
t = time.perf_counter(); ds = load_dataset(out / "out", build_if_missing=False)
m["open"] = time.perf_counter() - t
for info in list_queries():
    t = time.perf_counter(); rows = len(run(ds, info.name))
    m["queries"][info.name] = {"seconds": time.perf_counter() - t, "rows": rows}
t = time.perf_counter(); export(ds, "ttl"); m["export_ttl"] = time.perf_counter() - t
t = time.perf_counter(); export(ds, "nq", graph="all"); m["export_nq"] = time.perf_counter() - t
m["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(m))
"""

# The plain rdflib + pySHACL path on the same N-Quads: parse, validate the union, write Turtle.
PLAIN = r"""
import json, resource, sys, time
import pyshacl
from rdflib import Dataset, Graph
nq, shapes, onto = sys.argv[1], sys.argv[2], sys.argv[3]
m = {}
t = time.perf_counter(); ds = Dataset(); ds.parse(nq, format="nquads")
union = Graph()
for s, p, o, _ in ds.quads((None, None, None, None)):
    union.add((s, p, o))
m["parse"] = time.perf_counter() - t
t = time.perf_counter()
pyshacl.validate(union, shacl_graph=Graph().parse(shapes), ont_graph=Graph().parse(onto),
                 inference="none", allow_warnings=True)
m["validate"] = time.perf_counter() - t
t = time.perf_counter(); union.serialize(format="turtle"); m["write_ttl"] = time.perf_counter() - t
m["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(m))
"""

RAW_OXIGRAPH = r"""
import json, resource, sys, time
import pyoxigraph as ox
m = {}
NQ = ox.RdfFormat.N_QUADS
t = time.perf_counter(); store = ox.Store(); store.bulk_load(path=sys.argv[1], format=NQ)
m["load"] = time.perf_counter() - t
t = time.perf_counter(); store.dump(format=NQ); m["dump_nq"] = time.perf_counter() - t
m["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(m))
"""


def _subprocess(code: str, *args: str, timeout: float) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; its last stdout line is the JSON of its figures."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start
    return result


def measure_size(
    articles: int | str,
    seed: int,
    work: Path,
    configs: list[tuple[str, str]],
    baselines: bool,
) -> dict[str, Any]:
    """Every configuration and baseline at one size (or on one real dataset, `KIND:PATH`)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    if isinstance(articles, str):
        corpus = f"dataset={articles}"
        tag = re.sub(r"[^A-Za-z0-9]+", "-", articles)
    else:
        corpus = str(generate(work / f"corpus-{articles}", articles, seed))
        tag = str(articles)
    entry: dict[str, Any] = {"articles": articles, "configs": {}, "baselines": {}}
    nq: Path | None = None
    for store, validator in configs:
        name = f"{store}/{validator}"
        out = work / f"run-{tag}-{store}-{validator}"
        print(f"  {articles} articles, {name} …", file=sys.stderr, flush=True)
        result = _subprocess(STEP, corpus, str(out), store, validator, timeout=3600)
        entry["configs"][name] = result
        if "triples" in result:
            entry["triples"] = result["triples"]
            nq = out / "out" / "dataset.nq"
    if nq is not None:
        print(f"  {articles} articles, raw pyoxigraph …", file=sys.stderr, flush=True)
        entry["baselines"]["raw-oxigraph"] = _subprocess(RAW_OXIGRAPH, str(nq), timeout=600)
        if baselines:
            print(f"  {articles} articles, plain rdflib+pySHACL …", file=sys.stderr, flush=True)
            entry["baselines"]["plain"] = _subprocess(
                PLAIN,
                str(nq),
                str(ROOT / "ontology" / "shapes.ttl"),
                str(ROOT / "ontology" / "polkg.ttl"),
                timeout=3600,
            )
    return entry


def _total(config: dict[str, Any]) -> float | None:
    """Build (incl. validate and writes) + every query + both exports: the target's measure."""
    if "phases" not in config:
        return None
    queries = sum(q["seconds"] for q in config["queries"].values())
    return float(config["build"] + queries + config["export_ttl"] + config["export_nq"])


def _exponent(points: list[tuple[float, float]]) -> float | None:
    """Slope of log(seconds) on log(triples), least squares over the sizes (1.0 = linear)."""
    pts = [(math.log(x), math.log(max(y, 1e-4))) for x, y in points if x > 0 and y is not None]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    var = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / var if var else None


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def tables(results: dict[str, Any]) -> str:
    """The Markdown tables printed at the end and pasted into the README."""
    sizes = results["sizes"]
    lines: list[str] = []
    names = list(dict.fromkeys(n for s in sizes for n in s["configs"]))
    for name in names:
        lines += [
            f"**{name}** (store/validator), seconds",
            "",
            "| articles | triples | " + " | ".join(PHASES) + " | open | all queries | "
            "slowest query | export ttl | export nq | total | peak MiB | ×plain | "
            "load ×raw oxigraph |",
            "|" + "---:|" * (len(PHASES) + 12),
        ]
        for size in sizes:
            c = size["configs"].get(name, {})
            if "phases" not in c:
                lines.append(f"| {size['articles']} | – | {c.get('error', 'not run')} |")
                continue
            queries = c["queries"]
            slowest = max(queries.items(), key=lambda kv: kv[1]["seconds"])
            total = _total(c)
            plain = size["baselines"].get("plain", {})
            plain_total = (
                plain["parse"] + plain["validate"] + plain["write_ttl"]
                if "parse" in plain
                else None
            )
            raw = size["baselines"].get("raw-oxigraph", {})
            load = c["phases"]["load"] + c["phases"]["claims"]
            lines.append(
                f"| {size['articles']} | {size.get('triples', 0):,} | "
                + " | ".join(_fmt(c["phases"].get(p)) for p in PHASES)
                + f" | {_fmt(c['open'])} | {_fmt(sum(q['seconds'] for q in queries.values()))}"
                f" | {slowest[0]} {_fmt(slowest[1]['seconds'])} | {_fmt(c['export_ttl'])}"
                f" | {_fmt(c['export_nq'])} | {_fmt(total)} | {c['peak_mib']:.0f}"
                f" | {_fmt(plain_total / total if plain_total and total else None, 1)}"
                f" | {_fmt(load / raw['load'] if 'load' in raw else None, 0)} |"
            )
        growth = []
        for phase in (*PHASES, "total"):
            pts = [
                (
                    float(s.get("triples", 0)),
                    _total(s["configs"][name])
                    if phase == "total"
                    else s["configs"][name]["phases"][phase],
                )
                for s in sizes
                if isinstance(s["articles"], int) and "phases" in s["configs"].get(name, {})
            ]
            growth.append(f"{phase} {_fmt(_exponent(pts))}")
        lines += ["", "growth exponent (time ∝ triples^k): " + ", ".join(growth), ""]
    lines += [
        "**baselines** on the same dataset.nq, seconds",
        "",
        "| articles | triples | plain: rdflib parse | plain: pySHACL | plain: rdflib Turtle | "
        "plain peak MiB | raw oxigraph: bulk load | raw oxigraph: dump nq | raw peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        p = size["baselines"].get("plain", {})
        r = size["baselines"].get("raw-oxigraph", {})
        lines.append(
            f"| {size['articles']} | {size.get('triples', 0):,} | {_fmt(p.get('parse'))} | "
            f"{_fmt(p.get('validate'))} | {_fmt(p.get('write_ttl'))} | "
            f"{_fmt(p.get('peak_mib'), 0)} | {_fmt(r.get('load'), 3)} | "
            f"{_fmt(r.get('dump_nq'), 3)} | {_fmt(r.get('peak_mib'), 0)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} only")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of articles to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--configs",
        nargs="+",
        default=[f"{s}/{v}" for s, v in CONFIGS],
        help="store/validator pairs (default: all)",
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=300,
        help="largest size at which the plain rdflib+pySHACL baseline runs (it is slow)",
    )
    parser.add_argument(
        "--reference-max",
        type=int,
        default=100,
        help="largest size at which configurations on the memory store or pySHACL run (the "
        "slow reference paths; the fast path runs at every size)",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        default=[],
        metavar="KIND:PATH",
        help="also measure a real dataset, e.g. one in ../shared/datasets (repeatable; the "
        "kinds are those `polkg build --dataset` knows)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    configs = [(c.split("/", 1)[0], c.split("/", 1)[-1]) for c in args.configs]
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%d"),
        "seed": args.seed,
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="polkg-bench-") as tmp:
        for articles in sizes:
            baselines = articles <= args.baseline_max
            here = [
                c for c in configs if articles <= args.reference_max or c == ("oxigraph", "fast")
            ]
            entry = measure_size(articles, args.seed, Path(tmp), here, baselines)
            results["sizes"].append(entry)
            args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        for spec in args.dataset:
            entry = measure_size(spec, args.seed, Path(tmp), configs, True)
            results["sizes"].append(entry)
            args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
