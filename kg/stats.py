"""What the built graph holds, in numbers: triples per graph, entities per class, events per
year, sources, disagreements; and, on request, the most connected people and organisations.

The counts come from the graphs directly (not SPARQL) so they stay fast on large data and
the output order is fixed: graphs and classes by name, years in order.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import CONSENSUS, POL, SOURCE_GRAPH
from kg.query import display, table


def _consensus(ds: Dataset) -> Graph:
    from kg.export import consensus_graph

    return consensus_graph(ds)


def _named(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))


def stats(ds: Dataset) -> dict[str, Any]:
    """The numbers, as plain data (what `--format json` prints)."""
    consensus = _consensus(ds)
    graphs = [
        {"graph": display(g.identifier), "triples": len(g)}
        for g in _named(ds)
        if g.identifier != CONSENSUS
    ]
    graphs.insert(0, {"graph": display(CONSENSUS), "triples": len(consensus)})

    classes = Counter(
        display(cls) for _, cls in consensus.subject_objects(RDF.type) if isinstance(cls, URIRef)
    )
    years: Counter[str] = Counter()
    for _, date in consensus.subject_objects(POL.date):
        years[str(date)[:4]] += 1

    sources = []
    # a source's graph is named by its IRI's last segment: a blank-node source has none
    source_iris = (s for s in consensus.subjects(RDF.type, POL.Source) if isinstance(s, URIRef))
    for source in sorted(source_iris):
        slug = str(source).rsplit("/", 1)[-1]
        graph = ds.graph(SOURCE_GRAPH[slug])
        sources.append(
            {
                "source": slug,
                "label": str(consensus.value(source, RDFS.label) or ""),
                "triples": len(graph),
                "claims": len(set(graph.subjects(RDF.type, POL.Claim))),
            }
        )

    rules = Counter(
        str(consensus.value(d, POL.rule) or "")
        for d in consensus.subjects(RDF.type, POL.Disagreement)
    )
    return {
        "graphs": graphs,
        "classes": [{"class": c, "entities": n} for c, n in sorted(classes.items())],
        "events_per_year": [{"year": y, "events": n} for y, n in sorted(years.items())],
        "sources": sources,
        "disagreements": {
            "total": sum(rules.values()),
            "by_rule": [{"rule": r, "count": n} for r, n in sorted(rules.items())],
        },
    }


def centrality(ds: Dataset, n: int = 10) -> list[dict[str, Any]]:
    """The `n` most connected people and organisations (kg.viz.measures.most_central on the
    kg.viz.projection network): IRI, label, number of distinct neighbours."""
    from kg.viz.measures import most_central
    from kg.viz.projection import to_networkx

    network = to_networkx(ds)
    return [
        {"entity": display(URIRef(iri)), "label": label, "links": int(score)}
        for iri, label, score in most_central(network, n)
    ]


def _section(title: str, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return f"{title}\n(none)\n"
    columns = list(rows[0])
    cells = [[str(row[c]) for c in columns] for row in rows]
    return f"{title}\n{table(columns, cells)}"


def format_stats(data: dict[str, Any], fmt: str = "table") -> str:
    """`table` (sections of aligned tables) or `json` (sorted keys, stable)."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    parts = [
        _section("Triples per graph", data["graphs"]),
        _section("Entities per class (consensus)", data["classes"]),
        _section("Events per year", data["events_per_year"]),
        _section("Sources", data["sources"]),
        _section(
            f"Disagreements: {data['disagreements']['total']}", data["disagreements"]["by_rule"]
        ),
    ]
    if "most_connected" in data:
        parts.append(_section("Most connected people and organisations", data["most_connected"]))
    return "\n".join(parts)
