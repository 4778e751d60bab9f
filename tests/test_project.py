"""Projects (issue 9): init → add-source → claims → build → query through the CLI in-process,
the project found from the current folder or `--project`, the bundled corpus left alone, and no
command writing outside the chosen project or ./out.

The inputs are in tests/fixtures/project/ (a three-line text written for these tests)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.paths import DATA

FIXTURE = Path(__file__).parent / "fixtures" / "project"
ARTICLE = FIXTURE / "article.txt"
STEM = "000_" + hashlib.sha256(ARTICLE.read_bytes()).hexdigest()[:16]  # the documented scheme


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` with the SHA-256 of its bytes (what changed, what is new)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_project(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """init + add-source + the fixture's entities and claims, through the CLI."""
    project = root / "proj"
    assert cli(["init", str(project)], capsys)[0] == 0
    code, out, _ = cli(
        ["add-source", str(ARTICLE), "--project", str(project), "--title", "Ankara votes"], capsys
    )
    assert code == 0, out
    (project / "entities.yaml").write_bytes((FIXTURE / "entities.yaml").read_bytes())
    claims = (FIXTURE / "claims.yaml").read_text(encoding="utf-8").replace("{stem}", STEM)
    (project / "claims" / f"{STEM}.yaml").write_text(claims, encoding="utf-8")
    return project


@pytest.fixture
def empty_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


# ----------------------------------------------------------------------- the whole walk


