"""Serialise graphs and datasets deterministically, and export the built graph atomically.

Same input, byte-identical output, whatever the process or its `PYTHONHASHSEED`: rdflib's own
Turtle and TriG writers order subjects by their in-memory order and rewrite literals
(`"54"^^xsd:decimal` becomes `54.0`), so Turtle and TriG are written here by a small sorted
writer (prefixes sorted, subjects sorted, `rdf:type` then `rdfs:label` then the other
predicates by IRI, objects sorted, every literal kept in its lexical form). N-Triples and
N-Quads are one sorted line per statement; JSON-LD is rdflib's, with every array sorted.

The corpus has no blank nodes by design; if a graph has some anyway, they are relabelled by
rdflib's canonicalisation (`rdflib.compare.to_canonical_graph`) so their labels are stable too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.errors import UserError
from kg.namespaces import CONSENSUS, PREFIXES, SOURCE_GRAPH, Triple, bind_prefixes
from kg.safety import write_atomic

FORMATS: dict[str, str] = {
    "ttl": "ttl",
    "turtle": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "nq": "nq",
    "nquads": "nq",
    "trig": "trig",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}
"""Accepted format names (aliases included) → the canonical name."""

TRIPLE_FORMATS = frozenset({"ttl", "nt"})
"""Formats that hold one graph only: they cannot carry the named graphs of a dataset."""

EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld"}

# Namespaces longest first, so the most specific prefix wins (src: before graph:).
_NAMESPACES: list[tuple[str, str]] = sorted(
    ((prefix, str(ns)) for prefix, ns in PREFIXES.items()),
    key=lambda item: (-len(item[1]), item[0]),
)
# A conservative PN_LOCAL: anything else is written as a full <IRI>, which is always valid.
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9][A-Za-z0-9_-]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
# rdflib's namespace attributes cost a method call each: these run once per term written
_TYPE, _LABEL = RDF.type, RDFS.label
_STRING, _INTEGER_DT, _DECIMAL_DT, _BOOLEAN = XSD.string, XSD.integer, XSD.decimal, XSD.boolean
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def canonical_format(fmt: str) -> str:
    """The canonical name of `fmt` (`turtle` → `ttl`), or a UserError listing the choices."""
    try:
        return FORMATS[fmt.lower()]
    except KeyError:
        raise UserError(
            f"unknown RDF format {fmt!r}: use one of ttl, nt, nq, trig, jsonld"
        ) from None


# --------------------------------------------------------------------------- terms


# Every character a quoted string must escape, for str.translate (one pass in C).
_ESCAPE_TABLE = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)},
    **{ord(ch): escaped for ch, escaped in _ESCAPES.items()},
}


def _escape(text: str) -> str:
    return text.translate(_ESCAPE_TABLE)


# What an IRIREF may not contain (RDF 1.1 N-Triples): compiled once, not per call (it was
# ~45 % of N-Quads writing time when the set was rebuilt for every IRI).
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _iri_ref(iri: str) -> str:
    if _BAD_IRI.search(iri):
        raise UserError(f"the IRI {iri!r} contains characters RDF does not allow; fix the input")
    return f"<{iri}>"


def _bnode(node: BNode) -> str:
    label = re.sub(r"[^A-Za-z0-9_]", "_", str(node))
    return f"_:{label}"


def nt_term(node: Node) -> str:
    """A term in N-Triples syntax (full IRIs, escaped strings, explicit datatypes)."""
    if isinstance(node, URIRef):
        return _iri_ref(str(node))
    if isinstance(node, BNode):
        return _bnode(node)
    if isinstance(node, Literal):
        text = f'"{_escape(str(node))}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != _STRING:
            return f"{text}^^{_iri_ref(str(node.datatype))}"
        return text
    raise TypeError(f"not an RDF term: {node!r}")


def qname(iri: str) -> str | None:
    """`pol:Person` for a polkg-prefixed IRI whose local part is a safe Turtle name, else None."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and _LOCAL.match(local):
                return f"{prefix}:{local}"
    return None


