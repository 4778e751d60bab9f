"""The RDF graph as a networkx MultiDiGraph: the one shape every picture draws from.

Nodes are the entities and events (keyed by IRI string) with their class, label and key
facts as attributes; literals never become nodes. Links between them are labelled edges.
A candidacy becomes an edge from the candidate to the election carrying the share, the
votes and the party: drawn as a node it would double the nodes around every election and
put a featureless dot between a person and the vote they ran in, whereas as an edge the
picture reads "İmamoğlu —54.0 %→ rerun". Party results become edges from party to election
for the same reason. Provenance plumbing (claims, stated values, annotations,
disagreements, sources) is not drawn: it is folded into each node's `sources`, `quotes`
and `disputes` attributes, which the tooltips show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Identifier, Node

from kg.errors import UserError
from kg.ids import fold
from kg.namespaces import CONSENSUS, POL, SOURCE_GRAPH
from kg.viz.classes import Hierarchy, group_of, local
from kg.viz.dates import interval as date_interval
from kg.viz.dates import overlaps, user_interval

# classes that are provenance plumbing, not things in the world
PLUMBING = frozenset({"Claim", "StatedValue", "ClaimedValue", "Disagreement", "Source", "Outcome"})
# reified relations drawn as edges: class -> (property to the "from" end, inverse link
# from the "to" end, edge label)
EDGE_CLASSES: dict[str, tuple[URIRef, URIRef, str]] = {
    "Candidacy": (POL.candidate, POL.candidacy, "candidate in"),
    "PartyResult": (POL.party, POL.partyResult, "party result in"),
}
# properties that never become edges or facts (handled elsewhere)
_SKIP_PROPS = frozenset(
    {RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom, POL.candidacy, POL.partyResult}
)
_DATE_PROPS = (POL.date, POL.startDate, POL.endDate)
# derived bounds (kg.derive) as node attributes, for the timeline
_BOUND_PROPS = {
    POL.earliestDate: "earliest",
    POL.latestDate: "latest",
    POL.derivationRule: "derivation",
}


def _is_graph_empty(graph: Graph) -> bool:
    return next(iter(graph.triples((None, None, None))), None) is None


def consensus_graph(data: Graph | Dataset) -> Graph:
    """The graph to draw by default: the consensus named graph of a Dataset (or its default
    graph when the consensus was loaded there), or the Graph itself."""
    if isinstance(data, Dataset):
        named = data.graph(CONSENSUS)
        if not _is_graph_empty(named):
            return named
        return data.default_graph
    return data


def source_graphs(data: Graph | Dataset) -> dict[str, Graph]:
    """The source graphs of a Dataset by source slug (sorted); a plain Graph has none."""
    if not isinstance(data, Dataset):
        return {}
    prefix = str(SOURCE_GRAPH)
    out = {}
    graphs = data.graphs() if hasattr(data, "graphs") else data.contexts()
    for ctx in graphs:
        name = str(ctx.identifier)
        if name.startswith(prefix) and not _is_graph_empty(ctx):
            out[name[len(prefix) :]] = ctx
    return dict(sorted(out.items()))


def _terms(nodes: Iterable[Node]) -> list[Identifier]:
    """The RDF terms among `nodes`. rdflib types subjects and objects as the abstract Node,
    which does not order; every one parsed from RDF is an Identifier (an IRI, a blank node or
    a literal), and only N3 formulae hold other nodes, which are never drawn."""
    return [n for n in nodes if isinstance(n, Identifier)]


def _label(graph: Graph, node: Identifier, fallback: Graph | None = None) -> str:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
    if not labels and fallback is not None:
        labels = sorted(str(o) for o in fallback.objects(node, RDFS.label))
    return labels[0] if labels else local(node)


def _humanise(name: str) -> str:
    out: list[str] = []
    for ch in name:
        if ch.isupper() and out:
            out.append(" ")
        out.append(ch.lower())
    return "".join(out)


class _PropertyLabels:
    """`pol:voteShare` → "vote share": the ontology's label when it has one."""

    def __init__(self) -> None:
        try:
            from kg.ontology import load_ontology

            self._onto: Graph | None = load_ontology()
        except Exception:  # drawing works without the ontology file
            self._onto = None
        self._cache: dict[URIRef, str] = {}

    def __call__(self, prop: URIRef) -> str:
        if prop not in self._cache:
            label = None
            if self._onto is not None:
                en = [o for o in self._onto.objects(prop, RDFS.label) if isinstance(o, Literal)]
                en.sort(key=lambda lit: (lit.language not in (None, "en"), str(lit)))
                label = str(en[0]) if en else None
            self._cache[prop] = label or _humanise(local(prop))
        return self._cache[prop]


