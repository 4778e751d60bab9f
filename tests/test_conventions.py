"""The habits of RDF tools (issue 9): -o's extension gives the format and a mismatch is
refused, '-' is standard input or output, -f/-o/-V everywhere, validate --strict and per-graph,
query --data and SPARQL XML results, unique prefixes, "did you mean", and the messages that
name the real problem. Each with its exact message."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg import __version__
from kg.cli import main
from kg.paths import QUERIES, ROOT

QUERY_FIXTURE = Path(__file__).parent / "fixtures" / "query" / "mini.trig"
SHAPES = Path(__file__).parent / "fixtures" / "shapes"


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A folder holding a small built dataset (graph:consensus and one source graph, s1)."""
    out = tmp_path / "built"
    out.mkdir()
    shutil.copy(QUERY_FIXTURE, out / "dataset.trig")
    return out


class _Stdin:
    """A stand-in for sys.stdin with the bytes buffer the commands read."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


# ------------------------------------------------------------------ -o and -f


def test_export_takes_the_format_from_the_extension(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.nt"
    code, _, _ = cli(["export", "--out-dir", str(built), "-o", str(target)], capsys)
    assert code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.startswith("<") and line.endswith(" .") for line in lines)
    assert "@prefix" not in target.read_text(encoding="utf-8")  # not Turtle


def test_a_format_that_contradicts_the_extension_is_refused(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.nt"
    code, out, err = cli(
        ["export", "--out-dir", str(built), "-o", str(target), "-f", "ttl"], capsys
    )
    assert code == 2 and out == ""
    assert err == (
        f"polkg: error: {target}: the extension .nt means nt, but -f/--format is ttl: "
        "name it with .ttl, or drop -f to write what the extension says\n"
    )
    assert not target.exists()
    code, _, err = cli(["export", "--out-dir", str(built), "-o", str(tmp_path / "x.rdfx")], capsys)
    assert code == 2
    assert "cannot tell the format from the extension '.rdfx'" in err


def test_viz_and_timeline_pictures_follow_the_extension(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "net.png"
    assert cli(["viz", "--out-dir", str(built), "-o", str(png)], capsys)[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "time.svg"
    assert cli(["timeline", "--out-dir", str(built), "-o", str(svg)], capsys)[0] == 0
    assert b"<svg" in svg.read_bytes()[:2000]
    code, _, err = cli(["viz", "--out-dir", str(built), "-o", str(png), "-f", "html"], capsys)
    assert code == 2
    assert "the extension .png means png, but -f/--format is html" in err


def test_dash_is_standard_output(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["export", "--out-dir", str(built), "-o", "-", "-f", "nt"], capsys)
    assert code == 0
    assert len(Graph().parse(data=out, format="nt")) > 0


def test_query_writes_sparql_xml_results(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "people.srx"
    query = "SELECT ?p ?name WHERE { ?p a pol:Person ; rdfs:label ?name } ORDER BY ?name"
    code, _, _ = cli(["query", "--out-dir", str(built), "-e", query, "-o", str(target)], capsys)
    assert code == 0
    parsed = Result.parse(io.BytesIO(target.read_bytes()), format="xml")  # rdflib's W3C reader
    assert [str(v) for v in parsed.vars or []] == ["p", "name"]
    rows = list(parsed)
    assert rows and all(isinstance(row[0], URIRef) and isinstance(row[1], Literal) for row in rows)
    code, out, _ = cli(
        ["query", "--out-dir", str(built), "-e", "ASK { ?s ?p ?o }", "-f", "xml"], capsys
    )
    assert "<boolean>true</boolean>" in out


def test_short_flags_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["-V"], capsys)
    assert code == 0 and __version__ in out
    for name in ("query", "export", "validate", "stats", "conflicts", "viz", "timeline"):
        code, out, _ = cli([name, "--help"], capsys)
        assert "-f, --format" in out and "-o, --output" in out, name


# ------------------------------------------------------------------ standard input


def test_validate_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin((SHAPES / "core-minimal.ttl").read_bytes()))
    code, out, _ = cli(["validate", "-", "--input-format", "turtle"], capsys)
    assert code == 0 and "0 violations" in out
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    code, _, err = cli(["query", "--data", "-", "-e", "ASK {}"], capsys)
    assert code == 2
    assert err == (
        "polkg: error: --data - reads standard input: say its syntax with --input-format "
        "(turtle, nt, nquads, trig, json-ld, xml)\n"
    )


def test_query_data_runs_over_any_rdf_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.ttl"
    people.write_text(
        "@prefix pol: <https://w3id.org/polkg/ontology#> .\n"
        "<urn:a> a pol:Person .\n<urn:b> a pol:Person .\n",
        encoding="utf-8",
    )
    more = "<urn:c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    more += "<https://w3id.org/polkg/ontology#Person> .\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(more.encode()))
    query = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pol:Person }"
    args = ["query", "--data", str(people), "--data", "-", "--input-format", "nt"]
    code, out, _ = cli([*args, "-e", query, "-f", "csv"], capsys)
    assert code == 0 and out.splitlines() == ["n", "3"]


# ------------------------------------------------------------------ validate


def test_validate_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(SHAPES / "base.ttl"), str(SHAPES / "broken" / "advice.ttl")]
    code, _, _ = cli(["validate", *files], capsys)
    assert code == 0  # two warnings, no violation
    code, out, _ = cli(["validate", *files, "--strict", "-f", "json"], capsys)
    assert code == 1
    report = json.loads(out)
    assert (report["conforms"], report["strict"], report["violations"], report["warnings"]) == (
        False,
        True,
        0,
        2,
    )


def test_validate_writes_its_report_with_o(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.json"
    code, out, _ = cli(["validate", str(SHAPES / "core-minimal.ttl"), "-o", str(target)], capsys)
    assert code == 0 and out == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["conforms"] is True and report["graphs"] == 1 and report["results"] == []


def test_a_trig_file_is_validated_graph_by_graph(capsys: pytest.CaptureFixture[str]) -> None:
    trig = str(SHAPES / "dataset.trig")
    code, out, _ = cli(["validate", trig], capsys)
    assert code == 1
    assert "Total over 3 graphs: 1 violations, 1 warnings." in out
    # merged, the two sources' values for one candidacy look like violations of the consensus
    code, out, _ = cli(["validate", trig, "-g", "merged"], capsys)
    assert out.splitlines()[-1].startswith("2 violations")


# ------------------------------------------------------------------ names


def test_graph_and_source_take_a_unique_prefix(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(["export", "--out-dir", str(built), "-g", "s", "-f", "nt"], capsys)
    assert code == 0 and out
    code, _, err = cli(["validate", str(SHAPES / "dataset.trig"), "-g", "article"], capsys)
    assert code == 2
    assert err == (
        "polkg: error: --graph 'article' is the start of several graphs "
        "(article-a, article-b); give more of it\n"
    )
    code, out, _ = cli(["validate", str(SHAPES / "dataset.trig"), "-g", "article-b"], capsys)
    assert code == 1 and "(source mode)" in out
    page = built / "s1.html"
    code, out, err = cli(["viz", "--out-dir", str(built), "--source", "s", "-o", str(page)], capsys)
    assert code == 0 and page.is_file(), err
    code, _, err = cli(["viz", "--out-dir", str(built), "--source", "t"], capsys)
    assert code == 2 and "no source graph 't'; choose one of: s1" in err


def test_did_you_mean(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["query", "election-result", "--out-dir", str(built)], capsys)
    assert code == 2
    assert (
        "no query named 'election-result' in the library (did you mean 'election-results'?)" in err
    )
    code, _, err = cli(["viz", "--types", "Persn", "--out-dir", str(built)], capsys)
    assert code == 2
    assert err == (
        "polkg: error: --types: no class 'Persn' in the ontology (did you mean 'Person'?); "
        "polkg docs lists the classes\n"
    )
    code, _, err = cli(["export", "--fromat", "nt"], capsys)
    assert code == 2 and "No such option '--fromat'. Did you mean '--format'?" in err
    code, _, err = cli(["qurey"], capsys)
    assert code == 2 and "No such command 'qurey' (did you mean 'query'?)" in err


# ------------------------------------------------------------------ messages


def test_messages_name_the_real_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["query", str(QUERIES)], capsys)
    assert (code, err) == (
        2,
        f"polkg: error: {QUERIES}: is a folder: give one .rq file in it, or a library name "
        "(polkg query --list)\n",
    )
    readme = str(ROOT / "README.md")
    code, _, err = cli(["query", readme], capsys)
    assert (code, err) == (
        2,
        f"polkg: error: {readme}: is not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE "
        "parses): give a .rq file, a library name (polkg query --list) or -e 'SPARQL'\n",
    )
    code, _, err = cli(["validate", str(tmp_path)], capsys)
    assert (code, err) == (
        2,
        f"polkg: error: {tmp_path}: is a folder: give the RDF files inside it, or no FILE to "
        "use the project's built graph\n",
    )
    missing = tmp_path / "nonexistent"
    code, _, err = cli(["build", "--data", str(missing)], capsys)
    assert (code, err) == (
        2,
        f"polkg: error: {missing}: no such folder: give a data folder holding sources/ and "
        "entities.yaml\n",
    )
    assert not missing.exists()


def test_tables_fit_the_terminal_width() -> None:
    from kg.query import table

    rows = [["a" * 70, "b" * 50, "short"], ["x", "y", "z"]]
    text = table(["first", "second", "third"], rows, total_width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "short" in text  # narrow columns are left whole; the widest give way
