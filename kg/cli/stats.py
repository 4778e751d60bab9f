"""`polkg stats`: what the built graph holds, in numbers."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_options, open_dataset
from kg.cli.output import emit, output_option, pick_format


@click.command(name="stats")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"], case_sensitive=False),
    default=None,
    help="table (default) or json; by default from the extension of -o (.json, .txt).",
)
@output_option
@click.option(
    "--centrality",
    type=int,
    default=None,
    is_flag=False,
    flag_value=10,
    metavar="[N]",
    help="Also list the N (default 10) most connected people and organisations.",
)
@graph_options
def command(
    fmt: str | None,
    output: Path | None,
    centrality: int | None,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Triples per graph, entities per class, events per year, sources, disagreements."""
    from kg.stats import centrality as most_connected
    from kg.stats import format_stats, stats

    name = pick_format(
        output, fmt.lower() if fmt else None, {".json": "json", ".txt": "table"}, "table"
    )
    ds, _, _ = open_dataset(project_dir, out_dir, build_first)
    data = stats(ds)
    if centrality is not None:
        data["most_connected"] = most_connected(ds, centrality)
    emit(format_stats(data, name), output)
    return 0
