"""`polkg extract` as a library call: read an article, its metadata, the data it is read
against, and produce the report, the draft and the check.

The data is given as data folders (`--data DIR`, the layout of `data/`): their entities are
what mentions link to and their claims make the graph facts are checked against (built in
memory with `kg.build.assemble`, so a stale `out/` can never mislead a check). A project
(`polkg init`, `polkg add-source`) is such a folder with a `polkg.toml`; wiring it in means
passing its folder here and writing the draft to its `claims/{stem}.yaml`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kg.errors import UserError
from kg.extract.article import Extraction, extract
from kg.extract.graph import GraphIndex, build_index
from kg.extract.mentions import MentionFinder, mention_annotations
from kg.ids import slug
from kg.loaders.entities import Entity
from kg.namespaces import ID


@dataclass(frozen=True)
class ArticleInfo:
    """What is known of an article besides its text."""

    path: Path
    text: str
    stem: str
    published: date | None
    year: int | None


def read_article(
    path: Path, *, published: str | None = None, year: int | None = None
) -> ArticleInfo:
    """The article's text (UTF-8) and its date and context year: given ones first, else the
    metadata file beside it (`{stem}.yaml`, as in `sources/`), else none."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(
            "no such article: give the path of a plain-text file", file=str(path)
        ) from None
    except UnicodeDecodeError:
        raise UserError("the article is not UTF-8 text: save it as UTF-8", file=str(path)) from None
    except IsADirectoryError:
        raise UserError(
            "this is a folder: give the path of a plain-text file", file=str(path)
        ) from None
    meta_published, meta_year = _metadata(path.with_suffix(".yaml"))
    when = _date(published, "--published", day_only=True) if published else meta_published
    return ArticleInfo(path, text, path.stem, when, year if year is not None else meta_year)


def _metadata(path: Path) -> tuple[date | None, int | None]:
    if not path.is_file():
        return None, None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise UserError(
            "the article's metadata file is not readable YAML: fix it or move it away",
            file=str(path),
        ) from None
    if not isinstance(data, dict):
        return None, None
    published = data.get("published")
    when = _date(str(published), f"{path.name} 'published'") if published else None
    year = data.get("context_year")
    if year is None:
        return when, None
    if isinstance(year, bool) or not str(year).isdigit():
        raise UserError("'context_year' must be a year such as 2019", file=str(path))
    return when, int(str(year))


def _date(text: str, what: str, *, day_only: bool = False) -> date | None:
    """A date from YYYY-MM-DD; a year or a month alone (allowed in metadata) gives no day to
    count weekdays back from, so None."""
    if not day_only and re.fullmatch(r"\d{4}(-\d{2})?", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} must be a date written YYYY-MM-DD, not {text!r}") from None


@dataclass
class Knowledge:
    """The entities to link to and (when asked for) the graph to compare with."""

    entities: list[Entity]
    index: GraphIndex | None

    @property
    def labels(self) -> dict[str, str]:
        return {e.id: e.label for e in self.entities}


def load_knowledge(data_dirs: Sequence[Path], *, graph: bool) -> Knowledge:
    """Entities from `data_dirs`, and with `graph` the graph their claims make."""
    from kg.build import assemble, load_inputs

    inputs = load_inputs(data_dirs, [])
    entities = [e for i in inputs for e in i.entities]
    index = None
    if graph:
        ds, _, _ = assemble(inputs)
        index = build_index(ds)
    return Knowledge(entities, index)


def run_extract(article: ArticleInfo, knowledge: Knowledge) -> Extraction:
    finder = MentionFinder(knowledge.entities)
    return extract(article.text, finder, published=article.published, year=article.year)


def report_json(extraction: Extraction) -> dict[str, Any]:
    """Mentions, candidates, facts and cues as plain data."""
    return {
        "reference_date": extraction.reference.isoformat() if extraction.reference else None,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "entity": m.entity, "method": m.method,
             "score": round(m.score, 4), "kind": m.kind}
            for m in extraction.mentions
        ],
        "candidates": [
            {"start": m.start, "end": m.end, "text": m.text, "kind": m.kind}
            for m in extraction.candidates
        ],
        "facts": [
            {"start": f.start, "end": f.end, "text": f.text, "property": f.property,
             "value": f.value, "hedge": f.stated.hedge, "bound": f.bound, "lower": str(f.lower),
             "upper": str(f.upper), "year_from_context": f.stated.year_from_context,
             "about": f.about, "reason": f.reason, "cues": list(f.cues),
             "sentence": f.sentence.text}
            for f in extraction.facts
        ],
        "cues": [
            {"start": c.start, "end": c.end, "text": c.text, "cue": c.cue, "agent": c.agent,
             "patient": c.patient}
            for c in extraction.cues
        ],
    }  # fmt: skip


def report_text(extraction: Extraction) -> str:
    data = report_json(extraction)
    lines = [
        f"{len(data['mentions'])} mentions, {len(data['candidates'])} new-entity candidates, "
        f"{len(data['facts'])} facts, {len(data['cues'])} event cues"
    ]
    lines.append("\nmentions:")
    lines += [
        f"  {m['start']}..{m['end']} {m['text']!r} -> {m['entity']} ({m['method']})"
        for m in data["mentions"]
    ]
    lines.append("\nnew-entity candidates:")
    lines += [
        f"  {m['start']}..{m['end']} {m['text']!r} ({m['kind']}?)" for m in data["candidates"]
    ]
    lines.append("\nfacts:")
    for f in data["facts"]:
        about = f" about {f['about']}" if f["about"] else ""
        lines.append(
            f"  {f['start']}..{f['end']} {f['property']} {f['text']!r} = {f['value']}{about}"
            f" ({f['reason']})"
        )
    lines.append("\nevent cues:")
    lines += [
        f"  {c['start']}..{c['end']} {c['cue']} {c['text']!r}: {c['agent']} -> {c['patient']}"
        for c in data["cues"]
    ]
    return "\n".join(lines) + "\n"


def report_markdown(extraction: Extraction) -> str:
    data = report_json(extraction)
    rows = ["## Mentions", "", "| at | text | entity | how |", "|---|---|---|---|"]
    rows += [
        f"| {m['start']}..{m['end']} | {_md(m['text'])} | {m['entity']} | {m['method']} |"
        for m in data["mentions"]
    ]
    rows += ["", "## New-entity candidates", "", "| at | text | kind |", "|---|---|---|"]
    rows += [
        f"| {m['start']}..{m['end']} | {_md(m['text'])} | {m['kind']} |" for m in data["candidates"]
    ]
    rows += [
        "",
        "## Facts",
        "",
        "| at | text | property | value | about |",
        "|---|---|---|---|---|",
    ]
    rows += [
        f"| {f['start']}..{f['end']} | {_md(f['text'])} | {f['property']} | {f['value']} "
        f"| {f['about'] or ''} |"
        for f in data["facts"]
    ]
    return "\n".join(rows) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def annotations_turtle(extraction: Extraction, source: str) -> str:
    """The linked mentions as Web Annotations, in Turtle."""
    from kg.export import serialize

    source_slug = slug(source)
    graph = mention_annotations(
        extraction.mentions,
        text=extraction.text,
        source=ID[f"source/{source_slug}"],
        slug=source_slug,
    )
    return serialize(graph, "ttl").decode("utf-8")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
