"""What every dataset loader shares: the `pol:Source` node, the load report, progress bars,
CSV rows with their line numbers, and literals written one way.

A research dataset (ParlGov, a Popolo file, an RDF file) is a source like a news article: it
goes into its own named graph `src:{slug}` with a `pol:Source` node `id:source/{slug}` that says
what it is (name, version or date, license) and, through `pol:sourceKind pol:ResearchDataset`,
how much the consensus trusts it. Loading is forgiving row by row and strict file by file: a row
that cannot be used is skipped and reported with its file, line and reason (never silently); a
file that cannot be used at all stops the build with a `UserError`.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.errors import UserError
from kg.ids import source_graph_iri
from kg.namespaces import ID, POL, SCHEMA, new_graph
from kg.precision import decimal_literal

T = TypeVar("T")

_WIKI = re.compile(r"^https?://([a-z-]+)\.wikipedia\.org/wiki/\S+$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class DatasetInfo:
    """How a dataset describes itself in its `pol:Source` node."""

    slug: str
    label: str
    version: str | None = None  # a release or commit
    issued: str | None = None  # ISO date of the release
    license: str | None = None  # an IRI (SPDX or Creative Commons)
    url: str | None = None
    publisher: str | None = None
    sha256: str | None = None

    @property
    def iri(self) -> URIRef:
        return ID[f"source/{self.slug}"]

    @property
    def graph_iri(self) -> URIRef:
        return source_graph_iri(self.slug)


def source_node(info: DatasetInfo) -> Graph:
    """The `pol:Source` triples of a dataset (kind `pol:ResearchDataset`)."""
    graph = new_graph()
    node = info.iri
    graph.add((node, RDF.type, POL.Source))
    graph.add((node, RDFS.label, Literal(info.label)))
    graph.add((node, POL.sourceKind, POL.ResearchDataset))
    graph.add((node, DCTERMS.type, Literal("research dataset")))
    if info.version:
        graph.add((node, SCHEMA.version, Literal(info.version)))
    if info.issued:
        graph.add((node, DCTERMS.issued, Literal(info.issued, datatype=XSD.date)))
    if info.license:
        graph.add((node, DCTERMS.license, URIRef(info.license)))
    if info.url:
        graph.add((node, SCHEMA.url, Literal(info.url, datatype=XSD.anyURI)))
    if info.publisher:
        graph.add((node, DCTERMS.publisher, Literal(info.publisher)))
    if info.sha256:
        graph.add((node, POL.sha256, Literal(info.sha256)))
    return graph


@dataclass(frozen=True)
class Skipped:
    """One row left out, where it is and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


@dataclass
class LoadReport:
    """Rows loaded per table and every row skipped with its reason: nothing is left out silently."""

    dataset: str
    loaded: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def skip(self, file: str | Path, line: int | None, reason: str) -> None:
        self.skipped.append(Skipped(Path(file).name, line, reason))

    def summary(self) -> str:
        """One line: what was loaded, how many rows were skipped."""
        parts = ", ".join(f"{n:,} {table}" for table, n in sorted(self.loaded.items()))
        text = f"{self.dataset}: loaded {parts or 'nothing'}"
        if self.skipped:
            text += f"; skipped {len(self.skipped):,} rows (see datasets.md)"
        return text

    def markdown(self) -> str:
        """The loading report: counts per table, then each skipped row with file, line, reason."""
        lines = [f"## {self.dataset}", "", "| table | rows loaded |", "|---|---:|"]
        lines += [f"| {table} | {n:,} |" for table, n in sorted(self.loaded.items())]
        lines.append("")
        lines += [f"- {note}" for note in self.notes]
        if self.notes:
            lines.append("")
        if self.skipped:
            reasons = Counter(s.reason.split(":")[0] for s in self.skipped)
            lines.append(f"{len(self.skipped):,} rows skipped:")
            lines.append("")
            lines += [f"- {n:,} × {reason}" for reason, n in sorted(reasons.items())]
            lines.append("")
            lines += [f"- `{s}`" for s in self.skipped]
        else:
            lines.append("No row skipped.")
        lines.append("")
        return "\n".join(lines)