def turtle_term(node: Node, used: set[str] | None = None) -> str:
    """A term in Turtle syntax: prefixed names where safe, plain numbers where the lexical
    form is already what Turtle's grammar would read back, the lexical form kept otherwise.
    `used` collects the prefixes the output needs."""
    if isinstance(node, URIRef):
        if node == _TYPE:
            return "a"
        name = qname(str(node))
        if name is None:
            return _iri_ref(str(node))
        if used is not None:
            used.add(name.split(":", 1)[0])
        return name
    if isinstance(node, BNode):
        return _bnode(node)
    if isinstance(node, Literal):
        lexical = str(node)
        if node.language:
            return f'"{_escape(lexical)}"@{node.language}'
        datatype = node.datatype
        if datatype is None or datatype == _STRING:
            return f'"{_escape(lexical)}"'
        if datatype == _INTEGER_DT and _INTEGER.match(lexical):
            return lexical
        if datatype == _DECIMAL_DT and _DECIMAL.match(lexical):
            return lexical
        if datatype == _BOOLEAN and lexical in ("true", "false"):
            return lexical
        dt = turtle_term(datatype, used) if isinstance(datatype, URIRef) else _iri_ref(datatype)
        return f'"{_escape(lexical)}"^^{dt}'
    raise TypeError(f"not an RDF term: {node!r}")


class _Terms:
    """The terms of one output, each IRI rendered once: a large graph repeats its predicates,
    subjects and classes many times, and finding an IRI's prefix is the costly part. Literals
    are rendered every time: rdflib compares some literals by value (`"2019-06-23Z"` equals
    `"2019-06-23"`), and each must keep its own lexical form."""

    def __init__(self) -> None:
        self.used: set[str] = set()  # the prefixes the output needs
        self._turtle: dict[str, str] = {}
        self._nt: dict[str, str] = {}

    def turtle(self, node: Node) -> str:
        if type(node) is not URIRef:
            return turtle_term(node, self.used)
        found = self._turtle.get(node)
        if found is None:
            found = self._turtle[node] = turtle_term(node, self.used)
        return found

    def nt(self, node: Node) -> str:
        if type(node) is not URIRef:
            return nt_term(node)
        found = self._nt.get(node)
        if found is None:
            found = self._nt[node] = nt_term(node)
        return found


def term_key(node: Node) -> tuple[int, str, str, str]:
    """A total, process-independent order on terms: IRIs, then blank nodes, then literals."""
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, BNode):
        return (1, str(node), "", "")
    if isinstance(node, Literal):
        return (2, str(node), str(node.datatype or ""), node.language or "")
    return (3, str(node), "", "")


def _predicate_key(node: Node) -> tuple[int, tuple[int, str, str, str]]:
    rank = 0 if node == _TYPE else 1 if node == _LABEL else 2
    return (rank, term_key(node))


# --------------------------------------------------------------------------- graphs


def _stable_triples(graph: Graph) -> list[Triple]:
    """The triples of `graph`, blank nodes relabelled canonically when there are any."""
    triples = list(graph.triples((None, None, None)))
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        triples = list(to_canonical_graph(graph).triples((None, None, None)))
    return triples


def _turtle_body(triples: Iterable[Triple], terms: _Terms, indent: str = "") -> list[str]:
    """Subject blocks, sorted, one blank line between them."""
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    # a graph has few predicates and mostly one object per predicate: key each predicate
    # once, and sort only the lists that have something to sort
    predicate_keys = {p: _predicate_key(p) for ps in by_subject.values() for p in ps}
    blocks: list[str] = []
    for subject in sorted(by_subject, key=term_key):
        predicates = by_subject[subject]
        lines = [indent + terms.turtle(subject)]
        ordered = sorted(predicates, key=predicate_keys.__getitem__)
        for i, predicate in enumerate(ordered):
            objects = predicates[predicate]
            if len(objects) > 1:
                objects = sorted(set(objects), key=term_key)
            rendered = [terms.turtle(o) for o in objects]
            end = " ." if i == len(ordered) - 1 else " ;"
            head = f"{indent}    {terms.turtle(predicate)} "
            if len(rendered) == 1:
                lines.append(head + rendered[0] + end)
            else:
                lines.append(head + rendered[0] + " ,")
                for j, obj in enumerate(rendered[1:], start=1):
                    tail = end if j == len(rendered) - 1 else " ,"
                    lines.append(f"{indent}        {obj}{tail}")
        blocks.append("\n".join(lines))
    return blocks


def _prefix_block(used: set[str]) -> str:
    lines = [f"@prefix {p}: <{PREFIXES[p]}> ." for p in sorted(used)]
    return "\n".join(lines) + "\n\n" if lines else ""


def _turtle(graph: Graph) -> str:
    terms = _Terms()
    blocks = _turtle_body(_stable_triples(graph), terms)
    body = "\n\n".join(blocks)
    return _prefix_block(terms.used) + (body + "\n" if body else "")


def _graphs(ds: Dataset) -> list[Graph]:
    """The non-empty graphs of `ds`: the default graph first, then named graphs by IRI."""
    graphs = [g for g in ds.graphs() if len(g)]
    return sorted(
        graphs, key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier))
    )


