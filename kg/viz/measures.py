"""Graph measures that help a reader: who is most connected.

Degree on the undirected simple graph (the number of distinct things a person or an
organisation is linked to: elections run in, statements made or received, parties, offices)
reads plainly as "linked to 9 things". Betweenness is the tie-break: between two equally
linked people, the one bridging otherwise separate parts of the story comes first.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx


def most_central(
    g: nx.MultiDiGraph, n: int = 10, *, kinds: Iterable[str] = ("Person", "Organization")
) -> list[tuple[str, str, float]]:
    """The `n` most connected nodes of the given kinds (pol: classes, subclasses included)
    as (IRI, label, score), score = number of distinct neighbours; ties broken by
    betweenness (higher first), then label, then IRI."""
    wanted = set(kinds)
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes()))
    simple.add_edges_from(sorted((u, v) for u, v in g.edges() if u != v))
    between = nx.betweenness_centrality(simple) if simple.number_of_nodes() > 2 else {}
    rows = []
    for node, data in g.nodes(data=True):
        node_kinds = set(data.get("kinds") or [data.get("class", "")])
        if not node_kinds & wanted:
            continue
        score = float(simple.degree(node))
        rows.append((-score, -round(between.get(node, 0.0), 12), data.get("label", node), node))
    rows.sort()
    return [(iri, label, -neg) for neg, _b, label, iri in rows[: max(n, 0)]]
