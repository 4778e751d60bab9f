"""`polkg serve`, `polkg push` and `polkg query --endpoint` against live servers on loopback.

Each test starts Oxigraph's own server (the `oxigraph` package) on a free 127.0.0.1 port and
stops it afterwards; Virtuoso is tested the same way when Debian's virtuoso-opensource is
installed. No other network is used."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Dataset

import kg.cli
from kg import oxstore
from kg.errors import UserError
from kg.export import serialize
from kg.namespaces import CONSENSUS, SOURCE_GRAPH, bind_prefixes
from kg.query import list_queries, run
from kg.remote import Endpoint, push, remote_counts
from kg.safety import write_atomic
from kg.serve import HOST, free_port, start, stop
from kg.store import StoreSpec, store_marker

pytestmark = [pytest.mark.network_loopback, pytest.mark.network]  # loopback servers only

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "mini.trig"
QUERIES = [info.name for info in list_queries()]


def _local() -> Dataset:
    ds = bind_prefixes(Dataset(default_union=False))
    ds.parse(FIXTURE, format="trig")
    ds.default_graph = ds.graph(CONSENSUS)
    return ds


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An out/ folder whose build left an Oxigraph store (written from the query fixture)."""
    root = tmp_path_factory.mktemp("served")
    store = root / "store"
    local = _local()
    oxstore.write_store(store, serialize(local, "nq"), serialize(local.graph(CONSENSUS), "ttl"))
    out = root / "out"
    marker = store_marker(out, StoreSpec("oxigraph", store))
    assert marker is not None
    write_atomic(out / "store.json", marker)
    return out


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    """`polkg serve`'s server (read-only, 2 s timeout) on a free loopback port."""
    from kg.serve import store_for

    port = free_port()
    process = start(store_for(built), port, timeout=2)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        stop(process)


def _same(a: object, b: object) -> None:
    assert a.kind == b.kind  # type: ignore[attr-defined]
    assert a.records() == b.records()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", QUERIES)
def test_every_library_query_answers_the_same_over_http(server: str, name: str) -> None:
    local = run(_local(), name)
    served = run(Endpoint(server + "/query", consensus_default=False), name)
    # without --endpoint-default-graph: the server has no graph named as the consensus (the
    # build keeps it in the default graph only), so the endpoint's default graph is queried
    asked = run(Endpoint(server + "/query"), name)
    _same(served, local)
    _same(asked, local)


def test_parameters_are_bound_the_same_way(server: str) -> None:
    # an entity by a spelling (resolved against the endpoint's labels), and a date range
    for name, params in (
        ("person-timeline", {"person": "Ayse Ornek"}),
        ("events-in-range", {"from": "2019", "to": "2020-06"}),
    ):
        local = run(_local(), name, params)
        assert len(local) > 0
        _same(run(Endpoint(server + "/query"), name, params), local)
        _same(run(Endpoint(server + "/query", consensus_default=False), name, params), local)


