"""Event cues ("won", "annulled", "congratulated" …) and what each figure belongs to.

Attachment stays inside one sentence and follows how news English places a figure next to
its owner, tried in order:

1. a possessive right before it: "Ekrem Imamoglu's 54%", "Yıldırım's 45.0%";
2. the nearest person (or party, failing a person) before it in the sentence: "Binali
   Yilderim, only won 45.1%", "Imamoglu is ahead with 54 percent";
3. the nearest one after it: "with 54% of the vote, Smith won".

A figure of an election as a whole (ballots counted, turnout) attaches to no candidate. A cue
attaches to the person or organisation before it (who acted) and the one after it (whom it
concerns), within its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.extract.mentions import Mention

# offset -> (start, end) of its sentence and the linked mentions in it, in text order
Near = Callable[[int], tuple[int, int, Sequence[Mention]]]

# cue -> pattern of the words that signal it (lower case, whole words)
CUES: dict[str, str] = {
    "won": r"won|wins?|winning|winner|victory|victorious|landslide|elected",
    "annulled": r"annul(?:led|ment|s)?|overturned|invalidated",
    "cancelled": r"cancell?ed|discarded|scrapped|voided",
    "rerun": r"re-?runs?|re-run|held again|new round|second vote|repeat (?:vote|election)",
    "coup": r"coup(?: d'[eé]tat)?|putsch",
    "congratulated": r"congratulat(?:ed|es|e|ions?|ing)",
    "conceded": r"conced(?:ed|es|e|ing)|concession",
    "blamed": r"blam(?:ed|es|e|ing)",
    "appealed": r"appeal(?:ed|s)?|contested|challenged|objections?",
}
_CUE_RE = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{words})\b)" for name, words in CUES.items()), re.IGNORECASE
)
_ACTORS = ("person", "party", "organization", "group")
_ELECTION_WORDS = re.compile(
    r"\b(election|elections|vote|poll|ballot|referendum|re-?run|runoff)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Cue:
    """An event word in the article and whom it concerns."""

    start: int
    end: int
    text: str
    cue: str
    agent: str | None  # node id of who acted (before the cue)
    patient: str | None  # node id of whom it concerns (after the cue)


def find_cues(text: str, near: Near) -> list[Cue]:
    """Every cue with its agent and patient, from the linked mentions of its sentence."""
    found = []
    for match in _CUE_RE.finditer(text):
        cue = next(name for name, value in match.groupdict().items() if value)
        _, _, mentions = near(match.start())
        before = [m for m in mentions if m.end <= match.start()]
        after = [m for m in mentions if match.end() <= m.start]
        agent = _last(before, _ACTORS)
        patient = _first(after, _ACTORS)
        found.append(Cue(match.start(), match.end(), match.group(), cue, agent, patient))
    return found


def _last(mentions: Sequence[Mention], kinds: Sequence[str]) -> str | None:
    for kind in kinds:
        for mention in reversed(mentions):
            if mention.kind == kind:
                return mention.entity
    return None


def _first(mentions: Sequence[Mention], kinds: Sequence[str]) -> str | None:
    for kind in kinds:
        for mention in mentions:
            if mention.kind == kind:
                return mention.entity
    return None


_POSSESSIVE = re.compile(r"^\s*['’]s?\s*$")
WHOLE_ELECTION = frozenset({"ballotsCounted", "turnout", "disputedVotes"})
PARTY_FIRST = frozenset({"districtsControlled", "districtsTotal"})


def attach(
    text: str,
    start: int,
    end: int,
    prop: str,
    near: Near,
) -> tuple[str | None, str]:
    """The node id a figure at `text[start:end]` measuring `prop` belongs to, and why."""
    if prop in WHOLE_ELECTION:
        return None, "a figure of the election as a whole"
    _, _, mentions = near(start)
    before = [m for m in mentions if m.end <= start]
    after = [m for m in mentions if end <= m.start]
    kinds = ("party", "person") if prop in PARTY_FIRST else ("person", "party")
    if before and before[-1].kind in kinds:
        between = text[before[-1].end : start]
        if _POSSESSIVE.match(between):
            return before[-1].entity, f"possessive: {before[-1].text}{between.rstrip()}"
    for kind in kinds:
        for mention in reversed(before):
            if mention.kind == kind:
                return mention.entity, f"nearest {kind} before it: {mention.text}"
    for kind in kinds:
        for mention in after:
            if mention.kind == kind:
                return mention.entity, f"nearest {kind} after it: {mention.text}"
    return None, "no person or party in its sentence"


def mentions_election(sentence: str) -> bool:
    """Whether a sentence speaks of a vote at all (so its date is the vote's)."""
    return _ELECTION_WORDS.search(sentence) is not None