GraphTriples = list[tuple[Node, list[Triple]]]
"""A dataset read once: each non-empty graph's identifier and triples, default graph first."""


def dataset_triples(ds: Dataset, extra: Mapping[Any, list[Triple]] | None = None) -> GraphTriples:
    """Every non-empty graph of `ds` with its triples (blank nodes relabelled canonically),
    the default graph first, then named graphs by IRI. A build reads its dataset once, here,
    and writes TriG, N-Quads and the Oxigraph store from this. `extra` holds more triples of
    some graphs (without blank nodes) that the build kept out of `ds` (`kg.build.assemble`)."""
    found = {graph.identifier: _stable_triples(graph) for graph in _graphs(ds)}
    for identifier, triples in (extra or {}).items():
        if triples:
            found.setdefault(identifier, []).extend(triples)
    return sorted(found.items(), key=lambda kv: (kv[0] != DATASET_DEFAULT_GRAPH_ID, str(kv[0])))


def _trig(graphs: GraphTriples) -> bytes:
    """TriG in UTF-8. Each graph is encoded as soon as it is written and the file joined once
    (a million-triple dataset's text is ~150 MB: held as text, joined, then encoded, it was
    held three or four times over at the build's peak)."""
    terms = _Terms()
    sections: list[bytes] = []
    for identifier, triples in graphs:
        blocks = _turtle_body(triples, terms, indent="    ")
        named = identifier != DATASET_DEFAULT_GRAPH_ID
        head = f"{terms.turtle(identifier)} {{" if named else "{"
        if sections:
            sections.append(b"\n\n")
        sections.append((head + "\n" + "\n\n".join(blocks) + "\n}").encode())
    if sections:
        sections.append(b"\n")
    return b"".join([_prefix_block(terms.used).encode(), *sections])


def _nt_lines(triples: list[Triple], terms: _Terms, context: str = "") -> Iterator[bytes]:
    """One UTF-8 line per triple. Sorting the encoded lines gives the order of sorting the
    texts (UTF-8 keeps code-point order) and holds a large graph in about half the memory."""
    suffix = f" {context}" if context else ""
    nt = terms.nt
    for s, p, o in triples:
        yield f"{nt(s)} {nt(p)} {nt(o)}{suffix} .\n".encode()


def _ntriples(graph: Graph) -> bytes:
    return b"".join(sorted(set(_nt_lines(_stable_triples(graph), _Terms()))))


def _nquads(graphs: GraphTriples) -> bytes:
    terms = _Terms()
    lines: set[bytes] = set()
    for identifier, triples in graphs:
        context = "" if identifier == DATASET_DEFAULT_GRAPH_ID else terms.nt(identifier)
        lines.update(_nt_lines(triples, terms, context))
    return b"".join(sorted(lines))


