"""Percentages, vote counts, margins and district counts, with their hedges and bounds.

Each figure is parsed by `kg.precision.parse_number`, so "about 45 percent" denotes the same
interval here as in a curated claim ([42.25, 47.75): ±0.5 for the last digit, widened by 5 %
for the hedge). A bound ("more than 13,000", "nearly" is a hedge, "more than" is not) keeps
the figure's own interval on its side and is open on the other.

What a figure measures is read from the words around it, in the sentence it stands in:

- a percentage is a vote share, unless "of ballots" follows (ballots counted), a change word
  follows ("a 4% decrease": a change of vote share) or "turnout" is near;
- a number of votes ("13,000 votes", "13,700-vote") is a margin when "margin" is in the same
  clause, disputed votes when "manipulated", "fraud" or "disputed" is, else a vote count;
- "24 of Istanbul's 39 districts" is districts controlled and districts in total; "lost 11
  districts" districts lost.

Other numbers (citation marks "[3]", "57-fold", counts of people) are not facts polkg records.
"""

from __future__ import annotations

import bisect
import builtins
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from rdflib import URIRef
from rdflib.namespace import XSD

from kg.precision import BOUND_WORDS, HEDGES, Stated, parse_number

_WORDS = sorted((*HEDGES, *BOUND_WORDS), key=len, reverse=True)
_QUALIFIER = "|".join(re.escape(w) for w in _WORDS)
_FIGURE = re.compile(
    rf"""(?<![\w.,\[])
    (?:(?P<qual>{_QUALIFIER})\s+)?
    (?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?
    (?:\s*(?P<pct>%|percent\b|per\ cent\b)|\s+(?P<mult>thousand|million|billion)\b)?
    (?P<tail>-vote\b|\s+votes?\b|\s+ballots\b|\s+districts?\b)?""",
    re.VERBOSE | re.IGNORECASE,
)
_LOWER_BOUNDS = ("over", "more than", "at least", "above", "just over")
_CHANGE = re.compile(r"^\s*(?:point\s+)?(?:decrease|increase|drop|fall|rise|swing|gain|loss)\b")
_FALLING = re.compile(r"^\s*(?:point\s+)?(?:decrease|drop|fall|loss)\b")
_BALLOTS = re.compile(r"^\s*of\s+(?:the\s+)?(?:ballots|votes\s+counted|the\s+count)")
_DISPUTED = re.compile(r"manipulat|fraud|disputed|rigged|stolen|irregular", re.IGNORECASE)


@dataclass(frozen=True)
class NumberFact:
    """A figure in the article: `text[start:end]`, what it measures and the interval."""

    start: int
    end: int
    text: str  # the figure with its hedge or bound, as written ("some 13,000")
    property: str  # pol: local name: voteShare, votes, margin, ballotsCounted, …
    stated: Stated
    bound: str | None  # "more than" …: the interval is open on one side
    lower: Decimal
    upper: Decimal

    @builtins.property
    def value(self) -> str:
        return str(self.stated.literal)


def find_numbers(
    text: str,
    sentence_span: Callable[[int], tuple[int, int]] | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[NumberFact]:
    """Every figure of a kind polkg records. `skip` lists spans already read as dates (in
    text order); `sentence_span` gives the sentence around an offset (whole text if absent)."""
    starts = [a for a, _ in skip]
    found: list[NumberFact] = []
    for match in _FIGURE.finditer(text):
        start, end = match.start(), match.end()
        index = bisect.bisect_right(starts, end) - 1
        if index >= 0 and skip[index][1] > start:
            continue
        if text[end : end + 5].startswith("-fold") or text[start - 1 : start] == "[":
            continue
        lo, hi = sentence_span(start) if sentence_span else (0, len(text))
        prop = _property(match, text, lo, hi)
        if prop is None:
            continue
        fact = _fact(match, prop)
        if fact is not None:
            found.append(fact)
    return found


def _property(match: re.Match[str], text: str, lo: int, hi: int) -> str | None:
    tail = (match["tail"] or "").strip().lower()
    after = text[match.end() : min(hi, match.end() + 40)]
    before = text[max(lo, match.start() - 60) : match.start()]
    clause = re.split(r"[,;:]", before)[-1] + text[match.end() : min(hi, match.end() + 25)]
    if match["pct"]:
        if tail or _BALLOTS.match(after):
            return "ballotsCounted"
        if _CHANGE.match(after):
            return "voteShareChange"
        if "turnout" in (before[-30:] + after[:30]).lower():
            return "turnout"
        return "voteShare"
    if tail.startswith("district"):
        if re.search(r"\blost\s*$|\blost\s+\w+\s*$", before):
            return "districtsLost"
        return "districtsTotal"
    if re.match(r"^\s+of\s+[\w’']+\s+\d+\s+districts", after):
        return "districtsControlled"
    if tail in ("votes", "vote", "-vote", "ballots"):
        if "margin" in clause.lower():
            return "margin"
        if _DISPUTED.search(text[lo:hi]):
            return "disputedVotes"
        return "votes"
    return None


def _fact(match: re.Match[str], prop: str) -> NumberFact | None:
    qualifier = (match["qual"] or "").lower() or None
    figure = match.group()[: match.end("pct") if match["pct"] else None]
    if match["mult"]:
        figure = match.group()[: match.end("mult") - match.start()]
    elif not match["pct"]:
        figure = match.group()[
            : match.end("frac") - match.start()
            if match["frac"]
            else match.end("num") - match.start()
        ]
    bound = qualifier if qualifier in BOUND_WORDS else None
    number = figure[len(bound) :].strip() if bound else figure
    datatype = XSD.decimal if match["pct"] or prop in ("ballotsCounted",) else XSD.integer
    if prop == "voteShareChange" and _FALLING.match(match.string[match.end() :]):
        number = "-" + number  # "a 4% decrease" is a change of -4 points
    try:
        stated = parse_number(number, datatype)
    except ValueError:
        return None
    lower, upper = cast(Decimal, stated.lower), cast(Decimal, stated.upper)
    if bound is not None:
        if bound in _LOWER_BOUNDS:
            upper = Decimal("Infinity")
        else:
            lower = Decimal("-Infinity")
    start = match.start()
    return NumberFact(start, start + len(figure), figure, prop, stated, bound, lower, upper)


def datatype_of(prop: str) -> URIRef:
    """The datatype a figure of this property is parsed with."""
    return (
        XSD.decimal
        if prop in ("voteShare", "voteShareChange", "turnout", "ballotsCounted")
        else XSD.integer
    )
