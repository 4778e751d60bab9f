"""Every namespace polkg uses, and the one place prefixes are bound.

Binding every prefix on every graph we create keeps `ns1:` out of the output and makes
Turtle diffs readable; `new_graph()` / `new_dataset()` are the only constructors the rest
of the package should use.
"""

from __future__ import annotations

from typing import TypeVar

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import Node

POL = Namespace("https://w3id.org/polkg/ontology#")
POLSH = Namespace("https://w3id.org/polkg/shapes#")
ID = Namespace("https://w3id.org/polkg/id/")
GRAPH = Namespace("https://w3id.org/polkg/graph/")
SOURCE_GRAPH = Namespace("https://w3id.org/polkg/graph/source/")
CONSENSUS = GRAPH["consensus"]

OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")

# rdflib's own vocabularies (DCTERMS, OWL, …) are DefinedNamespace classes, not Namespace objects
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "graph": GRAPH,
    "id": ID,
    "oa": OA,
    "org": ORG,
    "owl": OWL,
    "pol": POL,
    "polsh": POLSH,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sem": SEM,
    "sh": SH,
    "skos": SKOS,
    "src": SOURCE_GRAPH,
    "time": TIME,
    "vann": VANN,
    "wd": WD,
    "xsd": XSD,
}


Triple = tuple[Node, Node, Node]
"""One statement; loaders that make many small sets of triples pass lists of these, not Graphs."""

_G = TypeVar("_G", bound=Graph)


def bind_prefixes(graph: _G) -> _G:
    """Bind every polkg prefix on `graph` (replacing rdflib's defaults) and return it.

    Generic so that a Dataset passed in comes back typed as a Dataset."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def new_graph(identifier: str | None = None) -> Graph:
    """A fresh in-memory Graph with every polkg prefix bound."""
    return bind_prefixes(Graph(identifier=identifier, bind_namespaces="none"))


def new_dataset() -> Dataset:
    """A fresh in-memory Dataset (no default union) with every polkg prefix bound."""
    return bind_prefixes(Dataset(default_union=False))
