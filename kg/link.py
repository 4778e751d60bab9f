"""Linking: the same party or person in ParlGov, a Popolo file and the corpus becomes one node.

The datasets name their own nodes (`party/parlgov-901`, `person/everypolitician-turkey-…`);
the corpus names its curated entities (`party/adalet-ve-kalkinma-partisi`,
`person/binali-yildirim`). This module decides which of them are the same real party or person,
gives each such group one IRI (the corpus entity's when there is one, else the first dataset's
by source), rewrites the dataset graphs to use it, and writes down why.

Wrongly merging two people is worse than failing to link one (see `kg.resolve`), so the rule
errs towards reporting:

- **Blocking.** Nodes are only compared within a block: persons by the folded surname (last
  token of any name, `kg.ids.fold`), parties by each folded full name. No pair outside a block
  is ever looked at; `LinkReport.comparisons` counts the pairs that were.
- **Persons.** A pair is a candidate when a full name of one equals a full name of the other
  after folding (given names included: "Yıldırım" alone is never enough). It is merged when the
  name is carried by exactly one person in each source and nothing contradicts it: no two
  different Wikidata ids or Wikipedia pages, no death (or birth) date that the corpus's own dates
  for the person rule out. When several people of one source share the name (the assembly has
  homonyms), only a shared identifier (Wikidata id, Wikipedia page) can pick one; otherwise
  every candidate is reported and none is merged. A partial name (a subset of the tokens) is
  reported, never merged.
- **Parties.** A pair is a candidate when a full name (label, other name) of one equals one of
  the other after folding, or when only their abbreviations agree. It is merged on a full name
  carried by one party of each source; an abbreviation alone ("SP" is a party in many
  countries) is reported, never merged.
- **One node per source in a group.** A link that would put two nodes of the same source in one
  group (two corpus entities, two Popolo records) is rejected and reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.ids import fold
from kg.loaders.datasets import result_iri, wikipedia_key
from kg.loaders.entities import Entity
from kg.loaders.registry import Input
from kg.namespaces import FOAF, POL, SCHEMA, SOURCE_GRAPH, Triple

CORPUS = "corpus"
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_KINDS = {POL.Person: "person", POL.PoliticalParty: "party"}


def _key(name: str) -> str:
    return fold(_APOSTROPHES.sub("", name))


@dataclass
class Candidate:
    """One node of one source that may be linked."""

    iri: URIRef
    source: str  # the source slug, or "corpus"
    kind: str  # "person" or "party"
    label: str
    names: set[str] = field(default_factory=set)  # folded full names
    abbreviations: set[str] = field(default_factory=set)  # folded
    wikipedia: set[str] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    born: date | None = None
    died: date | None = None
    dated: list[date] = field(default_factory=list)  # dates the corpus ties the entity to
    country: Node | None = None  # a party's country, where the source gives it


@dataclass(frozen=True)
class Link:
    """A decision about one pair of nodes: merged (into `into`), or rejected with its reason."""

    kind: str
    first: URIRef
    first_source: str
    first_label: str
    second: URIRef
    second_source: str
    second_label: str
    evidence: tuple[str, ...]
    reason: str = ""  # empty for a merge
    into: URIRef | None = None  # the IRI of the merged group


@dataclass
class LinkReport:
    """Every merge with its evidence and every rejected candidate with its reason."""

    merges: list[Link] = field(default_factory=list)
    rejected: list[Link] = field(default_factory=list)
    comparisons: int = 0
    nodes: int = 0

    def markdown(self) -> str:
        lines = [
            "# Linking report",
            "",
            f"{self.nodes:,} persons and parties looked at, {self.comparisons:,} pairs compared "
            f"within their blocks; {len(self.merges):,} pairs merged, {len(self.rejected):,} "
            "candidates not merged.",
            "",
            "## Merged",
            "",
            "| kind | node | source | same as | source | one node | evidence |",
            "|---|---|---|---|---|---|---|",
        ]
        for link in sorted(self.merges, key=_order):
            lines.append(
                f"| {link.kind} | {_node(link.first_label, link.first)} | {link.first_source} | "
                f"{_node(link.second_label, link.second)} | {link.second_source} | "
                f"`{_short(link.into or link.first)}` | {_cell('; '.join(link.evidence))} |"
            )
        lines += [
            "",
            "## Candidates not merged",
            "",
            "| kind | node | source | candidate | source | evidence | why not |",
            "|---|---|---|---|---|---|---|",
        ]
        for link in sorted(self.rejected, key=_order):
            lines.append(
                f"| {link.kind} | {_node(link.first_label, link.first)} | {link.first_source} | "
                f"{_node(link.second_label, link.second)} | {link.second_source} | "
                f"{_cell('; '.join(link.evidence))} | {_cell(link.reason)} |"
            )
        return "\n".join(lines) + "\n"


def _order(link: Link) -> tuple[str, str, str]:
    return (link.kind, str(link.first), str(link.second))


def _node(label: str, iri: URIRef) -> str:
    return f"{_cell(label)} (`{_short(iri)}`)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(iri: Node) -> str:
    return str(iri).removeprefix("https://w3id.org/polkg/id/")


# -- collecting the nodes -----------------------------------------------------------------


def _from_entity(entity: Entity) -> Candidate | None:
    kind = next((k for cls, k in _KINDS.items() if cls in entity.types), None)
    if kind is None:
        return None
    c = Candidate(entity.iri, CORPUS, kind, entity.label)
    for name in (entity.label, *entity.alt_labels):
        key = _key(name)
        # a lone surname or given name is not a full name of a person
        if key and (kind == "party" or len(key.split()) >= 2):
            c.names.add(key)
    c.abbreviations = {_key(a) for a in entity.abbreviations if _key(a)}
    c.wikidata = {str(t) for t in entity.exact_match if "wikidata.org" in str(t)}
    return c


def _from_graph(graph: Graph, source: str) -> list[Candidate]:
    found = []
    for cls, kind in _KINDS.items():
        for node in sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)):
            labels = [str(o) for o in graph.objects(node, RDFS.label)]
            c = Candidate(node, source, kind, min(labels) if labels else _short(node))
            for name in (*labels, *(str(o) for o in graph.objects(node, SKOS.altLabel))):
                key = _key(name)
                if key and (kind == "party" or len(key.split()) >= 2):
                    c.names.add(key)
            c.abbreviations = {_key(str(o)) for o in graph.objects(node, POL.abbreviation)}
            c.abbreviations.discard("")
            for page in graph.objects(node, FOAF.isPrimaryTopicOf):
                wiki = wikipedia_key(str(page))
                if wiki:
                    c.wikipedia.add(wiki)
            c.wikidata = {
                str(o) for o in graph.objects(node, SKOS.exactMatch) if "wikidata.org" in str(o)
            }
            c.country = graph.value(node, POL.country)
            c.born = _date(graph.value(node, SCHEMA.birthDate))
            c.died = _date(graph.value(node, SCHEMA.deathDate))
            found.append(c)
    return found


def _date(term: Node | None) -> date | None:
    if not isinstance(term, Literal):
        return None
    text = str(term)
    try:
        return date.fromisoformat(text if len(text) == 10 else text[:4] + "-01-01")
    except ValueError:
        return None


def _corpus_dates(
    graphs: Iterable[Iterable[Triple]], entities: set[URIRef]
) -> dict[URIRef, list[date]]:
    """For each entity, the dates of the events that name it directly (one pass per graph)."""
    dated: dict[Node, date] = {}
    mentions: list[tuple[Node, Node]] = []
    for graph in graphs:
        for s, p, o in graph:
            if p == POL.date:
                d = _date(o)
                if d is not None:
                    dated[s] = d
            elif o in entities:
                mentions.append((s, o))
    result: dict[URIRef, list[date]] = defaultdict(list)
    for s, o in mentions:
        if s in dated and isinstance(o, URIRef):
            result[o].append(dated[s])
    return result


# -- deciding -----------------------------------------------------------------------------


class _Groups:
    """Union-find over node IRIs that refuses to join two nodes of one source."""

    def __init__(self, nodes: Mapping[URIRef, Candidate]) -> None:
        self.parent: dict[URIRef, URIRef] = {iri: iri for iri in nodes}
        self.sources: dict[URIRef, set[str]] = {iri: {c.source} for iri, c in nodes.items()}

    def find(self, iri: URIRef) -> URIRef:
        while self.parent[iri] != iri:
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def join(self, a: URIRef, b: URIRef) -> str:
        """Join the groups of a and b; the reason it cannot, or ""."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ""
        shared = self.sources[ra] & self.sources[rb]
        if shared:
            return (
                f"would put two nodes of {', '.join(sorted(shared))} in one group: a source "
                "names each party or person once"
            )
        self.parent[rb] = ra
        self.sources[ra] |= self.sources.pop(rb)
        return ""


