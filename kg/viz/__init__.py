"""Seeing the graph: a networkx projection of the RDF graph, an offline interactive page,
static pictures, a timeline and centrality measures.

The projection (`kg.viz.projection.to_networkx`) is the one place that decides what a node
and an edge are; every picture draws from it (the timeline reads the events directly), so
the page, the SVG and the measures always agree about what the graph contains.
"""

from __future__ import annotations

from kg.viz.projection import find_entity, to_networkx

__all__ = ["find_entity", "to_networkx"]
