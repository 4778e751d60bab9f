"""Quotes in source texts: white space and typographic variants tolerated, nothing else;
offsets in code points; the Web Annotation reproduces the source's own text."""

from __future__ import annotations

import pytest
import rdflib.namespace as rdfns
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.evidence import (
    QuoteAmbiguous,
    QuoteNotFound,
    annotation_iri,
    annotation_triples,
    claim_iri,
    find_quote,
    quote_pattern,
)
from kg.namespaces import ID, OA


def _graph(triples: list[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    graph += triples
    return graph


TEXT = "Title\n\nAyşe Demirtaş won 54.2% of the\nvote.  Her rival took 45.0%.\n"


def test_exact_quote_offsets_count_code_points() -> None:
    # "Title\n\n" is 7 code points; "Ayşe Demirtaş" is 13 code points but 15 UTF-8 bytes.
    start, end = find_quote(TEXT, "Ayşe Demirtaş")
    assert (start, end) == (7, 20)


def test_white_space_differences_are_tolerated_and_offsets_cover_the_source_text() -> None:
    # The source breaks the line after "the"; the curator wrote one space.
    start, end = find_quote(TEXT, "won 54.2% of the vote.")
    assert TEXT[start:end] == "won 54.2% of the\nvote."
    # Two spaces in the source, one in the quote; a leading/trailing space in the quote.
    start, end = find_quote(TEXT, " vote. Her rival ")
    assert TEXT[start:end] == "vote.  Her rival"


def test_anything_but_white_space_must_match() -> None:
    with pytest.raises(QuoteNotFound):
        find_quote(TEXT, "Ayse Demirtas")  # letters differ
    with pytest.raises(QuoteNotFound):
        find_quote(TEXT, "won 54.2 % of the vote")  # a space where the text has none


def test_typographic_variants_are_found_and_recorded_as_the_text_has_them() -> None:
    text = "He said “it’s over” — twice, in 2019–2020."
    quote = 'He said "it\'s over" - twice, in 2019-2020.'  # typed by hand
    start, end = find_quote(text, quote)
    assert text[start:end] == text  # the text's own characters, not the curator's
    annotation = _graph(
        annotation_triples(
            source_slug="s", source=URIRef("urn:s"), claim_id="c", text=text, start=start, end=end
        )
    )
    assert Literal(text) in set(annotation.objects(None, OA.exact))
    with pytest.raises(QuoteNotFound):  # a dash is not an apostrophe
        find_quote(text, "it-s over")


def test_a_quote_not_found_names_the_first_differing_character() -> None:
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "won 54.3% of the vote")
    assert (
        "it matches the text up to 'won 54.', then has '3' (U+0033) where the text has "
        "'2' (U+0032)" in str(info.value)
    )
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "won 54.2 % of the vote")
    assert "up to 'won 54.2', then has a space where the text has '%' (U+0025)" in str(info.value)


def test_a_near_miss_names_the_closest_passage() -> None:
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "Her rivall took 45.0%")  # a typo
    assert "the closest passage is 'Her rival took 45.0%" in str(info.value)
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "Something else entirely, nowhere in the text")
    assert "closest passage" not in str(info.value)


def test_empty_quote_is_not_found() -> None:
    with pytest.raises(QuoteNotFound):
        find_quote(TEXT, "  \n ")


def test_a_quote_occurring_twice_is_refused_with_both_places() -> None:
    text = "It will be ok. Then: it will be ok."
    with pytest.raises(QuoteAmbiguous) as info:
        find_quote(text, "will be ok.")
    assert info.value.offsets == [(3, 14), (24, 35)]
    assert "longer" in str(info.value) or "more of the sentence" in str(info.value)
    # A longer quote pins it down.
    assert find_quote(text, "Then: it will be ok.") == (15, 35)


def test_overlapping_occurrences_are_ambiguous_too() -> None:
    with pytest.raises(QuoteAmbiguous) as info:
        find_quote("ab ab ab", "ab ab")
    assert info.value.offsets == [(0, 5), (3, 8)]


