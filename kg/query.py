"""The SPARQL query library: find a query, bind its parameters safely, run it, format the result.

A query is a library name (`election-results`, a file in `queries/`), a `.rq` path, or SPARQL
text. Parameters are SPARQL variables bound from outside through rdflib's `initBindings`: a
value is never pasted into the query text, so a value like `"} SERVICE <http://…> {` is just
a string that matches nothing. A parameter that names an entity accepts an IRI, a node id
(`person/ekrem-imamoglu`), a label or any spelling the resolver knows (`Imamoglu`); the header
of each library file says which parameters it takes and of what kind:

    # param person (entity pol:Person): a person (IRI, label or any spelling), e.g. Imamoglu
    # param from (date): the first day of the range, e.g. 2019-03

Queries that would reach outside the graph (`SERVICE`, `FROM`/`FROM NAMED`, `LOAD`) and
updates are refused before they run; the network guard of `kg.safety` stays as the last line.

Queries from strangers (and from threads of a server) are bounded: `run` stops a query after
`timeout` seconds and keeps at most `max_rows` rows (`polkg query` passes `DEFAULT_TIMEOUT` and
`DEFAULT_MAX_ROWS`), and the process stays usable after a stopped query. rdflib's SPARQL
parser (pyparsing) is not thread-safe: parsing and translating happen under one lock,
evaluation runs in parallel.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import io
import json
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyparsing import ParseBaseException
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from kg.errors import UserError, did_you_mean
from kg.ids import NODE_ID, fold
from kg.namespaces import ID, POL, PREFIXES
from kg.paths import QUERIES
from kg.remote import Endpoint
from kg.safety import (
    QUERY_MAX_ROWS,
    QUERY_TIMEOUT,
    NetworkBlocked,
    install_network_guard,
    terminal_safe,
)

FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
RDF_FORMATS = ("ttl", "turtle", "nt", "nq", "trig", "jsonld")
PARAM_KINDS = ("entity", "iri", "date", "string", "integer", "decimal")

_PARAM = re.compile(
    r"^#\s*param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"(?:\((?P<kind>[a-z]+)(?:\s+(?P<cls>[A-Za-z][\w-]*:[\w-]+))?\))?\s*:\s*(?P<text>.*)$"
)
_COLUMNS = re.compile(r"^#\s*columns\s*:\s*(?P<cols>.*)$")
_EXAMPLE = re.compile(r"\be\.g\.\s*(?P<example>\"[^\"]*\"|\S+)\s*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_IRI_BAD = re.compile(r"[\s<>\"{}|^`\\]")
_NAMESPACES = sorted(
    ((prefix, str(ns)) for prefix, ns in PREFIXES.items()),
    key=lambda item: (-len(item[1]), item[0]),
)
_TABLE_CELL_MAX = 80
DEFAULT_TIMEOUT = QUERY_TIMEOUT  # seconds a stranger's query may run (`polkg query --timeout`)
DEFAULT_MAX_ROWS = QUERY_MAX_ROWS  # rows (or triples) it may return (`--max-rows`)

# pyparsing's grammar objects (rdflib's SPARQL parser) share state between calls: two threads
# parsing at once corrupt it for the rest of the process. One lock around parse + translate.
_PARSE_LOCK = threading.RLock()


@dataclass(frozen=True)
class Param:
    """A parameter a library query declares in its header."""

    name: str
    kind: str = "entity"
    cls: URIRef | None = None
    description: str = ""
    example: str | None = None


@dataclass(frozen=True)
class QueryInfo:
    """A library query: its name (the file stem), path, title and declared parameters."""

    name: str
    path: Path
    title: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    description: str = ""


# --------------------------------------------------------------------------- the library


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix {prefix!r}")
    return URIRef(str(PREFIXES[prefix]) + local)


def parse_header(
    text: str, *, file: str = "<query>"
) -> tuple[str, str, tuple[Param, ...], tuple[str, ...]]:
    """The title, description, parameters and columns of a query's leading `#` comment block."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        lines.append((number, stripped))
    title = ""
    description: list[str] = []
    params: list[Param] = []
    columns: tuple[str, ...] = ()
    for number, line in lines:
        body = line.lstrip("#").strip()
        if match := _PARAM.match(line):
            kind = match["kind"] or "entity"
            if kind not in PARAM_KINDS:
                raise UserError(
                    f"parameter {match['name']!r} has unknown kind {kind!r}: use one of "
                    + ", ".join(PARAM_KINDS),
                    file=file,
                    line=number,
                )
            cls = None
            if match["cls"]:
                try:
                    cls = _expand(match["cls"])
                except ValueError:
                    raise UserError(
                        f"parameter {match['name']!r} names the class {match['cls']!r} with an "
                        "unknown prefix; use pol:ClassName",
                        file=file,
                        line=number,
                    ) from None
            example = _EXAMPLE.search(match["text"])
            params.append(
                Param(
                    match["name"],
                    kind,
                    cls,
                    match["text"].strip(),
                    example["example"].strip('"') if example else None,
                )
            )
        elif match := _COLUMNS.match(line):
            columns = tuple(c.strip() for c in match["cols"].split(",") if c.strip())
        elif not title and body:
            title = body
        elif body and title:
            description.append(body)
    return title, " ".join(description), tuple(params), columns


