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
3. **folded** — equal after Turkish-aware folding (`kg.ids.fold`: İ/I/ı/i, ğ, ş, ç, ö, ü,
   accents, case; apostrophes dropped, so "People's" = "Peoples").
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

Steps 2–4 ending with two or more entities is an ambiguity error ("İmamoğlu" when Ekrem and
Dilek İmamoğlu both exist and no alt label decides), naming the mention, where it was, the
candidates and the fix. Nothing found is an error naming the closest entities. `types` limits the
candidates to instances of those classes or their subclasses (a PoliticalParty is an
Organization). The method "fuzzy" covers partial names too: a surname alone written exactly
scores 1.0 but is not in the alias table, and the report lists it so the curator can see it.

Every successful `resolve()` is recorded as a `Resolution`; `report_markdown` and `report_csv`
list every spelling seen, in which source, and what it resolved to, how.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.ids import fold
from kg.loaders.entities import Entity
from kg.namespaces import POL
from kg.ontology import load_ontology, superclasses

DEFAULT_THRESHOLD = 0.8
DEFAULT_MARGIN = 0.1
METHODS = ("id", "label", "alt-label", "folded", "fuzzy")
_STOPWORDS = frozenset({"the", "of", "and", "for", "in", "on", "at", "a", "an", "ve"})
_SUGGESTION_CUTOFF = 0.6  # similarity below which a "did you mean" is noise
_APOSTROPHES = re.compile(r"['’ʼ`´]")


@dataclass(frozen=True)
class Resolution:
    """One name resolved: the spelling, the source it came from, the entity, and how."""

    mention: str
    source: str
    entity_id: str
    method: str
    score: float
    where: str


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


