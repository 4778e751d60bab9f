"""Reading RDF files of any common syntax, safely: nothing a file names is ever fetched.

Three features of RDF syntaxes reach outside the file: a JSON-LD `@context` (or `@import`)
given as an IRI, which rdflib downloads; an XML DOCTYPE with an external DTD or entity, which
an XML parser may open; and `owl:imports`, which some tools follow. polkg refuses the first
two before the parser sees the file (with a message saying what to change) and never follows
the third (rdflib does not, and we never ask it to). `kg.safety.install_network_guard()`
remains the last line of defence; these checks exist so the user gets a clear sentence
instead of a blocked socket.

The XML check reads the DOCTYPE with expat itself, the parser rdflib uses, so it decodes the
file exactly as the parser will (by BOM or XML declaration, UTF-16 without a BOM included); a
text scan could be fooled by an entity value holding `]>` or by an encoding it guessed wrong,
and let an entity nest through that expands a few hundred bytes into gigabytes.

Syntax errors become a `UserError` naming the file and the line, and saying what kind of
problem it is, never quoting the file: an RDF file may hold secrets, and a message may end up
in a log. Files larger than `POLKG_MAX_RDF_MB` are refused before parsing; input nested too
deeply for the parsers (a 5,000-deep Turtle list) is refused, not crashed on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.parsers import expat
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import UserError
from kg.namespaces import new_dataset, new_graph
from kg.safety import NetworkBlocked, read_limited

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

_QUOTED = re.compile(r"""'[^']*'|"[^"]*"|<[^>]*>""")


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
        raw = read_limited(path, "POLKG_MAX_RDF_MB")
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
            f"{_NAMES[fmt]} syntax error ({_kind(getattr(err, '_why', ''))}); fix that line",
            file=str(path),
            line=err.lines + 1,
        ) from None
    except SAXParseException as err:
        raise UserError(
            f"RDF/XML syntax error ({_kind(err.getMessage())}); fix that line",
            file=str(path),
            line=err.getLineNumber(),
        ) from None
    except ParserError as err:
        line = _first_bad_line(raw, fmt) if fmt in _LINE_FORMATS else None
        raise UserError(
            f"{_NAMES[fmt]} syntax error ({_kind(str(err))}); fix that line",
            file=str(path),
            line=line,
        ) from None
    except json.JSONDecodeError as err:  # pragma: no cover - caught by the pre-scan
        raise UserError(
            f"JSON syntax error ({err.msg}); fix that line", file=str(path), line=err.lineno
        ) from None
    except UnicodeDecodeError:
        raise UserError("the file is not valid UTF-8; save it as UTF-8", file=str(path)) from None
    except RecursionError:
        raise _too_deep(path, fmt) from None
    except NetworkBlocked:
        raise  # the guard's own sentence says what was refused
    except (IndexError, AssertionError):
        # rdflib's Turtle/TriG/N3 parser runs off the end of a statement that is cut short
        raise UserError(
            f"cannot parse it as {_NAMES[fmt]}: a statement is cut short or malformed "
            "(often the last one); complete or fix it",
            file=str(path),
        ) from None
    except Exception as err:
        # rdflib's parsers signal malformed input with many types: ValueError for bad IRIs,
        # TypeError for odd JSON-LD shapes
        raise UserError(
            f"cannot parse it as {_NAMES[fmt]} ({_kind(str(err)) or type(err).__name__}); "
            "the file is malformed or cut short: fix it",
            file=str(path),
        ) from None
    return dataset


def _kind(message: str) -> str:
    """The parser's description of a problem without any text of the file: quoted parts and
    everything after the first colon or " at " (where rdflib puts the offending text) are
    dropped."""
    text = re.split(r":| at ", str(message), maxsplit=1)[0]
    text = _QUOTED.sub("…", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:120]


def _too_deep(path: Path, fmt: str) -> UserError:
    return UserError(
        f"the {_NAMES[fmt]} is nested too deeply to read (lists or objects inside each other "
        "thousands of levels down); flatten it",
        file=str(path),
    )


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


