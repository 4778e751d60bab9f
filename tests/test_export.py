"""Export: every format parses back to an isomorphic graph, output is byte-identical across
processes with different hash seeds, every prefix is bound, Turtle is sorted and readable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

import kg.cli
from kg.errors import UserError
from kg.export import export, serialize
from kg.namespaces import CONSENSUS, ID, POL, PREFIXES, SOURCE_GRAPH, bind_prefixes

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "mini.trig"
PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def _dataset() -> Dataset:
    ds = bind_prefixes(Dataset(default_union=False))
    ds.parse(FIXTURE, format="trig")
    ds.default_graph = ds.graph(CONSENSUS)
    return ds


@pytest.fixture(params=["memory", "oxigraph"])
def ds(request: pytest.FixtureRequest) -> Dataset:
    """The fixture on each store: every export test runs on both (same output required)."""
    if request.param == "oxigraph":
        from kg.oxstore import load_file

        return load_file(FIXTURE)
    return _dataset()


def _graphs(data: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in data.graphs() if len(g)}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_graph_round_trip_is_isomorphic(ds: Dataset, fmt: str) -> None:
    consensus = ds.graph(CONSENSUS)
    data = serialize(consensus, fmt)
    back = Graph()
    back.parse(data=data, format=PARSERS[fmt])
    assert len(back) == len(consensus) == 41
    assert isomorphic(back, consensus)


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_dataset_round_trip_is_isomorphic(ds: Dataset, fmt: str) -> None:
    data = serialize(ds, fmt)
    back = Dataset()
    back.parse(data=data, format=PARSERS[fmt])
    ours, theirs = _graphs(ds), _graphs(back)
    assert set(ours) == set(theirs) == {str(CONSENSUS), str(SOURCE_GRAPH["s1"])}
    for name, graph in ours.items():
        assert isomorphic(graph, theirs[name]), name


def test_lexical_forms_are_kept() -> None:
    g = Graph()
    g.add((ID["x/a"], POL.voteShare, Literal("54", datatype=XSD.decimal)))
    g.add((ID["x/a"], POL.date, Literal("2019-05", datatype=XSD.gYearMonth)))
    text = serialize(g, "ttl").decode()
    assert '"54"^^xsd:decimal' in text  # not rewritten as 54.0
    back = Graph().parse(data=text, format="turtle")
    assert isomorphic(back, g)


def test_turtle_is_sorted_and_readable(ds: Dataset) -> None:
    text = serialize(ds.graph(CONSENSUS), "ttl").decode()
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    assert "ns1:" not in text
    subjects = [line for line in lines if line.startswith("<")]
    assert subjects == sorted(subjects)
    assert len(subjects) == len(set(subjects)) == 10  # each subject once: grouped
    # the election's block: rdf:type first, then rdfs:label, then the rest by IRI
    start = lines.index("<https://w3id.org/polkg/id/election/2020-01-05-testkent-mayor>")
    block = lines[start + 1 : lines.index("", start)]
    predicates = [line.split()[0] for line in block if not line.startswith("        ")]
    assert predicates[:2] == ["a", "rdfs:label"]
    rest = [PREFIXES[p.split(":")[0]][p.split(":")[1]] for p in predicates[2:]]
    assert rest == sorted(rest)


def test_every_prefix_is_bound_in_every_format(ds: Dataset) -> None:
    for fmt in ["ttl", "trig", "jsonld"]:
        target = ds.graph(CONSENSUS) if fmt == "ttl" else ds
        text = serialize(target, fmt).decode()
        assert "ns1" not in text, fmt
    assert "@prefix pol: <https://w3id.org/polkg/ontology#> ." in serialize(ds, "trig").decode()


def test_blank_nodes_get_stable_labels() -> None:
    def make(order: list[int]) -> Graph:
        g = Graph()
        for i in order:
            node = BNode()
            g.add((node, RDFS.label, Literal(f"thing {i}")))
            g.add((ID["x/root"], POL.about, node))
        return g

    first = serialize(make([1, 2, 3]), "ttl")
    second = serialize(make([3, 1, 2]), "ttl")
    assert first == second
    assert isomorphic(Graph().parse(data=first, format="turtle"), make([1, 2, 3]))


SCRIPT = """
import sys
from pathlib import Path
from rdflib import Dataset
from kg.namespaces import CONSENSUS, bind_prefixes
from kg.export import serialize
ds = bind_prefixes(Dataset(default_union=False))
ds.parse(Path(sys.argv[1]), format="trig")
ds.default_graph = ds.graph(CONSENSUS)
out = b""
for fmt in ["nq", "trig", "jsonld"]:
    out += serialize(ds, fmt) + b"\\n=====\\n"
