"""Options shared by several commands, defined once so they read and behave the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.paths import OUT
from kg.safety import refuse_url


def local_path(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback for every output path option: a URL is refused (kg.safety.refuse_url)."""
    refuse_url(value, "/".join(getattr(param, "opts", [])) or "the output")
    return value


out_dir_option = click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    callback=local_path,
    default=OUT,
    show_default=True,
    help="Folder of the built graph (built first if missing).",
)
