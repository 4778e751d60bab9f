"""The loaders and the linker on the real files in ../shared/datasets (skipped when absent).

Expected values are read from the tables themselves with the csv and json modules, not from
the loaders: the row counts of each table, the AKP's (ParlGov party 901) results in Turkey's
(country 20) parliamentary elections (election type 13), the persons of the assembly file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from kg.link import link_datasets
from kg.loaders.entities import load_entities
from kg.loaders.parlgov import TABLES, load_parlgov
from kg.loaders.popolo import load_popolo
from kg.namespaces import ID, POL, SOURCE_GRAPH
from kg.paths import DATA


def table(folder: Path, key: str) -> list[dict[str, str]]:
    with (folder / TABLES[key]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def parlgov_dir(datasets_dir: Path) -> Path:
    return datasets_dir / "parlgov"


@pytest.fixture(scope="module")
def popolo_file(datasets_dir: Path) -> Path:
    return datasets_dir / "everypolitician-turkey" / "ep-popolo-v1.0.json"


@pytest.fixture(scope="module")
def parlgov(parlgov_dir: Path):  # type: ignore[no-untyped-def]
    return load_parlgov(parlgov_dir)


@pytest.fixture(scope="module")
def popolo(popolo_file: Path):  # type: ignore[no-untyped-def]
    return load_popolo(popolo_file)


def test_parlgov_counts_match_the_tables(parlgov, parlgov_dir: Path) -> None:  # type: ignore[no-untyped-def]
    report = parlgov.report
    for key in TABLES:
        rows = len(table(parlgov_dir, key))
        loaded = report.loaded[key.replace("_", " ") + " rows"]
        skipped = [s for s in report.skipped if s.file == TABLES[key]]
        assert loaded + len(skipped) == rows, key
    assert report.skipped == [], [str(s) for s in report.skipped[:5]]
    graph = next(iter(parlgov.graphs.values()))
    assert len(set(graph.subjects(RDF.type, POL.PartyResult))) == len(table(parlgov_dir, "result"))
    assert len(set(graph.subjects(RDF.type, POL.PoliticalParty))) == len(
        table(parlgov_dir, "party")
    )


def test_akp_results_in_turkish_parliamentary_elections_as_parlgov_states_them(
    parlgov,  # type: ignore[no-untyped-def]
    parlgov_dir: Path,
) -> None:
    elections = {
        row["id"]: row["date"]
        for row in table(parlgov_dir, "election")
        if row["country"] == "20" and row["type"] == "13"
    }
    expected = {
        elections[row["election"]]: (row["vote_share"], row["votes"], row["seats"])
        for row in table(parlgov_dir, "result")
        if row["party"] == "901" and row["election"] in elections
    }
    assert expected["2018-06-24"] == ("42.62", "21335581", "295")  # as the table writes it
    graph = next(iter(parlgov.graphs.values()))
    akp = ID["party/parlgov-901"]
    found = {}
    for result in graph.subjects(POL.party, akp):
        (election,) = graph.subjects(POL.partyResult, result)
        if (election, RDF.type, POL.ParliamentaryElection) not in graph:
            continue
        if graph.value(election, POL.jurisdiction) != ID["place/turkey"]:
            continue
        found[str(graph.value(election, POL.date))] = (
            str(graph.value(result, POL.voteShare)),
            str(graph.value(result, POL.votes)),
            str(graph.value(result, POL.seats)),
        )
    assert found == {
        date: (str(Literal(share, datatype=XSD.decimal)), votes, seats)
        for date, (share, votes, seats) in expected.items()
    }


def test_popolo_counts_match_the_file(popolo, popolo_file: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(popolo_file.read_text(encoding="utf-8"))
    for array in ("persons", "organizations", "memberships", "areas", "events"):
        assert popolo.report.loaded[array] == len(data[array]), array
    assert popolo.report.skipped == []


def test_yildirim_linked_and_no_false_merge_among_namesakes(  # type: ignore[no-untyped-def]
    parlgov, popolo, popolo_file: Path
) -> None:
    data = json.loads(popolo_file.read_text(encoding="utf-8"))
    namesakes = [p["name"] for p in data["persons"] if "Yıldırım" in p["name"]]
    assert len(namesakes) == 18
    entities = load_entities(DATA / "entities.yaml")
    linked, report = link_datasets([parlgov, popolo], entities)
    graph = linked[SOURCE_GRAPH["everypolitician-turkey"]]
    persons = set(graph.subjects(RDF.type, POL.Person))
    assert len(persons) == len(data["persons"])  # no two records became one node
    binali = ID["person/binali-yildirim"]
    assert binali in persons
    assert len(list(graph.subjects(POL.member, binali))) >= 3  # his three terms
    others = {
        node
        for name in namesakes
        if name != "Binali Yıldırım"
        for node in graph.subjects(RDFS.label, Literal(name))
    }
    assert len(others) == 17 and binali not in others
    assert all(str(node).startswith(str(ID["person/everypolitician-turkey-"])) for node in others)
    merged_people = {m.second for m in report.merges if m.kind == "person"}
    assert ID["person/everypolitician-turkey-binali-yildirim"] in merged_people
    parlgov_graph = linked[SOURCE_GRAPH["parlgov"]]
    akp = ID["party/adalet-ve-kalkinma-partisi"]
    assert (akp, RDF.type, POL.PoliticalParty) in parlgov_graph
    assert (None, POL.onBehalfOf, akp) in graph


@pytest.mark.slow
def test_build_with_both_datasets_and_the_corpus_validates_and_answers(  # type: ignore[no-untyped-def]
    parlgov_dir: Path, popolo_file: Path, tmp_path: Path
) -> None:
    from kg.build import build
    from kg.query import run
    from kg.store import load_dataset

    result = build(out_dir=tmp_path, datasets=(f"parlgov:{parlgov_dir}", f"popolo:{popolo_file}"))
    assert result.valid, (tmp_path / "validation.txt").read_text(encoding="utf-8")[:2000]
    ds = load_dataset(tmp_path, build_if_missing=False)
    rows = run(ds, "party-national-and-local", {"party": "AKP"}).records()
    kinds = {(str(r["date"]), str(r["kind"])) for r in rows}
    assert ("2018-06-24", "national list result") in kinds
    assert ("2019-06-23", "mayoral race lost") in kinds
    cabinets = run(ds, "cabinets", {"country": "Turkey"}).records()
    yildirim = [r for r in cabinets if str(r["startDate"]) == "2016-05-24"]
    assert yildirim and yildirim[0]["primeMinisterParty"] == "Adalet ve Kalkınma Partisi"
