"""Slugs and IRIs: deterministic, ASCII, Turkish letters folded (DESIGN.md, Identifiers)."""

from __future__ import annotations

import re

import pytest

from kg.ids import NODE_ID, entity_iri, fold, node_iri, slug, source_graph_iri


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ekrem İmamoğlu", "ekrem-imamoglu"),
        ("Binali Yıldırım", "binali-yildirim"),
        ("BİNALİ YILDIRIM", "binali-yildirim"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Mehmet Özhaseki", "mehmet-ozhaseki"),
        ("Adalet ve Kalkınma Partisi", "adalet-ve-kalkinma-partisi"),
        ("Abdülkadir Aksu", "abdulkadir-aksu"),
        ("Sadık Yakut", "sadik-yakut"),
        ("Faruk Çelik", "faruk-celik"),
        ("Bülent Arınç", "bulent-arinc"),
        ("Kılıçdaroğlu, Kemal", "kilicdaroglu-kemal"),
        ("000_2dfa2c9048c922ba", "000-2dfa2c9048c922ba"),
    ],
)
def test_slug_folds_turkish_letters_to_ascii(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_plain_lower_would_get_dotted_capital_i_wrong() -> None:
    # The reason fold() exists: str.lower() turns İ into "i" plus a combining dot.
    assert "İ".lower() != "i"
    assert fold("İstanbul") == "istanbul"
    assert fold("ISTANBUL") == fold("istanbul") == fold("İSTANBUL")


def test_fold_joins_punctuation_and_spaces() -> None:
    assert fold("  Ekrem   İmamoğlu's ") == "ekrem imamoglu s"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Владимир Путин", "vladimir-putin"),
        ("Λεχ Βαλέσα", "lech-valesa"),
        ("Αλέξης Τσίπρας", "alexis-tsipras"),
        ("محمد مرسي", "mhmd-mrsy"),
        ("习近平", "xi-jin-ping"),
        ("Lech Wałęsa", "lech-walesa"),
        ("Æbelø Ørsted", "aebelo-orsted"),
        ("Straße der Einheit", "strasse-der-einheit"),
        ("Михаил Горбачёв", "mikhail-gorbachev"),
        ("Ильич", "ilich"),  # anyascii writes ь as an apostrophe: dropped, not a hyphen
    ],
)
def test_slug_transliterates_other_scripts(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_fold_transliterates_so_spellings_in_two_scripts_compare_equal() -> None:
    assert fold("Владимир Путин") == fold("Vladimir Putin") == "vladimir putin"
    assert fold("Lech Wałęsa") == fold("Lech Walesa")


@pytest.mark.parametrize("name", ["🎉", " — ", "🇹🇷 !!", "", "…"])
def test_a_name_with_nothing_to_transliterate_gets_a_stable_hash_slug(name: str) -> None:
    result = slug(name)
    assert re.fullmatch(r"x-[0-9a-f]{12}", result)
    assert slug(name) == result  # stable
    assert NODE_ID.match(f"person/{result}")  # usable as a node id


def test_hash_slugs_differ_for_different_texts() -> None:
    assert len({slug(s) for s in ("🎉", "🎈", "—", "–", "")}) == 5


def test_iris_follow_the_fixed_patterns() -> None:
    assert (
        str(entity_iri("person", "Ekrem İmamoğlu"))
        == "https://w3id.org/polkg/id/person/ekrem-imamoglu"
    )
    assert (
        str(node_iri("election/2019-06-23-istanbul-mayor"))
        == "https://w3id.org/polkg/id/election/2019-06-23-istanbul-mayor"
    )
    assert str(source_graph_iri("000-2dfa2c9048c922ba")) == (
        "https://w3id.org/polkg/graph/source/000-2dfa2c9048c922ba"
    )


@pytest.mark.parametrize(
    "bad", ["Person/ekrem", "person", "person/Ekrem", "person/ekrem imamoglu", "/x"]
)
def test_node_iri_rejects_malformed_ids(bad: str) -> None:
    with pytest.raises(ValueError, match="not a node id"):
        node_iri(bad)
