"""`polkg build` end to end on the small fixture corpus (and on the real corpus where a check
must hold for every annotation): outputs, counts, exit codes, quote offsets, determinism, and
the store's default graph."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.build import OUTPUTS, build
from kg.cli import main
from kg.errors import UserError
from kg.loaders.registry import get_loader, kinds, parse_spec
from kg.namespaces import CONSENSUS, ID, OA, POL, SOURCE_GRAPH
from kg.paths import DATA, ROOT
from kg.store import load_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "claims" / "data"
YILMAZER_CAND = ID["candidacy/2019-06-23-kuzeykent-mayor-mehmet-yilmazer"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("build") / "out"
    return build([FIXTURE], out)


def test_writes_every_output(built) -> None:
    assert sorted(p.name for p in built.out_dir.iterdir() if not p.name.startswith(".")) == sorted(
        OUTPUTS
    )
    assert all((built.out_dir / name).stat().st_size > 0 for name in OUTPUTS)


def test_counts(built) -> None:
    # Fixture, by hand: alpha.txt and beta.txt; 5 entities in entities.yaml; events: the first
    # vote, the rerun and the annulment; claims: 3 in alpha.yaml + 2 in beta.yaml, one
    # annotation each; disagreements: Yılmazer's share (45.0 vs 45.1) and the first vote's month
    # (March vs May), not Demirtaş's share (54.2 agrees with 54).
    assert (built.sources, built.entities, built.events) == (2, 5, 3)
    assert (built.claims, built.annotations, built.disagreements) == (5, 5, 2)
    assert built.triples == sum(len(g) for g in built.dataset.graphs())
    assert built.violations == 0 and built.valid


def test_consensus_holds_fuzzy_spelling_as_alt_label(built) -> None:
    consensus = built.dataset.graph(CONSENSUS)
    # "Mehmet Yilmazr" is in no alias list: the resolver found it and the graph records it.
    assert (ID["person/mehmet-yilmazer"], SKOS.altLabel, Literal("Mehmet Yilmazr")) in consensus
    assert "Mehmet Yilmazr" not in (FIXTURE / "entities.yaml").read_text(encoding="utf-8")


def test_output_files_parse_and_hold_every_graph(built) -> None:
    ds = Dataset(default_union=False)
    ds.parse(built.out_dir / "dataset.trig", format="trig")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {CONSENSUS, SOURCE_GRAPH["alpha"], SOURCE_GRAPH["beta"]}
    nq = Dataset(default_union=False)
    nq.parse(built.out_dir / "dataset.nq", format="nquads")
    # len(Dataset) is not the number of quads: count graph by graph.
    assert sum(len(g) for g in nq.graphs()) == sum(len(g) for g in ds.graphs()) == built.triples
    text = (built.out_dir / "validation.txt").read_text(encoding="utf-8")
    assert str(CONSENSUS) in text and str(SOURCE_GRAPH["beta"]) in text
    assert "Mehmet Yilmazr" in (built.out_dir / "resolution.md").read_text(encoding="utf-8")
    assert "Mehmet Yilmazr" in (built.out_dir / "resolution.csv").read_text(encoding="utf-8")


def _check_annotations(trig: Path, data_dir: Path) -> int:
    """For every annotation: text[start:end] == oa:exact, in the text its source names."""
    ds = Dataset(default_union=False)
    ds.parse(trig, format="trig")
    checked = 0
    for graph in ds.graphs():
        for ann in graph.subjects(RDF.type, OA.Annotation):
            target = graph.value(ann, OA.hasTarget)
            source = graph.value(target, OA.hasSource)
            source_file = graph.value(source, POL.sourceFile)
            text = (data_dir / str(source_file)).read_text(encoding="utf-8")
            selectors = set(graph.objects(target, OA.hasSelector))
            (quote,) = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
            (position,) = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
            start = int(graph.value(position, OA.start))
            end = int(graph.value(position, OA.end))
            assert text[start:end] == str(graph.value(quote, OA.exact)), ann
            prefix = graph.value(quote, OA.prefix)
            assert prefix is None or text[:start].endswith(str(prefix)), ann
            checked += 1
    return checked


def test_every_annotation_reproduces_its_quote_fixture(built) -> None:
    assert _check_annotations(built.out_dir / "dataset.trig", FIXTURE) == 5


@pytest.mark.slow
def test_every_annotation_reproduces_its_quote_real_corpus(tmp_path: Path) -> None:
    result = build([DATA], tmp_path / "out")
    checked = _check_annotations(tmp_path / "out" / "dataset.trig", DATA)
    assert checked == result.annotations > 0


def test_cli_summary_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--data", str(FIXTURE), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 sources, 5 entities, 3 events, 5 claims" in out
    assert "2 disagreements" in out
    assert "validation: valid" in out


def test_violations_still_write_outputs_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    claims = data / "claims" / "alpha.yaml"
    text = claims.read_text(encoding="utf-8")
    dated = '        date: {value: 2019-06-23, stated: "on 23 June", year_from_context: true}\n'
    assert text.count(dated) == 1
    claims.write_text(text.replace(dated, ""), encoding="utf-8")  # the rerun loses its date
    out = tmp_path / "out"
    code = main(["build", "--data", str(data), "--out", str(out)])
    stdout = capsys.readouterr().out
    assert code == 1
    # One violation: the rerun (an election) has no date in the consensus graph.
    assert f"validation: 1 violation, see {out / 'validation.txt'}" in stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    assert "has no pol:date" in (out / "validation.txt").read_text(encoding="utf-8")


def test_dataset_option_is_the_registry_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    # --data given, so the default data/ is not added; the same corpus through --dataset
    # would load every source twice, which must be refused with a clear error.
    code = main(
        ["build", "--data", str(FIXTURE), "--dataset", f"corpus:{FIXTURE}", "--out", str(out)]
    )
    assert code == 2
    assert "may be loaded once" in capsys.readouterr().err
    assert not out.exists()


def test_registry() -> None:
    assert "corpus" in kinds()
    assert parse_spec(f"corpus:{FIXTURE}") == ("corpus", FIXTURE)
    with pytest.raises(UserError) as info:
        get_loader("parlgov-xyz")
    assert "corpus" in str(info.value)  # the known kinds are listed
    with pytest.raises(UserError):
        parse_spec("no-colon-here")
    loaded = get_loader("corpus")(FIXTURE)
    assert [s.stem for s in loaded.sources] == ["alpha", "beta"]
    assert len(loaded.claims) == 2 and len(loaded.entities) == 5


def test_unknown_dataset_kind_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["build", "--data", str(FIXTURE), "--dataset", "nosuch:x", "--out", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err
    assert code == 2 and "unknown input kind 'nosuch'" in err and "corpus" in err


def test_building_twice_is_byte_identical(tmp_path: Path) -> None:
    """Two processes with different hash seeds: set and dict order must not leak into files."""
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = (
            "import sys; from pathlib import Path; from kg.cli import main; "
            f"sys.exit(main(['build', '--data', {str(FIXTURE)!r}, '--out', {str(out)!r}]))"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append({name: (out / name).read_bytes() for name in OUTPUTS})
    assert outputs[0] == outputs[1]


def test_store_default_graph_is_the_consensus(built) -> None:
    ds = load_dataset(built.out_dir, build_if_missing=False)
    share = "SELECT ?v WHERE { ?c <https://w3id.org/polkg/ontology#voteShare> ?v } "
    # Without GRAPH: the consensus only, one value (alpha's 45.0 by source order).
    rows = {row[0] for row in ds.query(share.replace("?c", f"<{YILMAZER_CAND}>"))}
    assert rows == {Literal("45.0", datatype=rdfns.XSD.decimal)}
    # With GRAPH ?g: what each source states, in its own graph.
    q = f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ <{YILMAZER_CAND}> <{POL.voteShare}> ?v }} }}"
    rows = {(row[0], row[1]) for row in ds.query(q)}
    assert rows == {
        (SOURCE_GRAPH["alpha"], Literal("45.0", datatype=rdfns.XSD.decimal)),
        (SOURCE_GRAPH["beta"], Literal("45.1", datatype=rdfns.XSD.decimal)),
    }
    # Claims and annotations are in the source graphs only, never in the default graph.
    assert ds.query(f"ASK {{ GRAPH ?g {{ ?c a <{POL.Claim}> }} }}").askAnswer
    assert not ds.query(f"ASK {{ ?c a <{POL.Claim}> }}").askAnswer
    assert bool(
        ds.query(f"ASK {{ GRAPH <{CONSENSUS}> {{ ?d a <{POL.Disagreement}> }} }}").askAnswer
    )


def test_store_without_a_build(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_dataset(tmp_path / "nothing", build_if_missing=False)
    assert "polkg build" in str(info.value)


def test_a_failed_build_writes_nothing_into_a_fresh_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "sources" / "alpha.yaml").unlink()
    with pytest.raises(UserError):
        build([data], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_source_ids_are_stable() -> None:
    # The graph IRI is slug(file stem), exactly as docs/model.md says.
    assert SOURCE_GRAPH["alpha"] == URIRef("https://w3id.org/polkg/graph/source/alpha")


def test_store_builds_first_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kg.build

    calls = []

    def fake_build(data_dirs=(DATA,), out_dir=Path("out"), **kwargs):
        calls.append(out_dir)
        return build([FIXTURE], out_dir)

    monkeypatch.setattr(kg.build, "build", fake_build)
    out = tmp_path / "out"
    ds = load_dataset(out, build_if_missing=True)
    assert calls == [out]
    assert "building" in capsys.readouterr().err
    assert (YILMAZER_CAND, RDF.type, POL.Candidacy) in ds.default_graph
