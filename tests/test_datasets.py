"""The dataset loaders (ParlGov, Popolo, RDF) and the linker, on the small fixtures in
tests/fixtures/datasets/ (their README lists every broken row and why it must be skipped).

Expected values are read off the fixture files by hand: AKP's 2018 result is the row
`9861,1032,901,…,295,42.62,21335581` of 32__elections__ElectionResult.csv, and so on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.cli import main
from kg.errors import UserError
from kg.link import link, link_datasets
from kg.loaders.entities import load_entities
from kg.loaders.parlgov import load_parlgov
from kg.loaders.popolo import load_popolo
from kg.loaders.rdf import load_rdf
from kg.loaders.registry import kinds
from kg.namespaces import FOAF, ID, POL, SCHEMA, SOURCE_GRAPH, new_graph

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
PARLGOV = FIXTURES / "parlgov"
POPOLO = FIXTURES / "popolo" / "ep-popolo-v1.0.json"
RDF_FILE = FIXTURES / "rdf" / "extra-facts.ttl"
CORPUS = FIXTURES / "corpus"

E2018 = ID["election/2018-06-24-turkey-parliament"]
AKP = ID["party/parlgov-901"]


def only_graph(loaded: object) -> Graph:
    graphs = loaded.graphs  # type: ignore[attr-defined]
    assert len(graphs) == 1
    return next(iter(graphs.values()))


# --------------------------------------------------------------------------- ParlGov


def test_parlgov_counts_and_every_skipped_row_with_its_line() -> None:
    report = load_parlgov(PARLGOV).report
    assert report is not None
    assert dict(report.loaded) == {
        "code rows": 6,
        "country rows": 2,
        "party rows": 4,
        "name change rows": 1,
        "party change rows": 1,
        "election rows": 2,
        "result rows": 4,
        "cabinet rows": 2,
        "cabinet party rows": 3,
    }
    where = sorted((s.file, s.line) for s in report.skipped)
    assert where == sorted(
        [
            ("21__parties__Party.csv", 7),
            ("21__parties__Party.csv", 8),
            ("23__parties__PartyNameChange.csv", 3),
            ("31__elections__Election.csv", 4),
            ("31__elections__Election.csv", 5),
            ("32__elections__ElectionResult.csv", 6),
            ("32__elections__ElectionResult.csv", 7),
            ("32__elections__ElectionResult.csv", 8),
            ("32__elections__ElectionResult.csv", 9),
            ("32__elections__ElectionResult.csv", 10),
            ("32__elections__ElectionResult.csv", 11),
            ("41__cabinets__Cabinet.csv", 4),
            ("42__cabinets__CabinetParty.csv", 5),
        ]
    )
    reasons = {(s.file, s.line): s.reason for s in report.skipped}
    assert "votes 'many'" in reasons[("32__elections__ElectionResult.csv", 6)]
    assert "123.4" in reasons[("32__elections__ElectionResult.csv", 10)]
    assert "3 fields" in reasons[("32__elections__ElectionResult.csv", 11)]
    assert "2001-02-30" in reasons[("21__parties__Party.csv", 8)]
    markdown = report.markdown()
    assert "32__elections__ElectionResult.csv:6" in markdown


def test_parlgov_election_counts_party_results_ids_and_links() -> None:
    g = only_graph(load_parlgov(PARLGOV))
    assert (E2018, RDF.type, POL.ParliamentaryElection) in g
    assert g.value(E2018, POL.date) == Literal("2018-06-24", datatype=XSD.date)
    assert g.value(E2018, POL.electorate) == Literal(59354840, datatype=XSD.integer)
    assert g.value(E2018, POL.ballotsCast) == Literal(51183729, datatype=XSD.integer)
    assert g.value(E2018, POL.validVotes) == Literal(50130419, datatype=XSD.integer)
    assert g.value(E2018, POL.seatsTotal) == Literal(600, datatype=XSD.integer)
    assert g.value(E2018, POL.jurisdiction) == ID["place/turkey"]
    assert (E2018, DCTERMS.identifier, Literal("parlgov:election/1032")) in g
    assert (
        E2018,
        FOAF.isPrimaryTopicOf,
        URIRef("https://en.wikipedia.org/wiki/Turkish_general_election,_2018"),
    ) in g

    result = ID["result/2018-06-24-turkey-parliament-parlgov-901"]
    assert (E2018, POL.partyResult, result) in g
    assert (result, RDF.type, POL.PartyResult) in g
    assert (result, RDF.type, POL.Candidacy) not in g  # a list result is no candidacy
    assert g.value(result, POL.party) == AKP
    assert g.value(result, POL.voteShare) == Literal("42.62", datatype=XSD.decimal)
    assert g.value(result, POL.votes) == Literal(21335581, datatype=XSD.integer)
    assert g.value(result, POL.seats) == Literal(295, datatype=XSD.integer)
    assert (result, DCTERMS.identifier, Literal("parlgov:election_result/9861")) in g
    # the skipped second AKP row (seats 1) left the first untouched
    assert len(list(g.objects(result, POL.seats))) == 1

    assert g.value(AKP, RDFS.label) == Literal("Adalet ve Kalkınma Partisi")
    assert (AKP, POL.abbreviation, Literal("AKP")) in g
    assert (AKP, SKOS.altLabel, Literal("AK Party")) in g  # from the name-change table
    assert g.value(AKP, POL.partyFamily) == Literal("Conservative")
    assert g.value(AKP, SCHEMA.foundingDate) == Literal("2001-08-14", datatype=XSD.date)
    chp = ID["party/parlgov-507"]
    assert g.value(chp, RDFS.label) == Literal("Cumhuriyet Halk Partisi")  # the later name
    assert (chp, SKOS.altLabel, Literal("Sosyal Demokrat Halkçı Parti")) in g
    assert {str(o) for o in g.objects(chp, POL.abbreviation)} == {"SHP", "CHP"}


def test_parlgov_cabinets_with_the_prime_ministers_party() -> None:
    g = only_graph(load_parlgov(PARLGOV))
    cabinet = ID["cabinet/turkey-2018-07-09-erdogan-iv"]
    assert (cabinet, RDF.type, POL.Cabinet) in g
    assert set(g.objects(cabinet, POL.cabinetParty)) == {AKP, ID["party/parlgov-507"]}
    assert set(g.objects(cabinet, POL.primeMinisterParty)) == {AKP}
    assert g.value(cabinet, POL.endDate) == Literal("2023-05-14", datatype=XSD.date)
    change = ID["partychange/parlgov-5"]
    assert g.value(change, POL.toParty) == ID["party/parlgov-507"]
    assert g.value(change, POL.changeType) == Literal("merged")


def test_parlgov_source_node_is_a_research_dataset_in_its_own_graph() -> None:
    loaded = load_parlgov(PARLGOV)
    assert list(loaded.graphs) == [SOURCE_GRAPH["parlgov"]]
    g = only_graph(loaded)
    source = ID["source/parlgov"]
    assert (source, RDF.type, POL.Source) in g
    assert g.value(source, POL.sourceKind) == POL.ResearchDataset
    assert g.value(source, RDFS.label) is not None
    assert g.value(source, DCTERMS.license) is not None
    assert g.value(source, SCHEMA.version) is not None
    assert (E2018, PROV.wasDerivedFrom, source) in g


def test_parlgov_same_input_same_graph() -> None:
    assert isomorphic(only_graph(load_parlgov(PARLGOV)), only_graph(load_parlgov(PARLGOV)))


def test_parlgov_unusable_folder_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "consensus.ttl").write_text("previous\n", encoding="utf-8")
    code = main(
        ["build", "--data", str(CORPUS), "--dataset", f"parlgov:{FIXTURES / 'parlgov-no-column'}",
         "--out", str(out)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "32__elections__ElectionResult.csv:1:" in err
    assert "vote_share" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert (out / "consensus.ttl").read_text(encoding="utf-8") == "previous\n"
    with pytest.raises(UserError, match="no such ParlGov folder"):
        load_parlgov(tmp_path / "absent")


# --------------------------------------------------------------------------- Popolo


def test_popolo_counts_and_skipped_records_with_their_lines() -> None:
    report = load_popolo(POPOLO).report
    assert report is not None
    assert dict(report.loaded) == {
        "persons": 5,
        "organizations": 3,
        "areas": 2,
        "events": 2,
        "memberships": 4,
        "posts": 1,
    }
    assert sorted(s.line for s in report.skipped) == [11, 12, 13, 40, 42]
    reasons = {s.line: s.reason for s in report.skipped}
    assert reasons[11].startswith("no name")
    assert "5 May 1970" in reasons[12]
    assert "second record" in reasons[13]
    assert "person/nobody" in reasons[40]
    assert "second time" in reasons[42]


def test_popolo_people_sharing_a_name_stay_two_nodes_with_their_memberships() -> None:
    g = only_graph(load_popolo(POPOLO))
    mehmets = sorted(g.subjects(RDFS.label, Literal("Mehmet Yıldırım")))
    assert len(mehmets) == 2
    parties = {
        m: {g.value(ms, POL.onBehalfOf) for ms in g.subjects(POL.member, m)} for m in mehmets
    }
    assert parties[mehmets[0]] != parties[mehmets[1]]
    (binali,) = g.subjects(RDFS.label, Literal("Binali Yıldırım"))
    (membership,) = g.subjects(POL.member, binali)
    term = g.value(membership, POL.legislativeTerm)
    assert g.value(term, POL.startDate) == Literal("2011-06-28", datatype=XSD.date)
    assert g.value(g.value(membership, POL.constituency), RDFS.label) == Literal("Izmir")
    assert (binali, DCTERMS.identifier, Literal("popolo:person/binali_yıldırım")) in g
    ayse = next(g.subjects(RDFS.label, Literal("Ayşe Kaya")))
    assert g.value(ayse, SCHEMA.birthDate) == Literal("1970-05", datatype=XSD.gYearMonth)
    assert (ayse, SKOS.altLabel, Literal("Ayse Kaya")) in g
    (speaker,) = g.subjects(POL.member, ayse)  # a membership of a post, not of an organisation
    post = g.value(speaker, POL.post)
    assert g.value(post, RDFS.label) == Literal("Speaker of the Grand National Assembly")
    assert g.value(speaker, POL.role) == Literal("speaker")
    assert g.value(g.value(speaker, POL.organization), RDFS.label) == Literal(
        "Grand National Assembly"
    )
    assert g.value(speaker, POL.startDate) == Literal("2015-07", datatype=XSD.gYearMonth)
    assert g.value(speaker, POL.endDate) == Literal("2015-11-22", datatype=XSD.date)
    wikidata = [m for m in mehmets if (m, SKOS.exactMatch, None) in g]
    assert len(wikidata) == 1


@pytest.mark.parametrize("name", ["truncated.json", "missing-comma.json"])
def test_popolo_file_that_is_not_json_is_refused_with_its_line(name: str) -> None:
    with pytest.raises(UserError) as caught:
        load_popolo(FIXTURES / "popolo" / name)
    message = str(caught.value)
    assert name in message and "not a Popolo JSON object" in message
    if name == "missing-comma.json":
        assert f"{name}:3:" in message


# --------------------------------------------------------------------------- RDF


def test_rdf_file_in_its_own_graph_with_blank_nodes_named_the_same_every_time() -> None:
    first, second = load_rdf(RDF_FILE), load_rdf(RDF_FILE)
    g = only_graph(first)
    assert list(first.graphs) == [SOURCE_GRAPH["extra-facts"]]
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    assert set(g) == set(only_graph(second))  # same IRIs, not just isomorphic
    referendum = ID["election/2017-04-16-turkey-referendum"]
    assert g.value(referendum, PROV.wasDerivedFrom) == ID["source/extra-facts"]
    assert g.value(ID["source/extra-facts"], POL.sourceKind) == POL.ResearchDataset
    named = g.value(referendum, RDFS.seeAlso)
    assert isinstance(named, URIRef) and str(named).startswith(str(ID["bnode/extra-facts-"]))


def test_dataset_kinds_are_registered() -> None:
    assert {"corpus", "parlgov", "popolo", "rdf"} <= set(kinds())


# --------------------------------------------------------------------------- linking


@pytest.fixture(scope="module")
def entities():  # type: ignore[no-untyped-def]
    return load_entities(CORPUS / "entities.yaml")


def test_linking_merges_on_full_names_and_reports_homonyms(entities) -> None:  # type: ignore[no-untyped-def]
    inputs = [load_parlgov(PARLGOV), load_popolo(POPOLO)]
    linked, report = link_datasets(inputs, entities)
    popolo = linked[SOURCE_GRAPH["popolo"]]
    parlgov = linked[SOURCE_GRAPH["parlgov"]]
    corpus_binali = ID["person/binali-yildirim"]
    corpus_akp = ID["party/adalet-ve-kalkinma-partisi"]
    # Binali Yıldırım of the assembly is the corpus's, with his membership
    assert (None, POL.member, corpus_binali) in popolo
    assert set(popolo.subjects(RDFS.label, Literal("Binali Yıldırım"))) == {corpus_binali}
    # the AKP of ParlGov, of the assembly and of the corpus are one node; its result follows
    assert (None, POL.onBehalfOf, corpus_akp) in popolo
    result = ID["result/2018-06-24-turkey-parliament-adalet-ve-kalkinma-partisi"]
    assert (E2018, POL.partyResult, result) in parlgov
    assert (result, POL.party, corpus_akp) in parlgov
    assert (None, None, AKP) not in parlgov and (AKP, None, None) not in parlgov
    # the two Mehmet Yıldırıms are neither merged with the corpus's nor with each other
    mehmets = set(popolo.subjects(RDFS.label, Literal("Mehmet Yıldırım")))
    assert len(mehmets) == 2 and ID["person/mehmet-yildirim"] not in mehmets
    rejected = {(r.first, r.second): r.reason for r in report.rejected}
    assert len([k for k in rejected if k[0] == ID["person/mehmet-yildirim"]]) == 2
    assert all("2 people of popolo" in r for k, r in rejected.items() if "mehmet" in str(k[0]))
    # Yıldırım is Akbulut's given name: the surname "Yıldırım" alone links nobody to Binali
    merged = {(m.first, m.second) for m in report.merges}
    assert (corpus_binali, ID["person/popolo-yildirim-akbulut"]) not in merged
    # the Czech "Independent" is not the assembly's independents
    assert (ID["party/parlgov-653"], ID["party/popolo-independent"]) in rejected
    text = report.markdown()
    assert "## Merged" in text and "## Candidates not merged" in text
    assert "the only person of popolo with this name" in text


def test_a_shared_identifier_picks_one_of_two_namesakes(entities) -> None:  # type: ignore[no-untyped-def]
    g = only_graph(load_popolo(POPOLO))
    from dataclasses import replace

    mehmet = next(e for e in entities if e.label == "Mehmet Yıldırım")
    with_id = replace(mehmet, exact_match=(URIRef("http://www.wikidata.org/entity/Q1000002"),))
    renames, report = link([with_id], {"popolo": g})
    assert renames == {ID["person/popolo-mehmet-yildirim-2"]: mehmet.iri}
    (merge,) = report.merges
    assert any("Wikidata" in e for e in merge.evidence)


def test_dates_can_rule_a_candidate_out(entities) -> None:  # type: ignore[no-untyped-def]
    g = only_graph(load_popolo(POPOLO))
    akbulut = next(e for e in entities if e.label == "Yıldırım Akbulut")
    corpus = new_graph()  # the corpus says he ran in 2023; the assembly file has him dead in 2021
    event = ID["candidacy/2023-somewhere"]
    corpus.add((event, POL.candidate, akbulut.iri))
    corpus.add((event, POL.date, Literal("2023-05-14", datatype=XSD.date)))
    renames, report = link([akbulut], {"popolo": g}, corpus_graphs=[corpus])
    assert renames == {}
    (rejected,) = report.rejected
    assert "2021-04-14" in rejected.reason
    renames, _ = link([akbulut], {"popolo": g})
    assert renames  # without the corpus's date nothing contradicts the name


def test_blocking_compares_a_bounded_number_of_pairs_per_name() -> None:
    """Comparisons grow with the input, not with its square: each person is compared only with
    those of the same folded surname."""

    def graph(n: int, tag: str) -> Graph:
        g = new_graph()
        for i in range(n):
            node = ID[f"person/{tag}-{i}"]
            g.add((node, RDF.type, POL.Person))
            g.add((node, RDFS.label, Literal(f"Given{i} Surname{i}")))
        return g

    per_item = []
    for n in (50, 500):
        _, report = link([], {"a": graph(n, "a"), "b": graph(n, "b")})
        per_item.append(report.comparisons / n)
        assert len(report.merges) == n
    assert per_item[0] == per_item[1] == 1.0


# --------------------------------------------------------------------------- the build


@pytest.mark.slow
def test_build_with_every_dataset_links_validates_and_reconciles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "build", "--data", str(CORPUS),
        "--dataset", f"parlgov:{PARLGOV}", "--dataset", f"popolo:{POPOLO}",
        "--dataset", f"rdf:{RDF_FILE}",
    ]  # fmt: skip
    out1, out2 = tmp_path / "once", tmp_path / "twice"
    assert main([*args, "--out", str(out1)]) == 0
    printed = capsys.readouterr().out
    assert "ParlGov: loaded" in printed and "skipped 13 rows" in printed
    assert "validation: valid" in printed
    # the same dataset given twice is the same graph
    assert main([*args, "--dataset", f"parlgov:{PARLGOV}", "--out", str(out2)]) == 0
    assert (out1 / "dataset.nq").read_bytes() == (out2 / "dataset.nq").read_bytes()

    linking = (out1 / "linking.md").read_text(encoding="utf-8")
    assert "person/binali-yildirim" in linking and "Mehmet Yıldırım" in linking
    loading = (out1 / "datasets.md").read_text(encoding="utf-8")
    assert "`32__elections__ElectionResult.csv:11: malformed row" in loading

    from kg.query import run
    from kg.store import load_dataset

    ds = load_dataset(out1, build_if_missing=False)
    # the article's 42.6 % agrees with ParlGov's 42.62 %; its "about 45 %" for 2023 does not
    disagreements = run(ds, "disagreements").records()
    subjects = {str(r["subject"]) for r in disagreements}
    assert any("2023-05-14-turkey-parliament-adalet-ve-kalkinma-partisi" in s for s in subjects)
    assert not any("2018-06-24" in s for s in subjects)
    rows = run(ds, "party-national-and-local", {"party": "AKP"}).records()
    shares = {(str(r["date"]), str(r["share"])) for r in rows}
    assert ("2018-06-24", "42.62") in shares
    assert ("2023-05-14", "35.6") in shares  # the dataset's value, the narrowest


def test_progress_bar_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.loaders.datasets import progress

    assert list(progress(range(3), desc="rows")) == [0, 1, 2]
    assert capsys.readouterr().err == ""  # a pipe or a log: no bar
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert list(progress(range(3), desc="rows", total=3)) == [0, 1, 2]
    assert "rows" in capsys.readouterr().err


def test_parlgov_counts_that_cannot_both_be_true_are_left_out_with_a_note(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ParlGov states 17,360,065 votes cast for Croatia 2020 against an electorate of
    3,701,924: the row cannot say which is wrong, so neither is loaded, and the report says so
    with the file and line (the rest of the election is kept)."""
    import shutil

    folder = tmp_path / "parlgov"
    shutil.copytree(PARLGOV, folder)
    table = folder / "31__elections__Election.csv"
    table.write_text(
        table.read_text(encoding="utf-8")
        + "1122,13,20,2019-03-31,0,,,600,1000,1001,900,hp,,,,,,\n",
        encoding="utf-8",
    )
    loaded = load_parlgov(folder)
    g = only_graph(loaded)
    election = ID["election/2019-03-31-turkey-parliament"]
    assert g.value(election, POL.date) == Literal("2019-03-31", datatype=XSD.date)
    assert g.value(election, POL.electorate) is None
    assert g.value(election, POL.ballotsCast) is None
    assert g.value(election, POL.validVotes) == Literal(900, datatype=XSD.integer)
    assert loaded.report is not None
    assert loaded.report.notes == [
        "31__elections__Election.csv:6: votes_cast 1,001 is more than the electorate 1,000; "
        "neither count was loaded for 2019-03-31-turkey-parliament"
    ]
