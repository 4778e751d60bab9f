"""The entities loader: what a good file gives, and each way a bad file is refused, at its line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.loaders.entities import entities_graph, load_entities
from kg.namespaces import ID, POL, WD

FIXTURES = Path(__file__).parent / "fixtures" / "entities"
BAD = FIXTURES / "bad"


def by_id(path: Path) -> dict[str, object]:
    return {e.id: e for e in load_entities(path)}


def test_corpus_fixture_ids_types_and_names() -> None:
    entities = by_id(FIXTURES / "corpus.yaml")
    # default ids are kind/slug(label), the kind following the type (docs/model.md)
    assert sorted(entities) == [
        "organization/supreme-electoral-council",
        "party/akp",
        "party/chp",
        "person/ahmet-davutoglu",
        "person/binali-yildirim",
        "person/dilek-imamoglu",
        "person/ekrem-imamoglu",
        "person/fethullah-gulen",
        "person/mehmet-ozhaseki",
        "person/recep-tayyip-erdogan",
        "place/istanbul",
    ]
    erdogan = entities["person/recep-tayyip-erdogan"]
    assert erdogan.iri == URIRef("https://w3id.org/polkg/id/person/recep-tayyip-erdogan")
    assert erdogan.types == (POL.Person,)
    assert erdogan.label == "Recep Tayyip Erdoğan"
    assert erdogan.alt_labels == ("Recep Tayyip Erdogan", "Erdoğan", "Erdogan")
    assert erdogan.exact_match == (URIRef("http://www.wikidata.org/entity/Q39259"),)
    assert erdogan.line == 4
    assert erdogan.file.endswith("corpus.yaml")
    akp = entities["party/akp"]
    assert akp.types == (POL.PoliticalParty,)
    assert akp.abbreviations == ("AKP",)
    assert akp.line == 21
    assert entities["place/istanbul"].types == (POL.City,)


def test_type_list_with_prefix_and_single_strings(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "entities:\n"
        "  - type: [pol:NewsAgency, Organization]\n"
        "    label: Anadolu Agency\n"
        "    alt_labels: Anadolu\n"
        "    exact_match: https://example.org/anadolu\n",
        encoding="utf-8",
    )
    (entity,) = load_entities(path)
    assert entity.id == "organization/anadolu-agency"
    assert entity.types == (POL.NewsAgency, POL.Organization)
    assert entity.alt_labels == ("Anadolu",)
    assert entity.exact_match == (URIRef("https://example.org/anadolu"),)


def test_labels_are_nfc_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Ekrem İmamoğlu")
    assert decomposed != "Ekrem İmamoğlu"
    path = tmp_path / "entities.yaml"
    path.write_text(
        f"entities:\n  - type: Person\n    label: {decomposed}\n"
        f"    alt_labels: [{decomposed[6:]}]\n",
        encoding="utf-8",
    )
    (entity,) = load_entities(path)
    assert entity.label == "Ekrem İmamoğlu"
    assert entity.alt_labels == ("İmamoğlu",)
    assert entity.id == "person/ekrem-imamoglu"


def test_entities_graph_is_exactly_the_curated_facts() -> None:
    entities = [
        e
        for e in load_entities(FIXTURES / "corpus.yaml")
        if e.id in {"person/recep-tayyip-erdogan", "party/chp"}
    ]
    expected = Graph().parse(
        data="""
        @prefix pol: <https://w3id.org/polkg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/polkg/id/person/recep-tayyip-erdogan> a pol:Person ;
            rdfs:label "Recep Tayyip Erdoğan" ;
            skos:altLabel "Recep Tayyip Erdogan", "Erdoğan", "Erdogan" ;
            skos:exactMatch <http://www.wikidata.org/entity/Q39259> .
        <https://w3id.org/polkg/id/party/chp> a pol:PoliticalParty ;
            rdfs:label "Cumhuriyet Halk Partisi" ;
            skos:altLabel "Republican People's Party" ;
            pol:abbreviation "CHP" .
        """,
        format="turtle",
    )
    graph = entities_graph(entities)
    assert graph.isomorphic(expected)
    # no blank nodes, so the Turtle is the same whatever order the entities come in
    assert graph.serialize(format="turtle") == entities_graph(reversed(entities)).serialize(
        format="turtle"
    )
    assert "@prefix wd:" in graph.serialize(format="turtle")
    assert (ID["person/recep-tayyip-erdogan"], None, WD.Q39259) in graph


# Each bad fixture, the line the error must name, and words of the message that say the fix.
BAD_CASES = [
    (
        "unknown-key.yaml",
        6,
        r"unknown key 'altlabels'; an entity has only type, id, label, alt_labels",
    ),
    ("unknown-top-key.yaml", 4, r"unknown top-level key 'people'"),
    ("missing-label.yaml", 4, r"entity has no label; add `label:`"),
    ("missing-type.yaml", 5, r"entity has no type; add `type:`"),
    ("unknown-type.yaml", 4, r"type 'Politician' is not a class of the polkg ontology"),
    ("property-as-type.yaml", 2, r"type 'candidate' is not a class of the polkg ontology"),
    ("event-type.yaml", 4, r"pol:MayoralElection is not a person, party, organisation, place"),
    ("bad-id.yaml", 4, r"id 'Person/Ekrem_Imamoglu' is not a node id;.*person/ekrem-imamoglu"),
    (
        "id-kind-mismatch.yaml",
        5,
        r"id 'organization/akp' does not fit its type: a party id starts with party/",
    ),
    (
        "duplicate-id.yaml",
        6,
        r"entity id 'person/ekrem-imamoglu' is used twice \(first at line 2\)",
    ),
    (
        "bad-exact-match.yaml",
        5,
        r"exact_match 'Q39259' is neither a Wikidata CURIE.*write wd:Q39259",
    ),
    ("abbreviation-on-person.yaml", 4, r"abbreviation is for organisations only"),
    ("mixed-kinds.yaml", 2, r"types pol:City, pol:Person need different id kinds"),
]


@pytest.mark.parametrize(("name", "line", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_names_file_line_and_fix(name: str, line: int, message: str) -> None:
    path = BAD / name
    with pytest.raises(UserError, match=message) as info:
        load_entities(path)
    assert info.value.file == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_every_bad_fixture_is_tested() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(c[0] for c in BAD_CASES)


def test_not_a_list_of_entities(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("entities:\n  type: Person\n  label: X\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"entities.yaml:1: `entities:` must be a list"):
        load_entities(path)


def test_label_must_be_text(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text(
        "entities:\n  - type: Person\n    label: X\n    alt_labels: [yes]\n", encoding="utf-8"
    )
    with pytest.raises(
        UserError, match=r"entities.yaml:4: each alt_labels entry must be non-empty"
    ):
        load_entities(path)
