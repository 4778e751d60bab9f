"""`polkg query`: run a library query, a .rq file or SPARQL text on the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import out_dir_option
from kg.errors import UserError
from kg.safety import QUERY_MAX_ROWS, QUERY_TIMEOUT

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
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=QUERY_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds (exit 2).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=QUERY_MAX_ROWS,
    show_default=True,
    help="Keep at most this many rows (triples for CONSTRUCT); a note says when there were more.",
)
@out_dir_option
def command(
    query: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    list_: bool,
    timeout: float,
    max_rows: int,
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
    from kg.store import load_dataset

    ds = load_dataset(out_dir)
    result = run(ds, target, _params(params), timeout=timeout, max_rows=max_rows)
    if fmt is None:  # CONSTRUCT/DESCRIBE give RDF: Turtle, on a terminal or in a pipe
        fmt = "ttl" if result.graph is not None else default_format()
    click.echo(result.format(fmt), nl=False)
    if result.truncated:
        unit = "triples" if result.graph is not None else "rows"
        click.echo(
            f"polkg: note: only the first {max_rows} {unit} are shown; the query has more: "
            "raise --max-rows or make the query more selective",
            err=True,
        )
    return 0
