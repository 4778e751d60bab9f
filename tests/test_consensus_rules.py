"""The consensus rules in their order (DESIGN.md "Provenance"): curator override, authority,
agreement, most precise, source order; and the types the consensus states for queries.

Expected values are read off the fixtures by hand (bounds in the fixture comments)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build import assemble, load_inputs
from kg.consensus import choose, reconcile
from kg.errors import UserError
from kg.loaders.overrides import Override
from kg.namespaces import CONSENSUS, ID, POL, bind_prefixes
from kg.ontology import load_ontology
from kg.paths import DATA

FIXTURES = Path(__file__).parent / "fixtures" / "consensus"


def dataset(name: str) -> Dataset:
    ds = bind_prefixes(Dataset())
    ds.parse(FIXTURES / name, format="trig")
    return ds


def disagreement(graph: Graph, node: URIRef, prop: URIRef) -> URIRef:
    found = [
        d
        for d in graph.subjects(RDF.type, POL.Disagreement)
        if graph.value(d, POL.subject) == node and graph.value(d, POL.property) == prop
    ]
    assert len(found) == 1, f"expected one disagreement on {node} {prop}, got {found}"
    return found[0]


@pytest.fixture(scope="module")
def authority() -> Graph:
    return reconcile(dataset("authority.trig"))


def test_three_sources_outvote_a_more_precise_outlier(authority):
    node = ID["candidacy/o"]
    dis = disagreement(authority, node, POL.voteShare)
    assert authority.value(dis, POL.rule) == Literal("agreement")
    assert authority.value(dis, POL.chosenValue) == Literal("54.0", datatype=XSD.decimal)
    assert authority.value(dis, POL.agreeingSources) == Literal(3, datatype=XSD.integer)
    assert list(authority.objects(node, POL.voteShare)) == [Literal("54.0", datatype=XSD.decimal)]


def test_an_official_record_outranks_three_news_reports(authority):
    node = ID["candidacy/r"]
    dis = disagreement(authority, node, POL.voteShare)
    assert authority.value(dis, POL.rule) == Literal("authority")
    assert authority.value(dis, POL.chosenValue) == Literal("44.99", datatype=XSD.decimal)
    assert authority.value(dis, POL.agreeingSources) is None
    assert list(authority.objects(node, POL.voteShare)) == [Literal("44.99", datatype=XSD.decimal)]


def test_a_research_dataset_outranks_a_news_report(authority):
    dis = disagreement(authority, ID["election/x"], POL.electorate)
    assert authority.value(dis, POL.rule) == Literal("authority")
    assert authority.value(dis, POL.chosenValue) == Literal(10570000, datatype=XSD.integer)


def test_without_the_official_record_agreement_decides_among_the_news():
    ds = dataset("authority.trig")
    ds.remove_graph(ds.graph(URIRef("https://w3id.org/polkg/graph/source/z-official")))
    graph = reconcile(ds)
    dis = disagreement(graph, ID["candidacy/r"], POL.voteShare)
    # 45.1 (n1, n3) against 45.0 (n2): two sources against one
    assert graph.value(dis, POL.rule) == Literal("agreement")
    assert graph.value(dis, POL.chosenValue) == Literal("45.1", datatype=XSD.decimal)
    assert graph.value(dis, POL.agreeingSources) == Literal(2, datatype=XSD.integer)


# --- choose() on values made here: each rule, and the ties that pass a rule on --------------


def _cv(term: str, lo: str, hi: str, *sources: str):
    from decimal import Decimal

    from kg.consensus import ClaimedValue

    return ClaimedValue(
        term=Literal(term, datatype=XSD.decimal),
        lexical=term,
        hedge=None,
        interval=(Decimal(lo), Decimal(hi)),
        sources=tuple(sources),
    )


def test_agreement_tie_goes_to_the_most_precise():
    # a [44, 46) agrees with b [44.95, 45.05) and with c [45.5, 46.5); b and c do not overlap:
    # a has 3 supporting sources, b 2, c 2 -> agreement picks a alone
    a = _cv("45", "44", "46", "s1")
    b = _cv("45.0", "44.95", "45.05", "s2")
    c = _cv("46", "45.5", "46.5", "s3")
    choice = choose([a, b, c], {}, ["s1", "s2", "s3"])
    assert (choice.rule, choice.term, choice.agreeing) == ("agreement", a.term, 3)
    # two values each backed by one source that do not overlap: a tie, the narrower wins
    d = _cv("45.1", "45.05", "45.15", "s1")
    e = _cv("47", "46.5", "47.5", "s2")
    choice = choose([d, e], {}, ["s1", "s2"])
    assert (choice.rule, choice.term) == ("most-precise", d.term)


def test_equal_precision_and_support_fall_to_source_order():
    d = _cv("45.1", "45.05", "45.15", "s2")
    e = _cv("45.0", "44.95", "45.05", "s1")
    choice = choose([d, e], {}, ["s1", "s2"])
    assert (choice.rule, choice.term) == ("source-order", e.term)
    # the order given decides, not the order of the list
    choice = choose([e, d], {}, ["s2", "s1"])
    assert (choice.rule, choice.term) == ("source-order", d.term)


def test_authority_ranks_come_from_the_sources():
    d = _cv("45.1", "45.05", "45.15", "low")
    e = _cv("45.0", "44.95", "45.05", "high")
    assert choose([d, e], {"high": 3, "low": 1}, ["low", "high"]).term == e.term
    assert choose([d, e], {"high": 1, "low": 3}, ["low", "high"]).term == d.term
    # equal ranks: authority passes the choice on
    assert choose([d, e], {"high": 2, "low": 2}, ["low", "high"]).rule == "source-order"


# --- overrides of every kind of value --------------------------------------------------------


def _override(node: str, prop: URIRef, value: str) -> Override:
    return Override(ID[node], prop, value, "checked with the official record", "o.yaml", 3)


def test_override_of_a_month_on_the_corpus_dispute():
    """The corpus's own dispute (the month of the first vote) overridden to the minority May."""
    ds = dataset("istanbul.trig")
    node = ID["election/2019-03-istanbul-mayor"]
    graph = reconcile(
        ds, overrides=[_override("election/2019-03-istanbul-mayor", POL.date, "2019-05")]
    )
    dis = disagreement(graph, node, POL.date)
    assert graph.value(dis, POL.rule) == Literal("curator-override")
    may = Literal("2019-05", datatype=XSD.gYearMonth)
    assert graph.value(dis, POL.chosenValue) == may
    assert list(graph.objects(node, POL.date)) == [may]


