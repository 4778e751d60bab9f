"""Reading RDF files of any common syntax, safely: nothing a file names is ever fetched.

Three features of RDF syntaxes reach outside the file: a JSON-LD `@context` (or `@import`)
given as an IRI, which rdflib downloads; an XML DOCTYPE with an external DTD or entity, which
an XML parser may open; and `owl:imports`, which some tools follow. polkg refuses the first
two before the parser sees the file (with a message saying what to change) and never follows
the third (rdflib does not, and we never ask it to). `kg.safety.install_network_guard()`
remains the last line of defence; these checks exist so the user gets a clear sentence
instead of a blocked socket.

Syntax errors become a `UserError` naming the file and the line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import UserError
from kg.namespaces import new_dataset, new_graph

# extension -> rdflib parser name
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".n3": "n3",
}
_NAMES = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
    "n3": "N3",
}
_LINE_FORMATS = frozenset({"nt", "nquads"})

_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_EXTERNAL_ID = re.compile(r"\b(SYSTEM|PUBLIC)\b")
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?[^\s>]+\s+(\"[^\"]*\"|'[^']*')")
_SUBSET_END = re.compile(r"\]\s*>")


def guess_format(path: Path) -> str:
    """The rdflib parser name for `path`, chosen by its extension.

    Raises `UserError` for an extension polkg does not read, listing the ones it does."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        known = " ".join(sorted({ext for ext in FORMATS}))
        raise UserError(
            f"cannot tell the RDF syntax from the extension {Path(path).suffix!r}; "
            f"rename the file to one of: {known}",
            file=str(path),
        )
    return fmt


