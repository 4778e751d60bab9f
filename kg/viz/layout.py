"""Node positions computed once in Python with a seeded layout, so the page and the static
pictures show the same picture for the same graph, run after run.

ForceAtlas2 (seeded) places each connected component; a second pass then moves apart the
nodes whose label boxes would overlap on the drawing canvas, because a force layout
alone piles the labels of a busy hub (an election with its candidates, statements and
counts) on top of each other.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.errors import UserError

SEED = 7
MAX_NODES = 1500  # force layouts grow ~n^1.7: beyond this, draw a neighbourhood
LABEL_CHARS = 40  # labels longer than this are shortened on the drawing (not in tooltips)
ROOMY_LABEL_CHARS = 60  # ... unless the drawing is small enough to give them room
ROOMY_NODES = 40
CHAR_PX, LABEL_PX = 6.6, 30.0  # label box on the canvas: width per character, box height


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The label as drawn: a long label is cut in the middle, at words, keeping its start and
    its end, since event labels often differ only at their end ("… (first vote, annulled)",
    "… (rerun)"); a closing parenthesis is kept whole when it fits."""
    if len(text) <= limit:
        return text
    words = text.split(" ")
    tail: list[str] = []
    paren = text.rfind(" (")
    if text.endswith(")") and paren > 0 and len(text) - paren <= limit * 0.65:
        tail = text[paren + 1 :].split(" ")
        words = text[:paren].split(" ")
    else:
        while words and len(" ".join([words[-1], *tail])) <= limit * 0.4:
            tail.insert(0, words.pop())
    head: list[str] = []
    budget = limit - len(" ".join(tail)) - 1
    for word in words:
        if len(" ".join([*head, word])) > budget:
            break
        head.append(word)
    if not head:  # one long first word: cut it
        return text[: limit - 1] + "…"
    return " ".join(head) + "…" + (" " + " ".join(tail) if tail else "")


def drawn_labels(g: nx.MultiDiGraph) -> dict[str, str]:
    """The label of each node as drawn in `g`, never the same text for two nodes: a small
    drawing (a focused neighbourhood) has room for whole labels; where shortening makes two
    labels equal, those are drawn longer until they differ (in the end whole), and two nodes
    with one label get their ids after it. Grouping by drawn text keeps this linear in the
    number of nodes."""
    limit = ROOMY_LABEL_CHARS if g.number_of_nodes() <= ROOMY_NODES else LABEL_CHARS
    full = {n: str(g.nodes[n].get("label", n)) for n in g.nodes()}
    out = {n: short_label(text, limit) for n, text in full.items()}
    pending = set(out)
    while pending:
        by_text: dict[str, list[str]] = {}
        for n in pending:
            by_text.setdefault(out[n], []).append(n)
        pending = set()
        for nodes in by_text.values():
            if len(nodes) < 2:
                continue
            for n in nodes:
                longer = short_label(full[n], len(out[n]) + 12)
                if longer != out[n]:
                    out[n] = longer
                    pending.add(n)
        # a label shortened to clash with another node's *whole* label is lengthened too
        whole = {t for n, t in out.items() if t == full[n]}
        for n in list(out):
            if out[n] != full[n] and out[n] in whole:
                out[n] = full[n]
    # nodes that really bear the same label are told apart by their ids
    seen: dict[str, list[str]] = {}
    for n, text in out.items():
        seen.setdefault(text, []).append(n)
    for text, same in seen.items():
        if len(same) > 1:
            for n in same:
                out[n] = f"{text} ({str(n).split('/id/', 1)[-1]})"
    return out


def check_size(g: nx.MultiDiGraph, limit: int = MAX_NODES) -> None:
    """Refuse a graph too large to lay out in reasonable time, saying how to narrow it."""
    if g.number_of_nodes() > limit:
        raise UserError(
            f"the graph has {g.number_of_nodes()} nodes, more than the {limit} that can be laid "
            "out readably: draw a neighbourhood (--focus ENTITY --depth N) or filter "
            "(--types, --from/--to, --source)"
        )


def canvas_size(n: int) -> tuple[float, float]:
    """The drawing canvas in pixels for `n` nodes: larger graphs get more room."""
    height = round(800.0 * max(1.0, math.sqrt(n / 30.0)))
    return round(height * 1.3), height