def test_override_of_an_integer_and_of_a_node_id():
    ds = dataset("authority.trig")
    graph = reconcile(ds, overrides=[_override("election/x", POL.electorate, "8,000,000")])
    dis = disagreement(graph, ID["election/x"], POL.electorate)
    assert graph.value(dis, POL.rule) == Literal("curator-override")
    assert graph.value(dis, POL.chosenValue) == Literal(8000000, datatype=XSD.integer)

    ds = dataset("rules.trig")
    graph = reconcile(ds, overrides=[_override("coup/k", POL.outcome, "pol:Succeeded")])
    assert graph.value(ID["coup/k"], POL.outcome) == POL.Succeeded


def test_override_naming_a_node_by_its_id():
    ds = bind_prefixes(Dataset())
    ds.parse(
        data="""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix src: <https://w3id.org/polkg/graph/source/> .
        @base <https://w3id.org/polkg/id/> .
        src:a { <election/w> a pol:Election ; pol:winner <person/ann-kay> . }
        src:b { <election/w> a pol:Election ; pol:winner <person/bo-lee> . }
        """,
        format="trig",
    )
    graph = reconcile(ds, overrides=[_override("election/w", POL.winner, "person/bo-lee")])
    assert list(graph.objects(ID["election/w"], POL.winner)) == [ID["person/bo-lee"]]
    with pytest.raises(UserError, match="which no source states"):
        reconcile(ds, overrides=[_override("election/w", POL.winner, "person/cy-may")])


