"""`polkg export`: write the built graph in an RDF format, deterministically and atomically."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_options, open_dataset, unique_prefix
from kg.cli.output import emit, output_option, pick_format
from kg.export import source_slugs

_FORMATS = ["ttl", "turtle", "nt", "nq", "trig", "jsonld"]
EXTENSIONS = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


@click.command(name="export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default=None,
    help="RDF format: Turtle, N-Triples, N-Quads, TriG or JSON-LD. Default: from the "
    "extension of -o, else ttl.",
)
@output_option
@click.option(
    "-g",
    "--graph",
    default="consensus",
    show_default=True,
    help="What to write: 'consensus', 'all' (every graph: needs trig, nq or jsonld) "
    "or one source graph by its slug or a unique start of it (000).",
)
@click.option(
    "--entail",
    is_flag=True,
    help="Also state the schema.org, FOAF, ORG, SEM and PROV classes and properties the "
    "ontology aligns with, for tools that know only those.",
)
@graph_options
def command(
    fmt: str | None,
    output: Path | None,
    graph: str,
    entail: bool,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Export the graph: byte-identical output for the same input, every prefix bound.

    Examples: `polkg export -o out/polkg.trig --graph all`,
    `polkg export -f ttl --graph 000`."""
    from kg.export import export

    name = pick_format(output, fmt.lower() if fmt else None, EXTENSIONS, "ttl")
    name = "ttl" if name == "turtle" else name
    ds, _, _ = open_dataset(project_dir, out_dir, build_first)
    if graph not in ("consensus", "all"):
        graph = unique_prefix(
            graph,
            source_slugs(ds),
            what="graph",
            option="--graph",
            others=("consensus", "all"),
        )
    emit(export(ds, name, graph=graph, entailed=entail), output)
    return 0
