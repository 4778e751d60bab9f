"""Any RDF file → its own named graph, validated like every other source.

`--dataset rdf:FILE` reads Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or N3 with
`kg.rdfio` (which fetches nothing a file names). Every triple, whatever graph the file put it
in, goes into `src:{slug of the file stem}` together with a `pol:Source` node for the file
(kind `pol:ResearchDataset`), and every typed node the file describes gets
`prov:wasDerivedFrom` that source unless it already names one, so the SHACL shapes and the
consensus treat the file as a source.

Blank nodes get IRIs (`id:bnode/{slug}-{hash}`) from the canonical form of the graph
(`rdflib.compare.to_canonical_graph`): the same file loaded twice gives the same graph, byte for
byte, which random blank-node labels would not.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import PROV, RDF
from rdflib.term import Node

from kg.errors import UserError
from kg.ids import slug
from kg.loaders.datasets import DatasetInfo, LoadReport, source_node
from kg.loaders.registry import Input, register
from kg.namespaces import ID, new_graph
from kg.rdfio import merged_graph, parse_rdf_file


def load_rdf(path: Path) -> Input:
    """One RDF file as the named graph `src:{slug(stem)}` with its `pol:Source`."""
    path = Path(path)
    dataset = parse_rdf_file(path)
    try:
        file_slug = slug(path.stem)
    except ValueError:
        raise UserError(
            "the file name has no letters or digits to name its graph by; rename the file",
            file=str(path),
        ) from None
    info = DatasetInfo(
        slug=file_slug,
        label=f"RDF file {path.name}",
        version=f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()[:12]}",
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    graph = _skolemised(merged_graph(dataset), file_slug)
    report = LoadReport(f"RDF {path.name}")
    report.loaded["triples"] = len(graph)
    for node in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        if (node, PROV.wasDerivedFrom, None) not in graph:
            graph.add((node, PROV.wasDerivedFrom, info.iri))
    graph += source_node(info)
    loaded = Input("rdf", path, graphs={info.graph_iri: graph})
    loaded.report = report
    return loaded


def _skolemised(graph: Graph, file_slug: str) -> Graph:
    """`graph` with each blank node replaced by an IRI derived from its canonical label."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    canonical = to_canonical_graph(graph)
    out = new_graph()

    def iri(term: Node) -> Node:
        if isinstance(term, BNode):
            return ID[f"bnode/{file_slug}-{hashlib.sha256(str(term).encode()).hexdigest()[:16]}"]
        return term

    for s, p, o in canonical:
        out.add((iri(s), p, iri(o)))
    return out


register("rdf", load_rdf, "any RDF file, into its own named graph")
