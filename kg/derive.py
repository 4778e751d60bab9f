"""Date bounds implied by how events relate in time, added to the consensus graph.

A source may date an event only loosely ("in 2019") while its relations pin it down: the
annulment of the March 2019 vote lies after that vote and before the rerun it ordered. Drawn
over the whole of 2019 it would start before the vote it annuls, so the timeline (and any
query) needs the narrower span the relations imply, kept apart from what a source stated.

For each event whose stated `pol:date` is coarser than a day, or which has none, this adds
`pol:earliestDate` and/or `pol:latestDate` (inclusive `xsd:date`s) when its relations narrow
it, and one `pol:derivationRule` sentence naming each relation used. The relations read
(each one step, from the neighbours' stated dates, so the pass is linear in the graph):

- `X pol:follows Y`, `X pol:rerunOf Y`, `X pol:annuls Y`: X is not before Y begins, and Y
  is not after X ends;
- `A pol:annuls E` with `R pol:rerunOf E`: the annulment A comes before the rerun R.

Nothing stated is changed: `pol:date` keeps the precision the sources gave.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from kg.namespaces import POL
from kg.precision import parse_date

__all__ = ["derive_date_bounds"]

# "X prop Y" means X happened after Y (or at the earliest when Y began)
_AFTER = (POL.follows, POL.rerunOf, POL.annuls)
_PASSES = 8


@dataclass
class _Bounds:
    """Every lower and upper bound the relations give, each with its reason."""

    lows: list[tuple[date, str, str]] = field(default_factory=list)  # bound, clause, relation
    highs: list[tuple[date, str, str]] = field(default_factory=list)


def _span(graph: Graph, node: URIRef) -> tuple[date, date, str] | None:
    """The stated date of `node` as (first day, last day, precision), or None."""
    for lit in sorted(graph.objects(node, POL.date), key=str):
        if not isinstance(lit, Literal):
            continue
        try:
            stated = parse_date(str(lit))
        except ValueError:
            continue
        lower, upper = cast(date, stated.lower), cast(date, stated.upper)
        precision = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}.get(
            cast(URIRef, stated.literal.datatype), "day"
        )
        return lower, upper - timedelta(days=1), precision
    return None


def _name(graph: Graph, node: URIRef) -> str:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
    return labels[0] if labels else str(node).rsplit("/", 1)[-1]


def derive_date_bounds(graph: Graph) -> Graph:
    """Add the derived `pol:earliestDate` / `pol:latestDate` / `pol:derivationRule` of every
    loosely dated or undated event to `graph` (the consensus) and return it.

    Bounds are added only where they narrow what the source stated; an event whose relations
    contradict its stated date (a lower bound after the upper) gets none, since drawing it
    anywhere would hide the contradiction."""
    pairs: list[tuple[URIRef, URIRef, str]] = []  # (later, earlier, relation)
    for prop in _AFTER:
        for x, y in sorted(graph.subject_objects(prop), key=lambda p: (str(p[0]), str(p[1]))):
            if isinstance(x, URIRef) and isinstance(y, URIRef):
                pairs.append((x, y, "pol:" + str(prop)[len(str(POL)) :]))
    for annulment, election in sorted(graph.subject_objects(POL.annuls), key=str):
        for rerun in sorted(graph.subjects(POL.rerunOf, election), key=str):
            if isinstance(annulment, URIRef) and isinstance(rerun, URIRef):
                pairs.append((rerun, annulment, "the rerun of the election it annuls"))
    nodes = {n for x, y, _ in pairs for n in (x, y)}
    stated = {n: _span(graph, n) for n in nodes}
    # what is known of each node: (first day or None, last day or None), narrowed pass by
    # pass so that a bound derived for one event narrows its neighbours in turn. Each pass is
    # linear in the relations; a chain of n relations settles in n passes, and the passes
    # stop at _PASSES (beyond, the bounds stay true, only less narrow than they could be).
    known: dict[URIRef, tuple[date | None, date | None]] = {
        n: (sp[0], sp[1]) if sp else (None, None) for n, sp in stated.items()
    }
    result: dict[URIRef, tuple[date | None, date | None, _Bounds]] = {}
    for _ in range(_PASSES):
        bounds: dict[URIRef, _Bounds] = defaultdict(_Bounds)
        for x, y, relation in pairs:
            first, last = known[y][0], known[x][1]
            if first is not None:
                bounds[x].lows.append((first, f"not before {_name(graph, y)}", relation))
            if last is not None:
                bounds[y].highs.append((last, f"not after {_name(graph, x)}", relation))
        result = {}
        for node, b in bounds.items():
            sp = stated[node]
            if sp is not None and sp[2] == "day":
                continue  # a day needs no narrowing
            lo = max((d for d, _, _ in b.lows), default=None)
            hi = min((d for d, _, _ in b.highs), default=None)
            if sp is not None:
                lo = max(lo, sp[0]) if lo is not None else None
                hi = min(hi, sp[1]) if hi is not None else None
                if (lo is None or lo == sp[0]) and (hi is None or hi == sp[1]):
                    continue  # the relations say nothing the date did not
            if (lo is None and hi is None) or (lo is not None and hi is not None and lo > hi):
                continue
            result[node] = (lo, hi, b)
        narrowed = dict(known)
        for node, (lo, hi, _b) in result.items():
            narrowed[node] = (lo or known[node][0], hi or known[node][1])
        if narrowed == known:
            break
        known = narrowed

    for node in sorted(result, key=str):
        lo, hi, b = result[node]
        if lo is not None:
            graph.add((node, POL.earliestDate, Literal(lo.isoformat(), datatype=XSD.date)))
        if hi is not None:
            graph.add((node, POL.latestDate, Literal(hi.isoformat(), datatype=XSD.date)))
        # one clause per binding neighbour (the latest lower bound, the earliest upper
        # bound), naming every relation that gives it
        clauses: dict[str, set[str]] = defaultdict(set)
        for d, clause, relation in b.lows:
            if d == lo:
                clauses[clause].add(relation)
        for d, clause, relation in b.highs:
            if d == hi:
                clauses[clause].add(relation)
        reasons = [f"{c}, by {' and '.join(sorted(r))}" for c, r in sorted(clauses.items())]
        sp = stated[node]
        if sp is not None:
            reasons.append(f"within the stated {sp[2]}")
        graph.add((node, POL.derivationRule, Literal("; ".join(reasons))))
    return graph
