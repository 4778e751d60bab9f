"""The ontology as a graph, and the facts about properties that loaders and the consensus need.

Loaders decide how to read a value (a name to resolve, a number with its precision, a date)
from the property's declared range, and the consensus keeps one value only for properties
declared `owl:FunctionalProperty`: the ontology is the single place these are stated.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.namespaces import POL, new_graph
from kg.paths import ONTOLOGY

NUMERIC_DATATYPES = frozenset({XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.int})
DATE_PROPERTIES = frozenset({POL.date, POL.startDate, POL.endDate})


@lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """The polkg ontology (parsed once per process; treat it as read-only)."""
    graph = new_graph()
    graph.parse(ONTOLOGY, format="turtle")
    return graph


def functional_properties(ontology: Graph | None = None) -> frozenset[URIRef]:
    """Properties that hold one value per subject in the consensus graph."""
    onto = ontology if ontology is not None else load_ontology()
    return frozenset(
        p for p in onto.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)
    )


def object_properties(ontology: Graph | None = None) -> frozenset[URIRef]:
    """Properties whose values are nodes (IRIs), not literals."""
    onto = ontology if ontology is not None else load_ontology()
    return frozenset(
        p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
    )


def property_range(prop: URIRef, ontology: Graph | None = None) -> URIRef | None:
    """The declared `rdfs:range` of `prop` (the first, by IRI order, if several)."""
    onto = ontology if ontology is not None else load_ontology()
    ranges = sorted(r for r in onto.objects(prop, RDFS.range) if isinstance(r, URIRef))
    return ranges[0] if ranges else None


def is_defined(term: URIRef, ontology: Graph | None = None) -> bool:
    """Whether the ontology declares `term` (a class, a property or an individual)."""
    onto = ontology if ontology is not None else load_ontology()
    return (term, RDF.type, None) in onto


def superclasses(cls: URIRef, ontology: Graph | None = None) -> frozenset[URIRef]:
    """`cls` and every class it is a subclass of (rdfs:subClassOf, transitively)."""
    onto = ontology if ontology is not None else load_ontology()
    return _superclasses(cls, onto)


@lru_cache(maxsize=4096)
def _superclasses(cls: URIRef, onto: Graph) -> frozenset[URIRef]:
    found = {cls}
    todo = [cls]
    while todo:
        for parent in onto.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


def event_classes(ontology: Graph | None = None) -> frozenset[URIRef]:
    """pol:Event and every class below it."""
    onto = ontology if ontology is not None else load_ontology()
    return frozenset(
        c for c in onto.transitive_subjects(RDFS.subClassOf, POL.Event) if isinstance(c, URIRef)
    )