def parse_rdf_file(path: Path, fmt: str | None = None) -> Dataset:
    """Parse one RDF file into a fresh Dataset (prefixes bound), fetching nothing.

    Triples of a triple syntax (Turtle, N-Triples, RDF/XML, N3) go to the default graph;
    quads keep their named graphs. `fmt` (an rdflib parser name, a value of FORMATS) overrides
    the extension. Unreadable files, unknown extensions, syntax errors and references to
    remote content raise `UserError` naming the file (and the line where the parser tells
    it)."""
    path = Path(path)
    fmt = fmt or guess_format(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError("no such file; check the path", file=str(path)) from None
    except IsADirectoryError:
        raise UserError(
            "is a folder, not an RDF file; name the files inside it", file=str(path)
        ) from None
    except OSError as err:
        raise UserError(
            f"cannot read the file ({err.strerror}); check its permissions", file=str(path)
        ) from None

    return parse_rdf_data(raw, fmt, path, base=path.resolve().as_uri())


def parse_rdf_data(raw: bytes, fmt: str, path: Path, *, base: str | None = None) -> Dataset:
    """Parse `raw` bytes of syntax `fmt` (an rdflib parser name) as `parse_rdf_file` does;
    `path` names the input in messages (`<stdin>` for standard input)."""
    if fmt == "xml":
        _refuse_xml_doctype(raw, path)
    elif fmt == "json-ld":
        _refuse_remote_context(raw, path)

    dataset = new_dataset()
    try:
        with _quiet_literal_warnings():
            dataset.parse(data=raw, format=fmt, publicID=base or "urn:polkg:stdin")
    except BadSyntax as err:
        raise UserError(
            f"{_NAMES[fmt]} syntax error ({getattr(err, '_why', err)}); fix that line",
            file=str(path),
            line=err.lines + 1,
        ) from None
    except SAXParseException as err:
        raise UserError(
            f"RDF/XML syntax error ({err.getMessage()}); fix that line",
            file=str(path),
            line=err.getLineNumber(),
        ) from None
    except ParserError as err:
        line = _first_bad_line(raw, fmt) if fmt in _LINE_FORMATS else None
        raise UserError(
            f"{_NAMES[fmt]} syntax error ({str(err).strip()}); fix that line",
            file=str(path),
            line=line,
        ) from None
    except json.JSONDecodeError as err:  # pragma: no cover - caught by the pre-scan
        raise UserError(
            f"JSON syntax error ({err.msg}); fix that line", file=str(path), line=err.lineno
        ) from None
    except UnicodeDecodeError:
        raise UserError("the file is not valid UTF-8; save it as UTF-8", file=str(path)) from None
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        # rdflib's parsers signal many malformed inputs with these (bad IRIs, bad JSON-LD shapes)
        raise UserError(
            f"cannot parse it as {_NAMES[fmt]} ({err}); fix the file", file=str(path)
        ) from None
    return dataset


@contextlib.contextmanager
def _quiet_literal_warnings() -> Iterator[None]:
    """Silence rdflib's traceback for ill-typed literals ("2019-02-30"^^xsd:date) while parsing.

    rdflib logs each one with a full traceback; the file is still parsed, and validation
    reports the bad value with its node and a sentence, which is what the user needs."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def merged_graph(dataset: Dataset) -> Graph:
    """Every triple of every graph of `dataset` in one plain Graph (prefixes bound)."""
    graph = new_graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _first_bad_line(raw: bytes, fmt: str) -> int | None:
    """The 1-based line of the first statement rdflib refuses in a line-based syntax.

    rdflib's N-Triples/N-Quads errors carry no line number; the syntax is one statement per
    line, so parsing line by line finds it."""
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            Dataset().parse(data=text + "\n", format=fmt)
        except Exception:  # any failure on this line is the one we are looking for
            return number
    return None


def _decode_for_scan(raw: bytes) -> str:
    """Text for the pre-scans, whatever the encoding the BOM announces (UTF-8 otherwise)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8", errors="replace")


def _refuse_xml_doctype(raw: bytes, path: Path) -> None:
    """Refuse a DOCTYPE that could make the XML parser open anything or expand without bound.

    Internal entity declarations with plain values (`<!ENTITY owl "http://…#">`, common in
    OWL files) are harmless and allowed; an external DTD or entity (SYSTEM/PUBLIC), a
    parameter entity, or an entity whose value refers to another entity is refused."""
    text = _decode_for_scan(raw)
    match = _DOCTYPE.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    prolog = text[match.start() : match.end() + _doctype_length(text[match.end() :])]
    if _EXTERNAL_ID.search(_ENTITY.sub("", prolog)):
        raise UserError(
            "the XML DOCTYPE names an external DTD or entity (SYSTEM/PUBLIC), which polkg never "
            "opens; remove the DOCTYPE or replace the external entities by their text",
            file=str(path),
            line=line,
        )
    for entity in _ENTITY.finditer(prolog):
        if entity.group(1) or "&" in entity.group(2) or "%" in entity.group(2):
            raise UserError(
                "the XML DOCTYPE declares a parameter entity or an entity built from other "
                "entities, which polkg refuses; write the values out in full",
                file=str(path),
                line=line,
            )


def _doctype_length(rest: str) -> int:
    """How far the DOCTYPE declaration runs in `rest` (the text after `<!DOCTYPE`)."""
    bracket, close = rest.find("["), rest.find(">")
    if bracket != -1 and (close == -1 or bracket < close):
        end = _SUBSET_END.search(rest, bracket)
        return end.end() if end else len(rest)
    return close + 1 if close != -1 else len(rest)


def _refuse_remote_context(raw: bytes, path: Path) -> None:
    """Refuse a JSON-LD `@context`/`@import` given by reference: rdflib would fetch it."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError("the file is not valid UTF-8; save it as UTF-8", file=str(path)) from None
    except json.JSONDecodeError as err:
        raise UserError(
            f"JSON syntax error ({err.msg}); fix that line", file=str(path), line=err.lineno
        ) from None
    reference = _context_reference(document)
    if reference is not None:
        raise UserError(
            f"the JSON-LD @context refers to {reference!r}, which polkg never fetches; "
            "put the context inline in the file (an object, not an IRI)",
            file=str(path),
        )


def _context_reference(node: Any) -> str | None:
    """The first context given by reference (a string) anywhere in a JSON-LD document."""
    if isinstance(node, list):
        for item in node:
            found = _context_reference(item)
            if found is not None:
                return found
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        return ctx
                    if isinstance(ctx, dict) and isinstance(ctx.get("@import"), str):
                        return ctx["@import"]
            found = _context_reference(value)
            if found is not None:
                return found
    return None
