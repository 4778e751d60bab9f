"""Derived date bounds: an event dated loosely is narrowed by the events it relates to."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, XSD

from kg.derive import derive_date_bounds
from kg.namespaces import ID, POL

ELECTION, ANNULMENT, RERUN = ID["election/e1"], ID["annulment/a1"], ID["election/e2"]


def _graph(annulment_date: str | None = "2019") -> Graph:
    g = Graph()
    g.add((ELECTION, RDFS.label, Literal("first vote")))
    g.add((ELECTION, POL.date, Literal("2019-03-31", datatype=XSD.date)))
    g.add((RERUN, RDFS.label, Literal("rerun")))
    g.add((RERUN, POL.date, Literal("2019-06-23", datatype=XSD.date)))
    g.add((RERUN, POL.rerunOf, ELECTION))
    g.add((ANNULMENT, RDFS.label, Literal("Annulment")))
    g.add((ANNULMENT, POL.annuls, ELECTION))
    if annulment_date:
        g.add((ANNULMENT, POL.date, Literal(annulment_date, datatype=XSD.gYear)))
    return g


def test_annulment_lies_between_the_vote_and_its_rerun():
    g = derive_date_bounds(_graph())
    assert g.value(ANNULMENT, POL.earliestDate) == Literal("2019-03-31", datatype=XSD.date)
    assert g.value(ANNULMENT, POL.latestDate) == Literal("2019-06-23", datatype=XSD.date)
    rule = str(g.value(ANNULMENT, POL.derivationRule))
    assert "not before first vote, by pol:annuls" in rule
    assert "not after rerun" in rule and "within the stated year" in rule
    # what the source stated is kept as it was
    assert g.value(ANNULMENT, POL.date) == Literal("2019", datatype=XSD.gYear)


def test_an_event_dated_to_the_day_is_not_narrowed():
    g = derive_date_bounds(_graph())
    assert g.value(RERUN, POL.earliestDate) is None
    assert g.value(ELECTION, POL.latestDate) is None


def test_an_undated_event_gets_the_bounds_its_relations_give():
    g = derive_date_bounds(_graph(annulment_date=None))
    assert g.value(ANNULMENT, POL.earliestDate) == Literal("2019-03-31", datatype=XSD.date)
    assert g.value(ANNULMENT, POL.latestDate) == Literal("2019-06-23", datatype=XSD.date)
    assert "within the stated" not in str(g.value(ANNULMENT, POL.derivationRule))


def test_contradicting_relations_give_no_bounds():
    g = _graph(annulment_date="2018")  # a 2018 annulment of a 2019 vote
    derive_date_bounds(g)
    assert g.value(ANNULMENT, POL.earliestDate) is None
    assert g.value(ANNULMENT, POL.derivationRule) is None


def test_derived_bounds_narrow_the_next_event_in_turn():
    g = _graph()
    reaction = ID["statement/reaction"]
    g.add((reaction, RDFS.label, Literal("reaction")))
    g.add((reaction, POL.follows, ANNULMENT))  # undated, after an annulment dated "2019"
    derive_date_bounds(g)
    # not 2019-01-01 (the annulment's stated year) but the first vote, via the annulment
    assert g.value(reaction, POL.earliestDate) == Literal("2019-03-31", datatype=XSD.date)
    assert str(g.value(reaction, POL.derivationRule)) == "not before Annulment, by pol:follows"
