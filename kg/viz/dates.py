"""Dates of any precision as the intervals they denote.

A source that says "March 2019" gives a month, not a day: filtering and drawing must treat
it as the span [2019-03-01, 2019-04-01). Intervals are half-open ISO date strings, which
compare correctly as strings (in Python and in the page's JavaScript alike).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from rdflib import URIRef
from rdflib.namespace import XSD

from kg.errors import UserError
from kg.precision import parse_date

_PRECISION = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span of days `[start, end)` as ISO strings, with the precision stated."""

    start: str
    end: str
    precision: str  # "day", "month" or "year"


def interval(lexical: str) -> Interval | None:
    """The interval a `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` lexical form denotes, or
    None when the text is not such a date (`kg.precision` owns the reading of dates)."""
    try:
        stated = parse_date(lexical)
    except ValueError:
        return None
    # parse_date always gives one of the three date datatypes and `date` bounds (the Decimal in
    # Stated's bounds is for numbers, parsed by parse_value)
    precision = _PRECISION[cast(URIRef, stated.literal.datatype)]
    lower, upper = cast(date, stated.lower), cast(date, stated.upper)
    return Interval(lower.isoformat(), upper.isoformat(), precision)


def user_interval(text: str, option: str) -> Interval:
    """Parse a date the user typed (`--from 2019-03`), or raise a UserError saying how."""
    parsed = interval(text)
    if parsed is None:
        raise UserError(
            f"{option} {text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-03)"
        )
    return parsed


def overlaps(start: str | None, end: str | None, lo: str | None, hi: str | None) -> bool:
    """Whether `[start, end)` meets `[lo, hi)`; a None bound is open (unbounded)."""
    if hi is not None and start is not None and start >= hi:
        return False
    return not (lo is not None and end is not None and end <= lo)


def to_ordinal(iso: str) -> int:
    """Days since 0001-01-01 for an ISO date string (for drawing on a numeric axis)."""
    return date.fromisoformat(iso).toordinal()
