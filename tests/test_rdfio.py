"""Reading RDF files: every common syntax, errors with their line, and nothing ever fetched."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

from kg.errors import UserError
from kg.namespaces import POL, SOURCE_GRAPH
from kg.rdfio import FORMATS, guess_format, merged_graph, parse_rdf_file

FIXTURES = Path(__file__).parent / "fixtures" / "rdf"
IMAMOGLU = URIRef("https://w3id.org/polkg/id/person/ekrem-imamoglu")


def _expected() -> Graph:
    graph = Graph()
    graph.add((IMAMOGLU, RDF.type, POL.Person))
    graph.add((IMAMOGLU, RDFS.label, Literal("Ekrem İmamoğlu")))
    return graph


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to reach the network, recorded (and refused) for the test to check."""
    attempts: list[str] = []

    def refuse(name: str):
        def _refuse(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"test: network access attempted via {name}")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    return attempts


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.ttl", "turtle"),
        ("a.nt", "nt"),
        ("a.nq", "nquads"),
        ("a.trig", "trig"),
        ("a.jsonld", "json-ld"),
        ("a.json", "json-ld"),
        ("a.rdf", "xml"),
        ("a.xml", "xml"),
        ("a.owl", "xml"),
        ("a.n3", "n3"),
        ("A.TTL", "turtle"),
    ],
)
def test_guess_format(name: str, fmt: str) -> None:
    assert guess_format(Path(name)) == fmt


def test_unknown_extension_is_a_user_error() -> None:
    with pytest.raises(UserError) as err:
        parse_rdf_file(FIXTURES / "person.txt")
    assert "person.txt" in str(err.value) and ".ttl" in str(err.value)


@pytest.mark.parametrize(
    "name",
    [
        "person.ttl",
        "person.nt",
        "person.n3",
        "person.rdf",
        "person.jsonld",
        "person-internal-entity.owl",
    ],
)
def test_triple_syntaxes_go_to_the_default_graph(name: str) -> None:
    ds = parse_rdf_file(FIXTURES / name)
    default = ds.graph(DATASET_DEFAULT_GRAPH_ID)
    assert isomorphic(default, _expected())
    assert isomorphic(merged_graph(ds), _expected())


@pytest.mark.parametrize("name", ["person.nq", "person.trig"])
def test_quad_syntaxes_keep_their_graph(name: str) -> None:
    ds = parse_rdf_file(FIXTURES / name)
    assert isomorphic(ds.graph(SOURCE_GRAPH["a"]), _expected())
    assert len(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_every_listed_extension_is_covered() -> None:
    assert set(FORMATS) >= {
        ".ttl",
        ".nt",
        ".nq",
        ".trig",
        ".jsonld",
        ".json",
        ".rdf",
        ".xml",
        ".owl",
        ".n3",
    }


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("syntax-error.ttl", 3),  # the unterminated string
        ("syntax-error.nt", 3),  # the triple without an object (line 2 is blank)
        ("syntax-error.rdf", 4),  # the mismatched closing tag
        ("syntax-error.jsonld", 3),  # the missing value
    ],
)
def test_syntax_error_names_file_and_line(name: str, line: int) -> None:
    with pytest.raises(UserError) as err:
        parse_rdf_file(FIXTURES / name)
    assert err.value.line == line
    assert str(err.value).startswith(f"{FIXTURES / name}:{line}: ")
    assert "\n" not in str(err.value)


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        parse_rdf_file(tmp_path / "absent.ttl")


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("remote-context.jsonld", "http://127.0.0.1:9/context.jsonld"),
        ("remote-context-nested.jsonld", "https://schema.org/"),
        ("remote-context-import.jsonld", "http://127.0.0.1:9/context.jsonld"),
    ],
)
def test_remote_jsonld_context_is_refused_without_fetching(
    name: str, reference: str, network_attempts: list[str]
) -> None:
    with pytest.raises(UserError) as err:
        parse_rdf_file(FIXTURES / name)
    assert reference in str(err.value) and "@context" in str(err.value)
    assert network_attempts == []


@pytest.mark.parametrize("name", ["external-entity.rdf", "external-dtd.xml"])
def test_external_xml_entity_is_refused_without_fetching(
    name: str, network_attempts: list[str]
) -> None:
    with pytest.raises(UserError) as err:
        parse_rdf_file(FIXTURES / name)
    assert "SYSTEM/PUBLIC" in str(err.value)
    assert err.value.line == 2  # the DOCTYPE
    assert network_attempts == []


def test_entity_built_from_entities_is_refused() -> None:
    with pytest.raises(UserError, match="entity built from other entities"):
        parse_rdf_file(FIXTURES / "entity-expansion.rdf")


def test_owl_imports_is_kept_but_never_followed(network_attempts: list[str]) -> None:
    graph = merged_graph(parse_rdf_file(FIXTURES / "owl-imports.ttl"))
    from rdflib.namespace import OWL

    assert (None, OWL.imports, URIRef("http://127.0.0.1:9/remote-ontology.ttl")) in graph
    assert len(graph) == 4  # the file's own triples, nothing imported
    assert network_attempts == []


def test_owl_imports_is_not_followed_by_validation(network_attempts: list[str]) -> None:
    from kg.validate import validate

    report = validate(merged_graph(parse_rdf_file(FIXTURES / "owl-imports.ttl")))
    assert report.conforms
    assert network_attempts == []
