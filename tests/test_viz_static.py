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