_LABELS: list[_PropertyLabels] = []


def property_label(prop: URIRef) -> str:
    """The readable name of a property (the ontology's label), loaded once per process."""
    if not _LABELS:
        _LABELS.append(_PropertyLabels())
    return _LABELS[0](prop)


def _literal_text(lit: Literal) -> str:
    return str(lit)


def _quote_index(
    quote_graphs: dict[str, Graph], labels: dict[str, str]
) -> dict[tuple[str, str], list[dict[str, str]]]:
    """The quotes of every source graph by (node, property) their claims are about, and by
    (node, "") for the node as a whole; each with its source and its anchor on the evidence
    page, so the page can show each fact with the sentence behind it."""
    from kg.viz.sources import all_spans

    out: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for span in all_spans(quote_graphs):
        quote = {"source": labels.get(span.source, ""), "quote": span.exact, "anchor": span.anchor}
        for node in span.about:
            if quote not in out[(node, "")]:
                out[(node, "")].append(quote)
            for prop in span.properties:
                out[(node, prop)].append(quote)
    return out


def _source_label_of(graph: Graph, slug: str, fallback: Graph | None) -> str:
    node = URIRef(f"https://w3id.org/polkg/id/source/{slug}")
    return _label(graph, node, fallback) if (node, None, None) in graph else slug


def _pol_classes(graph: Graph, node: URIRef) -> list[str]:
    # a class is an IRI: a literal or blank-node rdf:type names no pol: class
    return sorted(
        local(t)
        for t in graph.objects(node, RDF.type)
        if isinstance(t, URIRef) and str(t).startswith(str(POL))
    )


def _dated(attrs: dict, prop: URIRef, value: str) -> None:
    span = date_interval(value)
    if span is None:
        return
    if prop == POL.date:
        attrs["start"], attrs["end"], attrs["precision"] = span.start, span.end, span.precision
    elif prop == POL.startDate:
        attrs["start"] = span.start
    elif prop == POL.endDate:
        attrs["end"] = span.end


def _match_types(kinds: Iterable[str], wanted: frozenset[str]) -> bool:
    return bool(set(kinds) & wanted)


def _wanted_types(types: Iterable[str]) -> frozenset[str]:
    out = set()
    for t in types:
        t = t.strip()
        if not t:
            continue
        if t.startswith("pol:"):
            t = t[4:]
        out.add(local(t) if "/" in t or "#" in t else t)
    return frozenset(out)


