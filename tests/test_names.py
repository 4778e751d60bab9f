"""The text rules of kg.names, word by word: suffixes after an apostrophe, titles, stems, and
the deletion index that must find every word within the fuzzy threshold."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import OSA

from kg.names import deletions, drop_suffixes, drop_title, max_edits, word_match


@pytest.mark.parametrize(
    ("written", "bare", "dropped"),
    [
        ("Imamoglu's", "Imamoglu", "'s"),
        ("Imamoglu’s", "Imamoglu", "’s"),
        ("İmamoğlu'nu", "İmamoğlu", "'nu"),
        ("İmamoğlu’ın", "İmamoğlu", "’ın"),
        ("Erdoğan'ın", "Erdoğan", "'ın"),
        ("Yıldırım'a", "Yıldırım", "'a"),
        ("CHP'nin", "CHP", "'nin"),
        ("Kılıçdaroğlu'nun", "Kılıçdaroğlu", "'nun"),
        ("İstanbul'e", "İstanbul", "'e"),  # wrong harmony, still a suffix
        ("YSK'ye", "YSK", "'ye"),
        ("Ankara'da", "Ankara", "'da"),
        ("Ankara'dan", "Ankara", "'dan"),
        ("Türkiye'deki", "Türkiye", "'deki"),
        ("Özhaseki'yle", "Özhaseki", "'yle"),
        ("Ankara'sı", "Ankara", "'sı"),
    ],
)
def test_a_suffix_after_an_apostrophe_is_dropped(written: str, bare: str, dropped: str) -> None:
    assert drop_suffixes(written) == (bare, (f"suffix {dropped} dropped",))


@pytest.mark.parametrize("name", ["O'Brien", "D'Alema", "Qur'an", "People", "Nowak", "ʻOumuamua"])
def test_apostrophes_that_are_part_of_a_name_stay(name: str) -> None:
    assert drop_suffixes(name) == (name, ())


def test_suffixes_on_several_words_and_a_plural_possessive() -> None:
    assert drop_suffixes("Turkey's Supreme Election Council's") == (
        "Turkey Supreme Election Council",
        ("suffix 's dropped", "suffix 's dropped"),
    )
    assert drop_suffixes("the Kurds'") == ("the Kurds", ("apostrophe ' dropped",))


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("Mr Nowak", "Nowak"),
        ("Mr. Nowak", "Nowak"),
        ("MRS Anna Nowak", "Anna Nowak"),
        ("Ms Nowak", "Nowak"),
        ("Dr Nowak", "Nowak"),
        ("President Erdoğan", "Erdoğan"),
        ("Mayor İmamoğlu", "İmamoğlu"),
        ("Prime Minister Binali Yıldırım", "Binali Yıldırım"),
        ("Bay Yıldırım", "Yıldırım"),
        ("Bayan Kowalska", "Kowalska"),
        ("Sayın İmamoğlu", "İmamoğlu"),
    ],
)
def test_a_leading_title_is_dropped(written: str, bare: str) -> None:
    text, notes = drop_title(written)
    assert text == bare
    assert len(notes) == 1 and notes[0].startswith("title ")


@pytest.mark.parametrize("name", ["Mr", "Prime Minister", "Nowak Mr", "Mister Nowak"])
def test_a_title_alone_or_elsewhere_stays(name: str) -> None:
    assert drop_title(name) == (name, ())


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("election", "election", 1.0),
        ("elections", "election", 0.95),
        ("councils", "council", 0.95),
        ("election", "electoral", 0.9),
        ("counsil", "council", OSA.normalized_similarity("counsil", "council")),
    ],
)
def test_word_match_scores(a: str, b: str, score: float) -> None:
    matched = word_match(a, b, 0.8)
    assert matched is not None and matched[0] == pytest.approx(score)


@pytest.mark.parametrize(
    ("a", "b"), [("high", "supreme"), ("board", "council"), ("commission", "committee")]
)
def test_different_words_do_not_match(a: str, b: str) -> None:
    assert word_match(a, b, 0.8) is None


@pytest.mark.parametrize("threshold", [0.8, 0.7])
def test_the_deletion_index_finds_every_word_within_the_threshold(threshold: float) -> None:
    """Against a brute-force comparison of every pair, on random words and their typos."""
    rng = random.Random(8)
    letters = "abcdeg"  # few letters: many near pairs
    words = {"".join(rng.choices(letters, k=rng.randint(3, 11))) for _ in range(400)}
    index: dict[str, set[str]] = {}
    for word in words:
        for variant in deletions(word, max_edits(len(word), threshold)):
            index.setdefault(variant, set()).add(word)
    for query in sorted(words)[:150]:
        found = set().union(
            *(index.get(v, set()) for v in deletions(query, max_edits(len(query), threshold)))
        )
        expected = {w for w in words if OSA.normalized_similarity(query, w) >= threshold}
        assert expected <= found, query
