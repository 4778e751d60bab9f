"""libyaml's parser (used when PyYAML has it) and the pure-Python one read polkg's YAML the
same: same values, same lines, same messages for bad input (kg.loaders.yamlio.make_loader)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.errors import UserError
from kg.loaders.yamlio import YDict, YList, load_yaml, make_loader

HERE = Path(__file__).parent
ROOT = HERE.parent
LIBYAML_WORDING = {"tab-indent", "lone-surrogate"}  # libyaml's scanner words these itself

pytestmark = pytest.mark.skipif(
    not yaml.__with_libyaml__, reason="PyYAML here is built without libyaml: one parser only"
)


def _valid_files() -> list[Path]:
    folders = [ROOT / "data", HERE / "fixtures"]
    return sorted(p for folder in folders for p in folder.rglob("*.yaml") if "bad" not in p.parts)


def _lines(node: Any) -> Any:
    """Every line number the loader recorded, in a comparable shape."""
    if isinstance(node, YDict):
        return (node.line, dict(node.key_lines), {k: _lines(v) for k, v in node.items()})
    if isinstance(node, YList):
        return (node.line, list(node.item_lines), [_lines(v) for v in node])
    return None


def _read(path: Path, loader: type[yaml.SafeLoader]) -> tuple[str, Any]:
    try:
        data = load_yaml(path, loader=loader)
    except UserError as err:
        return "error", str(err)
    return "ok", (data, _lines(data))


@pytest.mark.parametrize("path", _valid_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_files_read_the_same(path: Path) -> None:
    python = _read(path, make_loader(yaml.SafeLoader))
    assert python[0] == "ok", python
    assert _read(path, make_loader(yaml.CSafeLoader)) == python


def _bad_yaml() -> list[Path]:
    return sorted(p for p in (HERE / "bad").rglob("*.yaml") if p.stem not in LIBYAML_WORDING)


@pytest.mark.parametrize("path", _bad_yaml(), ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_bad_files_are_refused_the_same(path: Path) -> None:
    """YAML-level refusals (aliases, tags, keys, characters) name the same line either way."""
    python = _read(path, make_loader(yaml.SafeLoader))
    assert _read(path, make_loader(yaml.CSafeLoader)) == python


def test_the_default_loader_is_libyaml() -> None:
    from kg.loaders import yamlio

    assert issubclass(yamlio._LineLoader, yaml.CSafeLoader)
