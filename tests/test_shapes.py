"""The SHACL shapes: every rule caught at the right node, with the right path and severity.

pySHACL is slow to start a run, so the fixtures are validated together, once per mode: the
base graph (which satisfies every rule), every broken fixture (each node breaks one rule; see
tests/fixtures/shapes/README.md) and the valid edge cases. Every node has its own IRI, so the
results of one case are the results at its focus node. EXPECTED was written by hand from the
rules in issue 2, not copied from a run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.namespaces import ID, POL, POLSH, SH
from kg.paths import SHAPES
from kg.rdfio import merged_graph, parse_rdf_file
from kg.validate import ValidationReport, validate

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
V, W = "Violation", "Warning"

# focus node (under id:) -> {(path, shape local name, severity in consensus mode, in source mode)}
EXPECTED: dict[str, set[tuple[str | None, str, str, str]]] = {
    # labels
    "person/no-label": {("rdfs:label", "EntityLabelRequired", V, W)},
    "person/two-labels": {("rdfs:label", "EntityLabelSingle", W, W)},
    "organization/iri-label": {("rdfs:label", "LabelIsText", V, V)},
    "statement/no-label": {("rdfs:label", "EventLabel", W, W)},
    "source/no-label": {("rdfs:label", "SourceLabelRequired", V, W)},
    # dates
    "election/month-13": {("pol:date", "DateValue", V, V)},
    "election/month-in-words": {("pol:date", "DateValue", V, V)},
    "election/february-30": {("pol:date", "DateValue", V, V)},
    "election/plain-string-date": {("pol:date", "DateValue", V, V)},
    "election/two-dates": {("pol:date", "DateSingle", V, V)},
    "tenure/bad-span-dates": {
        ("pol:startDate", "StartDateValue", V, V),
        ("pol:endDate", "EndDateValue", V, V),
    },
    "election/undated": {("pol:date", "EventDateRequired", V, W)},
    "referendum/undated": {("pol:date", "EventDateRequired", V, W)},
    "annulment/undated": {("pol:date", "EventDateRequired", V, W)},
    "coup/undated": {("pol:date", "EventDateRequired", V, W)},
    # numbers
    "result/share-as-text": {("pol:voteShare", "VoteShareDatatype", V, V)},
    "result/share-as-integer": {("pol:voteShare", "VoteShareDatatype", V, V)},
    "result/share-above-100": {("pol:voteShare", "VoteShareRange", V, V)},
    "result/share-below-0": {("pol:voteShare", "VoteShareRange", V, V)},
    "result/two-shares": {("pol:voteShare", "VoteShareSingle", V, V)},
    "result/votes-as-text": {("pol:votes", "VotesDatatype", V, V)},
    "result/votes-as-decimal": {("pol:votes", "VotesDatatype", V, V)},
    "result/votes-negative": {("pol:votes", "VotesNonNegative", V, V)},
    "result/two-vote-counts": {("pol:votes", "VotesSingle", V, V)},
    "result/margin-as-text": {("pol:margin", "MarginDatatype", V, V)},
    "result/margin-negative-int": {("pol:margin", "MarginNonNegative", V, V)},
    # election-level counts, turnout and a decision's vote
    "result/electorate-as-text": {("pol:electorate", "ElectorateDatatype", V, V)},
    "result/ballots-negative": {("pol:ballotsCast", "BallotsCastNonNegative", V, V)},
    "result/two-valid-counts": {("pol:validVotes", "ValidVotesSingle", V, V)},
    "result/invalid-as-decimal": {("pol:invalidVotes", "InvalidVotesDatatype", V, V)},
    "result/turnout-as-integer": {("pol:turnout", "TurnoutDatatype", V, V)},
    "result/turnout-over-100": {("pol:turnout", "TurnoutRange", V, V)},
    "result/ballots-over-electorate": {(None, "BallotsAtMostElectorate", V, V)},
    "result/turnout-off": {(None, "TurnoutAgreesWithCounts", V, V)},
    "result/turnout-whole-off": {(None, "TurnoutAgreesWithCounts", V, V)},
    "result/votes-over-valid": {(None, "CandidateVotesAtMostValid", V, V)},
    "result/decision-no-votes": {(None, "DecisionHasVotes", V, V)},
    "result/decision-against-negative": {
        ("pol:votesAgainst", "VotesAgainstNonNegative", V, V),
        (None, "DecisionHasVotes", V, V),
    },
    # elections and winners
    "election/shares-over-100": {(None, "ShareSumAtMost100", V, V)},
    "election/two-winners": {("pol:winner", "WinnerSingle", V, V)},
    "election/party-wins": {
        ("pol:winner", "WinnerIsPerson", V, V),
        ("pol:winner", "WinnerIsCandidate", V, W),
    },
    "election/winner-did-not-run": {("pol:winner", "WinnerIsCandidate", V, W)},
    "election/winner-behind": {("pol:winner", "WinnerHasHighestShare", V, V)},
    # candidacies
    "candidacy/no-candidate": {("pol:candidate", "CandidateRequired", V, W)},
    "candidacy/two-candidates": {("pol:candidate", "CandidateSingle", V, V)},
    "candidacy/organization-candidate": {("pol:candidate", "CandidateIsPerson", V, V)},
    "candidacy/no-election": {("^pol:candidacy", "CandidacyElectionRequired", V, W)},
    "candidacy/two-elections": {("^pol:candidacy", "CandidacyElectionSingle", V, V)},
    "candidacy/in-referendum": {("^pol:candidacy", "CandidacyInElection", V, V)},
    "candidacy/organization-party": {("pol:party", "CandidacyPartyType", V, V)},
    # annulments
    "annulment/annuls-nothing": {("pol:annuls", "AnnulsRequired", V, W)},
    "annulment/annuls-two": {("pol:annuls", "AnnulsSingle", V, V)},
    "annulment/annuls-a-person": {("pol:annuls", "AnnulsElection", V, V)},
    "annulment/no-decider": {("pol:decidedBy", "DecidedByRequired", V, W)},
    "annulment/person-decides": {("pol:decidedBy", "DecidedByOrganization", V, V)},
    "annulment/day-before": {("pol:annuls", "AnnulmentNotBeforeElection", V, V)},
    "annulment/month-before": {("pol:annuls", "AnnulmentNotBeforeElection", V, V)},
    "annulment/year-before": {("pol:annuls", "AnnulmentNotBeforeElection", V, V)},
    # reruns (the base election was held 2019-03-31 and annulled 2019-05-06)
    "election/rerun-of-a-person": {
        ("pol:rerunOf", "RerunOfElection", V, V),
        ("pol:rerunOf", "RerunOfAnnulled", V, W),
    },
    "election/rerun-of-valid-election": {("pol:rerunOf", "RerunOfAnnulled", V, W)},
    "election/rerun-of-two": {
        ("pol:rerunOf", "RerunOfSingle", V, V),
        ("pol:rerunOf", "RerunOfAnnulled", V, W),
    },
    "election/rerun-same-month": {
        ("pol:rerunOf", "RerunAfterElection", V, V),
        ("pol:rerunOf", "RerunNotBeforeAnnulment", V, V),
    },
    "election/rerun-same-day": {
        ("pol:rerunOf", "RerunAfterElection", V, V),
        ("pol:rerunOf", "RerunNotBeforeAnnulment", V, V),
    },
    "election/rerun-before-annulment": {("pol:rerunOf", "RerunNotBeforeAnnulment", V, V)},
    # coups
    "coup/outcome-as-text": {("pol:outcome", "OutcomeValue", V, V)},
    "coup/two-outcomes": {("pol:outcome", "OutcomeSingle", V, V)},
    "coup/perpetrator-as-text": {("pol:perpetrator", "PerpetratorAgent", V, V)},
    "coup/blamed-on-a-place": {("pol:blamedOn", "BlamedOnAgent", V, V)},
    # tenures and spans
    "tenure/no-holder-no-office": {
        ("pol:holder", "HolderRequired", V, W),
        ("pol:office", "TenureOfficeRequired", V, W),
    },
    "tenure/two-holders-two-offices": {
        ("pol:holder", "HolderSingle", V, V),
        ("pol:office", "TenureOfficeSingle", V, V),
    },
    "tenure/mistyped": {
        ("pol:holder", "HolderIsPerson", V, V),
        ("pol:office", "TenureOfficeType", V, V),
    },
    "tenure/ends-before-start": {("pol:endDate", "EndNotBeforeStart", V, V)},
    "membership/ends-before-start": {("pol:endDate", "EndNotBeforeStart", V, V)},
    # provenance
    "coup/no-source": {("prov:wasDerivedFrom", "DerivedFromRequired", V, W)},
    "tenure/web-page-source": {("prov:wasDerivedFrom", "DerivedFromSource", V, V)},
    # advice
    "election/jurisdiction-is-a-person": {("pol:jurisdiction", "JurisdictionPlace", W, W)},
    "election/untyped-candidacy": {("pol:candidacy", "ElectionCandidacyType", W, W)},
}


def _load(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        for triple in merged_graph(parse_rdf_file(path)):
            graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def all_fixtures() -> Graph:
    return _load(
        FIXTURES / "base.ttl",
        *sorted((FIXTURES / "broken").glob("*.ttl")),
        *sorted((FIXTURES / "valid").glob("*.ttl")),
    )


@pytest.fixture(scope="module")
def consensus_report(all_fixtures: Graph) -> ValidationReport:
    return validate(all_fixtures, mode="consensus")


@pytest.fixture(scope="module")
def source_report(all_fixtures: Graph) -> ValidationReport:
    return validate(all_fixtures, mode="source")


def _at(report: ValidationReport, focus: str) -> set[tuple[str | None, str, str]]:
    node = ID[focus]
    return {
        (r.path, str(r.shape).removeprefix(str(POLSH)), r.severity)
        for r in report.results
        if r.focus == node
    }


def test_base_graph_gives_no_result_at_all() -> None:
    report = validate(_load(FIXTURES / "base.ttl"))
    assert report.results == []
    assert report.conforms


@pytest.mark.parametrize("focus", sorted(EXPECTED))
def test_rule_caught_at_its_node_in_consensus_mode(
    focus: str, consensus_report: ValidationReport
) -> None:
    expected = {(path, shape, sev) for path, shape, sev, _ in EXPECTED[focus]}
    assert _at(consensus_report, focus) == expected


@pytest.mark.parametrize("focus", sorted(EXPECTED))
def test_source_mode_lowers_only_what_is_missing(
    focus: str, source_report: ValidationReport
) -> None:
    expected = {(path, shape, sev) for path, shape, _, sev in EXPECTED[focus]}
    assert _at(source_report, focus) == expected


def test_no_result_anywhere_else(
    consensus_report: ValidationReport, source_report: ValidationReport
) -> None:
    """The base graph and the valid edge cases (dates of different precision, other integer
    datatypes, shares over 100 only by rounding, an unknown share, a tie) give nothing."""
    expected_nodes = {ID[focus] for focus in EXPECTED}
    for report in (consensus_report, source_report):
        stray = sorted({str(r.focus) for r in report.results} - {str(n) for n in expected_nodes})
        assert stray == []


def test_valid_edge_nodes_are_in_the_graph(all_fixtures: Graph) -> None:
    """Guard for the test above: the edge cases were loaded, so their silence means something."""
    for node in (
        "annulment/same-month",
        "election/rerun-in-may",
        "tenure/within-a-month",
        "election/rounding",
        "election/share-unknown",
        "election/tie",
    ):
        assert (ID[node], None, None) in all_fixtures


def test_violations_and_conforms(
    consensus_report: ValidationReport, source_report: ValidationReport
) -> None:
    assert not consensus_report.conforms
    assert all(r.severity == V for r in consensus_report.violations)
    assert {r.severity for r in consensus_report.warnings} == {W}
    # source mode lowers the completeness rules: fewer violations, same number of results
    assert len(source_report.violations) < len(consensus_report.violations)
    assert len(source_report.results) == len(consensus_report.results)


def test_messages_and_values(consensus_report: ValidationReport) -> None:
    sums = [r for r in consensus_report.results if r.focus == ID["election/shares-over-100"]]
    assert sums[0].value == Literal("109.1", datatype=XSD.decimal)  # 64.0 + 45.1
    assert "109.1" in sums[0].message
    behind = [r for r in consensus_report.results if r.focus == ID["election/winner-behind"]]
    assert behind[0].value == ID["person/binali-yildirim"]
    assert "45.1" in behind[0].message and "54.0" in behind[0].message
    annulled = [r for r in consensus_report.results if r.focus == ID["annulment/day-before"]]
    assert "2019-03-30" in annulled[0].message and "2019-03-31" in annulled[0].message
    for result in consensus_report.results:
        assert "{" not in result.message, f"unfilled template in {result.shape}: {result.message}"


def test_labels_of_focus_nodes(consensus_report: ValidationReport) -> None:
    [result] = [r for r in consensus_report.results if r.focus == ID["election/undated"]]
    assert result.label == "Undated election"
    [result] = [r for r in consensus_report.results if r.focus == ID["person/no-label"]]
    assert result.label is None


def test_minimal_core_graph_conforms() -> None:
    """Only core vocabulary: labels, typed dates, prov:wasDerivedFrom a labelled pol:Source."""
    report = validate(_load(FIXTURES / "core-minimal.ttl"))
    assert report.violations == []
    assert report.conforms


def test_validation_never_modifies_the_data_graph() -> None:
    data = _load(FIXTURES / "core-minimal.ttl")
    data.add((ID["annulment/x"], RDF.type, POL.Annulment))
    data.add((ID["annulment/x"], POL.annuls, ID["person/x"]))  # rdfs:range would type it
    before = Graph()
    for triple in data:
        before.add(triple)
    report = validate(data)
    assert isomorphic(before, data)
    assert (ID["person/x"], RDF.type, POL.Election) not in data
    assert (POL.Election, RDFS.subClassOf, None) not in data  # the ontology was not mixed in
    assert any(r.focus == ID["annulment/x"] and r.path == "pol:annuls" for r in report.violations)


def test_results_are_deterministic(all_fixtures: Graph, consensus_report: ValidationReport) -> None:
    again = validate(all_fixtures, mode="consensus")
    assert again.to_json() == consensus_report.to_json()
    assert again.to_turtle() == consensus_report.to_turtle()
    assert again.to_text() == consensus_report.to_text()


def test_shapes_name_and_explain_every_shape() -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    named = [s for s in shapes.subjects(RDF.type, SH.NodeShape)] + [
        s for s in shapes.subjects(RDF.type, SH.PropertyShape)
    ]
    assert len(named) > 40
    for shape in named:
        assert isinstance(shape, URIRef), "every shape has an IRI so reports can name it"
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, RDFS.comment) is not None, shape
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        severity = shapes.value(shape, SH.severity)
        assert severity in (SH.Violation, SH.Warning), shape
        has_message = shapes.value(shape, SH.message) is not None or any(
            shapes.value(c, SH.message) is not None for c in shapes.objects(shape, SH.sparql)
        )
        assert has_message, shape
