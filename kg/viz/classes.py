"""Classes of the drawn nodes: the subclass hierarchy, the most specific class of a node, and
the display group (colour, shape, timeline lane) each class falls in.

The hierarchy is read from the ontology, joined with any `rdfs:subClassOf` triples in the
drawn graph itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.namespaces import POL
from kg.ontology import load_ontology


@dataclass(frozen=True)
class Group:
    """How one family of classes is drawn: legend name, colour, marker and timeline lane."""

    name: str  # legend text
    cls: str  # the pol: class (local name) whose instances, subclasses included, fall here
    colour: str
    shape: str  # circle, square, diamond, triangle, hexagon, star, pentagon, triangle-down
    lane: str | None  # timeline lane, None for things that are not on a time axis


# Order matters: the first group a node's class falls under wins (Referendum before Event).
GROUPS: tuple[Group, ...] = (
    Group("Person", "Person", "#1f77b4", "circle", None),
    Group("Party", "PoliticalParty", "#d62728", "square", None),
    Group("Organisation", "Organization", "#ff7f0e", "square", None),
    Group("Social group", "SocialGroup", "#bcbd22", "square", None),
    Group("Place", "Place", "#2ca02c", "triangle", None),
    Group("Office", "Office", "#8c564b", "pentagon", None),
    Group("Election", "Election", "#9467bd", "diamond", "Elections"),
    Group("Referendum", "Referendum", "#17becf", "diamond", "Referendums"),
    Group("Annulment", "Annulment", "#e31a1c", "hexagon", "Annulments"),
    Group("Recount", "Recount", "#fb9a99", "hexagon", "Recounts"),
    Group("Coup", "Coup", "#000000", "star", "Coups"),
    Group("Crackdown", "Crackdown", "#6a3d9a", "star", "Crackdowns"),
    Group("Statement", "Statement", "#e377c2", "triangle-down", "Statements"),
    Group("Tenure", "Tenure", "#7f7f7f", "pentagon", "Tenures"),
    Group("Membership", "Membership", "#c7c7c7", "pentagon", "Memberships"),
    Group("Campaign", "Campaign", "#ff9896", "triangle-down", "Campaigns"),
    Group("Other event", "Event", "#aec7e8", "hexagon", "Other events"),
    Group("Other", "Thing", "#dddddd", "circle", None),
)
GROUP_BY_NAME: dict[str, Group] = {g.name: g for g in GROUPS}


def local(term: URIRef | str) -> str:
    """The local name of a pol: term (`pol:Election` → `Election`), else the IRI's last part."""
    text = str(term)
    if text.startswith(str(POL)):
        return text[len(str(POL)) :]
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def _ontology_parents() -> dict[str, frozenset[str]]:
    return _parents_in(load_ontology())


def _parents_in(graph: Graph) -> dict[str, frozenset[str]]:
    parents: dict[str, set[str]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if (
            isinstance(child, URIRef)
            and isinstance(parent, URIRef)
            and str(child).startswith(str(POL))
            and str(parent).startswith(str(POL))
        ):
            parents.setdefault(local(child), set()).add(local(parent))
    return {k: frozenset(v) for k, v in parents.items()}


class Hierarchy:
    """The subclass links known to the ontology, the model and the drawn graph."""

    def __init__(self, graph: Graph | None = None) -> None:
        merged: dict[str, set[str]] = {}
        sources = [_ontology_parents()]
        if graph is not None:
            sources.append(_parents_in(graph))
        for extra in sources:
            for child, parents in extra.items():
                merged.setdefault(child, set()).update(parents)
        self._parents = merged

    def ancestors(self, cls: str) -> frozenset[str]:
        """`cls` and every class above it."""
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self._parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    def kinds(self, classes: Iterable[str]) -> frozenset[str]:
        """Every class the given classes fall under (themselves included)."""
        out: set[str] = set()
        for cls in classes:
            out |= self.ancestors(cls)
        return frozenset(out)

    def most_specific(self, classes: Iterable[str]) -> str:
        """The class no other of `classes` is a subclass of (alphabetically first on ties)."""
        names = sorted(set(classes))
        if not names:
            return "Thing"
        candidates = [c for c in names if not any(c in self.ancestors(o) for o in names if o != c)]
        return (candidates or names)[0]


def group_of(kinds: Iterable[str]) -> Group:
    """The display group of a node whose classes (with their ancestors) are `kinds`."""
    kind_set = set(kinds)
    for group in GROUPS:
        if group.cls in kind_set:
            return group
    return GROUPS[-1]
