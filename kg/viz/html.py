"""The interactive network page: one self-contained HTML file that works from `file://`.

Nothing is fetched: the script and style are ours (kg/viz/assets/) and inlined, fonts are the
system's, and a Content-Security-Policy (`default-src 'none'`, the script allowed by its hash)
makes the browser refuse any request and any script we did not write. Positions are computed
in Python with a seeded layout, so the same graph gives the same page byte for byte. The
graph travels as JSON in a `<script type="application/json">` with `<`, `>` and `&` escaped,
so a label containing `</script>` cannot end the element, and the script writes labels with
`textContent`, so a label is always shown as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.safety import write_atomic
from kg.viz.classes import GROUPS
from kg.viz.layout import canvas_size, check_size, drawn_labels, positions

_MARGIN = 40.0


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def embed_json(value: object) -> str:
    """JSON safe to place inside a `<script>` element: no `<`, `>` or `&` appear raw (so
    neither `</script>` nor `<!--` can occur), nor the line separators JavaScript once
    treated as newlines. `JSON.parse` reads it back unchanged."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _number(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return f"{int(value):,}" if value.is_integer() and "." not in text else text


def edge_text(data: dict) -> str:
    """The words drawn on an edge: a candidacy's share (or votes), else the link's label."""
    if data.get("class") in ("Candidacy", "PartyResult"):
        if data.get("share"):
            return f"{data['share']} %"
        if data.get("votes"):
            return f"{_number(data['votes'])} votes"
        if data.get("seats"):
            return f"{_number(data['seats'])} seats"
        return ""
    return str(data.get("label", ""))


def drawn_edge_texts(g: nx.MultiDiGraph) -> dict[tuple[str, str, object], str]:
    """The words drawn on each edge, keyed (u, v, key). Links between the same two nodes
    share one label on the first of them ("candidate of, member of"): drawn separately they
    would print over each other at the same midpoint."""
    first: dict[tuple[str, str], tuple[str, str, object]] = {}
    texts: dict[tuple[str, str, object], list[str]] = {}
    for u, v, key, d in g.edges(keys=True, data=True):
        owner = first.setdefault((min(u, v), max(u, v)), (u, v, key))
        texts.setdefault((u, v, key), [])
        text = edge_text(d)
        if text and text not in texts[owner]:
            texts[owner].append(text)
    return {edge: ", ".join(parts) for edge, parts in texts.items()}


