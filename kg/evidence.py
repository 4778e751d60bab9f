"""Finding a curator's quote in a source text, and the W3C Web Annotation that records it.

Every fact in the graph points at the sentence that states it. The curator copies that
sentence into the claims file, where YAML folding and line wrapping easily change its white
space, and typing a quote by hand easily turns ’ into ' or – into -; nothing else may differ.
So a quote is matched with every run of white space standing for any run of white space, each
apostrophe, quotation mark or dash standing for any of its typographic variants (’ ‘ ' ʼ;
“ ” „ "; - ‐ – — −), and everything else (letters, other punctuation, case) exactly. The
annotation then records the text *as it stands in the source* (`oa:exact == text[start:end]`),
never the curator's copy, so the offsets always reproduce it. A quote that is not found is
reported with the first character where it parts from the text.

A quote that occurs twice cannot be pinned to one place: rather than silently taking the first,
`find_quote` refuses it and asks for a longer quote (docs/model.md, "The annotation of a claim").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.namespaces import ID, OA, Triple

CONTEXT = 32  # code points of oa:prefix / oa:suffix


class QuoteError(ValueError):
    """A quote that cannot be located in its source; `str()` says what to do."""


class QuoteNotFound(QuoteError):
    """The quote does not occur in the text (white space aside)."""


class QuoteAmbiguous(QuoteError):
    """The quote occurs more than once; `offsets` lists each (start, end)."""

    def __init__(self, message: str, offsets: list[tuple[int, int]]) -> None:
        super().__init__(message)
        self.offsets = offsets


# characters a hand-typed quote may use for one another: each class is matched as a whole
_VARIANTS = ("'‘’‚‛ʼ′`", '"“”„‟″', "-‐‑‒–—―−")
_CLASS = {ch: "[" + re.escape(group) + "]" for group in _VARIANTS for ch in group}


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A regex matching `quote` with each run of white space standing for any run of it, and
    each apostrophe, quotation mark or dash for any of its typographic variants."""
    words = quote.split()
    if not words:
        raise QuoteNotFound("the quote is empty: copy the sentence that supports the claim")
    return re.compile(r"\s+".join("".join(_char(ch) for ch in word) for word in words))


def _char(ch: str) -> str:
    return _CLASS.get(ch) or re.escape(ch)


# each typographic variant → the first character of its class
_FOLD = {ord(ch): group[0] for group in _VARIANTS for ch in group}


