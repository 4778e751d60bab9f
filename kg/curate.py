"""Curator helpers: add an article to a project, and find the node ids that exist already.

The slow parts of curation are bookkeeping: naming the text so that it can never be confused
with another, writing its metadata in the right shape, and finding which id the corpus already
uses for a person or an event (a claim about "Imamoglu" must say `person/ekrem-imamoglu`, a
claim about the rerun `election/2019-06-23-istanbul-mayor`). These helpers do the bookkeeping;
what a text states stays the curator's job.

Names of added sources: `NNN_<hash>` where NNN is the next free number in `sources/` (three
digits, the order sources are listed and compared in) and <hash> the first 16 hexadecimal
digits of the SHA-256 of the text's bytes. The same text added twice is refused.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.errors import UserError, did_you_mean
from kg.loaders.entities import Entity
from kg.project import Project
from kg.safety import write_atomic

HASH_DIGITS = 16
_NUMBERED = re.compile(r"^(\d+)_")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class SourceMeta:
    """What `polkg add-source` knows about a text; None where the curator did not say."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    kind: str | None = None


def source_stem(folder: Path, raw: bytes) -> str:
    """`NNN_<hash>` for a new text in `folder` (the project's sources/)."""
    digest = hashlib.sha256(raw).hexdigest()[:HASH_DIGITS]
    numbers = [
        int(m.group(1)) for p in folder.glob("*.txt") if (m := _NUMBERED.match(p.name)) is not None
    ]
    return f"{max(numbers, default=-1) + 1:03d}_{digest}"


