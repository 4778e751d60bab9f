"""Names as the sources write them → the curated entities, and the report of every spelling seen.

The sources spell the same people differently (Yıldırım, Yildirim, Yilderim; İmamoğlu,
Imamoglu) and different people alike (Ekrem and Dilek İmamoğlu). Merging two people is worse
than failing to merge two spellings: a failure stops the build with a fix the curator can make
in a minute, a wrong merge silently puts one person's votes on another. So the rule below errs
towards stopping.

The rule, tried in order; the first step that finds anything decides:

1. **id** — the mention is an entity id (`person/ekrem-imamoglu`).
2. **label / alt-label** — the mention (NFC-normalised) equals an entity's label, or one of its
   alt labels or abbreviations, exactly.
3. **folded** — equal after folding (`kg.ids.fold`: İ/I/ı/i, ğ, ş, ç, ö, ü, accents, case, other
   scripts transliterated; apostrophes dropped, so "People's" = "Peoples").

   Steps 2 and 3 are tried first on the name as written, then on the name as news writes it
   (`kg.names`): without a possessive or case suffix after an apostrophe ("Imamoglu's",
   "İmamoğlu'nu", "Turkey's" → "Turkey"), and, against people only, without a leading title
   or honorific ("Mr", "Dr.", "President", "Prime Minister", "Bay", "Sayın"). What was dropped
   is the resolution's evidence.
4. **fuzzy** — token by token on folded text, function words ("the", "of", "and", "ve") aside.
   Each token of the mention must match a token of one name of the entity, in order, with an
   optimal-string-alignment similarity (rapidfuzz `OSA.normalized_similarity`: one typo or
   swap of neighbours in a name of five letters or more, two in one of ten) of at least
   `threshold` (0.8). For a person, the last token of the name (the surname) must be matched —
   "Yilderim" alone may denote Binali Yıldırım, "Binali" alone may not — and every other token
   (given names) must match *exactly*: first names are never fuzzily swapped (Ekrem ≠ Dilek,
   Ahmet ≠ Mehmet). For any other entity every token of the name must be matched: no partial
   organisation names. The score is the mean token similarity; the best entity must beat
   every other entity that matches by at least `margin` (0.1).
5. **words** — for entities other than people, word by word against every label and alias,
   all words of the name in order (still no partial names): a word matches the same word (1.0),
   a word of the same English stem (0.95: elections ~ election), a word whose stem begins with
   the other's stem of five letters or more (0.9: election ~ electoral) or a spelling slip; a
   leading place ("Turkey's", "Turkish": a curated pol:Place, its name or a demonym of it) may be
   dropped from the mention — never when another name of the entity is qualified by another
   place — and it matches a name qualified by the same place; a capitalised abbreviation
   matches the initials of a name (IMM ~ Istanbul Metropolitan Municipality, 0.9). Threshold and
   margin as in step 4; the evidence lists every word that was not the same.

Steps 2–5 ending with two or more entities is an ambiguity error ("İmamoğlu" when Ekrem and
Dilek İmamoğlu both exist and no alt label decides; "Mr Nowak" for Anna and Jan Nowak), naming
the mention, where it was, the candidates and the fix. Nothing found is an error naming the
closest entities (ranked by the share of the mention's words some name of theirs matches, so
"High Election Board" lists the YSK, known as "Turkish election board", first). `types` limits
the candidates to instances of those classes or their subclasses (a PoliticalParty is an
Organization). The method "fuzzy" covers partial names too: a surname alone written exactly
scores 1.0 but is not in the alias table, and the report lists it so the curator can see it.

Scale: no step compares a name with every entity. Exact and folded names are dictionary
look-ups; the fuzzy and words steps start from the words of the mention, looked up in an index
of every word's deletion neighbourhood (the words within `threshold` of it, found in a few
look-ups), of stems and of initials, all built once; each spelling's result is cached.
`Resolver.comparisons` counts the word and name comparisons made, so a test can check they stay
flat as the entities grow.

Every successful `resolve()` is recorded as a `Resolution`; `report_markdown` and `report_csv`
list every spelling seen, in which source, and what it resolved to, how, and on what evidence.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.ids import fold
from kg.loaders.entities import Entity
from kg.names import (
    STEM_PREFIX,
    deletions,
    drop_suffixes,
    drop_title,
    max_edits,
    stem,
    word_match,
)
from kg.namespaces import POL
from kg.ontology import load_ontology, superclasses

DEFAULT_THRESHOLD = 0.8
DEFAULT_MARGIN = 0.1
METHODS = ("id", "label", "alt-label", "folded", "fuzzy", "words")
_STOPWORDS = frozenset({"the", "of", "and", "for", "in", "on", "at", "a", "an", "ve"})
_SUGGESTION_CUTOFF = 0.6  # similarity below which a "did you mean" is noise
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_INITIALS_SCORE = 0.9  # IMM ~ Istanbul Metropolitan Municipality
# Endings that make a demonym of a place name: Turkish (Turkey), Chinese, Syrian, Israeli;
# "" for a place name less its last letter (German, Germany). What is left of the demonym must
# keep all of the place's name but its last two letters, and four letters at least.
_DEMONYM_ENDINGS = ("ish", "ese", "ian", "ean", "an", "ic", "i", "n", "")
_DEMONYM_MIN = 4  # letters of the place name a demonym keeps, at least


@dataclass(frozen=True)
class Resolution:
    """One name resolved: the spelling, the source it came from, the entity, how, and on what
    evidence (what was dropped or matched loosely: "suffix 's dropped", "election ~ electoral")."""

    mention: str
    source: str
    entity_id: str
    method: str
    score: float
    where: str
    evidence: str = ""


def _key(text: str) -> str:
    """The folded form names are compared in (apostrophes dropped before folding)."""
    return fold(_APOSTROPHES.sub("", text))


def _tokens(text: str) -> tuple[str, ...]:
    """Folded tokens without function words (all of them if that would leave none)."""
    tokens = _key(text).split()
    content = tuple(t for t in tokens if t not in _STOPWORDS)
    return content or tuple(tokens)


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class _Name:
    entity: int  # index into Resolver._entities
    text: str
    method: str  # "label" or "alt-label"
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class _Hit:
    entity: int
    score: float
    evidence: tuple[str, ...] = ()


_Accept = Callable[[int], bool]


def _split_where(where: str) -> tuple[str | None, int | None]:
    file, _, line = where.rpartition(":")
    if file and line.isdigit():
        return file, int(line)
    return (where or None), None


def _ranked(hits: dict[int, _Hit], entities: list[Entity]) -> list[_Hit]:
    return sorted(hits.values(), key=lambda h: (-h.score, entities[h.entity].id))


class Resolver:
    """Resolves names against a fixed set of entities; remembers every resolution it makes."""

    def __init__(
        self,
        entities: Iterable[Entity],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        margin: float = DEFAULT_MARGIN,
        ontology: Graph | None = None,
    ) -> None:
        self._entities = list(entities)
        self.threshold = threshold
        self.margin = margin
        self.comparisons = 0  # word and name comparisons made so far (growth tests read it)
        self._ontology = ontology if ontology is not None else load_ontology()
        self._by_id = {e.id: i for i, e in enumerate(self._entities)}
        self._closure = [
            frozenset().union(*(superclasses(t, self._ontology) for t in e.types))
            for e in self._entities
        ]
        self._person = [POL.Person in closure for closure in self._closure]
        self._names: list[_Name] = []
        self._exact: dict[str, set[int]] = {}
        self._folded: dict[str, set[int]] = {}
        self._vocabulary: dict[str, set[int]] = {}  # token -> indexes into self._names
        for index, entity in enumerate(self._entities):
            methods = ["label"] + ["alt-label"] * (len(entity.names) - 1)
            for text, method in zip(entity.names, methods, strict=True):
                name = _Name(index, text, method, _tokens(text))
                position = len(self._names)
                self._names.append(name)
                self._exact.setdefault(_nfc(text), set()).add(position)
                self._folded.setdefault(_key(text), set()).add(position)
                for token in name.tokens:
                    self._vocabulary.setdefault(token, set()).add(position)
        self._index_words()
        self._index_places()
        self._cache: dict[tuple[str, frozenset[URIRef] | None], tuple[str, list[_Hit]]] = {}
        self._resolutions: list[Resolution] = []
        self.entities_file = self._entities[0].file if self._entities else "data/entities.yaml"

    def _index_words(self) -> None:
        """The indexes the fuzzy and words steps start from, built once: every word's deletion
        neighbourhood; the stems of the words of names other than people's, and every start of
        five letters or more of each stem; the initials of those names."""
        self._near: dict[str, set[str]] = {}
        for token in self._vocabulary:
            for variant in deletions(token, max_edits(len(token), self.threshold)):
                self._near.setdefault(variant, set()).add(token)
        self._stems: dict[str, set[str]] = {}  # stem -> words
        self._stem_starts: dict[str, set[str]] = {}  # start of a stem -> stems
        self._initials: dict[str, set[int]] = {}  # initials -> names
        for position, name in enumerate(self._names):
            if self._person[name.entity]:
                continue
            for token in name.tokens:
                token_stem = stem(token)
                self._stems.setdefault(token_stem, set()).add(token)
                for end in range(STEM_PREFIX, len(token_stem) + 1):
                    self._stem_starts.setdefault(token_stem[:end], set()).add(token_stem)
            if len(name.tokens) >= 2:
                self._initials.setdefault("".join(t[0] for t in name.tokens), set()).add(position)

    def _index_places(self) -> None:
        """Names of places (a qualifier a mention may drop) and the starts of one-word place
        names a demonym keeps; then, for every other name, the place it starts with."""
        self._places: dict[tuple[str, ...], set[int]] = {}
        self._place_starts: dict[str, set[tuple[int, int]]] = {}  # -> (place, name length)
        for name in self._names:
            if POL.Place not in self._closure[name.entity]:
                continue
            self._places.setdefault(name.tokens, set()).add(name.entity)
            if len(name.tokens) == 1:
                word = name.tokens[0]
                for end in range(max(_DEMONYM_MIN, len(word) - 2), len(word) + 1):
                    self._place_starts.setdefault(word[:end], set()).add((name.entity, len(word)))
        # name position -> (place, words of the qualifier); entity -> places its names name
        self._qualifier: dict[int, tuple[int, int]] = {}
        self._qualified_by: dict[int, set[int]] = {}
        for position, name in enumerate(self._names):
            if self._person[name.entity] or POL.Place in self._closure[name.entity]:
                continue
            qualifier = self._place_prefix(name.tokens)
            if qualifier is not None:
                self._qualifier[position] = qualifier
                self._qualified_by.setdefault(name.entity, set()).add(qualifier[0])

    def _place_prefix(self, tokens: tuple[str, ...]) -> tuple[int, int] | None:
        """The one place the first words of `tokens` name (its name, or a demonym of a
        one-word name: turkish ~ turkey), and how many words that is; None if none or two."""
        for count in (3, 2, 1):
            places = self._places.get(tokens[:count], set()) if len(tokens) > count else set()
            if len(places) == 1:
                return next(iter(places)), count
        if len(tokens) < 2:
            return None
        word = tokens[0]
        places = set()
        for ending in _DEMONYM_ENDINGS:
            if word.endswith(ending):
                start = word[: len(word) - len(ending)]
                for place, length in self._place_starts.get(start, ()):
                    if ending or len(start) >= length - 1:  # German ~ Germany, not Anka ~ Ankara
                        places.add(place)
        return (next(iter(places)), 1) if len(places) == 1 else None

    @property
    def resolutions(self) -> list[Resolution]:
        """Every successful `resolve()` so far, in call order."""
        return list(self._resolutions)

    # -- matching ------------------------------------------------------------------------

    def _accept(self, wanted: frozenset[URIRef] | None) -> _Accept:
        """Whether an entity may be a candidate: an instance of a wanted class (through
        subclasses), checked per candidate rather than by listing all entities of the class."""
        if wanted is None:
            return lambda index: True
        return lambda index: bool(self._closure[index] & wanted)

    def _is_person(self, index: int) -> bool:
        return self._person[index]

    def _near_tokens(self, token: str) -> set[str]:
        """Known words within `threshold` OSA similarity of `token` (itself included)."""
        found: set[str] = set()
        for variant in deletions(token, max_edits(len(token), self.threshold)):
            found |= self._near.get(variant, set())
        result = set()
        for candidate in found:
            if candidate != token:
                self.comparisons += 1
                if OSA.normalized_similarity(token, candidate) < self.threshold:
                    continue
            result.add(candidate)
        return result

    def _stem_tokens(self, token: str) -> set[str]:
        """Words of names other than people's whose stem is the stem of `token`, starts with it,
        or is the start of it (five letters or more)."""
        token_stem = stem(token)
        stems = set(self._stem_starts.get(token_stem, ()))
        if token_stem in self._stems:
            stems.add(token_stem)
        for end in range(STEM_PREFIX, len(token_stem)):
            if token_stem[:end] in self._stems:
                stems.add(token_stem[:end])
        return set().union(*(self._stems[s] for s in stems)) if stems else set()

    def _names_with(self, tokens: tuple[str, ...], *, stems: bool) -> set[int]:
        """Names (positions) holding, for each token, a word near it (or of its stem).

        Starts from the token whose words are rarest and keeps, of those names, the ones that
        hold a word for every other token: the cost follows the rarest word, not the number
        of names a common word ("party", a frequent given name) appears in."""
        wanted: list[tuple[int, set[str]]] = []
        for token in tokens:
            words = self._near_tokens(token)
            if stems:
                words |= self._stem_tokens(token)
            if not words:
                return set()
            wanted.append((sum(len(self._vocabulary[w]) for w in words), words))
        wanted.sort(key=lambda item: item[0])
        names = set().union(*(self._vocabulary[w] for w in wanted[0][1]))
        for _, words in wanted[1:]:
            self.comparisons += len(names)
            names = {p for p in names if not words.isdisjoint(self._names[p].tokens)}
            if not names:
                break
        return names

    def _align(self, mention: tuple[str, ...], name: _Name) -> float | None:
        """The best mean similarity of an in-order alignment obeying the rule, or None."""
        self.comparisons += 1
        tokens = name.tokens
        person = self._is_person(name.entity)
        if len(mention) > len(tokens) or (not person and len(mention) != len(tokens)):
            return None
        best: float | None = None
        for positions in itertools.combinations(range(len(tokens)), len(mention)):
            if person and positions[-1] != len(tokens) - 1:
                continue  # a person's surname must be matched
            scores = []
            for token, position in zip(mention, positions, strict=True):
                target = tokens[position]
                if token == target:
                    scores.append(1.0)
                    continue
                if person and position != len(tokens) - 1:
                    break  # given names match exactly or not at all
                similarity = OSA.normalized_similarity(token, target)
                if similarity < self.threshold:
                    break
                scores.append(similarity)
            else:
                score = sum(scores) / len(scores)
                if best is None or score > best:
                    best = score
        return best

    def _fuzzy(self, mention: str, accept: _Accept, notes: tuple[str, ...]) -> dict[int, _Hit]:
        """Entities the fuzzy rule accepts, with their best score."""
        tokens = _tokens(mention)
        hits: dict[int, _Hit] = {}
        if not tokens:
            return hits
        for position in sorted(self._names_with(tokens, stems=False)):
            name = self._names[position]
            if not accept(name.entity):
                continue
            score = self._align(tokens, name)
            if score is not None and (name.entity not in hits or score > hits[name.entity].score):
                hits[name.entity] = _Hit(name.entity, score, notes)
        return hits

    def _words(self, mention: str, accept: _Accept, notes: tuple[str, ...]) -> dict[int, _Hit]:
        """Entities other than people the words rule accepts (step 5), with score and evidence."""
        tokens = _tokens(mention)
        hits: dict[int, _Hit] = {}
        if not tokens:
            return hits
        readings: list[tuple[tuple[str, ...], int | None]] = [(tokens, None)]
        qualifier = self._place_prefix(tokens)
        if qualifier is not None:
            readings.append((tokens[qualifier[1] :], qualifier[0]))
        for words, place in readings:
            dropped = tokens[: len(tokens) - len(words)]
            for position in sorted(self._names_with(words, stems=True)):
                hit = self._word_hit(words, place, dropped, position, accept, notes)
                if hit is not None and (
                    hit.entity not in hits or hit.score > hits[hit.entity].score
                ):
                    hits[hit.entity] = hit
        written = mention.split()
        if len(tokens) == 1 and len(written) == 1 and len(tokens[0]) >= 2 and written[0].isupper():
            for position in sorted(self._initials.get(tokens[0], ())):
                name = self._names[position]
                if self._person[name.entity] or not accept(name.entity):
                    continue
                self.comparisons += 1
                if name.entity not in hits:
                    evidence = (*notes, f"initials of {name.text!r}")
                    hits[name.entity] = _Hit(name.entity, _INITIALS_SCORE, evidence)
        return hits

    def _word_hit(
        self,
        words: tuple[str, ...],
        place: int | None,
        words_dropped: tuple[str, ...],
        position: int,
        accept: _Accept,
        notes: tuple[str, ...],
    ) -> _Hit | None:
        """`words` against one name, word for word; `place` is the place dropped from the
        mention's start, if any (the name must then be qualified by it, or by no place)."""
        name = self._names[position]
        if self._person[name.entity] or not accept(name.entity):
            return None
        target = name.tokens
        evidence = list(notes)
        if place is not None:
            qualifier = self._qualifier.get(position)
            if qualifier is not None:
                if qualifier[0] != place:
                    return None
                target = target[qualifier[1] :]
            elif not self._qualified_by.get(name.entity, set()) <= {place}:
                return None
            dropped = " ".join(words_dropped)
            evidence.append(f"{dropped!r} dropped (the place {self._entities[place].id})")
        self.comparisons += 1
        if len(target) != len(words):
            return None
        scores = []
        for word, other in zip(words, target, strict=True):
            matched = word_match(word, other, self.threshold)
            if matched is None:
                return None
            scores.append(matched[0])
            if matched[1]:
                evidence.append(matched[1])
        evidence.append(f"matched {name.text!r}")
        return _Hit(name.entity, sum(scores) / len(scores), tuple(evidence))

    def _lookup(
        self, readings: list[tuple[str, tuple[str, ...], _Accept]]
    ) -> tuple[str, list[_Hit]] | None:
        """Steps 2 and 3 (label/alt-label, then folded) over the readings of a mention."""
        for table, key in ((self._exact, _nfc), (self._folded, _key)):
            hits: dict[int, _Hit] = {}
            methods = set()
            for text, notes, accept in readings:
                for position in table.get(key(text), ()):
                    name = self._names[position]
                    if accept(name.entity):
                        methods.add(name.method)
                        hits.setdefault(name.entity, _Hit(name.entity, 1.0, notes))
            if hits:
                if table is self._folded:
                    method = "folded"
                else:
                    method = "label" if "label" in methods else "alt-label"
                return method, _ranked(hits, self._entities)
        return None

    def _match(self, mention: str, wanted: frozenset[URIRef] | None) -> tuple[str, list[_Hit]]:
        """The first step of the rule that finds anything: its method and its candidates
        (cached per spelling and wanted types)."""
        text = _nfc(mention)
        cached = self._cache.get((text, wanted))
        if cached is None:
            cached = self._cache[(text, wanted)] = self._match_uncached(text, wanted)
        return cached[0], list(cached[1])

    def _match_uncached(
        self, text: str, wanted: frozenset[URIRef] | None
    ) -> tuple[str, list[_Hit]]:
        accept = self._accept(wanted)
        if text in self._by_id and accept(self._by_id[text]):
            return "id", [_Hit(self._by_id[text], 1.0)]
        found = self._lookup([(text, (), accept)])
        if found is not None:
            return found
        other, suffix_notes = drop_suffixes(text)
        person, title_notes = drop_title(other)
        readings = [(other, suffix_notes, accept)]
        if person != other:
            readings.append(
                (person, suffix_notes + title_notes, lambda i: self._person[i] and accept(i))
            )
        found = self._lookup([r for r in readings if r[0] != text])
        if found is not None:
            return found
        hits: dict[int, _Hit] = {}
        for reading, notes, accepts in readings:
            for entity, hit in self._fuzzy(reading, accepts, notes).items():
                if entity not in hits or hit.score > hits[entity].score:
                    hits[entity] = hit
        if hits:
            return "fuzzy", _ranked(hits, self._entities)
        not_person: _Accept = lambda i: not self._person[i] and accept(i)  # noqa: E731
        return "words", _ranked(self._words(other, not_person, suffix_notes), self._entities)

    @staticmethod
    def _wanted(types: Iterable[URIRef] | None) -> frozenset[URIRef] | None:
        wanted = frozenset(types) if types is not None else frozenset()
        return wanted or None  # no types given: any entity

    # -- public --------------------------------------------------------------------------

    def candidates(
        self, mention: str, *, types: Iterable[URIRef] | None = None
    ) -> list[tuple[Entity, float]]:
        """The entities `mention` could denote under the rule (no margin applied), best
        first; empty when none. Never raises: for query parameters and suggestions."""
        if not _nfc(mention):
            return []
        _, found = self._match(mention, self._wanted(types))
        return [(self._entities[h.entity], h.score) for h in found]

    def suggestions(self, mention: str, *, limit: int = 3) -> list[Entity]:
        """The entities whose names look most like `mention`, for "did you mean" messages.

        A name ranks by the better of its whole-string similarity and the share of the
        mention's words it matches (same word, stem or a slip: "High Election Board" and
        "Turkish election board" share two words of three), then by its best word pair; it is
        listed when one of them reaches 0.6. So a given name alone ("Binali") or a garbled full
        name ("Dilak Imamoglu") both find their entity, while short abbreviations do not turn
        up for every unrelated name. Only for error messages: it compares with every name."""
        bare, _ = drop_title(drop_suffixes(mention)[0])
        key = _key(bare)
        tokens = _tokens(bare)
        if not key:
            return []
        best: dict[int, tuple[float, float]] = {}
        for name in self._names:
            whole = fuzz.ratio(key, _key(name.text)) / 100
            pair = 0.0
            covered = 0.0
            for token in tokens:
                word_best = 0.0
                for target in name.tokens:
                    pair = max(pair, OSA.normalized_similarity(token, target))
                    matched = word_match(token, target, self.threshold)
                    if matched is not None:
                        word_best = max(word_best, matched[0])
                covered += word_best
            rank = (max(whole, covered / len(tokens)), pair)
            if max(rank) >= _SUGGESTION_CUTOFF and rank > best.get(name.entity, (-1.0, -1.0)):
                best[name.entity] = rank
        ranked = sorted(
            best.items(), key=lambda item: (-item[1][0], -item[1][1], self._entities[item[0]].id)
        )
        return [self._entities[index] for index, _ in ranked[:limit]]

    def resolve(
        self,
        mention: str,
        *,
        source: str,
        where: str,
        types: Iterable[URIRef] | None = None,
    ) -> Entity:
        """The one entity `mention` denotes; records the resolution. Raises UserError when
        the name is unknown, ambiguous, or names an entity of the wrong type."""
        file, line = _split_where(where)
        wanted = self._wanted(types)
        if not _nfc(mention):
            raise UserError(
                "an empty name cannot be resolved; write the entity's name", file=file, line=line
            )
        method, found = self._match(mention, wanted)
        if method in ("fuzzy", "words"):
            found = [h for h in found if h.score >= self.threshold]
            if len(found) > 1 and found[0].score - found[1].score >= self.margin:
                found = found[:1]
        if len(found) > 1:
            listed = ", ".join(
                f"{self._entities[h.entity].label} ({self._entities[h.entity].id})" for h in found
            )
            raise UserError(
                f"the name {mention!r} (source {source}) is ambiguous: it could be {listed}; "
                "write the full name, or add the spelling as an alt_label of the intended entity "
                f"in {self.entities_file}",
                file=file,
                line=line,
            )
        if not found:
            raise self._not_found(mention, source, file, line, wanted)
        hit = found[0]
        entity = self._entities[hit.entity]
        self._resolutions.append(
            Resolution(
                mention,
                source,
                entity.id,
                method,
                round(hit.score, 4),
                where,
                "; ".join(hit.evidence),
            )
        )
        return entity

    def _not_found(
        self,
        mention: str,
        source: str,
        file: str | None,
        line: int | None,
        types: frozenset[URIRef] | None,
    ) -> UserError:
        if types is not None:
            elsewhere = self.candidates(mention)
            if elsewhere:
                entity = elsewhere[0][0]
                wanted = " or ".join(sorted(_curie(t) for t in types))
                return UserError(
                    f"the name {mention!r} (source {source}) names {entity.label} ({entity.id}), "
                    f"a {'/'.join(_curie(t) for t in entity.types)}, but a {wanted} is needed "
                    "here; correct the claim, or the entity's type in "
                    f"{self.entities_file}",
                    file=file,
                    line=line,
                )
        closest = ", ".join(f"{e.label} ({e.id})" for e in self.suggestions(mention)) or "none"
        return UserError(
            f"the name {mention!r} (source {source}) matches no entity (closest: {closest}); "
            f"add it to {self.entities_file}, as a new entity or as an alt_label of the "
            "intended one",
            file=file,
            line=line,
        )


