"""kg.consensus.reconcile and kg.loaders.overrides on the small datasets of
tests/fixtures/consensus/ (see the README there). Expected values are read off the fixtures
by hand with the rules of DESIGN.md "Provenance"."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.consensus import reconcile
from kg.errors import UserError
from kg.loaders.overrides import Override, load_overrides
from kg.namespaces import CONSENSUS, ID, OA, POL, SOURCE_GRAPH, bind_prefixes

FIXTURES = Path(__file__).parent / "fixtures" / "consensus"

YILDIRIM = ID["candidacy/2019-06-23-istanbul-mayor-binali-yildirim"]
IMAMOGLU = ID["candidacy/2019-06-23-istanbul-mayor-ekrem-imamoglu"]
FIRST_VOTE = ID["election/2019-03-istanbul-mayor"]
RERUN = ID["election/2019-06-23-istanbul-mayor"]


def dataset(name: str) -> Dataset:
    ds = bind_prefixes(Dataset())
    ds.parse(FIXTURES / name, format="trig")
    return ds


def base() -> Graph:
    return Graph().parse(FIXTURES / "entities.ttl", format="turtle")


def disagreements(graph: Graph) -> dict[tuple[URIRef, URIRef], URIRef]:
    return {
        (graph.value(d, POL.subject), graph.value(d, POL.property)): d
        for d in graph.subjects(RDF.type, POL.Disagreement)
    }


def claimed(graph: Graph, dis: URIRef) -> list[tuple[str, Literal, set[str]]]:
    """(IRI tail, lexical form, sources) of each claimed value, by IRI."""
    rows = []
    for cv in sorted(graph.objects(dis, POL.claimedValue), key=str):
        sources = {str(s).rsplit("/", 1)[-1] for s in graph.objects(cv, PROV.wasDerivedFrom)}
        rows.append((str(cv).rsplit("/", 1)[-1], str(graph.value(cv, POL.lexicalForm)), sources))
    return rows


@pytest.fixture()
def istanbul() -> Graph:
    return reconcile(dataset("istanbul.trig"), base=base())


@pytest.fixture()
def rules() -> Graph:
    return reconcile(dataset("rules.trig"))


# --- the corpus cases the issue names -------------------------------------------------------


def test_the_rerun_share_disagreement_is_decided_by_source_order(istanbul):
    found = disagreements(istanbul)
    dis = found[(YILDIRIM, POL.voteShare)]
    assert dis == ID["disagreement/candidacy-2019-06-23-istanbul-mayor-binali-yildirim/voteShare"]
    # 45.1 and 45.0 are equally precise, each backed by one source: the first source wins
    assert istanbul.value(dis, POL.rule) == Literal("source-order")
    assert istanbul.value(dis, POL.chosenValue) == Literal("45.1", datatype=XSD.decimal)
    assert list(istanbul.objects(YILDIRIM, POL.voteShare)) == [
        Literal("45.1", datatype=XSD.decimal)
    ]
    assert claimed(istanbul, dis) == [
        ("value-1", "45.0%", {"002-gamma"}),
        ("value-2", "45.1%", {"000-alpha"}),
    ]
    value_2 = URIRef(f"{dis}/value-2")
    assert istanbul.value(value_2, RDF.value) == Literal("45.1", datatype=XSD.decimal)
    assert istanbul.value(value_2, POL.lowerBound) == Literal("45.05", datatype=XSD.decimal)
    assert istanbul.value(value_2, POL.upperBound) == Literal("45.15", datatype=XSD.decimal)
    assert (value_2, RDF.type, POL.ClaimedValue) in istanbul
    assert set(istanbul.objects(dis, PROV.wasDerivedFrom)) == {
        ID["source/000-alpha"],
        ID["source/002-gamma"],
    }
    label = str(istanbul.value(dis, RDFS.label))
    assert label.startswith("Sources disagree on the vote share of Binali Yıldırım")
    assert "000-alpha" in str(istanbul.value(dis, POL.explanation))


def test_the_month_of_the_first_vote_is_decided_by_agreement(istanbul):
    dis = disagreements(istanbul)[(FIRST_VOTE, POL.date)]
    assert istanbul.value(dis, POL.rule) == Literal("agreement")
    march = Literal("2019-03", datatype=XSD.gYearMonth)
    assert istanbul.value(dis, POL.chosenValue) == march
    assert list(istanbul.objects(FIRST_VOTE, POL.date)) == [march]
    # ordered by lexical form: "In May" < "March 2019" < "in March"
    assert claimed(istanbul, dis) == [
        ("value-1", "In May", {"001-beta"}),
        ("value-2", "March 2019", {"002-gamma"}),
        ("value-3", "in March", {"000-alpha"}),
    ]
    may = URIRef(f"{dis}/value-1")
    assert istanbul.value(may, POL.lowerBound) == Literal("2019-05-01", datatype=XSD.date)
    assert istanbul.value(may, POL.upperBound) == Literal("2019-06-01", datatype=XSD.date)


def test_agreeing_values_leave_no_disagreement_and_the_most_precise_value(istanbul):
    found = disagreements(istanbul)
    assert set(found) == {(YILDIRIM, POL.voteShare), (FIRST_VOTE, POL.date)}
    # "54%" [53.5, 54.5) holds 54.2 %; "some 13,000" [11,850, 14,150) holds 13,700
    assert list(istanbul.objects(IMAMOGLU, POL.voteShare)) == [
        Literal("54.2", datatype=XSD.decimal)
    ]
    assert list(istanbul.objects(FIRST_VOTE, POL.margin)) == [Literal(13700)]
    # the same IRI from two sources agrees
    assert list(istanbul.objects(RERUN, POL.winner)) == [ID["person/ekrem-imamoglu"]]


def test_labels_are_the_curators_and_alt_labels_the_union(istanbul):
    person = ID["person/binali-yildirim"]
    assert list(istanbul.objects(person, RDFS.label)) == [Literal("Binali Yıldırım")]
    assert set(istanbul.objects(person, SKOS.altLabel)) == {
        Literal("Binali Yildirim"),  # entities.yaml
        Literal("Binali Yilderim"),  # source 000
        Literal("Yıldırım"),  # source 002
    }
    # no curator's label: the first source's (000 before 002), and no disagreement about it
    assert list(istanbul.objects(RERUN, RDFS.label)) == [Literal("2019 Istanbul mayoral rerun")]
    assert list(istanbul.objects(FIRST_VOTE, RDFS.label)) == [
        Literal("2019 Istanbul mayoral election")
    ]


def test_non_functional_values_and_provenance_are_the_union(istanbul):
    assert set(istanbul.objects(RERUN, POL.candidacy)) == {YILDIRIM, IMAMOGLU}
    assert set(istanbul.objects(FIRST_VOTE, PROV.wasDerivedFrom)) == {
        ID["source/000-alpha"],
        ID["source/001-beta"],
        ID["source/002-gamma"],
    }
    assert set(istanbul.subjects(RDF.type, POL.Source)) == {
        ID["source/000-alpha"],
        ID["source/001-beta"],
        ID["source/002-gamma"],
    }


def test_claims_stated_values_and_annotations_stay_in_the_source_graphs():
    ds = dataset("istanbul.trig")
    before = {
        g.identifier: len(g) for g in ds.graphs() if str(g.identifier).startswith(SOURCE_GRAPH)
    }
    consensus = reconcile(ds, base=base())
    for cls in (POL.Claim, POL.StatedValue, OA.Annotation, OA.SpecificResource):
        assert not list(consensus.subjects(RDF.type, cls)), cls
    for s, p, o in consensus:
        assert not str(p).startswith(str(OA)), (s, p, o)
        for term in (s, o):
            assert not str(term).startswith(str(ID["claim/"])), (s, p, o)
            assert not str(term).startswith(str(ID["annotation/"])), (s, p, o)
    after = {
        g.identifier: len(g) for g in ds.graphs() if str(g.identifier).startswith(SOURCE_GRAPH)
    }
    assert before == after
    assert ds.graph(CONSENSUS) is not None and len(ds.graph(CONSENSUS)) == len(consensus)


def test_reconcile_is_deterministic():
    first = reconcile(dataset("istanbul.trig"), base=base())
    second = reconcile(dataset("istanbul.trig"), base=base())
    assert isomorphic(first, second)
    assert to_isomorphic(first) == to_isomorphic(second)
    assert first.serialize(format="turtle") == second.serialize(format="turtle")
    assert first.serialize(format="nt") == second.serialize(format="nt")
    assert not [t for t in first if any(type(x).__name__ == "BNode" for x in t)]


def test_reconciling_again_replaces_the_consensus():
    ds = dataset("istanbul.trig")
    once = len(reconcile(ds, base=base()))
    twice = reconcile(ds, base=base())
    assert len(twice) == once
    assert len(list(twice.subjects(RDF.type, POL.Disagreement))) == 2


# --- every rule, on rules.trig ---------------------------------------------------------------


def test_most_precise_rule(rules):
    dis = disagreements(rules)[(ID["annulment/a"], POL.date)]
    day = Literal("2019-06-06", datatype=XSD.date)
    assert rules.value(dis, POL.rule) == Literal("most-precise")
    assert rules.value(dis, POL.chosenValue) == day
    assert list(rules.objects(ID["annulment/a"], POL.date)) == [day]


def test_agreement_rule_picks_the_value_the_hedged_source_supports(rules):
    # 45.1 and 45.0 (both 0.1 wide) disagree; "about 45" overlaps all three sources
    dis = disagreements(rules)[(ID["candidacy/c"], POL.voteShare)]
    assert rules.value(dis, POL.rule) == Literal("agreement")
    assert rules.value(dis, POL.chosenValue) == Literal("45.0", datatype=XSD.decimal)
    assert claimed(rules, dis) == [
        ("value-1", "45.0%", {"002-gamma"}),
        ("value-2", "45.1%", {"000-alpha"}),
        ("value-3", "about 45 percent", {"001-beta"}),
    ]
    hedged = URIRef(f"{dis}/value-3")
    assert rules.value(hedged, POL.hedge) == Literal("about")


def test_source_order_rule_on_iri_values(rules):
    # beta is the first source stating an outcome (alpha states none)
    dis = disagreements(rules)[(ID["coup/k"], POL.outcome)]
    assert rules.value(dis, POL.rule) == Literal("source-order")
    assert rules.value(dis, POL.chosenValue) == POL.Failed
    assert list(rules.objects(ID["coup/k"], POL.outcome)) == [POL.Failed]
    assert not list(rules.objects(URIRef(f"{dis}/value-1"), POL.lowerBound))


def test_a_month_and_a_day_in_it_agree(rules):
    assert (ID["election/e"], POL.date) not in disagreements(rules)
    assert list(rules.objects(ID["election/e"], POL.date)) == [
        Literal("2019-03-31", datatype=XSD.date)
    ]


def test_a_value_without_a_stated_form_uses_its_own_precision(rules):
    # 13000 with no stated value is [12,500, 13,500): it does not hold 13,700
    dis = disagreements(rules)[(ID["candidacy/d"], POL.votes)]
    assert rules.value(dis, POL.rule) == Literal("most-precise")
    assert rules.value(dis, POL.chosenValue) == Literal(13700)
    bare = next(
        cv
        for cv in rules.objects(dis, POL.claimedValue)
        if rules.value(cv, RDF.value) == Literal(13000)
    )
    assert rules.value(bare, POL.lowerBound) == Literal("12500.0", datatype=XSD.decimal)
    assert rules.value(bare, POL.lexicalForm) == Literal("13000")


def test_non_functional_object_values_are_the_union(rules):
    assert set(rules.objects(ID["coup/k"], POL.target)) == {
        ID["group/journalists"],
        ID["group/judges"],
    }


def test_functional_follows_the_ontology():
    onto = Graph().parse(FIXTURES / "nonfunctional-ontology.ttl", format="turtle")
    assert (POL.voteShare, RDF.type, OWL.FunctionalProperty) not in onto
    consensus = reconcile(dataset("istanbul.trig"), ontology=onto, base=base())
    assert set(consensus.objects(YILDIRIM, POL.voteShare)) == {
        Literal("45.1", datatype=XSD.decimal),
        Literal("45.0", datatype=XSD.decimal),
    }
    assert set(disagreements(consensus)) == {(FIRST_VOTE, POL.date)}
    # margin is not functional in this ontology either: both values stay
    assert set(consensus.objects(FIRST_VOTE, POL.margin)) == {Literal(13000), Literal(13700)}


# --- overrides -------------------------------------------------------------------------------


def test_curator_override_beats_the_other_rules():
    overrides = load_overrides(FIXTURES / "overrides.yaml")
    assert overrides == [
        Override(
            node=ID["candidacy/c"],
            property=POL.voteShare,
            value="45.1%",
            reason="The electoral board's final figure.",
            file=str(FIXTURES / "overrides.yaml"),
            line=4,
        )
    ]
    consensus = reconcile(dataset("rules.trig"), overrides=overrides)
    dis = disagreements(consensus)[(ID["candidacy/c"], POL.voteShare)]
    assert consensus.value(dis, POL.rule) == Literal("curator-override")
    assert consensus.value(dis, POL.chosenValue) == Literal("45.1", datatype=XSD.decimal)
    assert list(consensus.objects(ID["candidacy/c"], POL.voteShare)) == [
        Literal("45.1", datatype=XSD.decimal)
    ]
    explanation = str(consensus.value(dis, POL.explanation))
    assert "overrides.yaml" in explanation and "final figure" in explanation
    # the other disagreements keep their own rules
    other = disagreements(consensus)[(ID["coup/k"], POL.outcome)]
    assert consensus.value(other, POL.rule) == Literal("source-order")


def _override(node: str, prop: URIRef, value: str) -> Override:
    return Override(ID[node], prop, value, "because", "data/overrides.yaml", 7)


def test_override_of_an_iri_value():
    consensus = reconcile(
        dataset("rules.trig"), overrides=[_override("coup/k", POL.outcome, "pol:Succeeded")]
    )
    assert list(consensus.objects(ID["coup/k"], POL.outcome)) == [POL.Succeeded]


def test_override_may_pick_the_less_precise_of_agreeing_values():
    consensus = reconcile(
        dataset("istanbul.trig"),
        overrides=[_override(str(IMAMOGLU)[len(ID) :], POL.voteShare, "54")],
    )
    assert list(consensus.objects(IMAMOGLU, POL.voteShare)) == [
        Literal("54.0", datatype=XSD.decimal)
    ]
    assert (IMAMOGLU, POL.voteShare) not in disagreements(consensus)


def test_override_naming_a_value_no_source_states_is_an_error():
    with pytest.raises(UserError) as err:
        reconcile(dataset("rules.trig"), overrides=[_override("candidacy/c", POL.voteShare, "46")])
    message = str(err.value)
    assert message.startswith("data/overrides.yaml:7: ")
    assert "'46'" in message and "45.1%" in message


def test_override_of_a_fact_no_source_states_is_an_error():
    with pytest.raises(UserError, match="no source states pol:voteShare for candidacy/zz"):
        reconcile(dataset("rules.trig"), overrides=[_override("candidacy/zz", POL.voteShare, "4")])


def _entry(node="candidacy/c", prop="voteShare", value="'45'", reason="x", extra="") -> str:
    """One override entry as YAML text (5 lines, plus `extra`)."""
    return (
        f"  - node: {node}\n    property: {prop}\n    value: {value}\n    reason: {reason}\n{extra}"
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("overrides:\n  - node: candidacy/c\n    property: voteShare\n", 2, "lacks 'value'"),
        ("overrides:\n" + _entry(extra="    why: y\n"), 6, "unknown field 'why'"),
        ("overrides:\n" + _entry(node="Candidacy C"), 2, "not a node id"),
        ("overrides:\n" + _entry(prop="shareOfVote"), 3, "not a property of the polkg ontology"),
        ("overrides:\n" + _entry("coup/k", "target", "group/judges"), 3, "may hold several values"),
        ("overrides:\n" + _entry(value="null"), 4, "'value' must be non-empty text"),
        ("overrides:\n" + _entry(reason="''"), 5, "'reason' must be non-empty text"),
        ("fixes: []\n", 1, "one top-level key 'overrides:'"),
        ("overrides:\n  node: candidacy/c\n", 1, "must be a list"),
        ("overrides:\n  - candidacy/c\n", 2, "must be a mapping"),
        (
            "overrides:\n" + _entry() + _entry(prop="pol:voteShare", value="'45.1'"),
            6,
            "a second override for candidacy/c voteShare (the first is on line 2)",
        ),
    ],
)
def test_override_file_errors_name_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_overrides(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert words in str(err.value)


def test_missing_or_empty_override_file_means_no_overrides(tmp_path):
    assert load_overrides(tmp_path / "overrides.yaml") == []
    (tmp_path / "empty.yaml").write_text("overrides:\n", encoding="utf-8")
    assert load_overrides(tmp_path / "empty.yaml") == []


def test_events_are_typed_pol_event_so_queries_need_no_inference(istanbul: Graph) -> None:
    events = set(istanbul.subjects(RDF.type, POL.Event))
    assert events == {
        ID["election/2019-06-23-istanbul-mayor"],
        ID["election/2019-03-istanbul-mayor"],
    }
    # candidacies, people and sources are not events
    assert (ID["person/binali-yildirim"], RDF.type, POL.Event) not in istanbul
    assert (
        ID["candidacy/2019-06-23-istanbul-mayor-binali-yildirim"],
        RDF.type,
        POL.Event,
    ) not in istanbul


# A stated value whose bounds are of two kinds (a date and a number) cannot come from the
# loaders, but a source graph read from elsewhere may hold one. Its interval could not be
# compared with any other (date < Decimal raises TypeError), so the value falls back to its own
# precision: 45.1 is [45.05, 45.15), which does not meet 45.0's [44.95, 45.05).
MIXED_BOUNDS = """
@base <https://w3id.org/polkg/id/> .
@prefix pol: <https://w3id.org/polkg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix src: <https://w3id.org/polkg/graph/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