def test_annotation_shape_and_exact_text() -> None:
    source = ID["source/s1"]
    start, end = find_quote(TEXT, "won 54.2% of the vote.")
    graph = _graph(
        annotation_triples(
            source_slug="s1", source=source, claim_id="c-1", text=TEXT, start=start, end=end
        )
    )
    ann = URIRef("https://w3id.org/polkg/id/annotation/s1/c-1")
    target = URIRef(f"{ann}/target")
    quote = URIRef(f"{target}/quote")
    position = URIRef(f"{target}/position")
    assert annotation_iri("s1", "c-1") == ann
    assert claim_iri("s1", "c-1") == URIRef("https://w3id.org/polkg/id/claim/s1/c-1")
    assert (ann, RDF.type, OA.Annotation) in graph
    assert (ann, OA.motivatedBy, OA.describing) in graph
    assert (ann, OA.hasBody, URIRef("https://w3id.org/polkg/id/claim/s1/c-1")) in graph
    assert (ann, OA.hasTarget, target) in graph
    assert (target, RDF.type, OA.SpecificResource) in graph
    assert (target, OA.hasSource, source) in graph
    assert set(graph.objects(target, OA.hasSelector)) == {quote, position}
    assert (quote, RDF.type, OA.TextQuoteSelector) in graph
    # The source's own text (with its line break), not the curator's copy.
    assert graph.value(quote, OA.exact) == Literal("won 54.2% of the\nvote.")
    assert (position, RDF.type, OA.TextPositionSelector) in graph
    assert graph.value(position, OA.start) == Literal(21, datatype=rdfns.XSD.integer)
    assert graph.value(position, OA.end) == Literal(43, datatype=rdfns.XSD.integer)
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_prefix_and_suffix_are_at_most_32_code_points() -> None:
    text = "x" * 50 + "QUOTE" + "y" * 50
    graph = _graph(
        annotation_triples(
            source_slug="s", source=ID["source/s"], claim_id="c", text=text, start=50, end=55
        )
    )
    quote = URIRef("https://w3id.org/polkg/id/annotation/s/c/target/quote")
    assert graph.value(quote, OA.prefix) == Literal("x" * 32)
    assert graph.value(quote, OA.suffix) == Literal("y" * 32)


def test_no_prefix_at_the_start_of_the_text() -> None:
    graph = _graph(
        annotation_triples(
            source_slug="s", source=ID["source/s"], claim_id="c", text="Hello world", start=0, end=5
        )
    )
    quote = URIRef("https://w3id.org/polkg/id/annotation/s/c/target/quote")
    assert graph.value(quote, OA.prefix) is None
    assert graph.value(quote, OA.suffix) == Literal(" world")


def test_offsets_outside_the_text_are_refused() -> None:
    with pytest.raises(ValueError):
        annotation_triples(
            source_slug="s", source=ID["source/s"], claim_id="c", text="abc", start=1, end=9
        )


def _regex_reference(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (overlapping) match of the quote's pattern: what find_quote must agree with."""
    pattern = quote_pattern(quote)
    found, pos = [], 0
    while (match := pattern.search(text, pos)) is not None:
        found.append((match.start(), match.end()))
        pos = match.start() + 1
    return found


_ALPHABET = "ab ’'\"“-–\n\t\u00a0."


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=40),
    cut=st.tuples(st.integers(0, 40), st.integers(1, 12)),
    noise=st.text(alphabet=_ALPHABET, max_size=6),
)
def test_find_quote_finds_exactly_what_the_quote_pattern_matches(
    text: str, cut: tuple[int, int], noise: str
) -> None:
    start, length = cut
    for quote in (text[start : start + length], noise):
        if not quote.split():
            continue
        expected = _regex_reference(text, quote)
        try:
            got = [find_quote(text, quote)]
        except QuoteAmbiguous as err:
            got = err.offsets
        except QuoteNotFound:
            got = []
        assert got == expected, (text, quote)
