"""Source graphs → the consensus graph, with a `pol:Disagreement` wherever sources contradict.

Each source's named graph says what that source states and nothing else; the consensus graph is
the one view a query can take at face value: one value per functional property, the union of
the rest, the curator's labels, and every `pol:` class each node belongs to through
`rdfs:subClassOf` (so `?x a pol:Election` finds a mayoral election on any store, without
inference). Where sources state values that cannot both be true (their intervals,
`kg.precision`, do not overlap) the disagreement is not smoothed over: it is recorded with
every value, its sources, the value chosen and the rule that chose it. The value is chosen by
the first of these rules that leaves one (DESIGN.md, "Provenance"; docs/model.md, "Consensus"):

1. `curator-override`: the value named in `overrides.yaml`;
2. `authority`: only the values of the most authoritative kind of source present (an official
   record over a research dataset over news and reference works, `pol:sourceKind`);
3. `agreement`: among those, the values whose interval overlaps the stated intervals of the
   most sources (its own sources included);
4. `most-precise`: among those, the narrowest interval;
5. `source-order`: the value of the first source by its slug.

Values that all overlap agree: the same rules pick the value kept and nothing is recorded.

Every phase is linear in the size of the source graphs: each graph is read once into a local
index (rdflib's memory store answers a typed lookup inside one named graph by scanning the
matching triples of *every* graph, so per-graph `subjects(RDF.type, …)` calls made the
consensus quadratic), values are grouped by (node, property) in that one pass, and the rules
then run on each group. Output is deterministic: no blank nodes, IRIs derived from the node and
property, values and sources in a fixed order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from kg.derive import derive_date_bounds
from kg.errors import UserError
from kg.ids import NODE_ID, node_iri, slug
from kg.loaders.overrides import Override
from kg.namespaces import CONSENSUS, ID, OA, POL, SOURCE_GRAPH, Triple, bind_prefixes
from kg.ontology import functional_properties, load_ontology, superclasses
from kg.precision import (
    DATE_DATATYPES,
    DECIMAL_DATATYPES,
    INTEGER_DATATYPES,
    decimal_literal,
    interval,
    overlaps,
    parse_date,
    parse_number,
    width,
)

__all__ = ["RULES", "Choice", "ClaimedValue", "choose", "node_label", "reconcile", "source_graphs"]

RULES = ("curator-override", "authority", "agreement", "most-precise", "source-order")

# Rank of a source whose kind is not stated: that of news and reference works, the lowest.
DEFAULT_AUTHORITY = 1

# Provenance nodes that stay in the source graphs: claims, stated values, attribution links,
# annotations and the annotation's target and selectors.
_PROVENANCE_TYPES = frozenset(
    {
        POL.Claim,
        POL.StatedValue,
        POL.Attribution,
        OA.Annotation,
        OA.SpecificResource,
        OA.TextQuoteSelector,
        OA.TextPositionSelector,
    }
)

Interval = tuple[Decimal, Decimal] | tuple[date, date]


@dataclass(frozen=True)
class ClaimedValue:
    """One distinct value as stated (value and stated form), with every source stating it."""

    term: Node
    lexical: str
    hedge: str | None
    interval: Interval | None
    sources: tuple[str, ...]

    @property
    def sort_key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.lexical, str(self.term), self.sources)


@dataclass(frozen=True)
class _Stated:
    lexical: str
    hedge: str | None
    interval: Interval | None


def source_graphs(ds: Dataset) -> list[tuple[str, Graph]]:
    """The source graphs of `ds` as (source slug, graph), ordered by slug."""
    prefix = str(SOURCE_GRAPH)
    found = []
    for graph in ds.graphs():
        name = str(graph.identifier)
        if name.startswith(prefix) and len(name) > len(prefix):
            found.append((name[len(prefix) :], graph))
    return sorted(found, key=lambda pair: pair[0])


def source_node(source_slug: str) -> URIRef:
    """The `pol:Source` node of a source: `id:source/{slug}`."""
    return ID[f"source/{source_slug}"]


def reconcile(
    ds: Dataset,
    *,
    ontology: Graph | None = None,
    overrides: Sequence[Override] = (),
    base: Graph | None = None,
    more_sources: Mapping[URIRef, Iterable[Triple]] | None = None,
) -> Graph:
    """Fill `ds.graph(CONSENSUS)` from the source graphs of `ds` (replacing what it held) and
    return it. `base` (the entity descriptions of entities.yaml) is copied in as is and its
    labels and single values win over the sources'. `more_sources` are source graphs kept
    out of `ds` (graph IRI → triples, `kg.build`), reconciled with those of `ds`. Raises
    `UserError` for an override that names a value no source states."""
    onto = ontology if ontology is not None else load_ontology()
    functional = functional_properties(onto)
    sources: list[tuple[str, Iterable[Triple]]] = [*source_graphs(ds)]
    prefix = str(SOURCE_GRAPH)
    for iri, kept_apart in (more_sources or {}).items():
        sources.append((str(iri)[len(prefix) :], kept_apart))
    sources.sort(key=lambda pair: pair[0])

    ds.remove_graph(CONSENSUS)
    consensus = ds.graph(CONSENSUS)
    bind_prefixes(consensus)

    triples: set[tuple[Node, Node, Node]] = set()
    base_single: set[tuple[Node, Node]] = set()
    base_labelled: set[Node] = set()
    if base is not None:
        for s, p, o in base:
            triples.add((s, p, o))
            if p in functional:
                base_single.add((s, p))
            elif p == RDFS.label:
                base_labelled.add(s)

    label = RDFS.label  # a namespace attribute is a method call: not once per triple
    first_labels: dict[Node, list[Node]] = {}
    values: dict[tuple[Node, Node], dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
    stated: dict[str, dict[tuple[Node, Node, Node], list[_Stated]]] = {}
    ranks: dict[str, int] = {}
    for source_slug, graph in sources:
        index = _GraphIndex(graph)
        excluded = index.provenance_nodes()
        stated[source_slug] = index.stated_values()
        ranks[source_slug] = _authority_rank(index, source_slug, onto)
        labels_here: dict[Node, list[Node]] = defaultdict(list)
        for s, p, o in index.triples:
            if s in excluded or o in excluded:
                continue
            if p == label:
                labels_here[s].append(o)
            elif p in functional:
                # the curator's single value (entities.yaml) wins over every source's
                if (s, p) not in base_single:
                    values[(s, p)][source_slug].add(o)
            else:
                triples.add((s, p, o))
        for s, labels in labels_here.items():
            if s not in base_labelled and s not in first_labels:
                first_labels[s] = labels
    for s, labels in first_labels.items():
        for text in labels:
            triples.add((s, label, text))

    by_target: dict[tuple[Node, Node], Override] = {(o.node, o.property): o for o in overrides}
    for key, orphan in by_target.items():
        if key not in values:
            raise UserError(
                f"no source states pol:{_local(orphan.property)} for "
                f"{_node_key(orphan.node, sep='/')}, so there is nothing to override; "
                "check the node id or remove the override",
                file=orphan.file,
                line=orphan.line,
            )

    order = [source_slug for source_slug, _ in sources]
    disagreements: list[tuple[Node, Node, list[ClaimedValue], Choice]] = []
    for s, p in sorted(values, key=lambda key: (str(key[0]), str(key[1]))):
        override = by_target.get((s, p))
        by_source = values[(s, p)]
        if override is None and len(by_source) == 1:
            only = next(iter(by_source.values()))
            if len(only) == 1:  # one source, one value (most facts): nothing to weigh
                triples.add((s, p, next(iter(only))))
                continue
        claimed = _claimed_values(s, p, by_source, stated)
        if override is not None:
            chosen = _override_term(override, claimed)
            choice = Choice(
                chosen,
                "curator-override",
                f"The curator's override ({Path(override.file).name}, line {override.line}) "
                f"names {_value_text(chosen, claimed)}: {override.reason.rstrip('.')}.",
            )
        else:
            choice = choose(claimed, ranks, order)
        triples.add((s, p, choice.term))
        agree = all(_compatible(a, b) for i, a in enumerate(claimed) for b in claimed[i + 1 :])
        if not agree:
            disagreements.append((s, p, claimed, choice))

    triples |= _class_closure(triples, onto)
    consensus.addN(
        (s, p, o, consensus) for s, p, o in sorted(triples, key=lambda t: tuple(x.n3() for x in t))
    )
    for s, p, claimed, choice in disagreements:
        _record(consensus, onto, s, p, claimed, choice)
    derive_date_bounds(consensus)  # bounds implied by relations in time (kg.derive)
    return consensus


class _GraphIndex:
    """One source graph read once: its triples and, per subject, its properties.

    Every lookup the consensus makes in a source graph (the types of a node, the parts of a
    stated value, an annotation's target) is answered from here, in memory proportional to the
    graph, instead of by store lookups that scan every graph of the dataset."""

    def __init__(self, graph: Iterable[Triple]) -> None:
        self.triples: list[tuple[Node, Node, Node]] = []
        self.props: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.by_type: dict[Node, list[Node]] = defaultdict(list)
        for s, p, o in graph:
            self.triples.append((s, p, o))
            self.props[s][p].append(o)
            if p == RDF.type:
                self.by_type[o].append(s)

    def value(self, node: Node, prop: Node) -> Node | None:
        """One value of `prop` on `node` (the least, for determinism), or None."""
        found = self.props.get(node, {}).get(prop)
        return min(found, key=lambda term: term.n3()) if found else None

    def provenance_nodes(self) -> set[Node]:
        """Claims, stated values, annotations and their targets and selectors."""
        found: set[Node] = set()
        for cls in _PROVENANCE_TYPES:
            found.update(self.by_type.get(cls, ()))
        for annotation in self.by_type.get(OA.Annotation, ()):
            for target in self.props[annotation].get(OA.hasTarget, ()):
                found.add(target)
                found.update(self.props.get(target, {}).get(OA.hasSelector, ()))
        return found

    def stated_values(self) -> dict[tuple[Node, Node, Node], list[_Stated]]:
        """(node, property, value) → the stated forms and intervals the source gives for it."""
        result: dict[tuple[Node, Node, Node], list[_Stated]] = defaultdict(list)
        for sv in self.by_type.get(POL.StatedValue, ()):
            node = self.value(sv, POL.statedFor)
            prop = self.value(sv, POL.property)
            value = self.value(sv, RDF.value)
            if node is None or prop is None or value is None:
                continue
            lexical = self.value(sv, POL.lexicalForm)
            hedge = self.value(sv, POL.hedge)
            lower = _bound(self.value(sv, POL.lowerBound))
            upper = _bound(self.value(sv, POL.upperBound))
            iv = _pair(lower, upper) or _interval_of(value)
            result[(node, prop, value)].append(
                _Stated(
                    lexical=str(lexical) if lexical is not None else str(value),
                    hedge=str(hedge) if hedge is not None else None,
                    interval=iv,
                )
            )
        return result


def _authority_rank(index: _GraphIndex, source_slug: str, onto: Graph) -> int:
    """How authoritative the source is: the `pol:authorityRank` of its `pol:sourceKind`."""
    kind = index.value(source_node(source_slug), POL.sourceKind)
    rank = onto.value(kind, POL.authorityRank) if kind is not None else None
    if isinstance(rank, Literal):
        try:
            return int(rank)
        except (TypeError, ValueError):
            pass
    return DEFAULT_AUTHORITY


def _class_closure(
    triples: set[tuple[Node, Node, Node]], onto: Graph
) -> set[tuple[Node, Node, Node]]:
    """`a pol:C` for every `pol:` class each typed node belongs to through `rdfs:subClassOf`.

    A query for a core class (`?x a pol:Election`, `pol:Organization`, `pol:Agent`) must find
    every instance on any SPARQL store, without inference (DESIGN.md, "What a query can rely
    on"). The aligned standard classes (schema.org, FOAF, …) are left to `kg.export.entail`."""
    pol = str(POL)
    found: set[tuple[Node, Node, Node]] = set()
    for s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(pol):
            for parent in superclasses(o, onto):
                if str(parent).startswith(pol):
                    found.add((s, RDF.type, parent))
    return found


def node_label(graph: Graph, node: Node) -> str:
    """A readable name for `node`: its `rdfs:label`; a candidacy as "X's candidacy in Y";
    else its id (`candidacy/…`)."""
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label))
    if labels:
        return labels[0]
    candidate = graph.value(node, POL.candidate)
    if candidate is not None:
        elections = sorted(graph.subjects(POL.candidacy, node), key=str)
        where = f" in {node_label(graph, elections[0])}" if elections else ""
        return f"{node_label(graph, candidate)}'s candidacy{where}"
    return _node_key(node, sep="/")