def list_queries(folder: Path = QUERIES) -> list[QueryInfo]:
    """Every query in the library folder, sorted by name, with what its header declares."""
    infos = []
    for path in sorted(folder.glob("*.rq")):
        info = _info(path)
        infos.append(info)
    return infos


def _info(path: Path) -> QueryInfo:
    text = path.read_text(encoding="utf-8")
    title, description, params, columns = parse_header(text, file=str(path))
    return QueryInfo(path.stem, path, title or path.stem, params, columns, description)


def _load(query: str | Path, folder: Path) -> tuple[str, str, QueryInfo | None]:
    """(SPARQL text, a name for messages, header info or None) for a name, a path or text."""
    if isinstance(query, Path):
        path = query
    elif "\n" not in query and query.endswith(".rq"):
        path = Path(query)
    elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", query):
        path = folder / f"{query}.rq"
        if not path.is_file():
            known = [info.name for info in list_queries(folder)]
            raise UserError(
                f"no query named {query!r} in the library{did_you_mean(query, known)}; "
                f"use one of {', '.join(known)}, a .rq file or -e"
            )
    else:
        title, description, params, columns = parse_header(query)
        info = QueryInfo("<query>", Path("<query>"), title, params, columns, description)
        return query, "<query>", info if params else None
    if not path.is_file():
        raise UserError(f"the query file {path} does not exist; give a library name or a path")
    text = path.read_text(encoding="utf-8")
    return text, str(path), _info(path)


# --------------------------------------------------------------------------- safety


def _walk(node: Any) -> Iterable[Any]:
    yield node
    if isinstance(node, (CompValue, dict)):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _position(text: str, err: ParseBaseException) -> str:
    return f"line {err.lineno}, column {err.col}"


def _expected(err: ParseBaseException) -> str:
    """What the parser expected, without the query text it found there (a query file may hold
    secrets; the line and column say where to look)."""
    return terminal_safe(str(err.msg).split(", found", 1)[0])


def check(text: str, name: str = "<query>") -> Any:
    """Parse `text` as a SPARQL 1.1 query and refuse what would reach outside the graph.

    Returns rdflib's parse tree. A syntax error names the file, line and column; updates,
    SERVICE, FROM / FROM NAMED and LOAD are refused with the reason."""
    try:
        with _PARSE_LOCK:
            parsed = parseQuery(text)
    except ParseBaseException as err:
        try:
            with _PARSE_LOCK:
                parseUpdate(text)
        except ParseBaseException:
            raise UserError(
                f"SPARQL syntax error at {_position(text, err)}: {_expected(err)}; "
                "fix the query there",
                file=name,
                line=err.lineno,
            ) from None
        raise UserError(
            "this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR…): polkg runs read-only "
            "queries only; write a SELECT, ASK, CONSTRUCT or DESCRIBE query",
            file=name,
        ) from None
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise UserError(
                    "the query uses SERVICE, which would fetch data from another endpoint; "
                    "polkg queries only its own graph: remove the SERVICE block",
                    file=name,
                )
            if node.name == "DatasetClause":
                raise UserError(
                    "the query uses FROM or FROM NAMED, which would load graphs from elsewhere; "
                    "remove it: the consensus graph is the default graph and the source "
                    "graphs are reached with GRAPH ?g { … }",
                    file=name,
                )
    return parsed


