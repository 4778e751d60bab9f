"""Precision, recall and F1 of the extractor against hand-written gold (`make eval`).

A gold file (tests/gold/*.yaml, format in tests/gold/README.md) names the article, the data
folders whose entities it is read against, and every mention and fact a careful reader finds,
each located by a passage that occurs once in the text. Scores:

- **mentions**: a predicted linked mention is right when its span equals a gold span;
- **links**: right when the span and the entity are both the gold's;
- **facts**: right when it overlaps a gold fact's span with the same property and value (a
  number compared as a number, a date as its ISO form); each gold fact matches once;
- **attachment**: of the facts right, with a gold `about`, how many attach to that entity.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from kg.errors import UserError
from kg.evidence import QuoteError, find_quote
from kg.extract.article import Extraction
from kg.extract.run import load_knowledge, read_article, run_extract
from kg.paths import ROOT

GOLD = ROOT / "tests" / "gold"


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class GoldFact:
    start: int
    end: int
    property: str
    value: str
    about: str | None


@dataclass
class Gold:
    path: Path
    article: Path
    data: list[Path]
    year: int | None
    published: str | None
    mentions: list[GoldMention]
    facts: list[GoldFact]
    group: str


@dataclass
class Counts:
    """True positives, predictions and gold items of one measure."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    mentions: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    attachment: Counts = field(default_factory=Counts)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for name in ("mentions", "links", "facts", "attachment"):
            getattr(self, name).add(getattr(other, name))
        self.misses += other.misses


def _locate(text: str, item: str, at: str | None, where: str) -> tuple[int, int]:
    try:
        lo, hi = find_quote(text, at if at is not None else item)
    except QuoteError as err:
        raise UserError(f"{where}: {err}") from None
    start = text.find(item, lo)
    if start < 0 or start + len(item) > hi:
        raise UserError(f"{where}: {item!r} is not inside the passage {at!r}")
    return start, start + len(item)


def load_gold(path: Path) -> Gold:
    """Read one gold file and locate every item in its article."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "article" not in data:
        raise UserError(
            "a gold file is a mapping with 'article', 'mentions' and 'facts'", file=str(path)
        )
    article = ROOT / data["article"]
    text = article.read_text(encoding="utf-8")
    mentions = []
    for n, row in enumerate(data.get("mentions") or [], 1):
        item, entity, *rest = row
        start, end = _locate(text, item, rest[0] if rest else None, f"{path} mention {n}")
        mentions.append(GoldMention(start, end, entity))
    facts = []
    for n, row in enumerate(data.get("facts") or [], 1):
        start, end = _locate(text, str(row["text"]), row.get("at"), f"{path} fact {n}")
        facts.append(GoldFact(start, end, row["property"], str(row["value"]), row.get("about")))
    dirs = [ROOT / d for d in data.get("data", ["data"])]
    year = data.get("year")
    published = data.get("published")
    return Gold(
        Path(path), article, dirs, int(str(year)) if year is not None else None,
        str(published) if published is not None else None, mentions, facts,
        str(data.get("group", "corpus")),
    )  # fmt: skip


def score(gold: Gold, extraction: Extraction) -> Scores:
    """Compare one extraction with its gold."""
    scores = Scores()
    name = gold.path.name
    gold_spans = {(m.start, m.end): m.entity for m in gold.mentions}
    predicted = {(m.start, m.end): m.entity for m in extraction.mentions}
    scores.mentions = Counts(
        len(gold_spans.keys() & predicted.keys()), len(predicted), len(gold_spans)
    )
    right = sum(1 for span, entity in predicted.items() if gold_spans.get(span) == entity)
    scores.links = Counts(right, len(predicted), len(gold_spans))
    text = extraction.text
    for span in sorted(gold_spans.keys() - predicted.keys()):
        scores.misses.append(f"{name}: missed mention {text[span[0] : span[1]]!r} at {span[0]}")
    for span in sorted(predicted.keys() - gold_spans.keys()):
        scores.misses.append(f"{name}: extra mention {text[span[0] : span[1]]!r} at {span[0]}")
    for span, entity in sorted(predicted.items()):
        if span in gold_spans and gold_spans[span] != entity:
            scores.misses.append(
                f"{name}: {text[span[0] : span[1]]!r} linked to {entity}, gold {gold_spans[span]}"
            )
    unmatched = list(gold.facts)
    tp = 0
    for fact in extraction.facts:
        match = next(
            (
                g
                for g in unmatched
                if g.start < fact.end
                and fact.start < g.end
                and g.property == fact.property
                and _same(g.value, fact.value)
            ),
            None,
        )
        if match is None:
            scores.misses.append(
                f"{name}: extra fact {fact.property} {fact.text!r}={fact.value} at {fact.start}"
            )
            continue
        unmatched.remove(match)
        tp += 1
        if match.about:
            scores.attachment.gold += 1
            scores.attachment.predicted += 1
            if fact.about == match.about:
                scores.attachment.tp += 1
            else:
                scores.misses.append(
                    f"{name}: {fact.text!r} attached to {fact.about}, gold {match.about}"
                )
    for g in unmatched:
        scores.misses.append(
            f"{name}: missed fact {g.property} {text[g.start : g.end]!r}={g.value} at {g.start}"
        )
    scores.facts = Counts(tp, len(extraction.facts), len(gold.facts))
    return scores


def _same(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def evaluate(paths: Sequence[Path]) -> dict[str, Scores]:
    """Scores per group of gold files ("corpus", "own"), summed over each group's files."""
    groups: dict[str, Scores] = {}
    for path in sorted(paths):
        gold = load_gold(path)
        article = read_article(gold.article, published=gold.published, year=gold.year)
        knowledge = load_knowledge(gold.data, graph=False)
        groups.setdefault(gold.group, Scores()).add(score(gold, run_extract(article, knowledge)))
    return groups


def table(groups: dict[str, Scores]) -> str:
    """A Markdown table: one row per group and measure."""
    rows = [
        "| articles | measure | precision | recall | F1 | right / predicted / gold |",
        "|---|---|---|---|---|---|",
    ]
    for group, s in groups.items():
        for measure in ("mentions", "links", "facts", "attachment"):
            c: Counts = getattr(s, measure)
            rows.append(
                f"| {group} | {measure} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | "
                f"{c.tp} / {c.predicted} / {c.gold} |"
            )
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m kg.extract.eval [GOLD.yaml …] [-v]`: the table (and with -v every miss)."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    paths = [Path(a) for a in args if a != "-v"] or sorted(GOLD.glob("*.yaml"))
    groups = evaluate(paths)
    print(table(groups), end="")
    if verbose:
        for s in groups.values():
            for miss in s.misses:
                print(miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
