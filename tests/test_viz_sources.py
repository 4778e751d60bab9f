"""The evidence view: each source text with its quoted spans highlighted, the claims each
span supports and the disagreements it takes part in; offline and byte-stable."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.errors import UserError
from kg.viz.sources import anchor_of, render_sources_html, write_sources_html

FIXTURES = Path(__file__).parent / "fixtures" / "viz"
FIXTURE = FIXTURES / "small.trig"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = Dataset()
    data.parse(FIXTURE, format="trig")
    return data


def _card(page: str, anchor: str) -> str:
    match = re.search(rf'<section class="card" id="{anchor}">(.*?)</section>', page, re.S)
    assert match, anchor
    return unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def test_each_quoted_span_is_highlighted_where_it_stands(ds):
    page = render_sources_html(ds, [FIXTURES])
    marks = [unescape(m) for m in re.findall(r'<a class="mark"[^>]*>(.*?)</a>', page, re.S)]
    # the highlighted words are exactly the quotes, at the offsets the annotations give
    assert marks == [
        "Yilderim only won 45.1% of the vote to Imamoglu's 54%.",
        "a failed coup in 2016 that he blamed on the Gülen movement",
    ]
    assert 'href="#a-s1-rerun-result"' in page and '<span id="t-s1-rerun-result"></span>' in page
    text = unescape(re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1))
    assert "Istanbul voted again on 23 June." in re.sub(r"<[^>]+>", "", text)


def test_each_span_lists_the_claims_it_supports_and_its_disagreements(ds):
    page = render_sources_html(ds, [FIXTURES])
    card = _card(page, "a-s1-rerun-result")
    assert "“Yilderim only won 45.1% of the vote to Imamoglu's 54%.”" in card
    # the claim: both candidacies' vote shares, as this source states them (45.1, where the
    # consensus holds 45.0)
    assert "Binali Yıldırım's candidacy in 2019 Istanbul mayoral rerun — vote share: 45.1" in card
    assert "vote share: 54.0" in card and "vote share: 45.0" not in card
    # the disagreement about Yıldırım's share (the consensus holds 45.0, the source 45.1)
    assert "Sources disagree" in card and "the graph holds 45.0 (rule: most-precise)" in card
    assert "Sources disagree" not in _card(page, "a-s2-coup")
    assert 'href="#t-s1-rerun-result"' in page  # back to the words in the text


def test_page_is_offline_and_stable(ds, tmp_path):
    page = render_sources_html(ds, [FIXTURES])
    assert "<script" not in page and "src=" not in page
    assert not re.search(r'href="(?!#)', page)  # only links within the page
    assert "default-src 'none'" in page
    a = write_sources_html(ds, tmp_path / "a.html", [FIXTURES]).read_bytes()
    b = write_sources_html(ds, tmp_path / "b.html", [FIXTURES]).read_bytes()
    assert a == b


def test_an_edited_or_missing_text_is_refused(ds, tmp_path):
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    edited = tmp_path / "sources" / "s1.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"s1\.txt: the text changed .* `polkg build`"):
        render_sources_html(ds, [tmp_path])
    edited.unlink()
    with pytest.raises(UserError, match=r"source s1: its text sources/s1\.txt is not under"):
        render_sources_html(ds, [tmp_path])


def test_anchor_ids_are_stable_and_safe():
    assert anchor_of("https://w3id.org/polkg/id/annotation/000-abc/annulment") == (
        "a-000-abc-annulment"
    )
    assert anchor_of('https://w3id.org/polkg/id/annotation/x/"><b>') == "a-x----b-"
