"""`polkg timeline`: the events on a time axis, as an offline page or a static SVG/PNG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_options, local_path, open_dataset
from kg.cli.output import pick_format

PICTURES = {".html": "html", ".htm": "html", ".svg": "svg", ".png": "png"}


@click.command(name="timeline")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default=None,
    help="Offline page (hover for facts and quotes), or a picture. Default: from the "
    "extension of -o, else html.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="File to write (default: timeline.html, .svg or .png in the project's out/).",
)
@graph_options
def command(
    fmt: str | None,
    output: Path | None,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Draw the events on a time axis in lanes by kind (elections, annulments, coups,
    statements, tenures…), each date at the precision its sources give (a month as a span),
    with the annulment → rerun links as arrows.

    Examples: `polkg timeline`, `polkg timeline -o out/timeline.png`."""
    from kg.viz.timeline import write_timeline_html, write_timeline_static

    name = pick_format(output, fmt, PICTURES, "html")
    ds, _, folder = open_dataset(project_dir, out_dir, build_first)
    path = output if output is not None else folder / f"timeline.{name}"
    if name == "html":
        write_timeline_html(ds, path)
    else:
        write_timeline_static(ds, path, name)
    click.echo(f"wrote {path}")
    return 0
