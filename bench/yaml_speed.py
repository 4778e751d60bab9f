"""How much faster polkg reads YAML with libyaml's parser (yaml.CSafeLoader) than with the
pure-Python one, on a large generated entities file; and that both read it the same.

Run: `.venv/bin/python bench/yaml_speed.py [--entities 20000] [--repeat 3]`. Prints the median
time of each parser and the speed-up. Timings are never asserted in tests (machines differ);
tests/test_yaml_parsers.py checks that both parsers give the same values, lines and messages.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from kg.loaders.yamlio import load_yaml, make_loader


def generate(path: Path, entities: int) -> None:
    """An entities file of `entities` people, each with labels, alt labels and a match."""
    lines = ["entities:"]
    for i in range(entities):
        lines += [
            "  - type: Person",
            f"    label: Person Number {i} Örnek",
            f"    alt_labels: [P. {i} Ornek, Number {i}]",
            f'    exact_match: ["https://www.wikidata.org/wiki/Q{1000 + i}"]',
            f'    note: "generated; row {i}, 45.{i % 10}%, 2019-06-{1 + i % 28:02d}"',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(path: Path, loader: type[yaml.SafeLoader], repeat: int) -> tuple[float, object]:
    times, data = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        data = load_yaml(path, loader=loader)
        times.append(time.perf_counter() - start)
    return statistics.median(times), data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not yaml.__with_libyaml__:
        raise SystemExit("PyYAML here is built without libyaml: nothing to compare")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.yaml"
        generate(path, args.entities)
        size = path.stat().st_size / 2**20
        python_time, python_data = timed(path, make_loader(yaml.SafeLoader), args.repeat)
        c_time, c_data = timed(path, make_loader(yaml.CSafeLoader), args.repeat)
    assert c_data == python_data, "the two parsers read the file differently"
    lines = [e.line for e in python_data["entities"]]  # type: ignore[index]
    assert lines == [e.line for e in c_data["entities"]], "the two parsers give other lines"  # type: ignore[index]
    print("| file | pure-Python SafeLoader | libyaml CSafeLoader | speed-up |")
    print("|---|---|---|---|")
    print(
        f"| {args.entities:,} entities, {size:.1f} MB | {python_time:.2f} s | {c_time:.2f} s "
        f"| {python_time / c_time:.1f}× |"
    )


if __name__ == "__main__":
    main()
