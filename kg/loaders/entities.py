"""The curated entities (`data/entities.yaml`): people, parties, organisations, places, offices
and social groups, each with its canonical name, every other spelling the curator knows, and
external identifiers.

Every name in a claims file resolves to one of these (`kg.resolve`), so this file is the single
place an entity's identity lives: its IRI, its types, its label in its own script. The loader is
strict because a mistake here silently splits or merges people in the graph: every problem
stops the build with the file, the line and the fix (docs/model.md, "data/entities.yaml").

Format::

    entities:
      - type: Person                    # a pol: class local name, or a list of them
        id: person/ekrem-imamoglu       # optional; default kind/slug(label)
        label: Ekrem İmamoğlu           # canonical, NFC-normalised
        alt_labels: [Ekrem Imamoglu]    # other spellings the curator knows
        exact_match: [wd:Q…]            # wd:Q… CURIEs or http(s) IRIs
        abbreviation: AKP               # organisations only: pol:abbreviation, also a name

`abbreviation` goes beyond the format in docs/model.md: `pol:abbreviation` (Organization →
string) needs a curated home, and an abbreviation is a name the resolver must know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import ErrorCollector, UserError
from kg.ids import NODE_ID, node_iri, slug
from kg.loaders.yamlio import YDict, YList, load_yaml
from kg.namespaces import POL, WD, new_graph
from kg.ontology import load_ontology, superclasses

KEYS = ("type", "id", "label", "alt_labels", "exact_match", "abbreviation")
_WIKIDATA = re.compile(r"^wd:(Q[1-9][0-9]*)$")
_HTTP_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")

# The kind (first segment of an id) that each family of classes takes, most specific first:
# a PoliticalParty is also an Organization, and its id says `party/`.
_KIND_OF_CLASS = (
    (POL.Person, "person"),
    (POL.PoliticalParty, "party"),
    (POL.Place, "place"),
    (POL.Office, "office"),
    (POL.SocialGroup, "group"),
    (POL.Organization, "organization"),
)


@dataclass(frozen=True)
class Entity:
    """One curated entity; `file` and `line` say where it is written, for error messages."""

    id: str
    iri: URIRef
    types: tuple[URIRef, ...]
    label: str
    alt_labels: tuple[str, ...]
    exact_match: tuple[URIRef, ...]
    file: str
    line: int
    abbreviations: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entity is known by: label first, then alt labels and abbreviations."""
        return (self.label, *self.alt_labels, *self.abbreviations)


def _is_class(term: URIRef, onto: Graph) -> bool:
    return (term, RDF.type, OWL.Class) in onto or (term, RDF.type, RDFS.Class) in onto


def kind_of(types: Iterable[URIRef], ontology: Graph | None = None) -> str | None:
    """The id kind for an entity of these types (docs/model.md), or None if no kind fits."""
    onto = ontology if ontology is not None else load_ontology()
    closure = set().union(*(superclasses(t, onto) for t in types))
    for cls, kind in _KIND_OF_CLASS:
        if cls in closure:
            return kind
    return None


