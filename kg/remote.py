"""Other SPARQL stores: `polkg query --endpoint URL` and `polkg push --endpoint URL`.

When one machine's Oxigraph is not enough, the graph goes into a bigger engine (QLever,
Virtuoso, GraphDB, Fuseki; README "When one machine is not enough") and polkg talks to it with
the W3C protocols only:

- queries: SPARQL 1.1 Protocol (POST, `application/sparql-results+json`, N-Triples for
  CONSTRUCT/DESCRIBE), the same `queries/` library with the same parameter binding as a local
  run (`kg.oxstore.with_values`: a VALUES block opening the WHERE group);
- push: SPARQL 1.1 Graph Store Protocol, every named graph in chunks of N-Triples (PUT for the
  first chunk of a graph, replacing it; POST to append the rest), a failed chunk retried with
  back-off, then the triple count of every graph checked with one SPARQL query. Chunks are N-Triples
  sent as `text/turtle` (N-Triples is Turtle; every Graph Store above reads Turtle). polkg's
  graphs have no blank nodes, so chunking cannot split one.

The consensus graph is the endpoint's default graph only if the store was loaded so (a build
on `oxigraph:DIR` does that, for `polkg serve`, and keeps no named copy); where the endpoint has a
graph named as the consensus (`polkg push` puts it there) the query is sent with
`default-graph-uri` set to the consensus graph and `named-graph-uri` set to every source graph
(protocol parameters every engine above supports: with a default graph named and no named
graphs, `GRAPH ?g` would match nothing). `--endpoint-default-graph` says the endpoint's default
graph is the consensus without asking; without it, an endpoint with no graph named as the
consensus is queried on its own default graph (naming a graph it does not have would answer
nothing).

These are the only places polkg opens a socket, inside `kg.safety.allow_network()`.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from kg.errors import UserError
from kg.export import nt_term
from kg.namespaces import CONSENSUS, GRAPH, PREFIXES, SOURCE_GRAPH
from kg.safety import allow_network


@dataclass
class Endpoint:
    """A remote SPARQL endpoint (and, for push, its Graph Store Protocol URL)."""

    url: str
    graph_store: str | None = None
    timeout: float = 60.0
    consensus_default: bool = True  # send default-graph-uri=<consensus> (+ named-graph-uri)
    _graphs: list[str] | None = None

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise UserError(f"--endpoint {self.url!r} is not an http(s) URL")

    def _request(
        self, url: str, *, data: bytes | None, headers: dict[str, str], method: str
    ) -> bytes:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with allow_network():
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body: bytes = response.read()
                    return body
            except urllib.error.HTTPError as err:
                lines = err.read(300).decode("utf-8", "replace").strip().splitlines()
                detail = lines[0] if lines else err.reason
                raise UserError(
                    f"the endpoint answered HTTP {err.code} ({detail})",
                    file=url,
                ) from None
            except (urllib.error.URLError, OSError) as err:
                reason = getattr(err, "reason", err)
                raise UserError(f"cannot reach the endpoint ({reason})", file=url) from None

    def raw_query(self, text: str, accept: str) -> bytes:
        """POST a query (SPARQL 1.1 Protocol, URL-encoded form)."""
        form: list[tuple[str, str]] = [("query", text)]
        if self.consensus_default and str(CONSENSUS) in self.graphs():
            form.append(("default-graph-uri", str(CONSENSUS)))
            form += [("named-graph-uri", g) for g in self.source_graphs()]
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self._request(self.url, data=data, headers=headers, method="POST")

    def graphs(self) -> list[str]:
        """The endpoint's polkg graphs: the consensus, if named, and the sources (asked once).

        `GRAPH ?g { }` lists a store's graphs without reading them on Oxigraph; Virtuoso
        answers it with nothing, so a store that lists none is asked through its triples."""
        if self._graphs is None:
            plain = Endpoint(self.url, timeout=self.timeout, consensus_default=False)
            found: set[str] = set()
            for pattern in ("", "?s ?p ?o"):
                _, rows = plain.select(
                    f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} "
                    f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}'
                )
                found = {str(g) for (g,) in rows if g is not None}
                if found:
                    break
            self._graphs = sorted(
                g for g in found if g == str(CONSENSUS) or g.startswith(str(SOURCE_GRAPH))
            )
        return self._graphs

    def source_graphs(self) -> list[str]:
        """The endpoint's source graphs."""
        return [g for g in self.graphs() if g.startswith(str(SOURCE_GRAPH))]

    def json_query(self, text: str) -> Any:
        """A SELECT/ASK answer as SPARQL JSON results. A server that stops a query (its
        timeout) after sending the head leaves broken JSON ending in its reason."""
        body = self.raw_query(text, "application/sparql-results+json")
        try:
            return json.loads(body)
        except ValueError:
            tail = body[-200:].decode("utf-8", "replace").strip().rsplit("[", 1)[-1]
            raise UserError(
                f"the endpoint stopped the query ({tail or 'an incomplete answer'}); "
                "a server timeout is the usual cause: narrow the query or raise --timeout",
                file=self.url,
            ) from None

    def select(self, text: str) -> tuple[list[str], list[tuple[Node | None, ...]]]:
        """A SELECT query's variables and rows, in rdflib terms."""
        data = self.json_query(text)
        variables = list(data["head"].get("vars", []))
        rows = [
            tuple(_term(binding.get(v)) for v in variables)
            for binding in data["results"]["bindings"]
        ]
        return variables, rows


