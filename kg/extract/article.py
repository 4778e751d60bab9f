"""One article read end to end: sentences, mentions, dates, figures, cues, attachments.

`extract()` is the library entry point (`polkg extract` is a thin layer over it). It needs
only the text, what is known of the article (its date, its context year) and the entities to
link to; the graph is consulted later, by `kg.extract.drafts` and `kg.extract.check`.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from kg.extract.cues import Cue, attach, find_cues, mentions_election
from kg.extract.dates import find_dates, reference_date
from kg.extract.mentions import Mention, MentionFinder
from kg.extract.numbers import find_numbers
from kg.extract.sentences import Sentence, SentenceIndex, sentences
from kg.precision import Stated


@dataclass(frozen=True)
class Fact:
    """A dated or numeric fact: `text[start:end]`, its value and interval, whom it is about
    and the sentence it stands in."""

    start: int
    end: int
    text: str
    property: str  # "date" or a pol: local name (voteShare, votes, margin …)
    value: str  # the normalised value: ISO date, or the number as the graph writes it
    stated: Stated
    lower: Decimal | date
    upper: Decimal | date
    bound: str | None
    about: str | None  # node id of the entity it is attached to
    reason: str
    sentence: Sentence
    cues: tuple[str, ...] = ()  # event cues in the same sentence

    @builtins.property
    def is_date(self) -> bool:
        return self.property == "date"


@dataclass
class Extraction:
    """Everything read from one article, with its items grouped by sentence once (so the
    draft and the check look up a sentence's mentions without scanning the article)."""

    text: str
    mentions: list[Mention]
    candidates: list[Mention]
    facts: list[Fact]
    cues: list[Cue]
    sentences: list[Sentence] = field(default_factory=list)
    reference: date | None = None

    @cached_property
    def _index(self) -> SentenceIndex:
        return SentenceIndex(self.sentences)

    def _group(self, items: list[Any]) -> dict[int, list[Any]]:
        grouped: dict[int, list[Any]] = {}
        for item in items:
            around = self._index.at(item.start)
            grouped.setdefault(around.start if around else -1, []).append(item)
        return grouped

    @cached_property
    def _mentions_by_sentence(self) -> dict[int, list[Mention]]:
        return self._group(self.mentions)

    @cached_property
    def _cues_by_sentence(self) -> dict[int, list[Cue]]:
        return self._group(self.cues)

    @cached_property
    def _facts_by_sentence(self) -> dict[int, list[Fact]]:
        return self._group(self.facts)

    def mentions_in(self, sentence: Sentence) -> list[Mention]:
        return self._mentions_by_sentence.get(sentence.start, [])

    def cues_in(self, sentence: Sentence) -> list[Cue]:
        return self._cues_by_sentence.get(sentence.start, [])

    def facts_in(self, sentence: Sentence) -> list[Fact]:
        return self._facts_by_sentence.get(sentence.start, [])

    @cached_property
    def entities(self) -> frozenset[str]:
        """Every entity the article mentions."""
        return frozenset(m.entity for m in self.mentions if m.entity)


def extract(
    text: str,
    finder: MentionFinder,
    *,
    published: date | None = None,
    year: int | None = None,
) -> Extraction:
    """Read `text`. `published` resolves weekdays ("on Monday"); `year` (else the year of
    `published`) completes dates written without one ("In May")."""
    spans = sentences(text)
    index = SentenceIndex(spans)

    def span(offset: int) -> tuple[int, int]:
        found = index.at(offset)
        return (found.start, found.end) if found else (0, len(text))

    year = year if year is not None else (published.year if published else None)
    first = find_dates(text, year=year, reference=None)
    reference = reference_date(published, first)
    if year is None and reference is not None:
        year = reference.year
    dates = find_dates(text, year=year, reference=reference)
    numbers = find_numbers(text, span, [(d.start, d.end) for d in dates])
    mentions, candidates = finder.find(text)
    # a month name in a date ("19 Ekim 2020") is not a name of anybody
    in_dates = {offset for d in dates for offset in range(d.start, d.end)}
    candidates = [c for c in candidates if c.start not in in_dates]
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        around = index.at(mention.start)
        grouped.setdefault(around.start if around else -1, []).append(mention)

    def near(offset: int) -> tuple[int, int, list[Mention]]:
        found = index.at(offset)
        if found is None:
            return 0, len(text), []
        return found.start, found.end, grouped.get(found.start, [])

    cues = find_cues(text, near)

    facts: list[Fact] = []
    for d in dates:
        sentence = index.at(d.start) or Sentence(0, len(text), text)
        in_sentence = _cues_in(cues, sentence)
        about = _event_about(in_sentence, sentence)
        facts.append(
            Fact(
                d.start, d.end, d.text, "date", d.value, d.stated, d.stated.lower,
                d.stated.upper, None, None, about, sentence, in_sentence,
            )
        )  # fmt: skip
    for n in numbers:
        sentence = index.at(n.start) or Sentence(0, len(text), text)
        owner, reason = attach(text, n.start, n.end, n.property, near)
        facts.append(
            Fact(
                n.start, n.end, n.text, n.property, n.value, n.stated, n.lower, n.upper,
                n.bound, owner, reason, sentence, _cues_in(cues, sentence),
            )
        )  # fmt: skip
    facts.sort(key=lambda f: f.start)
    return Extraction(text, mentions, candidates, facts, cues, spans, reference)


def _cues_in(cues: list[Cue], sentence: Sentence) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.cue for c in cues if sentence.start <= c.start < sentence.end))


def _event_about(cues: tuple[str, ...], sentence: Sentence) -> str:
    """What a date in this sentence dates, in words, for the report and the draft."""
    for cue in ("coup", "annulled", "cancelled", "rerun", "won", "conceded", "congratulated"):
        if cue in cues:
            return f"the event the sentence reports ({cue})"
    if mentions_election(sentence.text):
        return "the vote the sentence speaks of"
    return "no event word in its sentence"