@lru_cache(maxsize=32)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` with each run of white space as one space and each variant as its class's first
    character, and for each of its characters the offset it comes from in `text`. Made once
    per source text: finding a quote is then a plain substring search, where compiling one
    regex per quote cost more than the rest of loading a claim."""
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for offset, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                origin.append(offset)
            in_space = True
            continue
        in_space = False
        chars.append(ch)
        origin.append(offset)
    return "".join(chars).translate(_FOLD), tuple(origin)


def find_quote(text: str, quote: str) -> tuple[int, int]:
    """The code-point offsets `(start, end)` of `quote` in `text`, end exclusive.

    White space may differ (a line break for a space, two spaces for one, leading or trailing
    space); nothing else may. Raises QuoteNotFound when absent and QuoteAmbiguous when it
    occurs more than once (overlapping occurrences included). The same matches as searching
    `quote_pattern(quote)` (tests/test_evidence.py holds them equal), found in the folded text."""
    words = quote.split()
    if not words:
        raise QuoteNotFound("the quote is empty: copy the sentence that supports the claim")
    folded, origin = _folded(text)
    needle = " ".join(words).translate(_FOLD)
    found: list[tuple[int, int]] = []
    at = folded.find(needle)
    while at != -1:
        found.append((origin[at], origin[at + len(needle) - 1] + 1))
        at = folded.find(needle, at + 1)
    if not found:
        raise QuoteNotFound(
            "the quote is not in the source text"
            f"{_first_difference(text, quote)}: copy it exactly from the text "
            "(only white space and typographic quotes and dashes may differ)"
            f"{_closest_passage(text, quote)}"
        )
    if len(found) > 1:
        where = ", ".join(str(start) for start, _ in found)
        raise QuoteAmbiguous(
            f"the quote occurs {len(found)} times in the source (at code points {where}): "
            "quote more of the sentence so that it occurs once",
            found,
        )
    return found[0]


def _first_difference(text: str, quote: str) -> str:
    """ "; it matches the text up to '…', then has 'x' (U+0078) where the text has 'y'" for
    the longest start of the quote found in the text, or "" when the start found is too short
    to point at. Binary search over the length: a start that occurs has every shorter start
    occurring too, so the cost is a few regex searches, not one per character."""
    squashed = " ".join(quote.split())
    low, high = 0, len(squashed)  # the start of length `low` occurs; `high` + 1 does not
    while low < high:
        middle = (low + high + 1) // 2
        if _start_pattern(squashed[:middle]).search(text):
            low = middle
        else:
            high = middle - 1
    if low < 5 or low >= len(squashed):  # too short a start to point at
        return ""
    match = _start_pattern(squashed[:low]).search(text)
    assert match is not None
    seen = ("…" if low > 30 else "") + squashed[max(0, low - 30) : low]
    instead = (
        "where the text ends"
        if match.end() >= len(text)
        else f"where the text has {_describe(text[match.end()])}"
    )
    return f"; it matches the text up to {seen!r}, then has {_describe(squashed[low])} {instead}"


def _start_pattern(start: str) -> re.Pattern[str]:
    """The pattern of the start of a quote; a start ending in a space needs white space."""
    pattern = quote_pattern(start).pattern
    return re.compile(pattern + r"\s+" if start.endswith(" ") else pattern)


def _describe(ch: str) -> str:
    if ch.isspace():
        return "a line break" if ch in "\n\r" else "a space"
    return f"{ch!r} (U+{ord(ch):04X})"


def _closest_passage(text: str, quote: str) -> str:
    """ "; the closest passage is '…'" when some passage is close enough to help the curator
    spot a typo, else nothing."""
    alignment = fuzz.partial_ratio_alignment(" ".join(quote.split()), text)
    if alignment is None or alignment.score < 70:
        return ""
    passage = " ".join(text[alignment.dest_start : alignment.dest_end].split())
    return f"; the closest passage is {passage!r}"


def claim_iri(source_slug: str, claim_id: str) -> URIRef:
    """`id:claim/{source-slug}/{claim-id}`."""
    return ID[f"claim/{source_slug}/{claim_id}"]


def annotation_iri(source_slug: str, claim_id: str) -> URIRef:
    """`id:annotation/{source-slug}/{claim-id}`."""
    return ID[f"annotation/{source_slug}/{claim_id}"]


def annotation_triples(
    *,
    source_slug: str,
    source: URIRef,
    claim_id: str,
    text: str,
    start: int,
    end: int,
) -> list[Triple]:
    """The Web Annotation linking claim `claim_id` to `text[start:end]` of `source`.

    `oa:exact` is the source's own text between the offsets (not the curator's copy), with up
    to 32 code points of `oa:prefix` / `oa:suffix` so the quote can be re-anchored if the
    offsets are ever doubted. Every node has an IRI: no blank nodes, deterministic output."""
    return text_annotation(
        annotation_iri(source_slug, claim_id),
        body=claim_iri(source_slug, claim_id),
        motivation=OA.describing,
        source=source,
        text=text,
        start=start,
        end=end,
    )


def text_annotation(
    annotation: URIRef,
    *,
    body: URIRef,
    motivation: URIRef,
    source: URIRef,
    text: str,
    start: int,
    end: int,
) -> list[Triple]:
    """One W3C Web Annotation of `text[start:end]` of `source` with `body`: the shape shared by
    the claims' evidence and the mentions `polkg extract` finds (a quote selector with exact,
    prefix and suffix, and a position selector in code points, end exclusive). A list, not a
    Graph: a build makes one per claim, and a Graph each cost more than its triples."""
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"offsets {start}..{end} do not lie inside a text of {len(text)} code points"
        )
    target = URIRef(f"{annotation}/target")
    quote = URIRef(f"{target}/quote")
    position = URIRef(f"{target}/position")
    triples: list[Triple] = [
        (annotation, RDF.type, OA.Annotation),
        (annotation, OA.motivatedBy, motivation),
        (annotation, OA.hasBody, body),
        (annotation, OA.hasTarget, target),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, source),
        (target, OA.hasSelector, quote),
        (target, OA.hasSelector, position),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(text[start:end])),
    ]
    prefix = text[max(0, start - CONTEXT) : start]
    suffix = text[end : end + CONTEXT]
    if prefix:
        triples.append((quote, OA.prefix, Literal(prefix)))
    if suffix:
        triples.append((quote, OA.suffix, Literal(suffix)))
    triples += [
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(start, datatype=XSD.integer)),
        (position, OA.end, Literal(end, datatype=XSD.integer)),
    ]
    return triples
