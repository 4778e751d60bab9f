"""Source texts and their metadata: the pol:Source node, and every metadata mistake named."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.errors import UserError
from kg.loaders.sources import load_sources, source_triples
from kg.namespaces import POL

FIXTURE = Path(__file__).parent / "fixtures" / "claims" / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def test_sources_are_loaded_in_file_order_with_ids() -> None:
    alpha, beta = load_sources(FIXTURE)
    assert (alpha.stem, beta.stem) == ("alpha", "beta")
    assert alpha.iri == URIRef("https://w3id.org/polkg/id/source/alpha")
    assert alpha.graph_iri == URIRef("https://w3id.org/polkg/graph/source/alpha")
    assert alpha.label == "Kuzeykent rerun" and alpha.label_is_title is True
    assert alpha.context_year == 2019
    assert beta.publisher == "Example Wire"
    assert beta.published == Literal("2019-06-24", datatype=rdfns.XSD.date)


def test_text_is_the_file_unchanged_and_hash_is_of_its_bytes() -> None:
    alpha = load_sources(FIXTURE)[0]
    raw = (FIXTURE / "sources" / "alpha.txt").read_bytes()
    assert alpha.text.encode("utf-8") == raw
    assert alpha.sha256 == hashlib.sha256(raw).hexdigest()
    # ş, ı are two bytes in UTF-8 but one code point: the length is in code points.
    assert alpha.code_points == len(raw.decode("utf-8")) < len(raw)


def test_source_node_triples() -> None:
    alpha, beta = load_sources(FIXTURE)
    g = source_triples(alpha)
    node = alpha.iri
    assert (node, RDF.type, POL.Source) in g
    assert g.value(node, RDFS.label) == Literal("Kuzeykent rerun")
    assert g.value(node, DCTERMS.title) == Literal("Kuzeykent rerun")  # label_is_title: true
    assert g.value(node, DCTERMS.language) == Literal("en")
    assert g.value(node, DCTERMS.type) == Literal("news article")
    assert g.value(node, DCTERMS.publisher) is None  # unknown: left out, not guessed
    assert g.value(node, DCTERMS.issued) is None
    assert g.value(node, POL.sourceFile) == Literal("sources/alpha.txt")
    raw = (FIXTURE / "sources" / "alpha.txt").read_bytes()
    assert g.value(node, POL.sha256) == Literal(hashlib.sha256(raw).hexdigest())
    assert g.value(node, POL.codePoints) == Literal(len(raw.decode("utf-8")))
    gb = source_triples(beta)
    assert gb.value(beta.iri, DCTERMS.title) is None  # label made up by the curator
    assert gb.value(beta.iri, DCTERMS.publisher) == Literal("Example Wire")
    assert gb.value(beta.iri, DCTERMS.issued) == Literal("2019-06-24", datatype=rdfns.XSD.date)


def _line_of(path: Path, marker: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


def test_missing_metadata_file(data: Path) -> None:
    (data / "sources" / "beta.yaml").unlink()
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert info.value.file == str(data / "sources" / "beta.txt")
    assert "beta.yaml" in str(info.value)


def test_metadata_without_text(data: Path) -> None:
    (data / "sources" / "beta.txt").unlink()
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert info.value.file == str(data / "sources" / "beta.yaml")


def test_unknown_metadata_key_names_its_line(data: Path) -> None:
    meta = data / "sources" / "alpha.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "author: Someone\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert (info.value.file, info.value.line) == (str(meta), _line_of(meta, "author:"))
    assert "author" in str(info.value)


def test_missing_metadata_key(data: Path) -> None:
    meta = data / "sources" / "alpha.yaml"
    lines = [
        ln for ln in meta.read_text(encoding="utf-8").splitlines() if not ln.startswith("language:")
    ]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert info.value.file == str(meta)
    assert "'language'" in str(info.value)


@pytest.mark.parametrize("bad", ["2019-02-30", "24 June 2019", "2019-6"])
def test_bad_published_date_names_its_line(data: Path, bad: str) -> None:
    meta = data / "sources" / "beta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("published: 2019-06-24", f"published: {bad}"),
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert (info.value.file, info.value.line) == (str(meta), _line_of(meta, "published:"))


def test_text_must_be_utf8(data: Path) -> None:
    text = data / "sources" / "beta.txt"
    text.write_bytes("Yıldırım".encode("iso-8859-9"))
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert info.value.file == str(text)
    assert "UTF-8" in str(info.value)


def test_label_is_title_must_be_a_boolean(data: Path) -> None:
    meta = data / "sources" / "alpha.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "label_is_title: true", "label_is_title: yes please"
        ),
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        load_sources(data)
    assert info.value.line == _line_of(meta, "label_is_title")
