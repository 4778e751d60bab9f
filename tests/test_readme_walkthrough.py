"""The README's "Add your own articles" walk, run as written.

Each fenced block of that section after a `<!-- readme-test: file PATH -->` comment is written
to PATH (relative to where the walk is); each block after `<!-- readme-test: run -->` is run line
by line: `cd DIR` changes folder, `polkg …` runs through the CLI in-process and must exit 0.
The walk starts in an empty temporary folder."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
from pathlib import Path

import pytest

from kg.cli import main
from kg.paths import DATA, ROOT

_MARKED_BLOCK = re.compile(
    r"<!-- readme-test: (?P<what>run|file (?P<path>\S+)) -->\n```\w*\n(?P<body>.*?)```",
    re.DOTALL,
)


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Add your own articles")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks() -> list[tuple[str, str | None, str]]:
    return [(m["what"], m["path"], m["body"]) for m in _MARKED_BLOCK.finditer(section())]


def test_the_section_has_the_walk() -> None:
    kinds = [what.split()[0] for what, _, _ in blocks()]
    assert kinds.count("file") == 3 and kinds.count("run") == 3


def test_the_claims_file_is_named_as_add_source_names_it() -> None:
    files = {path: body for what, path, body in blocks() if path}
    digest = hashlib.sha256(files["article.txt"].encode("utf-8")).hexdigest()[:16]
    assert f"claims/000_{digest}.yaml" in files  # NNN_<first 16 hex digits of SHA-256>
    assert f"sources/000_{digest}.txt" in section()


def test_the_walk_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in DATA.iterdir())
    outputs = []
    for _, path, body in blocks():
        if path is not None:
            target = Path.cwd() / path
            assert target.parent.is_dir(), f"{path}: the walk has not created its folder"
            target.write_text(body, encoding="utf-8")
            continue
        for line in body.splitlines():
            words = shlex.split(line)
            if words[0] == "cd":
                os.chdir(words[1])
                continue
            assert words[0] == "polkg", line
            code = main(words[1:])
            captured = capsys.readouterr()
            assert code == 0, f"{line}: {captured.err}"
            outputs.append((line, captured.out))
    results = dict(outputs)
    assert "person/mansur-yavas" in results["polkg nodes yavas"]
    assert "checked (nothing written)" in results["polkg check"]
    rows = results["polkg query election-results"]
    assert "Mansur Yavaş" in rows and "50.9" in rows and "Mehmet Özhaseki" in rows
    assert (tmp_path / "ankara-2019" / "out" / "dataset.trig").is_file()
    assert sorted(p.name for p in DATA.iterdir()) == before