def test_an_update_is_refused(server: str) -> None:
    endpoint = Endpoint(server + "/update")
    data = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    with pytest.raises(UserError, match="HTTP 4"):
        endpoint._request(
            server + "/update",
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
    counts = remote_counts(Endpoint(server + "/query"))
    assert counts and all(g.startswith(str(SOURCE_GRAPH)) for g in counts)  # consensus: default
    assert "urn:a" not in str(counts)


def test_a_slow_query_is_stopped(server: str) -> None:
    """The server's 2 s timeout stops a query that would run for minutes (41^5 rows)."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"
    started = time.monotonic()
    with pytest.raises(UserError, match="the endpoint stopped the query"):
        Endpoint(server + "/query", timeout=60, consensus_default=False).select(slow)
    assert time.monotonic() - started < 30  # stopped by the server, not by our 60 s timeout


def test_eight_clients_at_once(server: str) -> None:
    expected = {name: run(_local(), name).records() for name in QUERIES}

    def client(i: int) -> bool:
        endpoint = Endpoint(server + "/query", consensus_default=False)
        mine = [QUERIES[i % len(QUERIES)], QUERIES[(i + 7) % len(QUERIES)]]
        return all(run(endpoint, n).records() == expected[n] for n in mine)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(client, range(8)))


def test_serve_without_a_store_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kg.cli.main(["serve", "--out-dir", str(tmp_path)]) == 2
    assert "polkg build --store oxigraph:DIR" in capsys.readouterr().err


def test_bad_endpoints_are_one_clear_sentence(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()  # nothing listens there
    assert kg.cli.main(["query", "overview", "--endpoint", f"http://{HOST}:{port}/query"]) == 2
    assert "cannot reach the endpoint" in capsys.readouterr().err
    assert kg.cli.main(["query", "overview", "--endpoint", "ftp://example.org/"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
    code = kg.cli.main(
        ["push", "--endpoint", f"http://{HOST}:{port}/sparql", "--out-dir", str(built)]
    )
    assert code == 2
    captured = capsys.readouterr()
    assert "give --graph-store URL" in captured.err and "pushing" not in captured.err


# --------------------------------------------------------------------------- push


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[str]:
    """An empty read-write Oxigraph server (the `oxigraph serve` of the package)."""
    port = free_port()
    process = start(tmp_path / "target", port, timeout=30, read_only=False)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        stop(process)


def test_push_in_chunks_then_the_counts_match(writable: str) -> None:
    local = _local()
    seen: list[int] = []
    report = push(
        local, Endpoint(writable + "/query", writable + "/store"), chunk=7, progress=seen.append
    )
    assert report.ok
    assert report.chunks > report.graphs  # several chunks per graph
    assert sum(seen) == report.triples == sum(len(g) for g in local.graphs())
    assert report.counts[str(CONSENSUS)][1] == len(local.graph(CONSENSUS))
    # and the remote answers are the local ones
    for name in QUERIES:
        _same(run(Endpoint(writable + "/query"), name), run(local, name))


def test_a_failed_chunk_is_retried(writable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = Endpoint(writable + "/query", writable + "/store")
    real = Endpoint._request
    failures = {"left": 2}

    def flaky(self: Endpoint, url: str, **kwargs: object) -> bytes:
        if kwargs.get("method") == "POST" and "/store" in url and failures["left"]:
            failures["left"] -= 1
            raise UserError("the endpoint answered HTTP 503 (busy)")
        return real(self, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Endpoint, "_request", flaky)
    report = push(_local(), endpoint, chunk=5, backoff=0.01)
    assert report.retries == 2 and report.ok


def test_push_cli(built: Path, writable: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = kg.cli.main(["push", "--endpoint", writable + "/query", "--out-dir", str(built)])
    assert code == 0
    assert "every graph's count matches" in capsys.readouterr().out


def test_query_cli_on_an_endpoint(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = kg.cli.main(["query", "overview", "--endpoint", server + "/query", "-f", "csv"])
    assert code == 0
    remote = capsys.readouterr().out
    assert remote == run(_local(), "overview").format("csv")


# --------------------------------------------------------------------------- Virtuoso


@pytest.mark.skipif(
    shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None,
    reason="virtuoso-opensource is not installed (Debian: apt-get install virtuoso-opensource)",
)
def test_push_to_virtuoso_then_query_it(tmp_path: Path) -> None:
    from kg.serve import wait_for

    port, http = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(
        "[Database]\nDatabaseFile=db.db\nTransactionFile=db.trx\nErrorLogFile=db.log\n"
        "xa_persistent_file=db.pxa\n"
        f"[Parameters]\nServerPort={HOST}:{port}\nDirsAllowed=.\nNumberOfBuffers=10000\n"
        "MaxDirtyBuffers=6000\n"
        f"[HTTPServer]\nServerPort={HOST}:{http}\nServerThreads=4\n"
        "[SPARQL]\nResultSetMaxRows=100000\nMaxQueryExecutionTime=60\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(process, http, "virtuoso", seconds=120)
        # the anonymous SPARQL user may write through the Graph Store Protocol (test only)
        subprocess.run(
            ["isql-vt", f"{HOST}:{port}", "dba", "dba",
             "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        endpoint = Endpoint(
            f"http://{HOST}:{http}/sparql", f"http://{HOST}:{http}/sparql-graph-crud"
        )
        local = _local()
        report = push(local, endpoint, chunk=10)
        assert report.ok, report.counts
        # (not election-results: Virtuoso writes its computed booleans as 1/0)
        for name in ("overview", "fact-sources", "person-timeline", "disagreements"):
            _same(run(endpoint, name), run(local, name))
    finally:
        stop(process)  # type: ignore[arg-type]
