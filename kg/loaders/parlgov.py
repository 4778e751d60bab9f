"""ParlGov → RDF: countries, parties (every name, family, renamings, splits and mergers),
elections with their election-level counts, party-list results, cabinets and their parties.

Reads the legacy database tables (`01__datacore__Code.csv` … `42__cabinets__CabinetParty.csv`)
as ParlGov publishes them. Everything goes into the dataset's own named graph `src:parlgov` with
its `pol:Source` node (kind `pol:ResearchDataset`), so the consensus weighs ParlGov's numbers
against the news like any other source.

Modelling choices (docs/model.md, "Datasets"):

- a party's national result is a `pol:PartyResult` (votes, share, seats), not a candidacy: no
  person stood; its IRI is `result/{election}-{party}` so a news claim about the same result
  (same ids) meets it in the consensus;
- an election's electorate, ballots cast and valid votes are the election-level counts
  `pol:electorate`, `pol:ballotsCast`, `pol:validVotes`;
- ParlGov's ids are kept as `dcterms:identifier "parlgov:{table}/{id}"` and its Wikipedia links as
  `foaf:isPrimaryTopicOf`, so a row can be found again and linked to other datasets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import UserError
from kg.ids import slug
from kg.loaders.datasets import (
    DatasetInfo,
    LoadReport,
    RowError,
    count,
    day,
    decimal,
    integer,
    key,
    progress,
    read_csv,
    result_iri,
    source_node,
    web_link,
)
from kg.loaders.registry import Input, register
from kg.namespaces import FOAF, ID, POL, SCHEMA, new_graph

TABLES = {
    "code": "01__datacore__Code.csv",
    "country": "02__datacore__Country.csv",
    "party": "21__parties__Party.csv",
    "name_change": "23__parties__PartyNameChange.csv",
    "party_change": "24__parties__PartyChange.csv",
    "election": "31__elections__Election.csv",
    "result": "32__elections__ElectionResult.csv",
    "cabinet": "41__cabinets__Cabinet.csv",
    "cabinet_party": "42__cabinets__CabinetParty.csv",
}
SLUG = "parlgov"
INFO = DatasetInfo(
    slug=SLUG,
    label="ParlGov: parliaments and governments database (legacy tables)",
    license="https://creativecommons.org/publicdomain/zero/1.0/",
    url="https://www.parlgov.org/",
    publisher="Holger Döring and Philip Manow",
)
# ParlGov's election types (table 01, election_type) → the class and the IRI word
_ELECTION_TYPES = {
    "parliament": (POL.ParliamentaryElection, "parliament"),
    "ep": (POL.EuropeanParliamentElection, "european-parliament"),
}


def identifier(table: str, row_id: int | str) -> Literal:
    """ParlGov's own id of a row, e.g. `parlgov:party/901`."""
    return Literal(f"parlgov:{table}/{row_id}")


def party_iri(party_id: int) -> URIRef:
    return ID[f"party/parlgov-{party_id}"]


@dataclass
class _Code:
    variable: str
    short: str
    name: str