# --------------------------------------------------------------------------- parameters


def _entities_from(graph: Graph) -> list[Any]:
    """The labelled nodes of `graph` as `kg.loaders.entities.Entity` records for the resolver."""
    from kg.loaders.entities import Entity

    entities = []
    for node in sorted({s for s in graph.subjects(RDFS.label, None) if isinstance(s, URIRef)}):
        node_id = str(node)[len(str(ID)) :] if str(node).startswith(str(ID)) else ""
        if not NODE_ID.match(node_id):
            continue
        labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
        alts = sorted({str(o) for o in graph.objects(node, SKOS.altLabel)} - {labels[0]})
        abbreviations = sorted(str(o) for o in graph.objects(node, POL.abbreviation))
        types = tuple(sorted(t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)))
        entities.append(
            Entity(
                id=node_id,
                iri=node,
                types=types,
                label=labels[0],
                alt_labels=tuple(labels[1:] + alts),
                exact_match=(),
                file="the graph",
                line=0,
                abbreviations=tuple(abbreviations),
            )
        )
    return entities


class GraphResolver:
    """Names → nodes of the graph: exact label/alt label after folding, then the fuzzy rules
    of `kg.resolve.Resolver` (built lazily, once)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._resolver: Any = None
        self._entities: list[Any] | None = None

    def _types_ok(self, node: URIRef, cls: URIRef | None) -> bool:
        if cls is None:
            # a document is asked for by a pol:Source parameter, never by its title alone
            # (the source titled "Erdogan" is not the person)
            return (node, RDF.type, POL.Source) not in self.graph
        from kg.ontology import superclasses

        # a class is an IRI: a literal or blank-node rdf:type has no superclasses to match
        return any(
            cls in superclasses(t)
            for t in self.graph.objects(node, RDF.type)
            if isinstance(t, URIRef)
        )

    def candidates(
        self, mention: str, cls: URIRef | None = None
    ) -> list[tuple[URIRef, str, float]]:
        """(node, label, score) the mention may denote, best first."""
        key = fold(mention)
        if not key:
            return []
        exact: dict[URIRef, str] = {}
        for predicate in (RDFS.label, SKOS.altLabel, POL.abbreviation):
            for node, name in self.graph.subject_objects(predicate):
                if (
                    isinstance(node, URIRef)
                    and fold(str(name)) == key
                    and self._types_ok(node, cls)
                ):
                    exact[node] = self._label(node)
        if exact:
            return [(node, exact[node], 1.0) for node in sorted(exact)]
        try:
            from kg.resolve import Resolver
        except ImportError:  # pragma: no cover - the resolver is part of the package
            return []
        if self._resolver is None:
            self._entities = _entities_from(self.graph)
            self._resolver = Resolver(self._entities)
        found = self._resolver.candidates(mention, types=[cls] if cls is not None else None)
        return [(e.iri, e.label, float(score)) for e, score in found if self._types_ok(e.iri, cls)]

    def _label(self, node: URIRef) -> str:
        labels = sorted(str(o) for o in self.graph.objects(node, RDFS.label))
        return labels[0] if labels else str(node)


def _as_iri(value: str) -> URIRef | None:
    """`value` as an IRI if it is written as one (`<…>`, `http(s)://…`, a prefixed name or a
    node id), else None. Characters IRIs may not hold make it not an IRI."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif NODE_ID.match(text):
        return ID[text]
    elif (
        re.fullmatch(r"[a-z][a-z0-9]*:[A-Za-z0-9_][\w./-]*", text)
        and text.split(":")[0] in PREFIXES
    ):
        return _expand(text)
    if re.match(r"^(https?|urn):", text) and not _IRI_BAD.search(text):
        return URIRef(text)
    return None


