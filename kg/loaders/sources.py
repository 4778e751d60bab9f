"""The source texts (`data/sources/{stem}.txt`) and the metadata beside each (`{stem}.yaml`).

A source is the unit of provenance: every claim quotes one, every fact lands in its named graph,
and its `pol:Source` node carries the SHA-256 of the text as stored so that anyone can check that
the quotes and offsets refer to exactly these bytes. The text is never edited or normalised:
offsets count Unicode code points of the file decoded as UTF-8, nothing else.

Metadata format (docs/model.md, "Curated files")::

    label: "Erdogan"            # required: the title where the text has one, else the curator's
    label_is_title: true        # required: false when the curator made the label up
    kind: news article          # required (null when unknown): see SOURCE_KINDS
    language: en                # required (null when unknown)
    publisher: null             # optional, null when unknown: never guess
    published: null             # optional: YYYY-MM-DD, YYYY-MM or YYYY
    url: null                   # optional: http(s) address
    context_year: 2019          # optional: the year that dates without a year take
    context_note: "…"           # optional: why that year
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.errors import ErrorCollector, UserError
from kg.ids import slug, source_graph_iri
from kg.loaders.yamlio import YDict, load_yaml
from kg.namespaces import ID, POL, SCHEMA, new_graph
from kg.precision import parse_date

REQUIRED_KEYS = ("label", "label_is_title", "kind", "language")
OPTIONAL_KEYS = ("publisher", "published", "url", "context_year", "context_note")
KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
_YEAR = re.compile(r"^\d{4}$")

# The words a curator writes as `kind`, and the kind of source each is for the consensus rule
# "authority" (DESIGN.md, "Provenance"): the deciding body's own record outranks a research
# dataset, which outranks what news and reference works report. An unknown kind is refused
# rather than guessed, since it would silently rank the source.
SOURCE_KINDS: dict[str, URIRef] = {
    "official record": POL.OfficialRecord,
    "official gazette": POL.OfficialRecord,
    "court ruling": POL.OfficialRecord,
    "election authority record": POL.OfficialRecord,
    "research dataset": POL.ResearchDataset,
    "news article": POL.NewsReport,
    "news report": POL.NewsReport,
    "wire report": POL.NewsReport,
    "broadcast transcript": POL.NewsReport,
    "encyclopedia excerpt": POL.ReferenceWork,
    "encyclopedia article": POL.ReferenceWork,
    "reference work": POL.ReferenceWork,
}
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Source:
    """One source text with its metadata; `text` is the file decoded as UTF-8, unchanged."""

    stem: str
    slug: str
    iri: URIRef
    graph_iri: URIRef
    path: Path
    text: str
    label: str
    label_is_title: bool
    kind: str | None
    language: str | None
    publisher: str | None
    published: Literal | None
    url: str | None
    context_year: int | None
    context_note: str | None
    sha256: str  # hex SHA-256 of the file's bytes as stored
    source_file: str  # path under the data folder: sources/{stem}.txt

    @property
    def code_points(self) -> int:
        """Length of the text in Unicode code points (what annotation offsets count)."""
        return len(self.text)


def source_iri(source_slug: str) -> URIRef:
    """The `pol:Source` node of a source: `id:source/{slug}`."""
    return ID[f"source/{source_slug}"]


def load_sources(data_dir: Path) -> list[Source]:
    """Every `sources/*.txt` under `data_dir` with its metadata, sorted by file name.

    Raises UserError for a text without metadata (or metadata without text), a text that is not
    UTF-8, and any problem in a metadata file (unknown or missing key, bad date)."""
    folder = Path(data_dir) / "sources"
    if not folder.is_dir():
        raise UserError(
            "no sources/ folder here: put each article in sources/{name}.txt with its "
            "metadata in sources/{name}.yaml",
            file=str(Path(data_dir)),
        )
    texts = sorted(folder.glob("*.txt"))
    stems = {p.stem for p in texts}
    for meta in sorted(folder.glob("*.yaml")):
        if meta.stem not in stems:
            raise UserError(
                f"metadata without a text: add sources/{meta.stem}.txt or remove this file",
                file=str(meta),
            )
    sources = []
    collector = ErrorCollector()
    for path in texts:
        with collector:
            sources.append(_load_one(path))
    collector.raise_if_any()
    slugs: dict[str, Path] = {}
    for source in sources:
        if source.slug in slugs:
            raise UserError(
                f"this source's id {source.slug!r} is the same as that of {slugs[source.slug].name}"
                ": rename one of the two files",
                file=str(source.path),
            )
        slugs[source.slug] = source.path
    return sources


def _load_one(path: Path) -> Source:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError(
            f"not UTF-8 text (byte {err.start}: {err.reason}); save the article as UTF-8",
            file=str(path),
        ) from None
    meta_path = path.with_suffix(".yaml")
    if not meta_path.is_file():
        raise UserError(
            f"no metadata for this text: write {meta_path.name} beside it (label, "
            "label_is_title, kind, language; see docs/model.md)",
            file=str(path),
        )
    meta = load_yaml(meta_path)
    return _from_metadata(path, text, raw, meta, meta_path)


def _from_metadata(path: Path, text: str, raw: bytes, meta: Any, meta_path: Path) -> Source:
    file = str(meta_path)
    if not isinstance(meta, YDict):
        raise UserError(
            "the metadata must be a mapping of keys (label, label_is_title, kind, language, …)",
            file=file,
            line=getattr(meta, "line", 1) or 1,
        )
    for key in meta:
        if key not in KEYS:
            raise UserError(
                f"unknown key {key!r}: use only {', '.join(KEYS)}",
                file=file,
                line=meta.line_of(key),
            )
    for key in REQUIRED_KEYS:
        if key not in meta:
            raise UserError(
                f"missing key {key!r}: add it (null when unknown, except label and label_is_title)",
                file=file,
                line=meta.line,
            )

    def text_or_none(key: str, *, required: bool = False) -> str | None:
        value = meta.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise UserError(
                f"{key!r} must be a non-empty text" + ("" if required else " or null"),
                file=file,
                line=meta.line_of(key),
            )
        return value.strip()

    label = text_or_none("label", required=True)
    assert label is not None
    label_is_title = meta["label_is_title"]
    if not isinstance(label_is_title, bool):
        raise UserError(
            "'label_is_title' must be true or false", file=file, line=meta.line_of("label_is_title")
        )
    published = None
    if meta.get("published") is not None:
        try:
            published = parse_date(str(meta["published"])).literal
        except ValueError as err:
            raise UserError(
                f"bad 'published' date: {err}", file=file, line=meta.line_of("published")
            ) from None
    kind = text_or_none("kind")
    if kind is not None and kind.lower() not in SOURCE_KINDS:
        raise UserError(
            f"unknown kind {kind!r}: write one of {', '.join(sorted(SOURCE_KINDS))}, or null",
            file=file,
            line=meta.line_of("kind"),
        )
    url = text_or_none("url")
    if url is not None and not _URL.match(url):
        raise UserError(
            f"'url' {url!r} is not an http(s) address: fix it or write null",
            file=file,
            line=meta.line_of("url"),
        )
    context_year = None
    if meta.get("context_year") is not None:
        value = str(meta["context_year"]).strip()
        if not _YEAR.match(value):
            raise UserError(
                f"'context_year' must be a four-digit year, not {value!r}",
                file=file,
                line=meta.line_of("context_year"),
            )
        context_year = int(value)
    stem = path.stem
    source_slug = slug(stem)
    return Source(
        stem=stem,
        slug=source_slug,
        iri=source_iri(source_slug),
        graph_iri=source_graph_iri(source_slug),
        path=path,
        text=text,
        label=label,
        label_is_title=label_is_title,
        kind=kind,
        language=text_or_none("language"),
        publisher=text_or_none("publisher"),
        published=published,
        url=url,
        context_year=context_year,
        context_note=text_or_none("context_note"),
        sha256=hashlib.sha256(raw).hexdigest(),
        source_file=f"sources/{path.name}",
    )


def source_triples(source: Source) -> Graph:
    """The `pol:Source` node: label, the dcterms fields that are known, hash, length, file.

    Unknown metadata is left out rather than written as an empty value: an absent publisher
    means "not known", which a query can tell from a publisher that is known."""
    graph = new_graph()
    node = source.iri
    graph.add((node, RDF.type, POL.Source))
    graph.add((node, RDFS.label, Literal(source.label)))
    if source.label_is_title:
        graph.add((node, DCTERMS.title, Literal(source.label)))
    if source.kind:
        graph.add((node, DCTERMS.type, Literal(source.kind)))
        graph.add((node, POL.sourceKind, SOURCE_KINDS[source.kind.lower()]))
    if source.language:
        graph.add((node, DCTERMS.language, Literal(source.language)))
    if source.publisher:
        graph.add((node, DCTERMS.publisher, Literal(source.publisher)))
    if source.published is not None:
        graph.add((node, DCTERMS.issued, source.published))
    if source.url:
        graph.add((node, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
    if source.context_note:
        graph.add((node, RDFS.comment, Literal(source.context_note)))
    graph.add((node, POL.sha256, Literal(source.sha256)))
    graph.add((node, POL.codePoints, Literal(source.code_points, datatype=XSD.integer)))
    graph.add((node, POL.sourceFile, Literal(source.source_file)))
    return graph
