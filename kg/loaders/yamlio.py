"""YAML that remembers where each value came from, so errors can name the line.

Every scalar but booleans and null is a string, as written: numbers and dates keep their
precision. `load_yaml(path)` returns plain-looking dicts and lists (`YDict`, `YList`) whose `.line`
is the 1-based line of the node and whose `.line_of(key)` is the line of a key. Parse
errors become a `UserError` naming the file and line.

The files are written by people and read from strangers, so the loader accepts only what the
curated files use: plain scalars, lists and mappings. It refuses, with the line,

- aliases (`*name`): a kilobyte of nested aliases expands to billions of items (an "alias
  bomb") in every later walk over the data and in any message that shows a value;
- explicit tags (`!!float`, `!!binary`, `!!set` …): values are read as written, and a tag
  would only turn a string into an object the loaders do not expect;
- keys that are lists or mappings (`? [a, b]`);
- characters a terminal would act on (C0/C1 controls but tab and newline, the bidirectional
  overrides U+202A–U+202E and U+2066–U+2069) and lone surrogates, which no output can encode;
- files larger than `POLKG_MAX_YAML_MB` (`kg.safety.size_limit`).

libyaml's parser (`yaml.CSafeLoader`) is used when PyYAML was built with it: it is several
times faster and gives nodes the same line marks; the pure-Python SafeLoader is the fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from kg.errors import UserError
from kg.safety import UNSAFE_CHARS, read_limited

# the C parser when available: same nodes and marks, several times faster (bench/yaml_speed.py)
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ALLOWED_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    }
)


def describe_char(char: str) -> str:
    """A character named by its code point (U+202E), never printed raw."""
    return f"U+{ord(char):04X}"


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


class _Refused(yaml.constructor.ConstructorError):
    """Valid YAML that polkg's files may not hold; the message says why and what to do."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)


class _LineConstructor(yaml.constructor.SafeConstructor):
    """A safe constructor (no arbitrary objects) that records lines and refuses what curated
    files never need: aliases, explicit tags, unhashable keys, duplicate keys, unsafe
    characters. Mixed into a loader of either parser (`make_loader`)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _Refused(
                "a YAML alias (*name) repeats the node anchored (&name) here; polkg's files "
                "do not use aliases: write the value out where it is needed",
                node.start_mark,
            )
        if node.tag not in _ALLOWED_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                f"the YAML tag {_safe(shown)} is not used in polkg's files (values are read as "
                "written); remove the tag",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> str:
        value = super().construct_scalar(node)
        bad = UNSAFE_CHARS.search(value)
        if bad is not None:
            raise _Refused(
                f"the text holds the character {describe_char(bad.group())}, a control or "
                "direction character or half of a surrogate pair, which polkg refuses; remove it",
                node.start_mark,
            )
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> YDict:
        result = YDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    "a key is a list or a mapping; keys are plain names: write `name: value`",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {_safe(key)!r}", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> YList:
        result = YList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


def _safe(value: Any, width: int = 60) -> str:
    """A short, printable rendering of a value for a message."""
    text = UNSAFE_CHARS.sub(lambda m: describe_char(m.group()), str(value))
    return text if len(text) <= width else text[: width - 1] + "…"


# Dates and numbers stay strings: "2019-06", "45.10" and "13,000" must keep the form (and so
# the precision) they were written with; only booleans and null are typed by YAML.
_AS_WRITTEN = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}


def make_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """polkg's loader on the parser of `base` (`yaml.CSafeLoader` or `yaml.SafeLoader`): the
    same constructor and resolvers, so both give the same values, lines and messages."""
    loader = cast(type[yaml.SafeLoader], type(f"Line{base.__name__}", (_LineConstructor, base), {}))
    # the stubs type these methods by SafeConstructor, not by the class mixed in here
    loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
        loader.construct_mapping,  # type: ignore[type-var]
    )
    loader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
        loader.construct_sequence,  # type: ignore[type-var]
    )
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _AS_WRITTEN]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return loader


_LineLoader = make_loader(_BaseLoader)


def load_yaml(path: str | Path, *, loader: type[yaml.SafeLoader] | None = None) -> Any:
    """Parse a YAML file into YDict/YList with line numbers; syntax errors name the line.

    `loader` (from `make_loader`) is for tests and benchmarks comparing the two parsers."""
    path = Path(path)
    try:
        raw = read_limited(path, "POLKG_MAX_YAML_MB")
    except FileNotFoundError:
        raise UserError("file not found; check the path", file=str(path)) from None
    except OSError as err:
        raise UserError(
            f"cannot read the file ({err.strerror}); check that it is a file you may read",
            file=str(path),
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError(
            f"not UTF-8 text ({err.reason}); save it as UTF-8", file=str(path)
        ) from None
    try:
        return yaml.load(text, Loader=loader or _LineLoader)
    except _Refused as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise UserError(str(err.problem), file=str(path), line=line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = _safe(err.problem or err.context or "invalid YAML", 200)
        raise UserError(
            f"invalid YAML: {problem}; fix the syntax there", file=str(path), line=line
        ) from None
    except yaml.YAMLError as err:
        raise UserError(f"invalid YAML: {_safe(err, 200)}", file=str(path)) from None
    except RecursionError:
        raise UserError(
            "the YAML is nested too deeply to read; flatten it", file=str(path)
        ) from None
