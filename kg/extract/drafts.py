"""Draft claims in the curated format (`data/claims/{stem}.yaml`) from what an article says.

One claim per sentence that carries a fact or a cue polkg can record, quoting the sentence
exactly (`kg.evidence.find_quote` must find it once). Node ids are the graph's own wherever
`kg.extract.check.targets` finds the node (the candidacy of that person whose value agrees,
or the only one), and new ids in the graph's style otherwise (`election/{date}-{place}`,
`candidacy/{election}-{person}`) with a type and a label, since the loader requires both for a
node it has not seen. Entities are referred to by their ids, never by a spelling.

Each claim is preceded by a YAML comment with the extractor's confidence and its reasons, and
facts it found but could not place (ballots counted, district counts, a date with no event
word) are listed in a comment, so the curator sees everything the article was read to say.
The draft loads with `polkg build` as written; it is meant to be reviewed first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from kg.evidence import QuoteError, find_quote
from kg.extract.article import Extraction, Fact
from kg.extract.check import ELECTION_NOUN, targets
from kg.extract.graph import GraphIndex
from kg.extract.sentences import Sentence
from kg.ids import slug
from kg.precision import overlaps

_CANDIDACY = frozenset({"voteShare", "votes", "voteShareChange", "districtsLost"})
_EVENT_CUES = frozenset({"won", "rerun", "appealed", "conceded", "annulled", "cancelled"})


@dataclass
class _Claim:
    id: str
    quote: str
    about: dict[str, dict[str, Any]] = field(default_factory=dict)
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def draft_claims(
    extraction: Extraction, source: str, index: GraphIndex | None, labels: dict[str, str]
) -> str:
    """The claims file text for source stem `source`. `labels` maps entity ids to labels
    (for the labels of new nodes); `index` is the graph (None: every node is new)."""
    index = index if index is not None else GraphIndex()
    repeated = Counter(" ".join(s.text.split()) for s in extraction.sentences)
    cue_sentences = {s.start: s for s in extraction.sentences if extraction.cues_in(s)}
    sentences = {f.sentence.start: f.sentence for f in extraction.facts} | cue_sentences
    claims: list[_Claim] = []
    for number, start in enumerate(sorted(sentences), 1):
        sentence = sentences[start]
        if not _quotable(extraction.text, sentence, repeated):
            continue  # the same sentence twice: the curator quotes more of it
        facts = extraction.facts_in(sentence)
        claim = _claim(extraction, sentence, facts, index, labels, number)
        if claim is not None and (claim.about or claim.skipped):
            claims.append(claim)
    return _render(source, claims)


def _quotable(text: str, sentence: Sentence, repeated: Counter[str]) -> bool:
    """Whether the sentence occurs once, so the loader can pin the quote: a sentence repeated
    as a sentence is counted once for the article; only a short one can also hide inside a
    longer sentence, and only those are searched for (keeps the draft linear in the text)."""
    if repeated[" ".join(sentence.text.split())] > 1:
        return False
    if len(sentence.text) >= 40:
        return True
    try:
        find_quote(text, sentence.text)
    except QuoteError:
        return False
    return True


def _claim(
    extraction: Extraction,
    sentence: Sentence,
    facts: list[Fact],
    index: GraphIndex,
    labels: dict[str, str],
    number: int,
) -> _Claim | None:
    claim = _Claim(id=f"sentence-{number}", quote=sentence.text)
    in_sentence = extraction.mentions_in(sentence)
    cues = extraction.cues_in(sentence)
    scores: list[float] = []
    existing = {
        id(f): _existing(
            f, extraction, index, prefer="candidacy/" if f.property in _CANDIDACY else "election/"
        )
        for f in facts
        if (f.property in _CANDIDACY or f.property == "margin") and f.about
    }
    election = _election(extraction, sentence, facts, index, labels, in_sentence, existing)
    for fact in facts:
        if fact.property in _CANDIDACY and fact.about and fact.about.startswith("person/"):
            node = existing.get(id(fact))
            if node is None:
                if election is None:
                    claim.skipped.append(f"{fact.property} {fact.text!r}: no election to put it in")
                    continue
                eid, desc = election
                claim.about.setdefault(eid, dict(desc))
                node = f"candidacy/{eid.split('/', 1)[1]}-{fact.about.split('/', 1)[1]}"
                if node not in claim.about:
                    claim.about[eid].setdefault("candidacy", []).append(node)
                    person = labels.get(fact.about, fact.about)
                    claim.about[node] = {
                        "type": "Candidacy",
                        "label": f"{person} in the {desc.get('label', eid)}",
                        "candidate": fact.about,
                    }
                scores.append(0.6)
                claim.reasons.append(
                    f"{fact.text!r} to a new candidacy of {fact.about}: {fact.reason}"
                )
            else:
                scores.append(0.85 if fact.reason.startswith("possessive") else 0.75)
                claim.reasons.append(f"{fact.text!r} to {node}: {fact.reason}")
            claim.about.setdefault(node, {})[fact.property] = _value(fact)
        elif fact.property == "margin" and (existing.get(id(fact)) or election):
            node = existing.get(id(fact)) or (election[0] if election else "")
            fresh = election is not None and node == election[0] and bool(election[1])
            entry = claim.about.setdefault(node, dict(election[1]) if fresh and election else {})
            entry["margin"] = _value(fact)
            if fact.about and fact.about.startswith("person/") and "won" in fact.cues:
                entry["winner"] = fact.about
            scores.append(0.7)
            claim.reasons.append(
                f"margin {fact.text!r} of {node}, won by {fact.about}: {fact.reason}"
            )
        elif fact.is_date and election is not None and _dates_election(fact, sentence):
            eid, desc = election
            entry = claim.about.setdefault(eid, dict(desc))
            if "date" in entry and entry["date"]["value"] != fact.value:
                claim.skipped.append(f"date {fact.text!r}: a second date in the sentence")
                continue
            entry["date"] = _date(fact)
            scores.append(0.6 if fact.stated.year_from_context else 0.7)
            claim.reasons.append(f"date {fact.text!r} of {eid}")
        else:
            claim.skipped.append(f"{fact.property} {fact.text!r}: {fact.reason}")
    for cue in cues:
        if cue.cue == "congratulated" and cue.agent and cue.patient:
            speaker, addressee = cue.agent.split("/", 1)[1], cue.patient.split("/", 1)[1]
            node = f"statement/{speaker}-congratulates-{addressee}"
            said: dict[str, Any] = {
                "type": "Congratulation",
                "label": f"{labels.get(cue.agent, cue.agent)} congratulates "
                f"{labels.get(cue.patient, cue.patient)}",
                "speaker": cue.agent,
                "addressee": cue.patient,
            }
            if election is not None:
                said["concerns"] = election[0]
            claim.about.setdefault(node, said)
            scores.append(0.6)
            claim.reasons.append(f"cue {cue.text!r}: {cue.agent} to {cue.patient}")
    claim.confidence = round(min(scores), 2) if scores else 0.0
    return claim


def _existing(fact: Fact, extraction: Extraction, index: GraphIndex, *, prefer: str) -> str | None:
    """The graph node for `fact`: one whose value agrees, else the only candidate node. A
    node whose election is dated and disagrees with a date in the sentence is not a candidate
    ("On 3 May 2031, X won …" is not X's candidacy of 2030)."""
    nodes = [n for n in targets(fact, extraction, index) if n.startswith(prefer)]
    if not nodes and prefer == "candidacy/" and fact.about:
        nodes = list(index.candidacies.get(fact.about, []))
    dates = [f for f in extraction.facts_in(fact.sentence) if f.is_date]
    if dates:
        nodes = [n for n in nodes if _dated_alike(index.election_of.get(n, n), dates, index)]
    for node in nodes:
        for value in index.values.get((node, fact.property), []):
            if overlaps((fact.lower, fact.upper), (value.lower, value.upper)):
                return node
    return nodes[0] if len(nodes) == 1 else None


def _dated_alike(election: str, dates: list[Fact], index: GraphIndex) -> bool:
    """Whether an election has no date in the graph, or one overlapping a date of `dates`."""
    stated = index.values.get((election, "date"), [])
    return not stated or any(
        overlaps((d.lower, d.upper), (v.lower, v.upper)) for d in dates for v in stated
    )


def _election(
    extraction: Extraction,
    sentence: Sentence,
    facts: list[Fact],
    index: GraphIndex,
    labels: dict[str, str],
    mentions: list[Any],
    existing: dict[int, str | None],
) -> tuple[str, dict[str, Any]] | None:
    """The election a sentence speaks of: the graph's election of a candidacy or margin found
    for one of its facts, or one whose date agrees with a date of the sentence; else a new
    node named after the date and the place. A new node comes with its type and label."""
    for node in existing.values():
        if node and node.startswith("candidacy/") and node in index.election_of:
            return index.election_of[node], {}
        if node and node.startswith("election/"):
            return node, {}
    dates = [f for f in facts if f.is_date]
    for fact in dates:
        for node in targets(fact, extraction, index):
            if node.startswith("election/") and any(
                overlaps((fact.lower, fact.upper), (v.lower, v.upper))
                for v in index.values.get((node, "date"), [])
            ):
                return node, {}
    places = [m for m in mentions if m.kind == "place"] or [
        m for m in extraction.mentions if m.kind == "place"
    ]
    if not dates and extraction.reference is None and not places:
        return None
    when = (
        dates[0].value
        if dates
        else (str(extraction.reference.year) if extraction.reference else "")
    )
    place = places[0].entity if places else None
    name = "-".join(p for p in (when, place.split("/", 1)[1] if place else "") if p) or "unknown"
    eid = f"election/{slug(name)}"
    where = labels.get(place, "") if place else ""
    desc: dict[str, Any] = {
        "type": "Election",
        "label": f"{when} election{' in ' + where if where else ''}",
    }
    if place:
        desc["jurisdiction"] = place
    return eid, desc


def _dates_election(fact: Fact, sentence: Sentence) -> bool:
    """Whether a date dates the sentence's election: an election cue or word is there."""
    return bool(set(fact.cues) & _EVENT_CUES) or ELECTION_NOUN.search(sentence.text) is not None


def _value(fact: Fact) -> Any:
    if fact.stated.lexical.startswith("-") and not fact.text.startswith("-"):
        return {"value": fact.value, "stated": fact.text}
    return fact.text


def _date(fact: Fact) -> dict[str, Any]:
    value: dict[str, Any] = {"value": fact.value, "stated": fact.text}
    if fact.stated.year_from_context:
        value["year_from_context"] = True
    return value


def _render(source: str, claims: list[_Claim]) -> str:
    """YAML text: a header comment, `source`, and each claim after its comment."""
    head = (
        "# Draft claims written by `polkg extract`: review every claim before `polkg build`.\n"
        "# Each claim's comment gives the extractor's confidence (0-1) and its reasons.\n"
    )
    if not claims:
        return head + yaml.safe_dump(
            {"source": source, "claims": []}, allow_unicode=True, sort_keys=False
        )
    parts = [
        head,
        yaml.safe_dump({"source": source}, allow_unicode=True, sort_keys=False),
        "claims:\n",
    ]
    for claim in claims:
        parts.append(f"  # confidence {claim.confidence:.2f}\n")
        for reason in claim.reasons:
            parts.append(f"  #   {_one_line(reason)}\n")
        for skipped in claim.skipped:
            parts.append(f"  #   found, not drafted: {_one_line(skipped)}\n")
        if not claim.about:
            parts.append(f"  #   quote: {_one_line(claim.quote)}\n")
            continue
        body = yaml.safe_dump(
            [{"id": claim.id, "quote": claim.quote, "about": claim.about}],
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        parts.append("".join(f"  {line}\n" for line in body.splitlines()))
    return "".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())
