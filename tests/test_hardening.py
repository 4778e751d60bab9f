"""Issue 13, the numbered defects: each test here failed on the code before its fix, except
the "never echo" checks for Turtle, RDF/XML and JSON-LD, which guard formats that were already
safe beside the N-Triples, N-Quads and .rq cases that were not.

Hostile or broken input must end in one sentence naming the file (and line), exit 2; never a
traceback, a stall, the file's text in the message, a write outside the folder asked for, or
a mix of two builds. The inputs are written here, small, by hand. Tests that could stall on a
regression run the CLI in a child process with a time and memory bound, so a stall fails the
test instead of hanging the suite.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from rdflib import RDF

from kg.cli import main
from kg.errors import UserError
from kg.namespaces import CONSENSUS, POL
from kg.rdfio import parse_rdf_file

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "claims" / "data"
MINI = HERE / "fixtures" / "query" / "mini.trig"
ENTITIES = HERE / "fixtures" / "consensus" / "entities.ttl"


def corpus(tmp_path: Path) -> Path:
    """A copy of the small curated corpus, to change one file of."""
    target = tmp_path / "data"
    shutil.copytree(CORPUS, target)
    return target


def mini_out(tmp_path: Path, text: str | None = None) -> Path:
    """An out/ folder holding a built dataset (the hand-written mini.trig, or `text`)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "dataset.trig").write_text(
        text if text is not None else MINI.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return out


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def bounded(
    args: list[str], *, timeout: float = 30, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`polkg ARGS` in a child process limited to `timeout` seconds and 1.5 GB of memory."""

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    try:
        return subprocess.run(
            [sys.executable, "-c", "from kg.cli import entry; entry()", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"polkg {' '.join(args)} still ran after {timeout} s")


def assert_one_sentence(err: str, file: Path, line: int | None = None) -> None:
    """One `polkg: error:` line naming the file (and line), no traceback."""
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    where = f"{file}:{line}: " if line else f"{file}"
    assert lines[0].startswith(f"polkg: error: {where}"), err


def message(err: str, file: Path) -> str:
    """The message after `polkg: error: FILE[:LINE]: `."""
    return err.split(str(file), 1)[-1]


# ----------------------------------------------------------------------- 1. threads


THREADS = textwrap.dedent(
    """
    import json, sys, threading
    from kg.query import run
    from kg.store import load_dataset
    ds = load_dataset(sys.argv[1], build_if_missing=False)
    barrier = threading.Barrier(8)
    answers, errors = {}, []
    def ask(i):
        barrier.wait()
        try:
            text = f"SELECT ?p WHERE {{ ?p a pol:Person }} ORDER BY ?p LIMIT {10 + i}"
            answers[i] = [str(row[0]) for row in run(ds, text).rows]
        except BaseException as err:
            errors.append(f"{type(err).__name__}: {err}")
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    later = [str(row[0]) for row in run(ds, "SELECT ?p WHERE { ?p a pol:Person } ORDER BY ?p").rows]
    print(json.dumps({"answers": [answers.get(i) for i in range(8)], "errors": errors,
                      "later": later}))
    """
)


def test_eight_threads_query_a_cold_process(tmp_path: Path) -> None:
    out = mini_out(tmp_path)
    from kg.store import load_dataset

    persons = sorted(
        str(p) for p in load_dataset(out).graph(CONSENSUS).subjects(RDF.type, POL.Person)
    )
    assert len(persons) >= 3
    done = subprocess.run(
        [sys.executable, "-c", THREADS, str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == []
    assert report["answers"] == [persons] * 8
    assert report["later"] == persons


# ----------------------------------------------------------------------- 2. stalls

_NEST = "".join(
    f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10 if i else "lol" * 10}">\n' for i in range(9)
)
_RDF_BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
    '<rdf:Description rdf:about="http://example.org/x"><rdfs:label>&e8;</rdfs:label>'
    "</rdf:Description></rdf:RDF>\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "bracket-in-entity.rdf",
            (
                '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY z "]>">\n'
                + _NEST
                + "]>\n"
                + _RDF_BODY
            ).encode(),
        ),
        (
            "utf16-no-bom.rdf",
            (
                '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [\n'
                + _NEST
                + "]>\n"
                + _RDF_BODY
            ).encode("utf-16-le"),
        ),
    ],
)
def test_rdfxml_entity_nest_is_refused_quickly(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    done = bounded(["validate", str(path)], timeout=20)
    assert done.returncode == 2, done.stderr
    assert "DOCTYPE" in done.stderr
    assert_one_sentence(done.stderr, path)


def test_rdfxml_plain_entity_referenced_thousands_of_times_is_refused_quickly(
    tmp_path: Path,
) -> None:
    """No nesting, 30 KB: rdflib joins the 10,000 pieces of the text one by one (minutes)."""
    path = tmp_path / "many-references.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "'
        + "lol" * 400
        + '">\n]>\n'
        + _RDF_BODY.replace("&e8;", "&a;" * 10_000),
        encoding="utf-8",
    )
    done = bounded(["validate", str(path)], timeout=20)
    assert done.returncode == 2, done.stderr
    assert "pieces" in message(done.stderr, path)
    assert_one_sentence(done.stderr, path, 6)  # the line of the label


_BOMB = "&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" + "".join(
    f", &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("where", "before", "after"),
    [
        ("entities.yaml", "label: Kuzeykent\n", f"label: [{_BOMB}]\n"),
        ("sources/alpha.yaml", "published: null", f"published: [{_BOMB}]"),
        ("claims/alpha.yaml", "winner: Ayşe Demirtaş", f"winner: [{_BOMB}]"),
    ],
)
def test_yaml_alias_bomb_is_refused_quickly(
    tmp_path: Path, where: str, before: str, after: str
) -> None:
    data = corpus(tmp_path)
    path = data / where
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    done = bounded(["build", "--data", str(data), "--out", str(tmp_path / "out")], timeout=30)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "YAML alias" in message(done.stderr, path)
    assert "lol" not in done.stderr
    assert_one_sentence(done.stderr, path)


def test_yaml_size_limit_is_configurable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = corpus(tmp_path)
    path = data / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" * 4000 + "\n", encoding="utf-8")
    monkeypatch.setenv("POLKG_MAX_YAML_MB", "0.002")
    code, _, err = cli(["build", "--data", str(data), "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert "POLKG_MAX_YAML_MB" in err
    assert_one_sentence(err, path)


def test_rdf_size_limit_is_configurable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(ENTITIES.read_text(encoding="utf-8") + "#" * 4000 + "\n", encoding="utf-8")
    monkeypatch.setenv("POLKG_MAX_RDF_MB", "0.002")
    code, _, err = cli(["validate", str(path)], capsys)
    assert code == 2
    assert "POLKG_MAX_RDF_MB" in err
    assert_one_sentence(err, path)


# ----------------------------------------------------------------------- 3. tracebacks


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("prefix.ttl", "@prefix"),
        ("prefix.trig", "@prefix"),
        (
            "deep-list.ttl",
            "@prefix : <http://example.org/> .\n:a :b " + "(" * 5000 + ")" * 5000 + " .\n",
        ),
        ("deep.jsonld", "[" * 100_000 + "]" * 100_000),
        ("deep-object.jsonld", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ],
)
def test_rdf_input_that_crashed_the_parser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: str
) -> None:
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    code, _, err = cli(["validate", str(path)], capsys)
    assert code == 2, err
    assert_one_sentence(err, path)


@pytest.mark.parametrize("source", [ENTITIES, MINI], ids=["turtle", "trig"])
def test_truncated_turtle_and_trig_never_crash(tmp_path: Path, source: Path) -> None:
    raw = source.read_bytes()
    step = max(1, len(raw) // 150)
    path = tmp_path / f"cut{source.suffix}"
    for offset in range(0, len(raw), step):
        path.write_bytes(raw[:offset])
        try:
            parse_rdf_file(path)
        except UserError as err:
            assert str(err).startswith(str(path)), (offset, err)


def _replace(path: Path, before: str, after: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert before in text, before
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_votes_beyond_decimal_precision_in_a_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = corpus(tmp_path)
    path = data / "claims" / "alpha.yaml"
    _replace(path, "voteShare: 54.2%", "voteShare: 54.2%\n        disputedVotes: 1" + "0" * 28)
    code, _, err = cli(["build", "--data", str(data), "--out", str(tmp_path / "out")], capsys)
    assert code == 2, err
    assert_one_sentence(err, path)
    assert "digits" in err


def test_votes_beyond_decimal_precision_in_an_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = corpus(tmp_path)
    path = data / "overrides.yaml"
    path.write_text(
        "overrides:\n"
        "  - node: candidacy/2019-06-23-kuzeykent-mayor-ayse-demirtas\n"
        "    property: voteShare\n"
        f'    value: "1{"0" * 28}"\n'
        '    reason: "a test"\n',
        encoding="utf-8",
    )
    code, _, err = cli(["build", "--data", str(data), "--out", str(tmp_path / "out")], capsys)
    assert code == 2, err
    assert_one_sentence(err, path)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("label: Kuzeykent\n", "? [a, b]\n    : x\n    label: Kuzeykent\n"),
        ("label: Kuzeykent\n", "label: !!float abc\n"),
        ("label: Kuzeykent\n", "label: !!int 12x\n"),
        ("label: Kuzeykent\n", "label: !!timestamp nope\n"),
        ("label: Kuzeykent\n", 'label: "Kuzey\\ud800kent"\n'),
        ("label: Kuzeykent\n", 'label: "Kuzey\\x01kent"\n'),
        ("label: Kuzeykent\n", 'label: "Kuzey\\0kent"\n'),
        ("label: Kuzeykent\n", 'label: "Kuzey\\u202ekent"\n'),
    ],
    ids=[
        "unhashable-key",
        "float-tag",
        "int-tag",
        "timestamp-tag",
        "lone-surrogate",
        "control-x01",
        "nul",
        "bidi-override",
    ],
)
def test_bad_yaml_scalars_in_entities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str
) -> None:
    data = corpus(tmp_path)
    path = data / "entities.yaml"
    line = _line_of(path, before.strip())
    _replace(path, before, after)
    code, _, err = cli(["build", "--data", str(data), "--out", str(tmp_path / "out")], capsys)
    assert code == 2, err
    assert_one_sentence(err, path, line)


def test_unwritable_output_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = mini_out(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "x.ttl"  # a folder that is a file: NotADirectoryError
    code, _, err = cli(["export", "--out-dir", str(out), "-o", str(target)], capsys)
    assert code == 2, err
    assert_one_sentence(err, target)


def test_full_disk_is_one_sentence_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = mini_out(tmp_path)
    target = tmp_path / "x.ttl"
    target.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = cli(["export", "--out-dir", str(out), "-o", str(target)], capsys)
    assert code == 2, err
    assert_one_sentence(err, target)
    assert "space" in err
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ----------------------------------------------------------------------- 4. query time limit


def _big_out(tmp_path: Path, people: int = 1500) -> Path:
    lines = [
        "@prefix pol: <https://w3id.org/polkg/ontology#> .",
        "<https://w3id.org/polkg/graph/consensus> {",
    ]
    lines += [f"<https://w3id.org/polkg/id/person/p{i}> a pol:Person ." for i in range(people)]
    lines.append("}")
    return mini_out(tmp_path, "\n".join(lines) + "\n")


def test_query_timeout_stops_the_query_and_the_process_stays_usable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _big_out(tmp_path)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    code, _, err = cli(["query", "--out-dir", str(out), "--timeout", "1", "-e", slow], capsys)
    assert code == 2, err
    assert "time limit" in err and "--timeout" in err
    code, stdout, err = cli(
        [
            "query",
            "--out-dir",
            str(out),
            "-f",
            "csv",
            "-e",
            "SELECT (COUNT(*) AS ?n) { ?p a pol:Person }",
        ],
        capsys,
    )
    assert code == 0, err
    assert stdout.splitlines()[1] == "1500"


def test_query_timeout_in_threads(tmp_path: Path) -> None:
    from kg.query import run
    from kg.store import load_dataset

    ds = load_dataset(_big_out(tmp_path, 800))
    errors: list[str] = []

    def ask() -> None:
        try:
            run(ds, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", timeout=0.5)
        except UserError as err:
            errors.append(str(err))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(errors) == 3 and all("time limit" in e for e in errors)
    assert run(ds, "ASK { ?p a pol:Person }").boolean is True


def test_query_result_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _big_out(tmp_path, 50)
    query = "SELECT ?p WHERE { ?p a pol:Person } ORDER BY ?p"
    code, stdout, err = cli(
        ["query", "--out-dir", str(out), "-f", "csv", "--max-rows", "7", "-e", query], capsys
    )
    assert code == 0, err
    assert len(stdout.splitlines()) == 1 + 7
    assert "first 7 rows" in err and "--max-rows" in err


# ----------------------------------------------------------------------- 5. file contents


@pytest.mark.parametrize("name", ["s.nt", "s.nq", "s.ttl", "s.rdf", "s.jsonld"])
def test_rdf_errors_never_echo_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    path.write_text("SECRET=abc\n", encoding="utf-8")
    code, _, err = cli(["validate", str(path)], capsys)
    assert code == 2
    assert "SECRET" not in err and "abc" not in err
    assert_one_sentence(err, path)


def test_jsonld_errors_never_echo_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.jsonld"
    path.write_text('{"@id": "SECRET abc", "@type": {"x": 1}}', encoding="utf-8")
    code, _, err = cli(["validate", str(path)], capsys)
    assert "SECRET" not in err
    assert code in (0, 1, 2)


def test_query_file_errors_never_echo_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = mini_out(tmp_path)
    path = tmp_path / "s.rq"
    path.write_text("SELECT SECRET=abc\n", encoding="utf-8")
    code, _, err = cli(["query", "--out-dir", str(out), str(path)], capsys)
    assert code == 2
    assert "SECRET" not in err
    assert_one_sentence(err, path, 1)


# ----------------------------------------------------------------------- 6. URL outputs


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "http://127.0.0.1:9/x.ttl"],
        ["viz", "-o", "http://127.0.0.1:9/x.html"],
        ["timeline", "-o", "https://127.0.0.1:9/x.html"],
        ["docs", "-o", "ftp://127.0.0.1:9/x.html"],
        ["query", "--list", "--out-dir", "http://127.0.0.1:9/out"],
        ["build", "--out", "http://127.0.0.1:9/out"],
        ["export", "-o", "file:///tmp/x.ttl"],
    ],
    ids=["export", "viz", "timeline", "docs", "out-dir", "build-out", "file-url"],
)
def test_url_output_paths_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    out = mini_out(tmp_path)
    monkeypatch.chdir(tmp_path)
    if "--out-dir" not in args and args[0] not in ("build", "docs"):
        args = [*args, "--out-dir", str(out)]
    code, _, err = cli(args, capsys)
    assert code == 2, err
    assert "URL" in err
    assert not any(p.name in ("http:", "https:", "ftp:", "file:") for p in tmp_path.iterdir())


# ----------------------------------------------------------------------- 7. faults


def _outputs(out: Path) -> dict[str, bytes]:
    from kg.build import OUTPUTS

    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _second_build(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A corpus built once into out/, then changed so that the next build differs."""
    from kg.build import build

    data = corpus(tmp_path)
    out = tmp_path / "out"
    build([data], out)
    before = _outputs(out)
    _replace(data / "entities.yaml", "[Ayse Demirtas]", "[Ayse Demirtas, Kuzeykent Mayor Ayse]")
    return data, out, before


def test_build_is_one_unit_after_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.build import build

    data, out, before = _second_build(tmp_path)
    calls = {"n": 0}
    real = os.fsync

    def fail_second(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the disk fills while the second output is written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fail_second)
    with pytest.raises((UserError, OSError)):
        build([data], out)
    assert _outputs(out) == before  # all old: no new consensus.ttl beside an old dataset.trig
    monkeypatch.setattr(os, "fsync", real)
    build([data], out)
    after = _outputs(out)
    assert b"Kuzeykent Mayor Ayse" in after["consensus.ttl"]
    assert b"Kuzeykent Mayor Ayse" in after["dataset.trig"]


def test_full_disk_during_a_build_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out, _ = _second_build(tmp_path)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = cli(["build", "--data", str(data), "--out", str(out)], capsys)
    assert code == 2, err
    assert_one_sentence(err, out)
    assert "space" in err


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    real, calls = os.fsync, [0]
    def fsync(fd):
        calls[0] += 1
        if calls[0] == 2:  # killed while the second output is being written
            os.kill(os.getpid(), signal.SIGKILL)
        real(fd)
    os.fsync = fsync
    from kg.build import build
    build([Path(sys.argv[1])], Path(sys.argv[2]))
    """
)


def test_a_killed_build_leaves_the_old_outputs_and_no_debris(tmp_path: Path) -> None:
    from kg.build import build

    data, out, before = _second_build(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(data), str(out)], capture_output=True, timeout=300
    )
    assert done.returncode == -9, done.stderr
    assert _outputs(out) == before
    build([data], out)  # the next run cleans up after the killed one
    assert b"Kuzeykent Mayor Ayse" in _outputs(out)["dataset.trig"]
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    generations = [p for p in out.iterdir() if p.name.startswith(".build.") and p.is_dir()]
    assert len(generations) <= 2  # this build's and the one before (a reader may hold it)
    assert all(f".{os.getpid()}." in p.name for p in generations)


def test_stale_temporary_files_of_killed_runs_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = mini_out(tmp_path)
    target = tmp_path / "x.ttl"
    stale = [tmp_path / ".x.ttl.k2j4l_9a.tmp", tmp_path / ".x.ttl.999999999.k2j4l_9a.tmp"]
    live = tmp_path / f".x.ttl.{os.getpid()}.abcdefgh.tmp"  # a writer of this very process
    other = tmp_path / ".y.ttl.k2j4l_9a.tmp"  # another output's: not this write's business
    for path in [*stale, live, other]:
        path.write_text("half", encoding="utf-8")
    code, _, err = cli(["export", "--out-dir", str(out), "-o", str(target)], capsys)
    assert code == 0, err
    assert [p.exists() for p in stale] == [False, False]
    assert live.exists() and other.exists()


def test_killed_build_debris_is_removed_by_the_next_build(tmp_path: Path) -> None:
    from kg.build import build

    data = corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    debris = [out / ".consensus.ttl.k2j4l_9a.tmp", out / ".dataset.trig.999999999.abcd.tmp"]
    for path in debris:
        path.write_text("half", encoding="utf-8")
    build([data], out)
    assert [p.exists() for p in debris] == [False, False]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# ----------------------------------------------------------------------- 8. control characters


def test_control_characters_are_escaped_in_table_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trig = (
        "@prefix pol: <https://w3id.org/polkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/polkg/graph/consensus> {\n"
        "<https://w3id.org/polkg/id/person/x> a pol:Person ;\n"
        '    rdfs:label "A\\u0001B\\u202EC\\u001B[31mD" .\n'
        "}\n"
    )
    out = mini_out(tmp_path, trig)
    query = "SELECT ?l WHERE { ?p rdfs:label ?l }"
    for fmt in ("table", "md"):
        code, stdout, err = cli(["query", "--out-dir", str(out), "-f", fmt, "-e", query], capsys)
        assert code == 0, err
        assert not any(ch in stdout for ch in "\x01\u202e\x1b"), repr(stdout)
        assert "\\x01" in stdout and "\\u202e" in stdout and "\\x1b" in stdout


def test_every_terminal_output_is_escaped_and_pipes_get_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    trig = (
        "@prefix pol: <https://w3id.org/polkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/polkg/graph/consensus> {\n"
        "<https://w3id.org/polkg/id/person/x> a pol:Person ;\n"
        '    rdfs:label "A\\u001B]0;owned\\u0007B" .\n'
        "}\n"
    )
    out = mini_out(tmp_path, trig)
    args = ["query", "--out-dir", str(out), "-f", "csv", "-e", "SELECT ?l { ?p rdfs:label ?l }"]
    code, piped, _ = cli(args, capsys)  # a pipe: the data as it is
    assert code == 0 and "A\x1b]0;owned\x07B" in piped
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # now a terminal
    code, shown, _ = cli(args, capsys)
    assert code == 0
    assert "\x1b" not in shown and "\x07" not in shown
    assert "A\\x1b]0;owned\\x07B" in shown
