"""`polkg showcase`: the answers to the showcase questions, as short tables (`make run`).

Who won (the election results), what was annulled and rerun (with the change in margin),
and what the sources disagree on: each answer is a library query, so the same answer is one
`polkg query NAME` away."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import graph_options, open_dataset

if TYPE_CHECKING:  # rdflib is imported only when the command runs
    from rdflib import Dataset, Graph

# (heading, library query, columns shown)
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "Who won: election results",
        "election-results",
        ["electionLabel", "date", "candidate", "party", "votes", "share", "rank", "winner"],
    ),
    (
        "What was annulled and rerun",
        "annulled-elections",
        [
            "electionLabel",
            "decidedBy",
            "reason",
            "rerunLabel",
            "rerunDate",
            "marginBefore",
            "marginAfter",
            "marginRatio",
        ],
    ),
    (
        "What the sources disagree on",
        "disagreements",
        ["subjectLabel", "property", "stated", "sources", "chosen", "rule"],
    ),
]


def showcase_text(ds: Dataset | Graph, width: int | None = None) -> str:
    """The showcase answers as text: one titled table per question, each within `width`
    columns when given (a terminal's)."""
    from kg.query import run, table

    parts = []
    for heading, name, columns in SECTIONS:
        result = run(ds, name)
        records = result.records()
        rows = []
        seen = set()
        for record in records:
            row = tuple(display_value(c, record.get(c) or "") for c in columns)
            if row not in seen:  # the same answer through several rows (e.g. reasons)
                seen.add(row)
                rows.append(list(row))
        body = table(columns, rows, max_width=48, total_width=width) if rows else "(none)\n"
        parts.append(f"== {heading} (polkg query {name}) ==\n{body}")
    return "\n".join(parts)


def display_value(column: str, value: str) -> str:
    """Short forms for the showcase: `pol:voteShare` → `voteShare`, true → yes."""
    if column == "property" and value.startswith("pol:"):
        return value[4:]
    if value in ("true", "false") and column in ("winner", "chosen"):
        return "yes" if value == "true" else ""
    return value


@click.command(name="showcase")
@graph_options
def command(project_dir: Path | None, out_dir: Path | None, build_first: bool) -> int:
    """Print who won, what was annulled and rerun, and what the sources disagree on."""
    ds, _, _ = open_dataset(project_dir, out_dir, build_first)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    click.echo(showcase_text(ds, width), nl=False)
    return 0