def _sorted_json(value: object, key: str = "") -> object:
    """Sort every JSON-LD array (their order carries no meaning) except `@list` values."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(target: Graph) -> str:
    copy: Graph
    if isinstance(target, Dataset):
        ds = bind_prefixes(Dataset(default_union=False))
        for graph in _graphs(target):
            named = graph.identifier != DATASET_DEFAULT_GRAPH_ID
            dest = ds.graph(graph.identifier) if named else ds.default_graph
            for triple in _stable_triples(graph):
                dest.add(triple)
        copy = ds
    else:
        copy = bind_prefixes(Graph(bind_namespaces="none"))
        for triple in _stable_triples(target):
            copy.add(triple)
    context = {prefix: str(PREFIXES[prefix]) for prefix in sorted(PREFIXES)}
    text = copy.serialize(format="json-ld", context=context, auto_compact=True)
    data = _sorted_json(json.loads(text))
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _as_dataset(graph: Graph, name: URIRef | None = None) -> Dataset:
    """A plain graph as a dataset: its triples in the named graph `name`, else the one it is
    identified by (the default graph when that is a blank node or rdflib's default id)."""
    ds = bind_prefixes(Dataset(default_union=False))
    identifier = name if name is not None else graph.identifier
    named = isinstance(identifier, URIRef) and identifier != DATASET_DEFAULT_GRAPH_ID
    dest = ds.graph(identifier) if named else ds.default_graph
    for triple in graph.triples((None, None, None)):
        dest.add(triple)
    return ds


def serialize(target: Graph | Dataset, fmt: str) -> bytes:
    """`target` in `fmt` (ttl/turtle, nt, nq, trig, jsonld) as UTF-8 bytes, deterministic.

    A Dataset in a triple-only format (ttl, nt) is refused: it would silently drop the named
    graphs. A plain Graph in a dataset format (nq, trig) is written as the one named graph it
    is identified by (or the default graph when its identifier is a blank node)."""
    name = canonical_format(fmt)
    is_dataset = isinstance(target, Dataset)
    if name in TRIPLE_FORMATS and is_dataset:
        raise UserError(
            f"the {name} format holds one graph, not a dataset of named graphs: "
            "use trig or nq to write them all, or choose one graph"
        )
    if name == "ttl":
        text = _turtle(target)
    elif name == "nt":
        return _ntriples(target)
    elif name in ("nq", "trig"):
        ds = target if isinstance(target, Dataset) else _as_dataset(target)
        return serialize_graphs(dataset_triples(ds), name)
    else:
        text = _jsonld(target)
    return text.encode("utf-8")


def serialize_graphs(graphs: GraphTriples, fmt: str) -> bytes:
    """A dataset already read (`dataset_triples`) in a dataset format, `nq` or `trig`."""
    name = canonical_format(fmt)
    if name not in ("nq", "trig"):
        raise ValueError(f"serialize_graphs writes nq or trig, not {fmt!r}")
    return _nquads(graphs) if name == "nq" else _trig(graphs)


# --------------------------------------------------------------------------- export


def consensus_graph(ds: Dataset) -> Graph:
    """The consensus graph of a built dataset: the named graph `graph:consensus` when it has
    triples, else the default graph (kg.store sets the consensus up as the default graph)."""
    named = ds.graph(CONSENSUS) if _has_graph(ds, CONSENSUS) else None
    if named is not None and len(named):
        return named
    # Dataset.default_graph is an unannotated property in rdflib; it is always a Graph
    return cast(Graph, ds.default_graph)


def _has_graph(ds: Dataset, identifier: URIRef) -> bool:
    return any(g.identifier == identifier for g in ds.graphs())


def source_slugs(ds: Dataset) -> list[str]:
    """The slugs of the source graphs in `ds`, sorted."""
    prefix = str(SOURCE_GRAPH)
    return sorted(
        str(g.identifier)[len(prefix) :]
        for g in ds.graphs()
        if str(g.identifier).startswith(prefix) and len(g)
    )


def select(ds: Dataset, graph: str = "consensus") -> Graph | Dataset:
    """What `export` writes for `--graph`: `consensus`, `all` (the whole dataset) or the slug
    (or full IRI) of one source graph."""
    if graph == "consensus":
        return consensus_graph(ds)
    if graph == "all":
        return ds
    slugs = source_slugs(ds)
    slug = graph[len(str(SOURCE_GRAPH)) :] if graph.startswith(str(SOURCE_GRAPH)) else graph
    if slug not in slugs:
        listed = ", ".join(slugs) if slugs else "(none: the dataset has no source graphs)"
        raise UserError(
            f"no source graph {graph!r}: use --graph consensus, all, or one of {listed}"
        )
    return ds.graph(SOURCE_GRAPH[slug])


def _oxigraph_store(ds: Dataset) -> Any:
    from kg.store import is_oxigraph

    if not is_oxigraph(ds):
        return None
    from kg.oxstore import inner

    return inner(ds)


def export(
    ds: Dataset,
    fmt: str,
    *,
    graph: str = "consensus",
    output: Path | None = None,
    entailed: bool = False,
) -> bytes:
    """Serialise the chosen part of `ds` in `fmt`; write it atomically to `output` if given.
    With `entailed`, add the standard vocabularies' classes and properties (kg.entail).

    Returns the bytes written. `graph="all"` needs a dataset format (trig, nq, jsonld)."""
    name = canonical_format(fmt)
    if graph == "all" and name in TRIPLE_FORMATS:
        raise UserError(
            f"--graph all needs a format that keeps named graphs: use --format trig or nq "
            f"(or jsonld), not {name}"
        )
    target = select(ds, graph)
    store = _oxigraph_store(ds)
    if store is not None and name == "nq" and not entailed:
        # on the Oxigraph store, Oxigraph's own writer: the same bytes, ~10x faster
        from kg.oxstore import nquads

        names = None if graph == "all" else [URIRef(str(target.identifier))]
        data = nquads(store, names)
        if output is not None:
            write_atomic(output, data)
        return data
    if entailed:
        from kg.entail import entail

        target = entail(target)
    if graph == "consensus" and name in ("nq", "trig"):
        # The consensus may live in the default graph: name it in dataset formats.
        target = _as_dataset(target, CONSENSUS)
    data = serialize(target, name)
    if output is not None:
        write_atomic(output, data)
    return data