def to_networkx(
    ds_or_graph: Graph | Dataset,
    *,
    types: Iterable[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    focus: URIRef | None = None,
    depth: int = 2,
) -> nx.MultiDiGraph:
    """Project the graph to a MultiDiGraph of entities and events.

    - `types`: keep nodes of these pol: classes (local names, subclasses included).
    - `date_from` / `date_to`: keep dated nodes whose interval (a day, a month, a year, a
      tenure's span) meets `[date_from, date_to]` (both taken at their own precision, so
      `date_to="2019-03"` includes all of March); undated nodes (people, places) stay when
      linked to a kept dated node or to each other.
    - `source`: draw only what that source states (its named graph), by source slug.
    - `focus` / `depth`: the neighbourhood of one node, up to `depth` links either way,
      taken after the other filters.

    Nodes are keyed by IRI string and added in IRI order, edges in (from, to, key) order,
    so the same graph always gives the same projection.
    """
    sources = source_graphs(ds_or_graph)
    consensus = consensus_graph(ds_or_graph)
    if source is not None:
        if source not in sources:
            known = ", ".join(sources) or "none"
            raise UserError(
                f"no source graph named {source!r}: use one of the source slugs ({known})"
            )
        graph = sources[source]
        quote_graphs = {source: graph}
    else:
        graph = consensus
        quote_graphs = sources or {"": graph}

    hierarchy = Hierarchy(graph)
    prop_label = property_label

    evidence = _quote_index(
        quote_graphs,
        {slug: _source_label_of(sg, slug, consensus) for slug, sg in quote_graphs.items() if slug},
    )

    # every typed IRI with a pol: class
    typed: dict[URIRef, list[str]] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if isinstance(subject, URIRef):
            classes = _pol_classes(graph, subject)
            if classes:
                typed[subject] = classes

    def kinds_of(node: URIRef) -> frozenset[str]:
        return hierarchy.kinds(typed.get(node, ()))

    plumbing = {n for n in typed if kinds_of(n) & PLUMBING}
    edge_nodes: dict[URIRef, tuple[str, Identifier, Identifier]] = {}
    for node in typed:
        for cls, (from_prop, inverse, _label_text) in EDGE_CLASSES.items():
            if cls in kinds_of(node):
                from_end = min(_terms(graph.objects(node, from_prop)), default=None)
                to_end = min(_terms(graph.subjects(inverse, node)), default=None)
                if from_end is not None and to_end is not None:
                    edge_nodes[node] = (cls, from_end, to_end)
    nodes = sorted(n for n in typed if n not in plumbing and n not in edge_nodes)
    node_set = set(nodes)

    def sources_of(node: URIRef) -> list[str]:
        labels = {
            _label(graph, s, consensus)
            for s in graph.objects(node, PROV.wasDerivedFrom)
            if isinstance(s, URIRef)
        }
        return sorted(labels)

    def quotes_of(node: URIRef) -> list[dict[str, str]]:
        found = evidence.get((str(node), ""), [])
        return sorted(found, key=lambda q: (q["source"], q["quote"], q["anchor"]))

    def facts_of(node: URIRef, attrs: dict) -> dict[str, str]:
        """The node's facts as label → text; `attrs["evidence"]` gets label → the quotes of
        the claims stating that property of that node."""
        facts: dict[str, list[str]] = defaultdict(list)
        backing: dict[str, list[dict[str, str]]] = {}
        for prop, obj in sorted(graph.predicate_objects(node)):
            if prop in _SKIP_PROPS or not isinstance(prop, URIRef):
                continue
            quotes = evidence.get((str(node), str(prop)))
            if quotes:
                backing[prop_label(prop)] = sorted(
                    quotes, key=lambda q: (q["source"], q["quote"], q["anchor"])
                )
            if prop in _BOUND_PROPS and isinstance(obj, Literal):
                attrs[_BOUND_PROPS[prop]] = str(obj)
            if isinstance(obj, Literal):
                text = _literal_text(obj)
                if prop in _DATE_PROPS:
                    _dated(attrs, prop, text)
                facts[prop_label(prop)].append(text)
            elif isinstance(obj, URIRef) and obj not in node_set and obj not in edge_nodes:
                if obj in typed or (obj, RDFS.label, None) in graph:
                    facts[prop_label(prop)].append(_label(graph, obj, consensus))
                elif prop == SKOS.exactMatch or not str(obj).startswith(str(POL)):
                    facts[prop_label(prop)].append(str(obj))
                else:
                    facts[prop_label(prop)].append(local(obj))
        attrs["evidence"] = {k: backing[k] for k in sorted(backing) if k in facts}
        return {k: ", ".join(v) for k, v in sorted(facts.items())}

    disputes = _disputes(graph, prop_label)

    g = nx.MultiDiGraph()
    for node in nodes:
        kinds = kinds_of(node)
        attrs: dict = {}
        facts = facts_of(node, attrs)
        grp = group_of(kinds)
        g.add_node(
            str(node),
            iri=str(node),
            label=_label(graph, node, consensus),
            alt_labels=sorted({str(o) for o in graph.objects(node, SKOS.altLabel)}),
            **{"class": hierarchy.most_specific(typed[node])},
            classes=sorted(typed[node]),
            kinds=sorted(kinds),
            group=grp.name,
            facts=facts,
            sources=sources_of(node),
            quotes=quotes_of(node),
            disputes=disputes.get(node, []),
            start=attrs.get("start"),
            end=attrs.get("end"),
            precision=attrs.get("precision"),
            earliest=attrs.get("earliest"),
            latest=attrs.get("latest"),
            derivation=attrs.get("derivation"),
            evidence=attrs.get("evidence", {}),
        )

    edges: list[tuple[str, str, str, dict]] = []
    for node in nodes:
        for prop, obj in graph.predicate_objects(node):
            if prop in _SKIP_PROPS or not isinstance(prop, URIRef) or not isinstance(obj, URIRef):
                continue
            data = {"label": prop_label(prop), "property": str(prop)}
            if obj in edge_nodes:
                # a link to a candidacy (a preliminary count, say) goes to its candidate,
                # the edge naming the election it was in
                _cls, from_end, to_end = edge_nodes[obj]
                data["label"] += f" (in {_label(graph, to_end, consensus)})"
                data["via"] = str(obj)
                obj = from_end
            if obj in node_set:
                edges.append((str(node), str(obj), local(prop), data))
    party_links: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel, (cls, from_end, to_end) in sorted(edge_nodes.items()):
        if from_end not in node_set or to_end not in node_set:
            continue
        attrs = {}
        facts = facts_of(rel, attrs)
        from_prop = EDGE_CLASSES[cls][0]
        facts.pop(prop_label(from_prop), None)
        party = min(_terms(graph.objects(rel, POL.party)), default=None)
        edge = {
            "label": EDGE_CLASSES[cls][2],
            "property": str(POL[cls]),
            "node": str(rel),
            "class": cls,
            "facts": facts,
            "share": _first_literal(graph, rel, POL.voteShare),
            "votes": _first_literal(graph, rel, POL.votes),
            "seats": _first_literal(graph, rel, POL.seats),
            "party": _label(graph, party, consensus) if party is not None else None,
            "sources": sources_of(rel),
            "quotes": quotes_of(rel),
            "evidence": attrs.get("evidence", {}),
            "disputes": disputes.get(rel, []),
        }
        edges.append((str(from_end), str(to_end), str(rel), edge))
        # keep the party linked to its candidate (a party with no other link would float);
        # one such edge per person and party, however many times they ran for it
        if cls == "Candidacy" and party is not None and party in node_set:
            party_links[(str(from_end), str(party))].append(str(rel))
    for (person, party_key), rels in party_links.items():
        link = {"label": "candidate of", "property": str(POL.party), "candidacies": sorted(rels)}
        edges.append((person, party_key, "candidateOf", link))
    for u, v, key, edge_attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        g.add_edge(u, v, key=key, **edge_attrs)

    if date_from is not None or date_to is not None:
        g = _filter_dates(g, date_from, date_to)
    if types is not None:
        wanted = _wanted_types(types)
        keep = [n for n, d in g.nodes(data=True) if _match_types(d["kinds"], wanted)]
        g = _subgraph(g, keep)
    if focus is not None:
        g = neighbourhood(g, str(focus), depth)
    return g


def drop_isolated(g: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[str]]:
    """The graph without its unlinked nodes (they add a grid of dots to a picture and say
    nothing about the story), and the labels of those left out, sorted."""
    isolated = [n for n in g if g.degree(n) == 0]
    labels = sorted(g.nodes[n].get("label", n) for n in isolated)
    return _subgraph(g, [n for n in g if g.degree(n) > 0]), labels


def _first_literal(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal))
    return values[0] if values else None


