"""Slugs and IRIs: deterministic, ASCII, Turkish-aware, from any script.

The same input must always give the same IRIs so that Turtle diffs stay small and other
tools can link to our entities. `str.lower()` alone gets Turkish wrong (İ lowers to "i̇",
ı stays ı), so names are folded explicitly before anything else (the fixed folding of
DESIGN.md). What is left that is not ASCII — Cyrillic, Greek, Arabic, Chinese, ł, ø, æ, ß —
goes through anyascii, a maintained transliteration table (Владимир Путин → vladimir putin),
so a name in any script gives a readable slug. A name with nothing to transliterate (only
emoji or punctuation) gets a slug from its hash, never an error.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii
from rdflib import URIRef

from kg.namespaces import ID, SOURCE_GRAPH

_TURKISH = str.maketrans(
    {
        "İ": "i",
        "I": "i",
        "ı": "i",
        "Ğ": "g",
        "ğ": "g",
        "Ş": "s",
        "ş": "s",
        "Ç": "c",
        "ç": "c",
        "Ö": "o",
        "ö": "o",
        "Ü": "u",
        "ü": "u",
    }
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")
_HASH_SLUG_PREFIX = "x-"  # "x-" + 12 hex digits: a slug for a name with no letters or digits
NODE_ID = re.compile(r"^[a-z][a-z-]*/[a-z0-9][a-z0-9-]*$")


def fold(text: str) -> str:
    """Fold a name for comparison: Turkish letters mapped, accents stripped, other scripts
    transliterated to ASCII, lower case, punctuation turned to single spaces.

    >>> fold("Ekrem İmamoğlu") == fold("EKREM IMAMOGLU") == "ekrem imamoglu"
    True
    >>> fold("Владимир Путин"), fold("Lech Wałęsa"), fold("习近平")
    ('vladimir putin', 'lech walesa', 'xi jin ping')
    """
    text = unicodedata.normalize("NFC", text).translate(_TURKISH)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NON_WORD.sub(" ", text)  # before transliteration: emoji and symbols go here
    if not text.isascii():
        text = _transliterate(text).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def _transliterate(text: str) -> str:
    """ASCII for every character anyascii knows. Ideographs are spaced apart (习近平 →
    "Xi Jin Ping", not "XiJinPing": Chinese writes no spaces between syllables), and the
    apostrophes some tables use for Cyrillic ь/ъ or Hebrew א are dropped (Ильич → "Ilich"),
    so the words stay readable."""
    parts = []
    for ch in text:
        if ch.isascii():
            parts.append(ch)
            continue
        ascii_form = anyascii(ch).replace("'", "")
        if unicodedata.name(ch, "").startswith("CJK "):
            ascii_form = f" {ascii_form} "
        parts.append(ascii_form)
    return "".join(parts)


def slug(text: str) -> str:
    """An ASCII, lower-case, hyphenated slug: `slug("Binali Yıldırım") == "binali-yildirim"`,
    `slug("Владимир Путин") == "vladimir-putin"`.

    A text with no letters or digits in any script ("🎉", " — ") gets "x-" and the first 12
    hex digits of the SHA-256 of its NFC form: stable, and distinct for distinct texts."""
    result = _NON_SLUG.sub("-", fold(text)).strip("-")
    if result:
        return result
    digest = hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()
    return _HASH_SLUG_PREFIX + digest[:12]


def node_iri(node_id: str) -> URIRef:
    """The IRI of a node given as `kind/slug` (e.g. `person/ekrem-imamoglu`)."""
    if not NODE_ID.match(node_id):
        raise ValueError(
            f"{node_id!r} is not a node id: write kind/slug in lower case, "
            "e.g. person/ekrem-imamoglu"
        )
    return ID[node_id]


def entity_iri(kind: str, label: str) -> URIRef:
    """The IRI of an entity of `kind` named `label`: `…/id/{kind}/{slug(label)}`."""
    return ID[f"{kind}/{slug(label)}"]


def source_graph_iri(source_slug: str) -> URIRef:
    """The named graph holding what one source states."""
    return SOURCE_GRAPH[source_slug]
