"""The standard vocabularies' view of a polkg graph: `polkg export --entail`.

The consensus graph already states every `pol:` class of each node (kg.consensus), which is
all a polkg query needs. Tools that know only schema.org, FOAF, W3C ORG, SEM or PROV-O see a
`pol:MayoralElection` as nothing they recognise; the ontology aligns each class and property
with those vocabularies (`rdfs:subClassOf`, `owl:equivalentClass`, `rdfs:subPropertyOf`), and
this module writes the consequences out — `a schema:Event, sem:Event, prov:Activity` on every
election, `prov:wasAttributedTo` beside every `pol:accordingTo` — so such a tool reads the
graph without a reasoner. It is kept out of the built files on purpose: the entailed graph is
larger and says nothing polkg's own queries need.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import new_dataset, new_graph
from kg.ontology import load_ontology


def entail(target: Graph | Dataset, ontology: Graph | None = None) -> Graph | Dataset:
    """A copy of `target` (a graph, or every graph of a dataset) with the classes and
    properties the ontology's alignments imply; `target` itself is left unchanged."""
    onto = ontology if ontology is not None else load_ontology()
    if isinstance(target, Dataset):
        result = new_dataset()
        for graph in target.graphs():
            if len(graph):
                named = result.graph(graph.identifier)
                named += _entailed(graph, onto)
        return result
    out = new_graph(target.identifier)
    out += _entailed(target, onto)
    return out


def _entailed(graph: Graph, onto: Graph) -> Graph:
    """`graph` plus the implied types and super-properties, in one pass over its triples."""
    out = new_graph(graph.identifier)
    for s, p, o in graph:
        out.add((s, p, o))
        if p == RDF.type and isinstance(o, URIRef):
            for cls in _closure(o, onto):
                out.add((s, RDF.type, cls))
        elif isinstance(p, URIRef):
            for prop in _closure(p, onto, property_=True):
                out.add((s, prop, o))
    return out


def _closure(term: URIRef, onto: Graph, *, property_: bool = False) -> frozenset[URIRef]:
    return _cached_closure(term, onto, property_)


@lru_cache(maxsize=8192)
def _cached_closure(term: URIRef, onto: Graph, property_: bool) -> frozenset[URIRef]:
    """Every class (or property) `term` is below or equivalent to, itself excluded."""
    links = (RDFS.subPropertyOf,) if property_ else (RDFS.subClassOf, OWL.equivalentClass)
    found: set[URIRef] = set()
    todo = [term]
    while todo:
        current = todo.pop()
        parents = [o for link in links for o in onto.objects(current, link)]
        if not property_:
            parents += list(onto.subjects(OWL.equivalentClass, current))
        for parent in parents:
            if isinstance(parent, URIRef) and parent != term and parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)
