"""The facts news reports carry, end to end on tests/fixtures/facts/ (a wire report and an
official record of one made-up rerun): election-level counts and turnout, a decision's vote,
an attribution chain, dates whose day or month comes from context — through build, consensus,
validation, export and the query library. Expected values are read off the two texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from kg.build import BuildResult, build
from kg.cli import main
from kg.export import serialize
from kg.namespaces import CONSENSUS, ID, POL
from kg.query import run
from kg.store import load_dataset

DATA = Path(__file__).parent / "fixtures" / "facts" / "data"
RERUN = ID["election/2021-06-13-nordvale-mayor"]
ANNULMENT = ID["annulment/2021-nordvale-mayor"]
WIRE = URIRef("https://w3id.org/polkg/graph/source/wire")


def integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([DATA], tmp_path_factory.mktemp("facts") / "out")


def test_counts_reach_the_consensus_with_the_official_record_first(built):
    consensus = built.dataset.graph(CONSENSUS)
    assert consensus.value(RERUN, POL.electorate) == integer(1200412)
    assert consensus.value(RERUN, POL.ballotsCast) == integer(948771)
    assert consensus.value(RERUN, POL.validVotes) == integer(950000)
    assert consensus.value(RERUN, POL.invalidVotes) == integer(10000)
    assert consensus.value(RERUN, POL.turnout) == Literal("79.04", datatype=XSD.decimal)
    assert consensus.value(ANNULMENT, POL.votesFor) == integer(7)
    assert consensus.value(ANNULMENT, POL.votesAgainst) == integer(4)
    # 960,000 ([955,000, 965,000)) against 948,771: a disagreement the official record decides;
    # 1,200,000 and 80 % agree with the record's figures within their precision: none there
    found = {
        (consensus.value(d, POL.property), str(consensus.value(d, POL.rule)))
        for d in consensus.subjects(RDF.type, POL.Disagreement)
    }
    assert found == {(POL.ballotsCast, "authority")}


def test_the_build_validates(built):
    assert built.valid, (built.out_dir / "validation.txt").read_text()


def test_dates_taken_from_context_are_marked_by_part(built):
    wire = built.dataset.graph(WIRE)
    marks = {}
    for sv in wire.subjects(RDF.type, POL.StatedValue):
        if wire.value(sv, POL.property) == POL.date:
            node = wire.value(sv, POL.statedFor)
            marks[node] = {
                p: wire.value(sv, p)
                for p in (POL.yearFromContext, POL.monthFromContext, POL.dayFromContext)
            }
    true = Literal(True)
    # "on Sunday": the day, so the month and the year too
    assert marks[RERUN] == {
        POL.yearFromContext: true,
        POL.monthFromContext: true,
        POL.dayFromContext: true,
    }
    # "March": only the year
    assert marks[ID["election/2021-03-nordvale-mayor"]] == {
        POL.yearFromContext: true,
        POL.monthFromContext: None,
        POL.dayFromContext: None,
    }


def test_an_attribution_chain_keeps_its_order_in_the_source_graph_only(built):
    wire = built.dataset.graph(WIRE)
    claim = URIRef("https://w3id.org/polkg/id/claim/wire/annulment")
    chain = sorted(
        (int(wire.value(link, POL.attributionOrder)), wire.value(link, POL.attributedTo))
        for link in wire.objects(claim, POL.attribution)
    )
    assert chain == [
        (1, ID["organization/nordvale-radio"]),
        (2, ID["person/jonas-berg"]),
    ]
    assert set(wire.objects(claim, POL.accordingTo)) == {
        ID["organization/nordvale-radio"],
        ID["person/jonas-berg"],
    }
    consensus = built.dataset.graph(CONSENSUS)
    assert not list(consensus.subjects(RDF.type, POL.Attribution))


def test_the_counts_round_trip_through_turtle_with_their_lexical_forms(built):
    consensus = built.dataset.graph(CONSENSUS)
    text = serialize(consensus, "ttl").decode("utf-8")
    assert "79.04" in text
    back = Graph().parse(data=text, format="turtle")
    assert isomorphic(back, consensus)


def test_the_turnout_query_shows_stated_and_computed_turnout(built):
    result = run(load_dataset(built.out_dir), "election-turnout")
    rows = {r["election"]: r for r in result.records()}
    # the first vote is listed too, with blank counts
    assert rows["id:election/2021-03-nordvale-mayor"]["turnout"] is None
    row = rows["id:election/2021-06-13-nordvale-mayor"]
    assert (row["electorate"], row["ballotsCast"], row["turnout"]) == ("1200412", "948771", "79.04")
    # 100 × 948,771 / 1,200,412 = 79.036… → 79.04
    assert row["computedTurnout"] in ("79.04", "79.040")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_a_day_from_context_needs_a_full_date(tmp_path, capsys):
    data = _copy(tmp_path)
    claims = data / "claims" / "wire.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace(
            '{value: 2021-06-13, stated: "on Sunday", from_context: day}',
            '{value: 2021-06, stated: "on Sunday", from_context: day}',
        ),
        encoding="utf-8",
    )
    code = main(["build", "--data", str(data), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "date takes its day from context, so its value must give the day" in err
    assert f"{claims}:" in err
    assert not (tmp_path / "out").exists()


def test_every_broken_claim_is_reported_in_one_build(tmp_path, capsys):
    data = _copy(tmp_path)
    wire = data / "claims" / "wire.yaml"
    record = data / "claims" / "record.yaml"
    text = wire.read_text(encoding="utf-8")
    text = text.replace("turnout: 80%", "turnout: eighty")  # 1: not a number
    text = text.replace('invalidVotes: "10,000"', 'spoiltVotes: "10,000"')  # 2: no such property
    wire.write_text(text, encoding="utf-8")
    record.write_text(
        record.read_text(encoding="utf-8").replace("Turnout: 79.04%.", "Turnout: 79%."),
        encoding="utf-8",
    )  # 3: the quote is not in the text
    lines = {
        "turnout": _line(wire, "turnout: eighty"),
        "property": _line(wire, "spoiltVotes"),
        "quote": _line(record, "quote:"),
    }
    out = tmp_path / "out"
    out.mkdir()
    (out / "consensus.ttl").write_bytes(b"previous\n")

    code = main(["build", "--data", str(data), "--out", str(out)])

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert "Traceback" not in "\n".join(err)
    assert any(f"{wire}:{lines['turnout']}:" in e and "eighty" in e for e in err), err
    assert any(f"{wire}:{lines['property']}:" in e and "spoiltVotes" in e for e in err), err
    assert any(f"{record}:{lines['quote']}:" in e for e in err), err
    assert err[-1] == "polkg: error: 3 problems in all: fix them and run again"
    assert len(err) == 4
    assert [p.name for p in out.iterdir()] == ["consensus.ttl"]
    assert (out / "consensus.ttl").read_bytes() == b"previous\n"


def _line(path: Path, marker: str) -> int:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if marker in text:
            return number
    raise AssertionError(f"{marker!r} not in {path}")
