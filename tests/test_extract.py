"""`polkg extract`: mentions, dates, figures, attachment, drafts, --check and the evaluation.

Every expected value here was worked out by hand from the text of the test (or from the
hand-written gold in tests/gold/), never by running the extractor.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import RDF

from kg.cli import main
from kg.extract.article import extract
from kg.extract.check import check
from kg.extract.dates import find_dates
from kg.extract.drafts import draft_claims
from kg.extract.eval import GOLD, evaluate
from kg.extract.graph import build_index
from kg.extract.mentions import MentionFinder, same_turkish_word
from kg.extract.numbers import find_numbers
from kg.loaders.entities import load_entities
from kg.namespaces import OA
from kg.paths import DATA, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "extract"


@pytest.fixture(scope="module")
def corpus_finder() -> MentionFinder:
    return MentionFinder(load_entities(DATA / "entities.yaml"))


def _dates(
    text: str, year: int | None = 2019, reference: date | None = None
) -> list[tuple[str, str, bool]]:
    return [
        (d.text, d.value, d.stated.year_from_context)
        for d in find_dates(text, year=year, reference=reference)
    ]


# ---------------------------------------------------------------- dates, one form at a time


def test_english_day_month_year() -> None:
    assert _dates("held on 23 June 2019 in") == [("23 June 2019", "2019-06-23", False)]


def test_english_month_day_with_and_without_year() -> None:
    assert _dates("on June 23, 2019.") == [("June 23, 2019", "2019-06-23", False)]
    assert _dates("Jan. 29, 2019 in Ankara") == [("Jan. 29, 2019", "2019-01-29", False)]
    assert _dates("a rerun on June 23.", year=2019) == [("June 23", "2019-06-23", True)]


def test_day_month_without_year_takes_the_context_year() -> None:
    assert _dates("scheduled for 23 June.", year=2019) == [("23 June", "2019-06-23", True)]
    assert _dates("scheduled for 23 June.", year=None) == []


def test_month_alone_and_month_year() -> None:
    assert _dates("In May, he won", year=2019) == [("May", "2019-05", True)]
    assert _dates("after the May election", year=2019) == [("May", "2019-05", True)]
    assert _dates("you may go now") == []
    assert _dates("the March 2019 local elections") == [("March 2019", "2019-03", False)]


def test_years_and_a_span_of_years() -> None:
    assert _dates("In 2016, there was a coup") == [("2016", "2016", False)]
    assert _dates("mayor between 1994-1998.") == [("1994", "1994", False), ("1998", "1998", False)]


def test_weekday_resolved_from_the_article_date() -> None:
    wednesday = date(2019, 6, 26)
    assert _dates("he spoke on Monday.", reference=wednesday) == [("on Monday", "2019-06-24", True)]
    # the same weekday as the article's date is that very day
    assert _dates("results on Wednesday", reference=wednesday) == [
        ("on Wednesday", "2019-06-26", True)
    ]
    assert _dates("ballots counted Sunday night", reference=wednesday) == [
        ("Sunday night", "2019-06-23", True)
    ]
    assert _dates("he spoke on Monday.", reference=None) == []


def test_today_and_yesterday_in_three_languages() -> None:
    day = date(2019, 6, 23)
    assert _dates("won once again today.", reference=day) == [("today", "2019-06-23", True)]
    assert _dates("Milli irade bugün tecelli", reference=day) == [("bugün", "2019-06-23", True)]
    assert _dates("сказал вчера", reference=day) == [("вчера", "2019-06-22", True)]


def test_turkish_dates() -> None:
    assert _dates("seçim 23 Haziran 2019'da yapıldı") == [("23 Haziran 2019", "2019-06-23", False)]
    assert _dates("31 Mart 2019 yerel seçimleri") == [("31 Mart 2019", "2019-03-31", False)]
    assert _dates("Mayıs 2019 kararı") == [("Mayıs 2019", "2019-05", False)]


def test_russian_dates() -> None:
    assert _dates("(@RTErdogan) 23 июня 2019 г.") == [("23 июня 2019 г.", "2019-06-23", False)]
    assert _dates("выборы 31 марта 2019 года") == [("31 марта 2019 года", "2019-03-31", False)]


def test_date_intervals_are_the_stated_precision() -> None:
    (month,) = find_dates("In May, he won", year=2019, reference=None)
    assert (month.stated.lower, month.stated.upper) == (date(2019, 5, 1), date(2019, 6, 1))


# ---------------------------------------------------------------- figures and hedges


def _figures(text: str) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(n.text, n.property, n.value, n.stated.hedge, n.bound) for n in find_numbers(text)]


def test_percentages_and_their_kinds() -> None:
    assert _figures("won 45.1% of the vote") == [("45.1%", "voteShare", "45.1", None, None)]
    assert _figures("with 54 percent of votes") == [("54 percent", "voteShare", "54.0", None, None)]
    assert _figures("with some 99 percent of ballots counted") == [
        ("some 99 percent", "ballotsCounted", "99.0", "some", None)
    ]
    assert _figures("saw a 4% decrease in his share") == [
        ("4%", "voteShareChange", "-4.0", None, None)
    ]
    assert _figures("Turnout was 68.18 percent") == [
        ("68.18 percent", "turnout", "68.18", None, None)
    ]


def test_hedges_widen_the_interval_by_five_percent() -> None:
    (about,) = find_numbers("received about 45 percent")
    assert about.stated.hedge == "about"
    # 45 ± 0.5, then ± 5 % of 45 (2.25)
    assert (about.lower, about.upper) == (Decimal("42.25"), Decimal("47.75"))
    (some,) = find_numbers("a margin of some 13,000 votes")
    assert some.property == "margin"
    assert (some.lower, some.upper) == (Decimal("11850"), Decimal("14150"))
    (nearly,) = find_numbers("received nearly 13.5 million votes")
    assert (nearly.property, nearly.value, nearly.stated.hedge) == ("votes", "13500000", "nearly")


def test_a_bound_is_open_on_one_side() -> None:
    (more,) = find_numbers("a margin of more than 9.6 million votes")
    assert (more.bound, more.property) == ("more than", "margin")
    assert more.lower == Decimal("9550000")
    assert more.upper == Decimal("Infinity")


def test_vote_margins_district_counts_and_other_numbers() -> None:
    assert _figures("his initial 13,700-vote margin") == [("13,700", "margin", "13700", None, None)]
    assert [f[:3] for f in _figures("controls 24 of Istanbul’s 39 districts")] == [
        ("24", "districtsControlled", "24"),
        ("39", "districtsTotal", "39"),
    ]
    assert _figures("multiplied it 57-fold, [11] said") == []


# ---------------------------------------------------------------- mentions


def _mentions(finder: MentionFinder, text: str) -> list[tuple[str, str | None]]:
    linked, _ = finder.find(text)
    return [(m.text, m.entity) for m in linked]


def test_possessives_leave_the_name(corpus_finder: MentionFinder) -> None:
    text = "Erdogan's party backed Binali Yildirim’s campaign."
    linked, _ = corpus_finder.find(text)
    assert [(m.text, m.entity, text[m.start : m.end]) for m in linked] == [
        ("Erdogan", "person/recep-tayyip-erdogan", "Erdogan"),
        ("Binali Yildirim", "person/binali-yildirim", "Binali Yildirim"),
    ]


def test_turkish_case_suffixes(corpus_finder: MentionFinder) -> None:
    assert _mentions(corpus_finder, "seçimi kazanan Ekrem İmamoğlu'nu tebrik ediyorum") == [
        ("Ekrem İmamoğlu", "person/ekrem-imamoglu")
    ]
    assert _mentions(corpus_finder, "İstanbul'umuz için") == [("İstanbul", "place/istanbul")]
    assert _mentions(corpus_finder, "İstanbul Büyükşehir Belediye Başkanlığı seçimi") == [
        ("İstanbul Büyükşehir Belediye Başkanlığı", "office/mayor-of-istanbul")
    ]
    assert same_turkish_word("baskanligi", "baskani")
    assert not same_turkish_word("baskan", "basbakan")


def test_titles_and_misspellings(corpus_finder: MentionFinder) -> None:
    assert _mentions(corpus_finder, "Mr President Erdoğan met Yilderim.") == [
        ("Erdoğan", "person/recep-tayyip-erdogan"),
        ("Yilderim", "person/binali-yildirim"),
    ]
    # a misspelt name goes to the resolver, which also reads titles: the span stays the name
    assert _mentions(corpus_finder, "Later, Mr Yilderim spoke.") == [
        ("Yilderim", "person/binali-yildirim"),
    ]


def test_offsets_are_code_points_end_exclusive(corpus_finder: MentionFinder) -> None:
    text = "Çok güzel: İmamoğlu kazandı."
    linked, _ = corpus_finder.find(text)
    assert [(m.start, m.end) for m in linked] == [(11, 19)]
    assert text[11:19] == "İmamoğlu"


def test_unknown_names_are_new_entity_candidates(corpus_finder: MentionFinder) -> None:
    linked, candidates = corpus_finder.find("On Monday, Erdogan met Jane Doakes in Ankara.")
    assert [m.text for m in linked] == ["Erdogan", "Ankara"]
    assert [(c.text, c.kind, c.entity) for c in candidates] == [("Jane Doakes", "person", None)]


def test_adjectives_and_month_names_are_not_candidates(corpus_finder: MentionFinder) -> None:
    text = "They sought Kurdish support, a broadcaster wrote 19 Ekim 2020, and Ruth Hale agreed."
    extraction = extract(text, corpus_finder, year=2020)
    assert [c.text for c in extraction.candidates] == ["Ruth Hale"]


def test_mentions_as_web_annotations(tmp_path: Path) -> None:
    out = tmp_path / "mentions.ttl"
    code = main([
        "extract", str(FIXTURES / "article.txt"), "--data", str(FIXTURES / "data"),
        "--source", "freedonia-2", "--annotations", str(out),
    ])  # fmt: skip
    assert code == 0
    graph = Graph().parse(out)
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    annotations = list(graph.subjects(RDF.type, OA.Annotation))
    assert len(annotations) == 3  # Alice Example, Bob Sample, Alice Example
    for annotation in annotations:
        target = graph.value(annotation, OA.hasTarget)
        selectors = list(graph.objects(target, OA.hasSelector))
        exact = next(graph.value(s, OA.exact) for s in selectors if graph.value(s, OA.exact))
        start = next(
            graph.value(s, OA.start) for s in selectors if graph.value(s, OA.start) is not None
        )
        end = next(graph.value(s, OA.end) for s in selectors if graph.value(s, OA.end) is not None)
        assert text[int(start) : int(end)] == str(exact)
        assert str(graph.value(target, OA.hasSource)).endswith("/source/freedonia-2")


# ---------------------------------------------------------------- attachment


def _attached(finder: MentionFinder, text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.about) for f in extract(text, finder, year=2019).facts if not f.is_date]


def test_a_possessive_figure_belongs_to_its_owner(corpus_finder: MentionFinder) -> None:
    text = "Binali Yilderim won 45.1% of the vote to Ekrem Imamoglu's 54%."
    assert _attached(corpus_finder, text) == [
        ("45.1%", "person/binali-yildirim"),
        ("54%", "person/ekrem-imamoglu"),
    ]


def test_a_figure_belongs_to_the_nearest_person_before_it(corpus_finder: MentionFinder) -> None:
    text = (
        "Imamoglu is ahead with 54 percent, while Erdogan’s candidate Binali Yildirim received "
        "about 45 percent."
    )
    assert _attached(corpus_finder, text) == [
        ("54 percent", "person/ekrem-imamoglu"),
        ("about 45 percent", "person/binali-yildirim"),
    ]


def test_a_figure_with_nobody_before_it_looks_after(corpus_finder: MentionFinder) -> None:
    assert _attached(corpus_finder, "With 54.2% of the vote, İmamoğlu won.") == [
        ("54.2%", "person/ekrem-imamoglu")
    ]


def test_attachment_stays_in_its_sentence(corpus_finder: MentionFinder) -> None:
    assert _attached(corpus_finder, "Imamoglu spoke. The turnout reached 84 percent.") == [
        ("84 percent", None)
    ]


# ---------------------------------------------------------------- check against the graph


def test_check_reports_exactly_one_agreeing_one_contradicting_one_new() -> None:
    from kg.build import assemble, load_inputs
    from kg.extract.run import load_knowledge

    knowledge = load_knowledge([FIXTURES / "data"], graph=False)
    ds, _, _ = assemble(load_inputs([FIXTURES / "data"], []))
    index = build_index(ds)
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    verdicts = check(extract(text, MentionFinder(knowledge.entities)), index)
    assert [(v.fact.text, v.verdict, v.node, v.graph_value) for v in verdicts] == [
        ("54.21%", "holds", "candidacy/2030-alice-example", "54.2"),
        ("45.1%", "contradicts", "candidacy/2030-bob-sample", "44.99"),
        ("1,234,567", "new", None, None),
    ]
    contradiction = verdicts[1]
    assert [(v.lexical, v.source) for v in contradiction.values] == [("44.99%", "freedonia")]
    assert "Bob Sample received 44.99%." in contradiction.values[0].quote


def test_check_cli_json_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["extract", str(FIXTURES / "article.txt"), "--data", str(FIXTURES / "data"), "--check"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["verdict"] for d in data] == ["holds", "contradicts", "new"]
    assert data[1]["graph_values"][0]["stated"] == "44.99%"
    assert data[1]["fact"]["sentence"] == "Bob Sample received 45.1% of it."
    assert main([*args, "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "| contradicts | 45.1% | voteShare |" in out


# ---------------------------------------------------------------- drafts


def _data_copy(tmp_path: Path, article: Path, stem: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    shutil.copy(article, data / "sources" / f"{stem}.txt")
    (data / "sources" / f"{stem}.yaml").write_text(
        "label: test\nlabel_is_title: false\nkind: news article\nlanguage: en\n", encoding="utf-8"
    )
    return data


def test_an_article_with_no_known_entity_gives_an_empty_valid_draft(tmp_path: Path) -> None:
    from kg.build import assemble, load_inputs

    data = _data_copy(tmp_path, FIXTURES / "nobody.txt", "nobody")
    draft = data / "claims" / "nobody.yaml"
    code = main(
        ["extract", str(data / "sources" / "nobody.txt"), "--data", str(data), "-o", str(draft)]
    )
    assert code == 0
    assert yaml.safe_load(draft.read_text(encoding="utf-8")) == {"source": "nobody", "claims": []}
    assemble(load_inputs([data], []))  # loads: raises UserError if the draft were invalid


def test_a_draft_uses_existing_node_ids_and_loads(tmp_path: Path) -> None:
    from kg.build import assemble, load_inputs

    data = _data_copy(tmp_path, FIXTURES / "article.txt", "second")
    draft = data / "claims" / "second.yaml"
    code = main(
        ["extract", str(data / "sources" / "second.txt"), "--data", str(data), "-o", str(draft)]
    )
    assert code == 0
    text = draft.read_text(encoding="utf-8")
    claims = yaml.safe_load(text)["claims"]
    # one claim per sentence, each quoting its sentence
    assert [(c["quote"], c["about"]) for c in claims] == [
        (
            "Alice Example won 54.21% of the vote.",
            {"candidacy/2030-alice-example": {"voteShare": "54.21%"}},
        ),
        ("Bob Sample received 45.1% of it.", {"candidacy/2030-bob-sample": {"voteShare": "45.1%"}}),
        (
            "Alice Example received 1,234,567 votes.",
            {"candidacy/2030-alice-example": {"votes": "1,234,567"}},
        ),
    ]
    assert "# confidence" in text
    assemble(load_inputs([data], []))


def test_a_draft_for_a_new_election_gives_new_nodes_their_type_and_label(tmp_path: Path) -> None:
    from kg.build import assemble, load_inputs

    article = tmp_path / "new.txt"
    article.write_text(
        "On 3 May 2031, Bob Sample won the election in Freedonia with 61.5% of the vote.\n",
        encoding="utf-8",
    )
    data = _data_copy(tmp_path, article, "third")
    draft = data / "claims" / "third.yaml"
    assert (
        main(
            ["extract", str(data / "sources" / "third.txt"), "--data", str(data), "-o", str(draft)]
        )
        == 0
    )
    (claim,) = yaml.safe_load(draft.read_text(encoding="utf-8"))["claims"]
    election = claim["about"]["election/2031-05-03-freedonia"]
    assert election["type"] == "Election"
    assert election["date"] == {"value": "2031-05-03", "stated": "3 May 2031"}
    assert election["jurisdiction"] == "place/freedonia"
    candidacy = claim["about"]["candidacy/2031-05-03-freedonia-bob-sample"]
    assert (candidacy["candidate"], candidacy["voteShare"]) == ("person/bob-sample", "61.5%")
    assemble(load_inputs([data], []))


def test_draft_of_a_corpus_article_reproduces_its_curated_figures(
    corpus_finder: MentionFinder,
) -> None:
    from kg.build import assemble, load_inputs

    ds, _, _ = assemble(load_inputs([DATA], []))
    index = build_index(ds)
    text = (DATA / "sources" / "002_1ac648e0bb9f5e1e.txt").read_text(encoding="utf-8")
    draft = draft_claims(extract(text, corpus_finder, year=2019), "002_1ac648e0bb9f5e1e", index, {})
    about: dict[str, dict[str, object]] = {}
    for claim in yaml.safe_load(draft)["claims"]:
        for node, desc in claim["about"].items():
            about.setdefault(node, {}).update(desc)
    # data/claims/002_1ac648e0bb9f5e1e.yaml, claim rerun-result and the claim after it
    assert about["candidacy/2019-06-23-istanbul-mayor-ekrem-imamoglu"]["voteShare"] == "54.2%"
    assert about["candidacy/2019-06-23-istanbul-mayor-binali-yildirim"]["voteShare"] == "45.0%"
    assert about["election/2019-03-istanbul-mayor"]["margin"] == "13,700"


# ---------------------------------------------------------------- command line and input errors


def test_a_missing_article_is_one_sentence_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "no-such-article.txt"]) == 2
    err = capsys.readouterr().err
    assert "no-such-article.txt" in err and "Traceback" not in err


def test_a_bad_published_date_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("previous\n", encoding="utf-8")
    code = main(["extract", str(FIXTURES / "article.txt"), "--data", str(FIXTURES / "data"),
                 "--published", "May 2030", "-o", str(out)])  # fmt: skip
    assert code == 2
    assert "--published" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_report_json_lists_mentions_and_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "extract",
            str(FIXTURES / "article.txt"),
            "--data",
            str(FIXTURES / "data"),
            "--format",
            "json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["entity"] for m in data["mentions"]] == [
        "person/alice-example", "person/bob-sample", "person/alice-example",
    ]  # fmt: skip
    assert [(f["text"], f["property"]) for f in data["facts"]] == [
        ("54.21%", "voteShare"), ("45.1%", "voteShare"), ("1,234,567", "votes"),
    ]  # fmt: skip


# ---------------------------------------------------------------- evaluation targets


def test_corpus_evaluation_meets_its_targets() -> None:
    """`make eval`'s targets on the three corpus articles (tests/gold/README.md)."""
    scores = evaluate(sorted(GOLD.glob("0*.yaml")))["corpus"]
    for measure in ("mentions", "links"):
        counts = getattr(scores, measure)
        assert counts.precision >= 0.95 and counts.recall >= 0.95, (measure, scores.misses)
    assert scores.facts.precision >= 0.9 and scores.facts.recall >= 0.9, scores.misses
    assert scores.facts.gold == 42 and scores.links.gold == 142  # every gold item was read
