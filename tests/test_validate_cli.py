"""`polkg validate`: exit codes 0/1/2, the three report formats, --graph, the built dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.namespaces import CONSENSUS, SH, SOURCE_GRAPH
from kg.validate import _results, validate_dataset

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
RDF_FIXTURES = Path(__file__).parent / "fixtures" / "rdf"
BROKEN_COUP = "https://w3id.org/polkg/id/coup/outcome-as-text"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_conforming_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(SHAPES / "core-minimal.ttl")], capsys)
    assert code == 0
    assert "0 violations" in out and "conforms" in out


def test_warnings_are_printed_but_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    # advice.ttl alone refers to a source and people it does not describe; merged with the
    # base graph, only its two warnings remain: the files are validated together
    code, out, _ = run([str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "advice.ttl")], capsys)
    assert code == 0
    assert "0 violations, 2 warnings" in out
    assert "https://w3id.org/polkg/id/election/jurisdiction-is-a-person" in out
    assert '"Jurisdiction is a person"' in out  # the focus node's label
    assert "Warning   pol:jurisdiction = https://w3id.org/polkg/id/person/ekrem-imamoglu" in out


def test_a_file_alone_can_fail_where_merged_it_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(SHAPES / "broken" / "advice.ttl")], capsys)
    assert code == 1
    assert "prov:wasDerivedFrom" in out  # source/base is not described in this file


def test_violations_exit_1_and_are_grouped_by_node(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "coups.ttl")], capsys)
    assert code == 1
    lines = out.splitlines()
    start = lines.index(f'{BROKEN_COUP}  "Outcome as text"')
    assert lines[start + 1].split() == ["Violation", "pol:outcome", "=", '"failed"']
    assert "neither pol:Succeeded nor pol:Failed" in lines[start + 2]
    assert lines[-1].startswith("4 violations, 0 warnings on 4 nodes")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([str(RDF_FIXTURES / "syntax-error.ttl")], "syntax-error.ttl:3: "),
        ([str(RDF_FIXTURES / "absent.ttl")], "no such file"),
        ([str(RDF_FIXTURES / "person.txt")], "cannot tell the RDF syntax"),
        ([str(RDF_FIXTURES / "remote-context.jsonld")], "never fetches"),
        ([str(RDF_FIXTURES / "external-entity.rdf")], "SYSTEM/PUBLIC"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "coups.ttl"), "--format", "json"], capsys
    )
    assert code == 1
    report = json.loads(out)
    assert (report["conforms"], report["violations"], report["warnings"]) == (False, 4, 0)
    rows = report["results"]
    [row] = [r for r in rows if r["focus"] == BROKEN_COUP]
    assert row["path"] == "pol:outcome"
    assert row["value"] == '"failed"'
    assert row["severity"] == "Violation"
    assert row["shape"] == "https://w3id.org/polkg/shapes#OutcomeValue"
    assert row["label"] == "Outcome as text"
    assert row["graph"] is None
    assert len(rows) == 4  # one per broken coup


def test_turtle_format_is_the_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "coups.ttl"), "-f", "turtle"], capsys
    )
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 4
    assert "@prefix polsh:" in out and "ns1:" not in out
    _, again, _ = run(
        [str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "coups.ttl"), "-f", "turtle"], capsys
    )
    assert again == out  # byte-identical


def test_graph_option_on_a_trig_file(capsys: pytest.CaptureFixture[str]) -> None:
    trig = str(SHAPES / "dataset.trig")
    code, out, _ = run([trig, "--graph", "consensus"], capsys)
    assert code == 0 and "(consensus mode)" in out
    code, out, _ = run([trig, "--graph", "article-a"], capsys)
    assert code == 0
    assert "Warning   pol:date" in out and "(source mode)" in out
    code, out, _ = run([trig, "--graph", "article-b"], capsys)
    assert code == 1
    assert "Violation pol:voteShare" in out
    code, out, _ = run([trig, "--graph", "all"], capsys)
    assert code == 1
    for name in ("graph/consensus", "graph/source/article-a", "graph/source/article-b"):
        assert f"== https://w3id.org/polkg/{name} (" in out
    assert "Total over 3 graphs: 1 violations, 1 warnings." in out


def test_unknown_graph_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(SHAPES / "dataset.trig"), "--graph", "article-z"], capsys)
    assert code == 2
    assert "article-z" in err and "article-a" in err


def test_without_files_validates_the_built_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SHAPES / "dataset.trig", tmp_path / "dataset.trig")
    code, out, _ = run(["--out-dir", str(tmp_path)], capsys)
    assert code == 0
    assert "(consensus mode)" in out
    code, out, _ = run(["--out-dir", str(tmp_path), "--graph", "all", "-f", "json"], capsys)
    assert code == 1
    rows = json.loads(out)["results"]
    assert {(r["graph"], r["severity"]) for r in rows} == {
        (str(SOURCE_GRAPH["article-a"]), "Warning"),
        (str(SOURCE_GRAPH["article-b"]), "Violation"),
    }


def test_validate_dataset_modes() -> None:
    ds = Dataset()
    ds.parse(SHAPES / "dataset.trig", format="trig")
    reports = validate_dataset(ds)
    assert list(reports) == [CONSENSUS, SOURCE_GRAPH["article-a"], SOURCE_GRAPH["article-b"]]
    assert reports[CONSENSUS].mode == "consensus" and reports[CONSENSUS].results == []
    [lack] = reports[SOURCE_GRAPH["article-a"]].results
    assert (lack.severity, lack.path) == ("Warning", "pol:date")
    [wrong] = reports[SOURCE_GRAPH["article-b"]].results
    assert (wrong.severity, wrong.path, str(wrong.value)) == ("Violation", "pol:voteShare", "54%")


def test_a_report_result_without_a_focus_node_is_refused() -> None:
    # SHACL requires sh:focusNode on every result; read without one, the label lookup would
    # take the label of whatever node the data graph has (here "Someone")
    report = Graph()
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.resultSeverity, SH.Violation))
    data = Graph()
    data.add((URIRef("https://w3id.org/polkg/id/person/someone"), RDFS.label, Literal("Someone")))
    with pytest.raises(ValueError, match=r"no sh:focusNode"):
        _results(report, data, Graph())