# --- the curator's entities win over the sources --------------------------------------------


def test_the_curators_label_and_single_values_beat_the_sources():
    ds = bind_prefixes(Dataset())
    ds.parse(
        data="""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix src: <https://w3id.org/polkg/graph/source/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @base <https://w3id.org/polkg/id/> .
        src:a { <tenure/t> a pol:Tenure ; rdfs:label "Mayorship (a)" ; pol:holder <person/x> ;
                    pol:startDate "2019-06"^^xsd:gYearMonth . }
        src:b { <tenure/t> a pol:Tenure ; rdfs:label "Mayorship (b)" ; pol:holder <person/y> ;
                    pol:startDate "2019-07"^^xsd:gYearMonth . }
        """,
        format="trig",
    )
    base = Graph()
    tenure = ID["tenure/t"]
    base.add((tenure, RDFS.label, Literal("The mayorship")))
    base.add((tenure, POL.holder, ID["person/z"]))
    graph = reconcile(ds, base=base)
    assert set(graph.objects(tenure, RDFS.label)) == {Literal("The mayorship")}
    assert set(graph.objects(tenure, POL.holder)) == {ID["person/z"]}
    # the curator says nothing of the start date: the sources' disagreement stands
    dis = disagreement(graph, tenure, POL.startDate)
    assert graph.value(dis, POL.rule) == Literal("source-order")
    # and the curator's holder leaves no disagreement about the holder
    holders = [
        d for d in graph.subjects(POL.property, POL.holder) if graph.value(d, POL.subject) == tenure
    ]
    assert holders == []


# --- every class a query can ask for ---------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_consensus() -> Graph:
    ds, _, _ = assemble(load_inputs([DATA], []))
    return ds.graph(CONSENSUS)


def _classes(onto: Graph) -> list[URIRef]:
    from rdflib.namespace import OWL

    return sorted(
        c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c in POL
    )


def test_every_class_query_agrees_with_its_inferred_answer(corpus_consensus):
    onto = load_ontology()
    union = Graph()
    union += corpus_consensus
    union += onto
    for cls in _classes(onto):
        stated = set(corpus_consensus.subjects(RDF.type, cls))
        inferred = {
            row[0]
            for row in union.query(
                "SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* ?c }",
                initBindings={"c": cls},
                initNs={"rdfs": RDFS},
            )
            if (row[0], RDF.type, None) in corpus_consensus
        }
        assert stated == inferred, cls


def test_the_corpus_has_its_four_elections_and_agents(corpus_consensus):
    elections = set(corpus_consensus.subjects(RDF.type, POL.Election))
    assert elections == {
        ID["election/2019-03-31-ankara-mayor"],
        ID["election/2019-03-istanbul-mayor"],
        ID["election/2019-03-turkey-local"],
        ID["election/2019-06-23-istanbul-mayor"],
    }
    agents = set(corpus_consensus.subjects(RDF.type, POL.Agent))
    assert ID["person/ekrem-imamoglu"] in agents
    assert ID["organization/yuksek-secim-kurulu"] in agents
    organisations = set(corpus_consensus.subjects(RDF.type, POL.Organization))
    parties = set(corpus_consensus.subjects(RDF.type, POL.PoliticalParty))
    assert parties and parties <= organisations <= agents


# --- messages and labels a reader sees --------------------------------------------------------


def test_an_override_naming_no_stated_value_lists_the_stated_ones():
    ds = dataset("rules.trig")
    with pytest.raises(UserError) as err:
        reconcile(ds, overrides=[_override("candidacy/c", POL.voteShare, "46")])
    assert str(err.value) == (
        "o.yaml:3: the override for candidacy/c voteShare names the value '46', which no "
        "source states (they state: 45.0%, 45.1%, about 45 percent); write one of those values"
    )


