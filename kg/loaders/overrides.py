"""The curator's overrides: which value the consensus holds where the sources disagree.

An override is the first rule of the consensus (DESIGN.md, "Provenance"): it beats precision,
agreement and source order. It must name a value some source states, so an override can never
inject a fact no source gives; that check needs the sources and is made by
`kg.consensus.reconcile`, which reports it against the file and line kept here.

```yaml
overrides:
  - node: candidacy/2019-06-23-istanbul-mayor-binali-yildirim
    property: voteShare
    value: "45.0"
    reason: "The final count published by the electoral board."
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.ids import NODE_ID, node_iri
from kg.loaders.yamlio import YDict, YList, load_yaml
from kg.namespaces import POL
from kg.ontology import functional_properties, is_defined, load_ontology

FIELDS = ("node", "property", "value", "reason")


@dataclass(frozen=True)
class Override:
    """One curator decision: for `node`, `property` takes `value` (written as a source would)."""

    node: URIRef
    property: URIRef
    value: str
    reason: str
    file: str
    line: int


def load_overrides(path: Path, ontology: Graph | None = None) -> list[Override]:
    """Read `overrides.yaml`; a missing file means no overrides. Schema mistakes raise a
    `UserError` naming the file, the line and the fix."""
    path = Path(path)
    if not path.exists():
        return []
    onto = ontology if ontology is not None else load_ontology()
    functional = functional_properties(onto)
    where = str(path)
    doc = load_yaml(path)
    if doc is None:
        return []
    if not isinstance(doc, YDict) or set(doc) != {"overrides"}:
        raise UserError(
            "expected one top-level key 'overrides:' holding a list of overrides",
            file=where,
            line=getattr(doc, "line", 1) or 1,
        )
    items = doc["overrides"]
    if items is None:
        return []
    if not isinstance(items, YList):
        raise UserError(
            "'overrides' must be a list of entries (each starting with '- node:')",
            file=where,
            line=doc.line_of("overrides"),
        )
    result: list[Override] = []
    seen: dict[tuple[URIRef, URIRef], int] = {}
    for index, item in enumerate(items):
        line = items.line_at(index)
        if not isinstance(item, YDict):
            raise UserError(
                "each override must be a mapping with node, property, value and reason",
                file=where,
                line=line,
            )
        unknown = sorted(set(item) - set(FIELDS))
        if unknown:
            raise UserError(
                f"unknown field {unknown[0]!r} in an override; the fields are {', '.join(FIELDS)}",
                file=where,
                line=item.line_of(unknown[0]),
            )
        missing = [name for name in FIELDS if name not in item]
        if missing:
            raise UserError(
                f"the override lacks {missing[0]!r}; give node, property, value and reason",
                file=where,
                line=line,
            )
        for name in FIELDS:
            if not isinstance(item[name], str) or not item[name].strip():
                raise UserError(
                    f"'{name}' must be non-empty text (quote it if YAML reads it otherwise)",
                    file=where,
                    line=item.line_of(name),
                )
        node_id = item["node"].strip()
        if not NODE_ID.match(node_id):
            raise UserError(
                f"{node_id!r} is not a node id: write kind/slug, "
                f"e.g. candidacy/2019-06-23-istanbul-mayor-binali-yildirim",
                file=where,
                line=item.line_of("node"),
            )
        local = item["property"].strip().removeprefix("pol:")
        prop = POL[local]
        if not local.isidentifier() or not is_defined(prop, onto):
            raise UserError(
                f"{item['property']!r} is not a property of the polkg ontology; "
                f"write a pol: local name such as voteShare",
                file=where,
                line=item.line_of("property"),
            )
        if prop not in functional:
            raise UserError(
                f"pol:{local} may hold several values, so there is nothing to override; "
                f"overrides choose among values of single-valued properties",
                file=where,
                line=item.line_of("property"),
            )
        node = node_iri(node_id)
        if (node, prop) in seen:
            raise UserError(
                f"a second override for {node_id} {local} (the first is on line "
                f"{seen[(node, prop)]}); keep one",
                file=where,
                line=line,
            )
        seen[(node, prop)] = line
        result.append(
            Override(
                node=node,
                property=prop,
                value=item["value"].strip(),
                reason=item["reason"].strip(),
                file=where,
                line=line,
            )
        )
    return result
