"""`polkg timeline`: the events on a time axis, as an offline page or a static SVG/PNG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import local_path, out_dir_option


@click.command(name="timeline")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default="html",
    show_default=True,
    help="Offline page (hover for facts and quotes), or a picture.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="File to write (default out/timeline.html, or .svg/.png by --format).",
)
@out_dir_option
def command(fmt: str, output: Path | None, out_dir: Path) -> int:
    """Draw the events on a time axis in lanes by kind (elections, annulments, coups,
    statements, tenures…), each date at the precision its sources give (a month as a span),
    with the annulment → rerun links as arrows.

    Examples: `polkg timeline`, `polkg timeline --format png -o out/timeline.png`."""
    from kg.store import load_dataset
    from kg.viz.timeline import write_timeline_html, write_timeline_static

    ds = load_dataset(out_dir)
    path = output if output is not None else out_dir / f"timeline.{fmt}"
    if fmt == "html":
        write_timeline_html(ds, path)
    else:
        write_timeline_static(ds, path, fmt)
    click.echo(f"wrote {path}")
    return 0
