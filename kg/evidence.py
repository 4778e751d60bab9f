"""Finding a curator's quote in a source text, and the W3C Web Annotation that records it.

Every fact in the graph points at the sentence that states it. The curator copies that
sentence into the claims file, where YAML folding and line wrapping easily change its white
space; nothing else may differ. So a quote is matched with every run of white space standing
for any run of white space, and everything else (letters, punctuation, typographic quotes,
case) exactly. The annotation then records the text *as it stands in the source*
(`oa:exact == text[start:end]`), never the curator's copy, so the offsets always reproduce it.

A quote that occurs twice cannot be pinned to one place: rather than silently taking the first,
`find_quote` refuses it and asks for a longer quote (docs/model.md, "The annotation of a claim").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.namespaces import ID, OA, new_graph

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


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A regex matching `quote` with each run of white space standing for any run of it."""
    words = quote.split()
    if not words:
        raise QuoteNotFound("the quote is empty: copy the sentence that supports the claim")
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_quote(text: str, quote: str) -> tuple[int, int]:
    """The code-point offsets `(start, end)` of `quote` in `text`, end exclusive.

    White space may differ (a line break for a space, two spaces for one, leading or trailing
    space); nothing else may. Raises QuoteNotFound when absent and QuoteAmbiguous when it
    occurs more than once (overlapping occurrences included)."""
    pattern = quote_pattern(quote)
    found: list[tuple[int, int]] = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        found.append((match.start(), match.end()))
        pos = match.start() + 1
    if not found:
        raise QuoteNotFound(
            "the quote is not in the source text: copy it exactly from the text "
            f"(only white space may differ){_closest_passage(text, quote)}"
        )
    if len(found) > 1:
        where = ", ".join(str(start) for start, _ in found)
        raise QuoteAmbiguous(
            f"the quote occurs {len(found)} times in the source (at code points {where}): "
            "quote more of the sentence so that it occurs once",
            found,
        )
    return found[0]


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
) -> Graph:
    """The Web Annotation linking claim `claim_id` to `text[start:end]` of `source`.

    `oa:exact` is the source's own text between the offsets (not the curator's copy), with up
    to 32 code points of `oa:prefix` / `oa:suffix` so the quote can be re-anchored if the
    offsets are ever doubted. Every node has an IRI: no blank nodes, deterministic output."""
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"offsets {start}..{end} do not lie inside a text of {len(text)} code points"
        )
    graph = new_graph()
    annotation = annotation_iri(source_slug, claim_id)
    target = URIRef(f"{annotation}/target")
    quote = URIRef(f"{target}/quote")
    position = URIRef(f"{target}/position")
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.motivatedBy, OA.describing))
    graph.add((annotation, OA.hasBody, claim_iri(source_slug, claim_id)))
    graph.add((annotation, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, source))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[start:end])))
    prefix = text[max(0, start - CONTEXT) : start]
    suffix = text[end : end + CONTEXT]
    if prefix:
        graph.add((quote, OA.prefix, Literal(prefix)))
    if suffix:
        graph.add((quote, OA.suffix, Literal(suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.integer)))
    return graph
