"""`polkg conflicts`: the disagreements between sources, for a person to read."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.options import graph_options, open_dataset
from kg.cli.output import emit, output_option, pick_format


@click.command(name="conflicts")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default=None,
    help="text for reading (default), json for other tools; by default from the extension "
    "of -o (.json, .txt).",
)
@output_option
@graph_options
def command(
    fmt: str | None,
    output: Path | None,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """List where the sources disagree: each value with its sources and the quotes behind
    it, the value the consensus holds and the rule that chose it (curator-override,
    authority, agreement, most-precise or source-order). Exit code 0, disagreements or not."""
    from kg.conflicts import conflicts_json, describe_conflicts

    name = pick_format(
        output, fmt.lower() if fmt else None, {".json": "json", ".txt": "text"}, "text"
    )
    ds, _, _ = open_dataset(project_dir, out_dir, build_first)
    if name == "json":
        text = json.dumps(conflicts_json(ds), ensure_ascii=False, indent=2) + "\n"
    else:
        text = describe_conflicts(ds)
    emit(text, output)
    return 0
