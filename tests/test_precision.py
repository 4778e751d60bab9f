"""kg.precision: stated numbers and dates, and the intervals they denote.

Every expected interval here is worked out by hand from DESIGN.md "Provenance": value ± half a
unit of the last significant digit (trailing zeros of an integer are not significant), a hedge
adding 5 % of the value on each side, a date standing for its day, month or year.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.precision import (
    decimal_literal,
    interval,
    overlaps,
    parse_date,
    parse_number,
    width,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "datatype", "lexical", "lower", "upper", "hedge"),
    [
        ("13,000", XSD.integer, "13000", "12500", "13500", None),
        ("13,700", XSD.integer, "13700", "13650", "13750", None),
        ("775,000", XSD.nonNegativeInteger, "775000", "774500", "775500", None),
        ("24", XSD.integer, "24", "23.5", "24.5", None),
        ("54 %", XSD.decimal, "54.0", "53.5", "54.5", None),
        ("54%", XSD.decimal, "54.0", "53.5", "54.5", None),
        ("54 percent", XSD.decimal, "54.0", "53.5", "54.5", None),
        ("54 per cent", XSD.decimal, "54.0", "53.5", "54.5", None),
        ("45.1%", XSD.decimal, "45.1", "45.05", "45.15", None),
        ("45.0%", XSD.decimal, "45.0", "44.95", "45.05", None),
        ("54.2%", XSD.decimal, "54.2", "54.15", "54.25", None),
        ("2.5 million", XSD.integer, "2500000", "2450000", "2550000", None),
        ("3 thousand", XSD.integer, "3000", "2500", "3500", None),
        ("1.2 billion", XSD.integer, "1200000000", "1150000000", "1250000000", None),
        # 13,000 ± 500 ± 650
        ("some 13,000", XSD.integer, "13000", "11850", "14150", "some"),
        # 45 ± 0.5 ± 2.25
        ("about 45 percent", XSD.decimal, "45.0", "42.25", "47.75", "about"),
        ("about 45 %", XSD.decimal, "45.0", "42.25", "47.75", "about"),
        # 775,000 ± 500 ± 38,750
        ("approximately 775,000", XSD.integer, "775000", "735750", "814250", "approximately"),
        # 2,500,000 ± 50,000 ± 125,000
        ("roughly 2.5 million", XSD.integer, "2500000", "2325000", "2675000", "roughly"),
        # 99 ± 0.5 ± 4.95
        ("some 99 percent", XSD.decimal, "99.0", "93.55", "104.45", "some"),
        ("nearly 40", XSD.integer, "40", "33", "47", "nearly"),  # 40 ± 5 ± 2
        ("-4", XSD.decimal, "-4.0", "-4.5", "-3.5", None),
    ],
)
def test_parse_number_interval(text, datatype, lexical, lower, upper, hedge):
    stated = parse_number(text, datatype)
    assert str(stated.literal) == lexical
    assert stated.lower == D(lower)
    assert stated.upper == D(upper)
    assert stated.hedge == hedge
    assert stated.lexical == text


def test_literal_datatypes():
    assert parse_number("13,000", XSD.integer).literal.datatype == XSD.integer
    assert parse_number("13,000", XSD.nonNegativeInteger).literal.datatype == XSD.integer
    share = parse_number("45.1%", XSD.decimal).literal
    assert share == Literal("45.1", datatype=XSD.decimal)
    assert parse_number("  some 13,000 ", XSD.integer).lexical == "some 13,000"


def test_decimal_literal_survives_a_turtle_round_trip():
    graph = Graph()
    subject = URIRef("https://example.org/s")
    for n, value in enumerate(["54", "45.10", "2.5E+6", "-0", "0.05"]):
        graph.add((subject, URIRef(f"https://example.org/p{n}"), decimal_literal(D(value))))
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)
    assert str(decimal_literal(D("54"))) == "54.0"
    assert str(decimal_literal(D("45.10"))) == "45.1"
    assert str(decimal_literal(D("2.5E+6"))) == "2500000.0"
    assert str(decimal_literal(D("-0"))) == "0.0"


@pytest.mark.parametrize(
    "text", ["forty-five", "45.1.2", "", "   ", "%", "45,1", "1,00", "45 %%", "about", "12abc"]
)
def test_junk_numbers_are_rejected(text):
    with pytest.raises(ValueError, match="number"):
        parse_number(text, XSD.decimal)


@pytest.mark.parametrize(
    ("text", "datatype", "words"),
    [
        ("45.1", XSD.integer, "whole number"),
        ("2.5555 thousand", XSD.integer, "whole number"),
        ("45%", XSD.integer, "percentage"),
        ("-3", XSD.nonNegativeInteger, "negative"),
        ("more than 13,000", XSD.integer, "bound"),
        ("over 2.5 million", XSD.integer, "bound"),
        ("12", XSD.string, "numeric datatype"),
    ],
)
def test_wrong_kind_of_number_is_rejected(text, datatype, words):
    with pytest.raises(ValueError, match=words):
        parse_number(text, datatype)


@pytest.mark.parametrize(
    ("value", "datatype", "lower", "upper"),
    [
        ("2019-06-23", XSD.date, date(2019, 6, 23), date(2019, 6, 24)),
        ("2019-05", XSD.gYearMonth, date(2019, 5, 1), date(2019, 6, 1)),
        ("2019-12", XSD.gYearMonth, date(2019, 12, 1), date(2020, 1, 1)),
        ("2016", XSD.gYear, date(2016, 1, 1), date(2017, 1, 1)),
        ("2020-02-29", XSD.date, date(2020, 2, 29), date(2020, 3, 1)),
    ],
)
def test_parse_date(value, datatype, lower, upper):
    stated = parse_date(value)
    assert stated.literal == Literal(value, datatype=datatype)
    assert (stated.lower, stated.upper) == (lower, upper)
    assert stated.lexical == value
    assert stated.hedge is None


def test_parse_date_keeps_the_stated_words_and_context_flag():
    stated = parse_date("2019-05", stated="In May", year_from_context=True)
    assert stated.lexical == "In May"
    assert stated.year_from_context is True
    assert str(stated.literal) == "2019-05"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2019-13", "not a real date"),
        ("2019-02-30", "not a real date"),
        ("2019-00", "not a real date"),
        ("March 2019", "YYYY-MM-DD"),
        ("19-03", "YYYY-MM-DD"),
        ("2019/03/31", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_rejected(value, words):
    with pytest.raises(ValueError, match=words):
        parse_date(value)


@pytest.mark.parametrize(
    ("literal", "lower", "upper"),
    [
        (Literal(13000), D(12500), D(13500)),
        (Literal(13700), D(13650), D(13750)),
        # a bare canonical decimal claims one decimal place: that is why stated values exist
        (Literal("54.0", datatype=XSD.decimal), D("53.95"), D("54.05")),
        (Literal("2016", datatype=XSD.gYear), date(2016, 1, 1), date(2017, 1, 1)),
        (Literal("2019-03", datatype=XSD.gYearMonth), date(2019, 3, 1), date(2019, 4, 1)),
        (Literal("2019-03-31", datatype=XSD.date), date(2019, 3, 31), date(2019, 4, 1)),
    ],
)
def test_interval_of_a_bare_literal(literal, lower, upper):
    assert interval(literal) == (lower, upper)


def test_interval_of_a_string_is_an_error():
    with pytest.raises(ValueError, match="no interval"):
        interval(Literal("Istanbul"))


def _iv(text: str, datatype=XSD.decimal):
    stated = parse_number(text, datatype)
    return stated.lower, stated.upper


def _div(value: str):
    stated = parse_date(value)
    return stated.lower, stated.upper


def test_design_examples_of_agreement_and_disagreement():
    assert overlaps(_iv("54 %"), _iv("54.2 %"))
    assert not overlaps(_iv("45.1 %"), _iv("45.0 %"))  # they touch at 45.05, upper exclusive
    assert overlaps(_iv("some 13,000", XSD.integer), _iv("13,700", XSD.integer))
    assert not overlaps(_iv("13,000", XSD.integer), _iv("13,700", XSD.integer))
    assert overlaps(_iv("about 45 %"), _iv("45.1%"))
    assert overlaps(_iv("about 45 %"), _iv("45.0%"))
    assert not overlaps(_div("2019-05"), _div("2019-03"))  # "In May" vs a vote in March
    assert overlaps(_div("2019-03"), _div("2019-03-31"))
    assert not overlaps(_div("2019-03"), _div("2019-04-01"))
    assert overlaps(_div("2016"), _div("2016-07-15"))


def test_width_orders_by_precision():
    assert width(_div("2019-06-23")) == 1
    assert width(_div("2019-02")) == 28
    assert width(_div("2016")) == 366
    assert width(_iv("45.1%")) == D("0.1")
    assert width(_iv("some 13,000", XSD.integer)) == D(2300)
    assert width(_iv("54.2%")) < width(_iv("54%"))


# --- edge cases a mutation of kg/precision.py would slip past --------------------------------

D = Decimal


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a point (zero-width interval) is closed: it overlaps an interval holding it
        ((D(5), D(5)), (D(4), D(6)), True),
        ((D(5), D(5)), (D(5), D(6)), True),  # at the inclusive lower bound
        ((D(6), D(6)), (D(5), D(6)), False),  # at the exclusive upper bound
        ((D(4), D(6)), (D(6), D(6)), False),  # the same, the other way round
        ((D(4), D(6)), (D(4), D(4)), True),
        ((D(5), D(5)), (D(5), D(5)), True),  # two equal points
        ((D(5), D(5)), (D(6), D(6)), False),  # two different points
        ((D(3), D(3)), (D(4), D(6)), False),  # a point below
        # half-open intervals that touch do not overlap; nested ones do
        ((D(1), D(2)), (D(2), D(3)), False),
        ((D(2), D(3)), (D(1), D(2)), False),
        ((D(1), D(4)), (D(2), D(3)), True),
        ((D(2), D(3)), (D(1), D(4)), True),
    ],
)
def test_overlaps_with_points_and_touching_bounds(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_numbers_in_exponent_form_are_points():
    """A bare double written with an exponent has no digits to read a precision from."""
    lo, hi = interval(Literal("4.51E1", datatype=XSD.double, normalize=False))
    assert lo == hi == D("45.1")
    assert width((lo, hi)) == 0
    # rdflib writes a large double with an exponent: still a point, not an error
    lo, hi = interval(Literal("1E30", datatype=XSD.double))
    assert lo == hi == D("1E30")


@pytest.mark.parametrize(
    ("text", "datatype", "lexical", "lower", "upper"),
    [
        ("0", XSD.integer, "0", D("-0.5"), D("0.5")),
        ("0%", XSD.decimal, "0.0", D("-0.5"), D("0.5")),
        ("0.0%", XSD.decimal, "0.0", D("-0.05"), D("0.05")),
        # a hedge widens by 5 % of the value: nothing at 0
        ("about 0", XSD.integer, "0", D("-0.5"), D("0.5")),
        ("-0.5", XSD.decimal, "-0.5", D("-0.55"), D("-0.45")),
    ],
)
def test_zero_and_negative_values(text, datatype, lexical, lower, upper):
    stated = parse_number(text, datatype)
    assert str(stated.literal) == lexical
    assert (stated.lower, stated.upper) == (lower, upper)


def test_negative_zero_is_written_as_zero():
    assert str(decimal_literal(D("-0.0"))) == "0.0"
    assert str(decimal_literal(D("-0"))) == "0.0"


def test_width_of_dates_counts_days():
    assert width(_div("2019-06-23")) == 1
    assert width(_div("2019-02")) == 28
    assert width(_div("2020")) == 366


def test_the_unicode_minus_sign_is_a_minus():
    stated = parse_number("\u22120.5", XSD.decimal)
    assert str(stated.literal) == "-0.5"


def test_an_abbreviated_hedge_needs_no_space():
    stated = parse_number("c.13,000", XSD.integer)
    assert stated.hedge == "c."
    assert (stated.lower, stated.upper) == (D(11850), D(14150))


def test_zero_is_a_non_negative_integer():
    assert str(parse_number("0", XSD.nonNegativeInteger).literal) == "0"
    with pytest.raises(ValueError, match="is negative"):
        parse_number("-1", XSD.nonNegativeInteger)


def test_bounds_print_without_exponents():
    stated = parse_number("13,000", XSD.integer)
    assert (str(stated.lower), str(stated.upper)) == ("12500", "13500")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "expected a number written as text, got 5"),
        ("  ", 'the number is empty: write it as the source does, e.g. "45.1%" or "some 13,000"'),
    ],
)
def test_number_errors_say_what_is_wrong(value, message):
    with pytest.raises(ValueError) as err:
        parse_number(value, XSD.decimal)
    assert str(err.value) == message


def test_eighteen_digits_are_read_and_nineteen_refused():
    assert str(parse_number("1" * 18, XSD.integer).literal) == "1" * 18
    assert str(parse_number("123456789.123456789", XSD.decimal).literal) == "123456789.123456789"
    for text in ("1" * 19, "1234567890.123456789"):
        with pytest.raises(ValueError) as err:
            parse_number(text, XSD.decimal)
        assert str(err.value) == (
            "the number has more than 18 digits, more than polkg computes with exactly; check "
            "it (no count of votes or people is that large)"
        )


def test_dates_as_date_objects_and_as_other_things():
    stated = parse_date(date(2019, 6, 23))
    assert str(stated.literal) == "2019-06-23" and stated.year_from_context is False
    with pytest.raises(ValueError) as err:
        parse_date(2019)  # type: ignore[arg-type]
    assert str(err.value) == "expected a date written as text, got 2019"


def test_a_decimal_must_be_finite():
    with pytest.raises(ValueError) as err:
        decimal_literal(D("Infinity"))
    assert str(err.value) == "Infinity is not a finite decimal"