def _split_where(where: str) -> tuple[str | None, int | None]:
    file, _, line = where.rpartition(":")
    if file and line.isdigit():
        return file, int(line)
    return (where or None), None


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
        self._ontology = ontology if ontology is not None else load_ontology()
        self._by_id = {e.id: i for i, e in enumerate(self._entities)}
        self._closure = [
            frozenset().union(*(superclasses(t, self._ontology) for t in e.types))
            for e in self._entities
        ]
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
        self._tokens_list = sorted(self._vocabulary)
        self._resolutions: list[Resolution] = []
        self.entities_file = self._entities[0].file if self._entities else "data/entities.yaml"

    @property
    def resolutions(self) -> list[Resolution]:
        """Every successful `resolve()` so far, in call order."""
        return list(self._resolutions)

    # -- matching ------------------------------------------------------------------------

    def _allowed(self, types: Iterable[URIRef] | None) -> set[int]:
        wanted = set(types) if types is not None else set()
        if not wanted:
            return set(range(len(self._entities)))
        return {i for i, closure in enumerate(self._closure) if closure & wanted}

    def _is_person(self, index: int) -> bool:
        return POL.Person in self._closure[index]

    def _align(self, mention: tuple[str, ...], name: _Name) -> float | None:
        """The best mean similarity of an in-order alignment obeying the rule, or None."""
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

    def _fuzzy(self, mention: str, allowed: set[int]) -> list[tuple[int, float]]:
        """Entities (indexes) the fuzzy rule accepts, with their best score, best first."""
        tokens = _tokens(mention)
        if not tokens:
            return []
        names: set[int] | None = None
        for token in tokens:
            similar = process.extract(
                token,
                self._tokens_list,
                scorer=OSA.normalized_similarity,
                score_cutoff=self.threshold - 0.05,  # a superset (rapidfuzz rounds): _align decides
                limit=None,
            )
            found = set().union(*(self._vocabulary[t] for t, _, _ in similar)) if similar else set()
            names = found if names is None else names & found
            if not names:
                return []
        scores: dict[int, float] = {}
        for position in sorted(names or ()):
            name = self._names[position]
            if name.entity not in allowed:
                continue
            score = self._align(tokens, name)
            if score is not None and score > scores.get(name.entity, -1.0):
                scores[name.entity] = score
        return sorted(scores.items(), key=lambda item: (-item[1], self._entities[item[0]].id))

    def _match(self, mention: str, allowed: set[int]) -> tuple[str, list[tuple[int, float]]]:
        """The first step of the rule that finds anything: its method and its candidates."""
        text = _nfc(mention)
        if text in self._by_id and self._by_id[text] in allowed:
            return "id", [(self._by_id[text], 1.0)]
        for table, key in ((self._exact, text), (self._folded, _key(text))):
            hits = sorted(
                (p for p in table.get(key, ()) if self._names[p].entity in allowed),
                key=lambda p: self._entities[self._names[p].entity].id,
            )
            if hits:
                entities = list(dict.fromkeys(self._names[p].entity for p in hits))
                if table is self._folded:
                    method = "folded"
                else:
                    methods = {self._names[p].method for p in hits}
                    method = "label" if "label" in methods else "alt-label"
                return method, [(i, 1.0) for i in entities]
        return "fuzzy", self._fuzzy(text, allowed)

    # -- public --------------------------------------------------------------------------

    def candidates(
        self, mention: str, *, types: Iterable[URIRef] | None = None
    ) -> list[tuple[Entity, float]]:
        """The entities `mention` could denote under the rule (no margin applied), best
        first; empty when none. Never raises: for query parameters and suggestions."""
        if not _nfc(mention):
            return []
        _, found = self._match(mention, self._allowed(types))
        return [(self._entities[i], score) for i, score in found]

    def suggestions(self, mention: str, *, limit: int = 3) -> list[Entity]:
        """The entities whose names look most like `mention`, for "did you mean" messages.

        A name scores the better of its whole-string similarity and its best token pair, so a
        given name alone ("Binali") or a garbled full name ("Dilak Imamoglu") both find their
        entity, while short abbreviations do not turn up for every unrelated name."""
        key = _key(mention)
        tokens = _tokens(mention)
        if not key:
            return []
        best: dict[int, float] = {}
        for name in self._names:
            score = fuzz.ratio(key, _key(name.text)) / 100
            for token in tokens:
                for target in name.tokens:
                    score = max(score, OSA.normalized_similarity(token, target))
            if score >= _SUGGESTION_CUTOFF and score > best.get(name.entity, -1.0):
                best[name.entity] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._entities[item[0]].id))
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
        wanted: tuple[URIRef, ...] | None = tuple(types) if types is not None else None
        if not wanted:
            wanted = None  # no types given: any entity
        if not _nfc(mention):
            raise UserError(
                "an empty name cannot be resolved; write the entity's name", file=file, line=line
            )
        method, found = self._match(mention, self._allowed(wanted))
        if method == "fuzzy":
            found = [(i, s) for i, s in found if s >= self.threshold]
            if len(found) > 1 and found[0][1] - found[1][1] >= self.margin:
                found = found[:1]
        if len(found) > 1:
            listed = ", ".join(
                f"{self._entities[i].label} ({self._entities[i].id})" for i, _ in found
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
        index, score = found[0]
        entity = self._entities[index]
        self._resolutions.append(
            Resolution(mention, source, entity.id, method, round(score, 4), where)
        )
        return entity

    def _not_found(
        self,
        mention: str,
        source: str,
        file: str | None,
        line: int | None,
        types: tuple[URIRef, ...] | None,
    ) -> UserError:
        if types is not None:
            elsewhere = self.candidates(mention)
            if elsewhere:
                entity = elsewhere[0][0]
                wanted = " or ".join(_curie(t) for t in types)
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

    One row per (entity, spelling, source, method), with every place it occurs; a second
    table lists the spellings only fuzzy matching found, which the curator may want to
    review (a misspelling such as "Yilderim" belongs in the graph as an alt label, never in
    the alias table)."""
    rows = _sorted(resolutions)
    groups: dict[tuple[str, str, str, str, float], list[str]] = {}
    for r in rows:
        groups.setdefault((r.entity_id, r.mention, r.source, r.method, r.score), []).append(r.where)
    spellings = {(r.entity_id, r.mention) for r in rows}
    lines = [
        "# Name resolution report",
        "",
        f"{len(rows)} mentions, {len(spellings)} distinct spellings, "
        f"{len({r.entity_id for r in rows})} entities.",
        "",
        "Methods: `id` (an entity id), `label` / `alt-label` (exactly a curated name), `folded` "
        "(equal after Turkish-aware folding), `fuzzy` (token by token: a misspelling or a "
        "surname alone; see kg/resolve.py).",
        "",
        "| Entity | Spelling | Source | Method | Score | Where |",
        "|---|---|---|---|---|---|",
    ]
    for (entity_id, mention, source, method, score), wheres in groups.items():
        lines.append(
            f"| {_cell(entity_id)} | {_cell(mention)} | {_cell(source)} | {method} | "
            f"{score:.3f} | {_cell(', '.join(wheres))} |"
        )
    fuzzy = [key for key in groups if key[3] == "fuzzy"]
    lines += ["", "## Spellings not in the entities file (found by fuzzy matching)", ""]
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
    """Every resolution as CSV (one row each, sorted by entity, spelling, source, place)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "mention", "source", "method", "score", "where"])
    for r in _sorted(resolutions):
        writer.writerow([r.entity_id, r.mention, r.source, r.method, f"{r.score:.3f}", r.where])
    return out.getvalue()