def progress(items: Iterable[T], *, desc: str, total: int | None = None) -> Iterator[T]:
    """`items` with a progress bar on stderr when stderr is a terminal; plain otherwise.

    tqdm's `disable=None` already turns the bar off off a terminal; checking `isatty` here too
    keeps pytest's captured stderr and CI logs free of bar fragments."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm  # only on a terminal

    yield from tqdm(items, desc=desc, total=total, unit=" rows", leave=False, disable=None)


def read_csv(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with a header, as (line where the row starts, {column: text}).

    Raises UserError when the file is missing, not UTF-8, or lacks a required column (the file
    as a whole is unusable). A row with the wrong number of fields is yielded with the key
    `None` holding the reason, so the caller can skip it with its line."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise UserError(
            "no such file: a ParlGov folder holds the nine legacy CSV tables; check the path",
            file=str(path),
        ) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise UserError("the file is empty: it needs a header line", file=str(path))
            missing = [c for c in required if c not in header]
            if missing:
                raise UserError(
                    f"the header lacks the column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)}: use the table as ParlGov publishes it",
                    file=str(path),
                    line=1,
                )
            start = reader.line_num + 1
            for fields in reader:
                line = start
                start = reader.line_num + 1
                if not any(f.strip() for f in fields):
                    continue  # a blank line is not a row
                if len(fields) != len(header):
                    yield (
                        line,
                        {
                            "": f"malformed row: {len(fields)} fields where the header has "
                            f"{len(header)}"
                        },
                    )
                    continue
                yield line, dict(zip(header, fields, strict=True))
        except UnicodeDecodeError:
            raise UserError(
                "the file is not valid UTF-8; save it as UTF-8", file=str(path)
            ) from None
        except csv.Error as err:
            raise UserError(
                f"not a readable CSV file ({err}); fix that line",
                file=str(path),
                line=reader.line_num,
            ) from None


class RowError(ValueError):
    """A value in a row polkg cannot use; the message is the reason the row is skipped."""


def integer(row: dict[str, str], column: str, *, required: bool = False) -> int | None:
    """The column as a non-negative integer; None when empty (RowError if required)."""
    text = row.get(column, "").strip()
    if not text or text.upper() == "NA":
        if required:
            raise RowError(f"no {column}")
        return None
    try:
        value = int(text)
    except ValueError:
        raise RowError(f"{column} {text!r} is not a whole number") from None
    if value < 0:
        raise RowError(f"{column} {value} is negative")
    return value


def key(row: dict[str, str], column: str) -> int:
    """A required non-negative integer column (an id or a reference); RowError otherwise."""
    value = integer(row, column, required=True)
    if value is None:  # pragma: no cover - integer() raises first
        raise RowError(f"no {column}")
    return value


def decimal(
    row: dict[str, str], column: str, *, low: int = 0, high: int | None = None
) -> Literal | None:
    """The column as an `xsd:decimal` literal in rdflib's canonical form; None when empty."""
    text = row.get(column, "").strip()
    if not text or text.upper() == "NA":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(f"{column} {text!r} is not a number") from None
    if not value.is_finite() or value < low or (high is not None and value > high):
        raise RowError(f"{column} {text} is outside {low}–{high}")
    return decimal_literal(value)


def count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def day(text: str, what: str) -> Literal | None:
    """An ISO date (YYYY-MM-DD) as `xsd:date`; None when empty; RowError when not a date."""
    text = text.strip()
    if not text:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None
    if len(text) != 10:
        raise RowError(f"{what} {text!r} is not a date (YYYY-MM-DD)")
    return Literal(text, datatype=XSD.date)


def web_link(text: str) -> URIRef | None:
    """A link as an IRI, or None when empty or not an http(s) IRI rdflib can write."""
    text = text.strip()
    if not text or not _IRI.match(text):
        return None
    return URIRef(text)


def wikipedia_key(url: str) -> str | None:
    """A Wikipedia link reduced to compare it with others: `en:binali yildirim` for
    http(s)://en.wikipedia.org/wiki/Binali_Y%C4%B1ld%C4%B1r%C4%B1m."""
    from urllib.parse import unquote

    from kg.ids import fold

    match = _WIKI.match(url.strip())
    if not match:
        return None
    title = unquote(url.strip().split("/wiki/", 1)[1]).replace("_", " ")
    return f"{match.group(1)}:{fold(title)}"


def result_iri(election: URIRef, party: URIRef) -> URIRef:
    """A party's list result in an election: `id:result/{election slug}-{party slug}`.

    Derived from both nodes so that a news claim about the same result, written with the same
    ids, meets the dataset's value in the consensus; the linker re-derives it when it gives the
    party another IRI."""
    return ID[f"result/{_local(election)}-{_local(party)}"]


def _local(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]
