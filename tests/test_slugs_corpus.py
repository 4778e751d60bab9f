"""Slugs from any script leave the bundled corpus's IRIs as they were, and a curated label in
another script (or with nothing to transliterate) builds instead of stopping with a traceback.

`fixtures/ids/corpus-iris.txt` lists every polkg IRI of `out/dataset.nq` and
`out/consensus.ttl` as `polkg build` wrote them before slugs went through anyascii."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.build import BuildResult, build
from kg.namespaces import CONSENSUS, ID
from kg.paths import DATA

BEFORE = Path(__file__).parent / "fixtures" / "ids" / "corpus-iris.txt"

EXTRA_ENTITIES = """
  - type: Person
    label: Владимир Путин
  - type: Person
    label: Lech Wałęsa
  - type: SocialGroup
    label: "🎉"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The corpus with three more curated entities: one in Cyrillic, one with ł, one emoji."""
    root = tmp_path_factory.mktemp("slugs")
    data = root / "data"
    shutil.copytree(DATA, data)
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + EXTRA_ENTITIES, encoding="utf-8")
    return build([data], out_dir=root / "out")


def _iris(result: BuildResult) -> set[str]:
    return {
        str(term)
        for quad in result.dataset.quads()
        for term in (quad[0], quad[2], quad[3])
        if isinstance(term, URIRef) and str(term).startswith("https://w3id.org/polkg/")
    }


def test_every_corpus_iri_is_unchanged(built: BuildResult) -> None:
    lines = BEFORE.read_text(encoding="utf-8").splitlines()
    before = {line for line in lines if line and not line.startswith("#")}
    assert len(before) > 400  # the fixture holds the whole corpus, not a sample
    missing = sorted(before - _iris(built))
    assert missing == []


def test_labels_in_other_scripts_get_readable_iris(built: BuildResult) -> None:
    consensus = built.dataset.graph(CONSENSUS)
    subjects = set(consensus.subjects())
    assert ID["person/vladimir-putin"] in subjects
    assert ID["person/lech-walesa"] in subjects
    hashed = [s for s in subjects if str(s).startswith(str(ID["group/x-"]))]
    assert len(hashed) == 1