def edge_tip(g: nx.MultiDiGraph, u: str, v: str, data: dict) -> str:
    """A one-line description of an edge for its tooltip."""
    text = f"{g.nodes[u]['label']} — {data.get('label', '')} → {g.nodes[v]['label']}"
    extra = [f"{k}: {val}" for k, val in (data.get("facts") or {}).items()]
    if data.get("party"):
        extra.append(f"party: {data['party']}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


FOLD_RADIUS = 70.0  # where a folded statement appears around its speaker, in canvas pixels


def folded_statements(g: nx.MultiDiGraph) -> dict[str, str]:
    """Statement → its speaker, for every statement whose speaker is drawn. The page folds
    these into their speaker by default: dozens of statement nodes otherwise crowd out the
    people and elections they are about."""
    out: dict[str, str] = {}
    for u, v, key in g.edges(keys=True):
        if key == "speaker" and "Statement" in g.nodes[u].get("kinds", ()) and u != v:
            out[u] = min(out.get(u, v), v)
    return dict(sorted(out.items()))


def _nested(items: dict) -> dict:
    return {k: [dict(q) for q in v] for k, v in (items or {}).items()}


def page_data(
    g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, sources_href: str = ""
) -> dict:
    """What the page's script draws: nodes with positions, edges, legend groups.

    The layout is computed without the folded statements (the default view), which are then
    placed in a ring around their speaker, so unfolding them does not move anything else."""
    check_size(g)
    folded = folded_statements(g)
    # what only folded statements link to (the addressee of a remark, say) is folded with them
    aside = {
        n
        for n in g.nodes()
        if n not in folded
        and g.degree(n) > 0
        and all(m in folded for m in set(g.predecessors(n)) | set(g.successors(n)))
    }
    core = g.subgraph([n for n in g.nodes() if n not in folded and n not in aside])
    width, height = canvas_size(core.number_of_nodes())
    unit = positions(nx.MultiDiGraph(core))
    xy: dict[str, tuple[float, float]] = {
        n: (width / 2 + x * (width / 2 - _MARGIN), height / 2 - y * (height / 2 - _MARGIN))
        for n, (x, y) in unit.items()
    }
    around: dict[str, list[str]] = {}
    for statement, speaker in folded.items():
        around.setdefault(speaker, []).append(statement)
    for n in sorted(aside):  # beside the first statement that names it
        around.setdefault(min(set(g.predecessors(n)) | set(g.successors(n))), []).append(n)
    for speaker, statements in around.items():
        cx, cy = xy.get(speaker, (width / 2, height / 2))
        for i, statement in enumerate(statements):
            angle = math.pi / 2 + 2 * math.pi * i / len(statements)
            radius = FOLD_RADIUS * (1 + 0.25 * (i % 2))
            xy[statement] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    degree = {n: len(set(g.predecessors(n)) | set(g.successors(n))) for n in g.nodes()}
    drawn = drawn_labels(g)
    nodes = []
    for n, d in g.nodes(data=True):
        x, y = xy.get(n, (width / 2, height / 2))
        nodes.append(
            {
                "id": n,
                "label": d.get("label", n),
                "short": drawn[n],
                "alt": list(d.get("alt_labels", [])),
                "cls": d.get("class", ""),
                "group": d.get("group", "Other"),
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(6 + 2.2 * math.sqrt(degree[n]), 1),
                "facts": dict(d.get("facts", {})),
                "evidence": _nested(d.get("evidence", {})),
                "sources": list(d.get("sources", [])),
                "quotes": list(d.get("quotes", [])),
                "disputes": list(d.get("disputes", [])),
                "start": d.get("start"),
                "end": d.get("end"),
                "fold": folded.get(n),
                "aside": n in aside,
            }
        )
    edges = []
    texts = drawn_edge_texts(g)
    for u, v, key, d in g.edges(keys=True, data=True):
        edges.append(
            {
                "s": u,
                "t": v,
                "label": d.get("label", ""),
                "kind": d.get("class"),
                "text": texts[(u, v, key)],
                "tip": edge_tip(g, u, v, d),
                "facts": dict(d.get("facts") or {}),
                "evidence": _nested(d.get("evidence") or {}),
                "sources": list(d.get("sources") or []),
                "quotes": list(d.get("quotes") or []),
                "disputes": list(d.get("disputes") or []),
            }
        )
    counts: dict[str, int] = {}
    for _n, d in g.nodes(data=True):
        counts[d.get("group", "Other")] = counts.get(d.get("group", "Other"), 0) + 1
    groups = [
        {"name": grp.name, "colour": grp.colour, "shape": grp.shape, "count": counts[grp.name]}
        for grp in GROUPS
        if grp.name in counts
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": groups,
        "focus": focus if focus in g else None,
        "depth": depth,
        "sources": sources_href,
        "folded": len(folded),
        "viewBox": [-_MARGIN * 2, -_MARGIN, width + _MARGIN * 4, height + _MARGIN * 2],
    }


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_network_html(
    g: nx.MultiDiGraph,
    *,
    title: str = "polkg network",
    focus: str | None = None,
    depth: int = 2,
    sources_href: str = "",
) -> str:
    """The page as a string (see the module docstring for what keeps it offline and safe).
    `sources_href`, when given, is the evidence page's address relative to this page: each
    quote in the details panel then links to its span there."""
    script = _asset("network.js")
    style = _asset("network.css")
    data = page_data(g, focus=focus, depth=depth, sources_href=sources_href)
    folded = data["folded"]
    payload = embed_json(data)
    depth_options = "".join(
        f'<option value="{d}">{d}</option>' for d in range(1, max(5, depth + 1))
    )
    t = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="polkg">
<title>{t}</title>
<style>
{style}</style>
</head>
<body>
<header>
<h1>{t}</h1>
<label>Search <input id="search" type="search" list="labels" placeholder="name or spelling"></label>
<datalist id="labels"></datalist>
<label>From <input id="date-from" class="date" type="text" placeholder="YYYY[-MM[-DD]]"></label>
<label>To <input id="date-to" class="date" type="text" placeholder="YYYY[-MM[-DD]]"></label>
<label>Depth <select id="depth">{depth_options}</select></label>
<label title="Statements are folded into their speaker (the number on a node)">
<input id="show-statements" type="checkbox"> Statements ({folded})</label>
<button id="show-all" type="button">Show all</button>
<span id="status"></span>
</header>
<main>
<svg id="net" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{t}">
<g id="edges"></g><g id="nodes"></g></svg>
<aside id="legend"><h2>Classes</h2><div id="legend-items"></div></aside>
<aside id="details" hidden></aside>
</main>
<ul id="rendered-nodes" hidden></ul>
<script type="application/json" id="graph-data">{payload}</script>
<script>{script}</script>
</body>
</html>
"""


def write_network_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "polkg network",
    focus: str | None = None,
    depth: int = 2,
    sources_href: str = "",
) -> Path:
    """Write the interactive page for `g` to `path` (atomically) and return the path.
    Click a node for its facts, sources and quotes; double-click to focus on it."""
    page = render_network_html(g, title=title, focus=focus, depth=depth, sources_href=sources_href)
    return write_atomic(path, page)