def _disputes(graph: Graph, prop_label: Callable[[URIRef], str]) -> dict[URIRef, list[str]]:
    """One sentence per `pol:Disagreement` about a node, for its tooltip."""
    out: dict[URIRef, list[str]] = defaultdict(list)
    for dis in sorted(_terms(graph.subjects(RDF.type, POL.Disagreement))):
        subject = min(_terms(graph.objects(dis, POL.subject)), default=None)
        prop = min(_terms(graph.objects(dis, POL.property)), default=None)
        if not isinstance(subject, URIRef) or not isinstance(prop, URIRef):
            continue
        values = []
        for cv in sorted(_terms(graph.objects(dis, POL.claimedValue))):
            lex = _first_literal(graph, cv, POL.lexicalForm) or _first_literal(graph, cv, RDF.value)
            srcs = sorted(_label(graph, s) for s in _terms(graph.objects(cv, PROV.wasDerivedFrom)))
            if lex is not None:
                values.append(f"{lex} ({', '.join(srcs)})" if srcs else lex)
        chosen = _first_literal(graph, dis, POL.chosenValue)
        rule = _first_literal(graph, dis, POL.rule)
        text = f"sources disagree on {prop_label(prop)}"
        if values:
            text += ": " + "; ".join(values)
        if chosen is not None:
            text += f"; chosen {chosen}" + (f" ({rule})" if rule else "")
        out[subject].append(text)
    return out


