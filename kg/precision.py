"""Numbers and dates as the intervals they denote.

A source that writes "54 %" does not claim 54.000 %: it claims something in [53.5, 54.5).
Comparing stated values as points would report "54 %" and "54.2 %" as a disagreement and hide
nothing when two articles really contradict each other, so every stated value is parsed here
into the normalised literal the graph holds *and* the interval it denotes (DESIGN.md,
"Provenance"; docs/model.md, "Literals"):

- a number is its value ± half a unit of its last significant digit; trailing zeros of an
  integer part are not significant ("13,000" → [12,500, 13,500)), digits after a decimal point
  are ("45.0" → [44.95, 45.05));
- a hedge widens that interval by 5 % of the value on each side ("some 13,000" →
  [11,850, 14,150));
- a date denotes its day, month (`xsd:gYearMonth`) or year (`xsd:gYear`).

Intervals are half-open: lower bound inclusive, upper bound exclusive, so "45.0" and "45.1"
touch at 45.05 but do not overlap.

Hedge words (accepted at the start of a number, recorded as `pol:hedge`): "some", "about",
"approximately", "approx.", "roughly", "nearly", "almost", "around", "circa", "c.",
"close to", "an estimated", "estimated". "nearly" and "almost" lean below the value, but the
design treats every hedge alike (a symmetric 5 %), which keeps the rule easy to explain.

Bound words ("over", "more than", "at least", "under", "less than", "fewer than", "up to",
"above", "below") state a bound, not a value, and are rejected: the curator writes the mapping
form `{value: "13,000", stated: "more than 13,000"}` if the figure is worth recording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import cast

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

__all__ = [
    "BOUND_WORDS",
    "HEDGES",
    "HEDGE_WIDENING",
    "Stated",
    "decimal_literal",
    "interval",
    "overlaps",
    "parse_date",
    "parse_number",
    "width",
]

HEDGE_WIDENING = Decimal("0.05")
# significant digits a stated number may have: with "billion" (10^9) and the 5 % hedge width it
# stays inside the default decimal context's 28 digits, so bounds are computed exactly
MAX_DIGITS = 18
HEDGES: tuple[str, ...] = (
    "some",
    "about",
    "approximately",
    "approx.",
    "roughly",
    "nearly",
    "almost",
    "around",
    "circa",
    "c.",
    "close to",
    "an estimated",
    "estimated",
)
BOUND_WORDS: tuple[str, ...] = (
    "over",
    "more than",
    "at least",
    "under",
    "less than",
    "fewer than",
    "up to",
    "above",
    "below",
    "just over",
    "just under",
)
INTEGER_DATATYPES = frozenset({XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.long})
DECIMAL_DATATYPES = frozenset({XSD.decimal, XSD.double, XSD.float})
DATE_DATATYPES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear})

_MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
}
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(
    r"""^(?P<sign>[-+\u2212])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)
        (?:\.(?P<frac>\d+))?
        (?:\s*(?P<percent>%|percent|per\ cent)|\s+(?P<mult>thousand|million|billion))?$""",
    re.VERBOSE,
)
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


@dataclass(frozen=True)
class Stated:
    """A value as a source states it: what the graph holds and the interval it stands for."""

    literal: Literal  # the normalised literal written in the graph (rdf:value)
    lexical: str  # the value exactly as written ("some 13,000", "45.1%", "In May")
    hedge: str | None  # the hedge word, lower case, or None
    lower: Decimal | date  # lower bound, inclusive
    upper: Decimal | date  # upper bound, exclusive
    year_from_context: bool = False


def _leading(words: tuple[str, ...], text: str) -> str | None:
    """The longest of `words` that `text` starts with as a whole word, or None."""
    lowered = text.lower()
    for word in sorted(words, key=len, reverse=True):
        if lowered.startswith(word) and (
            len(lowered) == len(word) or word.endswith(".") or lowered[len(word)].isspace()
        ):
            return word
    return None


def parse_number(text: str, datatype: URIRef) -> Stated:
    """Parse a stated number ("some 13,000", "45.1%", "2.5 million") for a property whose
    range is `datatype` (`xsd:decimal`, `xsd:integer` or `xsd:nonNegativeInteger`).

    Raises ValueError with a sentence saying what is wrong; the caller adds file and line."""
    if not isinstance(text, str):
        raise ValueError(f"expected a number written as text, got {text!r}")
    lexical = text.strip()
    if not lexical:
        raise ValueError(
            'the number is empty: write it as the source does, e.g. "45.1%" or "some 13,000"'
        )
    if datatype not in INTEGER_DATATYPES | DECIMAL_DATATYPES:
        raise ValueError(f"{datatype} is not a numeric datatype polkg can parse")
    rest = _SPACES.sub(" ", lexical)
    bound = _leading(BOUND_WORDS, rest)
    if bound is not None:
        raise ValueError(
            f"{lexical!r} states a bound ({bound!r}), not a value: give the figure with the "
            f'mapping form, e.g. {{value: "{rest[len(bound) :].strip()}", stated: "{lexical}"}}'
        )
    hedge = _leading(HEDGES, rest)
    if hedge is not None:
        rest = rest[len(hedge) :].strip()
    match = _NUMBER.match(rest.lower())
    if match is None:
        raise ValueError(
            f"{lexical!r} is not a number polkg can read: write digits with optional thousands "
            f"commas, a decimal point, a % or 'percent', or 'thousand'/'million'/'billion', "
            f"optionally after a hedge such as 'some' or 'about'"
        )
    sign = -1 if match["sign"] in ("-", "\u2212") else 1
    int_digits = match["int"].replace(",", "")
    frac = match["frac"] or ""
    if len(int_digits.lstrip("0")) + len(frac) > MAX_DIGITS:
        raise ValueError(
            f"the number has more than {MAX_DIGITS} digits, more than polkg computes with "
            "exactly; check it (no count of votes or people is that large)"
        )
    try:
        magnitude = Decimal(f"{int_digits}.{frac}" if frac else int_digits)
    except InvalidOperation as err:  # pragma: no cover - the pattern admits digits only
        raise ValueError(f"{lexical!r} is not a number") from err
    if frac:
        unit = Decimal(1).scaleb(-len(frac))
    else:
        significant = int_digits.rstrip("0")
        unit = Decimal(1).scaleb(len(int_digits) - len(significant)) if significant else Decimal(1)
    multiplier = _MULTIPLIERS.get(match["mult"] or "", Decimal(1))
    value = sign * magnitude * multiplier
    unit *= multiplier
    is_percent = match["percent"] is not None

    if datatype in INTEGER_DATATYPES:
        if is_percent:
            raise ValueError(f"{lexical!r} is a percentage, but this property takes a whole number")
        if value != value.to_integral_value():
            raise ValueError(f"{lexical!r} is not a whole number, but this property takes one")
        if datatype == XSD.nonNegativeInteger and value < 0:
            raise ValueError(f"{lexical!r} is negative, but this property takes a number ≥ 0")
        literal = Literal(int(value), datatype=XSD.integer)
    else:
        literal = decimal_literal(value)

    half = unit / 2
    spread = abs(value) * HEDGE_WIDENING if hedge else Decimal(0)
    return Stated(
        literal=literal,
        lexical=lexical,
        hedge=hedge,
        lower=_tidy(value - half - spread),
        upper=_tidy(value + half + spread),
    )


def parse_date(value: str, *, stated: str | None = None, year_from_context: bool = False) -> Stated:
    """Parse an ISO date at the precision given: `2019-06-23` (xsd:date, that day), `2019-05`
    (xsd:gYearMonth, that month) or `2016` (xsd:gYear, that year). `stated` is the text as the
    source writes it ("In May"), kept as the lexical form."""
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"expected a date written as text, got {value!r}")
    text = value.strip()
    match = _DATE.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a date polkg can read: write YYYY-MM-DD, YYYY-MM or YYYY, and put "
            f"the words of the text in 'stated' (e.g. {{value: 2019-05, stated: \"In May\"}})"
        )
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else None
    day = int(match["d"]) if match["d"] else None
    try:
        if month is None:
            lower, upper, datatype = date(year, 1, 1), date(year + 1, 1, 1), XSD.gYear
        elif day is None:
            lower = date(year, month, 1)
            upper = date(year + month // 12, month % 12 + 1, 1)
            datatype = XSD.gYearMonth
        else:
            lower = date(year, month, day)
            upper = date.fromordinal(lower.toordinal() + 1)
            datatype = XSD.date
    except ValueError as err:
        raise ValueError(
            f"{text!r} is not a real date ({err}): check the month and the day"
        ) from err
    return Stated(
        literal=Literal(text, datatype=datatype),
        lexical=stated.strip() if stated and stated.strip() else text,
        hedge=None,
        lower=lower,
        upper=upper,
        year_from_context=year_from_context,
    )


def interval(literal: Literal) -> tuple[Decimal, Decimal] | tuple[date, date]:
    """The interval a bare literal denotes, from its own lexical precision.

    Used when a value has no `pol:StatedValue` (a dataset import, say). A decimal written in
    canonical form ("54.0") claims one decimal place more than "54 %" did: prefer the bounds of
    the stated value wherever there is one."""
    datatype = literal.datatype
    text = str(literal).strip()
    if datatype in DATE_DATATYPES:
        stated = parse_date(text)
        # parse_date's bounds are always dates, parse_number's always Decimals
        return cast(date, stated.lower), cast(date, stated.upper)
    if datatype in INTEGER_DATATYPES or datatype in DECIMAL_DATATYPES:
        if datatype in INTEGER_DATATYPES:
            stated = parse_number(text, XSD.integer)
        elif re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
            stated = parse_number(text, XSD.decimal)
        else:  # exponent or special forms: a point value, no precision to read
            point = Decimal(text)
            return point, point
        return cast(Decimal, stated.lower), cast(Decimal, stated.upper)
    raise ValueError(f"a literal of datatype {datatype} denotes no interval")


def overlaps(a: tuple, b: tuple) -> bool:
    """Whether two half-open intervals share a point. A point interval (lower == upper) is
    treated as closed so that it overlaps an interval containing it."""
    a_lo, a_hi = a
    b_lo, b_hi = b
    if a_lo == a_hi:
        return b_lo <= a_lo < b_hi or a_lo == b_lo == b_hi
    if b_lo == b_hi:
        return a_lo <= b_lo < a_hi
    return a_lo < b_hi and b_lo < a_hi


def width(iv: tuple) -> Decimal | int:
    """How wide an interval is (days for dates), to find the most precise of several values."""
    lower, upper = iv
    if isinstance(lower, date):
        return (upper - lower).days
    return upper - lower


def decimal_literal(value: Decimal) -> Literal:
    """An `xsd:decimal` literal in the form rdflib writes and reads back unchanged:
    no exponent, no trailing zeros, at least one digit after the point (54 → "54.0")."""
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite decimal")
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return Literal(text, datatype=XSD.decimal)


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros so bounds compare and print cleanly (12500.00 → 12500)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
