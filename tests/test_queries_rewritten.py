"""Library queries rewritten for speed give the answers of their plain forms.

A rewrite (type checks as FILTER EXISTS, sort keys computed in the query, a join key Oxigraph
can see…) must not change a row. Each rewritten query runs beside its plain form
(tests/fixtures/query/reference/, the query before the rewrite) on the bundled corpus and on
a small generated corpus (many sources, shared names, disagreements), on both stores, with
no parameter, with its header's examples and with parameters taken from the answer. The rows
must be the same, and in the same order on the columns the query orders by (rows equal on
those columns may come in any order: SPARQL leaves ties open).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Dataset
from rdflib.term import Node

from kg.query import Result, list_queries, run

pytestmark = pytest.mark.slow

REFERENCE = Path(__file__).parent / "fixtures" / "query" / "reference"

# rewritten query -> the columns of its ORDER BY, in order
REWRITTEN: dict[str, tuple[str, ...]] = {
    "disagreements": ("subjectLabel", "property", "stated"),
    "election-results": ("date", "election", "rank", "share", "candidate"),
    "entity-spellings": ("label", "canonical", "spelling", "entity"),
    "events-in-place": ("placeLabel", "date", "eventLabel", "event"),
    "fact-sources": ("source", "property", "start", "value"),
    "person-memberships": ("personLabel", "person", "startDate", "organization"),
    "person-timeline": ("date", "eventLabel", "event", "role", "person"),
    "source-statements": ("source", "start", "node", "property", "value"),
}
# a parameter given the values of a column of the query's own answer (first and last rows)
FROM_ANSWER: dict[str, tuple[str, str]] = {
    "disagreements": ("subject", "subject"),
    "election-results": ("election", "election"),
    "entity-spellings": ("entity", "entity"),
    "events-in-place": ("place", "place"),
    "person-memberships": ("person", "person"),
    "person-timeline": ("person", "person"),
    "source-statements": ("source", "source"),
}


@pytest.fixture(
    scope="module",
    params=["bundled-memory", "bundled-oxigraph", "generated-memory", "generated-oxigraph"],
)
def corpus(
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
    bench_generator: ModuleType,
) -> tuple[Dataset, bool]:
    from kg.build import build
    from kg.store import load_dataset

    kind, store = request.param.split("-")
    out = tmp_path_factory.mktemp(request.param)
    spec = "memory" if store == "memory" else f"oxigraph:{out / 'store'}"
    if kind == "bundled":
        build(out_dir=out / "out", store=spec)
    else:
        folder = bench_generator.generate(out / "corpus", 12, seed=1)
        build((folder,), out / "out", store=spec)
    return load_dataset(out / "out", build_if_missing=False), kind == "bundled"


def _key(row: tuple[Node | None, ...]) -> tuple[str, ...]:
    return tuple("" if cell is None else cell.n3() for cell in row)


def _assert_same(new: Result, old: Result, order: tuple[str, ...], what: str) -> None:
    assert new.variables == old.variables, what
    assert sorted(new.rows, key=_key) == sorted(old.rows, key=_key), what
    columns = [new.variables.index(name) for name in order]
    assert [tuple(r[i] for i in columns) for r in new.rows] == [
        tuple(r[i] for i in columns) for r in old.rows
    ], f"{what}: not in the order of the plain form"


def _parameter_sets(corpus: Dataset, name: str, bundled: bool) -> list[dict[str, str]]:
    """No parameter, the header's examples (they name things of the bundled corpus), and values
    taken from the first and last rows of an answer."""
    info = next(i for i in list_queries() if i.name == name)
    sets: list[dict[str, str]] = [{}]
    if bundled:
        sets.append({p.name: p.example for p in info.params if p.example})
    if name == "fact-sources":  # its answer has no node: take nodes from the statements
        statements = run(corpus, "source-statements")
        for row in (statements.rows[0], statements.rows[-1]):
            values = {k: str(v) for k, v in zip(statements.variables, row, strict=True)}
            sets.append({"node": values["node"]})
            sets.append({"node": values["node"], "property": values["property"]})
            sets.append({"property": values["property"]})
        return sets
    param, column = FROM_ANSWER[name]
    answer = run(corpus, name)
    assert len(answer) > 0, f"{name} answers nothing"
    index = answer.variables.index(column)
    for row in (answer.rows[0], answer.rows[-1]):
        sets.append({param: str(row[index])})
    return sets


@pytest.mark.parametrize("name", sorted(REWRITTEN))
def test_rewritten_query_gives_the_plain_forms_answer(
    corpus: tuple[Dataset, bool], name: str
) -> None:
    ds, bundled = corpus
    for params in _parameter_sets(ds, name, bundled):
        new = run(ds, name, params)
        old = run(ds, REFERENCE / f"{name}.rq", params)
        _assert_same(new, old, REWRITTEN[name], f"{name} {params}")


def test_every_rewritten_query_has_its_plain_form() -> None:
    assert {p.stem for p in REFERENCE.glob("*.rq")} == set(REWRITTEN)


@pytest.mark.parametrize("name", sorted(REWRITTEN))
def test_parameters_on_oxigraph_give_the_answer_of_the_plain_optionals(
    corpus: tuple[Dataset, bool], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given parameters, polkg runs each OPTIONAL of a query as a LATERAL one on Oxigraph
    (`kg.oxstore.lateral_optionals`): the rows must be those of the OPTIONALs as written.
    rdflib has no LATERAL: on the memory store the query runs as written."""
    from kg import oxstore
    from kg.store import is_oxigraph

    ds, bundled = corpus
    sets = [params for params in _parameter_sets(ds, name, bundled) if params]
    rewrite, rewritten = oxstore.lateral_optionals, []

    def counted(text: str) -> str:
        rewritten.append(text)
        return rewrite(text)

    monkeypatch.setattr(oxstore, "lateral_optionals", counted)
    lateral = [run(ds, name, params) for params in sets]
    assert any(len(answer) for answer in lateral)
    if not is_oxigraph(ds):
        assert rewritten == []
        return
    assert len(rewritten) == len(sets)  # every run with parameters was rewritten
    monkeypatch.setattr(oxstore, "lateral_optionals", lambda text: text)
    for params, answer in zip(sets, lateral, strict=True):
        _assert_same(answer, run(ds, name, params), REWRITTEN[name], f"{name} {params}")
