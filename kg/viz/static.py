"""Static pictures of the network (SVG or PNG) for reports and the README.

Drawn with matplotlib's object API on an Agg canvas (no pyplot state, no display needed),
from the same seeded positions as the page. The bytes are pinned: SVG ids come from a fixed
`svg.hashsalt`, and the date and software stamps are left out of the metadata, so the same
graph always gives the same file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kg.errors import UserError
from kg.safety import write_atomic
from kg.viz.classes import GROUPS
from kg.viz.html import drawn_edge_texts
from kg.viz.layout import canvas_size, check_size, drawn_labels, positions

if TYPE_CHECKING:  # the rc key names matplotlib's stubs accept (a Literal of every rcParam)
    from matplotlib.typing import RcKeyType

MAX_STATIC_NODES = 300  # beyond this a static picture is unreadable: draw a neighbourhood
MARKERS = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle": "^",
    "triangle-down": "v",
    "pentagon": "p",
    "hexagon": "h",
    "star": "*",
}
FORMATS = ("svg", "png")
_RC: dict[RcKeyType, Any] = {"svg.hashsalt": "polkg", "svg.fonttype": "none", "path.simplify": True}
# a light box behind labels rather than a stroked halo: path effects would turn SVG text
# into outlines, and the labels should stay text (searchable, selectable, small)
_HALO = {"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.75, "edgecolor": "none"}


def save_figure(fig: Figure, fmt: str) -> bytes:
    """The figure's bytes with every volatile stamp pinned."""
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt!r} is not a picture format: use svg or png")
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    metadata = {"Date": None, "Creator": "polkg"} if fmt == "svg" else {"Software": "polkg"}
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def draw_network(g: nx.MultiDiGraph, *, title: str | None = None) -> Figure:
    """A matplotlib Figure of `g`: nodes by class (colour and marker), labels with a halo,
    links as arrows, candidacies labelled with their share, a legend of the classes."""
    check_size(g, MAX_STATIC_NODES)
    pos = positions(g)
    width, height = canvas_size(g.number_of_nodes())
    dpi = 100
    with matplotlib.rc_context(_RC):
        # the canvas the layout kept the labels apart on, plus room for the legend
        fig = Figure(figsize=((width + 180) / dpi, (height + 60) / dpi), dpi=dpi)
        ax = fig.add_axes(
            (20 / (width + 180), 20 / (height + 60), width / (width + 180), height / (height + 60))
        )
        ax.set_xlim(-1.04, 1.04)
        ax.set_ylim(-1.06, 1.04)
        ax.set_axis_off()
        if title:
            fig.suptitle(title, fontsize=13, x=0.02, ha="left")
        drawn = drawn_edge_texts(g)
        for u, v, key, d in g.edges(keys=True, data=True):
            (x0, y0), (x1, y1) = pos[u], pos[v]
            candidacy = d.get("class") in ("Candidacy", "PartyResult")
            ax.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#6f5aa8" if candidacy else "#9a9a9a",
                    "lw": 1.6 if candidacy else 0.9,
                    "shrinkA": 7,
                    "shrinkB": 9,
                    "mutation_scale": 10,
                },
                zorder=1,
            )
            if drawn[(u, v, key)]:
                ax.text(
                    (x0 + x1) / 2,
                    (y0 + y1) / 2,
                    drawn[(u, v, key)],
                    fontsize=7,
                    color="#4b3a8a" if candidacy else "#777777",
                    ha="center",
                    va="center",
                    bbox=_HALO,
                    zorder=2,
                )
        present = []
        for grp in GROUPS:
            members = [m for m, d in g.nodes(data=True) if d.get("group") == grp.name]
            if not members:
                continue
            present.append(grp)
            boost = 2.2 if grp.shape == "star" else 1.0
            sizes = [
                boost * (40 + 22 * len(set(g.predecessors(m)) | set(g.successors(m))))
                for m in members
            ]
            ax.scatter(
                [pos[m][0] for m in members],
                [pos[m][1] for m in members],
                s=sizes,
                c=grp.colour,
                marker=MARKERS[grp.shape],
                edgecolors="white",
                linewidths=1.0,
                zorder=3,
            )
        names = drawn_labels(g)
        for m in g.nodes():
            x, y = pos[m]
            ax.text(
                x,
                y - 9.0 / (height / 2),
                names[m],
                fontsize=8,
                ha="center",
                va="top",
                bbox=_HALO,
                zorder=4,
            )
        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker=MARKERS[grp.shape],
                markersize=9,
                markerfacecolor=grp.colour,
                markeredgecolor="white",
                label=grp.name,
            )
            for grp in present
        ]
        if handles:
            fig.legend(
                handles=handles,
                loc="outside right upper",
                fontsize=9,
                frameon=True,
                title="Classes",
            )
    return fig


def write_static(
    g: nx.MultiDiGraph, path: str | Path, fmt: str = "svg", *, title: str | None = None
) -> Path:
    """Write a static picture of `g` (SVG or PNG, by `fmt`) to `path`, atomically."""
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt!r} is not a picture format: use svg or png")
    if g.number_of_nodes() == 0:
        raise UserError("nothing to draw: the filters left no nodes; loosen --types/--from/--to")
    return write_atomic(path, save_figure(draw_network(g, title=title), fmt))
