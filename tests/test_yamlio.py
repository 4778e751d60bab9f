"""Line-aware YAML: values keep their written form; errors name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import UserError
from kg.loaders.yamlio import load_yaml


def test_numbers_and_dates_stay_as_written(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("share: 45.10\nyear: 2016\nday: 2019-06-23\nok: true\nnone: null\n")
    data = load_yaml(path)
    assert data == {"share": "45.10", "year": "2016", "day": "2019-06-23", "ok": True, "none": None}


def test_lines_of_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("source: x\nclaims:\n  - id: a\n    quote: q\n  - id: b\n")
    data = load_yaml(path)
    assert data.line_of("claims") == 2
    assert data["claims"].line_at(1) == 5
    assert data["claims"][0].line_of("quote") == 4


def test_duplicate_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(UserError, match=r"dup\.yaml:3: .*duplicate key 'a'"):
        load_yaml(path)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n")
    with pytest.raises(UserError, match=r"bad\.yaml:\d+: invalid YAML"):
        load_yaml(path)


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="file not found"):
        load_yaml(tmp_path / "nope.yaml")


def test_python_objects_are_not_constructed(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("a: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(UserError, match=r"YAML tag !!python/object/apply:os\.system is not used"):
        load_yaml(path)
