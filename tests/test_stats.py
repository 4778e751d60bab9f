"""`polkg stats` on the hand-written fixture: every number below was counted by hand from
tests/fixtures/query/mini.trig (see the README there)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

import kg.cli
from kg.namespaces import CONSENSUS, bind_prefixes
from kg.stats import format_stats, stats

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "mini.trig"


@pytest.fixture()
def ds() -> Dataset:
    data = bind_prefixes(Dataset(default_union=False))
    data.parse(FIXTURE, format="trig")
    data.default_graph = data.graph(CONSENSUS)
    return data


def test_counts(ds: Dataset) -> None:
    data = stats(ds)
    assert data["graphs"] == [
        {"graph": "graph:consensus", "triples": 41},
        {"graph": "src:s1", "triples": 31},
    ]
    assert data["classes"] == [
        {"class": "pol:Candidacy", "entities": 2},
        {"class": "pol:City", "entities": 1},
        {"class": "pol:Concession", "entities": 1},
        {"class": "pol:Event", "entities": 2},
        {"class": "pol:MayoralElection", "entities": 1},
        {"class": "pol:Person", "entities": 3},
        {"class": "pol:PoliticalParty", "entities": 1},
        {"class": "pol:Source", "entities": 1},
    ]
    assert data["events_per_year"] == [{"year": "2020", "events": 2}]
    assert data["sources"] == [
        {"source": "s1", "label": "A test article", "triples": 31, "claims": 1}
    ]
    assert data["disagreements"] == {"total": 0, "by_rule": []}


def test_formats(ds: Dataset) -> None:
    data = stats(ds)
    assert json.loads(format_stats(data, "json")) == data
    text = format_stats(data, "table")
    assert "Triples per graph" in text and "Events per year" in text
    assert "Disagreements: 0" in text


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / "dataset.trig")
    assert kg.cli.main(["stats", "--out-dir", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["graphs"][0] == {"graph": "graph:consensus", "triples": 41}


def test_centrality(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / "dataset.trig")
    code = kg.cli.main(
        ["stats", "--out-dir", str(tmp_path), "--format", "json", "--centrality", "2"]
    )
    assert code == 0
    top = json.loads(capsys.readouterr().out)["most_connected"]
    assert len(top) == 2
    # Ayşe Örnek: the election (candidate and winner), the party, the concession addressed
    # to her: the most connected person of the fixture
    assert top[0]["entity"] == "id:person/ayse-ornek"
