"""`polkg export --entail`: the standard vocabularies' classes and properties written out.

The expected classes are read off ontology/polkg.ttl by hand: pol:MayoralElection ⊑
pol:Election ⊑ pol:Event ⊑ prov:Activity, schema:Event, sem:Event, time:TemporalEntity;
pol:Person ⊑ pol:Agent ⊑ foaf:Agent, prov:Agent, and pol:Person ⊑ foaf:Person, prov:Person,
schema:Person; pol:accordingTo ⊑ prov:wasAttributedTo."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import FOAF, PROV, RDF

from kg.entail import entail
from kg.namespaces import ID, POL

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")


def _graph() -> Graph:
    graph = Graph()
    graph.add((ID["election/e"], RDF.type, POL.MayoralElection))
    graph.add((ID["person/p"], RDF.type, POL.Person))
    graph.add((ID["claim/c"], POL.accordingTo, ID["person/p"]))
    return graph


def test_aligned_classes_and_properties_are_stated():
    graph = _graph()
    out = entail(graph)
    assert set(out.objects(ID["election/e"], RDF.type)) >= {
        POL.MayoralElection,
        POL.Election,
        POL.Event,
        PROV.Activity,
        SCHEMA.Event,
        SEM.Event,
        TIME.TemporalEntity,
    }
    assert set(out.objects(ID["person/p"], RDF.type)) >= {
        POL.Person,
        POL.Agent,
        FOAF.Person,
        FOAF.Agent,
        PROV.Person,
        PROV.Agent,
        SCHEMA.Person,
    }
    assert (ID["claim/c"], PROV.wasAttributedTo, ID["person/p"]) in out
    # the graph given is left as it was
    assert len(graph) == 3


def test_export_entails_only_when_asked(tmp_path, capsys):
    from kg.cli import main

    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["export", "--out-dir", str(out), "--entail"]) == 0
    entailed = capsys.readouterr().out
    assert main(["export", "--out-dir", str(out)]) == 0
    plain = capsys.readouterr().out
    assert "schema:Event" in entailed and "schema:Event" not in plain
    assert "org:memberOf" in entailed and "org:memberOf" not in plain