for fmt in ["ttl", "nt", "jsonld"]:
    out += serialize(ds.graph(CONSENSUS), fmt) + b"\\n=====\\n"
sys.stdout.buffer.write(out)
"""


def test_byte_identical_across_hash_seeds() -> None:
    outputs = []
    for seed in ["1", "4242"]:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(FIXTURE)],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"=====") == 6


def test_export_chooses_the_graph(ds: Dataset, tmp_path: Path) -> None:
    consensus = Graph().parse(data=export(ds, "ttl"), format="turtle")
    assert isomorphic(consensus, ds.graph(CONSENSUS))
    source = Graph().parse(data=export(ds, "nt", graph="s1"), format="nt")
    assert isomorphic(source, ds.graph(SOURCE_GRAPH["s1"]))
    everything = Dataset().parse(data=export(ds, "trig", graph="all"), format="trig")
    assert {str(g.identifier) for g in everything.graphs() if len(g)} == {
        str(CONSENSUS),
        str(SOURCE_GRAPH["s1"]),
    }
    # the consensus alone in a dataset format keeps its graph name
    named = Dataset().parse(data=export(ds, "nq"), format="nquads")
    assert len(named.graph(CONSENSUS)) == 41
    target = tmp_path / "sub" / "out.trig"
    data = export(ds, "trig", graph="all", output=target)
    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == ["out.trig"]  # no temporary left


def test_export_refuses_what_cannot_be_written(ds: Dataset) -> None:
    with pytest.raises(UserError, match="trig or nq"):
        export(ds, "ttl", graph="all")
    with pytest.raises(UserError, match="trig or nq"):
        export(ds, "nt", graph="all")
    with pytest.raises(UserError, match="s1"):  # the message lists the known slugs
        export(ds, "ttl", graph="no-such-source")
    with pytest.raises(UserError, match="unknown RDF format"):
        export(ds, "rdfxml")


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / "dataset.trig")
    out = tmp_path / "consensus.nt"
    code = kg.cli.main(["export", "--out-dir", str(tmp_path), "--format", "nt", "-o", str(out)])
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 41 and lines == sorted(lines)
    code = kg.cli.main(["export", "--out-dir", str(tmp_path), "--format", "ttl"])
    assert code == 0
    text = capsys.readouterr().out
    assert isomorphic(Graph().parse(data=text, format="turtle"), _dataset().graph(CONSENSUS))
    code = kg.cli.main(["export", "--out-dir", str(tmp_path), "--graph", "all", "--format", "ttl"])
    assert code == 2
    assert "trig or nq" in capsys.readouterr().err


def test_type_is_rdf_type() -> None:
    g = Graph()
    g.add((URIRef("https://w3id.org/polkg/id/x/a"), RDF.type, POL.Person))
    assert "\n    a pol:Person .\n" in serialize(g, "ttl").decode()


@pytest.mark.parametrize(
    "bad",
    ["a b", "a<b", "a>b", 'a"b', "a{b", "a}b", "a|b", "a^b", "a`b", "a\\b", "a\x00b", "a\x1fb"],
)
def test_an_iri_with_a_forbidden_character_is_refused(bad: str) -> None:
    from kg.export import _iri_ref

    with pytest.raises(UserError):
        _iri_ref("http://example.org/" + bad)
    assert _iri_ref("http://example.org/ok-é") == "<http://example.org/ok-é>"