def _source_rank(source: str, order: Sequence[str]) -> tuple[int, str]:
    return (0, "") if source == CORPUS else (1 + order.index(source), source)


def link(
    entities: Sequence[Entity],
    graphs: Mapping[str, Graph],
    *,
    corpus_graphs: Iterable[Iterable[Triple]] = (),
) -> tuple[dict[URIRef, URIRef], LinkReport]:
    """Decide which dataset nodes are corpus entities or each other.

    `graphs` maps each dataset's source slug to its graph, in loading order. Returns the IRI
    renames (dataset node → the group's IRI) and the report. Reads, never changes, the graphs."""
    order = list(graphs)
    nodes: dict[URIRef, Candidate] = {}
    for entity in entities:
        c = _from_entity(entity)
        if c is not None:
            nodes[c.iri] = c
    corpus_iris = set(nodes)
    for source, graph in graphs.items():
        for c in _from_graph(graph, source):
            if c.iri in nodes:  # the same IRI in two sources is one node already
                continue
            nodes[c.iri] = c
    # dates only tell a corpus entity from a dataset node: no dataset, no reading the corpus
    dates_of = _corpus_dates(corpus_graphs, corpus_iris) if graphs else {}
    for iri, dates in dates_of.items():
        nodes[iri].dated = sorted(dates)

    report = LinkReport(nodes=len(nodes))
    pairs = _blocked_pairs(nodes.values(), report)
    # how many people of each source carry each full name: homonyms are never merged on names
    carriers: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for c in nodes.values():
        for name in c.names:
            carriers[(c.kind, c.source, name)].append(c)

    decisions: list[tuple[Candidate, Candidate, tuple[str, ...], str]] = []
    for a, b in pairs:
        evidence, reason = _judge(a, b, carriers)
        decisions.append((a, b, evidence, reason))
    # corpus links first, then dataset-to-dataset ones; within those, by IRI (deterministic)
    decisions.sort(
        key=lambda d: (
            d[0].source != CORPUS and d[1].source != CORPUS,
            bool(d[3]),
            str(d[0].iri),
            str(d[1].iri),
        )
    )
    decisions = _same_country(decisions)
    groups = _Groups(nodes)
    merged: list[tuple[Candidate, Candidate, tuple[str, ...]]] = []
    for a, b, evidence, reason in decisions:
        if not reason:
            reason = groups.join(a.iri, b.iri)
        if reason:
            report.rejected.append(_as_link(a, b, evidence, reason))
        else:
            merged.append((a, b, evidence))

    members: dict[URIRef, list[Candidate]] = defaultdict(list)
    for c in nodes.values():
        members[groups.find(c.iri)].append(c)
    canonical: dict[URIRef, URIRef] = {}
    for group in members.values():
        best = min(group, key=lambda c: (_source_rank(c.source, order), str(c.iri)))
        for c in group:
            canonical[c.iri] = best.iri
    renames = {
        iri: best for iri, best in canonical.items() if best != iri and iri not in corpus_iris
    }
    report.merges = [_as_link(a, b, ev, into=canonical[a.iri]) for a, b, ev in merged]
    return renames, report


