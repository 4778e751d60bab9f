"""`polkg viz` and `polkg timeline` in-process, on the fixture written as a built dataset."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(FIXTURE, out / "dataset.trig")  # what `polkg build` writes there
    return out


def test_viz_writes_the_page_without_unlinked_entities(out_dir, capsys):
    assert main(["viz", "--out-dir", str(out_dir)]) == 0
    page = (out_dir / "network.html").read_text(encoding="utf-8")
    assert "Ekrem İmamoğlu" in page and "Ali Yilmaz" not in page
    assert "15 nodes" in capsys.readouterr().out  # 18 less the three unlinked people
    assert (
        main(["viz", "--out-dir", str(out_dir), "--isolated", "-o", str(out_dir / "all.html")]) == 0
    )
    assert "Ali Yilmaz" in (out_dir / "all.html").read_text(encoding="utf-8")


def test_viz_focus_by_spelling(out_dir, capsys):
    assert main(["viz", "--out-dir", str(out_dir), "--focus", "Erdogan", "--depth", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\(3 nodes, 2 links\)", out)  # Erdoğan, his statement, his tenure
    assert "around Recep Tayyip Erdoğan (depth 1)" in (out_dir / "network.html").read_text("utf-8")


def test_viz_ambiguous_or_unknown_focus_is_one_line_error(out_dir, capsys):
    assert main(["viz", "--out-dir", str(out_dir), "--focus", "Ali Yilmaz"]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err and "person/ali-yilmaz-1" in err and "person/ali-yilmaz-2" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["viz", "--out-dir", str(out_dir), "--from", "spring"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_viz_static_formats_and_filters(out_dir):
    png = out_dir / "p.png"
    assert main(["viz", "--out-dir", str(out_dir), "--format", "png", "-o", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    svg = out_dir / "e.svg"
    args = ["viz", "--out-dir", str(out_dir), "--types", "Election,Annulment", "--format", "svg"]
    assert main([*args, "-o", str(svg)]) == 0
    text = svg.read_text(encoding="utf-8")
    assert "Annulment of the March vote" in text and "Ekrem İmamoğlu" not in text


def test_timeline_command(out_dir):
    assert main(["timeline", "--out-dir", str(out_dir)]) == 0
    assert "2016 Turkish coup attempt" in (out_dir / "timeline.html").read_text(encoding="utf-8")
    assert main(["timeline", "--out-dir", str(out_dir), "--format", "svg"]) == 0
    assert (out_dir / "timeline.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_viz_writes_the_evidence_view_beside_the_page(out_dir, capsys, monkeypatch):
    monkeypatch.setattr("kg.project.DATA", FIXTURE.parent)  # where the fixture's texts are
    assert main(["viz", "--out-dir", str(out_dir)]) == 0
    evidence = (out_dir / "sources.html").read_text(encoding="utf-8")
    assert 'id="a-s1-rerun-result"' in evidence
    assert '"sources":"sources.html"' in (out_dir / "network.html").read_text(encoding="utf-8")
    (out_dir / "sources.html").unlink()
    assert main(["viz", "--out-dir", str(out_dir), "--sources"]) == 0
    assert "the evidence view" in capsys.readouterr().out
    assert (out_dir / "sources.html").read_text(encoding="utf-8") == evidence


def test_viz_without_the_source_texts(out_dir, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("kg.project.DATA", tmp_path / "nowhere")
    # the network page is still written, its quotes not linked, and the reader is told why
    assert main(["viz", "--out-dir", str(out_dir)]) == 0
    err = capsys.readouterr().err
    assert "no evidence view" in err and "sources/s1.txt is not under" in err
    assert '"sources":""' in (out_dir / "network.html").read_text(encoding="utf-8")
    assert main(["viz", "--out-dir", str(out_dir), "--sources"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "sources/s1.txt is not under" in err
