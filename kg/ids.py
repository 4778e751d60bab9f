"""Slugs and IRIs: deterministic, ASCII, Turkish-aware.

The same input must always give the same IRIs so that Turtle diffs stay small and other
tools can link to our entities. `str.lower()` alone gets Turkish wrong (İ lowers to "i̇",
ı stays ı), so names are folded explicitly before anything else.
"""

from __future__ import annotations

import re
import unicodedata

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
NODE_ID = re.compile(r"^[a-z][a-z-]*/[a-z0-9][a-z0-9-]*$")


def fold(text: str) -> str:
    """Fold a name for comparison: Turkish letters mapped, accents stripped, lower case,
    punctuation other than letters and digits turned to single spaces.

    >>> fold("Ekrem İmamoğlu") == fold("EKREM IMAMOGLU") == "ekrem imamoglu"
    True
    """
    text = unicodedata.normalize("NFC", text).translate(_TURKISH)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^\w]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def slug(text: str) -> str:
    """An ASCII, lower-case, hyphenated slug: `slug("Binali Yıldırım") == "binali-yildirim"`."""
    folded = fold(text).encode("ascii", "ignore").decode("ascii")
    result = _NON_SLUG.sub("-", folded).strip("-")
    if not result:
        raise ValueError(f"cannot make a slug from {text!r}: it has no letters or digits")
    return result


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
