"""Resolver scale (issue 11): the comparisons one look-up costs stay flat as the entities grow.

Counted, not timed: `Resolver.comparisons` adds one for every word and every name a look-up
compares. The entities are generated (seeded): people with given names from a small pool
(so a given name is shared by many) and surnames of random syllables, organisations made of
common words ("Regional Election Commission of Vardel"). The 3,000-entity set starts with the
300-entity set, and the same look-ups run on both."""

from __future__ import annotations

import random

import pytest
from rdflib import URIRef

from kg.ids import node_iri, slug
from kg.loaders.entities import Entity
from kg.namespaces import POL
from kg.ontology import load_ontology
from kg.resolve import Resolver

GIVEN = [
    "Anna", "Jan", "Ewa", "Piotr", "Maria", "Ahmet", "Ayşe", "Mehmet", "Elif", "Can",
    "Olga", "Ivan", "Sofia", "Luca", "Marta", "Pavel", "Nina", "Omar", "Lena", "Emil",
]  # fmt: skip
# surnames of 3-4 of these: ~1.7 million forms, so 1,500 or 15,000 of them are as sparse as real
# surnames (few within two typos of each other)
SYLLABLES = [
    "ka", "lo", "wi", "ner", "stan", "ko", "dar", "mi", "ro", "vel", "zen", "tu", "bas", "gor",
    "pe", "shi", "al", "mun", "dri", "ev", "has", "jo", "lek", "nu", "or", "qui", "sa", "tor",
    "ub", "vas", "yil", "ze", "bru", "cem", "fal", "hin",
]  # fmt: skip
ADJECTIVES = ["Regional", "National", "Supreme", "Central", "Provincial", "Municipal", "Federal"]
NOUNS = ["Election", "Audit", "Water", "Transport", "Health", "Labour", "Trade", "Energy"]
KINDS = ["Commission", "Council", "Board", "Authority", "Agency", "Office"]


def _entity(kind: str, cls: URIRef, label: str, number: int) -> Entity:
    entity_id = f"{kind}/{slug(label)}-{number}"
    return Entity(entity_id, node_iri(entity_id), (cls,), label, (), (), "gen.yaml", number)


def generate(count: int, seed: int = 11) -> list[Entity]:
    rng = random.Random(seed)
    entities = []
    for number in range(count):
        surname = "".join(rng.choices(SYLLABLES, k=rng.randint(3, 4))).capitalize()
        if number % 2 == 0:
            label = f"{rng.choice(GIVEN)} {surname}"
            entities.append(_entity("person", POL.Person, label, number))
        else:
            words = (rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(KINDS))
            label = f"{' '.join(words)} of {surname}"
            entities.append(_entity("organization", POL.Organization, label, number))
    return entities


def _variants(entity: Entity) -> list[str]:
    """Spellings of the entity as news would write them: as labelled, with a title or a
    suffix, a surname with a typo, an organisation with another form of a word."""
    label = entity.label
    if entity.id.startswith("person/"):
        given, surname = label.split()
        typo = surname[:2] + surname[3] + surname[2] + surname[4:]  # two letters swapped
        return [label, f"{label}'s", f"Mr {given} {surname}'ın", f"{given} {typo}"]
    stemmed = label.replace("Election", "Electoral").replace("Commission ", "Commissions ")
    return [label, stemmed, label.upper()]


def comparisons_per_lookup(count: int, ontology) -> float:
    resolver = Resolver(generate(count), ontology=ontology)
    targets = generate(300)[:120:3]  # the same entities in both sets
    mentions = [m for e in targets for m in _variants(e)]
    resolver.comparisons = 0
    for mention in mentions:
        resolver.candidates(mention)
    return resolver.comparisons / len(mentions)


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


def test_the_generated_variants_resolve(ontology) -> None:
    """The look-ups measure real work: each variant finds its entity."""
    entities = generate(3000)
    resolver = Resolver(entities, ontology=ontology)
    for entity in generate(300)[:120:3]:
        for mention in _variants(entity):
            found = [e.id for e, _ in resolver.candidates(mention)]
            assert entity.id in found, mention


def test_comparisons_per_lookup_stay_flat_from_300_to_3000_entities(ontology) -> None:
    small = comparisons_per_lookup(300, ontology)
    large = comparisons_per_lookup(3000, ontology)
    assert small > 0
    # ten times the entities: a scan of every entity would cost ten times the comparisons
    assert large <= 2 * small, (small, large)


def test_a_spelling_seen_before_costs_no_comparison(ontology) -> None:
    resolver = Resolver(generate(300), ontology=ontology)
    mention = _variants(generate(300)[0])[3]  # the typo: a fuzzy look-up
    resolver.candidates(mention)
    before = resolver.comparisons
    assert before > 0
    for _ in range(5):
        resolver.candidates(mention)
    assert resolver.comparisons == before
