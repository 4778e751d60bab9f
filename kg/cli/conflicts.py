"""`polkg conflicts`: the disagreements between sources, for a person to read."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import out_dir_option


@click.command(name="conflicts")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
    help="text for reading, json for other tools.",
)
@out_dir_option
def command(fmt: str, out_dir: Path) -> int:
    """List where the sources disagree: each value with its sources and the quotes behind
    it, the value the consensus holds and the rule that chose it (curator-override,
    authority, agreement, most-precise or source-order). Exit code 0, disagreements or not."""
    from kg.conflicts import conflicts_json, describe_conflicts
    from kg.store import load_dataset

    ds = load_dataset(out_dir)
    if fmt.lower() == "json":
        click.echo(json.dumps(conflicts_json(ds), ensure_ascii=False, indent=2))
    else:
        click.echo(describe_conflicts(ds), nl=False)
    return 0
