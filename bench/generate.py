"""A seeded generator of synthetic corpora in polkg's own input format, for the benchmark.

`python bench/generate.py --articles 300 --seed 1 OUT` writes `OUT/sources/*.txt|yaml`,
`OUT/entities.yaml` and `OUT/claims/*.yaml`, exactly the files a curator writes (docs/model.md,
"Curated files"), so `polkg build --data OUT` runs the real pipeline on it. Why synthetic: the
bundled corpus is three articles, and the scale problems (issue 11) only show from hundreds of
articles up; the real datasets in ../shared/datasets are not always present.

What makes it realistic rather than a triple pump:
- every article is a text, and every claim quotes a sentence of that text;
- the people are named as news writes them: the canonical label, an ASCII spelling
  ("Imamoglu" for "İmamoğlu"), the surname alone; parties by name or abbreviation;
- each election (2–8 candidacies, shares summing to ~100) is reported by two or three articles,
  at different precisions ("45.1%", "45%", "about 45 percent"), and a few per cent of the
  reports disagree (another share, another day), so the consensus has real work;
- some elections are annulled by the country's electoral board and rerun; a few coups;
  tenures of the winners; quotations by candidates.

Same seed and size → byte-identical files (a test checks it): every choice comes from one
`random.Random(seed)`, every file is written in a fixed order with fixed formatting.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ids import fold, slug

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FIRST = [
    "Ahmet",
    "Ayşe",
    "Mehmet",
    "Zeynep",
    "Emine",
    "Mustafa",
    "Elif",
    "Hüseyin",
    "Fatma",
    "Oğuz",
    "Gül",
    "Murat",
    "Şule",
    "Kemal",
    "Özlem",
    "Barış",
    "Çiğdem",
    "Levent",
    "Nilüfer",
    "Tuğba",
    "Selim",
    "Derya",
    "Erkan",
    "Sevgi",
    "Ümit",
    "İlker",
    "Burak",
    "Canan",
    "Ilya",
    "Marta",
    "Jonas",
    "Sofía",
    "Andrés",
    "Lena",
    "Tomás",
    "Ana",
    "Pavel",
    "Irena",
]
SYL = [
    "ka",
    "ya",
    "öz",
    "çe",
    "ğu",
    "lu",
    "şa",
    "dı",
    "rı",
    "ma",
    "te",
    "bü",
    "kö",
    "ün",
    "sa",
    "ta",
    "de",
    "mi",
    "ro",
    "va",
    "ne",
    "zu",
    "pe",
    "li",
    "go",
    "ra",
    "yıl",
    "ak",
    "to",
    "ba",
    "ce",
    "gö",
    "şi",
    "ha",
    "nu",
    "lo",
    "ve",
    "si",
    "ku",
    "pı",
]
END = ["oğlu", "can", "er", "türk", "lı", "soy", "dağ", "kaya", "el", "ov", "ski", "ez", "ić", "ar"]
PLACE_END = ["abad", "kent", "ova", "polis", "grad", "burg", "dere", "köy", "yurt", "stan"]
WORDS = [
    "the",
    "people",
    "have",
    "spoken",
    "and",
    "this",
    "city",
    "will",
    "move",
    "forward",
    "together",
    "we",
    "will",
    "serve",
    "every",
    "citizen",
    "with",
    "honesty",
    "the",
    "count",
    "was",
    "fair",
    "the",
    "result",
    "belongs",
    "to",
    "all",
    "of",
    "us",
    "our",
    "work",
    "begins",
    "today",
    "nobody",
    "is",
    "above",
    "the",
    "law",
    "every",
    "vote",
    "must",
    "be",
    "counted",
]
REASONS = (
    "irregularities in the ballot records",
    "officials who were not civil servants chaired polling stations",
    "missing signatures on the tally sheets",
    "ballots counted after the legal deadline",
)


@dataclass
class Person:
    label: str
    surname: str
    party: int

    def spellings(self) -> list[str]:
        """The names an article may use: canonical, ASCII-folded, surname, folded surname."""
        ascii_full = _ascii(self.label)
        return [self.label, ascii_full, self.surname, _ascii(self.surname)]


@dataclass
class Election:
    """One election as the world knows it; articles report it, some wrongly."""

    node: str
    city: int
    day: date
    candidates: list[int]
    shares: list[float]
    rerun_of: int | None = None
    annulled_on: date | None = None
    reason: str = ""
    reporters: list[int] = field(default_factory=list)

    @property
    def winner(self) -> int:
        return self.candidates[max(range(len(self.shares)), key=self.shares.__getitem__)]


@dataclass
class World:
    persons: list[Person]
    parties: list[tuple[str, str]]  # label, abbreviation
    cities: list[tuple[str, int]]  # name, country index
    countries: list[str]
    elections: list[Election]
    coups: list[tuple[str, int, date, bool, int]]  # node, country, day, succeeded, leader


def _ascii(text: str) -> str:
    """The spelling an ASCII keyboard gives: "İmamoğlu" → "Imamoglu" (the resolver folds it)."""
    table = str.maketrans("İıĞğŞşÇçÖöÜüáéíóú", "IiGgSsCcOoUuaeiou")
    return text.translate(table)


def _name(rng: random.Random, seen: set[str], parts: int, ends: list[str]) -> str:
    while True:
        text = "".join(rng.choice(SYL) for _ in range(parts)) + rng.choice(ends)
        text = text[0].upper() + text[1:]
        if fold(text) not in seen:
            seen.add(fold(text))
            return text


def make_world(articles: int, rng: random.Random) -> World:
    """People, parties, places and events sized to `articles`, and who reports what."""
    seen: set[str] = set()
    countries = [
        _name(rng, seen, 2, ["ia", "stan", "land", "ora"]) for _ in range(max(2, articles // 150))
    ]
    cities = [
        (_name(rng, seen, 2, PLACE_END), i % len(countries)) for i in range(max(4, articles // 8))
    ]
    parties = []
    for _ in range(max(4, min(40, articles // 20))):
        name = _name(rng, seen, 2, ["ist", "ian", "ic"])
        abbr = (name[:2] + "P").upper()
        while fold(abbr) in seen:
            abbr = abbr[:-1] + chr(ord(abbr[-1]) + 1) if abbr[-1] < "Z" else abbr + "X"
        seen.add(fold(abbr))
        parties.append((f"{name} Party", abbr))
    persons = []
    for _ in range(max(20, articles)):
        surname = _name(rng, seen, 2, END)
        persons.append(
            Person(f"{rng.choice(FIRST)} {surname}", surname, rng.randrange(len(parties)))
        )

    elections: list[Election] = []
    target = max(len(cities), int(articles / 2.5))
    while len(elections) < target:
        city = len(elections) % len(cities)
        year = 2000 + rng.randrange(24)
        day = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        count = rng.randint(2, 8)
        candidates = rng.sample(range(len(persons)), count)
        weights = [rng.random() ** 2 + 0.02 for _ in candidates]
        total = sum(weights)
        shares = [round(100 * w / total, 1) for w in weights]
        node = f"election/{day.isoformat()}-{slug(cities[city][0])}-mayor"
        if any(e.node == node for e in elections[-5:]):
            continue
        election = Election(node, city, day, candidates, shares)
        elections.append(election)
        if rng.random() < 0.12 and len(elections) < target:  # annulled and rerun
            election.annulled_on = day + timedelta(days=rng.randrange(10, 40))
            election.reason = rng.choice(REASONS)
            rerun_day = election.annulled_on + timedelta(days=rng.randrange(30, 90))
            moved = [max(0.1, s + rng.uniform(-6, 6)) for s in shares]
            shares2 = [round(100 * s / sum(moved), 1) for s in moved]
            rerun = Election(
                f"election/{rerun_day.isoformat()}-{slug(cities[city][0])}-mayor",
                city,
                rerun_day,
                candidates,
                shares2,
                rerun_of=len(elections) - 1,
            )
            elections.append(rerun)
    coups = []
    for i in range(max(1, articles // 40)):
        country = i % len(countries)
        day = date(1990 + rng.randrange(34), rng.randrange(1, 13), rng.randrange(1, 29))
        node = f"coup/{day.isoformat()}-{slug(countries[country])}"
        coups.append((node, country, day, rng.random() < 0.4, rng.randrange(len(persons))))
    return World(persons, parties, cities, countries, elections, coups)


class Article:
    """One article: its sentences (the text) and the claims quoting them."""

    def __init__(self, index: int, seed: int, rng: random.Random) -> None:
        digest = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:16]
        self.stem = f"{index:06d}_{digest}"
        self.rng = rng
        self.sentences: list[str] = []
        self.claims: list[dict[str, Any]] = []

    def claim(self, cid: str, sentence: str, about: dict[str, Any]) -> None:
        """Add a sentence and its claim; a sentence that the article already has, inside another or
        around another, is left out (its quote would occur twice: the loader rightly refuses)."""
        if any(sentence in s or s in sentence for s in self.sentences):
            return
        self.sentences.append(sentence)
        self.claims.append({"id": f"{cid}-{len(self.claims)}", "quote": sentence, "about": about})

    def person(self, person: Person) -> str:
        return self.rng.choice(person.spellings())

    def share(self, value: float, disagree: bool, exact: bool = False) -> str:
        """A share as an article states it: "45.1%", "45%" or "about 45 percent" (`exact`:
        always to the tenth, so that rounding never puts a close rival ahead of the winner)."""
        if disagree:
            value = max(0.1, round(value - self.rng.uniform(0.6, 2.5), 1))  # under: sums stay ≤ 100
        form = self.rng.random()
        if form < 0.7 or disagree or exact:
            return f"{value:.1f}%"
        if form < 0.9:
            return f"{round(value)}%"
        return f"about {round(value)} percent"


def _date_mapping(day: date, rng: random.Random, disagree: bool) -> tuple[dict[str, str], str]:
    if disagree:
        day = day + timedelta(days=rng.choice((-2, -1, 1, 2)))
    if rng.random() < 0.8 or disagree:
        stated = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return {"value": day.isoformat(), "stated": stated}, stated
    stated = f"{MONTHS[day.month - 1]} {day.year}"
    return {"value": f"{day.year}-{day.month:02d}", "stated": stated}, stated


def report_election(art: Article, world: World, e: Election, rate: float) -> None:
    """The sentences an article writes about one election (every fact quoted)."""
    rng = art.rng
    city, country = world.cities[e.city][0], world.countries[world.cities[e.city][1]]
    label = f"{e.day.year} {city} mayoral election" + (" (rerun)" if e.rerun_of is not None else "")
    types: Any = "MayoralElection" if e.rerun_of is None else ["MayoralElection", "Rerun"]
    when, stated = _date_mapping(e.day, rng, rng.random() < rate)
    node: dict[str, Any] = {
        "type": types,
        "label": label,
        "jurisdiction": city,
        "office": f"office/mayor-of-{slug(city)}",
        "date": when,
    }
    if e.rerun_of is not None:
        node["rerunOf"] = world.elections[e.rerun_of].node
    art.claim("election", f"Voters in {city} elected a mayor on {stated}.", {e.node: node})
    if e.rerun_of is not None:
        first = world.elections[e.rerun_of]
        authority = f"{country} Electoral Board"
        annulment = f"annulment/{first.node.split('/', 1)[1]}"
        assert first.annulled_on is not None
        a_when, a_stated = _date_mapping(first.annulled_on, rng, False)
        art.claim(
            "annulment",
            f"On {a_stated} the {authority} annulled the earlier vote in {city}, citing "
            f"{first.reason}.",
            {
                annulment: {
                    "type": "Annulment",
                    "label": f"Annulment of the {first.day.year} {city} mayoral election",
                    "annuls": first.node,
                    "decidedBy": authority,
                    "date": a_when,
                    "reason": first.reason,
                }
            },
        )
    for person_index, share in zip(e.candidates, e.shares, strict=True):
        person = world.persons[person_index]
        party_label, abbr = world.parties[person.party]
        party = rng.choice((party_label, abbr))
        # a disagreeing report lowers a loser's share, so each source still has the winner ahead
        disagree = person_index != e.winner and rng.random() < rate
        close = share > max(e.shares) - 1.0  # the winner, or a rival rounding could lift
        stated_share = art.share(share, disagree, exact=close)
        cnode = f"candidacy/{e.node.split('/', 1)[1]}-{slug(person.label)}"
        name = art.person(person)
        art.claim(
            "result",
            f"{name} of the {party} won {stated_share} of the vote.",
            {
                e.node: {"type": types, "candidacy": cnode},
                cnode: {
                    "type": "Candidacy",
                    "label": f"{person.label} in the {label}",
                    "candidate": name,
                    "party": party,
                    "voteShare": stated_share,
                },
            },
        )
    winner = world.persons[e.winner]
    name = art.person(winner)
    art.claim(
        "winner",
        f"{name} won the {label}.",
        {e.node: {"type": types, "winner": name}},
    )
    if e.annulled_on is None and rng.random() < 0.6:
        tenure = f"tenure/{e.day.year}-{slug(winner.label)}-mayor-of-{slug(city)}"
        name = art.person(winner)
        art.claim(
            "tenure",
            f"{name} has been Mayor of {city} since {e.day.year}.",
            {
                tenure: {
                    "type": "Tenure",
                    "label": f"{winner.label} as Mayor of {city} from {e.day.year}",
                    "holder": name,
                    "office": f"office/mayor-of-{slug(city)}",
                    "startDate": str(e.day.year),
                }
            },
        )
    for _ in range(rng.randint(0, 2)):
        speaker = world.persons[rng.choice(e.candidates)]
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        name = art.person(speaker)
        statement = f"statement/{art.stem[:6]}-{len(art.claims)}-{slug(speaker.label)}"
        art.claim(
            "quotation",
            f"{name} told reporters: “{words}.”",
            {
                statement: {
                    "type": "Quotation",
                    "label": f"{speaker.label} on the {label}",
                    "speaker": name,
                    "words": f"{words}.",
                    "concerns": e.node,
                }
            },
        )


def report_coup(art: Article, world: World, coup: tuple[str, int, date, bool, int]) -> None:
    node, country_index, day, succeeded, _leader = coup
    country = world.countries[country_index]
    army = f"{country} Armed Forces"
    when, stated = _date_mapping(day, art.rng, False)
    verb = "seized power" if succeeded else "tried and failed to seize power"
    art.claim(
        "coup",
        f"On {stated} the {army} {verb} in {country}.",
        {
            node: {
                "type": "Coup",
                "label": f"{day.year} coup in {country}",
                "date": when,
                "place": country,
                "perpetrator": army,
                "outcome": "pol:Succeeded" if succeeded else "pol:Failed",
            }
        },
    )


def entities_yaml(world: World) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for person in world.persons:
        out.append({"type": "Person", "label": person.label, "alt_labels": [person.surname]})
    for label, abbr in world.parties:
        out.append({"type": "PoliticalParty", "label": label, "abbreviation": abbr})
    for country in world.countries:
        out.append({"type": "Country", "label": country})
        out.append({"type": "ElectoralAuthority", "label": f"{country} Electoral Board"})
        out.append({"type": "ArmedForces", "label": f"{country} Armed Forces"})
    for city, _ in world.cities:
        out.append({"type": "City", "label": city})
        out.append({"type": "Office", "label": f"Mayor of {city}"})
    return {"entities": out}


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared by two claims out twice: polkg refuses YAML aliases (issue 13)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_NoAliasDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1 << 20,
    )


def generate(out: Path, articles: int, seed: int = 1, disagreement_rate: float = 0.04) -> Path:
    """Write a corpus of `articles` articles into `out` (created); returns `out`."""
    rng = random.Random(seed)
    world = make_world(articles, rng)
    out = Path(out)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(parents=True, exist_ok=True)
    reports: list[list[int]] = [[] for _ in range(articles)]
    for i in range(len(world.elections)):
        reports[i % articles].append(i)
    for i in range(articles):  # a second and third report of earlier elections
        for _ in range(rng.choice((1, 1, 2))):
            reports[i].append(rng.randrange(len(world.elections)))
    for i in range(articles):
        art = Article(i, seed, rng)
        first = world.elections[reports[i][0]]
        title = f"{first.day.year} {world.cities[first.city][0]} mayoral election"
        done: set[int] = set()
        for e in reports[i]:
            if e not in done:
                done.add(e)
                report_election(art, world, world.elections[e], disagreement_rate)
        if i % 5 == 0:
            report_coup(art, world, world.coups[(i // 5) % len(world.coups)])
        text = (
            title
            + "\n\n"
            + "\n\n".join(
                " ".join(art.sentences[j : j + 3]) for j in range(0, len(art.sentences), 3)
            )
        )
        (out / "sources" / f"{art.stem}.txt").write_text(text + "\n", encoding="utf-8")
        meta = {
            "label": title,
            "label_is_title": True,
            "kind": "news article",
            "language": "en",
            "publisher": None,
            "published": None,
            "url": None,
            "context_year": first.day.year,
        }
        (out / "sources" / f"{art.stem}.yaml").write_text(_dump(meta), encoding="utf-8")
        claims = {"source": art.stem, "claims": art.claims}
        (out / "claims" / f"{art.stem}.yaml").write_text(_dump(claims), encoding="utf-8")
    (out / "entities.yaml").write_text(_dump(entities_yaml(world)), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (sources/, claims/, entities.yaml)")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--disagreement-rate", type=float, default=0.04)
    args = parser.parse_args(argv)
    generate(args.out, args.articles, args.seed, args.disagreement_rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