def _term(value: Mapping[str, str] | None) -> Node | None:
    """A SPARQL JSON results term as an rdflib term (decimals in polkg's form)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype is None or datatype == str(XSD.string):
        return Literal(value["value"])
    if datatype == str(XSD.decimal) and "." not in value["value"]:
        return Literal(value["value"] + ".0", datatype=XSD.decimal)
    return Literal(value["value"], datatype=URIRef(datatype))


def with_prefixes(text: str) -> str:
    """`text` with polkg's prefixes declared first (a library query may rely on them)."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
    return head + text


def evaluate(
    endpoint: Endpoint, text: str, kind: str, bindings: Mapping[str, Identifier]
) -> tuple[list[str], list[tuple[Node | None, ...]], Graph | None, bool | None]:
    """Run a checked query remotely: (variables, rows, graph, boolean)."""
    from kg.oxstore import with_values

    query = with_prefixes(with_values(text, bindings))
    if kind == "ASK":
        return [], [], None, bool(endpoint.json_query(query).get("boolean"))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        body = endpoint.raw_query(query, "application/n-triples")
        graph = Graph(bind_namespaces="none")
        graph.parse(data=body, format="nt")
        return [], [], graph, None
    variables, rows = endpoint.select(query)
    return variables, rows, None, None


def label_graph(endpoint: Endpoint) -> Graph:
    """Labels, alternative labels and types of the endpoint's default graph: what the
    parameter resolver needs to turn a name into a node."""
    text = with_prefixes(
        "CONSTRUCT { ?s rdfs:label ?l . ?s skos:altLabel ?a . ?s a ?t } WHERE { "
        "{ ?s rdfs:label ?l } UNION { ?s skos:altLabel ?a } UNION { ?s rdfs:label ?x ; a ?t } }"
    )
    graph = Graph(bind_namespaces="none")
    graph.parse(data=endpoint.raw_query(text, "application/n-triples"), format="nt")
    return graph


# --------------------------------------------------------------------------- push


@dataclass
class PushReport:
    graphs: int
    triples: int
    chunks: int
    retries: int
    seconds: float
    counts: dict[str, tuple[int, int]]  # graph -> (local, remote)

    @property
    def ok(self) -> bool:
        return all(local == remote for local, remote in self.counts.values())

    @property
    def throughput(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def _lines(ds: Dataset, name: URIRef) -> list[str]:
    """The graph's triples as sorted N-Triples lines (on the Oxigraph store, written by
    Oxigraph's writer without leaving Rust for most terms: ~3x the push throughput)."""
    from kg import oxstore

    store = oxstore.inner(ds)
    if store is None:
        graph = ds.graph(name)
        return sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph)
    suffix = f" <{name}> .".encode()
    out = []
    for line in oxstore.nquads(store, [name]).splitlines():
        if not line.endswith(suffix):
            raise ValueError(f"unexpected N-Quads line for graph {name}")
        out.append((line[: -len(suffix)] + b" .\n").decode("utf-8"))
    return out


def push(
    ds: Dataset,
    endpoint: Endpoint,
    *,
    chunk: int = 50_000,
    retries: int = 3,
    progress: Callable[[int], None] | None = None,
    backoff: float = 0.5,
) -> PushReport:
    """Every named graph of `ds` into the endpoint's Graph Store (see the module docstring)."""
    if endpoint.graph_store is None:
        raise UserError("push needs the Graph Store Protocol URL: give --graph-store URL")
    names = sorted((g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef)), key=str)
    start = time.perf_counter()
    total = chunks = retried = 0
    local: dict[str, int] = {}
    for name in names:
        lines_of_graph = _lines(ds, name)
        local[str(name)] = len(lines_of_graph)
        first = True
        for start_line in range(0, len(lines_of_graph), chunk):
            lines = lines_of_graph[start_line : start_line + chunk]
            body = "".join(lines).encode("utf-8")
            url = f"{endpoint.graph_store}?{urllib.parse.urlencode({'graph': str(name)})}"
            method = "PUT" if first else "POST"
            for attempt in range(retries + 1):
                try:
                    endpoint._request(
                        url, data=body, headers={"Content-Type": "text/turtle"},
                        method=method,
                    )  # fmt: skip
                    break
                except UserError:
                    if attempt == retries:
                        raise
                    retried += 1
                    time.sleep(backoff * 2**attempt)
            first = False
            chunks += 1
            total += len(lines)
            if progress is not None:
                progress(len(lines))
    seconds = time.perf_counter() - start
    remote = remote_counts(endpoint)
    counts = {name: (n, remote.get(name, 0)) for name, n in local.items()}
    return PushReport(len(names), total, chunks, retried, seconds, counts)


def remote_counts(endpoint: Endpoint) -> dict[str, int]:
    """Triples per named graph at the endpoint (one SPARQL query)."""
    plain = Endpoint(endpoint.url, timeout=endpoint.timeout, consensus_default=False)
    _, rows = plain.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(g): int(n) for g, n in rows if g is not None and isinstance(n, Literal)}


def describe_counts(report: PushReport) -> str:
    bad = {g: c for g, c in report.counts.items() if c[0] != c[1]}
    if not bad:
        return (
            f"pushed {report.triples:,} triples in {report.graphs} graphs "
            f"({report.chunks} chunks, {report.retries} retried) in {report.seconds:.1f} s "
            f"({report.throughput:,.0f} triples/s); every graph's count matches"
        )
    lines = [f"{g}: {local} here, {remote} there" for g, (local, remote) in sorted(bad.items())]
    return "the counts differ after the push:\n" + "\n".join(lines)
