"""The evidence view: each source text with every quoted span highlighted, and beside each
span the claims it supports and the disagreements it takes part in.

This is where a fact-checker answers "where does it say that?": the network page links
every fact to the card of its span here (`sources.html#a-…`). The spans are the W3C Web
Annotations the loader recorded (`oa:TextPositionSelector` offsets in code points, end
exclusive); the texts are the files `pol:sourceFile` names, checked against `pol:sha256`
so a highlight never lands on the wrong words of an edited file.

The page has no script at all (CSP `default-src 'none'`), so it works from `file://` and
from any archive; its output is byte-identical for the same graph.
"""

from __future__ import annotations

import hashlib
import html
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.errors import UserError
from kg.namespaces import OA, POL
from kg.safety import write_atomic

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_ANNOTATION = "https://w3id.org/polkg/id/annotation/"
SOURCE_NODE = "https://w3id.org/polkg/id/source/"


@dataclass(frozen=True, order=True)
class Span:
    """One quoted span of one source and the claim it supports."""

    source: str  # the source slug (its named graph)
    start: int  # code points, end exclusive; -1 when the annotation gives no offsets
    end: int
    anchor: str  # the HTML id of its card on the evidence page
    exact: str
    claim: str
    about: tuple[str, ...]  # IRIs of the nodes the claim is about
    properties: tuple[str, ...]  # IRIs of the properties it states


def anchor_of(annotation: str) -> str:
    """`…/id/annotation/000-abc/annulment` → `a-000-abc-annulment`: stable, readable ids."""
    tail = annotation[len(_ANNOTATION) :] if annotation.startswith(_ANNOTATION) else annotation
    return "a-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in tail)


def _int(graph: Graph, node: object, prop: URIRef) -> int | None:
    for value in graph.objects(node, prop):  # type: ignore[arg-type]
        if isinstance(value, Literal):
            try:
                return int(str(value))
            except ValueError:
                return None
    return None


def spans_of(slug: str, graph: Graph) -> list[Span]:
    """The quoted spans of one source graph, in text order."""
    out = []
    for ann, claim in graph.subject_objects(OA.hasBody):
        start = end = None
        exact = ""
        for target in graph.objects(ann, OA.hasTarget):
            for selector in graph.objects(target, OA.hasSelector):
                start = _int(graph, selector, OA.start) if start is None else start
                end = _int(graph, selector, OA.end) if end is None else end
                exact = exact or next((str(q) for q in graph.objects(selector, OA.exact)), "")
        if start is None or end is None:  # a quote without offsets: listed, not highlighted
            start = end = -1
        out.append(
            Span(
                source=slug,
                start=start,
                end=end,
                anchor=anchor_of(str(ann)),
                exact=exact,
                claim=str(claim),
                about=tuple(sorted(str(n) for n in graph.objects(claim, POL.claimAbout))),
                properties=tuple(sorted(str(p) for p in graph.objects(claim, POL.claimProperty))),
            )
        )
    return sorted(out)


def all_spans(sources: dict[str, Graph]) -> list[Span]:
    """Every quoted span of every source graph, by source then text order."""
    return [span for slug, graph in sources.items() for span in spans_of(slug, graph)]


def _label(graph: Graph, node: object) -> str:
    """A node's name: its label, a candidacy as "X's candidacy in Y" (kg.consensus)."""
    from kg.consensus import node_label

    return node_label(graph, node)  # type: ignore[arg-type]


