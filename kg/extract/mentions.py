"""Mentions of known entities in an article, and names that look like entities nobody knows.

Two passes, both over word tokens with their code-point offsets:

1. **Names.** Every label, alternative label and abbreviation of every entity, folded with
   `kg.ids.fold` (Turkish letters, accents, case), is matched as a token sequence, longest
   first. Because a token is a run of word characters, a possessive or a Turkish case suffix
   after an apostrophe ("Erdogan's", "İmamoğlu'nu", "İstanbul'umuz") is a token of its own and
   the name before it matches unchanged; the mention's span is the name without the suffix.
   Abbreviations and one-word names written with a capital must be capitalised in the text too
   ("EU", "Turkey"), so ordinary words are not taken for names.
2. **The resolver.** Capitalised runs left over ("Binali Yilderim", "Aksu") are handed to
   `kg.resolve.Resolver.resolve`, the same rule the build uses for curated claims: one typo in
   a surname, a surname alone, never a first name swapped. Whatever it refuses (unknown,
   ambiguous) is not linked.

Capitalised runs that neither pass links become new-entity candidates, with a guessed kind.
No statistical model is used (README, "Reading new articles"): the corpus names are curated,
and a model's extra recall would be on names the graph cannot link anyway.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.evidence import text_annotation
from kg.ids import fold
from kg.loaders.entities import Entity
from kg.names import drop_title
from kg.namespaces import ID, OA, new_graph
from kg.resolve import Resolver

_TOKEN = re.compile(r"\w+")
# what may stand between two tokens of one name: spaces, hyphens, brackets, apostrophes
# (never a line break or a full stop: a name does not run across sentences)
_GLUE = re.compile(r"^[ \t\-()'’]*$")
_CONNECTORS = frozenset({"of", "and", "the", "for", "ve", "de", "del", "la", "von", "van"})
_LEADING = frozenset(
    {
        "the", "a", "an", "in", "on", "at", "by", "after", "before", "despite", "during",
        "following", "for", "this", "that", "these", "those", "although", "aside", "since", "with",
        "while", "but", "and", "or", "as", "if", "when", "then", "there", "here", "his", "her",
        "its", "their", "our", "my", "mr", "mrs", "ms", "dr", "president", "former", "prime",
        "minister", "mayor", "candidate", "opposition", "rival", "turkish",
    }
)  # fmt: skip
_NOT_NAMES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "i", "we", "you", "he", "she", "it", "they",
    }
)  # fmt: skip
_DEMONYM_ENDINGS = ("ish", "ian", "ese")
_PARTY_WORDS = frozenset({"party", "parti", "partisi", "partei", "partido"})
_ORG_WORDS = frozenset(
    {
        "council", "agency", "commission", "movement", "organization", "organisation", "center",
        "centre", "board", "court", "union", "ministry", "committee", "front", "alliance",
        "coalition", "bank", "office", "news", "institute", "assembly", "parliament", "government",
    }
)  # fmt: skip


# Turkish case, possessive and derivational endings, folded (ı→i, ğ→g): stripped from the last
# word of a multi-word name so "Belediye Başkanlığı" (the mayoralty) meets "Belediye Başkanı"
# (the mayor). A stem keeps at least four letters.
_TURKISH_ENDINGS = (
    "ligi", "lugu", "lik", "luk", "lig", "lug", "leri", "lari", "ler", "lar", "nin", "nun",
    "in", "un", "ni", "nu", "si", "su", "i", "u", "da", "de", "ta", "te", "dan", "den", "tan",
    "ten", "yi", "yu",
)  # fmt: skip


def _endings_only(rest: str) -> bool:
    """Whether `rest` is a sequence of Turkish endings (or empty)."""
    if not rest:
        return True
    return any(rest.startswith(e) and _endings_only(rest[len(e) :]) for e in _TURKISH_ENDINGS)


def same_turkish_word(a: str, b: str) -> bool:
    """Whether two folded words are one word with different Turkish endings: they share a
    stem of at least four letters and what follows it in each is endings only
    ("baskanligi" and "baskani", both "baskan" + endings)."""
    if a == b:
        return True
    for cut in range(min(len(a), len(b)), 3, -1):
        if a[:cut] == b[:cut]:
            return _endings_only(a[cut:]) and _endings_only(b[cut:])
    return False


@dataclass(frozen=True)
class Mention:
    """A name in the article: `text[start:end]` (code points, end exclusive)."""

    start: int
    end: int
    text: str
    entity: str | None  # node id of the linked entity, None for a new-entity candidate
    method: str  # "label", "alt-label", "abbreviation", "folded", a resolver method, "new"
    score: float
    kind: str  # person, party, organization, place, office, group, or a guess for a candidate


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    key: str
    capital: bool


def tokens(text: str) -> list[_Token]:
    """Word tokens with offsets and their folded form."""
    return [
        _Token(m.start(), m.end(), m.group(), fold(m.group()), m.group()[0].isupper())
        for m in _TOKEN.finditer(text)
    ]


@dataclass(frozen=True)
class _Name:
    entity: Entity
    keys: tuple[str, ...]
    method: str
    case_sensitive: str | None  # the exact text required (abbreviations, all-caps names)
    needs_capital: bool


def entity_kind(entity: Entity) -> str:
    """The kind of an entity: the first segment of its id (person, party, place …)."""
    return entity.id.split("/", 1)[0]


class MentionFinder:
    """Finds mentions of a fixed set of entities; build once, use on many articles."""

    def __init__(self, entities: Sequence[Entity], resolver: Resolver | None = None) -> None:
        self._entities = list(entities)
        self._resolver = resolver if resolver is not None else Resolver(self._entities)
        self._names: dict[tuple[str, ...], list[_Name]] = {}
        self._heads: dict[tuple[str, ...], list[_Name]] = {}  # all words but the last
        self._longest = 1
        for entity in self._entities:
            labelled = [(entity.label, "label")]
            labelled += [(a, "alt-label") for a in entity.alt_labels]
            labelled += [(a, "abbreviation") for a in entity.abbreviations]
            for name, method in labelled:
                keys = tuple(fold(name).split())
                if not keys:
                    continue
                exact = name if (method == "abbreviation" or name.isupper()) else None
                capital = len(keys) == 1 and name[:1].isupper()
                entry = _Name(entity, keys, method, exact, capital)
                self._names.setdefault(keys, []).append(entry)
                if len(keys) > 1 and exact is None:
                    self._heads.setdefault(keys[:-1], []).append(entry)
                self._longest = max(self._longest, len(keys))

    def find(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """(linked mentions, new-entity candidates), each in text order."""
        toks = tokens(text)
        covered = [False] * len(toks)
        linked: list[Mention] = []
        i = 0
        while i < len(toks):
            hit = self._match_at(text, toks, i)
            if hit is None:
                i += 1
                continue
            length, mention = hit
            linked.append(mention)
            for j in range(i, i + length):
                covered[j] = True
            i += length
        candidates: list[Mention] = []
        for run in self._runs(text, toks, covered):
            found, rest = self._resolve_run(text, toks, run)
            linked.extend(found)
            for part in rest:
                candidate = self._candidate(text, toks, part)
                if candidate is not None:
                    candidates.append(candidate)
        linked.sort(key=lambda m: m.start)
        candidates.sort(key=lambda m: m.start)
        return linked, candidates

    # -- pass 1: curated names ----------------------------------------------------------

    def _match_at(self, text: str, toks: list[_Token], i: int) -> tuple[int, Mention] | None:
        for length in range(min(self._longest, len(toks) - i), 0, -1):
            span = toks[i : i + length]
            if any(not _GLUE.match(text[a.end : b.start]) for a, b in itertools.pairwise(span)):
                continue
            keys = tuple(t.key for t in span)
            start, end = span[0].start, span[-1].end
            surface = text[start:end]
            names = [n for n in self._names.get(keys, ()) if self._fits(n, surface, span)]
            method = ""
            if not names and length > 1:
                names = [
                    n
                    for n in self._heads.get(keys[:-1], ())
                    if same_turkish_word(keys[-1], n.keys[-1]) and self._fits(n, surface, span)
                ]
                method = "turkish-suffix"
            entities = {n.entity.id for n in names}
            if len(entities) != 1:
                continue  # unknown here, or two entities share the name: leave it
            name = names[0]
            exact = surface in (name.entity.label, *name.entity.alt_labels)
            if not method:
                method = name.method if exact or name.method == "abbreviation" else "folded"
            return length, Mention(
                start, end, surface, name.entity.id, method, 1.0, entity_kind(name.entity)
            )
        return None

    @staticmethod
    def _fits(name: _Name, surface: str, span: list[_Token]) -> bool:
        if name.case_sensitive is not None:
            return surface == name.case_sensitive
        return not name.needs_capital or span[0].capital

    # -- pass 2: the resolver on capitalised runs ----------------------------------------

    @staticmethod
    def _runs(text: str, toks: list[_Token], covered: list[bool]) -> list[list[int]]:
        """Runs of capitalised, uncovered tokens (connectors allowed inside), as indexes."""
        runs: list[list[int]] = []
        current: list[int] = []
        for i, tok in enumerate(toks):
            glued = bool(current) and _GLUE.match(text[toks[current[-1]].end : tok.start])
            if covered[i] or not glued:
                if current:
                    runs.append(current)
                current = []
                if covered[i]:
                    continue
            if (tok.capital and not tok.key.isdigit()) or (current and tok.key in _CONNECTORS):
                current.append(i)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        trimmed = []
        for run in runs:
            while run and toks[run[-1]].key in _CONNECTORS:
                run = run[:-1]
            if run:
                trimmed.append(run)
        return trimmed

    def _resolve_run(
        self, text: str, toks: list[_Token], run: list[int]
    ) -> tuple[list[Mention], list[list[int]]]:
        """Linked mentions inside a run (longest sub-spans first) and the parts left over."""
        found: list[Mention] = []
        rest: list[list[int]] = []
        lo, hi = 0, len(run)
        while lo < hi:
            hit = None
            for length in range(min(hi - lo, 6), 0, -1):
                piece = run[lo : lo + length]
                if toks[piece[0]].key in _CONNECTORS or toks[piece[-1]].key in _CONNECTORS:
                    continue
                if length == 1 and (
                    toks[piece[0]].key in _NOT_NAMES or len(toks[piece[0]].key) < 4
                ):
                    continue
                mention = self._resolve(text, toks, piece)
                if mention is not None:
                    hit = (length, mention)
                    break
            if hit is None:
                if not rest or rest[-1][-1] != run[lo] - 1:
                    rest.append([])
                rest[-1].append(run[lo])
                lo += 1
            else:
                found.append(hit[1])
                lo += hit[0]
        return found, rest

    def _resolve(self, text: str, toks: list[_Token], piece: list[int]) -> Mention | None:
        start, end = toks[piece[0]].start, toks[piece[-1]].end
        surface = text[start:end]
        if drop_title(surface)[1]:
            return None  # the mention is the name: "Mr Zelenskiy" is tried again without "Mr"
        try:
            entity = self._resolver.resolve(surface, source="article", where="")
        except UserError:
            return None
        # the score of the entity under the rule (1.0 for a surname written exactly)
        score = next((s for e, s in self._resolver.candidates(surface) if e.id == entity.id), 0.0)
        if score < 1.0 and len(piece) == 1 and len(toks[piece[0]].key) < 6:
            return None  # a single misspelt word is trusted only when long enough
        method = "resolver" if score >= 1.0 else "resolver-fuzzy"
        return Mention(start, end, surface, entity.id, method, score, entity_kind(entity))

    # -- new-entity candidates ------------------------------------------------------------

    @staticmethod
    def _candidate(text: str, toks: list[_Token], part: list[int]) -> Mention | None:
        while part and (toks[part[0]].key in _LEADING or toks[part[0]].key in _CONNECTORS):
            part = part[1:]
        while part and toks[part[-1]].key in _CONNECTORS:
            part = part[:-1]
        if not part or all(toks[i].key in _NOT_NAMES for i in part):
            return None
        first = toks[part[0]]
        if len(part) == 1:
            before = text[max(0, first.start - 3) : first.start]
            if first.key in _NOT_NAMES or len(first.key) < 3 or first.start == 0:
                return None
            if first.key.endswith(_DEMONYM_ENDINGS):
                return None  # "Kurdish", "Russian": an adjective of nationality, not a name
            if re.search(r"[.!?\n\"“]\s*$", before) or (not before.strip() and first.start < 3):
                return None  # a capital that only starts a sentence
        keys = {toks[i].key for i in part}
        if keys & _PARTY_WORDS:
            kind = "party"
        elif keys & _ORG_WORDS:
            kind = "organization"
        elif 2 <= len(part) <= 3 and all(toks[i].capital for i in part):
            kind = "person"
        else:
            kind = "unknown"
        start, end = first.start, toks[part[-1]].end
        return Mention(start, end, text[start:end], None, "new", 0.0, kind)


def mention_annotations(
    mentions: Sequence[Mention], *, text: str, source: URIRef, slug: str
) -> Graph:
    """The linked mentions as W3C Web Annotations (`oa:identifying`), shaped like the claim
    annotations of `kg.evidence`: body the entity, target the source with a quote selector
    (exact, prefix, suffix) and a position selector (code points, end exclusive)."""
    graph = new_graph()
    for number, mention in enumerate(m for m in mentions if m.entity is not None):
        graph += text_annotation(
            ID[f"annotation/{slug}/mention-{number + 1}"],
            body=ID[mention.entity or ""],
            motivation=OA.identifying,
            source=source,
            text=text,
            start=mention.start,
            end=mention.end,
        )
    return graph
