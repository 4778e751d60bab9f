"""The ontology's hygiene: the SPARQL checks under ontology/checks/ return no rows, each check
can fail (it finds a fault planted in a broken fixture), and every pol: term that the shapes,
the query library and the curated data use is defined in the ontology."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.plugins.sparql import prepareQuery

from kg.loaders.yamlio import load_yaml
from kg.namespaces import POL, POLSH
from kg.ontology import functional_properties, load_ontology, property_range
from kg.paths import DATA, ONTOLOGY, ONTOLOGY_DIR, QUERIES, ROOT, SHAPES

CHECKS = sorted((ONTOLOGY_DIR / "checks").glob("*-violation.rq"))
FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
ONTOLOGY_IRI = URIRef("https://w3id.org/polkg/ontology")
# a plain Namespace: pytest probes module attributes, and rdflib's XSD warns on unknown ones
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

# check file stem -> terms planted in broken-ontology.ttl that the check must report
PLANTED: dict[str, set[URIRef]] = {
    "unlabelled-term-violation": {POL.NoLabel},
    "uncommented-term-violation": {POL.NoComment},
    "comment-full-stop-violation": {POL.NoFullStop},
    "missing-defined-by-violation": {POL.NotDefinedBy},
    "kind-clash-violation": {POL.ClassAndProperty, POL.objectAndData},
    "duplicate-label-violation": {POL.TwoLabels, POL.SameLabelOne, POL.SameLabelTwo},
    "property-signature-violation": {POL.noRange, POL.plainProperty},
    "range-kind-violation": {POL.dataToClass, POL.objectToDatatype},
    "undeclared-term-violation": {POL.Organisation},
    "functional-properties-violation": {POL.votes, RDFS.label},
    "numeric-range-violation": {POL.votes},
}


def _terms(graph: Graph, check: Path) -> set[URIRef]:
    return {row.term for row in graph.query(check.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def broken() -> Graph:
    return Graph().parse(FIXTURES / "broken-ontology.ttl", format="turtle")


def test_every_check_has_a_planted_fault() -> None:
    assert {c.stem for c in CHECKS} == set(PLANTED)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_passes_on_the_ontology(check: Path) -> None:
    text = check.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{check.name} must open with a comment saying what it checks"
    rows = list(load_ontology().query(text))
    assert rows == [], f"{check.name}: {[tuple(map(str, r)) for r in rows]}"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_its_planted_fault(check: Path, broken: Graph) -> None:
    found = _terms(broken, check)
    assert PLANTED[check.stem] <= found
    assert POL.WellFormed not in found
    assert POL.wellFormedProperty not in found


# --- the header and the fixed vocabulary -------------------------------------------------


def test_header() -> None:
    onto = load_ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    for prop in (
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/terms/description",
        "http://purl.org/dc/terms/created",
        "http://purl.org/dc/terms/modified",
        "http://purl.org/dc/terms/license",
        str(OWL.versionIRI),
        str(OWL.versionInfo),
        "http://purl.org/vocab/vann/preferredNamespacePrefix",
        "http://purl.org/vocab/vann/preferredNamespaceUri",
    ):
        assert onto.value(ONTOLOGY_IRI, URIRef(prop)) is not None, prop
    assert str(
        onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))
    ) == str(POL)


def test_nothing_is_imported() -> None:
    assert not list(load_ontology().objects(None, OWL.imports))


def test_prefixes_in_alphabetical_order() -> None:
    text = ONTOLOGY.read_text(encoding="utf-8")
    prefixes = re.findall(r"^@prefix (\w*):", text, flags=re.MULTILINE)
    assert prefixes == sorted(prefixes)
    assert "pol" in prefixes


def test_every_term_of_the_data_model_is_defined() -> None:
    """docs/model.md (and DESIGN.md when the shared folder is there) list the guaranteed terms."""
    docs = [ROOT / "docs" / "model.md", ROOT.parent / "shared" / "DESIGN.md"]
    onto = load_ontology()
    named = set()
    for doc in docs:
        if doc.is_file():
            named |= set(re.findall(r"\bpol:([A-Za-z][A-Za-z0-9]*)", doc.read_text("utf-8")))
    assert len(named) > 80  # the model page lists well over eighty terms
    missing = sorted(t for t in named if (POL[t], RDF.type, None) not in onto)
    assert missing == []


FIXED_FUNCTIONAL = {
    POL[name]
    for name in [
        "date",
        "startDate",
        "endDate",
        "voteShare",
        "votes",
        "margin",
        "winner",
        "candidate",
        "party",
        "annuls",
        "rerunOf",
        "outcome",
        "holder",
        "office",
        "resultOf",
        "ballotsCounted",
        "controlledBy",
        "districtsControlled",
        "districtsTotal",
        "districtsLost",
        "voteShareChange",
        "disputedVotes",
        # election-level counts and a decision's vote (issue: the facts news reports carry)
        "electorate",
        "ballotsCast",
        "validVotes",
        "invalidVotes",
        "turnout",
        "votesFor",
        "votesAgainst",
        # provenance: a source's kind, a kind's rank, an attribution's place in its chain
        "sourceKind",
        "authorityRank",
        "attributionOrder",
        # datasets (issue 10)
        "seatsTotal",
        "early",
        "country",
        "fromParty",
        "toParty",
        "changeType",
        "caretaker",
        "termOf",
        "legislativeTerm",
        "onBehalfOf",
        "constituency",
        "post",
        "role",
    ]
}


def test_functional_properties_are_exactly_the_fixed_list() -> None:
    assert functional_properties() == FIXED_FUNCTIONAL


def test_outcome_individuals() -> None:
    onto = load_ontology()
    for individual in (POL.Succeeded, POL.Failed):
        assert (individual, RDF.type, OWL.NamedIndividual) in onto
        assert (individual, RDF.type, POL.Outcome) in onto
    assert (POL.outcome, RDFS.range, POL.Outcome) in onto


def _union_members(onto: Graph, node: URIRef | BNode) -> set[URIRef]:
    union = onto.value(node, OWL.unionOf)
    if union is None:
        return {node} if isinstance(node, URIRef) else set()
    return {m for m in Collection(onto, union) if isinstance(m, URIRef)}


@pytest.mark.parametrize("prop", [POL.date, POL.startDate, POL.endDate])
def test_date_properties_range_over_the_three_precisions(prop: URIRef) -> None:
    onto = load_ontology()
    (range_,) = list(onto.objects(prop, RDFS.range))
    assert _union_members(onto, range_) == {XSD.date, XSD.gYearMonth, XSD.gYear}
    assert (prop, RDF.type, OWL.DatatypeProperty) in onto


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        (POL.voteShare, XSD.decimal),
        (POL.votes, XSD.integer),
        (POL.margin, XSD.integer),
        (POL.sha256, XSD.string),
        (POL.words, XSD.string),
        (POL.candidate, POL.Person),
        (POL.annuls, POL.Election),
        (POL.property, RDF.Property),
        (POL.claimProperty, RDF.Property),
    ],
)
def test_ranges_the_loader_reads(prop: URIRef, expected: URIRef) -> None:
    assert property_range(prop) == expected


def test_alignments_to_each_standard_vocabulary() -> None:
    onto = load_ontology()
    targets = {
        str(o)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass)
        for o in onto.objects(None, p)
    }
    for namespace in (
        "https://schema.org/",
        "http://xmlns.com/foaf/0.1/",
        "http://www.w3.org/ns/org#",
        "http://semanticweb.cs.vu.nl/2009/11/sem/",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2006/time#",
    ):
        assert any(t.startswith(namespace) for t in targets), namespace


def test_precision_rule_is_documented() -> None:
    onto = load_ontology()
    skos_note = URIRef("http://www.w3.org/2004/02/skos/core#note")
    for term in (ONTOLOGY_IRI, POL.StatedValue, POL.lowerBound, POL.Disagreement):
        notes = " ".join(str(n) for n in onto.objects(term, skos_note))
        assert "interval" in notes and "5 %" in notes and "overlap" in notes, term


# --- domains and ranges do not mistype valid data ----------------------------------------

PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.long}


def _superclasses(onto: Graph, cls: URIRef) -> set[URIRef]:
    return set(onto.transitive_objects(cls, RDFS.subClassOf))


def _fits(onto: Graph, data: Graph, node: object, expr: URIRef | BNode) -> bool:
    members = _union_members(onto, expr)
    if {OWL.Thing, RDFS.Resource} & members:
        return True
    if isinstance(node, Literal):
        datatype = node.datatype or XSD.string
        allowed = set(members)
        if XSD.integer in allowed:
            allowed |= INTEGER_TYPES
        return datatype in allowed or RDFS.Literal in members
    types = set(data.objects(node, RDF.type)) | set(onto.objects(node, RDF.type))
    if types & PROPERTY_KINDS:
        types.add(RDF.Property)
    closure = set().union(*(_superclasses(onto, t) for t in types)) if types else set()
    return bool(closure & members)


def test_valid_data_fits_every_domain_and_range() -> None:
    onto = load_ontology()
    data = Graph().parse(FIXTURES / "valid-usage.ttl", format="turtle")
    used = {p for p in data.predicates() if p in POL}
    assert len(used) > 60  # the fixture exercises most of the vocabulary
    misfits = []
    for s, p, o in data:
        if p not in POL:
            continue
        for domain in onto.objects(p, RDFS.domain):
            if not _fits(onto, data, s, domain):
                misfits.append(f"{s} is not in the domain of {p}")
        for range_ in onto.objects(p, RDFS.range):
            if not _fits(onto, data, o, range_):
                misfits.append(f"{o!r} is not in the range of {p}")
    assert misfits == []


# --- every pol: term the other files use is defined ---------------------------------------


def _pol_iris(text: str) -> set[URIRef]:
    """pol: terms written as `pol:x` or in full inside SPARQL text (queries, SHACL-SPARQL)."""
    names = re.findall(r"(?<![\w:/#])pol:([A-Za-z_][\w-]*)", text)
    names += re.findall(r"<https://w3id\.org/polkg/ontology#([\w-]+)>", text)
    return {POL[n] for n in names}


def _walk(node: object) -> Iterator[URIRef]:
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | set | frozenset):
        for value in node:
            yield from _walk(value)


def _undefined(terms: set[URIRef]) -> list[str]:
    onto = load_ontology()
    return sorted(str(t) for t in terms if t in POL and (t, RDF.type, None) not in onto)


def test_query_term_extraction_finds_pol_terms() -> None:
    """Guards the helper the next tests rely on: a typo in a query must be seen."""
    query = prepareQuery(
        "PREFIX pol: <https://w3id.org/polkg/ontology#>\n"
        "SELECT ?e WHERE { ?e a pol:Election ; pol:winer ?w }"
    )
    assert _undefined(set(_walk(query.algebra))) == [str(POL.winer)]


def test_terms_used_in_queries_are_defined() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert files, f"no query library under {QUERIES}"
    problems = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        terms = set(_walk(prepareQuery(text).algebra)) | _pol_iris(text)
        if missing := _undefined(terms):
            problems[path.name] = missing
    assert problems == {}


def test_terms_used_in_shapes_are_defined() -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    terms = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    for literal in shapes.objects():
        if isinstance(literal, Literal):
            terms |= _pol_iris(str(literal))
    assert _undefined(terms) == []
    # polsh: terms a shape refers to are defined (as subjects) in the shapes file itself
    referenced = {o for o in shapes.objects() if isinstance(o, URIRef) and o in POLSH}
    assert sorted(str(t) for t in referenced if (t, None, None) not in shapes) == []


def _node_keys_and_types(node: dict) -> tuple[set[str], set[str], set[str]]:
    """(property keys, type names, pol: values) of one node in a claims file."""
    keys = {k for k in node if k not in ("type", "label")}
    types = node.get("type", [])
    types = {types} if isinstance(types, str) else set(types or [])
    values: set[str] = set()
    for value in node.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.startswith("pol:"):
                values.add(item[4:])
    return keys, types, values


def test_terms_used_in_curated_data_are_defined() -> None:
    entities = DATA / "entities.yaml"
    claims = sorted((DATA / "claims").glob("*.yaml"))
    assert entities.is_file() and claims, "the bundled corpus has entities and claims"
    onto = load_ontology()
    classes = set(onto.subjects(RDF.type, OWL.Class))
    properties = {p for kind in PROPERTY_KINDS for p in onto.subjects(RDF.type, kind)}
    problems: list[str] = []
    if entities.is_file():
        for entity in load_yaml(entities).get("entities", []):
            types = entity.get("type", [])
            for name in [types] if isinstance(types, str) else types:
                if POL[name] not in classes:
                    problems.append(f"entities.yaml:{entity.line}: class {name}")
    for path in claims:
        for claim in load_yaml(path).get("claims", []):
            for node in (claim.get("about") or {}).values():
                keys, types, values = _node_keys_and_types(node)
                where = f"{path.name}:{node.line}"
                problems += [f"{where}: property {k}" for k in keys if POL[k] not in properties]
                problems += [f"{where}: class {t}" for t in types if POL[t] not in classes]
                problems += [f"{where}: term pol:{v}" for v in _undefined_names(values)]
    assert problems == []


def _undefined_names(names: set[str]) -> list[str]:
    return sorted(n for n in names if _undefined({POL[n]}))
