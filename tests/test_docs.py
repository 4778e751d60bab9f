"""The ontology reference page: complete, self-contained, escaped, deterministic."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli import main
from kg.docs import read_ontology, render_reference, write_reference
from kg.namespaces import POL
from kg.ontology import load_ontology

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"


class _Page(HTMLParser):
    """Collects the page's text, element ids, links and any resource it would load."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.loads: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("src"):
            self.loads.append(values["src"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def html() -> str:
    return render_reference(load_ontology())


def test_every_term_has_its_label_and_anchor(html: str) -> None:
    onto = load_ontology()
    page = _parse(html)
    text = "".join(page.text)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {t for k in kinds for t in onto.subjects(RDF.type, k) if t in POL}
    terms |= {t for t in onto.subjects(RDF.type, OWL.NamedIndividual) if t in POL}
    assert len(terms) > 120
    for term in terms:
        assert str(onto.value(term, RDFS.label)) in text, term
        assert str(term)[len(str(POL)) :] in page.ids, term
    assert {"Succeeded", "Failed", "precision"} <= page.ids


def test_page_loads_nothing_and_links_only_inside_itself(html: str) -> None:
    page = _parse(html)
    assert page.loads == []
    assert "script" not in page.tags and "link" not in page.tags
    assert page.hrefs, "the contents should link to the terms"
    assert all(h.startswith("#") for h in page.hrefs)
    for href in page.hrefs:
        assert href[1:] in page.ids, f"{href} points to no anchor"
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    assert "@import" not in html and "url(" not in html


def test_functional_properties_domains_ranges_and_alignments_are_shown(html: str) -> None:
    block = re.search(r'<div class="term" id="voteShare">(.*?)</div>', html, re.S)
    assert block is not None
    assert "functional" in block.group(1)
    assert "xsd:decimal" in block.group(1)
    assert 'href="#Candidacy"' in block.group(1)
    candidacy = re.search(r'<div class="term" id="candidacy">(.*?)</div>', html, re.S)
    assert candidacy is not None and "functional" not in candidacy.group(1)
    person = re.search(r'<div class="term" id="Person">(.*?)</div>', html, re.S)
    assert person is not None
    for aligned in ("foaf:Person", "prov:Person", "schema:Person"):
        assert aligned in person.group(1)
    date = re.search(r'<div class="term" id="date">(.*?)</div>', html, re.S)
    assert date is not None
    assert "xsd:date or xsd:gYearMonth or xsd:gYear" in re.sub(r"<[^>]+>", "", date.group(1))


def test_hierarchy_nests_subclasses(html: str) -> None:
    tree = html[html.index('<ul class="tree">') : html.index('<div class="term"')]
    assert '<a href="#Crackdown">Crackdown</a><ul><li><a href="#Purge">Purge</a>' in tree
    assert '<a href="#Event">Event</a><ul><li><a href="#Annulment">' in tree
    assert '<li><a href="#Purge">' not in tree.split('href="#Crackdown"')[0]


def test_precision_rule_is_on_the_page(html: str) -> None:
    section = html[html.index('<section id="precision">') :]
    section = section[: section.index("</section>")]
    assert "5 % of the value" in section
    assert "do not overlap" in section


def test_labels_and_comments_are_escaped(tmp_path: Path) -> None:
    onto = read_ontology(FIXTURES / "escaping-ontology.ttl")
    out = write_reference(tmp_path / "ref.html", onto)
    html = out.read_text(encoding="utf-8")
    page = _parse(html)
    assert "script" not in page.tags and "b" not in page.tags and "i" not in page.tags
    text = "".join(page.text)
    assert "<script>alert('x')</script> & Co" in text
    assert 'Uses "quotes" & <i>tags</i>.' in text
    assert "value < 5 & > 1" in text
    assert "Tags & <b>bold</b> title" in text
    assert "&lt;script&gt;" in html


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = write_reference(tmp_path / "a.html").read_bytes()
    load_ontology.cache_clear()
    try:
        second = write_reference(tmp_path / "b.html").read_bytes()
    finally:
        load_ontology.cache_clear()
    assert first == second


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sub" / "ontology.html"
    assert main(["docs", "-o", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_names_the_line_of_a_broken_ontology(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix pol: <https://w3id.org/polkg/ontology#> .\n\npol:X a pol:Y ;\n  pol:z .\n",
        encoding="utf-8",
    )
    assert main(["docs", "--ontology", str(bad), "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_terms_are_typed_iris(html: str) -> None:
    """The page shows IRIs as text: the full IRI of a term appears, but never as a link."""
    assert str(URIRef(str(POL) + "Election")) in html
    assert f'href="{POL}' not in html