def _same_country(
    decisions: list[tuple[Candidate, Candidate, tuple[str, ...], str]],
) -> list[tuple[Candidate, Candidate, tuple[str, ...], str]]:
    """Names do not cross borders: "Independent" is a Czech party in ParlGov and a label for
    independents in the Turkish assembly. A source whose parties carry no country (the corpus,
    a Popolo file) takes the country most of its name-matched parties have in the other
    source; a match to a party of another country is then rejected."""
    votes: dict[str, dict[Node, int]] = defaultdict(lambda: defaultdict(int))
    for a, b, _, reason in decisions:
        if reason or a.kind != "party":
            continue
        for x, y in ((a, b), (b, a)):
            if x.country is None and y.country is not None:
                votes[x.source][y.country] += 1
    home: dict[str, Node] = {}
    for source, counted in votes.items():
        best = max(counted.items(), key=lambda item: (item[1], str(item[0])))
        if best[1] * 2 > sum(counted.values()):
            home[source] = best[0]
    checked = []
    for a, b, evidence, reason in decisions:
        if not reason and a.kind == "party":
            for x, y in ((a, b), (b, a)):
                where = home.get(x.source)
                if x.country is None and y.country is not None and where is None:
                    if len(a.names & b.names) < 2 and not _identified(a, b):
                        reason = (
                            f"one name in common and no country to confirm it: the parties of "
                            f"{x.source} match parties of several countries"
                        )
                elif x.country is None and y.country is not None and where is not None:
                    if y.country != where:
                        reason = (
                            f"{y.label} is a party of {_short(y.country)}, while the parties "
                            f"of {x.source} match parties of {_short(where)}"
                        )
                    else:
                        evidence = (*evidence, f"same country: {_short(where)}")
        checked.append((a, b, evidence, reason))
    return checked


