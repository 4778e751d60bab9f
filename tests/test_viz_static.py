"""Static pictures of the network: not blank, deterministic, labels as escaped text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from matplotlib import image
from rdflib import Dataset

from kg.errors import UserError
from kg.viz.projection import to_networkx
from kg.viz.static import MAX_STATIC_NODES, write_static

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"


@pytest.fixture(scope="module")
def graph():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return to_networkx(ds)


def not_blank(path: Path) -> None:
    pixels = image.imread(path)[..., :3]
    assert pixels.std() > 0.05  # a blank or single-colour picture has no variance
    coloured = (np.abs(pixels - pixels[..., :1]).max(axis=-1) > 0.2).mean()
    assert coloured > 0.001  # some class colours are drawn, not only grey text


def test_png_is_not_blank(graph, tmp_path):
    path = write_static(graph, tmp_path / "net.png", "png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    not_blank(path)


def test_svg_has_labels_as_escaped_text(graph, tmp_path):
    svg = write_static(graph, tmp_path / "net.svg", "svg").read_text(encoding="utf-8")
    assert "Ekrem İmamoğlu" in svg
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in svg and "<script>alert" not in svg
    assert "<dc:date>" not in svg  # no timestamp


def test_pictures_are_byte_identical_across_processes(tmp_path):
    code = (
        "import sys; from rdflib import Dataset; from kg.viz.projection import to_networkx; "
        "from kg.viz.static import write_static; ds = Dataset(); "
        f"ds.parse({str(FIXTURE)!r}, format='trig'); g = to_networkx(ds); "
        "write_static(g, sys.argv[1] + '.svg', 'svg'); write_static(g, sys.argv[1] + '.png', 'png')"
    )
    for seed in ("3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], check=True, env=env)
    for ext in ("svg", "png"):
        assert (tmp_path / f"3.{ext}").read_bytes() == (tmp_path / f"4.{ext}").read_bytes()


def test_too_large_or_empty_or_unknown_format_is_a_user_error(graph, tmp_path):
    big = nx.MultiDiGraph()
    big.add_nodes_from(
        (str(i), {"label": str(i), "group": "Person"}) for i in range(MAX_STATIC_NODES + 1)
    )
    with pytest.raises(UserError, match="--focus"):
        write_static(big, tmp_path / "big.svg")
    with pytest.raises(UserError, match="nothing to draw"):
        write_static(nx.MultiDiGraph(), tmp_path / "empty.svg")
    with pytest.raises(UserError, match="svg or png"):
        write_static(graph, tmp_path / "x.gif", "gif")


def _two_events(extra_nodes: int = 0) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    first = "2019 Istanbul mayoral election (first vote, annulled)"
    g.add_node("e1", label=first, group="Election", **{"class": "MayoralElection"})
    g.add_node("e2", label="2019 Istanbul mayoral election (rerun)", group="Election")
    g.add_node("p", label="Binali Yıldırım", group="Person", **{"class": "Person"})
    g.add_node("a", label="Adalet ve Kalkınma Partisi", group="Party")
    g.add_edge("e2", "e1", label="rerun of")
    g.add_edge("p", "a", label="member of")
    g.add_edge("p", "a", label="candidate of")
    for i in range(extra_nodes):
        g.add_node(f"x{i}", label=f"Filler {i}", group="Other")
    return g


def test_small_drawings_keep_whole_event_labels_large_ones_shorten() -> None:
    from kg.viz.layout import LABEL_CHARS, drawn_labels

    small = drawn_labels(_two_events())
    assert small["e1"] == "2019 Istanbul mayoral election (first vote, annulled)"
    assert small["e2"] != small["e1"]
    large = drawn_labels(_two_events(extra_nodes=60))
    # cut in the middle: the start and the telling end both stay
    assert large["e1"] == "2019 Istanbul… (first vote, annulled)"
    assert len(large["e1"]) <= LABEL_CHARS
    assert large["e2"] == "2019 Istanbul mayoral election (rerun)"


def test_shortened_labels_never_become_the_same_text() -> None:
    from kg.viz.layout import drawn_labels, short_label

    g = nx.MultiDiGraph()
    common = "Statement by the spokesperson of the electoral board about the count"
    g.add_node("a", label=common + " in Istanbul on Monday")
    g.add_node("b", label=common + " in Ankara on Monday")
    g.add_node("c", label=short_label(common + " in Ankara on Monday"))  # a label equal to a cut
    g.add_node("d", label="Dup")
    g.add_node("e", label="Dup")  # two nodes named alike: told apart by their ids
    for i in range(60):
        g.add_node(f"x{i}", label=f"Filler {i}")
    drawn = drawn_labels(g)
    texts = [drawn[n] for n in ("a", "b", "c")]
    assert len(set(texts)) == 3, texts
    assert (drawn["d"], drawn["e"]) == ("Dup (d)", "Dup (e)")


def test_parallel_links_share_one_label(tmp_path: Path) -> None:
    svg = write_static(_two_events(), tmp_path / "g.svg", "svg").read_text(encoding="utf-8")
    assert "member of, candidate of" in svg or "candidate of, member of" in svg
    assert svg.count("member of") == 1
