"""What the graph already says, indexed for an article's facts to be compared with.

Built once from a Dataset (the in-memory result of `kg.build.assemble`, or a loaded `out/`):
every stated value of every source graph with its interval, its source and the quote behind
it; the consensus value of each (node, property); and the links an article's facts are matched
through (a person's candidacies, the election of a candidacy, the events of each class with
their dates and the entities they involve). One pass over each graph; lookups are dict reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import cast

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.consensus import node_label, source_graphs
from kg.namespaces import CONSENSUS, ID, OA, POL
from kg.ontology import load_ontology, superclasses
from kg.precision import DATE_DATATYPES, interval, parse_date

Interval = tuple[Decimal, Decimal] | tuple[date, date]


@dataclass(frozen=True)
class GraphValue:
    """One value one source states for a node's property, with the sentence behind it."""

    node: str
    property: str
    value: str
    lexical: str
    lower: Decimal | date
    upper: Decimal | date
    source: str  # source slug
    quote: str


@dataclass
class GraphIndex:
    """The graph's values and links, keyed by node id (`kind/slug`) and property local name."""

    values: dict[tuple[str, str], list[GraphValue]] = field(default_factory=dict)
    chosen: dict[tuple[str, str], str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)  # node -> pol: class names
    links: dict[str, set[str]] = field(default_factory=dict)  # node -> nodes it points to
    candidacies: dict[str, list[str]] = field(default_factory=dict)  # person -> candidacies
    election_of: dict[str, str] = field(default_factory=dict)  # candidacy -> election
    results: dict[str, list[str]] = field(default_factory=dict)  # candidacy -> results
    by_property: dict[str, set[str]] = field(default_factory=dict)  # prop -> nodes with it
    source_labels: dict[str, str] = field(default_factory=dict)
    _by_class: dict[str, list[str]] = field(default_factory=dict)

    def label(self, node: str) -> str:
        return self.labels.get(node, node)

    def is_a(self, node: str, cls: str) -> bool:
        return cls in self.classes.get(node, set())

    def nodes_of(self, cls: str) -> list[str]:
        """The nodes of class `cls` (or a subclass), from a table built on first use."""
        if not self._by_class:
            for node, classes in sorted(self.classes.items()):
                for name in classes:
                    self._by_class.setdefault(name, []).append(node)
        return self._by_class.get(cls, [])


def node_id(term: Node) -> str | None:
    """`kind/slug` of an IRI under `id:`, else None."""
    text = str(term)
    base = str(ID)
    return text[len(base) :] if isinstance(term, URIRef) and text.startswith(base) else None


def build_index(ds: Dataset, ontology: Graph | None = None) -> GraphIndex:
    """Index `ds` (source graphs and the consensus graph)."""
    onto = ontology if ontology is not None else load_ontology()
    index = GraphIndex()
    consensus = ds.graph(CONSENSUS)
    closure: dict[Node, set[str]] = {}
    for s, o in consensus.subject_objects(RDF.type):
        sid = node_id(s)
        if sid is None or not isinstance(o, URIRef):
            continue
        if o not in closure:
            closure[o] = {
                str(c)[len(str(POL)) :]
                for c in superclasses(o, onto)
                if str(c).startswith(str(POL))
            }
        index.classes.setdefault(sid, set()).update(closure[o])
    for s, p, o in consensus:
        sid, oid = node_id(s), node_id(o)
        if sid is None:
            continue
        if oid is not None and p != RDF.type:
            index.links.setdefault(sid, set()).add(oid)
        if p == POL.candidate and oid is not None:
            index.candidacies.setdefault(oid, []).append(sid)
        elif p == POL.candidacy and oid is not None:
            index.election_of[oid] = sid
        elif p == POL.resultOf and oid is not None:
            index.results.setdefault(oid, []).append(sid)
    for node in index.classes:
        index.labels[node] = node_label(consensus, ID[node])
    for values in index.candidacies.values():
        values.sort()
    for slug, graph in source_graphs(ds):
        label = consensus.value(
            ID[f"source/{slug}"], URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        )
        index.source_labels[slug] = str(label) if label is not None else slug
        _index_source(index, slug, graph)
    for (node, prop), _ in index.values.items():
        term = consensus.value(ID[node], POL[prop])
        if isinstance(term, Literal):
            index.chosen[(node, prop)] = str(term)
    return index


def _index_source(index: GraphIndex, slug: str, graph: Graph) -> None:
    quotes: dict[Node, str] = {}
    for annotation, claim in graph.subject_objects(OA.hasBody):
        target = graph.value(annotation, OA.hasTarget)
        for selector in graph.objects(target, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if exact is not None:
                quotes[claim] = str(exact)
    claim_of = {sv: claim for claim, sv in graph.subject_objects(POL.statedValue)}
    found: dict[tuple[str, str], list[GraphValue]] = defaultdict(list)
    for sv in graph.subjects(RDF.type, POL.StatedValue):
        node = node_id(graph.value(sv, POL.statedFor) or URIRef(""))
        prop = graph.value(sv, POL.property)
        value = graph.value(sv, RDF.value)
        if node is None or prop is None or not isinstance(value, Literal):
            continue
        bounds = _bounds(graph.value(sv, POL.lowerBound), graph.value(sv, POL.upperBound), value)
        if bounds is None:
            continue
        local = str(prop)[len(str(POL)) :]
        lexical = graph.value(sv, POL.lexicalForm)
        found[(node, local)].append(
            GraphValue(
                node, local, str(value), str(lexical) if lexical is not None else str(value),
                bounds[0], bounds[1], slug, quotes.get(claim_of.get(sv, sv), ""),
            )
        )  # fmt: skip
        index.by_property.setdefault(local, set()).add(node)
    for key, values in found.items():
        index.values.setdefault(key, []).extend(values)


def _bounds(lower: Node | None, upper: Node | None, value: Literal) -> Interval | None:
    try:
        if isinstance(lower, Literal) and isinstance(upper, Literal):
            if lower.datatype in DATE_DATATYPES:
                low, high = parse_date(str(lower)).lower, parse_date(str(upper)).lower
                return cast(date, low), cast(date, high)
            return Decimal(str(lower)), Decimal(str(upper))
        return interval(value)
    except (ValueError, InvalidOperation):
        return None
