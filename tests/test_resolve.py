"""Name resolution: every spelling of the corpus lands on the right entity, different people
with similar names stay apart, and ambiguous or unknown names stop with a usable message."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kg.errors import UserError
from kg.loaders.entities import load_entities
from kg.namespaces import POL
from kg.resolve import Resolution, Resolver, report_csv, report_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "entities"


def resolver(name: str = "corpus.yaml") -> Resolver:
    return Resolver(load_entities(FIXTURES / name))


# Every spelling the three seed articles use for these entities (checked by reading them),
# the entity it must land on, and how it should be found given tests/fixtures/entities/corpus.yaml.
CORPUS_SPELLINGS = [
    ("Erdogan", "person/recep-tayyip-erdogan", "alt-label"),
    ("Erdoğan", "person/recep-tayyip-erdogan", "alt-label"),
    ("Recep Tayyip Erdogan", "person/recep-tayyip-erdogan", "alt-label"),
    ("Recep Tayyip Erdoğan", "person/recep-tayyip-erdogan", "label"),
    ("Imamoglu", "person/ekrem-imamoglu", "alt-label"),
    ("İmamoğlu", "person/ekrem-imamoglu", "alt-label"),
    ("Ekrem Imamoglu", "person/ekrem-imamoglu", "alt-label"),
    ("Ekrem İmamoğlu", "person/ekrem-imamoglu", "label"),
    ("Dilek İmamoğlu", "person/dilek-imamoglu", "label"),
    ("Binali Yilderim", "person/binali-yildirim", "fuzzy"),
    ("Yilderim", "person/binali-yildirim", "fuzzy"),
    ("Binali Yildirim", "person/binali-yildirim", "folded"),
    ("Binali Yıldırım", "person/binali-yildirim", "label"),
    ("Yildirim", "person/binali-yildirim", "fuzzy"),
    ("Yıldırım", "person/binali-yildirim", "fuzzy"),
    ("Davutoğlu", "person/ahmet-davutoglu", "fuzzy"),
    ("Mehmet Özhaseki", "person/mehmet-ozhaseki", "label"),
    ("Gulen", "person/fethullah-gulen", "fuzzy"),
    ("AKP", "party/akp", "alt-label"),
    ("AK Party", "party/akp", "alt-label"),
    ("Justice and Development Party", "party/akp", "alt-label"),
    ("CHP", "party/chp", "alt-label"),
    ("Republican People's Party", "party/chp", "alt-label"),
    ("Supreme Electoral Council", "organization/supreme-electoral-council", "label"),
    ("YSK", "organization/supreme-electoral-council", "alt-label"),
    ("Istanbul", "place/istanbul", "label"),
    ("person/binali-yildirim", "person/binali-yildirim", "id"),
]


@pytest.mark.parametrize(("mention", "entity_id", "method"), CORPUS_SPELLINGS)
def test_corpus_spelling_lands_on_its_entity(mention: str, entity_id: str, method: str) -> None:
    r = resolver()
    assert r.resolve(mention, source="000", where="claims/000.yaml:7").id == entity_id
    (resolution,) = r.resolutions
    assert resolution == Resolution(
        mention, "000", entity_id, method, resolution.score, "claims/000.yaml:7"
    )


def test_misspellings_are_not_in_the_alias_table() -> None:
    """The fuzzy cases above prove something only if the table lacks the misspelling."""
    names = {n for e in load_entities(FIXTURES / "corpus.yaml") for n in e.names}
    assert not {"Yilderim", "Binali Yilderim", "Yildirim", "Gulen"} & names


def test_fuzzy_scores_reflect_the_typo() -> None:
    r = resolver()
    r.resolve("Yilderim", source="000", where="a:1")
    r.resolve("Binali Yilderim", source="000", where="a:2")
    r.resolve("Yıldırım", source="002", where="a:3")
    # one substitution in 8 letters: similarity 7/8; with "Binali" exact, the mean (1 + 7/8) / 2
    assert [x.score for x in r.resolutions] == [0.875, 0.9375, 1.0]


@pytest.mark.parametrize("fixture", ["corpus.yaml", "imamoglu-no-alias.yaml"])
@pytest.mark.parametrize(
    "mention", ["Dilek İmamoğlu", "Dilek Imamoglu", "DILEK IMAMOGLU", "Dilek Imamoglou"]
)
def test_dilek_never_resolves_to_ekrem(fixture: str, mention: str) -> None:
    assert resolver(fixture).resolve(mention, source="s", where="a:1").id == (
        "person/dilek-imamoglu"
    )


@pytest.mark.parametrize("mention", ["Ekrem İmamoğlu", "Ekrem Imamoglu", "Ekrem"])
def test_ekrem_absent_does_not_fall_on_dilek(mention: str) -> None:
    with pytest.raises(UserError, match="matches no entity"):
        resolver("only-dilek.yaml").resolve(mention, source="s", where="a:1")


def test_first_names_are_not_fuzzily_swapped() -> None:
    r = resolver()
    for mention in ("Mehmet Davutoğlu", "Ahmet Özhaseki", "Dilak Imamoglu"):
        with pytest.raises(UserError, match="matches no entity"):
            r.resolve(mention, source="s", where="a:1")
    assert r.resolutions == []


def test_a_first_name_one_letter_off_is_another_person() -> None:
    """Hakan is not Hasan (one letter apart, similarity 0.8): given names match exactly."""
    with pytest.raises(UserError, match="matches no entity"):
        resolver("near-names.yaml").resolve("Hakan Yıldırım", source="s", where="a:1")


def test_organisation_names_are_not_matched_in_part() -> None:
    r = resolver()
    for mention in ("Justice", "Development Party", "Electoral Council"):
        with pytest.raises(UserError, match="matches no entity"):
            r.resolve(mention, source="s", where="a:1")
    # a one-letter slip in a whole name is still found
    assert r.resolve("Supreme Electoral Councel", source="s", where="a:2").id == (
        "organization/supreme-electoral-council"
    )


def test_a_given_name_alone_does_not_resolve() -> None:
    with pytest.raises(UserError, match=r"'Binali'.*closest: Binali Yıldırım"):
        resolver().resolve("Binali", source="s", where="a:1")


def test_surname_shared_by_two_people_is_ambiguous() -> None:
    r = resolver("imamoglu-no-alias.yaml")
    with pytest.raises(UserError) as info:
        r.resolve("İmamoğlu", source="002-1ac648e0bb9f5e1e", where="claims/002.yaml:14")
    message = str(info.value)
    assert message.startswith("claims/002.yaml:14: ")
    assert (info.value.file, info.value.line) == ("claims/002.yaml", 14)
    assert "'İmamoğlu' (source 002-1ac648e0bb9f5e1e) is ambiguous" in message
    assert "Dilek İmamoğlu (person/dilek-imamoglu)" in message
    assert "Ekrem İmamoğlu (person/ekrem-imamoglu)" in message
    assert "write the full name, or add the spelling as an alt_label of the intended entity" in (
        message
    )
    assert "imamoglu-no-alias.yaml" in message
    assert r.resolutions == []


def test_misspelt_shared_surname_is_ambiguous_and_margin_decides_otherwise() -> None:
    r = resolver("near-names.yaml")
    # Binali and Hasan Yıldırım are both one letter from "Yilderim": no margin, so no guess
    with pytest.raises(UserError, match=r"ambiguous.*Binali Yıldırım.*Hasan Yıldırım"):
        r.resolve("Yilderim", source="s", where="a:1")
    # the given name decides
    assert r.resolve("Binali Yilderim", source="s", where="a:2").id == "person/binali-yildirim"
    assert r.resolve("Hasan Yildirim", source="s", where="a:3").id == "person/hasan-yildirim"
    # exactly Kemal's surname (1.0) beats the two Yıldırıms (7/8) by more than the margin
    assert r.resolve("Yildirin", source="s", where="a:4").id == "person/kemal-yildirin"


def test_unknown_name_names_where_closest_and_fix() -> None:
    with pytest.raises(UserError) as info:
        resolver().resolve("Dilak Imamoglu", source="000", where="claims/000.yaml:30")
    message = str(info.value)
    assert message.startswith("claims/000.yaml:30: the name 'Dilak Imamoglu' (source 000) ")
    assert "matches no entity (closest: Dilek İmamoğlu (person/dilek-imamoglu)" in message
    assert "add it to" in message and "corpus.yaml" in message


def test_unknown_name_with_nothing_close() -> None:
    with pytest.raises(UserError, match=r"'Zbigniew Brzezinski' .*\(closest: none\)"):
        resolver().resolve("Zbigniew Brzezinski", source="s", where="a:1")


def test_types_restrict_candidates_through_subclasses() -> None:
    r = resolver()
    # PoliticalParty ⊑ Organization
    assert r.resolve("AKP", source="s", where="a:1", types=[POL.Organization]).id == "party/akp"
    # City ⊑ Place
    assert r.resolve("Istanbul", source="s", where="a:2", types=[POL.Place]).id == "place/istanbul"
    either = [POL.Person, POL.Organization]
    assert r.resolve("Erdogan", source="s", where="a:3", types=either).id == (
        "person/recep-tayyip-erdogan"
    )
    with pytest.raises(
        UserError,
        match=r"names Adalet ve Kalkınma Partisi \(party/akp\), "
        r"a pol:PoliticalParty, but a pol:Person is needed",
    ):
        r.resolve("AKP", source="s", where="a:4", types=[POL.Person])
    with pytest.raises(UserError, match="pol:Person is needed"):
        r.resolve("party/chp", source="s", where="a:5", types=[POL.Person])


def test_candidates_respect_types() -> None:
    r = resolver("imamoglu-no-alias.yaml")
    assert r.candidates("İmamoğlu", types=[POL.Organization]) == []
    assert [e.id for e, _ in r.candidates("İmamoğlu", types=[POL.Person])] == [
        "person/dilek-imamoglu",
        "person/ekrem-imamoglu",
    ]


def test_candidates_never_raise() -> None:
    r = resolver("imamoglu-no-alias.yaml")
    assert [(e.id, s) for e, s in r.candidates("Imamoglu")] == [
        ("person/dilek-imamoglu", 1.0),
        ("person/ekrem-imamoglu", 1.0),
    ]
    assert r.candidates("Nobody Atall") == []
    assert r.candidates("") == []
    assert r.resolutions == []


def test_resolutions_are_recorded_in_call_order() -> None:
    r = resolver()
    r.resolve("Yilderim", source="000", where="c/000.yaml:9")
    r.resolve("AKP", source="001", where="c/001.yaml:3")
    assert [(x.mention, x.source, x.entity_id, x.method) for x in r.resolutions] == [
        ("Yilderim", "000", "person/binali-yildirim", "fuzzy"),
        ("AKP", "001", "party/akp", "alt-label"),
    ]
    r.resolutions.clear()  # a copy: the resolver's record is untouched
    assert len(r.resolutions) == 2


def _resolve_sample() -> list[Resolution]:
    r = resolver()
    r.resolve("Yilderim", source="000", where="c/000.yaml:12")
    r.resolve("Yildirim", source="001", where="c/001.yaml:4")
    r.resolve("Yilderim", source="000", where="c/000.yaml:9")
    r.resolve("Ekrem Imamoglu", source="000", where="c/000.yaml:10")
    r.resolve("İmamoğlu", source="002", where="c/002.yaml:2")
    return r.resolutions


def test_report_markdown_lists_every_spelling_with_source_and_entity() -> None:
    text = report_markdown(_resolve_sample())
    assert "5 mentions, 4 distinct spellings, 2 entities." in text
    # one row per spelling and source; the two places of "Yilderim" in 000 on one row, in line order
    assert (
        "| person/binali-yildirim | Yilderim | 000 | fuzzy | 0.875 | c/000.yaml:9, c/000.yaml:12 |"
        in text
    )
    assert "| person/binali-yildirim | Yildirim | 001 | fuzzy | 1.000 | c/001.yaml:4 |" in text
    assert (
        "| person/ekrem-imamoglu | Ekrem Imamoglu | 000 | alt-label | 1.000 | c/000.yaml:10 |"
        in text
    )
    assert "| person/ekrem-imamoglu | İmamoğlu | 002 | alt-label | 1.000 | c/002.yaml:2 |" in text
    fuzzy_section = text.split("## Spellings not in the entities file")[1]
    assert "| Yilderim | person/binali-yildirim | 0.875 | 000 |" in fuzzy_section
    assert "Imamoglu" not in fuzzy_section


def test_report_csv_one_row_per_resolution_sorted() -> None:
    rows = list(csv.reader(io.StringIO(report_csv(_resolve_sample()))))
    assert rows == [
        ["entity_id", "mention", "source", "method", "score", "where", "evidence"],
        ["person/binali-yildirim", "Yilderim", "000", "fuzzy", "0.875", "c/000.yaml:9", ""],
        ["person/binali-yildirim", "Yilderim", "000", "fuzzy", "0.875", "c/000.yaml:12", ""],
        ["person/binali-yildirim", "Yildirim", "001", "fuzzy", "1.000", "c/001.yaml:4", ""],
        [
            "person/ekrem-imamoglu",
            "Ekrem Imamoglu",
            "000",
            "alt-label",
            "1.000",
            "c/000.yaml:10",
            "",
        ],
        ["person/ekrem-imamoglu", "İmamoğlu", "002", "alt-label", "1.000", "c/002.yaml:2", ""],
    ]


def test_reports_do_not_depend_on_call_order() -> None:
    sample = _resolve_sample()
    assert report_markdown(sample) == report_markdown(list(reversed(sample)))
    assert report_csv(sample) == report_csv(list(reversed(sample)))
