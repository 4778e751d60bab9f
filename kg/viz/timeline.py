"""The events on a time axis, in lanes by kind, each date drawn at the precision stated.

A day is a narrow mark, a month a span of its month, a year a span of its year, a tenure a
bar from its start to its end; the annulment → rerun links are arrows between the events.
Long quiet stretches (1998 → 2016, say) are cut out of the axis and shown as a break, so
that the months of 2019 get room instead of being squeezed into a sliver of a 25-year axis.

One model (`timeline_model`) computes every position; the HTML page (an inline SVG, no
script at all) and the matplotlib picture both draw it, so they show the same timeline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Dataset, Graph

from kg.errors import UserError
from kg.safety import write_atomic
from kg.viz.classes import GROUP_BY_NAME, GROUPS
from kg.viz.dates import to_ordinal

if TYPE_CHECKING:  # matplotlib is imported only when a picture is drawn
    from matplotlib.figure import Figure

LEFT, PLOT_W, TOP, ROW_H, LANE_GAP, BREAK_W = 130.0, 1000.0, 64.0, 24.0, 10.0, 26.0
YEAR_PX = 200.0  # the least width of a year on the axis, so the months of a busy year show
LINK_PROPS = ("annuls", "rerunOf")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KEY_TEXT = (
    (16, "a day"),
    (106, "a month or a year (the span stated)"),
    (346, "a tenure, start to end"),
    (528, "annuls / rerun of"),
    (660, "date derived from relations (dashed)"),
)
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_NOTE = (
    "Each event is drawn at the precision its sources give, or, where its relations in time "
    "narrow a loose date, within the bounds they imply (dashed, marked 'date derived'); hover "
    "an event for its facts, sources, quotes and the rule. Every year on the axis is the same "
    "width; years with no event are cut out (dashed breaks)."
)
_CHAR_W = 6.4  # approximate width of a label character at 11px


@dataclass
class Item:
    iri: str
    label: str
    lane: str
    colour: str
    kind: str  # "day", "month", "year" or "span" (a tenure or membership)
    x0: float
    x1: float
    open_start: bool = False
    open_end: bool = False
    row: int = 0
    y: float = 0.0
    derived: bool = False  # drawn within bounds derived from its relations, not as stated
    tip: str = ""


@dataclass
class Undated:
    """An event no source dates, listed under the axis with what relates it in time."""

    iri: str
    label: str
    cls: str
    relations: list[str]


@dataclass
class Lane:
    name: str
    y0: float
    y1: float
    rows: int


@dataclass
class Link:
    x0: float
    y0: float
    x1: float
    y1: float
    label: str


@dataclass
class Model:
    items: list[Item] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)
    undated: list[Undated] = field(default_factory=list)
    width: float = LEFT + PLOT_W + 30
    height: float = TOP + 40


def _projection(data: Graph | Dataset | nx.MultiDiGraph) -> nx.MultiDiGraph:
    if isinstance(data, nx.MultiDiGraph):
        return data
    from kg.viz.projection import to_networkx

    return to_networkx(data)


def _tip(d: dict) -> str:
    lines = [f"{d.get('label')} ({d.get('class')})"]
    if d.get("precision") in ("month", "year") and (d.get("earliest") or d.get("latest")):
        lines.append(
            f"stated to the {d['precision']}: {_date_text(d)}; drawn between "
            f"{d.get('earliest') or d['start']} and {d.get('latest') or 'its end'} — "
            f"DERIVED from its relations: {d.get('derivation')}"
        )
    lines += [f"{k}: {v}" for k, v in (d.get("facts") or {}).items()]
    if d.get("sources"):
        lines.append("sources: " + "; ".join(d["sources"]))
    lines += [f"“{q['quote']}” — {q['source']}" for q in d.get("quotes") or []]
    lines += list(d.get("disputes") or [])
    return "\n".join(lines)


class _Scale:
    """Days → x on one consistent axis: every year shown is the same width, and the years in
    which nothing happened are cut out and replaced by a fixed-width break. (Stretching busy
    stretches and squeezing quiet ones would make a month on one side of a break look as
    long as a year on the other.)"""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        years: set[int] = set()
        for s, e in spans:
            years.update(range(date.fromordinal(s).year, date.fromordinal(max(s, e - 1)).year + 1))
        runs: list[list[int]] = []
        for y in sorted(years):
            if runs and runs[-1][-1] == y - 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        self.year_w = max(YEAR_PX, (PLOT_W - BREAK_W * (len(runs) - 1)) / len(years))
        self.segments: list[tuple[int, int, float]] = []  # first year, last year, x0
        x = LEFT
        for run in runs:
            self.segments.append((run[0], run[-1], x))
            x += self.year_w * len(run) + BREAK_W
        self.right = x - BREAK_W

    def x(self, day: int) -> float:
        when = date.fromordinal(day)
        y = when.year
        for first, last, x0 in self.segments:
            if y < first:  # in a break: its segment's start
                return round(x0, 1)
            if y <= last:
                jan1 = date(y, 1, 1).toordinal()
                frac = (day - jan1) / (date(y + 1, 1, 1).toordinal() - jan1)
                return round(x0 + self.year_w * (y - first + frac), 1)
            if y == last + 1 and day == date(y, 1, 1).toordinal():
                return round(x0 + self.year_w * (last - first + 1), 1)  # a span's exclusive end
        return round(self.right, 1)

    def breaks(self) -> list[float]:
        return [
            round(x0 + self.year_w * (last - first + 1) + BREAK_W / 2, 1)
            for first, last, x0 in self.segments[:-1]
        ]

    def ticks(self) -> list[tuple[float, str]]:
        """A tick each year, with its months (or quarters) when a year is wide enough; the
        same step on every segment."""
        per_month = self.year_w / 12
        step = 1 if per_month >= 30 else 3 if per_month >= 10 else 12
        out: list[tuple[float, str]] = []
        for first, last, _x0 in self.segments:
            for y in range(first, last + 1):
                for m in range(1, 13, step):
                    label = str(y) if m == 1 else _MONTHS[m - 1]
                    out.append((self.x(date(y, m, 1).toordinal()), label))
        return out


def _date_text(d: dict) -> str:
    start, precision = d.get("start"), d.get("precision")
    if not start:
        return ""
    return {"day": start, "month": start[:7], "year": start[:4]}.get(precision or "", start)


def _relations(g: nx.MultiDiGraph, n: str) -> list[str]:
    """What relates an undated event in time: its links to events, each with its date."""
    out = []
    for u, _v, d in sorted(g.in_edges(n, data=True), key=lambda e: (e[0], e[1])):
        if u != n and "Event" in g.nodes[u].get("kinds", ()):
            when = _date_text(g.nodes[u])
            out.append(f"{g.nodes[u]['label']}{f' ({when})' if when else ''} {d.get('label')} it")
    for _u, v, d in sorted(g.out_edges(n, data=True), key=lambda e: (e[0], e[1])):
        if v != n and "Event" in g.nodes[v].get("kinds", ()):
            when = _date_text(g.nodes[v])
            out.append(f"{d.get('label')} {g.nodes[v]['label']}{f' ({when})' if when else ''}")
    if g.nodes[n].get("earliest") or g.nodes[n].get("latest"):
        lo, hi = g.nodes[n].get("earliest") or "…", g.nodes[n].get("latest") or "…"
        out.append(f"derived: between {lo} and {hi} ({g.nodes[n].get('derivation')})")
    return out


def timeline_model(data: Graph | Dataset | nx.MultiDiGraph) -> Model:
    """Positions of every dated event, lane by lane, and of the links between them."""
    g = _projection(data)
    dated = []
    undated = []
    for n, d in g.nodes(data=True):
        grp = GROUP_BY_NAME.get(d.get("group", ""), GROUPS[-1])
        if not (d.get("start") or d.get("end")):
            if grp.lane is not None:  # an event (or tenure) no source dates
                undated.append(Undated(n, d.get("label", n), d.get("class", ""), _relations(g, n)))
            continue
        lane = grp.lane or "Other events"
        dated.append((n, d, lane, grp.colour))
    if not dated:
        raise UserError(
            "no dated events to draw: the graph has no pol:date, pol:startDate or pol:endDate"
        )
    spans = []
    for _n, d, _lane, _c in dated:
        s = to_ordinal(d["start"]) if d.get("start") else to_ordinal(d["end"]) - 1
        e = to_ordinal(d["end"]) if d.get("end") else s + 1
        spans.append((s, e))
    scale = _Scale(spans)
    lane_order = [grp.lane for grp in GROUPS if grp.lane] + ["Other events"]
    model = Model(ticks=scale.ticks(), breaks=scale.breaks())
    model.undated = sorted(undated, key=lambda u: (u.label, u.iri))
    by_lane: dict[str, list[Item]] = {}
    for n, d, lane, colour in dated:
        start = to_ordinal(d["start"]) if d.get("start") else None
        end = to_ordinal(d["end"]) if d.get("end") else None
        kind = d.get("precision") or "span"
        # an imprecise date is drawn within the bounds its relations imply (kg.derive)
        derived = kind in ("month", "year") and bool(d.get("earliest") or d.get("latest"))
        if derived:
            if d.get("earliest"):
                start = max(start or 0, to_ordinal(d["earliest"]))
            if d.get("latest"):
                end = min(end or 10**7, to_ordinal(d["latest"]) + 1)
        # every node here has a start or an end (undated ones were left out above)
        first = start if start is not None else to_ordinal(d["end"]) - 1
        x0 = scale.x(first)
        x1 = scale.x(end if end is not None else first + 1)
        if kind == "day":
            x1 = x0 = round((x0 + x1) / 2, 1)
        item = Item(
            iri=n,
            label=d.get("label", n),
            lane=lane,
            colour=colour,
            kind=kind,
            x0=x0,
            x1=max(x1, x0 + (0 if kind == "day" else 3)),
            open_start=start is None,
            open_end=end is None,
            derived=derived,
            tip=_tip(d),
        )
        by_lane.setdefault(lane, []).append(item)
    y = TOP
    for lane in sorted(by_lane, key=lane_order.index):
        items = sorted(by_lane[lane], key=lambda i: (i.x0, i.x1, i.iri))
        row_ends: list[float] = []
        for item in items:
            extent = max(item.x1, item.x0) + 8 + _CHAR_W * len(_item_label(item))
            for r, end_x in enumerate(row_ends):
                if item.x0 - 6 > end_x:
                    item.row, row_ends[r] = r, extent
                    break
            else:
                item.row = len(row_ends)
                row_ends.append(extent)
        rows = max(1, len(row_ends))
        for item in items:
            item.y = y + LANE_GAP / 2 + ROW_H * item.row + ROW_H / 2
        model.lanes.append(Lane(lane, y, y + rows * ROW_H + LANE_GAP, rows))
        model.items.extend(items)
        y += rows * ROW_H + LANE_GAP
    model.height = y + 40
    model.width = max(
        scale.right + 30, max(i.x1 + 8 + _CHAR_W * len(_item_label(i)) for i in model.items) + 10
    )
    where = {i.iri: i for i in model.items}
    for u, v, key, d in g.edges(keys=True, data=True):
        if key in LINK_PROPS and u in where and v in where:
            a, b = where[u], where[v]
            # from the top of one mark to the top of the other, so the arrow head stays clear
            model.links.append(
                Link((a.x0 + a.x1) / 2, a.y - 6, (b.x0 + b.x1) / 2, b.y - 7, d.get("label", key))
            )
    model.links.sort(key=lambda k: (k.x0, k.y0, k.x1, k.y1, k.label))
    return model


# ---------------------------------------------------------------- HTML (inline SVG)


def _style() -> str:
    from importlib import resources

    return resources.files("kg.viz").joinpath("assets", "timeline.css").read_text("utf-8")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _item_label(item: Item) -> str:
    return item.label + (" (date derived)" if item.derived else "")


def _undated_line(u: Undated, limit: int = 230) -> str:
    rel = "; ".join(u.relations) if u.relations else "no link to another event"
    line = f"{u.label} ({u.cls}) — {rel}"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def render_undated_html(model: Model) -> str:
    """The events no source dates, each with what relates it in time, as an HTML list."""
    if not model.undated:
        return ""
    rows = []
    for u in model.undated:
        rel = "; ".join(u.relations) if u.relations else "no link to another event"
        rows.append(
            f'<li data-iri="{_e(u.iri)}"><b>{_e(u.label)}</b> <span class="cls">{_e(u.cls)}'
            f'</span> — <span class="rel">{_e(rel)}</span></li>'
        )
    return (
        f'<section id="undated"><h2>Not dated by any source ({len(model.undated)})</h2>'
        f"<ul>{''.join(rows)}</ul></section>"
    )


def accounting(model: Model) -> str:
    """One sentence saying where every event went."""
    derived = sum(1 for i in model.items if i.derived)
    return (
        f"{len(model.items) + len(model.undated)} events and tenures: {len(model.items)} on the "
        f"axis ({derived} drawn within bounds derived from their relations, dashed), "
        f"{len(model.undated)} undated, listed below with what relates them in time."
    )


def render_timeline_svg(model: Model) -> str:
    """The timeline as SVG markup (every text escaped)."""
    w, h = round(model.width), round(model.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="timeline" '
        f'data-rendered-items="{len(model.items)}">',
        '<defs><marker id="tl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10Z" fill="#c0392b"/>'
        "</marker></defs>",
    ]
    for k, lane in enumerate(model.lanes):
        fill = "#f6f6f6" if k % 2 == 0 else "#ffffff"
        out.append(
            f'<rect x="0" y="{lane.y0:.1f}" width="{w}" '
            f'height="{lane.y1 - lane.y0:.1f}" fill="{fill}"/>'
        )
        out.append(
            f'<text class="lane-name" x="10" y="{(lane.y0 + lane.y1) / 2 + 4:.1f}">'
            f"{_e(lane.name)}</text>"
        )
    bottom = model.lanes[-1].y1 if model.lanes else TOP
    for x, label in model.ticks:
        out.append(f'<line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{bottom:.1f}" stroke="#e2e2e2"/>')
        out.append(
            f'<text class="tick" x="{x}" y="{TOP - 10}" text-anchor="middle">{_e(label)}</text>'
        )
    for x in model.breaks:
        out.append(
            f'<path d="M{x - 4},{TOP - 4}l4,-6l4,6" fill="none" stroke="#888"/>'
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom:.1f}" stroke="#bbb" '
            'stroke-dasharray="3,4"/>'
        )
    for item in model.items:
        out.append(f'<g class="item" data-iri="{_e(item.iri)}"><title>{_e(item.tip)}</title>')
        y = item.y
        if item.kind == "day":
            out.append(f'<circle cx="{item.x0}" cy="{y:.1f}" r="5" fill="{item.colour}"/>')
        elif item.derived:  # dashed and pale: where the relations put it, not a stated span
            out.append(
                f'<rect class="derived" x="{item.x0}" y="{y - 6:.1f}" '
                f'width="{item.x1 - item.x0:.1f}" height="12" rx="2" fill="{item.colour}" '
                f'fill-opacity="0.22" stroke="{item.colour}" stroke-dasharray="4,3"/>'
            )
        else:
            height = {"month": 12, "year": 12}.get(item.kind, 8)
            opacity = "0.55" if item.kind in ("month", "year") else "0.85"
            out.append(
                f'<rect x="{item.x0}" y="{y - height / 2:.1f}" width="{item.x1 - item.x0:.1f}" '
                f'height="{height}" rx="2" fill="{item.colour}" fill-opacity="{opacity}" '
                f'stroke="{item.colour}"/>'
            )
        out.append(
            f'<text class="label" x="{max(item.x0, item.x1) + 8:.1f}" y="{y + 4:.1f}">'
            f"{_e(_item_label(item))}</text></g>"
        )
    for link in model.links:
        mid_x = (link.x0 + link.x1) / 2
        bend = min(60.0, 18 + abs(link.x1 - link.x0) / 4)
        ctrl_y = min(link.y0, link.y1) - bend if link.y0 != link.y1 else link.y0 - bend
        label_y = 0.25 * link.y0 + 0.5 * ctrl_y + 0.25 * link.y1 - 3  # the curve's midpoint
        out.append(
            f'<path class="link" d="M{link.x0:.1f},{link.y0:.1f} Q{mid_x:.1f},{ctrl_y:.1f} '
            f'{link.x1:.1f},{link.y1:.1f}" marker-end="url(#tl-arrow)"/>'
            f'<text class="link-label" x="{mid_x:.1f}" y="{label_y:.1f}" '
            f'text-anchor="middle">{_e(link.label)}</text>'
        )
    ky = bottom + 22
    key = [
        f'<circle cx="{LEFT + 6}" cy="{ky}" r="5" fill="#555"/>',
        f'<rect x="{LEFT + 70}" y="{ky - 6}" width="30" height="12" fill="#555" '
        'fill-opacity="0.55"/>',
        f'<rect x="{LEFT + 300}" y="{ky - 4}" width="40" height="8" fill="#555" '
        'fill-opacity="0.85"/>',
        f'<path class="link" d="M{LEFT + 480},{ky} L{LEFT + 520},{ky}" '
        'marker-end="url(#tl-arrow)"/>',
        f'<rect x="{LEFT + 620}" y="{ky - 6}" width="34" height="12" fill="#555" '
        'fill-opacity="0.22" stroke="#555" stroke-dasharray="4,3"/>',
    ]
    for x, words in _KEY_TEXT:
        key.append(f'<text class="tick" x="{LEFT + x}" y="{ky + 4}">{_e(words)}</text>')
    out.append('<g class="key">' + "".join(key) + "</g>")
    out.append("</svg>")
    return "\n".join(out)


def render_timeline_html(
    data: Graph | Dataset | nx.MultiDiGraph, *, title: str = "polkg timeline"
) -> str:
    """A self-contained page: the timeline as inline SVG, hover an event for its facts,
    sources and quotes; no script, nothing fetched (CSP `default-src 'none'`)."""
    model = timeline_model(data)
    t = _e(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="generator" content="polkg">
<title>{t}</title>
<style>
{_style()}</style>
</head>
<body>
<h1>{t}</h1>
<p class="note">{_NOTE}</p>
<p class="note" id="accounting">{_e(accounting(model))}</p>
{render_timeline_svg(model)}
{render_undated_html(model)}
</body>
</html>
"""


