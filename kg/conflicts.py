"""The disagreements between sources, for a person to read (`polkg conflicts`).

A `pol:Disagreement` in the consensus graph says which values were stated and which was
chosen; a reader also wants to see *why* each source said what it said. So each value is
shown with its sources and the sentences behind it: the `oa:exact` quotes of the annotations
whose claim is about the disagreement's node and property, in that source's own graph.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Node

from kg.consensus import node_label, source_graphs
from kg.namespaces import CONSENSUS, ID, OA, POL
from kg.ontology import load_ontology

__all__ = ["conflicts_json", "describe_conflicts"]


def conflicts_json(ds: Dataset, ontology: Graph | None = None) -> list[dict[str, Any]]:
    """Every disagreement as plain data (JSON-ready), ordered by its IRI."""
    onto = ontology if ontology is not None else load_ontology()
    consensus = ds.graph(CONSENSUS)
    by_slug = dict(source_graphs(ds))
    result = []
    for dis in sorted(consensus.subjects(RDF.type, POL.Disagreement), key=str):
        node = consensus.value(dis, POL.subject)
        prop = consensus.value(dis, POL.property)
        values = []
        for cv in sorted(consensus.objects(dis, POL.claimedValue), key=_value_order):
            term = consensus.value(cv, RDF.value)
            sources = []
            for src in sorted(consensus.objects(cv, PROV.wasDerivedFrom), key=str):
                source_slug = _source_slug(src)
                graph = by_slug.get(source_slug)
                sources.append(
                    {
                        "source": str(src),
                        "slug": source_slug,
                        "label": _label(consensus, src) or source_slug,
                        "quotes": _quotes(graph, node, prop, term) if graph is not None else [],
                    }
                )
            values.append(
                {
                    "value": _text(term),
                    "lexical": _text(consensus.value(cv, POL.lexicalForm)),
                    "hedge": _text(consensus.value(cv, POL.hedge)),
                    "lower": _bound_text(consensus.value(cv, POL.lowerBound)),
                    "upper": _bound_text(consensus.value(cv, POL.upperBound)),
                    "sources": sources,
                }
            )
        result.append(
            {
                "id": str(dis),
                "label": _text(consensus.value(dis, RDFS.label)),
                "subject": str(node),
                "subject_label": node_label(consensus, node) if node is not None else None,
                "property": str(prop),
                "property_label": _label(onto, prop) or _short(prop),
                "values": values,
                "chosen": _text(consensus.value(dis, POL.chosenValue)),
                "rule": _text(consensus.value(dis, POL.rule)),
                "explanation": _text(consensus.value(dis, POL.explanation)),
            }
        )
    return result


def describe_conflicts(ds: Dataset, ontology: Graph | None = None) -> str:
    """The disagreements as text: what, each value with its sources and quotes, the choice."""
    items = conflicts_json(ds, ontology)
    if not items:
        return "No disagreements: where sources state values of the same fact, they agree.\n"
    noun = "disagreement" if len(items) == 1 else "disagreements"
    lines = [f"{len(items)} {noun} between sources", ""]
    for n, item in enumerate(items, start=1):
        lines.append(f"{n}. {item['property_label']} of {item['subject_label']}")
        lines.append(f"   ({_short(item['subject'])}, {_short(item['property'])})")
        for value in item["values"]:
            stated = value["lexical"]
            shown = (
                value["value"]
                if stated in (None, value["value"])
                else (f'{value["value"]} (stated "{stated}")')
            )
            if value["lower"] is not None and value["upper"] is not None:
                shown += f", meaning [{value['lower']}, {value['upper']})"
            lines.append(f"   - {shown}")
            for source in value["sources"]:
                lines.append(f"       according to {source['label']} ({source['slug']})")
                for quote in source["quotes"]:
                    lines.append(f"         “{quote}”")
        lines.append(f"   chosen: {item['chosen']}, by rule {item['rule']}")
        if item["explanation"]:
            lines.append(f"   why: {item['explanation']}")
        lines.append("")
    return "\n".join(lines)


def _quotes(graph: Graph, node: Node | None, prop: Node | None, term: Node | None) -> list[str]:
    """The quotes in one source graph behind a claim about `node`'s `prop`. When the claim
    carries stated values for that node and property, only claims stating `term` count."""
    quotes: set[str] = set()
    for claim in graph.subjects(POL.claimAbout, node):
        if (claim, POL.claimProperty, prop) not in graph:
            continue
        stated = [
            graph.value(sv, RDF.value)
            for sv in graph.objects(claim, POL.statedValue)
            if (sv, POL.statedFor, node) in graph and (sv, POL.property, prop) in graph
        ]
        if stated and term not in stated:
            continue
        for annotation in graph.subjects(OA.hasBody, claim):
            for target in graph.objects(annotation, OA.hasTarget):
                for selector in graph.objects(target, OA.hasSelector):
                    for exact in graph.objects(selector, OA.exact):
                        quotes.add(str(exact))
    return sorted(quotes)


def _value_order(cv: Node) -> tuple[int, str]:
    """`…/value-10` after `…/value-9`: claimed values in the order reconcile numbered them."""
    tail = str(cv).rsplit("/value-", 1)[-1]
    return (int(tail), str(cv)) if tail.isdigit() else (0, str(cv))


def _source_slug(src: Node) -> str:
    text = str(src)
    prefix = str(ID["source/"])
    return text[len(prefix) :] if text.startswith(prefix) else text


def _label(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label))
    return labels[0] if labels else None


def _short(term: Any) -> str:
    text = str(term)
    for prefix, ns in (("pol:", str(POL)), ("id:", str(ID))):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


def _bound_text(term: Node | None) -> str | None:
    """A bound as people write it: 13650 rather than the canonical 13650.0."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            value = Decimal(str(term)).normalize()
        except InvalidOperation:
            return str(term)
        return format(value, "f")
    return _text(term)


def _text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return _short(term)
    if isinstance(term, Literal):
        return str(term)
    return str(term)