def test_init_add_source_claims_build_query(
    empty_cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = tree(DATA)
    project = make_project(empty_cwd, capsys)
    assert sorted(p.name for p in project.iterdir()) == [
        ".gitignore", "README.md", "claims", "entities.yaml", "out", "overrides.yaml",
        "polkg.toml", "sources",
    ]  # fmt: skip
    assert (project / "sources" / f"{STEM}.txt").read_bytes() == ARTICLE.read_bytes()

    monkeypatch.chdir(project / "claims")  # found from a subfolder, as git finds a repository
    code, out, err = cli(["check"], capsys)
    assert code == 0 and "checked (nothing written)" in out and "bundled" not in err
    assert sorted(p.name for p in (project / "out").iterdir()) == []

    code, out, _ = cli(["build"], capsys)
    assert code == 0
    assert f"built {project / 'out'}/: 1 sources, 5 entities, 1 events, 2 claims" in out
    code, out, _ = cli(["query", "election-results", "-f", "json"], capsys)
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert {(r["candidate"]["value"], r["share"]["value"]) for r in rows} == {
        ("Mansur Yavaş", "50.9"),
        ("Mehmet Özhaseki", "47.1"),
    }
    # the hand-typed ' and " found; the annotation records the text's ’ and “ ”
    code, out, _ = cli(
        ["query", "-e", "SELECT ?e WHERE { GRAPH ?g { ?s oa:exact ?e } }", "-f", "csv"], capsys
    )
    assert "Yavaş’s party, the CHP, called it “a new beginning”." in out

    monkeypatch.chdir(empty_cwd)  # from elsewhere, --project names it
    code, out, _ = cli(["stats", "--project", str(project), "-f", "json"], capsys)
    assert code == 0 and json.loads(out)["sources"]
    assert tree(DATA) == bundled  # the bundled corpus is untouched
    assert sorted(p.name for p in empty_cwd.iterdir()) == ["proj"]


def test_an_empty_project_builds_an_empty_valid_graph(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["init", "p"], capsys)[0] == 0
    code, out, _ = cli(["build", "--project", "p"], capsys)
    assert code == 0
    assert "0 sources" in out and "validation: valid" in out
    assert (empty_cwd / "p" / "out" / "dataset.trig").is_file()
    code, _, err = cli(["init", "p"], capsys)
    assert code == 2 and "already a polkg project" in err


def test_a_read_only_command_on_an_unbuilt_project_says_how_to_build(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(empty_cwd, capsys)
    code, out, err = cli(["query", "election-results", "--project", str(project)], capsys)
    assert code == 2 and out == ""
    assert err == (
        f"polkg: error: {project / 'out'}: the graph has not been built here: "
        f"run `polkg build --project {project}` first, or add --build\n"
    )
    assert not (project / "out" / "dataset.trig").exists()
    code, out, _ = cli(
        ["query", "election-results", "--project", str(project), "--build", "-f", "csv"], capsys
    )
    assert code == 0 and "Mansur Yavaş" in out
    assert (project / "out" / "dataset.trig").is_file()


def test_without_a_project_the_bundled_corpus_is_read_and_said_so(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(["stats"], capsys)
    assert code == 2
    assert err.splitlines()[0].startswith(
        "polkg: note: no polkg.toml here or above: using the bundled example corpus (read-only)"
    )
    assert "has not been built here" in err
    code, _, err = cli(["showcase", "--out-dir", "nowhere"], capsys)
    assert code == 2
    assert err == (
        "polkg: error: nowhere: the graph has not been built here: "
        "run `polkg build --out nowhere` first, or add --build\n"
    )
    assert list(empty_cwd.iterdir()) == []  # nothing built silently


def test_add_source_names_by_hash_and_refuses_repeats(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(empty_cwd, capsys)
    meta = (project / "sources" / f"{STEM}.yaml").read_text(encoding="utf-8")
    assert 'label: "Ankara votes"' in meta and "label_is_title: true" in meta
    assert "publisher: null" in meta and 'language: "en"' in meta  # the project's language
    code, _, err = cli(["add-source", str(ARTICLE), "--project", str(project)], capsys)
    assert code == 2
    assert f"already in the project as sources/{STEM}.txt" in err
    other = empty_cwd / "other.txt"
    other.write_text("Another text.\n", encoding="utf-8")
    code, _, _ = cli(["add-source", str(other), "--project", str(project)], capsys)
    assert code == 0
    second = "001_" + hashlib.sha256(b"Another text.\n").hexdigest()[:16]
    assert (project / "sources" / f"{second}.txt").is_file()
    claims = (project / "claims" / f"{second}.yaml").read_text(encoding="utf-8")
    assert f"source: {second}\n" in claims and "claims: []" in claims
    meta = (project / "sources" / f"{second}.yaml").read_text(encoding="utf-8")
    assert 'label: "Another text."' in meta and "label_is_title: false" in meta
    code, _, err = cli(["add-source", str(other), "--published", "spring"], capsys)
    assert code == 2 and "bundled corpus is read-only" in err


def test_add_source_reads_standard_input(
    empty_cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(["init", "p"], capsys)

    class Stdin:
        buffer = io.BytesIO(ARTICLE.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin())
    code, _, err = cli(["add-source", "-", "--project", "p"], capsys)
    assert code == 0, err
    assert (empty_cwd / "p" / "sources" / f"{STEM}.txt").read_bytes() == ARTICLE.read_bytes()


def test_add_source_checks_its_metadata(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(["init", "p"], capsys)
    code, _, err = cli(["add-source", str(ARTICLE), "--project", "p", "--url", "ftp://x"], capsys)
    assert code == 2 and "--url 'ftp://x' is not an http(s) address" in err
    code, _, err = cli(["add-source", str(ARTICLE), "--project", "p", "--published", "May"], capsys)
    assert code == 2 and "--published 'May'" in err
    assert list((empty_cwd / "p" / "sources").iterdir()) == []


def test_nodes_finds_ids_by_folded_and_fuzzy_names(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(empty_cwd, capsys)
    code, out, _ = cli(["nodes", "yavas", "--project", str(project), "-f", "json"], capsys)
    assert code == 0
    ids = [n["id"] for n in json.loads(out)]
    assert ids[0] == "person/mansur-yavas"  # folded: yavas = Yavaş
    assert "candidacy/2019-03-31-ankara-mayor-mansur-yavas" in ids  # a node the claims describe
    code, out, _ = cli(["nodes", "Ozhaseky", "--project", str(project), "-f", "json"], capsys)
    assert json.loads(out)[0]["id"] == "person/mehmet-ozhaseki"  # a typo: fuzzy
    cli(["build", "--project", str(project)], capsys)  # the claims write "Mansur Yavas" too
    code, out, _ = cli(["nodes", "Yavas", "--project", str(project), "-f", "json"], capsys)
    [yavas] = [n for n in json.loads(out) if n["id"] == "person/mansur-yavas"]
    assert yavas["spellings"] == ["Mansur Yavas"]  # the spelling a source used, after a build
    code, out, _ = cli(["nodes", "--kind", "party", "--project", str(project)], capsys)
    assert "party/republican-people-s-party" in out and "CHP" in out
    assert "person/" not in out
    code, _, err = cli(["nodes", "--kind", "persn", "--project", str(project)], capsys)
    assert code == 2 and "--kind 'persn': no node of that kind (did you mean 'person'?)" in err


def test_check_reports_a_quote_with_its_first_difference_and_writes_nothing(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(empty_cwd, capsys)
    claims = project / "claims" / f"{STEM}.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace("with 50.9% of", "with 50.8% of"),
        encoding="utf-8",
    )
    code, _, err = cli(["build", "--dry-run", "--project", str(project)], capsys)
    assert code == 2
    assert "then has '8' (U+0038) where the text has '9' (U+0039)" in err
    assert list((project / "out").iterdir()) == []


def test_a_project_setting_error_names_the_file(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(["init", "p"], capsys)
    (empty_cwd / "p" / "polkg.toml").write_text('name = "x"\nlanguge = "en"\n', encoding="utf-8")
    code, _, err = cli(["build", "--project", "p"], capsys)
    assert code == 2
    assert err == (
        "polkg: error: p/polkg.toml: unknown setting 'languge': use only name, language, "
        "datasets, store, validator\n"
    )
    code, _, err = cli(["build", "--project", "nowhere"], capsys)
    assert code == 2 and "nowhere: no such project folder" in err


def test_datasets_in_polkg_toml_are_loaded_relative_to_the_project(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(["init", "p"], capsys)
    shutil.copytree(
        Path(__file__).parent / "fixtures" / "claims" / "data", empty_cwd / "p" / "more"
    )
    sources = len(list((empty_cwd / "p" / "more" / "sources").glob("*.txt")))
    config = empty_cwd / "p" / "polkg.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("datasets = []", 'datasets = ["corpus:more"]'),
        encoding="utf-8",
    )
    code, out, err = cli(["check", "--project", "p"], capsys)
    assert code == 0, err
    assert f": {sources} sources," in out and sources > 0


# ----------------------------------------------------------- nothing written elsewhere


@pytest.mark.slow
def test_every_command_writes_only_to_out_or_the_chosen_project(
    empty_cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = tree(DATA)
    repo = sorted(p.name for p in DATA.parent.iterdir())
    project = make_project(empty_cwd, capsys)
    p = ["--project", str(project)]
    commands = [
        ["check", *p],
        ["nodes", "Ankara", *p],
        ["build", *p],
        ["query", "election-results", *p],
        ["stats", *p],
        ["conflicts", *p],
        ["export", *p],
        ["validate", *p],
        ["viz", *p],
        ["timeline", *p],
        ["showcase", *p],
        ["docs", *p],
        ["build"],  # the bundled corpus, into ./out
        ["query", "election-results"],
        ["stats"],
        ["conflicts"],
        ["export", "-f", "nt"],
        ["validate"],
        ["viz", "-f", "svg"],
        ["timeline"],
        ["showcase"],
        ["docs"],
        ["nodes", "Imamoglu"],
        ["check"],
    ]
    for args in commands:
        code, _, err = cli(args, capsys)
        assert code == 0, (args, err)
    outside = [
        name
        for name in tree(empty_cwd)
        if not name.startswith(("out/", "proj/")) or name.startswith("proj/../")
    ]
    assert outside == []
    assert {n.split("/")[0] for n in tree(empty_cwd)} == {"out", "proj"}
    assert "network.svg" in {Path(n).name for n in tree(empty_cwd / "out")}
    assert "network.html" in {Path(n).name for n in tree(project / "out")}
    assert tree(DATA) == bundled
    assert sorted(p.name for p in DATA.parent.iterdir()) == repo


def test_extract_reads_an_article_against_the_project_found_from_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, capsys)
    article = tmp_path / "new.txt"
    article.write_text("Özhaseki congratulated Mansur Yavas on Monday.\n", encoding="utf-8")
    monkeypatch.chdir(project)
    code, out, err = cli(["extract", str(article), "--format", "json"], capsys)
    assert code == 0, err
    linked = {m["entity"] for m in json.loads(out)["mentions"]}
    # the project's people, not the bundled corpus's (which knows neither)
    assert linked == {"person/mehmet-ozhaseki", "person/mansur-yavas"}
    assert "bundled" not in err


def test_add_source_refuses_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "proj"
    assert cli(["init", str(project)], capsys)[0] == 0
    code, _, err = cli(
        ["add-source", str(ARTICLE), "--project", str(project), "--kind", "blog post"], capsys
    )
    assert code == 2
    assert "'blog post' is not one of" in err
    code, _, err = cli(
        ["add-source", str(ARTICLE), "--project", str(project), "--kind", "Official Record"],
        capsys,
    )
    assert code == 0, err
    meta = next((project / "sources").glob("*.yaml")).read_text(encoding="utf-8")
    assert 'kind: "official record"' in meta


def test_a_project_keeps_its_graph_in_the_store_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, capsys)
    toml = project / "polkg.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('store = "memory"', 'store = "oxigraph:graph"'),
        encoding="utf-8",
    )
    code, _, err = cli(["build", "--project", str(project)], capsys)
    assert code == 0, err
    assert (project / "graph").is_dir()  # the Oxigraph store, relative to the project
    code, out, err = cli(
        ["query", "--project", str(project), "-f", "csv", "-e", "SELECT ?p { ?p a pol:Person }"],
        capsys,
    )
    assert code == 0, err
    assert "person/mansur-yavas" in out
    toml.write_text('store = "postgres"\n', encoding="utf-8")
    code, _, err = cli(["build", "--project", str(project)], capsys)
    assert code == 2 and "'store' must be" in err


def test_a_project_chooses_its_validator_and_both_give_one_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.validate

    project = make_project(tmp_path, capsys)
    engines: list[str] = []
    real = kg.validate.validate_dataset

    def spy(ds: Any, **options: Any) -> Any:
        engines.append(options["engine"])
        return real(ds, **options)

    monkeypatch.setattr(kg.validate, "validate_dataset", spy)
    toml = project / "polkg.toml"
    report = project / "out" / "validation.json"
    assert cli(["build", "--project", str(project)], capsys)[0] == 0
    fast = report.read_bytes()
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('validator = "fast"', 'validator = "pyshacl"'),
        encoding="utf-8",
    )
    assert cli(["build", "--project", str(project)], capsys)[0] == 0
    assert report.read_bytes() == fast  # the reference engine writes the same report
    assert cli(["build", "--project", str(project), "--validator", "fast"], capsys)[0] == 0
    assert engines == ["fast", "pyshacl", "fast"]  # default, the setting, the option
    toml.write_text('validator = "shacl2000"\n', encoding="utf-8")
    code, _, err = cli(["build", "--project", str(project)], capsys)
    assert code == 2 and "'validator' must be one of 'pyshacl', 'fast', 'turbo'" in err
