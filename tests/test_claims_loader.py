"""Curated claims: what each source states lands in its own graph, with its quote; every
mistake in a claims file stops the build with the file, the line and the fix, and leaves the
previous out/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.cli import main
from kg.loaders.claims import claims_graphs, read_claims
from kg.loaders.entities import load_entities
from kg.loaders.sources import load_sources
from kg.namespaces import ID, OA, POL, SOURCE_GRAPH
from kg.resolve import Resolver

FIXTURE = Path(__file__).parent / "fixtures" / "claims" / "data"
RERUN = ID["election/2019-06-23-kuzeykent-mayor"]
FIRST = ID["election/2019-03-kuzeykent-mayor"]
DEMIRTAS_CAND = ID["candidacy/2019-06-23-kuzeykent-mayor-ayse-demirtas"]
YILMAZER_CAND = ID["candidacy/2019-06-23-kuzeykent-mayor-mehmet-yilmazer"]
YILMAZER = ID["person/mehmet-yilmazer"]


def _dec(text: str) -> Literal:
    return Literal(text, datatype=rdfns.XSD.decimal)


@pytest.fixture(scope="module")
def graphs() -> dict[URIRef, Graph]:
    sources = load_sources(FIXTURE)
    entities = load_entities(FIXTURE / "entities.yaml")
    files = read_claims(FIXTURE, sources)
    return claims_graphs(files, entities=entities, resolver=Resolver(entities)).graphs


def test_one_graph_per_source(graphs: dict[URIRef, Graph]) -> None:
    assert set(graphs) == {SOURCE_GRAPH["alpha"], SOURCE_GRAPH["beta"]}


def test_what_a_source_states_lands_in_its_graph_only(graphs: dict[URIRef, Graph]) -> None:
    alpha, beta = graphs[SOURCE_GRAPH["alpha"]], graphs[SOURCE_GRAPH["beta"]]
    # alpha: "Her rival Mehmet Yılmazer took 45.0%."; beta: "Mehmet Yilmazr … won 45.1%".
    assert set(alpha.objects(YILMAZER_CAND, POL.voteShare)) == {_dec("45.0")}
    assert set(beta.objects(YILMAZER_CAND, POL.voteShare)) == {_dec("45.1")}
    # alpha says March, beta says May.
    assert set(alpha.objects(FIRST, POL.date)) == {
        Literal("2019-03", datatype=rdfns.XSD.gYearMonth)
    }
    assert set(beta.objects(FIRST, POL.date)) == {Literal("2019-05", datatype=rdfns.XSD.gYearMonth)}
    # Only alpha mentions the annulment and the winner.
    assert (ID["annulment/2019-05-kuzeykent-mayor"], None, None) not in beta
    assert (RERUN, POL.winner, None) not in beta
    # The misspelling is beta's, and only beta's graph records it.
    assert (YILMAZER, SKOS.altLabel, Literal("Mehmet Yilmazr")) in beta
    assert (YILMAZER, SKOS.altLabel, Literal("Mehmet Yilmazr")) not in alpha
    # Every node a source describes is derived from that source, not from the other one.
    for graph, own, other in ((alpha, "alpha", "beta"), (beta, "beta", "alpha")):
        assert (None, PROV.wasDerivedFrom, ID[f"source/{other}"]) not in graph
        assert (YILMAZER_CAND, PROV.wasDerivedFrom, ID[f"source/{own}"]) in graph


def test_nodes_get_types_labels_and_values(graphs: dict[URIRef, Graph]) -> None:
    alpha = graphs[SOURCE_GRAPH["alpha"]]
    assert (RERUN, RDF.type, POL.MayoralElection) in alpha
    assert alpha.value(RERUN, RDFS.label) == Literal("Kuzeykent mayoral rerun")
    assert alpha.value(RERUN, POL.date) == Literal("2019-06-23", datatype=rdfns.XSD.date)
    assert set(alpha.objects(RERUN, POL.candidacy)) == {DEMIRTAS_CAND, YILMAZER_CAND}
    assert alpha.value(RERUN, POL.rerunOf) == FIRST
    assert alpha.value(RERUN, POL.jurisdiction) == ID["place/kuzeykent"]  # name "Kuzeykent"
    assert alpha.value(FIRST, POL.jurisdiction) == ID["place/kuzeykent"]  # node id
    annulment = ID["annulment/2019-05-kuzeykent-mayor"]
    assert alpha.value(annulment, POL.decidedBy) == ID["organization/kuzeykent-election-board"]
    # Entities mentioned: their type and canonical label; the spelling used when it differs.
    assert (YILMAZER, RDF.type, POL.Person) in alpha
    assert alpha.value(YILMAZER, RDFS.label) == Literal("Mehmet Yılmazer")
    board = ID["organization/kuzeykent-election-board"]
    assert (board, SKOS.altLabel, Literal("election board")) in alpha
    # beta describes the candidacies without a type: the type given in alpha's file is used.
    beta = graphs[SOURCE_GRAPH["beta"]]
    assert (YILMAZER_CAND, RDF.type, POL.Candidacy) in beta


def test_claim_stated_values_and_attribution(graphs: dict[URIRef, Graph]) -> None:
    alpha = graphs[SOURCE_GRAPH["alpha"]]
    claim = ID["claim/alpha/rerun-winner"]
    assert (claim, RDF.type, POL.Claim) in alpha
    assert alpha.value(claim, PROV.wasDerivedFrom) == ID["source/alpha"]
    assert alpha.value(claim, POL.accordingTo) == ID["organization/anadolu-agency"]
    assert set(alpha.objects(claim, POL.claimAbout)) == {RERUN, DEMIRTAS_CAND}
    assert {POL.voteShare, POL.candidate, POL.winner, POL.date} <= set(
        alpha.objects(claim, POL.claimProperty)
    )
    share = URIRef(f"{claim}/candidacy-2019-06-23-kuzeykent-mayor-ayse-demirtas/voteShare")
    assert share in set(alpha.objects(claim, POL.statedValue))
    assert alpha.value(share, RDF.type) == POL.StatedValue
    assert alpha.value(share, POL.statedFor) == DEMIRTAS_CAND
    assert alpha.value(share, POL.property) == POL.voteShare
    assert alpha.value(share, RDF.value) == _dec("54.2")
    assert alpha.value(share, POL.lexicalForm) == Literal("54.2%")
    assert alpha.value(share, POL.lowerBound) == _dec("54.15")
    assert alpha.value(share, POL.upperBound) == _dec("54.25")
    assert alpha.value(share, POL.hedge) is None
    date = URIRef(f"{claim}/election-2019-06-23-kuzeykent-mayor/date")
    assert alpha.value(date, POL.lexicalForm) == Literal("on 23 June")
    assert alpha.value(date, POL.yearFromContext) == Literal(True)
    assert alpha.value(date, POL.lowerBound) == Literal("2019-06-23", datatype=rdfns.XSD.date)
    assert alpha.value(date, POL.upperBound) == Literal("2019-06-24", datatype=rdfns.XSD.date)
    note = alpha.value(ID["claim/alpha/first-vote-annulled"], RDFS.comment)
    assert note == Literal("The year is the article's context: it reports the 2019 rerun.")


def test_every_claim_has_its_annotation(graphs: dict[URIRef, Graph]) -> None:
    text = (FIXTURE / "sources" / "beta.txt").read_text(encoding="utf-8")
    beta = graphs[SOURCE_GRAPH["beta"]]
    ann = ID["annotation/beta/rerun-shares"]
    assert beta.value(ann, OA.hasBody) == ID["claim/beta/rerun-shares"]
    quote = URIRef(f"{ann}/target/quote")
    position = URIRef(f"{ann}/target/position")
    # The quote in beta.yaml is folded over two lines; the source has it on one.
    sentence = (
        "In the rerun, Ayse Demirtas won 54% while Mehmet Yilmazr, "
        "the ruling party’s candidate, won 45.1%."
    )
    assert beta.value(quote, OA.exact) == Literal(sentence)
    start, end = int(beta.value(position, OA.start)), int(beta.value(position, OA.end))
    assert (start, end) == (0, len(sentence))
    assert text[start:end] == sentence
    claims = set(beta.subjects(RDF.type, POL.Claim))
    bodies = {beta.value(a, OA.hasBody) for a in beta.subjects(RDF.type, OA.Annotation)}
    assert claims == bodies and len(claims) == 2


# --------------------------------------------------------------------------- failure modes

OUTPUTS = ("consensus.ttl", "dataset.trig", "dataset.nq", "validation.txt", "validation.json",
           "resolution.md", "resolution.csv")  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, marker: str) -> int:
    hits = [
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marker in line
    ]
    assert len(hits) == 1, f"{marker!r} must be on one line of {path}"
    return hits[0]


# (file, text to replace, replacement, marker of the line the error must name, words in the message)
CASES = {
    "unknown field": (
        "alpha",
        '    quote: "Her rival',
        '    quoted_by: someone\n    quote: "Her rival',
        "quoted_by:",
        "unknown key 'quoted_by'",
    ),
    "missing field": (
        "alpha",
        '  - id: rival-share\n    quote: "Her rival Mehmet Yılmazer took 45.0%."\n',
        "  - id: rival-share\n",
        "id: rival-share",
        "no 'quote'",
    ),
    "bad date": (
        "alpha",
        "{value: 2019-03, stated",
        "{value: 2019-13, stated",
        "2019-13",
        "not a real date",
    ),
    "date in a form not ISO": (
        "beta",
        "{value: 2019-05, stated: In May",
        "{value: May 2019, stated: In May",
        "May 2019",
        "YYYY-MM",
    ),
    "unknown node reference": (
        "alpha",
        "rerunOf: election/2019-03-kuzeykent-mayor",
        "rerunOf: election/2018-kuzeykent-mayor",
        "election/2018-kuzeykent-mayor",
        "unknown node election/2018-kuzeykent-mayor",
    ),
    "unknown entity name": (
        "alpha",
        "jurisdiction: Kuzeykent",
        "jurisdiction: Atlantis",
        "Atlantis",
        "matches no entity",
    ),
    "entity id not in entities.yaml": (
        "alpha",
        "jurisdiction: place/kuzeykent",
        "jurisdiction: place/atlantis",
        "place/atlantis",
        "unknown node place/atlantis",
    ),
    "quote not in source": (
        "alpha",
        'had been annulled by the election board in May."',
        'had been cancelled by the election board in May."',
        "had been cancelled",
        "not in the source",
    ),
    "stated form not in quote": (
        "alpha",
        "voteShare: 54.2%",
        "voteShare: 54.3%",
        "54.3%",
        "'54.3%' of voteShare is not in the quote",
    ),
    "stated date words not in quote": (
        "beta",
        "stated: In May",
        "stated: In June",
        "In June",
        "is not in the quote",
    ),
    "bad number": (
        "alpha",
        "voteShare: 45.0%",
        "voteShare: forty-five",
        "forty-five",
        "not a number",
    ),
    "unknown source": (
        "beta",
        "source: beta",
        "source: gamma",
        "source: gamma",
        "unknown source 'gamma'",
    ),
    "duplicate claim id": (
        "alpha",
        "  - id: rival-share",
        "  - id: rerun-winner\n",
        "",
        "duplicate claim id 'rerun-winner'",
    ),
    "bad node id": (
        "beta",
        "election/2019-03-kuzeykent-mayor:",
        "Election/2019-03:",
        "Election/2019-03:",
        "bad node id",
    ),
    "class not in the ontology": (
        "alpha",
        "type: Annulment",
        "type: Cancellation",
        "Cancellation",
        "not a class of the ontology",
    ),
    "property not in the ontology": (
        "alpha",
        "decidedBy: election board",
        "decreedBy: election board",
        "decreedBy",
        "not a property of the ontology",
    ),
    "ambiguous quote": (
        "alpha",
        'quote: "Her rival Mehmet Yılmazer took 45.0%."',
        'quote: "the"',
        'quote: "the"',
        "occurs",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_names_file_and_line_and_leaves_out_untouched(
    case: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stem, old, new, marker, words = CASES[case]
    path = corpus / "claims" / f"{stem}.yaml"
    _edit(path, old, new)
    if case == "duplicate claim id":
        # The second `- id: rerun-winner` is the one to name.
        lines = path.read_text(encoding="utf-8").splitlines()
        line = [n for n, text in enumerate(lines, 1) if text == "  - id: rerun-winner"][1]
    else:
        line = _line_of(path, marker)
    out = tmp_path / "out"
    out.mkdir()
    previous = {name: f"previous {name}\n".encode() for name in OUTPUTS}
    for name, data in previous.items():
        (out / name).write_bytes(data)

    code = main(["build", "--data", str(corpus), "--out", str(out)])

    err = capsys.readouterr().err
    assert code == 2, err
    assert f"{path}:{line}:" in err, err
    assert words in err, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


def test_metadata_mistake_also_stops_the_build(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = corpus / "sources" / "beta.yaml"
    _edit(meta, "published: 2019-06-24", "published: 2019-06-31")
    out = tmp_path / "out"
    code = main(["build", "--data", str(corpus), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{meta}:{_line_of(meta, 'published:')}:" in err
    assert not out.exists()


def test_claims_file_named_after_another_source(corpus: Path) -> None:
    from kg.errors import UserError

    (corpus / "claims" / "beta.yaml").rename(corpus / "claims" / "renamed.yaml")
    with pytest.raises(UserError) as info:
        read_claims(corpus, load_sources(corpus))
    assert info.value.line == 1
    assert "beta.yaml" in str(info.value)


def test_two_values_for_a_single_valued_property_in_one_source(corpus: Path) -> None:
    from kg.errors import UserError

    path = corpus / "claims" / "alpha.yaml"
    _edit(
        path,
        "        candidate: Mehmet Yılmazer\n        voteShare: 45.0%\n",
        "        candidate: Mehmet Yılmazer\n        voteShare: 45.0%\n"
        "      candidacy/2019-06-23-kuzeykent-mayor-ayse-demirtas:\n        voteShare: 45.0%\n",
    )
    sources = load_sources(corpus)
    entities = load_entities(corpus / "entities.yaml")
    with pytest.raises(UserError) as info:
        claims_graphs(read_claims(corpus, sources), entities=entities, resolver=Resolver(entities))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert info.value.line == max(
        n for n, text in enumerate(lines, 1) if "voteShare: 45.0%" in text
    )
    assert "one value" in str(info.value)