def _bound(term: Node | None) -> Decimal | date | None:
    if not isinstance(term, Literal):
        return None
    text = str(term)
    try:
        if term.datatype in DATE_DATATYPES:
            return parse_date(text).lower
        return _tidy(Decimal(text))
    except (ValueError, InvalidOperation):
        return None


def _tidy(value: Decimal) -> Decimal:
    """13650.0 → 13650, so bounds read from the graph print as they were computed."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _pair(lower: Decimal | date | None, upper: Decimal | date | None) -> Interval | None:
    """The stated bounds as an interval, when both are there and of one kind (two dates or two
    numbers); a mixed pair could not be compared with other intervals."""
    if isinstance(lower, date) and isinstance(upper, date):
        return (lower, upper)
    if isinstance(lower, Decimal) and isinstance(upper, Decimal):
        return (lower, upper)
    return None


def _interval_of(term: Node) -> Interval | None:
    if not isinstance(term, Literal):
        return None
    try:
        return interval(term)
    except (ValueError, InvalidOperation):
        return None


def _claimed_values(
    node: Node,
    prop: Node,
    by_source: dict[str, set[Node]],
    stated: dict[str, dict[tuple[Node, Node, Node], list[_Stated]]],
) -> list[ClaimedValue]:
    """Distinct (value, stated form) pairs with their sources, ordered by stated form."""
    merged: dict[tuple[Node, str], tuple[_Stated, set[str]]] = {}
    for source_slug in sorted(by_source):
        for term in sorted(by_source[source_slug], key=lambda t: (type(t).__name__, str(t))):
            forms = stated[source_slug].get((node, prop, term))
            if forms:
                form = min(forms, key=lambda f: (_width_key(f.interval), f.lexical))
            else:
                form = _Stated(lexical=_plain(term), hedge=None, interval=_interval_of(term))
            key = (term, form.lexical)
            if key not in merged:
                merged[key] = (form, set())
            merged[key][1].add(source_slug)
    claimed = [
        ClaimedValue(
            term=term,
            lexical=form.lexical,
            hedge=form.hedge,
            interval=form.interval,
            sources=tuple(sorted(slugs)),
        )
        for (term, _), (form, slugs) in merged.items()
    ]
    return sorted(claimed, key=lambda cv: cv.sort_key)


def _compatible(a: ClaimedValue, b: ClaimedValue) -> bool:
    """Whether two values can both be true: overlapping intervals, else equal terms."""
    if a.term == b.term:
        return True
    if a.interval is None or b.interval is None:
        return False
    if isinstance(a.interval[0], date) != isinstance(b.interval[0], date):
        return False
    return overlaps(a.interval, b.interval)


def _width_key(iv: Interval | None) -> tuple[int, Decimal]:
    """How precise a value is, narrowest first; a value without an interval comes last.

    A date's precision is its granularity, not its length in days: June (30 days) is no more
    precise than July (31), so two months tie and a later rule decides."""
    if iv is None:
        return (1, Decimal(0))
    size = Decimal(width(iv))
    if isinstance(iv[0], date):
        size = next((g for g in _DATE_GRAINS if size <= g), size)
    return (0, size)


# A day, a month, a year: date intervals are compared by the smallest of these that holds them.
_DATE_GRAINS = (Decimal(1), Decimal(31), Decimal(366))


@dataclass(frozen=True)
class Choice:
    """The value the consensus keeps for one (node, property), the rule that chose it and why;
    `agreeing` is the number of agreeing sources when the rule is `agreement`."""

    term: Node
    rule: str
    why: str
    agreeing: int | None = None


def choose(claimed: list[ClaimedValue], ranks: dict[str, int], order: Sequence[str]) -> Choice:
    """Apply the rules after the override, in order; the first that leaves one value decides.

    `ranks` gives each source's authority (higher wins; unknown sources count as news), and
    `order` the sources in id order for the last rule. Exposed for tests of the rules."""
    if len({cv.term for cv in claimed}) == 1:
        return Choice(claimed[0].term, "", "")
    involved = sorted({s for cv in claimed for s in cv.sources})

    def rank(cv: ClaimedValue) -> int:
        return max(ranks.get(s, DEFAULT_AUTHORITY) for s in cv.sources)

    top = max(rank(cv) for cv in claimed)
    left = [cv for cv in claimed if rank(cv) == top]
    if len({cv.term for cv in left}) == 1:
        kinds = "the most authoritative kind of source present"
        return Choice(
            left[0].term,
            "authority",
            f"{_value_text(left[0].term, claimed)} is stated by {kinds} "
            f"({', '.join(left[0].sources)}); the other values come from sources of a less "
            "authoritative kind.",
        )

    support = {
        cv: {s for other in claimed if _compatible(cv, other) for s in other.sources} for cv in left
    }
    most = max(len(slugs) for slugs in support.values())
    agreed = [cv for cv in left if len(support[cv]) == most]
    if len({cv.term for cv in agreed}) == 1:
        return Choice(
            agreed[0].term,
            "agreement",
            f"{_value_text(agreed[0].term, claimed)} agrees with the values of {most} of the "
            f"{len(involved)} sources, more than any other value.",
            agreeing=most,
        )

    keyed = [(_width_key(cv.interval), cv) for cv in agreed]
    narrowest = min(key for key, _ in keyed)
    precise = [cv for key, cv in keyed if key == narrowest]
    if len({cv.term for cv in precise}) == 1:
        cv = precise[0]
        assert cv.interval is not None  # a unique narrowest value has an interval
        lo, hi = cv.interval
        size = width(cv.interval)
        size = size if isinstance(lo, date) else _tidy(Decimal(size))
        unit = (" day" if size == 1 else " days") if isinstance(lo, date) else ""
        return Choice(
            cv.term,
            "most-precise",
            f"{_value_text(cv.term, claimed)} is the most precise of the values that agree with "
            f"the most sources: its interval [{lo}, {hi}) is the narrowest (width {size}{unit}).",
        )

    position = {source_slug: i for i, source_slug in enumerate(order)}
    first = min(
        (s for cv in precise for s in cv.sources), key=lambda s: (position.get(s, len(order)), s)
    )
    cv = next(cv for cv in precise if first in cv.sources)
    return Choice(
        cv.term,
        "source-order",
        f"No rule before it leaves one value, so the value of {first}, the first source by id, "
        f"is kept: {_value_text(cv.term, claimed)}.",
    )


def _override_term(override: Override, claimed: list[ClaimedValue]) -> Node:
    """The stated value an override names, parsed like the sources' values."""
    for cv in claimed:
        candidate = _parse_like(override.value, cv.term)
        if candidate is not None and _same(candidate, cv.term):
            return cv.term
    stated = ", ".join(sorted({cv.lexical for cv in claimed}))
    raise UserError(
        f"the override for {_node_key(override.node, sep='/')} {_local(override.property)} "
        f"names the value {override.value!r}, which no source states (they state: {stated}); "
        f"write one of those values",
        file=override.file,
        line=override.line,
    )


