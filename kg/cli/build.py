"""`polkg build`: the corpus (and any datasets) → `out/`, with a short summary.

Exit codes: 0 the graph conforms to the shapes (warnings allowed), 1 violations (the outputs
and the report are still written), 2 input polkg cannot use (nothing written). No progress bar:
the bundled corpus builds in a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.paths import DATA, OUT


@click.command("build")
@click.option(
    "--data",
    "data_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A curated data folder (sources/, entities.yaml, claims/); repeatable. Default: data/.",
)
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    metavar="KIND:PATH",
    help="Another input, e.g. corpus:more-data; repeatable. Unknown kinds list the known ones.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=OUT,
    show_default=True,
    help="Where to write the outputs.",
)
@click.option(
    "--store",
    default="memory",
    show_default=True,
    metavar="memory|oxigraph|oxigraph:DIR",
    help="Where the graph is kept: oxigraph:DIR also writes an Oxigraph store at DIR that "
    "later commands (query, export, serve) open instead of re-parsing dataset.trig.",
)
@click.option(
    "--validator",
    type=click.Choice(["pyshacl", "fast", "turbo"]),
    default="pyshacl",
    show_default=True,
    help="SHACL engine: pyshacl (the reference), fast (whole-graph SPARQL per constraint, "
    "pySHACL for what it cannot compile) or turbo (pyshacl-turbo, pip install pyshacl-turbo).",
)
def command(
    data_dirs: tuple[Path, ...],
    datasets: tuple[str, ...],
    out_dir: Path,
    store: str,
    validator: str,
) -> int:
    """Load, resolve, reconcile and validate; write the graph and the reports to OUT.

    Writes consensus.ttl, dataset.trig, dataset.nq, validation.txt, validation.json,
    resolution.md and resolution.csv (and store.json with --store oxigraph:DIR).
    Exit 0 valid, 1 violations, 2 unusable input."""
    from kg.build import build

    result = build(
        data_dirs or (DATA,), out_dir, datasets=datasets, store=store, validator=validator
    )
    click.echo(result.summary())
    return 0 if result.valid else 1
