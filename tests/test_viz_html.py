"""The network page: offline (no remote src/href, a CSP that forbids fetching), the graph
embedded as escaped JSON, hostile labels kept as text, byte-identical output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.viz.html import embed_json, render_network_html, write_network_html
from kg.viz.projection import to_networkx

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"
HOSTILE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def graph():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return to_networkx(ds)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[dict] = []
        self.script_text: dict[str, str] = {}
        self.meta: list[dict] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster") and value:
                self.urls.append((tag, name, value))
        if tag == "script":
            self.scripts.append(d)
            self._in = d.get("id", "")
            self.script_text[self._in] = ""
        if tag == "meta":
            self.meta.append(d)

    def handle_data(self, data):
        if self._in is not None:
            self.script_text[self._in] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None


def parse(page: str) -> _Collect:
    p = _Collect()
    p.feed(page)
    return p


def test_page_fetches_nothing(graph):
    page = render_network_html(graph)
    p = parse(page)
    assert p.urls == []  # no src, href, … at all: everything is inline
    assert not re.search(r"https?://(?!w3id\.org/polkg/|www\.w3\.org/2000/svg)", page)
    assert "@import" not in page and "url(http" not in page
    csp = [m["content"] for m in p.meta if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none';")
    assert [m.get("charset") for m in p.meta if "charset" in m] == ["utf-8"]


def test_graph_is_embedded_as_json_and_hostile_label_cannot_break_out(graph):
    page = render_network_html(graph)
    p = parse(page)
    # exactly two script elements: the JSON data and our code; the label made no third one
    assert [s.get("type") for s in p.scripts] == ["application/json", None]
    data = json.loads(p.script_text["graph-data"])
    assert [n["id"] for n in data["nodes"]] == list(graph.nodes)
    labels = {n["label"] for n in data["nodes"]}
    assert HOSTILE in labels and "Ekrem İmamoğlu" in labels  # own script, round-trips
    assert "<script>alert" not in page  # only ever present escaped
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page


def test_embed_json_escapes_every_breakout():
    text = embed_json({"a": "</script><!-- & \u2028"})
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_script_writes_labels_as_text_only():
    js = (Path(__file__).parents[1] / "kg" / "viz" / "assets" / "network.js").read_text()
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    assert "eval(" not in js and "new Function" not in js


def test_same_graph_same_bytes_across_processes(tmp_path):
    """Different hash seeds change set order: the page must not depend on it."""
    code = (
        "import sys; from rdflib import Dataset; from kg.viz.projection import to_networkx; "
        "from kg.viz.html import write_network_html; ds = Dataset(); "
        f"ds.parse({str(FIXTURE)!r}, format='trig'); "
        "write_network_html(to_networkx(ds), sys.argv[1])"
    )
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"net-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_write_network_html_writes_the_page(graph, tmp_path):
    path = write_network_html(graph, tmp_path / "sub" / "net.html")
    assert path.read_text(encoding="utf-8") == render_network_html(graph)


def test_parallel_links_share_one_drawn_label():
    import networkx as nx

    from kg.viz.html import drawn_edge_texts

    g = nx.MultiDiGraph()
    g.add_node("p", label="Binali Yıldırım")
    g.add_node("a", label="AKP")
    g.add_node("e", label="An election")
    g.add_edge("p", "a", label="member of")
    g.add_edge("p", "a", label="candidate of")
    g.add_edge("a", "p", label="leader")  # the other direction is the same pair on the page
    g.add_edge("p", "e", label="speaker")
    texts = drawn_edge_texts(g)
    on_pair = [texts[(u, v, k)] for u, v, k in g.edges(keys=True) if {u, v} == {"p", "a"}]
    assert sorted(on_pair) == ["", "", "member of, candidate of, leader"]
    assert texts[("p", "e", 0)] == "speaker"
