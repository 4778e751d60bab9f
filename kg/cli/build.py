"""`polkg build`: the corpus (and any datasets) → `out/`, with a short summary.

Exit codes: 0 the graph conforms to the shapes (warnings allowed), 1 violations (the outputs
and the report are still written), 2 input polkg cannot use (nothing written). Datasets show
a progress bar while they load, on a terminal only.
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
    help="Another input: parlgov:DIR, popolo:FILE, rdf:FILE or corpus:DIR; repeatable. "
    "Unknown kinds list the known ones.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=OUT,
    show_default=True,
    help="Where to write the outputs.",
)
def command(data_dirs: tuple[Path, ...], datasets: tuple[str, ...], out_dir: Path) -> int:
    """Load, resolve, reconcile and validate; write the graph and the reports to OUT.

    Writes consensus.ttl, dataset.trig, dataset.nq, validation.txt, validation.json,
    resolution.md and resolution.csv. Exit 0 valid, 1 violations, 2 unusable input."""
    from kg.build import build

    result = build(data_dirs or (DATA,), out_dir, datasets=datasets)
    click.echo(result.summary())
    return 0 if result.valid else 1