class _Loader:
    """One pass over each table, in dependency order; rows that cannot be used are skipped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.graph = new_graph()
        self.report = LoadReport("ParlGov")
        self.codes: dict[int, _Code] = {}
        self.countries: dict[int, tuple[URIRef, str]] = {}
        self.parties: dict[int, URIRef] = {}
        self.party_names: dict[int, str] = {}
        self.elections: dict[int, URIRef] = {}
        self.cabinets: dict[int, URIRef] = {}
        self.taken: dict[URIRef, int] = {}
        self.source = INFO.iri
        self.where = ""  # file:line of the row being read, for the report's notes

    def rows(
        self, table: str, required: tuple[str, ...], handle: Callable[[dict[str, str]], None]
    ) -> None:
        path = self.folder / TABLES[table]
        for line, row in progress(read_csv(path, ("id", *required)), desc=TABLES[table]):
            self.where = f"{path.name}:{line}"
            if "" in row:
                self.report.skip(path, line, row[""])
                continue
            try:
                handle(row)
            except RowError as err:
                self.report.skip(path, line, str(err))
            else:
                self.report.loaded[table.replace("_", " ") + " rows"] += 1

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def describe(self, node: URIRef, types: tuple[URIRef, ...], table: str, row_id: int) -> None:
        for cls in types:
            self.graph.add((node, RDF.type, cls))
        self.graph.add((node, DCTERMS.identifier, identifier(table, row_id)))
        self.graph.add((node, PROV.wasDerivedFrom, self.source))

    def unique(self, iri: URIRef, row_id: int) -> URIRef:
        """`iri`, or `iri-{row id}` when another row already took it (never two rows, one node)."""
        if iri in self.taken and self.taken[iri] != row_id:
            iri = URIRef(f"{iri}-{row_id}")
        self.taken[iri] = row_id
        return iri

    # -- tables ----------------------------------------------------------------------------

    def code(self, row: dict[str, str]) -> None:
        code_id = key(row, "id")
        self.codes[code_id] = _Code(row["table_variable"], row["short"], row["name"])

    def coded(self, row: dict[str, str], column: str, variable: str) -> _Code | None:
        value = integer(row, column)
        if value is None:
            return None
        found = self.codes.get(value)
        if found is None or found.variable != variable:
            raise RowError(f"{column} {value} is not a {variable} code of table 01")
        return found

    def country(self, row: dict[str, str]) -> None:
        country_id = key(row, "id")
        name = row["name"].strip()
        if not name:
            raise RowError("country without a name")
        node = self.unique(ID[f"place/{slug(name)}"], -country_id)
        self.describe(node, (POL.Country,), "country", country_id)
        self.graph.add((node, RDFS.label, Literal(name)))
        if row.get("code_iso2", "").strip():
            self.graph.add((node, SKOS.notation, Literal(row["code_iso2"].strip())))
        self.countries[country_id] = (node, name)

    def country_of(self, row: dict[str, str]) -> tuple[URIRef, str]:
        country_id = key(row, "country")
        if country_id not in self.countries:
            raise RowError(f"country {country_id} is not in table 02")
        return self.countries[country_id]

    def party(self, row: dict[str, str]) -> None:
        party_id = key(row, "id")
        country, _ = self.country_of(row)
        names = _alternatives(row["name"])
        english = _alternatives(row["name_english"])
        if not names and not english:
            raise RowError("party without a name")
        label = (names or english)[-1]  # ParlGov lists a party's names oldest first
        node = party_iri(party_id)
        self.describe(node, (POL.PoliticalParty,), "party", party_id)
        self.graph.add((node, RDFS.label, Literal(label)))
        for other in (
            *names,
            *english,
            *_alternatives(row["name_ascii"]),
            *_alternatives(row.get("name_nonlatin", "")),
        ):
            if other != label:
                self.graph.add((node, SKOS.altLabel, Literal(other)))
        for short in _alternatives(row["name_short"]):
            self.graph.add((node, POL.abbreviation, Literal(short)))
        self.graph.add((node, POL.country, country))
        family = self.coded(row, "family", "party_family")
        if family is not None:
            self.graph.add((node, POL.partyFamily, Literal(family.name)))
        self.add(node, FOAF.isPrimaryTopicOf, web_link(row["wikipedia"]))
        self.add(node, SCHEMA.foundingDate, day(row["foundation_date"], "foundation_date"))
        self.add(node, SCHEMA.dissolutionDate, day(row["dissolution_date"], "dissolution_date"))
        self.parties[party_id] = node
        self.party_names[party_id] = label

    def party_ref(self, row: dict[str, str], column: str) -> tuple[int, URIRef]:
        party_id = key(row, column)
        if party_id not in self.parties:
            raise RowError(f"{column} {party_id} is not a loaded party of table 21")
        return party_id, self.parties[party_id]

    def name_change(self, row: dict[str, str]) -> None:
        _, node = self.party_ref(row, "party")
        day(row["date"], "date")  # a bad date makes the row unusable
        for column in ("name", "name_english", "name_ascii", "name_nonlatin"):
            for name in _alternatives(row.get(column, "")):
                self.graph.add((node, SKOS.altLabel, Literal(name)))
        for short in _alternatives(row.get("name_short", "")):
            self.graph.add((node, POL.abbreviation, Literal(short)))

    def party_change(self, row: dict[str, str]) -> None:
        change_id = key(row, "id")
        old_id, old = self.party_ref(row, "party")
        new_id, new = self.party_ref(row, "party_new")
        kind = self.coded(row, "type", "party_change_type")
        node = ID[f"partychange/parlgov-{change_id}"]
        self.describe(node, (POL.PartyChange,), "party_change", change_id)
        what = kind.name if kind is not None else "change"
        label = f"{self.party_names[old_id]} → {self.party_names[new_id]} ({what})"
        self.graph.add((node, RDFS.label, Literal(label)))
        self.graph.add((node, POL.fromParty, old))
        self.graph.add((node, POL.toParty, new))
        self.add(node, POL.date, day(row["date"], "date"))
        if kind is not None:
            self.graph.add((node, POL.changeType, Literal(kind.short)))

    def election(self, row: dict[str, str]) -> None:
        election_id = key(row, "id")
        country, country_name = self.country_of(row)
        kind = self.coded(row, "type", "election_type")
        if kind is None or kind.short not in _ELECTION_TYPES:
            raise RowError(f"election type {row['type']!r} is not one polkg knows")
        cls, word = _ELECTION_TYPES[kind.short]
        when = day(row["date"], "date")
        if when is None:
            raise RowError("election without a date")
        node = self.unique(ID[f"election/{when}-{slug(country_name)}-{word}"], election_id)
        self.describe(node, (cls,), "election", election_id)
        self.graph.add((node, RDFS.label, Literal(f"{kind.name} in {country_name}, {when}")))
        self.graph.add((node, POL.date, when))
        self.graph.add((node, POL.jurisdiction, country))
        counts = {
            column: integer(row, column)
            for column in ("seats_total", "electorate", "votes_cast", "votes_valid")
        }
        cast, electorate = counts["votes_cast"], counts["electorate"]
        if cast is not None and electorate is not None and cast > electorate:
            # one of the two is wrong and the row does not say which: keep neither, say so
            self.report.notes.append(
                f"{self.where}: votes_cast {cast:,} is more than the electorate "
                f"{electorate:,}; neither count was loaded for {node.rsplit('/', 1)[-1]}"
            )
            counts["votes_cast"] = counts["electorate"] = None
        for column, prop in (
            ("seats_total", POL.seatsTotal),
            ("electorate", POL.electorate),
            ("votes_cast", POL.ballotsCast),
            ("votes_valid", POL.validVotes),
        ):
            value = counts[column]
            if value is not None:
                self.graph.add((node, prop, count(value)))
        early = row.get("early", "").strip()
        if early in ("0", "1"):
            self.graph.add((node, POL.early, Literal(early == "1", datatype=XSD.boolean)))
        self.add(node, FOAF.isPrimaryTopicOf, web_link(row["wikipedia"]))
        self.elections[election_id] = node

    def result(self, row: dict[str, str]) -> None:
        result_id = key(row, "id")
        election_id = key(row, "election")
        if election_id not in self.elections:
            raise RowError(f"election {election_id} is not a loaded election of table 31")
        election = self.elections[election_id]
        _, party = self.party_ref(row, "party")
        node = result_iri(election, party)
        if (node, RDF.type, POL.PartyResult) in self.graph:
            raise RowError(f"a second result of party {row['party']} in election {election_id}")
        share = decimal(row, "vote_share", high=100)
        votes = integer(row, "votes")
        seats = integer(row, "seats")
        self.describe(node, (POL.PartyResult,), "election_result", result_id)
        self.graph.add((election, POL.partyResult, node))
        self.graph.add((node, POL.party, party))
        self.add(node, POL.voteShare, share)
        self.add(node, POL.votes, count(votes) if votes is not None else None)
        self.add(node, POL.seats, count(seats) if seats is not None else None)

    def cabinet(self, row: dict[str, str]) -> None:
        cabinet_id = key(row, "id")
        country, country_name = self.country_of(row)
        name = row["name"].strip()
        start = day(row["start_date"], "start_date")
        if not name or start is None:
            raise RowError("cabinet without a name or a start date")
        node = self.unique(ID[f"cabinet/{slug(country_name)}-{start}-{slug(name)}"], cabinet_id)
        self.describe(node, (POL.Cabinet,), "cabinet", cabinet_id)
        self.graph.add((node, RDFS.label, Literal(f"{name} cabinet ({country_name})")))
        self.graph.add((node, POL.country, country))
        self.graph.add((node, POL.startDate, start))
        self.add(node, POL.endDate, day(row["termination_date"], "termination_date"))
        caretaker = row.get("caretaker", "").strip()
        if caretaker in ("0", "1"):
            self.graph.add((node, POL.caretaker, Literal(caretaker == "1", datatype=XSD.boolean)))
        self.add(node, FOAF.isPrimaryTopicOf, web_link(row["wikipedia"]))
        self.cabinets[cabinet_id] = node

    def cabinet_party(self, row: dict[str, str]) -> None:
        cabinet_id = key(row, "cabinet")
        if cabinet_id not in self.cabinets:
            raise RowError(f"cabinet {cabinet_id} is not a loaded cabinet of table 41")
        _, party = self.party_ref(row, "party")
        cabinet = self.cabinets[cabinet_id]
        self.graph.add((cabinet, POL.cabinetParty, party))
        if row.get("pm", "").strip() == "1":
            self.graph.add((cabinet, POL.primeMinisterParty, party))

    def run(self) -> Graph:
        self.rows("code", ("table_variable", "short", "name"), self.code)
        self.rows("country", ("name",), self.country)
        self.rows(
            "party",
            ("country", "family", "name_short", "name_english", "name", "name_ascii"),
            self.party,
        )
        self.rows("name_change", ("party", "date", "name"), self.name_change)
        self.rows("party_change", ("party", "party_new", "date", "type"), self.party_change)
        self.rows("election", ("type", "country", "date", "wikipedia"), self.election)
        self.rows("result", ("election", "party", "seats", "vote_share", "votes"), self.result)
        self.rows("cabinet", ("country", "start_date", "name", "termination_date"), self.cabinet)
        self.rows("cabinet_party", ("cabinet", "party", "pm"), self.cabinet_party)
        self.graph += source_node(self.info())
        return self.graph

    def info(self) -> DatasetInfo:
        digest = hashlib.sha256()
        for name in sorted(TABLES.values()):
            digest.update(name.encode("utf-8") + b"\0")
            digest.update((self.folder / name).read_bytes())
        hexdigest = digest.hexdigest()
        return DatasetInfo(
            slug=INFO.slug,
            label=INFO.label,
            version=f"tables sha256 {hexdigest[:12]}",
            license=INFO.license,
            url=INFO.url,
            publisher=INFO.publisher,
            sha256=hexdigest,
        )


def _alternatives(text: str) -> list[str]:
    """ParlGov writes a party's successive names in one cell, separated by "|"."""
    return [" ".join(part.split()) for part in text.split("|") if part.strip()]


def load_parlgov(path: Path) -> Input:
    """The ParlGov folder `path` as one named graph `src:parlgov` with its load report."""
    folder = Path(path)
    if not folder.is_dir():
        raise UserError(
            "no such ParlGov folder: give the folder holding the legacy CSV tables "
            f"({TABLES['party']} and the others)",
            file=str(folder),
        )
    loader = _Loader(folder)
    graph = loader.run()
    loaded = Input("parlgov", folder, graphs={INFO.graph_iri: graph})
    loaded.report = loader.report
    return loaded


register("parlgov", load_parlgov, "a ParlGov folder of legacy CSV tables")
