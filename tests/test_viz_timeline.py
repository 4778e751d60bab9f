"""The timeline: lanes by kind, each date at its precision, annulment → rerun links, an
offline page without script, deterministic pictures."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from matplotlib import image
from rdflib import Dataset

from kg.viz.timeline import render_timeline_html, timeline_model, write_timeline_static

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"
BASE = "https://w3id.org/polkg/id/"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = Dataset()
    data.parse(FIXTURE, format="trig")
    return data


def test_lanes_and_precision(ds):
    model = timeline_model(ds)
    assert [lane.name for lane in model.lanes] == [
        "Elections", "Annulments", "Coups", "Statements", "Tenures",
    ]  # fmt: skip
    items = {i.iri[len(BASE) :]: i for i in model.items}
    assert set(items) == {
        "election/2019-03-istanbul-mayor", "election/2019-06-23-istanbul-mayor",
        "annulment/2019-05-06-istanbul-mayor", "coup/2016-turkey",
        "statement/2019-06-23-erdogan-congratulates-imamoglu",
        "tenure/recep-tayyip-erdogan-mayor-of-istanbul",
    }  # fmt: skip
    march, rerun = (
        items["election/2019-03-istanbul-mayor"],
        items["election/2019-06-23-istanbul-mayor"],
    )
    annulment = items["annulment/2019-05-06-istanbul-mayor"]
    assert march.kind == "month" and march.x1 - march.x0 > 10  # a month is a span
    assert rerun.kind == "day" and rerun.x0 == rerun.x1  # a day is a point
    assert items["coup/2016-turkey"].kind == "year"
    tenure = items["tenure/recep-tayyip-erdogan-mayor-of-istanbul"]
    assert tenure.kind == "span" and tenure.x1 - tenure.x0 > march.x1 - march.x0
    assert march.x0 < annulment.x0 < rerun.x0  # in time order on one segment
    assert tenure.x1 < items["coup/2016-turkey"].x0 < march.x0
    assert len(model.breaks) == 2  # 1998→2016 and 2016→2019 are cut out of the axis


def test_annulment_and_rerun_links(ds):
    model = timeline_model(ds)
    items = {i.iri[len(BASE) :]: i for i in model.items}
    assert sorted(link.label for link in model.links) == ["annuls", "rerun of"]
    march = items["election/2019-03-istanbul-mayor"]
    for link in model.links:  # both arrows end at the March vote
        assert link.x1 == (march.x0 + march.x1) / 2


def test_page_is_offline_text_only_and_stable(ds):
    page = render_timeline_html(ds)
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "default-src 'none'" in page
    assert "Erdoğan congratulates İmamoğlu" in page
    assert page.count('class="item"') == 6
    assert render_timeline_html(ds) == page


def test_static_timeline_is_not_blank_and_stable(ds, tmp_path):
    a = write_timeline_static(ds, tmp_path / "a.png", "png")
    b = write_timeline_static(ds, tmp_path / "b.png", "png")
    assert a.read_bytes() == b.read_bytes()
    assert image.imread(a)[..., :3].std() > 0.05
    svg = write_timeline_static(ds, tmp_path / "t.svg", "svg").read_text(encoding="utf-8")
    assert "2019 Istanbul mayoral rerun" in svg


# A loosely dated annulment between the vote it annuls and its rerun, an undated statement
# made at the rerun, and a coup three years earlier (so the axis has a break).
_STORY = """
@prefix pol: <https://w3id.org/polkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/polkg/id/> .
<election/march> a pol:Election, pol:Event ; rdfs:label "First vote" ;
    pol:date "2019-03"^^xsd:gYearMonth .
<election/rerun> a pol:Election, pol:Event ; rdfs:label "Rerun" ;
    pol:date "2019-06-23"^^xsd:date ; pol:rerunOf <election/march> .
<annulment/a> a pol:Annulment, pol:Event ; rdfs:label "Annulment" ;
    pol:date "2019"^^xsd:gYear ; pol:annuls <election/march> .
<statement/s> a pol:Statement, pol:Event ; rdfs:label "Concession" ;
    pol:concerns <election/rerun> .
<coup/c> a pol:Coup, pol:Event ; rdfs:label "Coup" ; pol:date "2016-07-15"^^xsd:date .
"""


def _story_graph():
    from rdflib import Graph

    from kg.derive import derive_date_bounds

    return derive_date_bounds(Graph().parse(data=_STORY, format="turtle"))


@pytest.fixture(scope="module")
def story():
    return timeline_model(_story_graph())


def test_a_loose_date_is_drawn_within_the_bounds_its_relations_imply(story):
    items = {i.label: i for i in story.items}
    annulment, march, rerun = items["Annulment"], items["First vote"], items["Rerun"]
    assert annulment.derived and not march.derived and not rerun.derived
    # after the vote it annuls, before its rerun (not the whole of 2019)
    assert march.x0 <= annulment.x0 < march.x1
    assert annulment.x1 <= rerun.x0 + 2
    assert "stated to the year: 2019" in annulment.tip and "DERIVED" in annulment.tip
    assert "not before First vote, by pol:annuls" in annulment.tip
    page = render_timeline_html(_story_graph())
    assert 'class="derived"' in page and "Annulment (date derived)" in page


def test_every_event_is_accounted_for(story):
    assert sorted(i.label for i in story.items) == ["Annulment", "Coup", "First vote", "Rerun"]
    assert [(u.label, u.relations) for u in story.undated] == [
        ("Concession", ["concerns Rerun (2019-06-23)"])
    ]
    page = render_timeline_html(_story_graph())
    assert "Not dated by any source (1)" in page and "concerns Rerun (2019-06-23)" in page
    assert "5 events and tenures: 4 on the axis" in page


def test_one_scale_for_every_year_with_breaks_for_empty_ones(story):
    ticks = dict((label, x) for x, label in story.ticks)
    assert len(story.breaks) == 1  # 2017 and 2018 are cut out
    assert story.breaks[0] < ticks["2019"]
    year_2016 = [x for x, label in story.ticks if x >= ticks["2016"] and x < story.breaks[0]]
    year_2019 = [x for x, label in story.ticks if x >= ticks["2019"]]
    # the same month ticks in both years, the same distance apart
    assert len(year_2016) == len(year_2019)
    # (up to the leap day of 2016)
    gaps = zip(itertools.pairwise(year_2016), itertools.pairwise(year_2019), strict=True)
    assert all(abs((b - a) - (d - c)) < 1.5 for (a, b), (c, d) in gaps)
