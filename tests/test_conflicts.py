"""kg.conflicts and `polkg conflicts`: the disagreements as a person reads them, with the
quotes behind each value, on the fixtures of tests/fixtures/consensus/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import kg.store
from kg.cli import main
from kg.conflicts import conflicts_json, describe_conflicts
from kg.consensus import reconcile
from kg.namespaces import bind_prefixes

FIXTURES = Path(__file__).parent / "fixtures" / "consensus"

QUOTE_000 = (
    "Binali Yilderim, only won 45.1% of the vote to opposition candidate Ekrem Imamoglu's 54%."
)
QUOTE_002 = (
    "multiplied his initial 13,700-vote margin of victory 57-fold to win 54.2% of the vote "
    "against Yıldırım's 45.0%."
)


@pytest.fixture()
def built() -> Dataset:
    ds = bind_prefixes(Dataset())
    ds.parse(FIXTURES / "istanbul.trig", format="trig")
    reconcile(ds, base=Graph().parse(FIXTURES / "entities.ttl", format="turtle"))
    return ds


def test_json_lists_each_value_with_its_sources_and_quotes(built):
    items = conflicts_json(built)
    assert [(i["property_label"], i["rule"], i["chosen"]) for i in items] == [
        ("vote share", "source-order", "45.1"),
        ("date", "agreement", "2019-03"),
    ]
    share = items[0]
    assert share["subject_label"].startswith("Binali Yıldırım")
    assert [(v["lexical"], v["lower"], v["upper"]) for v in share["values"]] == [
        ("45.0%", "44.95", "45.05"),
        ("45.1%", "45.05", "45.15"),
    ]
    gamma, alpha = share["values"][0]["sources"][0], share["values"][1]["sources"][0]
    assert (gamma["slug"], gamma["label"], gamma["quotes"]) == (
        "002-gamma",
        "Gamma article",
        [QUOTE_002],
    )
    assert (alpha["slug"], alpha["label"], alpha["quotes"]) == (
        "000-alpha",
        "Alpha article",
        [QUOTE_000],
    )
    month = items[1]
    quotes = {v["lexical"]: v["sources"][0]["quotes"] for v in month["values"]}
    # 001's claim also states the margin: its quote is the one about the date all the same
    assert quotes == {
        "In May": ["In May, Imamoglu won the mayoral election by a margin of some 13,000 votes"],
        "March 2019": ["the initial March 2019 election"],
        "in March": ["in March the AKP just lost slightly to the opposition"],
    }


def test_text_says_what_which_sources_which_quotes_and_why(built):
    text = describe_conflicts(built)
    assert text.startswith("2 disagreements between sources\n")
    assert "vote share of Binali Yıldırım" in text
    assert "date of 2019 Istanbul mayoral election" in text
    for quote in (QUOTE_000, QUOTE_002, "the initial March 2019 election"):
        assert f"“{quote}”" in text
    assert '45.0 (stated "45.0%"), meaning [44.95, 45.05)' in text
    assert "according to Alpha article (000-alpha)" in text
    assert "chosen: 45.1, by rule source-order" in text
    assert "chosen: 2019-03, by rule agreement" in text
    # a quote is printed under the value it supports: 000's under 45.1, not under 45.0
    block = text.split('45.0 (stated "45.0%")', 1)[1].split('45.1 (stated "45.1%")', 1)[0]
    assert QUOTE_002 in block and QUOTE_000 not in block


def test_no_disagreements_says_so():
    ds = bind_prefixes(Dataset())
    ds.parse(FIXTURES / "istanbul.trig", format="trig")
    for name in ("000-alpha", "001-beta"):
        ds.remove_graph(ds.graph(f"https://w3id.org/polkg/graph/source/{name}"))
    reconcile(ds)
    assert conflicts_json(ds) == []
    assert describe_conflicts(ds).startswith("No disagreements")


def test_cli_text_and_json(built, monkeypatch, capsys):
    seen = []

    def fake_load(out_dir=None, **_):
        seen.append(out_dir)
        return built

    monkeypatch.setattr(kg.store, "load_dataset", fake_load)
    assert main(["conflicts"]) == 0
    out = capsys.readouterr().out
    assert "chosen: 45.1, by rule source-order" in out and QUOTE_000 in out
    assert main(["conflicts", "--format", "json", "--out-dir", "elsewhere"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["rule"] for d in data] == ["source-order", "agreement"]
    assert seen[-1] == Path("elsewhere")


def test_a_source_contradicting_itself_shows_each_quote_under_its_own_value():
    ds = bind_prefixes(Dataset())
    ds.parse(FIXTURES / "self-contradiction.trig", format="trig")
    consensus = reconcile(ds)
    # the untyped annotation target and selector stay out of the consensus too
    assert not [t for t in consensus if "annotation/" in str(t[0]) or "claim/" in str(t[0])]
    [item] = conflicts_json(ds)
    assert item["rule"] == "source-order"
    # both values come from 000-alpha; the first in value order ("45.0%") is kept
    assert item["chosen"] == "45.0"
    assert [
        (v["lexical"], [s["slug"] for s in v["sources"]], v["sources"][0]["quotes"])
        for v in item["values"]
    ] == [
        ("45.0%", ["000-alpha"], ["final count: 45.0%"]),
        ("45.1%", ["000-alpha"], ["early count: 45.1%"]),
    ]