def test_an_override_matches_a_value_written_with_other_digits():
    """A dataset's "45.10" and the curator's "45.1" are the same number."""
    ds = bind_prefixes(Dataset())
    ds.parse(
        data="""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix src: <https://w3id.org/polkg/graph/source/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @base <https://w3id.org/polkg/id/> .
        src:a { <candidacy/q> pol:voteShare "45.10"^^xsd:decimal . }
        src:b { <candidacy/q> pol:voteShare "47"^^xsd:decimal . }
        """,
        format="trig",
    )
    graph = reconcile(ds, overrides=[_override("candidacy/q", POL.voteShare, "45.1")])
    assert list(graph.objects(ID["candidacy/q"], POL.voteShare)) == [
        Literal("45.10", datatype=XSD.decimal)
    ]


def test_an_override_may_name_a_full_iri():
    ds = bind_prefixes(Dataset())
    ds.parse(
        data="""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix src: <https://w3id.org/polkg/graph/source/> .
        src:a { <https://w3id.org/polkg/id/election/w> pol:winner <https://example.org/ann> . }
        src:b { <https://w3id.org/polkg/id/election/w> pol:winner <https://example.org/bo> . }
        """,
        format="trig",
    )
    graph = reconcile(ds, overrides=[_override("election/w", POL.winner, "https://example.org/bo")])
    assert list(graph.objects(ID["election/w"], POL.winner)) == [URIRef("https://example.org/bo")]


def test_a_disagreement_on_an_unlabelled_candidacy_names_candidate_and_election():
    ds = dataset("authority.trig")
    for graph in ds.graphs():
        graph.add((ID["candidacy/r"], POL.candidate, ID["person/ro"]))
    n1 = ds.graph(URIRef("https://w3id.org/polkg/graph/source/n1"))
    n1.add((ID["person/ro"], RDFS.label, Literal("Ro Lee")))
    n1.add((ID["election/x"], RDFS.label, Literal("The X vote")))
    n1.add((ID["election/x"], POL.candidacy, ID["candidacy/r"]))
    graph = reconcile(ds)
    dis = disagreement(graph, ID["candidacy/r"], POL.voteShare)
    assert graph.value(dis, RDFS.label) == Literal(
        "Sources disagree on the vote share of Ro Lee's candidacy in The X vote"
    )


# --- the explanation of each rule, word for word ---------------------------------------------


def _why(graph: Graph, node: URIRef, prop: URIRef) -> str:
    return str(graph.value(disagreement(graph, node, prop), POL.explanation))


def test_each_rule_explains_itself_with_the_stated_forms(authority):
    assert _why(authority, ID["candidacy/o"], POL.voteShare) == (
        '54.0 ("54 %" / "54 percent" / "54%") agrees with the values of 3 of the 4 sources, '
        "more than any other value."
    )
    assert _why(authority, ID["candidacy/r"], POL.voteShare) == (
        '44.99 ("44.99%") is stated by the most authoritative kind of source present '
        "(z-official); the other values come from sources of a less authoritative kind."
    )
    d = _cv("45.1", "45.05", "45.15", "s1")
    e = _cv("47", "46.5", "47.5", "s2")
    assert choose([d, e], {}, ["s1", "s2"]).why == (
        "45.1 is the most precise of the values that agree with the most sources: its "
        "interval [45.05, 45.15) is the narrowest (width 0.1)."
    )
    f = _cv("45.0", "44.95", "45.05", "s2")
    assert choose([d, f], {}, ["s2", "s1"]).why == (
        "No rule before it leaves one value, so the value of s2, the first source by id, is "
        "kept: 45.0."
    )


# --- values of different kinds, and dates wider than a year ----------------------------------


def _two_sources(first: str, second: str) -> Dataset:
    ds = bind_prefixes(Dataset())
    ds.parse(
        data=f"""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix src: <https://w3id.org/polkg/graph/source/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @base <https://w3id.org/polkg/id/> .
        src:a {{ {first} }}
        src:b {{ {second} }}
        """,
        format="trig",
    )
    return ds


def test_a_value_without_an_interval_disagrees_and_ranks_below_a_number():
    ds = _two_sources(
        '<candidacy/m> pol:voteShare "n/a"^^xsd:string .',
        "<candidacy/m> pol:voteShare 45.1 .",
    )
    graph = reconcile(ds)
    dis = disagreement(graph, ID["candidacy/m"], POL.voteShare)
    # one source each, so precision decides: a number has an interval, a text has none
    assert graph.value(dis, POL.rule) == Literal("most-precise")
    assert graph.value(dis, POL.chosenValue) == Literal("45.1", datatype=XSD.decimal)