def _curie(term: URIRef) -> str:
    text = str(term)
    return "pol:" + text.removeprefix(str(POL)) if text.startswith(str(POL)) else text


# -- reports -------------------------------------------------------------------------------


def _where_key(where: str) -> tuple[str, int, str]:
    file, line = _split_where(where)
    return (file or "", line if line is not None else -1, where)


def _sorted(resolutions: Iterable[Resolution]) -> list[Resolution]:
    return sorted(
        resolutions,
        key=lambda r: (r.entity_id, r.mention, r.source, _where_key(r.where), r.method),
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(resolutions: Iterable[Resolution]) -> str:
    """Every spelling seen, in which source, the entity it resolved to and how, as Markdown.

    One row per (entity, spelling, source, method), with every place it occurs and, in the
    method's cell, the evidence when there is any ("words (election ~ electoral …)"); a
    second table lists the spellings only fuzzy or word matching found, which the curator may
    want to review (a misspelling such as "Yilderim" belongs in the graph as an alt label,
    never in the alias table)."""
    rows = _sorted(resolutions)
    groups: dict[tuple[str, str, str, str, float], list[str]] = {}
    for r in rows:
        method = f"{r.method} ({r.evidence})" if r.evidence else r.method
        groups.setdefault((r.entity_id, r.mention, r.source, method, r.score), []).append(r.where)
    spellings = {(r.entity_id, r.mention) for r in rows}
    lines = [
        "# Name resolution report",
        "",
        f"{len(rows)} mentions, {len(spellings)} distinct spellings, "
        f"{len({r.entity_id for r in rows})} entities.",
        "",
        "Methods: `id` (an entity id), `label` / `alt-label` (exactly a curated name), `folded` "
        "(equal after Turkish-aware folding), `fuzzy` (token by token: a misspelling or a "
        "surname alone), `words` (an organisation's words: stems, initials, a place dropped); "
        "in brackets, what was dropped or matched loosely (see kg/resolve.py).",
        "",
        "| Entity | Spelling | Source | Method | Score | Where |",
        "|---|---|---|---|---|---|",
    ]
    for (entity_id, mention, source, method, score), wheres in groups.items():
        lines.append(
            f"| {_cell(entity_id)} | {_cell(mention)} | {_cell(source)} | {method} | "
            f"{score:.3f} | {_cell(', '.join(wheres))} |"
        )
    fuzzy = [key for key in groups if key[3].split(" ", 1)[0] in ("fuzzy", "words")]
    lines += ["", "## Spellings not in the entities file (found by fuzzy or word matching)", ""]
    if fuzzy:
        lines += ["| Spelling | Entity | Score | Sources |", "|---|---|---|---|"]
        seen: dict[tuple[str, str], tuple[float, list[str]]] = {}
        for entity_id, mention, source, _, score in fuzzy:
            entry = seen.setdefault((mention, entity_id), (score, []))
            if source not in entry[1]:
                entry[1].append(source)
        for (mention, entity_id), (score, sources) in sorted(seen.items()):
            lines.append(
                f"| {_cell(mention)} | {_cell(entity_id)} | {score:.3f} | "
                f"{_cell(', '.join(sources))} |"
            )
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def report_csv(resolutions: Iterable[Resolution]) -> str:
    """Every resolution as CSV (one row each, sorted by entity, spelling, source, place); the
    last column is the evidence (empty when the name was found as written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "mention", "source", "method", "score", "where", "evidence"])
    for r in _sorted(resolutions):
        writer.writerow(
            [r.entity_id, r.mention, r.source, r.method, f"{r.score:.3f}", r.where, r.evidence]
        )
    return out.getvalue()
