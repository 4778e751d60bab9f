"""Concurrency: queries from many threads at once, and a rebuild while queries run.

(The cold-process case, 8 threads on a process that never parsed SPARQL, is in
tests/test_hardening.py: it needs a fresh interpreter.)
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from kg.build import build
from kg.query import run
from kg.safety import current_group
from kg.store import load_dataset

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "claims" / "data"
MINI = HERE / "fixtures" / "query" / "mini.trig"
LABELS = "SELECT ?label WHERE { ?x a pol:Person ; rdfs:label ?label } ORDER BY ?label"
QUERIES = [
    LABELS,
    "SELECT ?p WHERE { ?p a pol:Person } ORDER BY ?p",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?p a pol:PoliticalParty }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "CONSTRUCT { ?p a pol:Person } WHERE { ?p a pol:Person }",
]


def _answer(ds: object, query: str) -> object:
    result = run(ds, query)  # type: ignore[arg-type]
    if result.graph is not None:
        return sorted(result.graph)
    return result.boolean if result.kind == "ASK" else result.rows


def test_sixteen_threads_get_the_answers_one_thread_gets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(MINI, out / "dataset.trig")
    ds = load_dataset(out, build_if_missing=False)
    expected = [_answer(ds, q) for q in QUERIES]
    barrier = threading.Barrier(16)
    answers: dict[int, list[object]] = {}
    errors: list[str] = []

    def ask(i: int) -> None:
        barrier.wait()
        try:
            order = QUERIES[i % len(QUERIES) :] + QUERIES[: i % len(QUERIES)]
            got = {q: _answer(ds, q) for q in order}
            answers[i] = [got[q] for q in QUERIES]
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert [answers[i] for i in range(16)] == [expected] * 16


def _pair(folder: Path) -> tuple[bytes, bytes]:
    return (folder / "consensus.ttl").read_bytes(), (folder / "dataset.trig").read_bytes()


def test_a_rebuild_while_queries_run_shows_the_old_or_the_new_graph(tmp_path: Path) -> None:
    data_a = tmp_path / "a"
    shutil.copytree(CORPUS, data_a)
    data_b = tmp_path / "b"
    shutil.copytree(CORPUS, data_b)
    entities = data_b / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("label: Mehmet Yılmazer", "label: Mehmet Yılmazer Bey"))
    out = tmp_path / "out"
    build([data_b], out)
    labels_b, pair_b = _answer(load_dataset(out), LABELS), _pair(out)
    build([data_a], out)
    labels_a, pair_a = _answer(load_dataset(out), LABELS), _pair(out)
    assert labels_a != labels_b and pair_a != pair_b

    stop = threading.Event()
    seen: list[str] = []
    problems: list[str] = []

    def read() -> None:
        while not stop.is_set():
            try:
                labels = _answer(load_dataset(out, build_if_missing=False), LABELS)
                seen.append("a" if labels == labels_a else "b" if labels == labels_b else "?")
                pair = _pair(current_group(out))  # both files of one build
                if pair not in (pair_a, pair_b):
                    problems.append("a consensus.ttl and a dataset.trig of different builds")
            except Exception as err:
                problems.append(f"{type(err).__name__}: {err}")

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for data in (data_b, data_a):
            build([data], out)
    finally:
        stop.set()
        for reader in readers:
            reader.join(60)
    assert problems == []
    assert "?" not in seen and len(seen) > 4
    assert _pair(out) == pair_a


def test_concurrent_group_writes_leave_one_whole_set(tmp_path: Path) -> None:
    from kg.safety import write_group

    out = tmp_path / "out"
    sets = [{"a.txt": f"a{i}".encode(), "b.txt": f"b{i}".encode()} for i in range(6)]
    barrier = threading.Barrier(len(sets))
    errors: list[str] = []

    def write(files: dict[str, bytes]) -> None:
        barrier.wait()
        try:
            for _ in range(5):
                write_group(out, files)
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=write, args=(files,)) for files in sets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    final = {name: (out / name).read_bytes() for name in ("a.txt", "b.txt")}
    assert final in sets
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    assert len([p for p in out.iterdir() if p.name.startswith(".build.")]) <= 2