def _curie(term: URIRef) -> str:
    return "pol:" + str(term).removeprefix(str(POL))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Reader:
    """Validates one entities file; each `fail` names the file and the line."""

    def __init__(self, path: Path, onto: Graph) -> None:
        self.path = path
        self.file = str(path)
        self.onto = onto

    def fail(self, message: str, line: int | None) -> UserError:
        return UserError(message, file=self.file, line=line)

    def text(self, value: Any, what: str, line: int) -> str:
        if not isinstance(value, str) or not _nfc(value):
            raise self.fail(f"{what} must be non-empty text, not {value!r}; write the name", line)
        return _nfc(value)

    def texts(self, item: YDict, key: str) -> tuple[str, ...]:
        """A string or a list of strings under `key`, NFC-normalised, duplicates dropped."""
        value = item.get(key)
        if value is None:
            return ()
        line = item.line_of(key)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list):
            raise self.fail(f"{key} must be a list of names, e.g. {key}: [A, B]", line)
        result: list[str] = []
        for index, one in enumerate(values):
            where = values.line_at(index) if isinstance(values, YList) else line
            text = self.text(one, f"each {key} entry", where)
            if text not in result:
                result.append(text)
        return tuple(result)

    def types(self, item: YDict) -> tuple[URIRef, ...]:
        if item.get("type") is None:
            raise self.fail(
                "entity has no type; add `type:` with a pol: class such as Person or City",
                item.line,
            )
        line = item.line_of("type")
        names = self.texts(item, "type")
        if not names:
            raise self.fail("type is empty; give a pol: class such as Person", line)
        result = []
        for name in names:
            local = name.removeprefix("pol:")
            term = POL[local]
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local) or not _is_class(term, self.onto):
                raise self.fail(
                    f"type {name!r} is not a class of the polkg ontology; use one of its pol: "
                    "classes (Person, PoliticalParty, Organization, City, Office, SocialGroup, …)",
                    line,
                )
            result.append(term)
        return tuple(result)

    def kind(self, types: tuple[URIRef, ...], line: int) -> str:
        kinds = {kind_of([t], self.onto) for t in types}
        if None in kinds:
            bad = next(t for t in types if kind_of([t], self.onto) is None)
            raise self.fail(
                f"type {_curie(bad)} is not a person, party, organisation, place, "
                "office or social group; describe events and other nodes in the claims files",
                line,
            )
        if "party" in kinds:
            kinds.discard("organization")
        if len(kinds) > 1:
            raise self.fail(
                f"types {', '.join(sorted(_curie(t) for t in types))} need "
                f"different id kinds ({', '.join(sorted(k for k in kinds if k))}); "
                "give the entity types of one family",
                line,
            )
        return kind_of(types, self.onto) or ""

    def exact_matches(self, item: YDict) -> tuple[URIRef, ...]:
        result: list[URIRef] = []
        for value in self.texts(item, "exact_match"):
            wikidata = _WIKIDATA.match(value)
            if wikidata:
                iri = WD[wikidata.group(1)]
            elif _HTTP_IRI.match(value):
                iri = URIRef(value)
            else:
                raise self.fail(
                    f"exact_match {value!r} is neither a Wikidata CURIE nor an http(s) IRI; "
                    "write wd:Q39259 or https://…",
                    item.line_of("exact_match"),
                )
            if iri not in result:
                result.append(iri)
        return tuple(result)

    def entity(self, item: Any, line: int) -> Entity:
        if not isinstance(item, YDict):
            raise self.fail("each entity must be a mapping with at least type and label", line)
        for key in item:
            if key not in KEYS:
                raise self.fail(
                    f"unknown key {key!r}; an entity has only {', '.join(KEYS)}",
                    item.line_of(key),
                )
        types = self.types(item)
        if item.get("label") is None:
            raise self.fail("entity has no label; add `label:` with its canonical name", item.line)
        label = self.text(item["label"], "label", item.line_of("label"))
        kind = self.kind(types, item.line_of("type"))
        if item.get("id") is None:
            try:
                entity_id = f"{kind}/{slug(label)}"
            except ValueError:
                raise self.fail(
                    "the label has no letters or digits to make a node id from; write the name, "
                    "or give an `id:` (kind/slug)",
                    item.line_of("label"),
                ) from None
        else:
            entity_id = item["id"]
            id_line = item.line_of("id")
            if not isinstance(entity_id, str) or not NODE_ID.match(entity_id):
                raise self.fail(
                    f"id {entity_id!r} is not a node id; write kind/slug in lower case ASCII, "
                    f"e.g. {kind}/{slug(label)}",
                    id_line,
                )
            if entity_id.split("/")[0] != kind:
                raise self.fail(
                    f"id {entity_id!r} does not fit its type: a {kind} id starts with "
                    f"{kind}/, e.g. {kind}/{slug(label)}",
                    id_line,
                )
        abbreviations = self.texts(item, "abbreviation")
        if abbreviations and kind not in ("party", "organization"):
            raise self.fail(
                "abbreviation is for organisations only; write other short names as alt_labels",
                item.line_of("abbreviation"),
            )
        alt_labels = tuple(a for a in self.texts(item, "alt_labels") if a != label)
        return Entity(
            id=entity_id,
            iri=node_iri(entity_id),
            types=types,
            label=label,
            alt_labels=alt_labels,
            exact_match=self.exact_matches(item),
            file=self.file,
            line=item.line,
            abbreviations=abbreviations,
        )

    def read(self) -> list[Entity]:
        data = load_yaml(self.path)
        if not isinstance(data, YDict) or "entities" not in data:
            raise self.fail("expected a mapping with an `entities:` list at the top", 1)
        for key in data:
            if key != "entities":
                raise self.fail(
                    f"unknown top-level key {key!r}; only `entities:` is allowed", data.line_of(key)
                )
        items = data["entities"]
        if not isinstance(items, YList):
            raise self.fail("`entities:` must be a list of entities", data.line_of("entities"))
        entities: list[Entity] = []
        seen: dict[str, int] = {}
        collector = ErrorCollector()
        for index, item in enumerate(items):
            with collector:
                entity = self.entity(item, items.line_at(index))
                if entity.id in seen:
                    raise self.fail(
                        f"entity id {entity.id!r} is used twice (first at line "
                        f"{seen[entity.id]}); give one of them a distinct `id:` or merge the two",
                        entity.line,
                    )
                seen[entity.id] = entity.line
                entities.append(entity)
        collector.raise_if_any()
        return entities


def load_entities(path: Path, *, ontology: Graph | None = None) -> list[Entity]:
    """Read and validate an entities file; entities in file order."""
    onto = ontology if ontology is not None else load_ontology()
    return _Reader(Path(path), onto).read()


def entities_graph(entities: Iterable[Entity]) -> Graph:
    """The entities as RDF: types, label, alt labels, abbreviations, exact matches.

    Every node is an IRI (no blank nodes), so rdflib's Turtle of it is deterministic.
    """
    graph = new_graph()
    for entity in entities:
        for cls in entity.types:
            graph.add((entity.iri, RDF.type, cls))
        graph.add((entity.iri, RDFS.label, Literal(entity.label)))
        for alt in entity.alt_labels:
            graph.add((entity.iri, SKOS.altLabel, Literal(alt)))
        for abbreviation in entity.abbreviations:
            graph.add((entity.iri, POL.abbreviation, Literal(abbreviation)))
        for iri in entity.exact_match:
            graph.add((entity.iri, SKOS.exactMatch, iri))
    return graph