def write_timeline_html(
    ds: Graph | Dataset | nx.MultiDiGraph, path: str | Path, *, title: str = "polkg timeline"
) -> Path:
    """Write the offline timeline page to `path` (atomically)."""
    return write_atomic(path, render_timeline_html(ds, title=title))


# ---------------------------------------------------------------- static (matplotlib)


def draw_timeline(model: Model) -> Figure:
    """The same timeline as a matplotlib Figure, drawn in the model's pixel coordinates."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from kg.viz.static import _RC

    dpi = 100
    with matplotlib.rc_context(_RC):
        listed = [_undated_line(u) for u in model.undated]
        full_h = model.height + (30 + 15 * len(listed) if listed else 0)
        fig = Figure(figsize=(model.width / dpi, full_h / dpi), dpi=dpi)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, model.width)
        ax.set_ylim(full_h, 0)
        ax.set_axis_off()
        for k, lane in enumerate(model.lanes):
            ax.add_patch(
                Rectangle(
                    (0, lane.y0),
                    model.width,
                    lane.y1 - lane.y0,
                    facecolor="#f6f6f6" if k % 2 == 0 else "#ffffff",
                    edgecolor="none",
                )
            )
            ax.text(
                10, (lane.y0 + lane.y1) / 2, lane.name, fontsize=9, fontweight="bold", va="center"
            )
        bottom = model.lanes[-1].y1
        for x, label in model.ticks:
            ax.plot([x, x], [TOP - 6, bottom], color="#e2e2e2", lw=0.8, zorder=0)
            ax.text(x, TOP - 10, label, fontsize=7.5, ha="center", color="#555")
        for x in model.breaks:
            ax.plot([x, x], [TOP, bottom], color="#bbbbbb", lw=0.8, ls=(0, (3, 4)))
            ax.plot([x - 4, x, x + 4], [TOP - 4, TOP - 10, TOP - 4], color="#888", lw=0.8)
        for item in model.items:
            if item.kind == "day":
                ax.plot([item.x0], [item.y], marker="o", markersize=7, color=item.colour, zorder=3)
            elif item.derived:
                ax.add_patch(
                    Rectangle(
                        (item.x0, item.y - 6),
                        item.x1 - item.x0,
                        12,
                        facecolor=item.colour,
                        edgecolor=item.colour,
                        alpha=0.35,
                        linestyle=(0, (4, 3)),
                        zorder=3,
                    )
                )
            else:
                height = 12 if item.kind in ("month", "year") else 8
                ax.add_patch(
                    Rectangle(
                        (item.x0, item.y - height / 2),
                        item.x1 - item.x0,
                        height,
                        facecolor=item.colour,
                        edgecolor=item.colour,
                        alpha=0.55 if item.kind in ("month", "year") else 0.85,
                        zorder=3,
                    )
                )
            ax.text(
                max(item.x0, item.x1) + 8,
                item.y,
                _item_label(item),
                fontsize=8.5,
                va="center",
                zorder=4,
            )
        for link in model.links:
            ax.add_patch(
                FancyArrowPatch(
                    (link.x0, link.y0),
                    (link.x1, link.y1),
                    connectionstyle="arc3,rad=0.35",
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color="#c0392b",
                    lw=1.3,
                    zorder=5,
                )
            )
        ky = bottom + 22
        ax.plot([LEFT + 6], [ky], marker="o", color="#555")
        ax.text(LEFT + 16, ky, "a day", fontsize=7.5, va="center")
        ax.add_patch(Rectangle((LEFT + 70, ky - 6), 30, 12, facecolor="#555", alpha=0.55))
        ax.text(LEFT + 106, ky, "a month or a year (the span stated)", fontsize=7.5, va="center")
        ax.add_patch(Rectangle((LEFT + 300, ky - 4), 40, 8, facecolor="#555", alpha=0.85))
        ax.text(LEFT + 346, ky, "a tenure, start to end", fontsize=7.5, va="center")
        ax.add_patch(
            FancyArrowPatch(
                (LEFT + 480, ky),
                (LEFT + 520, ky),
                arrowstyle="-|>",
                mutation_scale=10,
                color="#c0392b",
            )
        )
        ax.text(LEFT + 528, ky, "annuls / rerun of", fontsize=7.5, va="center")
        ax.add_patch(
            Rectangle(
                (LEFT + 620, ky - 6), 34, 12, facecolor="#555", alpha=0.35, linestyle=(0, (4, 3))
            )
        )
        ax.text(LEFT + 660, ky, "date derived from relations", fontsize=7.5, va="center")
        if listed:
            y = model.height + 10
            ax.text(10, y, f"Not dated by any source ({len(listed)}):", fontsize=9, weight="bold")
            for line in listed:
                y += 15
                ax.text(14, y, line, fontsize=7.5, va="center")
    return fig


def write_timeline_static(
    ds: Graph | Dataset | nx.MultiDiGraph, path: str | Path, fmt: str = "svg"
) -> Path:
    """Write the timeline as SVG or PNG (by `fmt`) to `path`, atomically and deterministically."""
    from kg.viz.static import save_figure

    return write_atomic(path, save_figure(draw_timeline(timeline_model(ds)), fmt))
