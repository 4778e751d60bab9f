"""The query library machinery on a small hand-written dataset: headers, parameters bound
safely, refusals, syntax errors, result formats (tests/fixtures/query/README.md)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

import kg.cli
from kg.errors import UserError
from kg.namespaces import CONSENSUS, ID, bind_prefixes
from kg.paths import QUERIES
from kg.query import check, list_queries, parse_header, run

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "mini.trig"
AYSE = ID["person/ayse-ornek"]
WORDS = 'She said "yes, we won"\tthen left;\nthat was all'


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def ds(request: pytest.FixtureRequest) -> Dataset:
    """The fixture on each store: every query test runs on both (same answers required)."""
    if request.param == "oxigraph":
        from kg.oxstore import load_file

        return load_file(FIXTURE)
    data = bind_prefixes(Dataset(default_union=False))
    data.parse(FIXTURE, format="trig")
    data.default_graph = data.graph(CONSENSUS)
    return data


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    """An out/ folder holding the fixture as the built dataset, for the CLI."""
    shutil.copy(FIXTURE, tmp_path / "dataset.trig")
    return tmp_path


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record (and block) every attempt to open a connection."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


# --------------------------------------------------------------------------- the library


EXPECTED_LIBRARY = {
    "annulled-elections",
    "coups",
    "disagreements",
    "election-results",
    "entity-spellings",
    "events-in-place",
    "events-in-range",
    "fact-sources",
    "overview",
    "party-districts",
    "party-results",
    "person-offices",
    "person-timeline",
    "source-statements",
    "statements",
}


def test_library_has_every_question_with_a_header() -> None:
    infos = {info.name: info for info in list_queries()}
    assert set(infos) >= EXPECTED_LIBRARY
    for info in infos.values():
        assert info.title and info.title[0].isupper(), info.name
        assert info.description, f"{info.name}: say what it answers"
        assert info.columns, f"{info.name}: list the output columns"
        for param in info.params:
            assert param.example, f"{info.name}: parameter {param.name} needs an example"


def test_library_files_are_standard_sparql_with_their_own_prefixes() -> None:
    from rdflib.plugins.sparql.algebra import translateQuery

    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        assert "prefix " not in text.replace("PREFIX ", ""), f"{path.name}: write PREFIX"
        parsed = check(text, path.name)
        translateQuery(parsed)  # no initNs: every prefix is declared in the file


def test_declared_columns_are_the_select_variables(ds: Dataset) -> None:
    for info in list_queries():
        result = run(ds, info.name)
        assert tuple(result.variables) == info.columns, info.name


def test_parse_header_reads_params_and_columns() -> None:
    title, description, params, columns = parse_header(
        "# Things\n#\n# What things there are.\n#\n"
        "# param who (entity pol:Person): a person, e.g. Imamoglu\n"
        "# param from (date): the start, e.g. 2019-03\n"
        "# columns: a, b\n\nSELECT * WHERE { ?a ?b ?c }\n"
    )
    assert title == "Things"
    assert description == "What things there are."
    assert [(p.name, p.kind, p.example) for p in params] == [
        ("who", "entity", "Imamoglu"),
        ("from", "date", "2019-03"),
    ]
    assert str(params[0].cls).endswith("#Person")
    assert columns == ("a", "b")


def test_query_list_shows_names_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert kg.cli.main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "election-results" in out and "Election results" in out
    assert "annulled-elections" in out


# --------------------------------------------------------------------------- parameters


def test_entity_parameter_accepts_label_spelling_node_id_and_iri(ds: Dataset) -> None:
    for value in ["Ayşe Örnek", "AYSE ORNEK", "Ornek", "person/ayse-ornek", str(AYSE), f"<{AYSE}>"]:
        result = run(ds, "person-timeline", {"person": value})
        assert set(result.column("person")) == {AYSE}, value
        # a concession addressed to her, and the election she ran in and won
        assert [display for display in result.column("role")] == [
            Literal("addressee"),
            Literal("candidate"),
            Literal("winner"),
        ]


def test_ambiguous_entity_lists_candidates(ds: Dataset) -> None:
    with pytest.raises(UserError) as err:
        run(ds, "person-timeline", {"person": "Deneme"})
    message = str(err.value)
    assert "ambiguous" in message
    assert "Bora Deneme" in message and "Cem Deneme" in message


def test_unknown_entity_is_a_user_error(ds: Dataset) -> None:
    with pytest.raises(UserError, match="names no"):
        run(ds, "person-timeline", {"person": "Nobody Atall"})


def test_unknown_parameter_is_refused(ds: Dataset) -> None:
    with pytest.raises(UserError, match="no parameter 'persn'"):
        run(ds, "person-timeline", {"persn": "Ornek"})


def test_date_parameters_filter_by_overlap(ds: Dataset) -> None:
    # the concession is dated 2020-01 (a month), the election 2020-01-05 (a day)
    def labels(params: dict[str, str]) -> list[str]:
        return [str(v) for v in run(ds, "events-in-range", params).column("eventLabel")]

    both = ["Bora Deneme concedes", "2020 Testkent mayoral election"]
    assert sorted(labels({})) == sorted(both)
    assert labels({"from": "2020-01-06"}) == ["Bora Deneme concedes"]  # the month overlaps
    assert sorted(labels({"from": "2020", "to": "2020-01-05"})) == sorted(both)
    assert labels({"to": "2019-12"}) == []
    with pytest.raises(UserError, match="not a date"):
        run(ds, "events-in-range", {"from": "5 January"})


HOSTILE = [
    '"',
    "'; DROP",
    "} SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }",
    '" } SERVICE <http://example.org/sparql> { ?s ?p ?o } #',
    "<http://example.org/x> } SERVICE <http://example.org/sparql> {",
    "{}",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literal_values_match_nothing_and_fetch_nothing(
    ds: Dataset, no_network: list[object], value: str
) -> None:
    query = (
        "PREFIX pol: <https://w3id.org/polkg/ontology#>\nSELECT ?s WHERE { ?s pol:words ?words }"
    )
    assert len(run(ds, query, {"words": value})) == 0
    assert no_network == []
    # the binding really filters: the real words find the statement
    assert len(run(ds, query, {"words": WORDS})) == 1


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_entity_values_are_refused_and_fetch_nothing(
    ds: Dataset, no_network: list[object], value: str
) -> None:
    with pytest.raises(UserError):
        run(ds, "person-timeline", {"person": value})
    assert no_network == []


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("LOAD <http://example.org/data.ttl>", "update"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update"),
        ("CLEAR ALL", "update"),
    ],
)
def test_queries_reaching_outside_are_refused(
    ds: Dataset, no_network: list[object], query: str, word: str
) -> None:
    before = len(ds)
    with pytest.raises(UserError, match=word):
        run(ds, query)
    assert no_network == []
    assert len(ds) == before


def test_syntax_error_names_file_and_position(tmp_path: Path) -> None:
    bad = tmp_path / "broken.rq"
    bad.write_text("# Broken\nSELECT ?s WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        run(Dataset(), bad)
    message = str(err.value)
    assert message.startswith(f"{bad}:")
    assert "line 2, column" in message or "line 3, column" in message or "line 4, column" in message


def test_syntax_error_through_the_cli(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = kg.cli.main(["query", "--out-dir", str(built), "-e", "SELECT ?s WHERE { ?s ?p }"])
    assert code == 2
    err = capsys.readouterr().err
    assert "syntax error at line 1, column" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- formats

STATEMENT = (
    "PREFIX pol: <https://w3id.org/polkg/ontology#>\n"
    "SELECT ?statement ?date ?words ?speaker ?missing WHERE {\n"
    "  ?statement pol:words ?words ; pol:date ?date ; pol:speaker ?speaker .\n"
    "  OPTIONAL { ?statement pol:nothing ?missing }\n}"
)
STATEMENT_IRI = "https://w3id.org/polkg/id/statement/2020-01-05-bora-deneme-concedes"


def test_csv_is_sparql_csv(ds: Dataset) -> None:
    text = run(ds, STATEMENT).format("csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["statement", "date", "words", "speaker", "missing"],
        [STATEMENT_IRI, "2020-01", WORDS, "https://w3id.org/polkg/id/person/bora-deneme", ""],
    ]


def test_tsv_is_sparql_tsv(ds: Dataset) -> None:
    text = run(ds, STATEMENT).format("tsv")
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 3  # header, one row, final newline
    assert lines[0] == "?statement\t?date\t?words\t?speaker\t?missing"
    cells = lines[1].split("\t")
    assert len(cells) == 5
    assert cells[0] == f"<{STATEMENT_IRI}>"
    assert cells[1] == f'"2020-01"^^<{XSD.gYearMonth}>'
    assert cells[2] == '"She said \\"yes, we won\\"\\tthen left;\\nthat was all"'
    assert cells[4] == ""


def test_json_is_sparql_results_json(ds: Dataset) -> None:
    data = json.loads(run(ds, STATEMENT).format("json"))
    assert data["head"]["vars"] == ["statement", "date", "words", "speaker", "missing"]
    (binding,) = data["results"]["bindings"]
    assert binding["statement"] == {"type": "uri", "value": STATEMENT_IRI}
    assert binding["date"] == {
        "type": "literal",
        "value": "2020-01",
        "datatype": str(XSD.gYearMonth),
    }
    assert binding["words"] == {"type": "literal", "value": WORDS}
    assert "missing" not in binding  # unbound variables are left out


def test_markdown_and_table_are_compact_and_aligned(ds: Dataset) -> None:
    md = run(ds, STATEMENT).format("md").splitlines()
    assert md[0] == "| statement | date | words | speaker | missing |"
    assert md[1] == "|---|---|---|---|---|"
    assert md[2].count(" | ") == 4  # the cell's own characters are escaped or flattened
    assert "id:statement/2020-01-05-bora-deneme-concedes" in md[2]
    table = run(ds, "election-results").format("table").splitlines()
    assert table[0].split() == [
        "election", "electionLabel", "date", "candidate", "party",
        "votes", "share", "rank", "winner", "margin",
    ]  # fmt: skip
    assert set(table[1]) == {"-", " "}
    assert table[2].index("Ayşe Örnek") == table[0].index("candidate")
    assert table[3].index("Bora Deneme") == table[0].index("candidate")
    assert table[-1] == "(2 rows)"


def test_ask_and_construct(ds: Dataset) -> None:
    ask = run(ds, "ASK { ?s a <https://w3id.org/polkg/ontology#Person> }")
    assert ask.format("table") == "yes\n"
    assert json.loads(ask.format("json")) == {"head": {}, "boolean": True}
    construct = run(
        ds,
        "PREFIX pol: <https://w3id.org/polkg/ontology#>\n"
        "CONSTRUCT { ?e pol:winner ?w } WHERE { ?e pol:winner ?w }",
    )
    turtle = construct.format("table")
    assert "@prefix pol: <https://w3id.org/polkg/ontology#> ." in turtle
    assert "pol:winner <https://w3id.org/polkg/id/person/ayse-ornek>" in turtle
    with pytest.raises(UserError, match="gives RDF"):
        construct.format("csv")


def test_cli_construct_without_format_prints_turtle_in_a_pipe(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pytest's captured stdout is not a terminal: SELECT would default to CSV here
    code = kg.cli.main(
        ["query", "--out-dir", str(built), "-e",
         "PREFIX pol: <https://w3id.org/polkg/ontology#> "
         "CONSTRUCT { ?e pol:winner ?w } WHERE { ?e pol:winner ?w }"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "pol:winner <https://w3id.org/polkg/id/person/ayse-ornek>" in captured.out


def test_cli_query_with_params_and_format(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = kg.cli.main(
        ["query", "statements", "--out-dir", str(built), "--param", "speaker=Bora Deneme",
         "--format", "json"]
    )  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    (binding,) = data["results"]["bindings"]
    assert binding["kind"]["value"] == "Concession"
    assert binding["addresseeLabel"]["value"] == "Ayşe Örnek"


def test_results_are_identical_across_runs(ds: Dataset) -> None:
    first = [run(ds, info.name).format("tsv") for info in list_queries()]
    second = [run(ds, info.name).format("tsv") for info in list_queries()]
    assert first == second


def test_an_iri_parameter_is_bound_as_an_iri(ds: Dataset) -> None:
    result = run(
        ds,
        "fact-sources",
        {"node": "candidacy/2020-01-05-testkent-mayor-ayse-ornek", "property": "voteShare"},
    )
    records = result.records()
    assert [(r["sourceLabel"], r["value"], r["stated"], r["quote"]) for r in records] == [
        ("A test article", "52.0", "52%", "Ayse Ornek won 52% of the vote.")
    ]
    assert result.column("start") == [Literal(10)]
    assert isinstance(result.column("property")[0], URIRef)
