"""`polkg build`: the project's corpus (and any datasets) → its `out/`, with a short summary.

Exit codes: 0 the graph conforms to the shapes (warnings allowed), 1 violations (the outputs
and the report are still written), 2 input polkg cannot use (nothing written). Datasets show
a progress bar while they load, on a terminal only. `--dry-run` (and `polkg check`) do every
check and write nothing.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import local_path, open_project, project_option
from kg.project import ENGINES


@click.command("build")
@click.option(
    "--data",
    "data_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A curated data folder (sources/, entities.yaml, claims/); repeatable. "
    "Default: the project's folder, else the bundled data/.",
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
    "--out-dir",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    callback=local_path,
    default=None,
    help="Where to write the outputs. Default: the project's out/ (./out for the bundled corpus).",
)
@click.option("-n", "--dry-run", is_flag=True, help="Check the input and validate; write nothing.")
@click.option(
    "--store",
    default=None,
    metavar="memory|oxigraph|oxigraph:DIR",
    help="Where the graph is kept: oxigraph:DIR also writes an Oxigraph store at DIR that "
    "later commands (query, export, serve) open instead of re-parsing dataset.trig. "
    "Default: the project's `store` setting, else memory.",
)
@click.option(
    "--validator",
    type=click.Choice(ENGINES),
    default=None,
    help="SHACL engine: fast (whole-graph SPARQL per constraint, pySHACL for what it cannot "
    "compile; the same report), pyshacl (the reference, slower on large graphs) or turbo "
    "(pyshacl-turbo, pip install pyshacl-turbo). Default: the project's `validator` setting, "
    "else fast.",
)
@project_option
def command(
    data_dirs: tuple[Path, ...],
    datasets: tuple[str, ...],
    out_dir: Path | None,
    dry_run: bool,
    store: str | None,
    validator: str | None,
    project_dir: Path | None,
) -> int:
    """Load, resolve, reconcile and validate; write the graph and the reports to OUT.

    Writes consensus.ttl, dataset.trig, dataset.nq, validation.txt, validation.json,
    resolution.md and resolution.csv (and store.json with --store oxigraph:DIR).
    Exit 0 valid, 1 violations, 2 unusable input."""
    return run_build(
        data_dirs,
        datasets,
        out_dir,
        project_dir,
        dry_run=dry_run,
        store=store,
        validator=validator,
    )


def run_build(
    data_dirs: tuple[Path, ...],
    datasets: tuple[str, ...],
    out_dir: Path | None,
    project_dir: Path | None,
    *,
    dry_run: bool,
    store: str | None = None,
    validator: str | None = None,
) -> int:
    """Build (or only check) what the options name; the exit code."""
    from kg.build import build

    project = open_project(project_dir, reads_corpus=not data_dirs)
    inputs = data_dirs or (project.data_dir,)
    specs = (*project.datasets, *datasets) if not data_dirs else datasets
    result = build(
        inputs,
        out_dir or project.out_dir,
        datasets=specs,
        dry_run=dry_run,
        store=store or project.store,
        validator=validator or project.validator,
    )
    click.echo(result.summary())
    return 0 if result.valid else 1