def _identified(a: Candidate, b: Candidate) -> bool:
    return bool(a.wikidata & b.wikidata or a.wikipedia & b.wikipedia)


def _blocked_pairs(
    nodes: Iterable[Candidate], report: LinkReport
) -> list[tuple[Candidate, Candidate]]:
    """Pairs of nodes of different sources that share a block: persons by folded surname,
    parties by folded full name or abbreviation."""
    blocks: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in nodes:
        keys: set[tuple[str, str]] = set()
        if c.kind == "person":
            keys = {("surname", name.split()[-1]) for name in c.names}
        else:
            keys = {("name", name) for name in c.names}
            keys |= {("abbreviation", a) for a in c.abbreviations}
        for key in keys:
            blocks[(f"{c.kind}:{key[0]}", key[1])].append(c)
    seen: set[tuple[URIRef, URIRef]] = set()
    pairs = []
    for block in blocks.values():
        by_source: dict[str, list[Candidate]] = defaultdict(list)
        for c in block:
            by_source[c.source].append(c)
        # only nodes of different sources are compared: a block of one source's namesakes
        # (the assembly's many Yılmaz) costs nothing
        for a, b in (
            (a, b)
            for i, one in enumerate(sorted(by_source))
            for other in sorted(by_source)[i + 1 :]
            for a in by_source[one]
            for b in by_source[other]
        ):
            report.comparisons += 1
            first, second = sorted((a, b), key=lambda c: (c.source != CORPUS, str(c.iri)))
            pair = (first.iri, second.iri)
            if pair not in seen and _names_meet(first, second):
                seen.add(pair)
                pairs.append((first, second))
    return pairs


def _names_meet(a: Candidate, b: Candidate) -> bool:
    """Whether the pair is a candidate at all (a full name, a partial name or an abbreviation
    in common); people who share only a surname are not candidates."""
    if a.names & b.names or (a.kind == "party" and a.abbreviations & b.abbreviations):
        return True
    if a.kind == "person":
        return any(_partial(x, y) for x in a.names for y in b.names)
    return False


def _partial(x: str, y: str) -> bool:
    """One name's tokens are a proper subset of the other's, surnames equal ("Tayyip Erdoğan"
    and "Recep Tayyip Erdoğan")."""
    tx, ty = x.split(), y.split()
    return tx[-1] == ty[-1] and tx != ty and (set(tx) < set(ty) or set(ty) < set(tx))


def _judge(
    a: Candidate, b: Candidate, carriers: Mapping[tuple[str, str, str], list[Candidate]]
) -> tuple[tuple[str, ...], str]:
    """The evidence for the pair, and the reason not to merge it ("" to merge)."""
    evidence: list[str] = []
    common = sorted(a.names & b.names)
    if common:
        evidence.append(f"same name after folding: {', '.join(repr(n) for n in common)}")
    shared_abbr = sorted(a.abbreviations & b.abbreviations)
    if shared_abbr:
        evidence.append(f"same abbreviation: {', '.join(x.upper() for x in shared_abbr)}")
    same_wd = a.wikidata & b.wikidata
    same_wp = a.wikipedia & b.wikipedia
    if same_wd:
        evidence.append(f"same Wikidata id {', '.join(sorted(same_wd))}")
    if same_wp:
        evidence.append(f"same Wikipedia page {', '.join(sorted(same_wp))}")
    identified = bool(same_wd or same_wp)

    if a.wikidata and b.wikidata and not same_wd:
        return tuple(evidence), "different Wikidata ids"
    if a.wikipedia and b.wikipedia and not same_wp:
        return tuple(evidence), "different Wikipedia pages"
    conflict = _date_conflict(a, b) or _date_conflict(b, a)
    if conflict:
        return tuple(evidence), conflict
    if not common:
        if a.kind == "person":
            return tuple(evidence) or ("partial name",), (
                "only part of the name is shared: not enough to tell it is the same person"
            )
        if not identified:
            return tuple(evidence), "only the abbreviation is shared: many parties share one"
    for c, other in ((a, b), (b, a)):
        namesakes = {
            x.iri for n in (common or c.names) for x in carriers.get((c.kind, c.source, n), [])
        }
        if len(namesakes) > 1 and not identified:
            word = "people" if c.kind == "person" else "parties"
            return tuple(evidence), (
                f"{len(namesakes)} {word} of {c.source} carry this name and no identifier "
                f"tells which one {other.label} is"
            )
    if a.kind == "person":
        if a.dated or b.dated:
            dates = sorted(a.dated + b.dated)
            evidence.append(f"no date contradicts it (corpus dates {dates[0]}–{dates[-1]})")
        if len({x.iri for n in common for x in carriers.get(("person", b.source, n), [])}) == 1:
            evidence.append(f"the only person of {b.source} with this name")
    return tuple(evidence), ""