src:000-alpha {
    <source/000-alpha> a pol:Source .
    <candidacy/m> a pol:Candidacy ; pol:voteShare 45.1 .
    <sv/000/m> a pol:StatedValue ; pol:statedFor <candidacy/m> ; pol:property pol:voteShare ;
        rdf:value 45.1 ; pol:lexicalForm "45.1%" ;
        pol:lowerBound "2019-01-01"^^xsd:date ; pol:upperBound 45.15 .
}

src:001-beta {
    <source/001-beta> a pol:Source .
    <candidacy/m> a pol:Candidacy ; pol:voteShare 45.0 .
    <sv/001/m> a pol:StatedValue ; pol:statedFor <candidacy/m> ; pol:property pol:voteShare ;
        rdf:value 45.0 ; pol:lexicalForm "45.0%" ; pol:lowerBound 44.95 ; pol:upperBound 45.05 .
}
"""


def test_stated_bounds_of_two_kinds_fall_back_to_the_values_own_precision():
    ds = bind_prefixes(Dataset())
    ds.parse(data=MIXED_BOUNDS, format="trig")
    graph = reconcile(ds)
    dis = disagreements(graph)[(ID["candidacy/m"], POL.voteShare)]
    stated = Literal("45.1", datatype=XSD.decimal)
    cv = next(
        c for c in graph.objects(dis, POL.claimedValue) if graph.value(c, RDF.value) == stated
    )
    assert graph.value(cv, POL.lowerBound) == Literal("45.05", datatype=XSD.decimal)
    assert graph.value(cv, POL.upperBound) == Literal("45.15", datatype=XSD.decimal)
