"""The curated claims (`data/claims/{stem}.yaml`): what each source states, with its quote.

Each claims file belongs to one source and everything it says goes into that source's named
graph only: the nodes it describes with the values *it* gives, the entities it mentions (with
the spelling it uses), one `pol:Claim` per claim with its `pol:StatedValue`s, and the W3C Web
Annotation tying the claim to the exact sentence. The consensus is built later from these
graphs, so a loader that leaked one source's values into another's graph would hide the very
disagreements polkg exists to show.

The loader is strict: a claims file is hand-written, and every mistake (unknown key, missing
field, undefined class or property, unreadable number or date, stated form not in the quote,
quote not in the source, reference to a node nobody describes) stops the build with a
`UserError` naming the file, the line, the claim and the fix (docs/model.md, "Curated files").

Reading happens in two steps so that a claim may refer to a node described in *another*
claims file: `read_claims` checks each file's structure and collects the node ids it describes;
`claims_graphs` then turns every claim into RDF once all node ids and entities are known.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import BNode, Node

from kg.errors import ErrorCollector, UserError
from kg.evidence import QuoteError, annotation_triples, claim_iri, find_quote
from kg.ids import NODE_ID, node_iri
from kg.loaders.entities import Entity
from kg.loaders.sources import Source
from kg.loaders.yamlio import YDict, YList, load_yaml
from kg.namespaces import POL, Triple, new_graph
from kg.ontology import (
    DATE_PROPERTIES,
    NUMERIC_DATATYPES,
    functional_properties,
    load_ontology,
    object_properties,
)
from kg.precision import Stated, decimal_literal, parse_date, parse_number

FILE_KEYS = ("source", "claims")
CLAIM_KEYS = ("id", "quote", "according_to", "about", "note")
CLAIM_REQUIRED = ("id", "quote", "about")
MAPPING_KEYS = ("value", "stated", "year_from_context", "from_context")
# What a date takes from the article's context rather than its words, coarsest first:
# "In May" takes the year, "on the 2nd" the month (and year), "on Monday" the day (and all).
CONTEXT_PARTS = ("year", "month", "day")
CLAIM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_KINDS = frozenset({"person", "party", "place", "office", "group", "organization"})

# Properties the loader, the consensus or the source metadata set: never written by a curator.
RESERVED = frozenset(
    {
        POL.claimAbout, POL.claimProperty, POL.statedValue, POL.statedFor, POL.property,
        POL.subject, POL.claimedValue, POL.chosenValue, POL.rule, POL.explanation,
        POL.lexicalForm, POL.hedge, POL.lowerBound, POL.upperBound, POL.yearFromContext,
        POL.sha256, POL.codePoints, POL.sourceFile, POL.accordingTo, POL.attribution,
        POL.attributedTo, POL.attributionOrder, POL.monthFromContext, POL.dayFromContext,
        POL.sourceKind,
    }
)  # fmt: skip
_PROPERTY_TYPES = (
    OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
    OWL.FunctionalProperty,
)  # fmt: skip
_SPACES = re.compile(r"\s+")


@dataclass
class ClaimsFile:
    """One claims file after its structure was checked; `nodes` maps each node id it
    describes to the line it is first described on."""

    path: Path
    source: Source
    data: YDict
    nodes: dict[str, int] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return str(self.path)

    @property
    def display(self) -> str:
        """The path from the data folder's parent (`data/claims/x.yaml`): what the resolution
        report shows, so the report does not depend on where the repository lives."""
        data_dir = self.path.parent.parent
        return self.path.relative_to(data_dir.parent).as_posix()


@dataclass
class ClaimsResult:
    """The source graphs the claims make, with what the build reports about them."""

    # source graph IRI -> the triples of its claims and their quotes' annotations, each once.
    # Lists, not rdflib Graphs: a build hands them to the consensus and the writers, and
    # rdflib's store costs about 1.6 KB and 30 µs a triple, in and out (kg.build).
    triples: dict[URIRef, list[Triple]] = field(default_factory=dict)
    claims: int = 0
    annotations: int = 0
    # entity IRI -> spellings the sources use that entities.yaml does not list
    spellings: dict[URIRef, set[str]] = field(default_factory=dict)

    @functools.cached_property
    def graphs(self) -> dict[URIRef, Graph]:
        """The same triples as one rdflib Graph per source graph."""
        found = {}
        for iri, triples in self.triples.items():
            graph = found[iri] = new_graph(iri)
            graph.addN((s, p, o, graph) for s, p, o in triples)
        return found


@dataclass(frozen=True)
class _Prop:
    iri: URIRef
    kind: str  # "object", "date", "number", "literal"
    datatype: URIRef | None
    functional: bool
    hint: tuple[URIRef, ...] | None  # classes a named value should have (resolver hint)


class _Ontology:
    """What the loader needs to know about classes and properties, computed once."""

    def __init__(self, onto: Graph) -> None:
        self.graph = onto
        self.classes = frozenset(
            c
            for t in (OWL.Class, RDFS.Class)
            for c in onto.subjects(RDF.type, t)
            if isinstance(c, URIRef)
        )
        self.individuals = frozenset(
            s
            for s in onto.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(str(POL))
        )
        self.properties = frozenset(
            p for t in _PROPERTY_TYPES for p in onto.subjects(RDF.type, t) if isinstance(p, URIRef)
        )
        self.functional = functional_properties(onto)
        self.objects = object_properties(onto)
        self._props: dict[URIRef, _Prop] = {}

    def prop(self, iri: URIRef) -> _Prop:
        if iri not in self._props:
            self._props[iri] = self._describe(iri)
        return self._props[iri]

    def _describe(self, iri: URIRef) -> _Prop:
        functional = iri in self.functional
        ranges = list(self.graph.objects(iri, RDFS.range))
        if iri in self.objects:
            return _Prop(iri, "object", None, functional, self._hint(ranges))
        if iri in DATE_PROPERTIES:
            return _Prop(iri, "date", None, functional, None)
        named = [r for r in ranges if isinstance(r, URIRef)]
        numeric = [r for r in named if r in NUMERIC_DATATYPES]
        if numeric:
            return _Prop(iri, "number", sorted(numeric)[0], functional, None)
        datatype = sorted(named)[0] if named else None
        if datatype in (XSD.string, RDFS.Literal):
            datatype = None
        return _Prop(iri, "literal", datatype, functional, None)

    def _hint(self, ranges: list[Node]) -> tuple[URIRef, ...] | None:
        classes: set[URIRef] = set()
        for rng in ranges:
            if isinstance(rng, URIRef):
                if rng in (OWL.Thing, RDFS.Resource) or not str(rng).startswith(str(POL)):
                    return None
                classes.add(rng)
            elif isinstance(rng, BNode):
                union = self.graph.value(rng, OWL.unionOf)
                if union is None:
                    return None
                classes.update(m for m in Collection(self.graph, union) if isinstance(m, URIRef))
        return tuple(sorted(classes)) or None


# --------------------------------------------------------------------------- step 1


def read_claims(data_dir: Path, sources: Sequence[Source]) -> list[ClaimsFile]:
    """Parse every `claims/*.yaml` under `data_dir` and check its structure (keys, ids, the
    source it names); no RDF yet. A missing `claims/` folder means no claims."""
    folder = Path(data_dir) / "claims"
    if not folder.is_dir():
        return []
    by_stem = {s.stem: s for s in sources}
    files = []
    collector = ErrorCollector()
    for path in sorted(folder.glob("*.yaml")):
        with collector:
            files.append(_read_file(path, by_stem))
    extra = sorted(
        p.name for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".json")
    )
    for name in extra:
        collector.errors.append(
            UserError(f"claims files must end in .yaml: rename {name}", file=str(folder / name))
        )
    collector.raise_if_any()
    return files


def _fail(file: str, line: int | None, message: str) -> UserError:
    return UserError(message, file=file, line=line)


def _read_file(path: Path, sources: dict[str, Source]) -> ClaimsFile:
    file = str(path)
    data = load_yaml(path)
    if not isinstance(data, YDict):
        raise _fail(
            file,
            getattr(data, "line", 1) or 1,
            "a claims file is a mapping with 'source' and 'claims'",
        )
    for key in data:
        if key not in FILE_KEYS:
            raise _fail(
                file,
                data.line_of(key),
                f"unknown key {key!r}: a claims file has only 'source' and 'claims'",
            )
    for key in FILE_KEYS:
        if key not in data:
            raise _fail(
                file, data.line, f"missing key {key!r}: add it (see docs/model.md, data/claims)"
            )
    stem = data["source"]
    if not isinstance(stem, str) or stem not in sources:
        known = ", ".join(sorted(sources)) or "none"
        raise _fail(
            file,
            data.line_of("source"),
            f"unknown source {stem!r}: name the stem of a text in sources/ (known: {known})",
        )
    if stem != path.stem:
        raise _fail(
            file,
            data.line_of("source"),
            f"this file names source {stem!r} but is called {path.name}: name it {stem}.yaml",
        )
    claims = data["claims"]
    if not isinstance(claims, YList):
        raise _fail(file, data.line_of("claims"), "'claims' must be a list of claims")
    result = ClaimsFile(path=path, source=sources[stem], data=data)
    seen: dict[str, int] = {}
    collector = ErrorCollector()
    for index, claim in enumerate(claims):
        line = claims.line_at(index)
        with collector:
            if not isinstance(claim, YDict):
                raise _fail(file, line, "each claim is a mapping with id, quote and about")
            _check_claim(file, claim, seen, result.nodes)
    collector.raise_if_any()
    return result


def _check_claim(file: str, claim: YDict, seen: dict[str, int], nodes: dict[str, int]) -> None:
    for key in claim:
        if key not in CLAIM_KEYS:
            raise _fail(
                file,
                claim.line_of(key),
                f"unknown key {key!r} in a claim: use only {', '.join(CLAIM_KEYS)}",
            )
    for key in CLAIM_REQUIRED:
        if key not in claim:
            what = f"claim {claim['id']!r}" if isinstance(claim.get("id"), str) else "this claim"
            raise _fail(file, claim.line, f"{what} has no {key!r}: add it")
    cid = claim["id"]
    if not isinstance(cid, str) or not CLAIM_ID.match(cid):
        raise _fail(
            file,
            claim.line_of("id"),
            f"bad claim id {cid!r}: use lower-case letters, digits and hyphens",
        )
    if cid in seen:
        raise _fail(
            file,
            claim.line_of("id"),
            f"duplicate claim id {cid!r} (first on line {seen[cid]}): make it unique",
        )
    seen[cid] = claim.line_of("id")
    if not isinstance(claim["quote"], str) or not claim["quote"].strip():
        raise _fail(
            file,
            claim.line_of("quote"),
            f"claim {cid!r}: the quote must be the text of the sentence",
        )
    if "note" in claim and claim["note"] is not None and not isinstance(claim["note"], str):
        raise _fail(file, claim.line_of("note"), f"claim {cid!r}: 'note' must be text")
    about = claim["about"]
    if not isinstance(about, YDict) or not about:
        raise _fail(
            file,
            claim.line_of("about"),
            f"claim {cid!r}: 'about' maps node ids (kind/slug) to what the claim says of them",
        )
    for node_id in about:
        line = about.line_of(node_id)
        if not isinstance(node_id, str) or not NODE_ID.match(node_id):
            raise _fail(
                file,
                line,
                f"claim {cid!r}: bad node id {node_id!r}: write kind/slug in lower case, "
                "e.g. election/2019-06-23-istanbul-mayor",
            )
        if not isinstance(about[node_id], YDict):
            raise _fail(
                file,
                line,
                f"claim {cid!r}: node {node_id} needs a mapping of type, label and properties",
            )
        nodes.setdefault(node_id, line)


# --------------------------------------------------------------------------- step 2


def load_claims(
    data_dir: Path,
    sources: Sequence[Source],
    entities: Sequence[Entity],
    resolver: Any,
    *,
    ontology: Graph | None = None,
) -> ClaimsResult:
    """Read and turn into RDF every claims file of one data folder (both steps at once)."""
    files = read_claims(data_dir, sources)
    return claims_graphs(files, entities=entities, resolver=resolver, ontology=ontology)


def claims_graphs(
    files: Sequence[ClaimsFile],
    *,
    entities: Sequence[Entity],
    resolver: Any,
    ontology: Graph | None = None,
) -> ClaimsResult:
    """Every claim of `files` as RDF, one list of triples per source graph (`result.triples`,
    by graph IRI; `result.graphs` as rdflib Graphs).

    `resolver` is a `kg.resolve.Resolver` over `entities`; it maps names as the sources write
    them to entities and records each resolution for the report. Node ids referred to may be
    entities or nodes described in any of `files`."""
    onto = _Ontology(ontology if ontology is not None else load_ontology())
    by_id = {e.id: e for e in entities}
    described = _described_nodes(files, by_id, onto)
    result = ClaimsResult()
    collector = ErrorCollector()
    for claims_file in files:
        reader = _FileReader(claims_file, onto, by_id, described, resolver, result)
        triples = result.triples.setdefault(claims_file.source.graph_iri, [])
        triples += reader.read(collector)
    collector.raise_if_any()
    for iri, triples in result.triples.items():  # a node named by several claims repeats
        result.triples[iri] = list(dict.fromkeys(triples))
    return result


@dataclass
class _NodeInfo:
    types: dict[str, list[URIRef]]  # claims file -> types given there (in order)
    label: str | None = None
    label_where: tuple[str, int] | None = None

    def all_types(self) -> list[URIRef]:
        seen: list[URIRef] = []
        for types in self.types.values():
            seen.extend(t for t in types if t not in seen)
        return seen


def _described_nodes(
    files: Sequence[ClaimsFile], entities: dict[str, Entity], onto: _Ontology
) -> dict[str, _NodeInfo]:
    """Node id -> types and label across every claims file; checks types exist, labels agree,
    entity-kind ids are entities, and every non-entity node has a type somewhere."""
    nodes: dict[str, _NodeInfo] = {}
    first_line: dict[str, tuple[str, int]] = {}
    broken: set[str] = set()
    collector = ErrorCollector()
    for claims_file in files:
        for claim in claims_file.data["claims"]:
            for node_id, desc in claim["about"].items():
                before = len(collector.errors)
                with collector:
                    _describe_node(claims_file.file, claim, node_id, desc, entities, onto, nodes)
                if len(collector.errors) > before:
                    broken.add(node_id)  # its missing type would only repeat the error
                first_line.setdefault(node_id, (claims_file.file, claim["about"].line_of(node_id)))
    for node_id, info in nodes.items():
        if node_id not in entities and node_id not in broken and not info.all_types():
            file, line = first_line[node_id]
            collector.errors.append(
                _fail(
                    file,
                    line,
                    f"{node_id} has no type in any claim: add 'type: …' where it is first "
                    "described",
                )
            )
    collector.raise_if_any()
    return nodes


def _describe_node(
    file: str,
    claim: YDict,
    node_id: str,
    desc: YDict,
    entities: dict[str, Entity],
    onto: _Ontology,
    nodes: dict[str, _NodeInfo],
) -> None:
    """Check one node a claim describes and record its types and label in `nodes`."""
    cid = claim["id"]
    line = claim["about"].line_of(node_id)
    kind = node_id.split("/", 1)[0]
    entity = entities.get(node_id)
    if entity is None and kind in ENTITY_KINDS:
        raise _fail(
            file,
            line,
            f"claim {cid!r}: {node_id} is not in entities.yaml: add the entity there "
            "(people, parties, places, offices, groups and organisations live there)",
        )
    info = nodes.setdefault(node_id, _NodeInfo(types={}))
    types = _types(file, cid, desc, onto)
    if entity is not None:
        if "label" in desc:
            raise _fail(
                file,
                desc.line_of("label"),
                f"claim {cid!r}: {node_id} is an entity: its label is set in "
                "entities.yaml, remove 'label' here",
            )
        wrong = [t for t in types if t not in entity.types]
        if wrong:
            raise _fail(
                file,
                desc.line_of("type"),
                f"claim {cid!r}: {node_id} is typed in entities.yaml as "
                f"{', '.join(_local(t) for t in entity.types)}: "
                "remove or change 'type' here",
            )
        return
    info.types.setdefault(file, [])
    info.types[file].extend(t for t in types if t not in info.types[file])
    if "label" in desc:
        label = desc["label"]
        if not isinstance(label, str) or not label.strip():
            raise _fail(file, desc.line_of("label"), f"claim {cid!r}: 'label' must be text")
        if info.label is None:
            info.label, info.label_where = label.strip(), (file, desc.line_of("label"))
        elif info.label != label.strip():
            where_file, where_line = info.label_where or (file, 0)
            raise _fail(
                file,
                desc.line_of("label"),
                f"claim {cid!r}: {node_id} is labelled {info.label!r} at "
                f"{where_file}:{where_line}: give the same label everywhere",
            )


def _types(file: str, cid: str, desc: YDict, onto: _Ontology) -> list[URIRef]:
    if "type" not in desc:
        return []
    raw = desc["type"]
    values = list(raw) if isinstance(raw, YList) else [raw]
    lines = (
        [raw.line_at(i) for i in range(len(values))]
        if isinstance(raw, YList)
        else [desc.line_of("type")]
    )
    types = []
    for value, line in zip(values, lines, strict=True):
        if not isinstance(value, str) or not value.strip():
            raise _fail(
                file, line, f"claim {cid!r}: 'type' must be a pol: class name such as Election"
            )
        name = value.strip().removeprefix("pol:")
        cls = POL[name]
        if cls not in onto.classes:
            raise _fail(
                file,
                line,
                f"claim {cid!r}: {value!r} is not a class of the ontology: use a pol: class "
                "such as MayoralElection (see ontology/polkg.ttl)",
            )
        types.append(cls)
    return types


def _local(iri: URIRef) -> str:
    return str(iri).removeprefix(str(POL))


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class _Item:
    """One value as written, with its line."""

    value: Any
    line: int


class _FileReader:
    """Turns the claims of one file into the triples of its source graph."""

    def __init__(
        self,
        claims_file: ClaimsFile,
        onto: _Ontology,
        entities: dict[str, Entity],
        described: dict[str, _NodeInfo],
        resolver: Any,
        result: ClaimsResult,
    ) -> None:
        self.cf = claims_file
        self.file = claims_file.file
        self.source = claims_file.source
        self.onto = onto
        self.entities = entities
        self.described = described
        self.resolver = resolver
        self.result = result
        self.triples: list[Triple] = []  # a list: a Graph here cost more than its copies
        self.functional_seen: dict[tuple[URIRef, URIRef], tuple[Node, int]] = {}
        self.mentioned: set[str] = set()

    def fail(self, line: int | None, cid: str, message: str) -> UserError:
        return UserError(f"claim {cid!r}: {message}", file=self.file, line=line)

    def read(self, collector: ErrorCollector) -> list[Triple]:
        """The triples of every claim that could be read; the others' errors go to
        `collector`, so one build reports every broken claim."""
        for claim in self.cf.data["claims"]:
            with collector:
                self.claim(claim)
        return self.triples

    # -- one claim

    def claim(self, claim: YDict) -> None:
        cid = claim["id"]
        text = self.source.text
        try:
            start, end = find_quote(text, claim["quote"])
        except QuoteError as err:
            raise self.fail(
                claim.line_of("quote"),
                cid,
                f"{err} (quote: {' '.join(claim['quote'].split())[:80]!r})",
            ) from None
        exact = text[start:end]
        add = self.triples.append
        node = claim_iri(self.source.slug, cid)
        add((node, RDF.type, POL.Claim))
        add((node, PROV.wasDerivedFrom, self.source.iri))
        if claim.get("note"):
            add((node, RDFS.comment, Literal(claim["note"].strip())))
        for order, value in enumerate(self._many(claim, "according_to"), start=1):
            # a list is a chain: the agency the source names, then whom that agency cites…
            target = self.reference(value.value, value.line, cid, None)
            add((node, POL.accordingTo, target))
            link = URIRef(f"{node}/attribution-{order}")
            add((node, POL.attribution, link))
            add((link, RDF.type, POL.Attribution))
            add((link, POL.attributedTo, target))
            add((link, POL.attributionOrder, Literal(order, datatype=XSD.integer)))
        about = claim["about"]
        for node_id, desc in about.items():
            self.node(cid, node, node_id, desc, exact)
        self.triples += annotation_triples(
            source_slug=self.source.slug,
            source=self.source.iri,
            claim_id=cid,
            text=text,
            start=start,
            end=end,
        )
        self.result.claims += 1
        self.result.annotations += 1

    def node(self, cid: str, claim: URIRef, node_id: str, desc: YDict, exact: str) -> None:
        add = self.triples.append
        subject = node_iri(node_id)
        add((claim, POL.claimAbout, subject))
        self.mention(node_id)
        add((subject, PROV.wasDerivedFrom, self.source.iri))
        for key in desc:
            if key in ("type", "label"):
                continue
            line = desc.line_of(key)
            if not isinstance(key, str) or not re.fullmatch(r"(pol:)?[A-Za-z][A-Za-z0-9]*", key):
                raise self.fail(
                    line,
                    cid,
                    f"{key!r} is not a property name: use a pol: property such as voteShare",
                )
            prop_iri = POL[key.removeprefix("pol:")]
            if prop_iri in RESERVED:
                hint = " (use the claim's according_to)" if prop_iri == POL.accordingTo else ""
                raise self.fail(
                    line,
                    cid,
                    f"{key!r} is set by the loader, not in a claims file{hint}: remove it",
                )
            if prop_iri not in self.onto.properties:
                raise self.fail(
                    line,
                    cid,
                    f"{key!r} is not a property of the ontology: use a pol: property "
                    "(see ontology/polkg.ttl) or remove it",
                )
            prop = self.onto.prop(prop_iri)
            values = self._many(desc, key)
            if prop.functional and len(values) > 1:
                raise self.fail(line, cid, f"{key} takes one value per node: give one")
            add((claim, POL.claimProperty, prop_iri))
            for index, item in enumerate(values):
                obj = self.value(cid, node_id, prop, item, exact, claim, index)
                self.check_functional(cid, subject, prop, obj, item.line)
                add((subject, prop_iri, obj))

    # -- values

    def _many(self, mapping: YDict, key: str) -> list[_Item]:
        raw = mapping.get(key)
        if raw is None:
            return []
        if isinstance(raw, YList):
            return [_Item(v, raw.line_at(i)) for i, v in enumerate(raw)]
        return [_Item(raw, mapping.line_of(key))]

    def value(
        self,
        cid: str,
        node_id: str,
        prop: _Prop,
        item: _Item,
        exact: str,
        claim: URIRef,
        index: int,
    ) -> Node:
        key = _local(prop.iri)
        if prop.kind == "object":
            if not isinstance(item.value, str) or not item.value.strip():
                raise self.fail(
                    item.line,
                    cid,
                    f"{key} takes a node id, a pol: term or a name, not {item.value!r}",
                )
            return self.reference(item.value.strip(), item.line, cid, prop.hint)
        value, stated, context = self._literal_parts(cid, key, item)
        from_context = context is not None
        if from_context and prop.kind != "date":
            raise self.fail(
                item.line, cid, f"{key} is not a date: only dates take parts from context"
            )
        if prop.kind == "literal":
            if stated is not None:
                self._check_stated(cid, key, stated, exact, item.line)
            if isinstance(value, bool):
                return Literal(value)
            if not isinstance(value, str):
                raise self.fail(item.line, cid, f"{key} takes text, not {value!r}")
            return (
                Literal(value.strip(), datatype=prop.datatype)
                if prop.datatype
                else Literal(value.strip())
            )
        try:
            if prop.kind == "date":
                parsed = parse_date(value, stated=stated, year_from_context=from_context)
            else:
                assert prop.datatype is not None
                parsed = self._number(value, stated, prop.datatype)
        except ValueError as err:
            raise self.fail(item.line, cid, f"bad value for {key}: {err}") from None
        if prop.kind == "number" or stated is not None:
            self._check_stated(cid, key, parsed.lexical, exact, item.line)
        if from_context and self.source.context_year is not None:
            year = str(parsed.literal)[:4]
            if year != str(self.source.context_year):
                raise self.fail(
                    item.line,
                    cid,
                    f"the year {year} is marked as taken from context but the source's "
                    f"context_year is {self.source.context_year}: fix the value or the metadata",
                )
        if context is not None:
            self._check_context(cid, key, context, parsed, item.line)
        self.stated_value(claim, node_id, prop, parsed, index, context)
        return parsed.literal

    def _check_context(self, cid: str, key: str, context: str, parsed: Stated, line: int) -> None:
        """A month taken from context needs a value that has a month; a day, a full date."""
        if context == "year":
            return
        datatype = parsed.literal.datatype
        wanted = {"month": (XSD.gYearMonth, XSD.date), "day": (XSD.date,)}[context]
        if datatype not in wanted:
            form = "YYYY-MM or YYYY-MM-DD" if context == "month" else "YYYY-MM-DD"
            raise self.fail(
                line,
                cid,
                f"{key} takes its {context} from context, so its value must give the "
                f"{context}: write it as {form}",
            )

    def _literal_parts(self, cid: str, key: str, item: _Item) -> tuple[Any, str | None, str | None]:
        """The value, its stated words and what it takes from context (None, "year",
        "month" or "day": the finest part the text leaves to the article's context)."""
        raw = item.value
        if not isinstance(raw, YDict):
            if raw is None:
                raise self.fail(item.line, cid, f"{key} has no value: give one or remove the key")
            return raw, None, None
        for k in raw:
            if k not in MAPPING_KEYS:
                raise self.fail(
                    raw.line_of(k),
                    cid,
                    f"unknown key {k!r} in a value: use {', '.join(MAPPING_KEYS)}",
                )
        if "value" not in raw:
            raise self.fail(raw.line, cid, f"the value of {key} has no 'value': add it")
        stated = raw.get("stated")
        if stated is not None and (not isinstance(stated, str) or not stated.strip()):
            raise self.fail(raw.line_of("stated"), cid, "'stated' must be the words of the text")
        year_only = raw.get("year_from_context", False)
        if not isinstance(year_only, bool):
            raise self.fail(
                raw.line_of("year_from_context"), cid, "'year_from_context' must be true or false"
            )
        context = raw.get("from_context")
        if context is not None and context not in CONTEXT_PARTS:
            raise self.fail(
                raw.line_of("from_context"),
                cid,
                f"'from_context' names the finest part of the date the text leaves to the "
                f"article's context: write year, month or day, not {context!r}",
            )
        if year_only and context is not None:
            raise self.fail(
                raw.line_of("year_from_context"),
                cid,
                "give either 'year_from_context: true' or 'from_context', not both",
            )
        return raw["value"], stated, "year" if year_only else context

    @staticmethod
    def _number(value: Any, stated: str | None, datatype: URIRef) -> Stated:
        """A number; in the mapping form the stated words give the lexical form and, when they
        can be read as a number, the precision and hedge too (they must then agree with value)."""
        if not isinstance(value, str):
            raise ValueError(f"expected a number written as text, got {value!r}")
        base = parse_number(value, datatype)
        if stated is None:
            return base
        try:
            from_words = parse_number(stated, datatype)
        except ValueError:
            return replace(base, lexical=stated.strip())
        if from_words.literal != base.literal:
            raise ValueError(
                f"value {value!r} and stated {stated!r} are different numbers: make them agree"
            )
        return from_words

    def _check_stated(self, cid: str, key: str, stated: str, exact: str, line: int) -> None:
        if _squash(stated) not in _squash(exact):
            raise self.fail(
                line,
                cid,
                f"the stated form {stated!r} of {key} is not in the quote: "
                "write it as the quote does "
                "(or quote the sentence that contains it)",
            )

    def stated_value(
        self,
        claim: URIRef,
        node_id: str,
        prop: _Prop,
        parsed: Stated,
        index: int,
        context: str | None = None,
    ) -> None:
        add = self.triples.append
        suffix = _local(prop.iri) + (f"-{index + 1}" if index else "")
        node = URIRef(f"{claim}/{node_id.replace('/', '-')}/{suffix}")
        add((claim, POL.statedValue, node))
        add((node, RDF.type, POL.StatedValue))
        add((node, POL.statedFor, node_iri(node_id)))
        add((node, POL.property, prop.iri))
        add((node, RDF.value, parsed.literal))
        add((node, POL.lexicalForm, Literal(parsed.lexical)))
        if parsed.hedge:
            add((node, POL.hedge, Literal(parsed.hedge)))
        add((node, POL.lowerBound, _bound(parsed.lower)))
        add((node, POL.upperBound, _bound(parsed.upper)))
        if parsed.year_from_context:
            add((node, POL.yearFromContext, Literal(True)))
        if context in ("month", "day"):
            add((node, POL.monthFromContext, Literal(True)))
        if context == "day":
            add((node, POL.dayFromContext, Literal(True)))

    def check_functional(
        self, cid: str, subject: URIRef, prop: _Prop, obj: Node, line: int
    ) -> None:
        if not prop.functional:
            return
        key = (subject, prop.iri)
        if key in self.functional_seen and self.functional_seen[key][0] != obj:
            raise self.fail(
                line,
                cid,
                f"this source already gives {_local(prop.iri)} = "
                f"{self.functional_seen[key][0]} for "
                f"this node (line {self.functional_seen[key][1]}): one source states one value; "
                "if the text really gives two, describe them as two nodes "
                "(e.g. a preliminary result)",
            )
        self.functional_seen.setdefault(key, (obj, line))

    # -- references

    def reference(self, value: Any, line: int, cid: str, hint: tuple[URIRef, ...] | None) -> URIRef:
        """A node id, a `pol:` term or a name resolved to an entity."""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, cid, f"expected a node id, a pol: term or a name, not {value!r}")
        value = value.strip()
        if value.startswith("pol:"):
            term = POL[value[4:]]
            if term not in self.onto.individuals:
                raise self.fail(
                    line,
                    cid,
                    f"{value} is not defined in the ontology: use a term such as pol:Failed",
                )
            return term
        if NODE_ID.match(value):
            if value not in self.entities and value not in self.described:
                raise self.fail(
                    line,
                    cid,
                    f"unknown node {value}: it is neither in entities.yaml nor described in any "
                    "claims file; add it there or fix the id",
                )
            self.mention(value)
            return node_iri(value)
        where = f"{self.cf.display}:{line}"
        try:
            entity = self.resolver.resolve(value, source=self.source.stem, where=where, types=hint)
        except UserError as err:
            # The resolver names the file as shown in the report; name the real path instead.
            message = str(err).removeprefix(f"{err.file}:{err.line}: ").removeprefix(f"{where}: ")
            raise self.fail(line, cid, message) from None
        self.mention(entity.id, spelling=value)
        return entity.iri

    def mention(self, node_id: str, *, spelling: str | None = None) -> None:
        """Type and label of an entity or node the source mentions, and the spelling it uses."""
        add = self.triples.append
        entity = self.entities.get(node_id)
        if entity is not None:
            if node_id not in self.mentioned:
                for cls in entity.types:
                    add((entity.iri, RDF.type, cls))
                add((entity.iri, RDFS.label, Literal(entity.label)))
            if spelling is not None and spelling != entity.label:
                add((entity.iri, SKOS.altLabel, Literal(spelling)))
                if spelling not in entity.alt_labels:
                    self.result.spellings.setdefault(entity.iri, set()).add(spelling)
        elif node_id not in self.mentioned:
            info = self.described[node_id]
            subject = node_iri(node_id)
            types = info.types.get(self.file) or info.all_types()
            for cls in types:
                add((subject, RDF.type, cls))
            if info.label:
                add((subject, RDFS.label, Literal(info.label)))
            add((subject, PROV.wasDerivedFrom, self.source.iri))
        self.mentioned.add(node_id)


def _bound(value: Any) -> Literal:
    """A bound of a stated value's interval as a literal (`xsd:date` or canonical decimal)."""
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, Decimal):
        return decimal_literal(value)
    raise TypeError(f"not a bound: {value!r}")


def node_ids(files: Iterable[ClaimsFile]) -> set[str]:
    """Every node id described in `files`."""
    return {node_id for f in files for node_id in f.nodes}


__all__ = [
    "ClaimsFile",
    "ClaimsResult",
    "claims_graphs",
    "load_claims",
    "node_ids",
    "read_claims",
]
