"""Options shared by several commands, defined once so they read and behave the same."""

from __future__ import annotations

from pathlib import Path

import click

from kg.paths import OUT

out_dir_option = click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=OUT,
    show_default=True,
    help="Folder of the built graph (built first if missing).",
)
