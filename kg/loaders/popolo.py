"""Popolo JSON → RDF: persons (other names, identifiers, links), organisations, memberships
with their dates, posts, areas and events (legislative terms).

Any Popolo file (popoloproject.com, the format EveryPolitician publishes) is read; the Turkish
Grand National Assembly file is the one it is tested on. The dataset goes into its own named
graph with a `pol:Source` (kind `pol:ResearchDataset`).

Identity is kept, never guessed here: each Popolo person is its own node
(`person/{dataset}-{popolo id}`), even when two share a name, as many members of the Turkish
assembly do. Whether one of them is a person the corpus already knows is decided afterwards by
`kg.link`, with its evidence. A record that cannot be used is skipped and reported with its
line in the file (the JSON is read element by element so each record keeps its position).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import UserError
from kg.ids import slug
from kg.loaders.datasets import (
    DatasetInfo,
    LoadReport,
    RowError,
    count,
    progress,
    source_node,
    web_link,
)
from kg.loaders.registry import Input, register
from kg.namespaces import FOAF, ID, POL, SCHEMA, WD, new_graph

ARRAYS = ("persons", "organizations", "areas", "events", "posts", "memberships")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_ORG_CLASSES = {
    "party": (POL.PoliticalParty, "party"),
    "legislature": (POL.Legislature, "organization"),
    "executive": (POL.Government, "organization"),
}


def dataset_slug(path: Path) -> str:
    """The dataset's slug: the folder's name for EveryPolitician's `ep-popolo-v1.0.json`
    (every country's file has that name), else the file's stem."""
    if path.name.startswith("ep-popolo"):
        return slug(path.parent.name)
    return slug(path.stem)


def records(raw: str, path: Path) -> Iterator[tuple[str, int, int, Any]]:
    """(array name, index, line, record) for each element of the top-level arrays, and
    ("", 0, 0, value) for other top-level keys. Raises UserError when the file is not a JSON
    object.

    The top-level object is walked by hand and each element decoded with the C decoder's
    `raw_decode`, so every record keeps the line it starts on at no extra cost."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    lines = _LineCounter(raw)

    def fail(pos: int, what: str) -> UserError:
        return UserError(
            f"not a Popolo JSON object ({what}); fix that line", file=str(path), line=lines.at(pos)
        )

    pos = ws.match(raw, 0).end()  # type: ignore[union-attr]
    if raw[pos : pos + 1] != "{":
        raise fail(pos, "the file must hold one JSON object")
    pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
    while raw[pos : pos + 1] != "}":
        try:
            key, pos = decoder.raw_decode(raw, pos)
        except json.JSONDecodeError as err:
            raise fail(err.pos, err.msg) from None
        pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        if raw[pos : pos + 1] != ":":
            raise fail(pos, "expected ':' after a key")
        pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
        if key in ARRAYS and raw[pos : pos + 1] == "[":
            pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
            index = 0
            while raw[pos : pos + 1] != "]":
                try:
                    value, end = decoder.raw_decode(raw, pos)
                except json.JSONDecodeError as err:
                    raise fail(err.pos, err.msg) from None
                yield key, index, lines.at(pos), value
                index += 1
                pos = ws.match(raw, end).end()  # type: ignore[union-attr]
                if raw[pos : pos + 1] == ",":
                    pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
                elif raw[pos : pos + 1] != "]":
                    raise fail(pos, "expected ',' or ']' in an array")
            pos += 1
        else:
            try:
                value, pos = decoder.raw_decode(raw, pos)
            except json.JSONDecodeError as err:
                raise fail(err.pos, err.msg) from None
            yield "", 0, 0, (key, value)
        pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        if raw[pos : pos + 1] == ",":
            pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
        elif raw[pos : pos + 1] != "}":
            raise fail(pos, "expected ',' or '}' after a value")


class _LineCounter:
    """Line numbers of increasing positions in a text, counted once (linear overall)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def at(self, pos: int) -> int:
        if pos < self.pos:  # not expected: positions only grow; count afresh
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise RowError(f"{key} is not text")
    return " ".join(value.split())


def _required(record: dict[str, Any], key: str) -> str:
    """The text under `key`; RowError when it is missing or empty."""
    text = _text(record, key)
    if text is None:
        raise RowError(f"no {key}")
    return text


def _date(record: dict[str, Any], key: str) -> Literal | None:
    """A Popolo date (YYYY, YYYY-MM or YYYY-MM-DD) at the precision it is written."""
    from kg.precision import parse_date

    text = _text(record, key)
    if text is None:
        return None
    if not _DATE.match(text):
        raise RowError(f"{key} {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        return parse_date(text).literal
    except ValueError:
        raise RowError(f"{key} {text!r} is not a date") from None


class _Loader:
    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self.raw = raw
        self.ds = dataset_slug(path)
        self.graph = new_graph()
        self.report = LoadReport(f"Popolo {path.name}")
        self.info = DatasetInfo(
            slug=self.ds,
            label=f"Popolo file {path.parent.name}/{path.name}",
            version=f"sha256 {hashlib.sha256(raw).hexdigest()[:12]}",
            sha256=hashlib.sha256(raw).hexdigest(),
        )
        self.source = self.info.iri
        self.nodes: dict[str, dict[str, URIRef]] = {a: {} for a in ARRAYS}
        self.taken: set[URIRef] = set()
        self.memberships: set[URIRef] = set()
        self.post_organizations: dict[URIRef, URIRef] = {}  # a post's organisation

    def mint(self, kind: str, popolo_id: str) -> URIRef:
        """`id:{kind}/{dataset}-{slug(popolo id)}`, unique: Popolo ids that fold to one slug
        (mehmet_yıldırım, mehmet_yildirim) get a short hash of the id appended."""
        local = popolo_id.split("/", 1)[-1] if "/" in popolo_id else popolo_id
        try:
            base = f"{kind}/{self.ds}-{slug(local)}"
        except ValueError:
            base = f"{kind}/{self.ds}"
        iri = ID[base]
        if iri in self.taken:
            iri = ID[f"{base}-{hashlib.sha256(popolo_id.encode()).hexdigest()[:8]}"]
        self.taken.add(iri)
        return iri

    def describe(self, node: URIRef, cls: URIRef, popolo_id: str | None) -> None:
        self.graph.add((node, RDF.type, cls))
        if popolo_id is not None:
            self.graph.add((node, DCTERMS.identifier, Literal(f"{self.ds}:{popolo_id}")))
        self.graph.add((node, PROV.wasDerivedFrom, self.source))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def identified(self, array: str, record: Any) -> str:
        if not isinstance(record, dict):
            raise RowError("the record is not a JSON object")
        popolo_id = _required(record, "id")
        if popolo_id in self.nodes[array]:
            raise RowError(f"a second record with the id {popolo_id!r}")
        return popolo_id

    def ref(self, array: str, record: dict[str, Any], key: str) -> URIRef | None:
        ref = _text(record, key)
        if ref is None:
            return None
        node = self.nodes[array].get(ref)
        if node is None:
            raise RowError(f"{key} {ref!r} names no record of {array}")
        return node

    def links(self, node: URIRef, record: dict[str, Any]) -> None:
        for link in record.get("links") or []:
            if isinstance(link, dict) and isinstance(link.get("url"), str):
                self.add(node, FOAF.isPrimaryTopicOf, web_link(link["url"]))
        for ident in record.get("identifiers") or []:
            if not isinstance(ident, dict) or not isinstance(ident.get("identifier"), str):
                continue
            scheme = str(ident.get("scheme") or "id")
            value = ident["identifier"].strip()
            self.graph.add((node, DCTERMS.identifier, Literal(f"{scheme}:{value}")))
            if scheme == "wikidata" and _WIKIDATA.match(value):
                self.graph.add((node, SKOS.exactMatch, WD[value]))

    def names(self, node: URIRef, record: dict[str, Any], label: str) -> None:
        self.graph.add((node, RDFS.label, Literal(label)))
        for other in record.get("other_names") or []:
            if isinstance(other, dict):
                name = _text(other, "name")
                if name and name != label:
                    self.graph.add((node, SKOS.altLabel, Literal(name)))

    # -- arrays ----------------------------------------------------------------------------

    def person(self, record: Any) -> None:
        popolo_id = self.identified("persons", record)
        name = _required(record, "name")
        node = self.mint("person", popolo_id)
        self.describe(node, POL.Person, popolo_id)
        self.names(node, record, name)
        self.links(node, record)
        self.add(node, SCHEMA.birthDate, _date(record, "birth_date"))
        self.add(node, SCHEMA.deathDate, _date(record, "death_date"))
        self.nodes["persons"][popolo_id] = node

    def organization(self, record: Any) -> None:
        popolo_id = self.identified("organizations", record)
        name = _required(record, "name")
        classification = _text(record, "classification") or ""
        cls, kind = _ORG_CLASSES.get(classification, (POL.Organization, "organization"))
        node = self.mint(kind, popolo_id)
        self.describe(node, cls, popolo_id)
        self.names(node, record, name)
        self.links(node, record)
        seats = record.get("seats")
        if isinstance(seats, int) and seats >= 0 and cls == POL.Legislature:
            self.graph.add((node, POL.seatsTotal, count(seats)))
        self.add(node, SCHEMA.foundingDate, _date(record, "founding_date"))
        self.add(node, SCHEMA.dissolutionDate, _date(record, "dissolution_date"))
        self.nodes["organizations"][popolo_id] = node

    def area(self, record: Any) -> None:
        popolo_id = self.identified("areas", record)
        name = _required(record, "name")
        kind = _text(record, "type") or _text(record, "classification")
        node = self.mint("place", popolo_id)
        self.describe(node, POL.Constituency if kind == "constituency" else POL.Place, popolo_id)
        self.names(node, record, name)
        self.nodes["areas"][popolo_id] = node

    def event(self, record: Any) -> None:
        popolo_id = self.identified("events", record)
        name = _required(record, "name")
        classification = _text(record, "classification") or ""
        node = self.mint("term" if classification == "legislative period" else "event", popolo_id)
        cls = POL.LegislativeTerm if classification == "legislative period" else POL.Event
        self.describe(node, cls, popolo_id)
        self.graph.add((node, RDFS.label, Literal(name)))
        organization = self.ref("organizations", record, "organization_id")
        if organization is not None and cls == POL.LegislativeTerm:
            self.graph.add((node, POL.termOf, organization))
        start = _date(record, "start_date")
        end = _date(record, "end_date")
        self.add(node, POL.startDate, start)
        self.add(node, POL.endDate, end)
        if start is not None:  # an event's own date is when it began
            self.graph.add((node, POL.date, start))
        self.nodes["events"][popolo_id] = node

    def post(self, record: Any) -> None:
        popolo_id = self.identified("posts", record)
        name = _text(record, "label") or _text(record, "role")
        if name is None:
            raise RowError("no label")
        node = self.mint("office", popolo_id)
        self.describe(node, POL.Office, popolo_id)
        self.graph.add((node, RDFS.label, Literal(name)))
        area = self.ref("areas", record, "area_id")
        self.add(node, POL.jurisdiction, area)
        organization = self.ref("organizations", record, "organization_id")
        if organization is not None:
            self.post_organizations[node] = organization
        self.nodes["posts"][popolo_id] = node

    def membership(self, record: Any) -> None:
        if not isinstance(record, dict):
            raise RowError("the record is not a JSON object")
        person = self.ref("persons", record, "person_id")
        if person is None:
            raise RowError("no person_id")
        organization = self.ref("organizations", record, "organization_id")
        post = self.ref("posts", record, "post_id")
        if organization is None and post is None:
            raise RowError("neither organization_id nor post_id")
        if organization is None and post is not None:  # Popolo: the post's organisation
            organization = self.post_organizations.get(post)
        party = self.ref("organizations", record, "on_behalf_of_id")
        term = self.ref("events", record, "legislative_period_id")
        area = self.ref("areas", record, "area_id")
        role = _text(record, "role")
        start = _date(record, "start_date")
        end = _date(record, "end_date")
        key = json.dumps(
            [
                str(x) if x is not None else None
                for x in (person, organization, post, party, term, area, role, start, end)
            ]
        )
        person_key = str(person).rsplit("/", 1)[-1]
        node = ID[f"membership/{person_key}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"]
        if node in self.memberships:
            raise RowError("the same membership a second time")
        self.memberships.add(node)
        self.describe(node, POL.Membership, _text(record, "id"))
        self.graph.add((node, POL.member, person))
        self.add(node, POL.organization, organization)
        if organization is not None:
            self.graph.add((person, POL.memberOf, organization))
        self.add(node, POL.post, post)
        self.add(node, POL.onBehalfOf, party)
        self.add(node, POL.legislativeTerm, term)
        self.add(node, POL.constituency, area)
        self.add(node, POL.role, Literal(role) if role else None)
        self.add(node, POL.startDate, start)
        self.add(node, POL.endDate, end)

    def run(self) -> Graph:
        try:
            text = self.raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(
                "the file is not valid UTF-8; save it as UTF-8", file=str(self.path)
            ) from None
        # memberships refer to everything else: read them after the other arrays
        pending: list[tuple[str, int, int, Any]] = []
        handlers = {
            "persons": self.person,
            "organizations": self.organization,
            "areas": self.area,
            "events": self.event,
            "posts": self.post,
            "memberships": self.membership,
        }
        seen: set[str] = set()
        for array, index, line, record in progress(records(text, self.path), desc=self.path.name):
            if not array:
                continue
            seen.add(array)
            pending.append((array, index, line, record))
        if "persons" not in seen:
            raise UserError(
                'no "persons" array: this is not a Popolo file (persons, organizations, '
                "memberships …)",
                file=str(self.path),
            )
        order = {name: i for i, name in enumerate(ARRAYS)}
        for array, index, line, record in sorted(pending, key=lambda r: (order[r[0]], r[1])):
            try:
                handlers[array](record)
            except RowError as err:
                self.report.skip(self.path, line, f"{err} ({array}[{index}])")
            else:
                self.report.loaded[array] += 1
        self.graph += source_node(self.info)
        return self.graph


def load_popolo(path: Path) -> Input:
    """A Popolo JSON file as one named graph `src:{dataset slug}` with its load report."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError("no such Popolo file; check the path", file=str(path)) from None
    except IsADirectoryError:
        raise UserError(
            "is a folder: give the Popolo JSON file itself (e.g. ep-popolo-v1.0.json)",
            file=str(path),
        ) from None
    loader = _Loader(path, raw)
    graph = loader.run()
    loaded = Input("popolo", path, graphs={loader.info.graph_iri: graph})
    loaded.report = loader.report
    return loaded


register("popolo", load_popolo, "a Popolo JSON file (persons, organizations, memberships)")
