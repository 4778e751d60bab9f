"""`polkg query`: run a library query, a .rq file or SPARQL text on the built graph, or on
any RDF files (`--data`, as `arq --data` does)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.options import graph_options, open_dataset
from kg.cli.output import emit, is_stdout, output_option, pick_format
from kg.errors import UserError
from kg.safety import QUERY_MAX_ROWS, QUERY_TIMEOUT

if TYPE_CHECKING:
    from rdflib import Dataset

_FORMATS = ["table", "csv", "tsv", "json", "xml", "md", "ttl", "nt", "jsonld"]
EXTENSIONS = {
    ".txt": "table",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".md": "md",
    ".ttl": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
}
# --input-format names (rdfpipe's) -> rdflib parser names
INPUT_FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "nquads": "nquads",
    "nq": "nquads",
    "trig": "trig",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "xml": "xml",
    "n3": "n3",
}


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
    help="Output format (xml: W3C SPARQL results XML). Default: from the extension of -o; "
    "else table on a terminal, csv in a pipe (Turtle for CONSTRUCT).",
)
@output_option
@click.option(
    "-d",
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(path_type=Path, allow_dash=True),
    help="Query these RDF files instead of the built graph (repeatable; '-' is standard "
    "input). Named graphs are kept; a graph:consensus graph becomes the default graph.",
)
@click.option(
    "--input-format",
    type=click.Choice(sorted(INPUT_FORMATS), case_sensitive=False),
    default=None,
    help="The RDF syntax of standard input ('-') and of --data files whose extension does not "
    "tell it.",
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
@graph_options
def command(
    query: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    data_files: tuple[Path, ...],
    input_format: str | None,
    list_: bool,
    timeout: float,
    max_rows: int,
    endpoint: str | None,
    endpoint_default_graph: bool,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Ask the graph: QUERY is a library name (see --list) or a .rq file.

    The consensus graph is the default graph; source graphs are reached with GRAPH ?g.
    Examples: `polkg query election-results`,
    `polkg query person-timeline --param person=Imamoglu -f md`,
    `polkg query -e 'SELECT ?p WHERE { ?p a pol:Person }' --data people.ttl`."""
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
    target = _target(query, expression)
    chosen = pick_format(output, fmt.lower() if fmt else None, EXTENSIONS, "")
    if endpoint is not None:
        from kg.remote import Endpoint

        remote = Endpoint(endpoint, consensus_default=not endpoint_default_graph)
        result = run(remote, target, _params(params), timeout=timeout, max_rows=max_rows)
    else:
        if data_files:
            ds = read_data(data_files, input_format)
        else:
            ds, _, _ = open_dataset(project_dir, out_dir, build_first)
        result = run(ds, target, _params(params), timeout=timeout, max_rows=max_rows)
    if not chosen:  # CONSTRUCT/DESCRIBE give RDF: Turtle, on a terminal or in a pipe
        chosen = "ttl" if result.graph is not None else default_format()
    terminal = is_stdout(output) and sys.stdout.isatty()
    columns = shutil.get_terminal_size().columns if terminal else None
    emit(result.format(chosen, width=columns), output)
    if result.truncated:
        unit = "triples" if result.graph is not None else "rows"
        click.echo(
            f"polkg: note: only the first {max_rows} {unit} are shown; the query has more: "
            "raise --max-rows or make the query more selective",
            err=True,
        )
    return 0


def _target(query: str | None, expression: str | None) -> str | Path:
    """The query to run, with a message naming the real problem for a folder or a file that
    is not SPARQL."""
    if expression is not None and query is None:
        return expression
    if query is None or expression is not None:
        raise UserError(
            "give one query: a library name (polkg query --list), a .rq file, or -e 'SPARQL'"
        )
    path = Path(query)
    if path.is_dir():
        raise UserError(
            "is a folder: give one .rq file in it, or a library name (polkg query --list)",
            file=query,
        )
    if path.is_file() and path.suffix != ".rq":
        from kg.query import check

        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            check(text, query)
        except UserError:
            raise UserError(
                "is not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE parses): give a "
                ".rq file, a library name (polkg query --list) or -e 'SPARQL'",
                file=query,
            ) from None
        return path
    return path if query.endswith(".rq") or "/" in query else query


def read_data(files: tuple[Path, ...], input_format: str | None) -> Dataset:
    """The quads of every file in one Dataset; the default graph is the files' default
    graph, or graph:consensus when that is all they name (a dataset.trig of polkg's)."""
    from kg.namespaces import CONSENSUS, new_dataset
    from kg.rdfio import FORMATS, parse_rdf_data, parse_rdf_file

    syntax = INPUT_FORMATS[input_format.lower()] if input_format else None
    merged = new_dataset()
    for path in files:
        if str(path) == "-":
            if syntax is None:
                raise UserError(
                    "--data - reads standard input: say its syntax with --input-format "
                    "(turtle, nt, nquads, trig, json-ld, xml)"
                )
            parsed = parse_rdf_data(sys.stdin.buffer.read(), syntax, Path("<stdin>"))
        elif path.is_dir():
            raise UserError(
                "is a folder: give the RDF files inside it, or no FILE to use the project's "
                "built graph",
                file=str(path),
            )
        else:  # the extension, where it tells, else --input-format
            parsed = parse_rdf_file(path, None if path.suffix.lower() in FORMATS else syntax)
        for s, p, o, context in parsed.quads((None, None, None, None)):
            target = merged.default_graph if context is None else merged.graph(context)
            target.add((s, p, o))
    if not len(merged.default_graph) and len(merged.graph(CONSENSUS)):
        merged.default_graph = merged.graph(CONSENSUS)
    return merged