def bind_value(
    param: Param, value: str, resolver: GraphResolver | None, *, file: str = "<query>"
) -> Identifier:
    """The RDF term a parameter value stands for (never query text)."""
    if param.kind == "string":
        return Literal(value)
    if param.kind == "date":
        if not _DATE.match(value.strip()):
            raise UserError(
                f"parameter {param.name}={value!r} is not a date: "
                "write YYYY, YYYY-MM or YYYY-MM-DD",
                file=file,
            )
        text = value.strip()
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
        return Literal(text, datatype=datatype)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise UserError(f"parameter {param.name}={value!r} is not an integer", file=file)
        return Literal(int(value.strip()))
    if param.kind == "decimal":
        try:
            return Literal(Decimal(value.strip()))
        except InvalidOperation:
            raise UserError(
                f"parameter {param.name}={value!r} is not a number", file=file
            ) from None
    if param.kind == "iri":
        iri = _as_iri(value)
        if iri is None and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", value.strip()):
            iri = POL[value.strip()]  # a pol: local name, e.g. voteShare
        if iri is None:
            raise UserError(
                f"parameter {param.name}={value!r} is not an IRI: write <https://…>, a prefixed "
                "name such as pol:voteShare, or a pol: local name",
                file=file,
            )
        return iri
    # an entity
    iri = _as_iri(value)
    if iri is not None:
        return iri
    if resolver is None:
        raise UserError(f"parameter {param.name}={value!r} needs a graph to resolve it", file=file)
    found = resolver.candidates(value, param.cls)
    if len(found) > 1 and found[0][2] - found[1][2] >= 0.1:
        found = found[:1]
    if len(found) == 1:
        return found[0][0]
    what = _compact(param.cls) if param.cls is not None else "entity"
    if not found:
        raise UserError(
            f"parameter {param.name}={value!r} names no {what} in the graph; "
            "give its label, a spelling the sources use, its node id "
            "(e.g. person/ekrem-imamoglu) or its IRI",
            file=file,
        )
    listed = "; ".join(f"{label} ({_compact(node)})" for node, label, _ in found[:8])
    raise UserError(
        f"parameter {param.name}={value!r} is ambiguous: it could be {listed}; "
        "give the full name or the node id",
        file=file,
    )


# --------------------------------------------------------------------------- results