def _parse_like(text: str, like: Node) -> Node | None:
    try:
        if isinstance(like, URIRef):
            if NODE_ID.match(text):
                return node_iri(text)
            if text.startswith("pol:"):
                return POL[text[4:]]
            return URIRef(text)
        if isinstance(like, Literal) and like.datatype in DATE_DATATYPES:
            return parse_date(text).literal
        if isinstance(like, Literal) and like.datatype in INTEGER_DATATYPES:
            return parse_number(text, XSD.integer).literal
        if isinstance(like, Literal) and like.datatype in DECIMAL_DATATYPES:
            return parse_number(text, XSD.decimal).literal
    except ValueError:
        return None
    return (
        Literal(text, lang=like.language, datatype=like.datatype)
        if isinstance(like, Literal)
        else None
    )


def _same(a: Node, b: Node) -> bool:
    if a == b:
        return True
    numeric = INTEGER_DATATYPES | DECIMAL_DATATYPES
    if (
        isinstance(a, Literal)
        and isinstance(b, Literal)
        and a.datatype in numeric
        and b.datatype in numeric
    ):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except InvalidOperation:
            return False
    return False


def _record(
    consensus: Graph,
    onto: Graph,
    node: Node,
    prop: Node,
    claimed: list[ClaimedValue],
    choice: Choice,
) -> None:
    """Write one `pol:Disagreement` and its `pol:ClaimedValue`s into the consensus graph."""
    dis = ID[f"disagreement/{_node_key(node)}/{_local(prop)}"]
    involved = sorted({s for cv in claimed for s in cv.sources})
    prop_label = onto.value(prop, RDFS.label)
    prop_text = str(prop_label) if prop_label is not None else _local(prop)
    add = consensus.add
    add((dis, RDF.type, POL.Disagreement))
    add(
        (
            dis,
            RDFS.label,
            Literal(f"Sources disagree on the {prop_text} of {node_label(consensus, node)}"),
        )
    )
    add((dis, POL.subject, node))
    add((dis, POL.property, prop))
    add((dis, POL.chosenValue, choice.term))
    add((dis, POL.rule, Literal(choice.rule)))
    add((dis, POL.explanation, Literal(choice.why)))
    if choice.agreeing is not None:
        add((dis, POL.agreeingSources, Literal(choice.agreeing, datatype=XSD.integer)))
    for source_slug in involved:
        add((dis, PROV.wasDerivedFrom, source_node(source_slug)))
    for n, cv in enumerate(claimed, start=1):
        value = URIRef(f"{dis}/value-{n}")
        add((dis, POL.claimedValue, value))
        add((value, RDF.type, POL.ClaimedValue))
        add((value, RDF.value, cv.term))
        add((value, POL.lexicalForm, Literal(cv.lexical)))
        if cv.hedge:
            add((value, POL.hedge, Literal(cv.hedge)))
        if cv.interval is not None:
            add((value, POL.lowerBound, _bound_literal(cv.interval[0])))
            add((value, POL.upperBound, _bound_literal(cv.interval[1])))
        for source_slug in cv.sources:
            add((value, PROV.wasDerivedFrom, source_node(source_slug)))


def _bound_literal(bound: Decimal | date) -> Literal:
    if isinstance(bound, date):
        return Literal(bound.isoformat(), datatype=XSD.date)
    return decimal_literal(bound)


def _value_text(term: Node, claimed: Iterable[ClaimedValue]) -> str:
    """A value as a reader knows it: its stated form(s) and normalised value."""
    forms = sorted({cv.lexical for cv in claimed if cv.term == term})
    plain = _plain(term)
    shown = " / ".join(f'"{form}"' for form in forms)
    return f"{plain} ({shown})" if forms and forms != [plain] else plain


def _plain(term: Node) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in (("pol:", str(POL)), ("", str(ID))):
            if text.startswith(ns):
                return prefix + text[len(ns) :]
        return text
    return str(term)


def _node_key(node: Node, *, sep: str = "-") -> str:
    """`id:candidacy/x` → `candidacy-x` (or `candidacy/x` with sep="/")."""
    text = str(node)
    if text.startswith(str(ID)):
        return text[len(str(ID)) :].replace("/", sep)
    return slug(text)


def _local(prop: Node) -> str:
    text = str(prop)
    if text.startswith(str(POL)):
        return text[len(str(POL)) :]
    return text.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
