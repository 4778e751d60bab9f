"""Acceptance tests of the bundled corpus (issue 3), on the real data in data/.

Expected values come from reading the three articles in data/sources/, not from the code:
000 gives Yıldırım 45.1 % and İmamoğlu 54 % and says the first vote was "in March"; 001 says
"In May", a margin of "some 13,000" and a rerun margin of "approximately 775,000"; 002 gives
54.2 % and 45.0 %, "March 2019" and a "13,700-vote margin".
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.build import BuildResult, build
from kg.ids import fold
from kg.namespaces import CONSENSUS, ID, POL, SOURCE_GRAPH
from kg.paths import DATA, ROOT

YILDIRIM_RERUN = ID["candidacy/2019-06-23-istanbul-mayor-binali-yildirim"]
IMAMOGLU_RERUN = ID["candidacy/2019-06-23-istanbul-mayor-ekrem-imamoglu"]
FIRST_VOTE = ID["election/2019-03-istanbul-mayor"]
RERUN = ID["election/2019-06-23-istanbul-mayor"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(out_dir=tmp_path_factory.mktemp("corpus") / "out")


@pytest.fixture(scope="module")
def consensus(built: BuildResult) -> Dataset:
    return built.dataset.graph(CONSENSUS)


def _disagreements(graph) -> dict[tuple[URIRef, URIRef], URIRef]:
    return {
        (graph.value(d, POL.subject), graph.value(d, POL.property)): d
        for d in graph.subjects(RDF.type, POL.Disagreement)
    }


def test_the_texts_are_the_seeds_byte_for_byte() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent")
    for seed in sorted(seeds.glob("*.txt")):
        assert (DATA / "sources" / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_sources_carry_their_hash_and_length(built: BuildResult, consensus) -> None:
    for text_file in sorted((DATA / "sources").glob("*.txt")):
        raw = text_file.read_bytes()
        slug = text_file.stem.replace("_", "-")
        node = ID[f"source/{slug}"]
        assert consensus.value(node, POL.sha256) == Literal(hashlib.sha256(raw).hexdigest())
        assert int(consensus.value(node, POL.codePoints)) == len(raw.decode("utf-8"))


def test_exactly_the_real_disagreements_are_recorded(consensus) -> None:
    found = _disagreements(consensus)
    assert set(found) == {(YILDIRIM_RERUN, POL.voteShare), (FIRST_VOTE, POL.date)}
    # 54 % vs 54.2 % and "some 13,000" vs "13,700" agree: no disagreement about them
    assert (IMAMOGLU_RERUN, POL.voteShare) not in found
    assert (FIRST_VOTE, POL.margin) not in found


def test_share_disagreement_values_and_rule(consensus) -> None:
    dis = _disagreements(consensus)[(YILDIRIM_RERUN, POL.voteShare)]
    stated = {
        str(consensus.value(v, POL.lexicalForm)) for v in consensus.objects(dis, POL.claimedValue)
    }
    assert stated == {"45.1%", "45.0%"}
    # same width, one source each: neither precision nor agreement decides, source order does
    assert str(consensus.value(dis, POL.rule)) == "source-order"
    assert consensus.value(YILDIRIM_RERUN, POL.voteShare).toPython() == Decimal("45.1")


def test_month_of_first_vote_disagreement(consensus) -> None:
    dis = _disagreements(consensus)[(FIRST_VOTE, POL.date)]
    values = {str(consensus.value(v, RDF.value)) for v in consensus.objects(dis, POL.claimedValue)}
    assert values == {"2019-05", "2019-03"}
    assert str(consensus.value(dis, POL.rule)) == "agreement"  # two sources say March
    assert str(consensus.value(FIRST_VOTE, POL.date)) == "2019-03"


def test_agreeing_values_keep_the_most_precise(consensus) -> None:
    assert consensus.value(IMAMOGLU_RERUN, POL.voteShare).toPython() == Decimal("54.2")
    assert int(consensus.value(FIRST_VOTE, POL.margin)) == 13700
    assert int(consensus.value(RERUN, POL.margin)) == 775000


def test_each_source_keeps_its_own_value(built: BuildResult) -> None:
    ds = built.dataset
    alpha = ds.graph(SOURCE_GRAPH["000-2dfa2c9048c922ba"])
    gamma = ds.graph(SOURCE_GRAPH["002-1ac648e0bb9f5e1e"])
    assert alpha.value(YILDIRIM_RERUN, POL.voteShare).toPython() == Decimal("45.1")
    assert gamma.value(YILDIRIM_RERUN, POL.voteShare).toPython() == Decimal("45.0")
    beta = ds.graph(SOURCE_GRAPH["001-ad03bb0412a3ebaa"])
    assert str(beta.value(FIRST_VOTE, POL.date)) == "2019-05"


def test_consensus_conforms_and_sources_have_no_violations(built: BuildResult) -> None:
    assert built.violations == 0
    assert set(built.reports) == {CONSENSUS} | {
        SOURCE_GRAPH[s]
        for s in ("000-2dfa2c9048c922ba", "001-ad03bb0412a3ebaa", "002-1ac648e0bb9f5e1e")
    }
    for graph, report in built.reports.items():
        assert report.conforms, f"{graph}: {report.to_text()}"
    assert not built.reports[CONSENSUS].warnings


# Every way the articles write a person's name, and who it is (read off the texts).
PEOPLE = {
    "Erdogan": "recep-tayyip-erdogan",
    "Erdoğan": "recep-tayyip-erdogan",
    "Recep Tayyip Erdogan": "recep-tayyip-erdogan",
    "Recep Tayyip Erdoğan": "recep-tayyip-erdogan",
    "Imamoglu": "ekrem-imamoglu",
    "İmamoğlu": "ekrem-imamoglu",
    "Ekrem Imamoglu": "ekrem-imamoglu",
    "Ekrem İmamoğlu": "ekrem-imamoglu",
    "Dilek İmamoğlu": "dilek-imamoglu",
    "Binali Yilderim": "binali-yildirim",
    "Yilderim": "binali-yildirim",
    "Binali Yildirim": "binali-yildirim",
    "Yildirim": "binali-yildirim",
    "Binali Yıldırım": "binali-yildirim",
    "Yıldırım": "binali-yildirim",
    "Davutoğlu": "ahmet-davutoglu",
    "Mehmet Özhaseki": "mehmet-ozhaseki",
}


def test_every_spelling_of_a_person_lands_on_the_right_person(built: BuildResult) -> None:
    people = [r for r in built.resolutions if r.entity_id.startswith("person/")]
    assert people
    for r in people:
        if r.method == "id":
            continue
        assert r.mention in PEOPLE, f"unexpected spelling {r.mention!r} at {r.where}"
        assert r.entity_id == f"person/{PEOPLE[r.mention]}", r
    seen = {r.mention for r in people}
    assert {"Binali Yilderim", "Yilderim", "Dilek İmamoğlu", "Imamoglu"} <= seen


def test_the_misspelling_is_found_by_the_matcher_not_the_alias_table(
    built: BuildResult, consensus
) -> None:
    entities = (DATA / "entities.yaml").read_text(encoding="utf-8")
    assert "yilderim" not in fold(entities)
    methods = {r.method for r in built.resolutions if r.mention == "Binali Yilderim"}
    assert methods == {"fuzzy"}
    labels = {str(x) for x in consensus.objects(ID["person/binali-yildirim"], SKOS.altLabel)}
    assert "Yilderim" in labels or "Binali Yilderim" in labels
    # two people who share a surname stay two
    assert ID["person/dilek-imamoglu"] != ID["person/ekrem-imamoglu"]
    assert (ID["person/dilek-imamoglu"], RDF.type, POL.Person) in consensus


def test_building_the_corpus_twice_is_byte_identical(tmp_path: Path) -> None:
    """Two processes, two hash seeds, two output folders: every file the same bytes."""
    outs = []
    for seed in ("0", "31337"):
        out = tmp_path / f"out-{seed}"
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from kg.cli import main; sys.exit(main(sys.argv[1:]))",
                "build",
                "--out",
                str(out),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(
            {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}
        )
    assert outs[0].keys() == outs[1].keys() and len(outs[0]) >= 7
    for name in outs[0]:
        assert outs[0][name] == outs[1][name], f"{name} differs between two builds"
