"""`polkg nodes [TEXT]`: the node ids a claim can refer to, found by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from kg.cli.options import open_project, project_option
from kg.cli.output import emit, output_option, pick_format


@click.command("nodes")
@click.argument("text", required=False)
@click.option(
    "-k", "--kind", default=None, help="Only nodes of this id kind (person, party, election…)."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"], case_sensitive=False),
    default=None,
    help="table (default) or json; by default from the extension of -o (.json, .txt).",
)
@output_option
@project_option
def command(
    text: str | None,
    kind: str | None,
    fmt: str | None,
    output: Path | None,
    project_dir: Path | None,
) -> int:
    """List the entities and nodes of the project whose label, id or spellings match TEXT
    (compared as the resolver compares names: Turkish-aware folding, then fuzzy), with
    their ids, labels and spellings; every node when TEXT is left out."""
    from kg.curate import find_nodes
    from kg.query import table

    name = pick_format(
        output, fmt.lower() if fmt else None, {".json": "json", ".txt": "table"}, "table"
    )
    project = open_project(project_dir)
    nodes = find_nodes(project, text, kind)
    if name == "json":
        data = [
            {
                "id": n.id,
                "label": n.label,
                "types": list(n.types),
                "spellings": list(n.spellings),
                "where": n.where,
            }
            for n in nodes
        ]
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
        return 0
    if not nodes:
        click.echo(f"no node matches {text!r}" if text else "no nodes yet", err=True)
        return 0
    # ids are what the curator copies: never shortened; the other columns fit the rest
    id_width = max(len("id"), *(len(n.id) for n in nodes))
    rows = [[n.label, ", ".join(n.types), "; ".join(n.spellings)] for n in nodes]
    total = shutil.get_terminal_size((120, 24)).columns - id_width - 2
    rest = table(["label", "type", "spellings"], rows, total_width=max(total, 30)).splitlines()
    ids = ["id", "-" * id_width, *(n.id for n in nodes)]
    lines = [
        f"{left.ljust(id_width)}  {right}".rstrip() for left, right in zip(ids, rest, strict=True)
    ]
    emit("\n".join(lines) + "\n", output)
    return 0