def test_a_date_and_a_number_never_agree():
    ds = _two_sources(
        '<election/m> pol:date "2019-05"^^xsd:gYearMonth .',
        "<election/m> pol:date 2019 .",
    )
    graph = reconcile(ds)
    disagreement(graph, ID["election/m"], POL.date)  # recorded, not merged


def test_a_decade_is_less_precise_than_a_year():
    ds = _two_sources(
        """<election/d> pol:date "2015"^^xsd:gYear .
        <sv/a> a pol:StatedValue ; pol:statedFor <election/d> ; pol:property pol:date ;
            rdf:value "2015"^^xsd:gYear ; pol:lexicalForm "in the 2010s" ;
            pol:lowerBound "2010-01-01"^^xsd:date ; pol:upperBound "2020-01-01"^^xsd:date .""",
        '<election/d> pol:date "2021"^^xsd:gYear .',
    )
    graph = reconcile(ds)
    dis = disagreement(graph, ID["election/d"], POL.date)
    assert graph.value(dis, POL.rule) == Literal("most-precise")
    assert graph.value(dis, POL.chosenValue) == Literal("2021", datatype=XSD.gYear)


def test_only_rdf_type_adds_classes():
    ds = _two_sources("<coup/k> a pol:Coup ; pol:outcome pol:Failed .", "")
    graph = reconcile(ds)
    assert set(graph.objects(ID["coup/k"], RDF.type)) == {POL.Coup, POL.Event}


# --- labels of disagreements on nodes without a label -----------------------------------------


def test_labels_of_unlabelled_nodes_name_what_they_can():
    ds = _two_sources(
        """<candidacy/u> pol:candidate <person/u> ; pol:voteShare 40.1 ; pol:votes 100 .
        <person/u> <http://www.w3.org/2000/01/rdf-schema#label> "Uma Ek" .
        <election/a> <http://www.w3.org/2000/01/rdf-schema#label> "Vote A" ;
            pol:candidacy <candidacy/other> .
        <election/b> <http://www.w3.org/2000/01/rdf-schema#label> "Vote B" ;
            pol:candidacy <candidacy/u> .
        <candidacy/alone> pol:candidate <person/u> ; pol:voteShare 3.1 .
        <candidacy/bare> pol:voteShare 9.1 .""",
        """<candidacy/u> pol:voteShare 42.1 ; pol:votes 200 .
        <candidacy/alone> pol:voteShare 3.3 .
        <candidacy/bare> pol:voteShare 9.3 .""",
    )
    graph = reconcile(ds)

    def label(node: str, prop: URIRef) -> str:
        return str(graph.value(disagreement(graph, ID[node], prop), RDFS.label))

    # two disagreements on one candidacy: both name its election, not the other disagreement
    assert label("candidacy/u", POL.votes) == (
        "Sources disagree on the votes of Uma Ek's candidacy in Vote B"
    )
    assert label("candidacy/u", POL.voteShare) == (
        "Sources disagree on the vote share of Uma Ek's candidacy in Vote B"
    )
    assert label("candidacy/alone", POL.voteShare) == (
        "Sources disagree on the vote share of Uma Ek's candidacy"
    )
    assert label("candidacy/bare", POL.voteShare) == (
        "Sources disagree on the vote share of candidacy/bare"
    )


# --- a functional text property, in a small ontology of its own -------------------------------


