"""The timeline: lanes by kind, each date at its precision, annulment → rerun links, an
offline page without script, deterministic pictures."""

from __future__ import annotations

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
