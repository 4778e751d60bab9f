"""`polkg stats`: what the built graph holds, in numbers."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import out_dir_option


@click.command(name="stats")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"], case_sensitive=False),
    default="table",
    show_default=True,
)
@click.option(
    "--centrality",
    type=int,
    default=None,
    is_flag=False,
    flag_value=10,
    metavar="[N]",
    help="Also list the N (default 10) most connected people and organisations.",
)
@out_dir_option
def command(fmt: str, centrality: int | None, out_dir: Path) -> int:
    """Triples per graph, entities per class, events per year, sources, disagreements."""
    from kg.stats import centrality as most_connected
    from kg.stats import format_stats, stats
    from kg.store import load_dataset

    ds = load_dataset(out_dir)
    data = stats(ds)
    if centrality is not None:
        data["most_connected"] = most_connected(ds, centrality)
    click.echo(format_stats(data, fmt.lower()), nl=False)
    return 0