def test_text_values_an_unlabelled_property_and_an_override_with_a_language():
    from rdflib.namespace import OWL

    onto = Graph()
    onto.add((POL.motto, RDF.type, OWL.FunctionalProperty))
    ds = _two_sources(
        '<party/p> pol:motto "Forward"@en .',
        '<party/p> pol:motto "Onward"@en .',
    )
    graph = reconcile(ds, ontology=onto)
    dis = disagreement(graph, ID["party/p"], POL.motto)
    assert str(graph.value(dis, RDFS.label)) == "Sources disagree on the motto of party/p"
    assert graph.value(dis, POL.rule) == Literal("source-order")
    graph = reconcile(
        _two_sources('<party/p> pol:motto "Forward"@en .', '<party/p> pol:motto "Onward"@en .'),
        ontology=onto,
        overrides=[_override("party/p", POL.motto, "Onward")],
    )
    assert list(graph.objects(ID["party/p"], POL.motto)) == [Literal("Onward", lang="en")]


# --- more of what a reader sees, and inputs at the edges (from the surviving mutants) ----------


def test_date_precision_is_explained_in_days():
    from datetime import date as day

    from kg.consensus import ClaimedValue

    def dated(term: str, lo: day, hi: day, source: str) -> ClaimedValue:
        return ClaimedValue(Literal(term, datatype=XSD.date), term, None, (lo, hi), (source,))

    one = dated("2019-06-06", day(2019, 6, 6), day(2019, 6, 7), "s1")
    week = dated("2019-06-20", day(2019, 6, 17), day(2019, 6, 24), "s2")
    assert choose([one, week], {}, ["s1", "s2"]).why.endswith(
        "its interval [2019-06-06, 2019-06-07) is the narrowest (width 1 day)."
    )
    year = dated("2018", day(2018, 1, 1), day(2019, 1, 1), "s3")
    assert choose([week, year], {}, ["s2", "s3"]).why.endswith(
        "its interval [2019-06-17, 2019-06-24) is the narrowest (width 7 days)."
    )


def test_whole_number_bounds_print_as_written():
    d = _cv("13700", "13650", "13750", "s1")
    e = _cv("12000", "11500", "12500", "s2")
    assert "[13650, 13750)" in choose([d, e], {}, ["s1", "s2"]).why


def test_authority_names_every_source_of_the_chosen_value():
    e = _cv("45.1", "45.05", "45.15", "a", "b")
    f = _cv("47", "46.5", "47.5", "c")
    assert "(a, b)" in choose([e, f], {"a": 3, "b": 3, "c": 1}, ["a", "b", "c"]).why


def test_a_source_missing_from_the_order_comes_last():
    d = _cv("45.1", "45.05", "45.15", "unlisted")
    e = _cv("45.0", "44.95", "45.05", "listed")
    assert choose([d, e], {}, ["listed"]).term == e.term


def test_a_source_without_a_kind_counts_as_news():
    ds = _two_sources(
        "<candidacy/k> pol:voteShare 45.1 .",
        "<source/b> pol:sourceKind pol:NewsReport . <candidacy/k> pol:voteShare 47.1 .",
    )
    graph = reconcile(ds)
    assert graph.value(disagreement(graph, ID["candidacy/k"], POL.voteShare), POL.rule) == Literal(
        "source-order"
    )


def test_only_source_graphs_are_sources():
    ds = _two_sources("<candidacy/g> pol:voteShare 45.1 .", "<candidacy/g> pol:voteShare 45.1 .")
    ds.graph(URIRef("https://example.org/notes")).add(
        (ID["candidacy/g"], POL.voteShare, Literal("60.0", datatype=XSD.decimal))
    )
    ds.graph(URIRef("https://w3id.org/polkg/graph/source/")).add(
        (ID["candidacy/g"], POL.voteShare, Literal("70.0", datatype=XSD.decimal))
    )
    graph = reconcile(ds)
    assert list(graph.subjects(RDF.type, POL.Disagreement)) == []
    assert list(graph.objects(ID["candidacy/g"], POL.voteShare)) == [
        Literal("45.1", datatype=XSD.decimal)
    ]


def test_reconciling_again_drops_what_an_override_chose():
    ds = dataset("rules.trig")
    first = reconcile(ds, overrides=[_override("coup/k", POL.outcome, "pol:Succeeded")])
    assert first.value(ID["coup/k"], POL.outcome) == POL.Succeeded
    again = reconcile(ds)
    assert set(again.objects(ID["coup/k"], POL.outcome)) == {POL.Failed}