def _date_conflict(a: Candidate, b: Candidate) -> str:
    """A's life dates against the dates the corpus ties B to: dead before, or born after."""
    if not b.dated:
        return ""
    if a.died is not None and a.died < b.dated[0]:
        return f"{a.source} has {a.label} dead on {a.died}, before the corpus's {b.dated[0]}"
    if a.born is not None and a.born > b.dated[-1]:
        return f"{a.source} has {a.label} born on {a.born}, after the corpus's {b.dated[-1]}"
    return ""


def _as_link(
    a: Candidate,
    b: Candidate,
    evidence: tuple[str, ...],
    reason: str = "",
    into: URIRef | None = None,
) -> Link:
    return Link(a.kind, a.iri, a.source, a.label, b.iri, b.source, b.label, evidence, reason, into)


# -- applying -----------------------------------------------------------------------------


def rewrite(graph: Graph, renames: Mapping[URIRef, URIRef]) -> Graph:
    """`graph`, changed in place and returned, with every renamed IRI replaced (subject or
    object), and each party-list result whose IRI was derived from its election and party
    re-derived from their new IRIs.

    Only the triples of renamed nodes are touched (found through the graph's indexes), so the
    cost follows the links made, not the size of the dataset."""
    every: dict[Node, URIRef] = {old: new for old, new in renames.items()}
    for election, result in graph.subject_objects(POL.partyResult):
        party = graph.value(result, POL.party)
        if not isinstance(party, URIRef) or not isinstance(election, URIRef):
            continue
        renamed = party in renames or election in renames
        if renamed and isinstance(result, URIRef) and result == result_iri(election, party):
            every[result] = result_iri(renames.get(election, election), renames.get(party, party))
    for old in sorted(every, key=str):
        for s, p, o in list(graph.triples((old, None, None))):
            graph.remove((s, p, o))
            graph.add((every[old], p, every.get(o, o)))
        for s, p, o in list(graph.triples((None, None, old))):
            graph.remove((s, p, o))
            graph.add((every.get(s, s), p, every[old]))
    return graph


def source_slug(graph_iri: URIRef) -> str:
    return str(graph_iri).removeprefix(str(SOURCE_GRAPH))


def link_datasets(
    inputs: Sequence[Input],
    entities: Sequence[Entity],
    *,
    corpus_graphs: Iterable[Iterable[Triple]] = (),
) -> tuple[dict[URIRef, Graph], LinkReport]:
    """The inputs' ready-made named graphs, linked: one graph per IRI (a dataset given twice
    is one graph, the same as given once), every linked node under its group's IRI. The
    inputs' graphs are changed in place: copying 170,000 triples would cost more than linking."""
    merged: dict[URIRef, Graph] = {}
    for item in inputs:
        for iri, graph in item.graphs.items():
            if iri in merged:
                merged[iri] += graph
            else:
                merged[iri] = graph
    by_slug = {source_slug(iri): graph for iri, graph in merged.items()}
    renames, report = link(entities, by_slug, corpus_graphs=corpus_graphs)
    return {iri: rewrite(graph, renames) for iri, graph in merged.items()}, report


def datasets_markdown(inputs: Sequence[Input]) -> str:
    """The loading report of every dataset input: rows loaded per table, rows skipped and why."""
    parts = ["# Datasets loaded", ""]
    reports = [item.report for item in inputs if item.report is not None]
    seen: set[str] = set()
    for report in reports:
        text = report.markdown()
        if text not in seen:  # a dataset given twice is reported once
            seen.add(text)
            parts.append(text)
    if not reports:
        parts += ["No dataset loaded (`polkg build --dataset KIND:PATH` loads one).", ""]
    return "\n".join(parts)