def _source_text(consensus: Graph, slug: str, data_dirs: Sequence[Path]) -> str:
    node = URIRef(SOURCE_NODE + slug)
    rel = next((str(o) for o in consensus.objects(node, POL.sourceFile)), None)
    sha = next((str(o) for o in consensus.objects(node, POL.sha256)), None)
    if rel is None:
        raise UserError(
            f"source {slug} has no pol:sourceFile in the built graph: rebuild with `polkg build`"
        )
    for folder in data_dirs:
        path = Path(folder) / rel
        if path.is_file():
            raw = path.read_bytes()
            if sha is not None and hashlib.sha256(raw).hexdigest() != sha:
                raise UserError(
                    f"{path}: the text changed since the graph was built (its SHA-256 differs): "
                    "run `polkg build` again so the quotes point at the right words"
                )
            return raw.decode("utf-8")
    where = ", ".join(str(d) for d in data_dirs)
    raise UserError(
        f"source {slug}: its text {rel} is not under {where}; "
        "run from the project the graph was built from"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _marked_text(text: str, spans: list[Span]) -> str:
    """The text with each quoted span in a `<mark>` linking to its card; where spans
    overlap, the overlapping piece links to the first and names them all in its title."""
    spans = [s for s in spans if 0 <= s.start <= s.end <= len(text)]
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = _e(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        ids = " ".join(s.anchor for s in covering)
        starts = "".join(f'<span id="t-{s.anchor[2:]}"></span>' for s in spans if s.start == a)
        out.append(
            f'{starts}<a class="mark" href="#{covering[0].anchor}" data-spans="{ids}" '
            f'title="{len(covering)} claim(s)">{piece}</a>'
        )
    return "".join(out)


def _value_texts(stated: Graph, consensus: Graph, node: URIRef, prop: URIRef) -> str:
    """What the source itself states for (node, prop), named as the consensus names it."""
    values = []
    for obj in stated.objects(node, prop):
        values.append(_label(consensus, obj) if isinstance(obj, URIRef) else str(obj))
    return ", ".join(sorted(values))


def _disagreements(consensus: Graph) -> dict[tuple[str, str], list[str]]:
    """Each `pol:Disagreement` as (subject, property) → one sentence per claimed value."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for dis in sorted(consensus.subjects(RDF.type, POL.Disagreement), key=str):
        subject = consensus.value(dis, POL.subject)
        prop = consensus.value(dis, POL.property)
        if subject is None or not isinstance(prop, URIRef):
            continue
        parts = []
        for cv in sorted(consensus.objects(dis, POL.claimedValue), key=str):
            lex = consensus.value(cv, POL.lexicalForm) or consensus.value(cv, RDF.value)
            srcs = sorted(_label(consensus, s) for s in consensus.objects(cv, PROV.wasDerivedFrom))
            parts.append(f"{lex} ({', '.join(srcs)})")
        chosen = consensus.value(dis, POL.chosenValue)
        rule = consensus.value(dis, POL.rule)
        from kg.viz.projection import property_label

        named = (dis, RDFS.label, None) in consensus
        text = _label(consensus, dis) if named else f"Sources disagree on {property_label(prop)}"
        text += (": " + "; ".join(parts)) if parts else ""
        if chosen is not None:
            text += f"; the graph holds {chosen}" + (f" (rule: {rule})" if rule else "")
        out[(str(subject), str(prop))].append(text)
    return out


def _card(
    span: Span, stated: Graph, consensus: Graph, disputes: dict[tuple[str, str], list[str]]
) -> str:
    """A span's card: its quote, the facts its claim states (as this source states them)
    and the disagreements about those facts."""
    from kg.viz.projection import property_label

    rows = []
    found: list[str] = []
    for about in span.about:
        node = URIRef(about)
        for prop in span.properties:
            value = _value_texts(stated, consensus, node, URIRef(prop))
            if not value:
                continue
            rows.append(
                f"<li><b>{_e(_label(consensus, node))}</b> — {_e(property_label(URIRef(prop)))}:"
                f" {_e(value)}</li>"
            )
            found.extend(disputes.get((about, prop), []))
    if not rows:  # a claim that only names or types its nodes
        rows = [f"<li><b>{_e(_label(consensus, URIRef(a)))}</b></li>" for a in span.about]
    dis = "".join(f"<li>{_e(t)}</li>" for t in sorted(set(found)))
    return (
        f'<section class="card" id="{span.anchor}">'
        + f"<blockquote>“{_e(span.exact)}”</blockquote>"
        + (
            f'<a class="back" href="#t-{span.anchor[2:]}">in the text (characters {span.start}–'
            f"{span.end})</a>"
            if span.start >= 0
            else '<span class="back">not located in the text (no offsets recorded)</span>'
        )
        + f'<h4>Supports</h4><ul class="claims">{"".join(rows)}</ul>'
        + (f'<h4>Sources disagree</h4><ul class="disputes">{dis}</ul>' if dis else "")
        + "</section>"
    )


def render_sources_html(
    data: Dataset, data_dirs: Sequence[Path], *, title: str = "polkg sources"
) -> str:
    """The evidence page as a string (see the module docstring)."""
    from kg.viz.projection import consensus_graph, source_graphs

    consensus = consensus_graph(data)
    sources = source_graphs(data)
    if not sources:
        raise UserError("the graph has no source graphs: build it with `polkg build` first")
    disputes = _disagreements(consensus)
    blocks = []
    for slug, graph in sources.items():
        spans = spans_of(slug, graph)
        text = _source_text(consensus, slug, data_dirs)
        node = URIRef(SOURCE_NODE + slug)
        meta = [
            str(o)
            for p in (DCTERMS.type, DCTERMS.language, DCTERMS.publisher)
            for o in consensus.objects(node, p)
            if isinstance(o, Literal)
        ]
        cards = "".join(_card(s, graph, consensus, disputes) for s in spans)
        blocks.append(
            f'<article class="source" id="s-{_e(slug)}" data-spans="{len(spans)}">'
            f"<h2>{_e(_label(consensus, node))}</h2>"
            f'<p class="meta">{_e(" · ".join([slug, *meta]))} · {len(spans)} quoted spans</p>'
            f'<div class="cols"><div class="text">{_marked_text(text, spans)}</div>'
            f'<div class="cards">{cards}</div></div></article>'
        )
    style = resources.files("kg.viz").joinpath("assets", "sources.css").read_text("utf-8")
    t = _e(title)
    toc = "".join(
        f'<li><a href="#s-{_e(slug)}">{_e(_label(consensus, URIRef(SOURCE_NODE + slug)))}</a></li>'
        for slug in sources
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="generator" content="polkg">
<title>{t}</title>
<style>
{style}</style>
</head>
<body>
<header><h1>{t}</h1>
<p class="note">Every quoted span is highlighted; beside it, the claims it supports and the
disagreements it takes part in. The network page links each fact here.</p>
<ul class="toc">{toc}</ul></header>
{"".join(blocks)}
</body>
</html>
"""


def write_sources_html(
    data: Dataset, path: str | Path, data_dirs: Sequence[Path], *, title: str = "polkg sources"
) -> Path:
    """Write the evidence page to `path` (atomically) and return the path."""
    return write_atomic(path, render_sources_html(data, data_dirs, title=title))