def test_an_override_of_nothing_names_its_file_and_line_and_the_fix():
    with pytest.raises(UserError) as err:
        reconcile(dataset("rules.trig"), overrides=[_override("candidacy/zz", POL.voteShare, "4")])
    assert str(err.value) == (
        "o.yaml:3: no source states pol:voteShare for candidacy/zz, so there is nothing to "
        "override; check the node id or remove the override"
    )


def test_the_override_explanation_quotes_the_reason():
    graph = reconcile(
        dataset("rules.trig"), overrides=[_override("coup/k", POL.outcome, "pol:Succeeded")]
    )
    assert _why(graph, ID["coup/k"], POL.outcome) == (
        "The curator's override (o.yaml, line 3) names pol:Succeeded: checked with the "
        "official record."
    )


def test_values_and_properties_outside_polkg_read_by_their_last_part():
    from rdflib.namespace import OWL

    onto = Graph()
    vocab = "https://example.org/vocab/terms#motto"
    onto.add((URIRef(vocab), RDF.type, OWL.FunctionalProperty))
    ds = _two_sources(
        f"<https://example.org/party/p> <{vocab}> <https://w3id.org/polkg/id/slogan/forward> .",
        f"<https://example.org/party/p> <{vocab}> <https://w3id.org/polkg/ontology#Failed> .",
    )
    graph = reconcile(ds, ontology=onto)
    dis = next(graph.subjects(RDF.type, POL.Disagreement))
    assert str(dis) == ("https://w3id.org/polkg/id/disagreement/https-example-org-party-p/motto")
    assert str(graph.value(dis, POL.explanation)) == (
        "No rule before it leaves one value, so the value of a, the first source by id, is "
        "kept: slogan/forward."
    )


def test_a_text_override_keeps_the_datatype():
    from rdflib.namespace import OWL

    onto = Graph()
    onto.add((POL.motto, RDF.type, OWL.FunctionalProperty))
    ds = _two_sources(
        '<party/p> pol:motto "Forward"^^xsd:string .', '<party/p> pol:motto "Onward"^^xsd:string .'
    )
    graph = reconcile(ds, ontology=onto, overrides=[_override("party/p", POL.motto, "Onward")])
    assert list(graph.objects(ID["party/p"], POL.motto)) == [Literal("Onward", datatype=XSD.string)]


def test_the_ontology_given_decides_the_classes_stated():
    onto = Graph()
    onto.add((POL.Coup, RDFS.subClassOf, POL.Crisis))
    ds = _two_sources("<coup/c> a pol:Coup .", "")
    assert set(reconcile(ds, ontology=onto).objects(ID["coup/c"], RDF.type)) == {
        POL.Coup,
        POL.Crisis,
    }


def test_four_values_of_which_only_two_do_not_overlap_disagree():
    rows = [("a", "1.5", "1", "2"), ("b", "2.5", "1", "4"), ("c", "3.5", "3", "4")]
    rows.append(("d", "3.6", "1", "4"))  # sorted by stated form: a, b, c, d
    ds = bind_prefixes(Dataset())
    text = [
        "@prefix pol: <https://w3id.org/polkg/ontology#> .",
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix src: <https://w3id.org/polkg/graph/source/> .",
        "@base <https://w3id.org/polkg/id/> .",
    ]
    for name, value, lo, hi in rows:
        text.append(
            f"src:{name} {{ <candidacy/q> pol:voteShare {value} . <sv/{name}> a pol:StatedValue ; "
            f"pol:statedFor <candidacy/q> ; pol:property pol:voteShare ; rdf:value {value} ; "
            f'pol:lexicalForm "{value}%" ; pol:lowerBound {lo}.0 ; pol:upperBound {hi}.0 . }}'
        )
    ds.parse(data="\n".join(text), format="trig")
    disagreement(reconcile(ds), ID["candidacy/q"], POL.voteShare)  # a [1,2) and c [3,4)


# --- source graphs with partial provenance ---------------------------------------------------


