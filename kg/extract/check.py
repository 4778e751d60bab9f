"""An article's facts against the graph: holds, contradicts, or new.

For each fact the nodes it could be about are found through the graph's links (a vote share
attached to a person: that person's candidacies; a margin: the elections they stood in; a date
in a sentence about a coup: the coups involving what the sentence names). Then, with the
consensus's own rule (DESIGN.md, "Provenance"; `kg.precision.overlaps`):

- **holds** when the interval of the fact overlaps the interval of the value the consensus
  holds for one of those nodes ("54.21 %" and 54.2);
- **contradicts** when such values exist and none overlaps ("45.1 %" and 44.99): the report
  gives the node nearest in value, the graph's value, every source's value with its quote, and
  the article's sentence;
- **new** when the graph has no value for any such node.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from kg.extract.article import Extraction, Fact
from kg.extract.graph import GraphIndex, GraphValue
from kg.precision import overlaps

VERDICTS = ("holds", "contradicts", "new")
# "election" as an event, not in "election officials" or "election board"
ELECTION_NOUN = re.compile(
    r"\belections?\b(?!\s+(?:officials|board|council|commission|authority|coordination|law))",
    re.IGNORECASE,
)
_CANDIDACY_PROPERTIES = frozenset({"voteShare", "votes", "voteShareChange", "districtsLost"})
_DATE_CLASSES = {
    "coup": ("Coup",),
    "annulled": ("Annulment", "Election"),
    "cancelled": ("Annulment", "Election"),
    "congratulated": ("Congratulation",),
    "conceded": ("Concession", "Election"),
    "won": ("Election",),
    "rerun": ("Election",),
    "appealed": ("Election",),
}


@dataclass(frozen=True)
class Verdict:
    """What the graph says about one fact of the article."""

    fact: Fact
    verdict: str  # holds, contradicts, new
    node: str | None  # the graph node compared with
    graph_value: str | None  # the consensus value of that node's property
    values: tuple[GraphValue, ...]  # every source's value for it, with quotes


def check(extraction: Extraction, index: GraphIndex) -> list[Verdict]:
    """A verdict for every fact of `extraction`, in text order.

    Two passes: a node one fact of a sentence agrees with is not also the node another fact
    of that sentence contradicts ("In May, X won …, and a new round was scheduled for 23
    June": "23 June" holds for the rerun, so "May" is compared with the first vote)."""
    first = [_verdict(fact, extraction, index, set()) for fact in extraction.facts]
    held: dict[tuple[int, str], set[str]] = {}
    for v in first:
        if v.verdict == "holds" and v.node:
            held.setdefault((v.fact.sentence.start, v.fact.property), set()).add(v.node)
    result = []
    for v in first:
        taken = held.get((v.fact.sentence.start, v.fact.property), set())
        if v.verdict == "contradicts" and v.node in taken:
            v = _verdict(v.fact, extraction, index, taken)
        result.append(v)
    return result


def _verdict(fact: Fact, extraction: Extraction, index: GraphIndex, exclude: set[str]) -> Verdict:
    prop = fact.property
    compared: list[tuple[str, str, GraphValue]] = []
    for node in targets(fact, extraction, index):
        if node in exclude:
            continue
        values = index.values.get((node, prop), [])
        if not values:
            continue
        chosen = index.chosen.get((node, prop))
        held = [v for v in values if v.value == chosen] or values
        best = min(held, key=lambda v: _width(v))
        compared.append((node, chosen or best.value, best))
    if not compared:
        return Verdict(fact, "new", None, None, ())
    interval = (fact.lower, fact.upper)
    for node, chosen, value in compared:
        if overlaps(interval, (value.lower, value.upper)):
            return Verdict(fact, "holds", node, chosen, tuple(index.values[(node, prop)]))
    node, chosen, _ = min(compared, key=lambda c: _distance(fact, c[2]))
    return Verdict(fact, "contradicts", node, chosen, tuple(index.values[(node, prop)]))


def targets(fact: Fact, extraction: Extraction, index: GraphIndex) -> list[str]:
    """The graph nodes `fact` may be about, most specific first."""
    prop = fact.property
    named = _named_in(fact, extraction)
    if prop in _CANDIDACY_PROPERTIES and fact.about is not None:
        candidacies = index.candidacies.get(fact.about, [])
        if any((c, prop) in index.values for c in candidacies):
            return candidacies
        return [r for c in candidacies for r in index.results.get(c, [])]
    if prop == "margin" and fact.about is not None:
        return sorted(
            {
                index.election_of[c]
                for c in index.candidacies.get(fact.about, [])
                if c in index.election_of
            }
        )
    if prop == "date":
        classes = {c for cue in fact.cues for c in _DATE_CLASSES.get(cue, ())}
        if not classes and "referendum" in fact.sentence.text.lower():
            classes = {"Referendum"}
        if not classes and ELECTION_NOUN.search(fact.sentence.text):
            classes = {"Election"}
        nodes = sorted({n for cls in classes for n in index.nodes_of(cls)})
    else:
        nodes = sorted(index.by_property.get(prop, set()))
    if not named:
        return nodes if prop != "date" else []
    article = extraction.entities
    scored = []
    for node in nodes:
        involved = _involved(node, index)
        if involved & named:
            scored.append((-len(involved & named), -len(involved & article), node))
    return [node for _, _, node in sorted(scored)]


def _named_in(fact: Fact, extraction: Extraction) -> set[str]:
    named = {m.entity for m in extraction.mentions_in(fact.sentence) if m.entity}
    if fact.about:
        named.add(fact.about)
    return named


def _involved(node: str, index: GraphIndex) -> set[str]:
    """The nodes `node` links to, and theirs (an election → its candidacies → candidates)."""
    first = index.links.get(node, set())
    found = set(first)
    for other in first:
        found |= index.links.get(other, set())
    # a result reaches its candidate through resultOf → candidacy → candidate
    return found


def _width(value: GraphValue) -> Decimal | int:
    if isinstance(value.lower, date) and isinstance(value.upper, date):
        return (value.upper - value.lower).days
    if isinstance(value.lower, Decimal) and isinstance(value.upper, Decimal):
        return value.upper - value.lower
    return 0


def _distance(fact: Fact, value: GraphValue) -> Decimal | int:
    """How far apart two intervals are (0 when they touch): days for dates."""
    lo, hi, v_lo, v_hi = fact.lower, fact.upper, value.lower, value.upper
    if isinstance(lo, date) and isinstance(hi, date):
        if isinstance(v_lo, date) and isinstance(v_hi, date):
            return max((v_lo - hi).days, (lo - v_hi).days, 0)
        return 0
    if isinstance(v_lo, Decimal) and isinstance(v_hi, Decimal):
        return max(v_lo - cast(Decimal, hi), cast(Decimal, lo) - v_hi, Decimal(0))
    return 0


# -------------------------------------------------------------------------- output


def verdicts_json(verdicts: list[Verdict], index: GraphIndex) -> list[dict[str, Any]]:
    """Plain data, one record per fact, in text order."""
    out = []
    for v in verdicts:
        f = v.fact
        out.append(
            {
                "verdict": v.verdict,
                "fact": {
                    "text": f.text,
                    "start": f.start,
                    "end": f.end,
                    "property": f.property,
                    "value": f.value,
                    "hedge": f.stated.hedge,
                    "bound": f.bound,
                    "lower": str(f.lower),
                    "upper": str(f.upper),
                    "about": f.about,
                    "sentence": f.sentence.text,
                },
                "node": v.node,
                "node_label": index.label(v.node) if v.node else None,
                "graph_value": v.graph_value,
                "graph_values": [
                    {
                        "value": g.value,
                        "stated": g.lexical,
                        "lower": str(g.lower),
                        "upper": str(g.upper),
                        "source": g.source,
                        "source_label": index.source_labels.get(g.source, g.source),
                        "quote": g.quote,
                    }
                    for g in v.values
                ],
            }
        )
    return out


def verdicts_text(verdicts: list[Verdict], index: GraphIndex) -> str:
    """For a person at a terminal."""
    lines = []
    counts = {name: sum(1 for v in verdicts if v.verdict == name) for name in VERDICTS}
    lines.append(
        f"{len(verdicts)} facts: {counts['holds']} hold, {counts['contradicts']} contradict, "
        f"{counts['new']} new"
    )
    for v in verdicts:
        f = v.fact
        about = f" about {f.about}" if f.about else ""
        lines.append("")
        lines.append(f"{v.verdict.upper()}: {f.property} {f.text!r}{about} (at {f.start}..{f.end})")
        if v.node:
            lines.append(
                f"  graph: {index.label(v.node)} ({v.node}) {f.property} = {v.graph_value}"
            )
            for g in v.values:
                lines.append(f"    {g.lexical!r} in {g.source}: {g.quote!r}")
        lines.append(f"  article: {f.sentence.text!r}")
    return "\n".join(lines) + "\n"


def verdicts_markdown(verdicts: list[Verdict], index: GraphIndex) -> str:
    """A Markdown table, one row per fact, then the graph's evidence for each contradiction."""
    rows = [
        "| verdict | fact | property | about | graph node | graph value |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        f = v.fact
        rows.append(
            f"| {v.verdict} | {_md(f.text)} | {f.property} | {f.about or ''} | "
            f"{v.node or ''} | {v.graph_value or ''} |"
        )
    details = []
    for v in verdicts:
        if v.verdict != "contradicts":
            continue
        f = v.fact
        details.append(f"\n### {_md(f.text)} ({f.property}) contradicts {v.node}\n")
        details.append(f"- article: “{_md(f.sentence.text)}”")
        for g in v.values:
            details.append(f"- {g.source} states {_md(g.lexical)}: “{_md(g.quote)}”")
    return "\n".join(rows + details) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_json(verdicts: list[Verdict], index: GraphIndex) -> str:
    return json.dumps(verdicts_json(verdicts, index), ensure_ascii=False, indent=2) + "\n"
