"""Every SHACL engine against pySHACL, the reference: the fast validator (`kg.fastshacl`) and
pyshacl-turbo give, on every shapes fixture in both modes, the same (focus node, path,
severity) results. Also: what the fast validator cannot compile goes to pySHACL, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.fastshacl import compile_shapes, validate_dataset_fast
from kg.namespaces import CONSENSUS, SH, SOURCE_GRAPH
from kg.ontology import load_ontology
from kg.rdfio import merged_graph, parse_rdf_file
from kg.validate import shapes_graph, validate_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
CASES = [
    *sorted((FIXTURES / "broken").glob("*.ttl")),
    *sorted((FIXTURES / "valid").glob("*.ttl")),
    FIXTURES / "core-minimal.ttl",
]
SOURCE = SOURCE_GRAPH["fixture"]


def _graph(path: Path) -> Graph:
    graph = Graph()
    for extra in (FIXTURES / "base.ttl", path):
        for triple in merged_graph(parse_rdf_file(extra)):
            graph.add(triple)
    return graph


def _keys(reports: dict[URIRef, object]) -> dict[URIRef, set[tuple[str, str | None, str]]]:
    return {
        name: {(str(r.focus), r.path, r.severity) for r in report.results}  # type: ignore[attr-defined]
        for name, report in reports.items()
    }


def _both(ds: Dataset, engine: str = "fast") -> tuple[dict, dict]:
    if engine == "turbo":
        pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed")
    reference = validate_dataset(ds, engine="pyshacl")  # named: the default engine is fast
    return _keys(reference), _keys(validate_dataset(ds, engine=engine))


@pytest.mark.parametrize("engine", ["fast", "turbo"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_results_as_pyshacl_in_both_modes(case: Path, engine: str) -> None:
    graph = _graph(case)
    ds = Dataset(default_union=False)
    for name in (CONSENSUS, SOURCE):  # the same graph checked in consensus and in source mode
        named = ds.graph(name)
        for triple in graph:
            named.add(triple)
    reference, other = _both(ds, engine)
    assert other == reference
    if case.parent.name == "broken":
        assert reference[CONSENSUS], "a broken fixture must give results"


@pytest.mark.parametrize("engine", ["fast", "turbo"])
def test_same_results_on_a_dataset_of_several_graphs(engine: str) -> None:
    ds = Dataset(default_union=False)
    ds.parse(FIXTURES / "dataset.trig", format="trig")
    reference, other = _both(ds, engine)
    assert other == reference
    assert any(reference.values())


def test_same_results_on_an_oxigraph_store() -> None:
    from kg.oxstore import load_file

    ds = load_file(FIXTURES / "dataset.trig")
    memory = Dataset(default_union=False)
    memory.parse(FIXTURES / "dataset.trig", format="trig")
    assert _keys(validate_dataset_fast(ds)) == _keys(validate_dataset(memory, engine="pyshacl"))


def test_a_shape_it_cannot_compile_goes_to_pyshacl(capsys: pytest.CaptureFixture[str]) -> None:
    shapes = Graph()
    for triple in shapes_graph("consensus"):
        shapes.add(triple)
    # sh:equals is not compiled: the entity shape (with it) must fall back, the rest must not
    entity = URIRef("https://w3id.org/polkg/shapes#EntityLabelSingle")
    shapes.add((entity, SH.equals, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    result = compile_shapes(shapes, load_ontology())
    assert result.fallback_shapes == [URIRef("https://w3id.org/polkg/shapes#EntityShape")]
    assert result.fallback_graph is not None
    assert (entity, SH.equals, None) in result.fallback_graph
    assert len(result.constraints) > 40


def test_the_corpus_build_writes_the_same_reports_with_either_engine(tmp_path: Path) -> None:
    from kg.build import build

    reference = build(out_dir=tmp_path / "pyshacl", validator="pyshacl")
    fast = build(out_dir=tmp_path / "fast", validator="fast", store=f"oxigraph:{tmp_path / 'st'}")
    for name in ("validation.txt", "validation.json", "dataset.nq", "consensus.ttl"):
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "pyshacl" / name).read_bytes()
    assert (fast.violations, fast.warnings) == (reference.violations, reference.warnings)
