"""`polkg query`: run a library query, a .rq file or SPARQL text on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import out_dir_option
from kg.errors import UserError

_FORMATS = ["table", "csv", "tsv", "json", "md", "ttl", "nt", "jsonld"]


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserError(
                f"--param {item!r} is not name=value; write e.g. --param person=Imamoglu"
            )
        params[name.strip()] = value
    return params


@click.command(name="query")
@click.argument("query", required=False)
@click.option("-e", "--expression", help="SPARQL text to run instead of a library name or file.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (repeatable); entities by IRI, node id, label or any spelling.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default=None,
    help="Output format; default: table on a terminal, csv in a pipe (Turtle for CONSTRUCT).",
)
@click.option("--list", "list_", is_flag=True, help="List the query library with titles.")
@click.option(
    "--endpoint",
    help="Run on a remote SPARQL endpoint (SPARQL 1.1 Protocol) instead of the built graph.",
)
@click.option(
    "--endpoint-default-graph",
    is_flag=True,
    help="The endpoint's default graph already is the consensus (polkg serve): do not send "
    "default-graph-uri.",
)
@out_dir_option
def command(
    query: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    list_: bool,
    endpoint: str | None,
    endpoint_default_graph: bool,
    out_dir: Path,
) -> int:
    """Ask the graph: QUERY is a library name (see --list) or a .rq file.

    The consensus graph is the default graph; source graphs are reached with GRAPH ?g.
    Examples: `polkg query election-results`,
    `polkg query person-timeline --param person=Imamoglu --format md`,
    `polkg query -e 'SELECT ?p WHERE { ?p a pol:Person }'`."""
    from kg.query import default_format, list_queries, run

    if list_:
        infos = list_queries()
        width = max((len(i.name) for i in infos), default=0)
        for info in infos:
            names = " ".join(f"--param {p.name}=…" for p in info.params)
            click.echo(
                f"{info.name.ljust(width)}  {info.title}" + (f"  [{names}]" if names else "")
            )
        return 0
    target: str | Path
    if expression is not None and query is None:
        target = expression
    elif query is not None and expression is None:
        target = Path(query) if query.endswith(".rq") or "/" in query else query
    else:
        raise UserError(
            "give one query: a library name (polkg query --list), a .rq file, or -e 'SPARQL'"
        )
    if endpoint is not None:
        from kg.remote import Endpoint

        remote = Endpoint(endpoint, consensus_default=not endpoint_default_graph)
        result = run(remote, target, _params(params))
    else:
        from kg.store import load_dataset

        result = run(load_dataset(out_dir), target, _params(params))
    if fmt is None:  # CONSTRUCT/DESCRIBE give RDF: Turtle, on a terminal or in a pipe
        fmt = "ttl" if result.graph is not None else default_format()
    click.echo(result.format(fmt), nl=False)
    return 0
