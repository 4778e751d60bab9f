"""The bad-input corpus (tests/bad/README.md): every file gives exactly its expected message.

YAML inputs replace one file of a copy of the small curated corpus and are built; RDF inputs
are validated. Each must end in one `polkg: error:` line, exit 2, never a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg.cli import main

HERE = Path(__file__).parent
BAD = HERE / "bad"
CORPUS = HERE / "fixtures" / "claims" / "data"
SLOTS = {
    "entities": "entities.yaml",
    "sources": "sources/alpha.yaml",
    "claims": "claims/alpha.yaml",
    "overrides": "overrides.yaml",
}
LIBYAML_ONLY = {"tab-indent", "lone-surrogate"}  # the messages are libyaml's own wording


def _cases(folder: str) -> list[Path]:
    return sorted(p for p in (BAD / folder).iterdir() if p.suffix != ".expected")


def _expected(path: Path, file: Path) -> str:
    text = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    return "polkg: error: " + text.replace("{file}", str(file))


def test_every_case_has_its_expected_message() -> None:
    for folder in [*SLOTS, "rdf"]:
        cases = _cases(folder)
        assert cases, folder
        for case in cases:
            assert case.with_suffix(".expected").is_file(), case


@pytest.mark.parametrize(
    ("loader", "case"),
    [(loader, case) for loader in SLOTS for case in _cases(loader)],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_yaml_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], loader: str, case: Path
) -> None:
    if case.stem in LIBYAML_ONLY and not yaml.__with_libyaml__:
        pytest.skip("the expected wording is libyaml's, and PyYAML here lacks libyaml")
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data)
    (data / "claims" / "beta.yaml").unlink()  # alpha's claims alone: the case's file decides
    target = data / SLOTS[loader]
    target.write_bytes(case.read_bytes())
    code = main(["build", "--data", str(data), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.rstrip("\n") == _expected(case, target)
    assert not (tmp_path / "out").exists()  # nothing written


@pytest.mark.parametrize("case", _cases("rdf"), ids=lambda p: p.name)
def test_rdf_case(capsys: pytest.CaptureFixture[str], case: Path) -> None:
    code = main(["validate", str(case)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.rstrip("\n") == _expected(case, case)