class _Refused(Exception):
    """A DOCTYPE polkg will not let the XML parser act on; `args` = (message, line)."""


_EXTERNAL = (
    "the XML DOCTYPE names an external DTD or entity (SYSTEM/PUBLIC), which polkg never "
    "opens; remove the DOCTYPE or replace the external entities by their text"
)
_PIECES = (
    "a text is built from so many pieces (entity or character references, lines) that reading "
    "it would take minutes (the RDF/XML reader joins the pieces one by one); write the text "
    "out, or split it"
)
# characters rdflib would copy joining one text's pieces (it appends each to a growing string):
# about a second of copying; a text of a few hundred kilobytes in one piece costs nothing
_TEXT_COST_MAX = 4_000_000_000
_NESTED = (
    "the XML DOCTYPE declares a parameter entity or an entity built from other entities, "
    "which polkg refuses (a few such lines can expand to gigabytes); write the values out "
    "in full"
)


def _refuse_xml_doctype(raw: bytes, path: Path) -> None:
    """Refuse XML that could make the parser open anything, expand without bound, or stall.

    Reads the document with expat, which decodes it as rdflib's parser will. Internal entity
    declarations with plain values (`<!ENTITY owl "http://…#">`, common in OWL files) are
    harmless and allowed; an external DTD or entity (SYSTEM/PUBLIC), a parameter entity, an
    unparsed entity, or an entity whose value refers to another entity is refused. So is a
    text built from so many pieces (entity or character references) that rdflib, which joins
    them one by one into an ever longer string, would take minutes on a file of kilobytes."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    where = {"line": 1}  # DOCTYPE messages name the DOCTYPE's line
    text = {"length": 0, "cost": 0}  # the current text's length, and rdflib's copying so far

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        where["line"] = parser.CurrentLineNumber
        if system or public:
            raise _Refused(_EXTERNAL, where["line"])

    def entity(
        name: str,
        is_parameter: int,
        value: str | None,
        base: str | None,
        system: str | None,
        public: str | None,
        notation: str | None,
    ) -> None:
        if system or public:
            raise _Refused(_EXTERNAL, where["line"])
        if is_parameter or notation or value is None or "&" in value or "%" in value:
            raise _Refused(_NESTED, where["line"])

    def boundary(*_: Any) -> None:
        text["length"] = 0

    def characters(data: str) -> None:
        text["length"] += len(data)
        text["cost"] += text["length"]
        if text["cost"] > _TEXT_COST_MAX:
            raise _Refused(_PIECES, parser.CurrentLineNumber)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = boundary
    parser.EndElementHandler = boundary
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(raw, True)
    except _Refused as refused:
        message, line = refused.args
        raise UserError(message, file=str(path), line=line) from None
    except expat.ExpatError as err:
        raise UserError(
            f"RDF/XML syntax error ({expat.errors.messages[err.code]}); fix that line",
            file=str(path),
            line=err.lineno,
        ) from None


def _refuse_remote_context(raw: bytes, path: Path) -> None:
    """Refuse a JSON-LD `@context`/`@import` given by reference: rdflib would fetch it."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
        reference = _context_reference(document)
    except RecursionError:
        raise _too_deep(path, "json-ld") from None
    except UnicodeDecodeError:
        raise UserError("the file is not valid UTF-8; save it as UTF-8", file=str(path)) from None
    except json.JSONDecodeError as err:
        raise UserError(
            f"JSON syntax error ({err.msg}); fix that line", file=str(path), line=err.lineno
        ) from None
    if reference is not None:
        raise UserError(
            f"the JSON-LD @context refers to {_origin(reference)}, which polkg never fetches; "
            "put the context inline in the file (an object, not an IRI)",
            file=str(path),
        )


def _origin(reference: str) -> str:
    """A reference without its query and fragment (which may carry a token)."""
    parts = urlsplit(reference)
    if parts.scheme and parts.netloc:
        return repr(f"{parts.scheme}://{parts.netloc}{parts.path}")
    return "an IRI"


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