def _component_positions(simple: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    placed: dict[str, tuple[float, float]] = {}
    # components of three or more nodes side by side, largest first; the isolated nodes and
    # pairs in rows underneath, so the whole stays roughly as wide as it is high
    x_offset = 0.0
    bottom = 0.0
    small: list[str] = []
    for comp in components:
        if len(comp) <= 2:
            small.extend(comp)
            continue
        ordered = nx.Graph()
        ordered.add_nodes_from(comp)
        ordered.add_edges_from(sorted(tuple(sorted(e)) for e in simple.subgraph(comp).edges()))
        pos = nx.forceatlas2_layout(
            ordered, seed=seed, max_iter=400 if len(comp) < 500 else 150, scaling_ratio=4.0
        )
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        size = 1.1 * math.sqrt(len(comp))
        for node, (x, y) in pos.items():
            placed[node] = (x_offset + size + (x - cx) / half * size, (y - cy) / half * size)
        x_offset += 2 * size + 1.5
        bottom = min(bottom, -size)
    if small:
        width = max(x_offset - 1.5, 2.4 * math.sqrt(len(small)))
        cols = max(1, int(width // 2.4))
        for i, node in enumerate(small):
            placed[node] = ((i % cols) * 2.4, bottom - 1.4 - (i // cols) * 1.2)
    return placed


def _separate(xy: np.ndarray, widths: np.ndarray, height: float, rounds: int = 300) -> np.ndarray:
    """Move apart the boxes (centred on `xy`, `widths` wide, `height` high) that overlap,
    each pair along the axis where they overlap least, a little at a time."""
    n = len(xy)
    if n < 2:
        return xy
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    for _ in range(rounds):
        dx = xy[None, :, 0] - xy[:, None, 0]
        dy = xy[None, :, 1] - xy[:, None, 1]
        ox = (widths[:, None] + widths[None, :]) / 2 + 6 - np.abs(dx)
        oy = height + 4 - np.abs(dy)
        hit = (ox > 0) & (oy > 0) & upper
        if not hit.any():
            break
        along_y = oy <= ox
        # ties (same spot) are broken by index: the later node moves right/down
        sx = np.where(dx >= 0, 1.0, -1.0)
        sy = np.where(dy >= 0, 1.0, -1.0)
        step_x = np.where(hit & ~along_y, ox * sx, 0.0) * 0.5
        step_y = np.where(hit & along_y, oy * sy, 0.0) * 0.5
        move = np.zeros_like(xy)
        move[:, 0] = -step_x.sum(axis=1) + step_x.sum(axis=0)
        move[:, 1] = -step_y.sum(axis=1) + step_y.sum(axis=0)
        xy = xy + np.clip(move, -20.0, 20.0)
    return xy


def positions(g: nx.MultiDiGraph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² (y up), with label boxes kept apart on a `canvas_size` canvas;
    rounded so that the output bytes do not depend on the last floating-point digit."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes()))
    simple.add_edges_from(sorted((u, v) for u, v in g.edges() if u != v))
    if simple.number_of_nodes() == 0:
        return {}
    placed = _component_positions(simple, seed)
    names = sorted(placed)
    width, height = canvas_size(len(names))
    xy = np.array([placed[n] for n in names], dtype=float)
    span = max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]) * width / height, 1e-9)
    # to canvas pixels (y down), keep the boxes apart, and back to [-1, 1] (y up)
    xy = (xy - xy.mean(axis=0)) / span * np.array([width, -width])
    drawn = drawn_labels(g)
    labels = np.array([max(18.0, CHAR_PX * len(drawn[n])) for n in names])
    xy = _separate(xy, labels, LABEL_PX)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    centre = (lo + hi) / 2
    scale = max((hi[0] - lo[0]) / width, (hi[1] - lo[1]) / height, 1e-9) / 2
    out = {}
    for name, (x, y) in zip(names, xy, strict=True):
        nx_, ny_ = (x - centre[0]) / scale / width, -(y - centre[1]) / scale / height
        out[name] = (round(float(nx_), 4) + 0.0, round(float(ny_), 4) + 0.0)
    return out
