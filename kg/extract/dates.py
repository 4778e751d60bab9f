"""Dates as news writes them, in English, Turkish and Russian, at the precision given.

Forms (each yields an ISO value at its own precision, parsed by `kg.precision.parse_date` into
the interval it denotes):

- a day: "23 June 2019", "June 23, 2019", "Jan. 29, 2019", "23 Haziran 2019",
  "23 июня 2019 г."; without a year ("23 June", "June 23", "2 April") the year is the
  article's (its date, else its context year) and the fact says so (`year_from_context`);
- a month: "March 2019", "Mart 2019", "марта 2019"; a month alone ("In May", "in March",
  "the May election") takes the article's year;
- a year: "2016", "in 2019", each end of a span "1994-1998";
- a weekday: "on Monday", "Sunday night": the last such day on or before the article's date
  (news reports past events), and only when the article has a date to count from;
- "today", "yesterday" (Turkish "bugün", "dün"; Russian "сегодня", "вчера"): the article's
  date, or the day before.

"May" is also an English verb, so the month alone is taken only after a preposition or "the",
or before "election"/"vote".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.precision import Stated, parse_date

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_TR_MONTHS = {
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
    "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
}  # fmt: skip
_RU_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

_EN_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_EN_ABBR = r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
_EN = rf"(?:{_EN_FULL}|{_EN_ABBR})"
_TR = "|".join(m.capitalize() for m in _TR_MONTHS) + "|" + "|".join(_TR_MONTHS)
_RU = "|".join(_RU_MONTHS)
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)"
_B = r"(?<![\w.])"  # not inside a word or a number
_E = r"(?!\w)"

# ordered: longer forms first; a later pattern never matches inside an earlier match
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("en", re.compile(rf"{_B}{_DAY}\s+(?P<m>{_EN})(?:,?\s+{_YEAR})?{_E}")),
    ("en", re.compile(rf"{_B}(?P<m>{_EN})\s+{_DAY}(?:,?\s*{_YEAR})?{_E}")),
    ("tr", re.compile(rf"{_B}{_DAY}\s+(?P<m>{_TR})(?:\s+{_YEAR})?{_E}")),
    ("ru", re.compile(rf"{_B}{_DAY}\s+(?P<m>{_RU})(?:\s+{_YEAR}(?:\s+г\.|\s+года)?)?(?!\w)")),
    ("en", re.compile(rf"{_B}(?P<m>{_EN})\s+{_YEAR}{_E}")),
    ("tr", re.compile(rf"{_B}(?P<m>{_TR})\s+{_YEAR}{_E}")),
    ("ru", re.compile(rf"{_B}(?P<m>{_RU})\s+{_YEAR}(?:\s+г\.|\s+года)?(?!\w)")),
    (
        "en",
        re.compile(
            rf"(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\b[Uu]ntil )|(?<=\bthe )|(?<=\bby )|"
            rf"(?<=\bfor )|(?<=\bof )|(?<=\b[Ff]rom )|(?<=\bearly )|(?<=\blate )|(?<=\bmid-))"
            rf"(?P<m>{_EN_FULL}){_E}|(?P<m2>{_EN_FULL})(?=\s+(?:election|vote|poll|ballot))"
        ),
    ),
    ("en", re.compile(rf"{_B}{_YEAR}(?=\s*[-–]\s*(?:1[89]|20)\d\d{_E})")),
    ("en", re.compile(rf"(?<=[-–]){_YEAR}{_E}")),
    ("en", re.compile(rf"{_B}{_YEAR}{_E}(?!\s*(?:%|percent|votes|,\d))")),
    (
        "any",
        re.compile(
            r"(?<!\w)(?P<rel>[Tt]oday|[Yy]esterday|[Tt]onight|[Bb]ugün|[Dd]ün|[Сс]егодня|[Вв]чера)(?!\w)"
        ),
    ),
    (
        "en",
        re.compile(
            r"(?:\b[Oo]n\s+)?(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:\s+(?:night|morning|evening|afternoon))?\b"
        ),
    ),
]


@dataclass(frozen=True)
class DateFact:
    """A date in the article: `text[start:end]` and the value it denotes."""

    start: int
    end: int
    text: str
    stated: Stated
    language: str

    @property
    def value(self) -> str:
        return str(self.stated.literal)


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    for table in (_EN_MONTHS, _TR_MONTHS, _RU_MONTHS):
        if key in table:
            return table[key]
    key = name.replace("İ", "i").replace("I", "ı").lower()
    return _TR_MONTHS[key]


def find_dates(text: str, *, year: int | None, reference: date | None) -> list[DateFact]:
    """Every date in `text`. `year` fills dates written without one; `reference` (the
    article's date) resolves weekdays. A date needing what is missing is left out."""
    taken = [False] * (len(text) + 1)
    found: list[DateFact] = []
    for language, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            fact = _fact(match, language, year, reference)
            if fact is None:
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(fact)
    found.sort(key=lambda f: f.start)
    return found


def _fact(
    match: re.Match[str], language: str, year: int | None, reference: date | None
) -> DateFact | None:
    groups = match.groupdict()
    stated_text = match.group()
    if groups.get("rel"):
        if reference is None:
            return None
        back = 1 if groups["rel"].lower() in ("yesterday", "dün", "вчера") else 0
        day = reference - timedelta(days=back)
        stated = parse_date(day.isoformat(), stated=stated_text, year_from_context=True)
        return DateFact(match.start(), match.end(), stated_text, stated, language)
    if groups.get("w"):
        if reference is None:
            return None
        back = (reference.weekday() - _WEEKDAYS[groups["w"].lower()]) % 7
        day = reference - timedelta(days=back)
        stated = parse_date(day.isoformat(), stated=stated_text, year_from_context=True)
        return DateFact(match.start(), match.end(), stated_text, stated, language)
    month_name = groups.get("m") or groups.get("m2")
    given_year = int(groups["y"]) if groups.get("y") else None
    from_context = given_year is None and month_name is not None
    use_year = given_year if given_year is not None else year
    if use_year is None:
        return None
    try:
        if month_name is None:
            value = f"{use_year:04d}"
        elif groups.get("d"):
            value = date(use_year, _month(month_name), int(groups["d"])).isoformat()
        else:
            value = f"{use_year:04d}-{_month(month_name):02d}"
        stated = parse_date(value, stated=stated_text, year_from_context=from_context)
    except (ValueError, KeyError):
        return None  # "31 June": not a date
    return DateFact(match.start(), match.end(), stated_text, stated, language)


def reference_date(published: date | None, dates: list[DateFact]) -> date | None:
    """The date weekdays count back from: the article's date, else the latest full date it
    states with its own year (a dated tweet, a dateline)."""
    if published is not None:
        return published
    days = [
        f.stated.lower
        for f in dates
        if len(f.value) == 10
        and not f.stated.year_from_context
        and isinstance(f.stated.lower, date)
    ]
    return max(days) if days else None