def _subgraph(g: nx.MultiDiGraph, keep: Iterable[str]) -> nx.MultiDiGraph:
    """A copy holding only `keep`, in the original node and edge order."""
    keep_set = set(keep)
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in keep_set)
    out.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in g.edges(keys=True, data=True)
        if u in keep_set and v in keep_set
    )
    return out


def _filter_dates(
    g: nx.MultiDiGraph, date_from: str | None, date_to: str | None
) -> nx.MultiDiGraph:
    lo = user_interval(date_from, "--from").start if date_from is not None else None
    hi = user_interval(date_to, "--to").end if date_to is not None else None
    dated = {n for n, d in g.nodes(data=True) if d.get("start") or d.get("end")}
    kept_dated = {
        n for n in dated if overlaps(g.nodes[n].get("start"), g.nodes[n].get("end"), lo, hi)
    }
    linked = set()
    for u, v in g.edges():
        if u in kept_dated and v not in dated:
            linked.add(v)
        if v in kept_dated and u not in dated:
            linked.add(u)
    return _subgraph(g, kept_dated | linked)


def neighbourhood(g: nx.MultiDiGraph, center: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` links of `center`, whichever way the links point."""
    if center not in g:
        raise UserError(
            f"{center} is not in the drawn graph: check the IRI, "
            "or loosen --types/--from/--to/--source"
        )
    if depth < 0:
        raise UserError(f"--depth {depth} is negative: give 0 or more")
    reach = nx.single_source_shortest_path_length(
        g.to_undirected(as_view=True), center, cutoff=depth
    )
    return _subgraph(g, reach)


def find_entity(ds_or_graph: Graph | Dataset, text: str) -> URIRef:
    """The node a user names: an IRI, a `kind/slug` id, or a label or spelling compared after
    folding (`Erdogan`, `erdoğan`). Raises UserError when unknown or ambiguous, naming the
    candidates."""
    graph = consensus_graph(ds_or_graph)
    text = text.strip()
    if text.startswith(("http://", "https://")):
        node = URIRef(text)
        if (node, None, None) in graph:
            return node
        raise UserError(
            f"--focus {text}: no such node in the graph; "
            "give a label or an id like person/ekrem-imamoglu"
        )
    from kg.ids import NODE_ID

    if NODE_ID.match(text):
        node = URIRef(f"https://w3id.org/polkg/id/{text}")
        if (node, None, None) in graph:
            return node
    wanted = fold(text)
    matches: dict[URIRef, str] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for term, lit in graph.subject_objects(prop):
            if isinstance(term, URIRef) and isinstance(lit, Literal) and fold(str(lit)) == wanted:
                matches[term] = _label(graph, term)
    # provenance nodes are not things to focus on
    matches = {
        n: lab
        for n, lab in matches.items()
        if not any(str(t) in {str(POL[c]) for c in PLUMBING} for t in graph.objects(n, RDF.type))
    }
    if len(matches) == 1:
        return next(iter(matches))
    if not matches:
        near = sorted(
            {
                str(lit)
                for lit in graph.objects(None, RDFS.label)
                if isinstance(lit, Literal) and wanted and wanted.split()[0] in fold(str(lit))
            }
        )[:8]
        hint = f"; did you mean: {', '.join(near)}" if near else ""
        raise UserError(
            f"--focus {text!r} names no entity (labels and spellings compared after folding){hint}"
        )
    listing = ", ".join(f"{lab} <{n}>" for n, lab in sorted(matches.items()))
    raise UserError(f"--focus {text!r} is ambiguous: give one of the IRIs: {listing}")


__all__ = [
    "consensus_graph",
    "drop_isolated",
    "find_entity",
    "neighbourhood",
    "source_graphs",
    "to_networkx",
]
