"""The networkx projection of tests/fixtures/viz/small.trig: nodes, edges, attributes,
each filter, the neighbourhood, the entity look-up and the centrality ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.errors import UserError
from kg.viz.measures import most_central
from kg.viz.projection import drop_isolated, find_entity, to_networkx

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"
BASE = "https://w3id.org/polkg/id/"
IMAMOGLU, YILDIRIM, ERDOGAN = (
    BASE + "person/ekrem-imamoglu",
    BASE + "person/binali-yildirim",
    BASE + "person/recep-tayyip-erdogan",
)
MARCH, RERUN = BASE + "election/2019-03-istanbul-mayor", BASE + "election/2019-06-23-istanbul-mayor"
ANNULMENT, COUP = BASE + "annulment/2019-05-06-istanbul-mayor", BASE + "coup/2016-turkey"
STATEMENT = BASE + "statement/2019-06-23-erdogan-congratulates-imamoglu"
TENURE = BASE + "tenure/recep-tayyip-erdogan-mayor-of-istanbul"
CHP, AKP, YSK, GULEN = (
    BASE + "party/chp",
    BASE + "party/akp",
    BASE + "organization/ysk",
    BASE + "organization/gulen-movement",
)
ISTANBUL, MAYOR = BASE + "place/istanbul", BASE + "office/mayor-of-istanbul"
ALI1, ALI2, MALLORY = (
    BASE + "person/ali-yilmaz-1",
    BASE + "person/ali-yilmaz-2",
    BASE + "person/mallory",
)
ALL_NODES = {
    IMAMOGLU, YILDIRIM, ERDOGAN, MARCH, RERUN, ANNULMENT, COUP, STATEMENT, TENURE,
    CHP, AKP, YSK, GULEN, ISTANBUL, MAYOR, ALI1, ALI2, MALLORY,
}  # fmt: skip


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = Dataset()
    data.parse(FIXTURE, format="trig")
    return data


def edge(g, u, v):
    """The data of the single u→v edge."""
    found = g.get_edge_data(u, v)
    assert found is not None and len(found) == 1, found
    return next(iter(found.values()))


def test_nodes_are_entities_and_events_not_plumbing(ds):
    g = to_networkx(ds)
    assert set(g.nodes) == ALL_NODES  # no claim, annotation, source, candidacy, disagreement
    assert list(g.nodes) == sorted(ALL_NODES)


def test_node_attributes(ds):
    g = to_networkx(ds)
    imamoglu = g.nodes[IMAMOGLU]
    assert imamoglu["label"] == "Ekrem İmamoğlu"
    assert imamoglu["class"] == "Person"
    assert imamoglu["alt_labels"] == ["Ekrem Imamoglu", "Imamoglu"]
    march = g.nodes[MARCH]
    assert march["class"] == "MayoralElection"  # the most specific class
    assert {"Election", "Event"} <= set(march["kinds"])
    assert (march["start"], march["end"], march["precision"]) == (
        "2019-03-01",
        "2019-04-01",
        "month",
    )
    assert g.nodes[ANNULMENT]["facts"] == {"date": "2019-05-06", "reason": "irregularities"}
    coup = g.nodes[COUP]
    assert coup["facts"]["outcome"] == "failed"  # an individual shown by its label, not a node
    assert coup["sources"] == ["Erdoğan profile"]
    assert coup["quotes"] == [
        {
            "source": "Erdoğan profile",
            "quote": "a failed coup in 2016 that he blamed on the Gülen movement",
            "anchor": "a-s2-coup",  # its card on the evidence page
        }
    ]
    tenure = g.nodes[TENURE]
    assert (tenure["start"], tenure["end"]) == ("1994-01-01", "1999-01-01")  # to the end of 1998


def test_links_are_labelled_edges(ds):
    g = to_networkx(ds)
    assert edge(g, ANNULMENT, MARCH)["label"] == "annuls"
    assert edge(g, RERUN, MARCH)["label"] == "rerun of"
    assert edge(g, COUP, GULEN)["label"] == "blamed on"
    assert edge(g, STATEMENT, ERDOGAN)["label"] == "speaker"


def test_candidacies_are_edges_with_share_party_and_evidence(ds):
    g = to_networkx(ds)
    ran = edge(g, IMAMOGLU, RERUN)
    assert (ran["label"], ran["share"], ran["party"]) == (
        "candidate in",
        "54.0",
        "Republican People's Party",
    )
    assert ran["quotes"][0]["quote"] == "Yilderim only won 45.1% of the vote to Imamoglu's 54%."
    assert edge(g, IMAMOGLU, MARCH)["votes"] == "13000"
    yildirim = edge(g, YILDIRIM, RERUN)
    assert yildirim["share"] == "45.0"  # the consensus value
    assert "vote share" in yildirim["disputes"][0] and "45.0" in yildirim["disputes"][0]
    # one "candidate of" link per person and party although İmamoğlu ran twice for the CHP
    assert edge(g, IMAMOGLU, CHP)["label"] == "candidate of"
    assert len(g.get_edge_data(IMAMOGLU, CHP)) == 1


def test_filter_by_class_includes_subclasses(ds):
    g = to_networkx(ds, types=["Election"])
    assert set(g.nodes) == {MARCH, RERUN}
    assert list(g.edges(keys=True)) == [(RERUN, MARCH, "rerunOf")]
    orgs = to_networkx(ds, types=["pol:Organization"])
    assert set(orgs.nodes) == {CHP, AKP, YSK, GULEN}


def test_filter_by_date_uses_intervals(ds):
    # a month overlaps any day inside it; undated nodes stay only when linked to a kept event
    g = to_networkx(ds, date_from="2019-03-15", date_to="2019-03-20")
    assert set(g.nodes) == {MARCH, IMAMOGLU, ISTANBUL}
    # --to 2016 keeps all of 2016, and the tenure 1994–1998
    g = to_networkx(ds, date_to="2016")
    assert set(g.nodes) == {COUP, GULEN, TENURE, ERDOGAN, MAYOR}
    g = to_networkx(ds, date_from="2019-06")
    assert set(g.nodes) == {RERUN, STATEMENT, IMAMOGLU, YILDIRIM, ERDOGAN, ISTANBUL}


def test_bad_date_is_a_user_error(ds):
    with pytest.raises(UserError, match="YYYY-MM"):
        to_networkx(ds, date_from="March 2019")


def test_filter_by_source_draws_only_what_it_states(ds):
    g = to_networkx(ds, source="s2")
    assert set(g.nodes) == {ERDOGAN, GULEN, COUP}
    assert "outcome" not in g.nodes[COUP]["facts"]  # s2 does not state the outcome
    g1 = to_networkx(ds, source="s1")
    assert set(g1.nodes) == {IMAMOGLU, YILDIRIM, CHP, AKP, RERUN}
    assert edge(g1, YILDIRIM, RERUN)["share"] == "45.1"  # what s1 says, not the consensus
    assert g1.nodes[RERUN]["quotes"] == []  # s1's only quote is about the candidacies
    with pytest.raises(UserError, match="s1, s2"):
        to_networkx(ds, source="s9")


def test_focus_and_depth(ds):
    g = to_networkx(ds, focus=URIRef(IMAMOGLU), depth=1)
    assert set(g.nodes) == {IMAMOGLU, MARCH, RERUN, CHP, STATEMENT}
    assert set(to_networkx(ds, focus=URIRef(IMAMOGLU), depth=0).nodes) == {IMAMOGLU}
    g2 = to_networkx(ds, focus=URIRef(ERDOGAN), depth=2)
    assert set(g2.nodes) == {ERDOGAN, STATEMENT, TENURE, MAYOR, IMAMOGLU, RERUN}
    with pytest.raises(UserError, match="not in the drawn graph"):
        to_networkx(ds, types=["Election"], focus=URIRef(IMAMOGLU))


def test_projection_is_deterministic(ds):
    a, b = to_networkx(ds), to_networkx(ds)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_find_entity_by_label_spelling_and_id(ds):
    assert find_entity(ds, "erdogan") == URIRef(ERDOGAN)
    assert find_entity(ds, "EKREM İMAMOĞLU") == URIRef(IMAMOGLU)
    assert find_entity(ds, "Binali Yilderim") == URIRef(YILDIRIM)  # an alt label
    assert find_entity(ds, "person/ekrem-imamoglu") == URIRef(IMAMOGLU)
    assert find_entity(ds, IMAMOGLU) == URIRef(IMAMOGLU)
    with pytest.raises(UserError) as err:
        find_entity(ds, "Ali Yilmaz")
    assert ALI1 in str(err.value) and ALI2 in str(err.value)
    with pytest.raises(UserError, match="names no entity"):
        find_entity(ds, "Nobody Known")


def test_drop_isolated(ds):
    g, left_out = drop_isolated(to_networkx(ds))
    assert set(g.nodes) == ALL_NODES - {ALI1, ALI2, MALLORY}
    assert left_out == ["</script><script>alert(1)</script>", "Ali Yilmaz", "Ali Yılmaz"]


def test_most_central(ds):
    g = to_networkx(ds)
    top = most_central(g, 3)
    # İmamoğlu: March vote, rerun, CHP, the statement; Erdoğan and Yıldırım 2 each, Erdoğan
    # first because he bridges the tenure to the rest (higher betweenness)
    assert top == [
        (IMAMOGLU, "Ekrem İmamoğlu", 4.0),
        (ERDOGAN, "Recep Tayyip Erdoğan", 2.0),
        (YILDIRIM, "Binali Yıldırım", 2.0),
    ]
    orgs = most_central(g, 10, kinds=("Organization",))
    assert [label for _iri, label, _s in orgs] == [
        "Gülen movement", "Justice and Development Party",
        "Republican People's Party", "Supreme Electoral Council",
    ]  # fmt: skip