@dataclass
class Result:
    """A query's answer: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    name: str = "<query>"
    truncated: bool = False  # more rows (triples) than `max_rows`: only the first are kept

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows)

    def column(self, name: str) -> list[Node | None]:
        """The values of one column, in row order."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dicts of display strings (compact IRIs, lexical literals): for tests and
        small reports."""
        return [
            {
                v: (None if cell is None else display(cell))
                for v, cell in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def format(self, fmt: str = "table", *, width: int | None = None) -> str:
        """The result as text in `fmt` (table, csv, tsv, json, xml, md; ttl/nt/jsonld for
        RDF); a table fits in `width` columns when given."""
        return format_result(self, fmt, width=width)


def _compact(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    for prefix, namespace in _NAMESPACES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def display(node: Node) -> str:
    """A value for people: IRIs compact with polkg's prefixes, literals as written."""
    if isinstance(node, URIRef):
        return _compact(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _truncate(text: str, width: int) -> str:
    text = " ".join(terminal_safe(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(
    variables: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    max_width: int = _TABLE_CELL_MAX,
    total_width: int | None = None,
) -> str:
    """An aligned plain-text table (cells on one line, long cells shortened with …; control
    and direction characters shown escaped, so a label cannot act on the terminal); with
    `total_width` (a terminal's), the widest columns are narrowed until each line fits."""
    widths = [len(v) for v in variables]
    for row in rows:
        widths = [
            max(w, min(len(" ".join(terminal_safe(c).split())), max_width))
            for w, c in zip(widths, row, strict=True)
        ]
    if total_width is not None:
        widths = _fit(widths, total_width - 2 * (len(widths) - 1))
    cells = [[_truncate(c, w) for c, w in zip(row, widths, strict=True)] for row in rows]
    heads = [_truncate(v, w) for v, w in zip(variables, widths, strict=True)]
    variables = heads
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _fit(widths: list[int], room: int, narrowest: int = 6) -> list[int]:
    """Column widths summing to at most `room`, taking from the widest columns first (no
    column below `narrowest`, so a very narrow terminal still gets a readable table)."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= narrowest:
            break
        second = max((w for i, w in enumerate(widths) if i != widest), default=0)
        target = max(widths[widest] - excess, second, narrowest)
        if target == widths[widest]:  # tied with another column: take one, then the other
            target -= 1
        excess -= widths[widest] - target
        widths[widest] = target
    return widths


def _nt(node: Node) -> str:
    from kg.export import nt_term

    return nt_term(node)


def _json_term(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    assert isinstance(node, Literal)
    term = {"type": "literal", "value": str(node)}
    if node.language:
        term["xml:lang"] = node.language
    elif node.datatype is not None and node.datatype != XSD.string:
        term["datatype"] = str(node.datatype)
    return term


def _md_cell(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(terminal_safe(text).split())


def format_result(result: Result, fmt: str = "table", *, width: int | None = None) -> str:
    """Format a result. SELECT: table (aligned; within `width` columns when given), csv
    (SPARQL 1.1 CSV), tsv (SPARQL 1.1 TSV), json (SPARQL 1.1 Query Results JSON), xml (SPARQL
    Query Results XML), md (a Markdown table). ASK: yes/no (json, xml: boolean).
    CONSTRUCT/DESCRIBE: RDF via kg.export (Turtle unless nt, nq, trig or jsonld is asked)."""
    fmt = fmt.lower()
    if result.graph is not None:
        from kg.export import serialize

        rdf = fmt if fmt in RDF_FORMATS else "ttl"
        if fmt not in RDF_FORMATS and fmt != "table":
            raise UserError(
                f"a {result.kind} query gives RDF, not a table: use --format ttl, nt or jsonld, "
                f"not {fmt}"
            )
        return serialize(result.graph, rdf).decode("utf-8")
    if fmt not in FORMATS:
        raise UserError(f"unknown result format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "xml":
        return _xml(result)
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt in ("csv", "tsv"):
            return ("true" if result.boolean else "false") + "\n"
        return ("yes" if result.boolean else "no") + "\n"
    variables = result.variables
    if fmt == "table":
        rows = [[display(c) if c is not None else "" for c in row] for row in result.rows]
        count = len(rows)
        return (
            table(variables, rows, total_width=width)
            + f"({count} row{'s' if count != 1 else ''})\n"
        )
    if fmt == "md":
        lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
        for row in result.rows:
            lines.append(
                "| " + " | ".join(_md_cell(display(c)) if c is not None else "" for c in row) + " |"
            )
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in result.rows:
            writer.writerow(
                ["" if c is None else f"_:{c}" if isinstance(c, BNode) else str(c) for c in row]
            )
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in result.rows:
            lines.append("\t".join("" if c is None else _nt(c) for c in row))
        return "\n".join(lines) + "\n"
    bindings = [
        {v: _json_term(c) for v, c in zip(variables, row, strict=True) if c is not None}
        for row in result.rows
    ]
    data = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _xml(result: Result) -> str:
    """The W3C SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    from xml.sax.saxutils import escape, quoteattr

    lines = ['<?xml version="1.0" encoding="utf-8"?>']
    lines.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
    if result.kind == "ASK":
        lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.rows:
            lines.append("    <result>")
            for var, cell in zip(result.variables, row, strict=True):
                if cell is None:
                    continue
                if isinstance(cell, URIRef):
                    term = f"<uri>{escape(str(cell))}</uri>"
                elif isinstance(cell, BNode):
                    term = f"<bnode>{escape(str(cell))}</bnode>"
                else:
                    assert isinstance(cell, Literal)
                    attr = ""
                    if cell.language:
                        attr = f" xml:lang={quoteattr(cell.language)}"
                    elif cell.datatype is not None and cell.datatype != XSD.string:
                        attr = f" datatype={quoteattr(str(cell.datatype))}"
                    term = f"<literal{attr}>{escape(str(cell))}</literal>"
                lines.append(f"      <binding name={quoteattr(var)}>{term}</binding>")
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def default_format() -> str:
    """`table` on a terminal, `csv` in a pipe."""
    return "table" if sys.stdout.isatty() else "csv"


# --------------------------------------------------------------------------- running


def run(
    ds: Dataset | Graph | Endpoint,
    query: str | Path,
    params: Mapping[str, str] | None = None,
    *,
    resolver: GraphResolver | None = None,
    folder: Path = QUERIES,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Result:
    """Run a library query (by name), a `.rq` file or SPARQL text on `ds`, whose default graph
    is the consensus. `params` map variable names to values, bound through `initBindings`.

    The query is stopped with a `UserError` after `timeout` seconds; at most `max_rows` rows
    (or triples) are kept, and `Result.truncated` says when there were more. None (the default,
    for polkg's own queries) means no limit: whatever runs a stranger's query (`polkg query`,
    a server) passes `DEFAULT_TIMEOUT` and `DEFAULT_MAX_ROWS` or its own limits.
    `ds` may be a remote `kg.remote.Endpoint` (`polkg query --endpoint`)."""
    install_network_guard()
    text, name, info = _load(query, folder)
    parsed = check(text, name)
    params = dict(params or {})
    declared = {p.name: p for p in info.params} if info is not None else {}
    query_vars = {str(v) for v in _walk(parsed) if isinstance(v, Variable)}
    bindings: dict[str, Identifier] = {}
    graph: Graph | None = None
    for key, value in sorted(params.items()):
        if graph is None:
            graph = _resolver_graph(ds)
        if key not in declared and key not in query_vars:
            known = ", ".join(sorted(declared)) if declared else "none declared"
            raise UserError(
                f"the query has no parameter {key!r} (its parameters: {known})", file=name
            )
        param = declared.get(key) or Param(key, "auto")
        if param.kind == "auto":
            bindings[key] = _bind_undeclared(key, value, graph, resolver)
            continue
        if resolver is None and param.kind == "entity":
            resolver = GraphResolver(graph)
        bindings[key] = bind_value(param, value, resolver, file=name)
    if isinstance(ds, Endpoint):
        return _limited(_evaluate_remote(ds, text, parsed, bindings, name), max_rows)
    if _on_oxigraph(ds):
        return _limited(_evaluate_oxigraph(ds, text, parsed, bindings, name), max_rows)
    try:
        with _PARSE_LOCK:
            translated = translateQuery(parsed, initNs={p: ns for p, ns in PREFIXES.items()})
    except Exception as err:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise UserError(f"the query cannot be prepared: {err}", file=name) from None
    try:
        with _deadline(timeout, name):
            return _evaluate(ds, translated, bindings, name, max_rows)
    except (UserError, NetworkBlocked):
        raise
    except Exception as err:  # rdflib's evaluator raises bare TypeErrors and the like
        raise UserError(
            f"the query failed while running ({type(err).__name__}: {err}); a common cause is "
            'ORDER BY on an expression that can be unbound: wrap it in COALESCE(…, "")',
            file=name,
        ) from None


class QueryTimeout(BaseException):
    """Raised inside a query's thread when its time is up. A BaseException, so that no
    `except Exception` inside rdflib's evaluator swallows it."""


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


@contextlib.contextmanager
def _deadline(seconds: float | None, name: str) -> Iterator[None]:
    """Stop the block after `seconds` by raising `QueryTimeout` in this thread.

    rdflib evaluates in pure Python with no way to cancel, so a timer thread raises the
    exception asynchronously in the evaluating thread (at its next bytecode); the query's
    generators are dropped and the process goes on. A lock makes the timer and the end of
    the block exclusive: once the block has ended, the timer never fires."""
    if seconds is None:
        yield
        return
    ident = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                _set_async_exc(ident, QueryTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    try:
        timer.start()
        try:
            yield
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
    except QueryTimeout:
        raise UserError(
            f"the query ran past its time limit of {seconds:g} s and was stopped; make it more "
            "selective (a pattern that joins unrelated triples grows as their product), or "
            "allow more time with --timeout",
            file=name,
        ) from None


def _resolver_graph(ds: Dataset | Graph | Endpoint) -> Graph:
    """The graph whose labels parameters are resolved against (the consensus)."""
    if isinstance(ds, Endpoint):
        from kg.remote import label_graph

        return label_graph(ds)
    return ds.default_graph if isinstance(ds, Dataset) else ds


def _query_kind(parsed: Any) -> str:
    names = {n.name for n in _walk(parsed) if isinstance(n, CompValue)}
    for kind in ("ConstructQuery", "DescribeQuery", "AskQuery"):
        if kind in names:
            return kind[: -len("Query")].upper()
    return "SELECT"


def _evaluate_remote(
    endpoint: Endpoint, text: str, parsed: Any, bindings: dict[str, Identifier], name: str
) -> Result:
    from kg.remote import evaluate

    kind = _query_kind(parsed)
    variables, rows, graph, boolean = evaluate(endpoint, text, kind, bindings)
    if kind == "ASK":
        return Result("ASK", boolean=boolean, name=name)
    if graph is not None:
        return Result(kind, graph=graph, name=name)
    return Result("SELECT", variables, rows, name=name)


def _on_oxigraph(ds: Dataset | Graph) -> bool:
    from kg.store import is_oxigraph

    return is_oxigraph(ds)


def _evaluate_oxigraph(
    ds: Dataset | Graph, text: str, parsed: Any, bindings: dict[str, Identifier], name: str
) -> Result:
    """Run the query with Oxigraph's own engine (`kg.oxstore.query`): same graphs, same
    parameter binding, a Result like rdflib's path gives."""
    from kg import oxstore

    store = oxstore.inner(ds)
    assert store is not None
    try:
        kind, variables, rows, graph, boolean = oxstore.query(store, text, bindings)
    except (SyntaxError, OSError, ValueError) as err:
        raise UserError(f"the query failed while running on Oxigraph ({err})", file=name) from None
    if kind == "ASK":
        return Result("ASK", boolean=boolean, name=name)
    if kind == "CONSTRUCT":
        describe = any(
            isinstance(n, CompValue) and n.name == "DescribeQuery" for n in _walk(parsed)
        )
        return Result("DESCRIBE" if describe else "CONSTRUCT", graph=graph, name=name)
    return Result("SELECT", variables, rows, name=name)


def _limited(result: Result, max_rows: int | None) -> Result:
    """At most `max_rows` rows (or triples) of an answer another engine gave whole."""
    if max_rows is None or len(result) <= max_rows:
        return result
    if result.graph is not None:
        kept = Graph(bind_namespaces="none")
        for triple in sorted(result.graph)[:max_rows]:
            kept.add(triple)
        result.graph = kept
    else:
        result.rows = result.rows[:max_rows]
    result.truncated = True
    return result


def _evaluate(
    ds: Dataset | Graph,
    translated: Any,
    bindings: dict[str, Identifier],
    name: str,
    max_rows: int | None = None,
) -> Result:
    answer = ds.query(translated, initBindings={Variable(k): v for k, v in bindings.items()})
    kind = answer.type
    if kind == "ASK":
        return Result("ASK", boolean=bool(answer.askAnswer), name=name)
    truncated = False
    if kind in ("CONSTRUCT", "DESCRIBE"):
        out = Graph(bind_namespaces="none")
        for triple in answer.graph or ():
            if max_rows is not None and len(out) >= max_rows:
                truncated = True
                break
            out.add(triple)
        return Result(kind, graph=out, name=name, truncated=truncated)
    variables = [str(v) for v in answer.vars or []]
    # a SELECT answer iterates as ResultRows (rdflib types the iteration for every kind);
    # rows are taken one by one, so a limit stops the evaluation early
    rows: list[tuple[Node | None, ...]] = []
    for row in answer:
        if not isinstance(row, ResultRow):
            continue
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append(tuple(row))
    return Result("SELECT", variables, rows, name=name, truncated=truncated)


def _bind_undeclared(
    key: str, value: str, graph: Graph, resolver: GraphResolver | None
) -> Identifier:
    """A parameter the query does not declare: an IRI if written as one, the entity it names
    if exactly one matches, else a plain string literal."""
    iri = _as_iri(value)
    if iri is not None:
        return iri
    found = (resolver or GraphResolver(graph)).candidates(value)
    exact = [f for f in found if f[2] >= 1.0]
    if len(exact) == 1:
        return exact[0][0]
    return Literal(value)
