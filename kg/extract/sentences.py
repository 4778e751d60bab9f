"""Sentence spans of an article, as code-point offsets into its text.

Every fact the extractor reports carries the sentence it stands in, and attachment (which
candidate a percentage belongs to) never crosses a sentence. News text glued together by
copy-and-paste often lacks the space after a full stop ("the bloc.In May"), and
abbreviations ("Jan. 29", "Mr. Smith") must not end a sentence, so a small rule set is used
rather than a splitter trained on clean prose.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "prof", "no", "vs", "etc", "approx",
        "c", "g",
    }
)  # fmt: skip
# an end mark, then either white space or (glued text) an upper-case letter starting a word
_END = re.compile(r"[.!?…](?:[\"”’'\])]*)(?=\s|[A-ZÇĞİÖŞÜ][a-zçğıöşü])")
_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: `text[start:end]` of the article (end exclusive)."""

    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order; line breaks always end a sentence."""
    cuts: set[int] = {0, len(text)}
    for match in _BREAK.finditer(text):
        cuts.add(match.start())
        cuts.add(match.end())
    for match in _END.finditer(text):
        word = re.search(r"(\w+)\W*$", text[max(0, match.start() - 12) : match.start()])
        if text[match.start()] == "." and word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        cuts.add(match.end())
    result = []
    ordered = sorted(cuts)
    for start, end in itertools.pairwise(ordered):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s = start + lead
        result.append(Sentence(s, s + len(stripped), stripped))
    return result


class SentenceIndex:
    """Finds the sentence holding an offset by binary search (built once per article)."""

    def __init__(self, spans: list[Sentence]) -> None:
        self.spans = spans
        self._starts = [s.start for s in spans]

    def at(self, offset: int) -> Sentence | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and self.spans[index].start <= offset < self.spans[index].end:
            return self.spans[index]
        return None