def test_partial_annotations_and_stated_values_are_read_as_far_as_they_go():
    ds = _two_sources(
        """<candidacy/p> pol:voteShare 45.1 .
        <ann/1> a <http://www.w3.org/ns/oa#Annotation> .
        <ann/2> a <http://www.w3.org/ns/oa#Annotation> ;
            <http://www.w3.org/ns/oa#hasTarget> <target/2> .
        <ann/3> a <http://www.w3.org/ns/oa#Annotation> ;
            <http://www.w3.org/ns/oa#hasTarget> <target/3> .
        <target/3> <http://www.w3.org/ns/oa#hasSource> <source/a> ;
            <http://www.w3.org/ns/oa#hasSelector> <selector/3> .
        <selector/3> <http://www.w3.org/ns/oa#exact> "45.1%" .
        <sv/broken> a pol:StatedValue ; pol:statedFor <candidacy/p> .
        <sv/a> a pol:StatedValue ; pol:statedFor <candidacy/p> ; pol:property pol:voteShare ;
            rdf:value 45.1 ; pol:lowerBound 45.05 ; pol:upperBound 45.15 .""",
        """<candidacy/p> pol:voteShare 47.1 .""",
    )
    graph = reconcile(ds)
    oa = "http://www.w3.org/ns/oa#"
    assert not list(graph.triples((None, URIRef(oa + "hasSource"), None)))
    assert not list(graph.triples((None, URIRef(oa + "exact"), None)))
    dis = disagreement(graph, ID["candidacy/p"], POL.voteShare)
    forms = {str(graph.value(v, POL.lexicalForm)) for v in graph.objects(dis, POL.claimedValue)}
    assert forms == {"45.1", "47.1"}  # no stated form: the value as written
    assert not list(graph.triples((None, POL.hedge, None)))


def test_of_two_forms_a_source_gives_one_value_the_narrowest_is_kept():
    ds = _two_sources(
        """<candidacy/f> pol:voteShare 54.0 .
        <sv/1> a pol:StatedValue ; pol:statedFor <candidacy/f> ; pol:property pol:voteShare ;
            rdf:value 54.0 ; pol:lexicalForm "about 54%" ; pol:hedge "about" ;
            pol:lowerBound 50.8 ; pol:upperBound 57.2 .
        <sv/2> a pol:StatedValue ; pol:statedFor <candidacy/f> ; pol:property pol:voteShare ;
            rdf:value 54.0 ; pol:lexicalForm "about 54.0%" ; pol:hedge "about" ;
            pol:lowerBound 51.25 ; pol:upperBound 56.75 .""",
        "<candidacy/f> pol:voteShare 60.1 .",
    )
    graph = reconcile(ds)
    dis = disagreement(graph, ID["candidacy/f"], POL.voteShare)
    forms = {str(graph.value(v, POL.lexicalForm)) for v in graph.objects(dis, POL.claimedValue)}
    assert forms == {"about 54.0%", "60.1"}


def test_a_property_named_by_a_path_reads_by_its_last_segment():
    from rdflib.namespace import OWL

    onto = Graph()
    prop = "https://example.org/vocab/motto/"
    onto.add((URIRef(prop), RDF.type, OWL.FunctionalProperty))
    ds = _two_sources(f'<party/p> <{prop}> "Forward" .', f'<party/p> <{prop}> "Onward" .')
    graph = reconcile(ds, ontology=onto)
    dis = next(graph.subjects(RDF.type, POL.Disagreement))
    assert str(dis) == "https://w3id.org/polkg/id/disagreement/party-p/motto"
    assert str(graph.value(dis, RDFS.label)) == "Sources disagree on the motto of party/p"


def test_the_reason_of_an_override_ends_with_one_full_stop():
    override = Override(
        ID["coup/k"], POL.outcome, "pol:Succeeded", ".. as the gazette says.", "o.yaml", 3
    )
    graph = reconcile(dataset("rules.trig"), overrides=[override])
    assert _why(graph, ID["coup/k"], POL.outcome).endswith(
        "names pol:Succeeded: .. as the gazette says."
    )
