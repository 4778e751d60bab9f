"""YAML that remembers where each value came from, so errors can name the line.

Every scalar but booleans and null is a string, as written: numbers and dates keep their
precision. `load_yaml(path)` returns plain-looking dicts and lists (`YDict`, `YList`) whose `.line`
is the 1-based line of the node and whose `.line_of(key)` is the line of a key. Parse
errors become a `UserError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import UserError


class YDict(dict):
    """A mapping with the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence with the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) that records lines; duplicate keys are errors."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> YDict:
        result = YDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> YList:
        result = YList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence
)
# Dates and numbers stay strings: "2019-06", "45.10" and "13,000" must keep the form (and so
# the precision) they were written with; only booleans and null are typed by YAML.
_AS_WRITTEN = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}
for _first, _resolvers in list(_LineLoader.yaml_implicit_resolvers.items()):
    _LineLoader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in _resolvers if tag not in _AS_WRITTEN
    ]


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file into YDict/YList with line numbers; syntax errors name the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError("file not found; check the path", file=str(path)) from None
    except UnicodeDecodeError as err:
        raise UserError(
            f"not UTF-8 text ({err.reason}); save it as UTF-8", file=str(path)
        ) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = err.problem or err.context or "invalid YAML"
        raise UserError(
            f"invalid YAML: {problem}; fix the syntax there", file=str(path), line=line
        ) from None
    except yaml.YAMLError as err:
        raise UserError(f"invalid YAML: {err}", file=str(path)) from None