def add_source(project: Project, raw: bytes, meta: SourceMeta, *, origin: str) -> list[Path]:
    """Copy the text `raw` (from `origin`, for messages) into the project with its metadata
    and an empty claims file; the paths written. Refuses the bundled corpus, a text that is
    not UTF-8, a text already added, and metadata polkg could not read back."""
    if project.bundled:
        raise UserError(
            "the bundled corpus is read-only: start a project of your own with "
            "`polkg init DIR`, then add sources to it (or give --project DIR)"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError(
            f"not UTF-8 text (byte {err.start}); save the article as UTF-8 and add it again",
            file=origin,
        ) from None
    if not text.strip():
        raise UserError("the text is empty: give the article's text", file=origin)
    _check_meta(meta)
    folder = project.root / "sources"
    digest = hashlib.sha256(raw).hexdigest()[:HASH_DIGITS]
    for existing in sorted(folder.glob(f"*_{digest}.txt")):
        raise UserError(
            f"this text is already in the project as sources/{existing.name}", file=origin
        )
    stem = source_stem(folder, raw)
    label = meta.title or _first_line(text)
    language = meta.language or project.language
    lines = [
        f'# Metadata of sources/{stem}.txt (docs/model.md, "Curated files"). Only what the',
        "# text or its publisher makes known: leave null what you do not know, never guess.",
        f"label: {_yaml(label)}",
        f"label_is_title: {'true' if meta.title else 'false'}"
        + ("" if meta.title else "   # the text's first line; true if it is the title"),
        f"kind: {_yaml(meta.kind)}",
        f"language: {_yaml(language)}",
        f"publisher: {_yaml(meta.publisher)}",
        f"published: {_yaml(meta.published)}",
        f"url: {_yaml(meta.url)}",
        "# context_year: 2019      # the year that dates without a year take, if the text",
        '# context_note: "…"       # leaves years implicit, and why',
    ]
    claims = [
        f"# What source {stem} ({label[:60]}) states: one claim per fact, each with the sentence",
        '# that supports it, copied from the text (docs/model.md, "Curated files").',
        "# `polkg nodes TEXT` lists the node ids that exist; `polkg check` checks this file.",
        f"source: {stem}",
        "claims: []",
    ]
    return [
        write_atomic(folder / f"{stem}.txt", raw),
        write_atomic(folder / f"{stem}.yaml", "\n".join(lines) + "\n"),
        write_atomic(project.root / "claims" / f"{stem}.yaml", "\n".join(claims) + "\n"),
    ]


def _check_meta(meta: SourceMeta) -> None:
    from kg.precision import parse_date

    if meta.published is not None:
        try:
            parse_date(meta.published)
        except ValueError as err:
            raise UserError(
                f"--published {meta.published!r}: {err}; write YYYY-MM-DD, YYYY-MM or YYYY"
            ) from None
    if meta.url is not None and not _URL.match(meta.url):
        raise UserError(f"--url {meta.url!r} is not an http(s) address")
    for name in ("title", "publisher", "language", "kind"):
        value = getattr(meta, name)
        if value is not None and not value.strip():
            raise UserError(f"--{name} is empty: give a text or leave the option out")


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= 120 else line[:119] + "…"


def _yaml(value: str | None) -> str:
    """A YAML scalar: null, or a double-quoted string (JSON's escaping is valid YAML)."""
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Node:
    """A node id a claim may refer to, with its label, types and every spelling known."""

    id: str
    label: str
    types: tuple[str, ...]
    spellings: tuple[str, ...]
    where: str  # file:line where it is defined


def known_nodes(project: Project) -> list[Entity]:
    """The project's entities, with the spellings the last build saw for each (from
    out/resolution.csv, when built) as alt labels, and the nodes its claims describe, as
    resolver entities."""
    from kg.loaders.registry import load_corpus
    from kg.loaders.yamlio import YDict
    from kg.namespaces import ID, POL

    corpus = load_corpus(project.data_dir)
    spellings: dict[str, set[str]] = {}
    report = project.out_dir / "resolution.csv"
    if report.is_file():
        with report.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                spellings.setdefault(row["entity_id"], set()).add(row["mention"])
    seen = {k: tuple(sorted(v)) for k, v in spellings.items()}
    # the spellings the sources use count as names, so the resolver's rule matches them too
    entities = [
        replace(e, alt_labels=(*e.alt_labels, *(n for n in seen.get(e.id, ()) if n not in e.names)))
        for e in corpus.entities
    ]
    known = {e.id for e in entities}
    described: dict[str, dict[str, Any]] = {}  # node id -> first types, label, where
    for claims in corpus.claims:
        for claim in claims.data["claims"]:
            about = claim.get("about")
            if not isinstance(about, YDict):
                continue
            for node_id, desc in about.items():
                if node_id in known or not isinstance(desc, YDict):
                    continue
                info = described.setdefault(
                    node_id, {"where": (str(claims.path), about.line_of(node_id))}
                )
                types = desc.get("type") or []
                if types and "types" not in info:
                    info["types"] = [types] if isinstance(types, str) else list(types)
                if isinstance(desc.get("label"), str) and "label" not in info:
                    info["label"] = desc["label"]
    for node_id, info in described.items():
        entities.append(
            Entity(
                id=node_id,
                iri=ID[node_id],
                types=tuple(POL[str(t).removeprefix("pol:")] for t in info.get("types", [])),
                label=info.get("label", node_id),
                alt_labels=(),
                exact_match=(),
                file=info["where"][0],
                line=info["where"][1],
            )
        )
    return entities


def find_nodes(project: Project, text: str | None = None, kind: str | None = None) -> list[Node]:
    """The nodes matching `text` (by kg.resolve's rule: folded and fuzzy, plus its
    did-you-mean suggestions and folded containment in a name or id), of id kind `kind`;
    every node when `text` is None. Sorted best first, then by id."""
    from kg.ids import fold
    from kg.resolve import Resolver

    entities = known_nodes(project)
    kinds = sorted({e.id.split("/", 1)[0] for e in entities})
    if kind is not None and kind not in kinds:
        raise UserError(
            f"--kind {kind!r}: no node of that kind{did_you_mean(kind, kinds)}; "
            f"kinds in this project: {', '.join(kinds) or 'none'}"
        )
    pool = [e for e in entities if kind is None or e.id.startswith(kind + "/")]
    if text is None:
        ranked = sorted(pool, key=lambda e: e.id)
    else:
        resolver = Resolver(pool)
        ranked = [e for e, _ in resolver.candidates(text)]
        ranked += resolver.suggestions(text, limit=5)
        key = fold(text)
        ranked += sorted(
            (e for e in pool if key and any(key in fold(name) for name in (*e.names, e.id))),
            key=lambda e: e.id,
        )
        unique: dict[str, Entity] = {}
        for entity in ranked:
            unique.setdefault(entity.id, entity)  # the first (best) place wins
        ranked = list(unique.values())
    return [
        Node(
            id=e.id,
            label=e.label,
            types=tuple(str(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in e.types),
            spellings=tuple(n for n in dict.fromkeys(e.names) if n != e.label),
            where=f"{e.file}:{e.line}",
        )
        for e in ranked
    ]
