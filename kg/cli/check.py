"""`polkg check`: every check `polkg build` makes (quotes, names, claims, shapes), nothing
written; the same as `polkg build --dry-run`, for the curator's inner loop."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.build import run_build
from kg.cli.options import project_option


@click.command("check")
@click.option(
    "--data",
    "data_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A curated data folder to check instead of the project's; repeatable.",
)
@project_option
def command(data_dirs: tuple[Path, ...], project_dir: Path | None) -> int:
    """Check the project's sources, entities and claims, and validate the graph they make,
    writing nothing. Exit 0 valid, 1 violations, 2 unusable input (with the file, line and
    fix)."""
    return run_build(data_dirs, (), None, project_dir, dry_run=True)
