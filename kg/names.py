"""Names as news writes them: the text rules the resolver applies before it compares names.

A report writes "Mr Imamoglu", "Imamoglu's", "İmamoğlu'nu" (Turkish marks a case on a proper
name after an apostrophe), "Turkey's Supreme Election Council" or "the electoral board"; the
curated entities list "Ekrem İmamoğlu" and "Supreme Electoral Council". This module holds the
rules that are about words alone, with no entity in sight, so each can be read and tested on
its own; `kg.resolve` decides what a name denotes.

- `drop_suffixes()` — the name without the possessive or case suffix written after an
  apostrophe ('s, ’s, 'nu, 'ın, 'nın, 'a, 'e, 'ye, 'da, 'dan, 'la, …), and `drop_title()` —
  without a leading honorific or title ("Mr", "Dr.", "President", "Prime Minister", "Bay",
  "Sayın"); each says what it dropped, for the resolution report.
- `stem()` — the English Snowball stem of a folded word (elections → elect, electoral →
  elector), and `word_match()` — how well two words of an organisation's name match: the same
  word, the same stem, one stem the start of the other (elect ~ elector), or a spelling slip.
- `deletions()` — every string a few letters shorter: the symmetric-delete index that finds
  the words within a few typos of a word without comparing it with every known word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from snowballstemmer import stemmer

from kg.ids import fold

# Titles and honorifics dropped from the start of a name, folded (kg.ids.fold), longest first
# where one is the start of another. Only a leading title is dropped, and never the whole name.
TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(title.split())
            for title in (
                # English
                "mr",
                "mrs",
                "ms",
                "miss",
                "mx",
                "dr",
                "prof",
                "professor",
                "sir",
                "dame",
                "lord",
                "lady",
                "president",
                "vice president",
                "prime minister",
                "deputy prime minister",
                "minister",
                "foreign minister",
                "mayor",
                "governor",
                "senator",
                "general",
                "chairman",
                "chairwoman",
                # Turkish (folded: Sayın → sayin, Başbakan → basbakan)
                "bay",
                "bayan",
                "sayin",
                "sn",
                "cumhurbaskani",
                "basbakan",
                "bakan",
                "baskan",
                "belediye baskani",
                "vali",
            )
        ),
        key=len,
        reverse=True,
    )
)

# What may follow an apostrophe at the end of a proper name, folded: the English possessive,
# and the Turkish case and possessive suffixes with their buffer consonants (n, s, y) and
# vowel harmony (folding has already turned ı→i and ü→u): genitive 'ın/'nın, accusative 'ı/'nu,
# dative 'a/'ye, locative 'da/'te, ablative 'dan/'ten, instrumental 'la/'yle, equative 'ca,
# a relative 'ki or copula 'dir after them, and the plural 'lar/'ler with a case.
_SUFFIX = re.compile(
    r"^(?:s"
    r"|[nsy]?(?:i|u|a|e|in|un|da|de|ta|te|dan|den|tan|ten|la|le|ca|ce)(?:ki|dir|dur|tir|tur)?"
    r"|(?:lar|ler)(?:i|in|a|e|da|de|dan|den)?)$"
)
_APOSTROPHE = "'’ʼ`´"
_SUFFIXED = re.compile(rf"^(.*\w)[{_APOSTROPHE}](\w+)$")
_ENGLISH = stemmer("english")

STEM_PREFIX = 5  # a stem this long that begins another (elect, elector) counts as shared
SAME_STEM_SCORE = 0.95  # elections ~ election
SHARED_STEM_SCORE = 0.9  # election ~ electoral


def drop_suffixes(name: str) -> tuple[str, tuple[str, ...]]:
    """`name` without the possessive or case suffix written after an apostrophe at the end of
    any of its words, and a note for each: for a name of any kind ("Turkey's", "CHP'nin").

    >>> drop_suffixes("İmamoğlu'nu")
    ('İmamoğlu', ("suffix 'nu dropped",))
    >>> drop_suffixes("Turkey’s Supreme Election Council")
    ('Turkey Supreme Election Council', ('suffix ’s dropped',))
    >>> drop_suffixes("O'Brien")
    ("O'Brien", ())
    """
    notes: list[str] = []
    kept = []
    for word in name.split():
        if len(word) > 1 and word[-1] in _APOSTROPHE:  # the Kurds' → Kurds
            notes.append(f"apostrophe {word[-1]} dropped")
            word = word[:-1]
        match = _SUFFIXED.match(word)
        if match and _SUFFIX.match(fold(match.group(2))):
            notes.append(f"suffix {word[len(match.group(1)) :]} dropped")
            word = match.group(1)
        kept.append(word)
    return " ".join(kept), tuple(notes)


def drop_title(name: str) -> tuple[str, tuple[str, ...]]:
    """`name` without a leading honorific or title, and a note; for people only (the resolver
    tries this reading against people alone: "General Motors" is not a general).

    >>> drop_title("Mr. Imamoglu")
    ('Imamoglu', ("title 'Mr.' dropped",))
    >>> drop_title("Prime Minister Binali Yıldırım")
    ('Binali Yıldırım', ("title 'Prime Minister' dropped",))
    >>> drop_title("Mayor")
    ('Mayor', ())
    """
    words = name.split()
    for title in TITLES:
        if len(words) > len(title) and tuple(fold(w) for w in words[: len(title)]) == title:
            dropped = " ".join(words[: len(title)])
            return " ".join(words[len(title) :]), (f"title {dropped!r} dropped",)
    return name, ()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English Snowball stem of a folded word: elections → elect, electoral → elector."""
    return str(_ENGLISH.stemWord(word))


def word_match(a: str, b: str, threshold: float) -> tuple[float, str] | None:
    """How two folded words of an organisation's name match, and a note saying how; None when
    they do not: the same word (1.0); the same stem (0.95); one stem the start of the other and
    at least five letters long (0.9: election ~ electoral); a spelling slip (the OSA similarity,
    at least `threshold`)."""
    if a == b:
        return 1.0, ""
    stem_a, stem_b = stem(a), stem(b)
    if stem_a == stem_b:
        return SAME_STEM_SCORE, f"{a} ~ {b} (same stem)"
    short, long = sorted((stem_a, stem_b), key=len)
    if len(short) >= STEM_PREFIX and long.startswith(short):
        return SHARED_STEM_SCORE, f"{a} ~ {b} (shared stem {short})"
    similarity = OSA.normalized_similarity(a, b)
    if similarity >= threshold:
        return similarity, f"{a} ~ {b} (spelling, {similarity:.3f})"
    return None


def max_edits(length: int, threshold: float) -> int:
    """The most edits a word of `length` letters can be from a word whose OSA similarity with
    it is at least `threshold` (similarity = 1 − edits / longer length), at most 3."""
    return min(3, int((1 - threshold) * length / threshold + 1e-9))


def deletions(word: str, edits: int) -> set[str]:
    """`word` and every string made from it by deleting up to `edits` letters.

    Two words within `edits` substitutions, insertions, deletions or swaps of neighbours share
    such a string (symmetric delete), so an index of these finds every near word in a few
    look-ups, however many words it holds."""
    found = {word}
    frontier = {word}
    for _ in range(edits):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found
