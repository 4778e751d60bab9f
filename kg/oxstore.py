"""The Oxigraph store (pyoxigraph): the built graph on disk, opened by commands in milliseconds.

Why: re-parsing `out/dataset.trig` costs a minute per command at a million triples, and
rdflib's SPARQL engine is slow on large graphs. Oxigraph (Rust, RocksDB) keeps the dataset
indexed on disk, loads N-Quads ~10× faster than rdflib and answers SPARQL natively.

Two rules keep both stores giving the same answers:

- **Terms read back are the terms written.** Oxigraph stores numbers as values, so it hands
  back `"54"^^xsd:decimal` where polkg wrote `"54.0"` (rdflib's canonical form, docs/model.md
  "Literals"). `from_ox` rebuilds decimals in polkg's form and turns `xsd:string` back into a
  plain literal, so a query or an export on Oxigraph returns the same rdflib terms as on the
  memory store. Other datatypes polkg writes (integers, dates) are already canonical.
- **The consensus is the default graph; `GRAPH ?g` ranges over the source graphs only**, as
  `kg.store.load_dataset` arranges on the memory store. A store a build writes
  (`write_store`) holds the consensus in its default graph only, so a query runs on the
  store's own dataset; a store loaded from a file that names the consensus graph (the fast
  validator's copy, `load_file`, a store written before) is queried with the consensus named as
  default graph and every other graph listed as named graphs, which costs Oxigraph about
  three times as long on a large store (`fact-sources` at 1.9M triples: 71 s against 19 s).

rdflib code (the resolver for query parameters, the validator, the exporter) reads the store
through `oxrdflib`'s rdflib Store, with `triples` converting through `from_ox`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore as _OxrdflibStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from kg.export import dataset_triples, serialize_graphs
from kg.namespaces import CONSENSUS, PREFIXES, bind_prefixes

_XSD_STRING = str(XSD.string)
_XSD_DECIMAL = str(XSD.decimal)
_CONSENSUS = ox.NamedNode(str(CONSENSUS))


def consensus_is_named(store: ox.Store) -> bool:
    """True when `store` keeps the consensus as a named graph (see the module docstring)."""
    return bool(store.contains_named_graph(_CONSENSUS))


def _consensus_graph(store: ox.Store) -> Any:
    """The graph name under which `store` keeps the consensus."""
    return _CONSENSUS if consensus_is_named(store) else ox.DefaultGraph()


def to_ox(node: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as the rdflib term polkg wrote (see the module docstring)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        if datatype == _XSD_DECIMAL:
            text = term.value
            if "." not in text:
                text += ".0"
            return Literal(text, datatype=XSD.decimal)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


class PolkgOxigraphStore(_OxrdflibStore):
    """oxrdflib's store with polkg's term conversion on the way out, and usable read-only
    (rdflib "adds" a graph each time `Dataset.graph(name)` is called)."""

    @functools.cached_property
    def _consensus_default(self) -> bool:
        """True when the store keeps the consensus in its default graph only (a built store):
        rdflib code then sees it as the named graph `CONSENSUS`, as on the memory store."""
        return not consensus_is_named(self._inner)

    def _graph(self, name: Any) -> Graph:
        """The rdflib Graph of a quad's graph name, made once per name (a Graph is costly to
        construct, and rdflib asks for one with every triple)."""
        key = name.value if not isinstance(name, ox.DefaultGraph) else ""
        cache: dict[str, Graph] = self.__dict__.setdefault("_polkg_graphs", {})
        graph = cache.get(key)
        if graph is None:
            if isinstance(name, ox.DefaultGraph):
                ident: Any = CONSENSUS if self._consensus_default else DATASET_DEFAULT_GRAPH_ID
            else:
                ident = URIRef(name.value) if isinstance(name, ox.NamedNode) else BNode(name.value)
            graph = cache[key] = Graph(store=self, identifier=ident)
        return graph

    def _graph_name(self, context: Any) -> Any:
        """The Oxigraph graph name of an rdflib context, or None for rdflib's default graph,
        which is empty as on the memory store: rdflib code reads the consensus as the named
        graph `CONSENSUS`, whether the store keeps it as one or as its default graph."""
        ident = context.identifier if isinstance(context, Graph) else context
        if ident == DATASET_DEFAULT_GRAPH_ID:
            return None
        if ident == CONSENSUS and self._consensus_default:
            return ox.DefaultGraph()
        return to_ox(ident)

    def __len__(self, context: Any = None) -> int:
        if context is None:
            return int(super().__len__(context))
        name = self._graph_name(context)
        if name is None:
            return 0
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        answer: Any = self._inner.query(count, default_graph=name)
        return int(next(iter(answer))[0].value)

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        if triple is not None:
            return (graph for _, graphs in self.triples(triple) for graph in graphs)
        names: list[Any] = list(self._inner.named_graphs())
        if self._consensus_default:
            names.append(ox.DefaultGraph())
        return (self._graph(name) for name in names)

    def add_graph(self, graph: Graph) -> None:
        name = self._graph_name(graph)
        if isinstance(name, ox.DefaultGraph):
            return
        if name is not None and not self._inner.contains_named_graph(name):
            super().add_graph(graph)

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        s, p, o = triple_pattern
        graph = None
        if context is not None:
            graph = self._graph_name(context)
            if graph is None:
                return iter(())
        pattern = [None if t is None else to_ox(t) for t in (s, p, o)]
        try:
            quads = self._inner.quads_for_pattern(pattern[0], pattern[1], pattern[2], graph)
        except (TypeError, ValueError):  # a literal in subject position matches nothing
            return iter(())
        return (
            (
                (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)),
                iter((self._graph(q.graph_name),)),
            )
            for q in quads
        )


def dataset(store: ox.Store) -> Dataset:
    """An rdflib Dataset over `store` whose default graph is the consensus graph."""
    ds = bind_prefixes(Dataset(store=PolkgOxigraphStore(store=store), default_union=False))
    ds.default_graph = ds.graph(CONSENSUS)
    return ds


def inner(ds: Dataset | Graph) -> ox.Store | None:
    """The pyoxigraph store under `ds`, or None when `ds` lives on another store."""
    store = ds.store
    return store._inner if isinstance(store, _OxrdflibStore) else None


def memory_store(ds: Dataset, nquads: bytes | None = None) -> ox.Store:
    """The named graphs of `ds` in an in-memory Oxigraph store (the store itself when `ds`
    already lives on one): what the fast validator queries. Loaded from N-Quads by Oxigraph's
    bulk loader, in Rust, rather than term by term from Python; `nquads` is `ds` already
    written (`kg.export.serialize_graphs`), when the caller has it."""
    found = inner(ds)
    if found is not None:
        return found
    if nquads is None:
        nquads = serialize_graphs(dataset_triples(ds), "nq")
    return _loaded(nquads)


def _loaded(nquads: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def write_store(path: Path, nquads: bytes, consensus: bytes) -> None:
    """Fill a new on-disk store at `path` (which must not exist) with a built dataset, from the
    bytes the build writes anyway: its N-Quads (every named graph) and its consensus in Turtle,
    which becomes the store's default graph instead of a named graph — what a SPARQL client of
    `polkg serve` and polkg's own queries read without naming a graph, while `GRAPH ?g` ranges
    over the sources only. Oxigraph's bulk loader parses them in Rust: no Python object per
    triple, and nothing else held meanwhile; removing the named copy of the consensus also runs
    without Python's lock (it is a third of the time of filtering the lines in Python)."""
    store = ox.Store(str(path))
    _bulk_load_in_chunks(store, nquads)
    store.remove_graph(_CONSENSUS)
    store.bulk_load(consensus, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.flush()
    store.optimize()
    del store


BULK_CHUNK = 16 << 20  # bytes of N-Quads per bulk load (whole lines)


def _bulk_load_in_chunks(store: ox.Store, nquads: bytes, chunk: int = BULK_CHUNK) -> None:
    """Load `nquads` a few megabytes at a time. Why: Oxigraph's bulk loader holds what it is
    given, and its indexes, in memory until it writes them out; given 142 MB of N-Quads (635,000
    quads) at once it took 597 MiB more, in 16 MB pieces about 110 MiB more, for ~1.5 s more of
    compaction (`optimize`), on the writer's own thread."""
    start = 0
    while start < len(nquads):
        end = nquads.find(b"\n", start + chunk)
        end = len(nquads) if end < 0 else end + 1
        store.bulk_load(nquads[start:end], format=ox.RdfFormat.N_QUADS)
        start = end


def open_read_only(path: Path) -> ox.Store:
    return ox.Store.read_only(str(path))


def query(
    store: ox.Store, text: str, bindings: Mapping[str, Identifier] | None = None
) -> tuple[str, list[str], list[tuple[Node | None, ...]], Graph | None, bool | None]:
    """Run SPARQL `text` with the consensus as default graph and the source graphs as named
    graphs; returns (kind, variables, rows, graph, boolean) in rdflib terms."""
    dataset: dict[str, Any] = {}
    if consensus_is_named(store):
        named = [g for g in store.named_graphs() if g != _CONSENSUS]
        dataset = {"default_graph": _CONSENSUS, "named_graphs": named}
    if bindings:  # a parameter makes the rows before each OPTIONAL few (`lateral_optionals`)
        text = lateral_optionals(with_values(text, bindings))
    answer = store.query(
        text,
        prefixes={p: str(ns) for p, ns in PREFIXES.items()},
        **dataset,
    )
    if isinstance(answer, ox.QueryBoolean):
        return "ASK", [], [], None, bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        # Each distinct term is converted once: a large answer repeats its sources, properties
        # and labels on every row (28,655 rows at 300 generated articles: 1.1 s → 0.15 s).
        converted: dict[Any, Node] = {}

        def term(found: Any) -> Node | None:
            if found is None:
                return None
            node = converted.get(found)
            if node is None:
                node = converted[found] = from_ox(found)
            return node

        rows = [tuple(term(found) for found in solution) for solution in answer]
        return "SELECT", variables, rows, None, None
    graph = Graph(bind_namespaces="none")
    for triple in answer:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return "CONSTRUCT", [], [], graph, None


_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>\s{}]*>"""
    r"|[?$]\w+|[A-Za-z_][\w-]*:[\w.-]*)"
    r"|(?P<brace>\{)|(?P<close>\})|(?P<word>[A-Za-z]+)",
)


def with_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """`text` with `VALUES (?a …) { (… ) }` opening its WHERE group: the parameters bound
    before the pattern is matched, as rdflib's `initBindings` does. (Oxigraph's own
    substitutions only accept variables of the SELECT clause, and a trailing VALUES would
    bind them after the FILTERs ran.)"""
    if not bindings:
        return text
    from kg.export import nt_term

    names = sorted(bindings)
    values = (
        f" VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(nt_term(bindings[n]) for n in names)}) }} "
    )
    form = None
    after_where = False
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word is not None:
            upper = word.upper()
            if form is None and upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = upper
            after_where = after_where or upper == "WHERE"
        elif match.group("brace") is not None and (form != "CONSTRUCT" or after_where):
            return text[: match.end()] + values + text[match.end() :]
    raise ValueError("the query has no WHERE group to bind parameters in")


def lateral_optionals(text: str) -> str:
    """`text` with every `OPTIONAL { … }` written `LATERAL { OPTIONAL { … } }`.

    Why: Oxigraph 0.5 evaluates an OPTIONAL whose body joins several patterns on its own and
    then matches it to the rows before it (a hash join), so an OPTIONAL for a claim's quote
    read every quote of every source: `source-statements` for one source took 62 s at 10M
    triples. LATERAL (SPARQL 1.2 draft, SEP-0006; Oxigraph has it, rdflib does not) evaluates
    the body once per row with that row's values, looking the few matches up in the indexes:
    0.01 s. For the OPTIONALs of polkg's queries, basic patterns whose variables the rows
    before them bind or leave for the body to bind, both give the same answers (the query
    tests run every query on both stores). Without a parameter the rows are many, and one
    hash join is faster than a lookup per row (`election-results` over every election: 0.3 s
    against 36 s at 635,000 triples), so `query` rewrites only a query given parameters."""
    inserts: list[tuple[int, str]] = []
    wrapped: list[bool] = []  # one per open brace: does it open an OPTIONAL?
    optional = False
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if word is not None:
            optional = word.upper() == "OPTIONAL"
            if optional:
                inserts.append((match.start(), "LATERAL { "))
        elif match.group("brace") is not None:
            wrapped.append(optional)
            optional = False
        elif match.group("close") is not None and wrapped and wrapped.pop():
            inserts.append((match.end(), " }"))
    for position, piece in sorted(inserts, reverse=True):
        text = text[:position] + piece + text[position:]
    return text


def load_file(path: Path) -> Dataset:
    """A TriG or N-Quads file parsed by Oxigraph into an in-memory store, as a Dataset whose
    default graph is the consensus (what the tests run on the Oxigraph store with)."""
    fmt = ox.RdfFormat.N_QUADS if Path(path).suffix == ".nq" else ox.RdfFormat.TRIG
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return dataset(store)


def from_nquads(nquads: bytes) -> Dataset:
    """A dataset written as N-Quads (`kg.export.serialize_graphs`) in an in-memory Oxigraph
    store, as a Dataset whose default graph is the consensus."""
    return dataset(_loaded(nquads))


_DECIMAL = ox.NamedNode(_XSD_DECIMAL)


def _as_written(quad: ox.Quad, graph: Any) -> ox.Quad:
    """The quad in `graph` (the consensus's name when the store keeps it as its default
    graph), with a decimal back in polkg's lexical form ("54" → "54.0", see `from_ox`)."""
    obj = quad.object
    if isinstance(obj, ox.Literal) and obj.datatype == _DECIMAL and "." not in obj.value:
        obj = ox.Literal(obj.value + ".0", datatype=_DECIMAL)
    elif quad.graph_name == graph:
        return quad
    return ox.Quad(quad.subject, quad.predicate, obj, graph)


def nquads(store: ox.Store, graphs: Iterable[URIRef] | None = None) -> bytes:
    """The named graphs of `store` (or only `graphs`) as sorted N-Quads, written by Oxigraph's
    writer: byte-identical to `kg.export`'s N-Quads of the same dataset, many times faster
    (the terms stay in Oxigraph; only decimals pass through Python)."""
    names = (
        [ox.NamedNode(str(g)) for g in graphs] if graphs is not None else list(store.named_graphs())
    )
    consensus = _consensus_graph(store)
    if graphs is None and isinstance(consensus, ox.DefaultGraph):
        names.append(_CONSENSUS)
    chunks = []
    for name in names:
        where = consensus if name == _CONSENSUS else name
        quads = (_as_written(q, name) for q in store.quads_for_pattern(None, None, None, where))
        chunks.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    lines = b"".join(chunks).splitlines(keepends=True)
    return b"".join(sorted(set(lines)))
