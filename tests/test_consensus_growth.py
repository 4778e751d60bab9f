"""The consensus grows linearly: the store work per source triple stays flat as sources grow.

Not a timing: the test counts the triples rdflib's memory store hands out and the candidate
triples it examines to answer a pattern inside one named graph (what a scan costs) while
`reconcile` runs, on generated datasets of 20 and 200
sources, and requires the count per input triple to stay within a small factor. The quadratic
version (a typed lookup per source graph, which the memory store answers by scanning the typed
triples of every graph) grew tenfold between these sizes."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Dataset, Literal
from rdflib.namespace import RDF, XSD
from rdflib.plugins.stores.memory import Memory

from kg.consensus import reconcile
from kg.namespaces import ID, POL, SOURCE_GRAPH, bind_prefixes


def _dataset(sources: int) -> Dataset:
    """`sources` news reports, each about its own election (two candidacies with shares and
    stated values), and every fifth one also disputing the share of a shared candidacy."""
    ds = bind_prefixes(Dataset())
    for n in range(sources):
        slug = f"{n:05d}-s"
        graph = ds.graph(SOURCE_GRAPH[slug])
        graph.add((ID[f"source/{slug}"], RDF.type, POL.Source))
        graph.add((ID[f"source/{slug}"], POL.sourceKind, POL.NewsReport))
        election = ID[f"election/e{n}"]
        graph.add((election, RDF.type, POL.MayoralElection))
        for k, share in enumerate(("54.2", "45.1")):
            candidacy = ID[f"candidacy/e{n}-c{k}"]
            graph.add((election, POL.candidacy, candidacy))
            graph.add((candidacy, RDF.type, POL.Candidacy))
            _state(graph, slug, candidacy, share)
        if n % 5 == 0:
            _state(graph, slug, ID["candidacy/shared"], str(40 + n % 3))
    return ds


def _state(graph, slug, node, share):
    value = Literal(share, datatype=XSD.decimal)
    graph.add((node, POL.voteShare, value))
    sv = ID[f"sv/{slug}/{node.rsplit('/', 1)[-1]}"]
    half = Decimal("0.05") if "." in share else Decimal("0.5")
    graph.add((sv, RDF.type, POL.StatedValue))
    graph.add((sv, POL.statedFor, node))
    graph.add((sv, POL.property, POL.voteShare))
    graph.add((sv, RDF.value, value))
    graph.add((sv, POL.lowerBound, Literal(Decimal(share) - half)))
    graph.add((sv, POL.upperBound, Literal(Decimal(share) + half)))


def _work_per_triple(sources: int, monkeypatch) -> float:
    ds = _dataset(sources)
    size = sum(len(g) for g in ds.graphs())
    work = 0
    original = Memory.triples
    examine = Memory._Memory__triple_has_context  # type: ignore[attr-defined]

    def counting(self, pattern, context=None):
        nonlocal work
        for item in original(self, pattern, context):
            work += 1
            yield item

    def examining(self, triple, context):
        nonlocal work
        work += 1
        return examine(self, triple, context)

    monkeypatch.setattr(Memory, "triples", counting)
    monkeypatch.setattr(Memory, "_Memory__triple_has_context", examining)
    reconcile(ds)
    monkeypatch.undo()
    return work / size


def test_store_work_per_triple_stays_flat(monkeypatch):
    small = _work_per_triple(20, monkeypatch)
    large = _work_per_triple(200, monkeypatch)
    assert large < 1.5 * small, (small, large)
