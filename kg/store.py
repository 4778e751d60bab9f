"""The built dataset, loaded for queries: the consensus graph as the default graph.

Queries (`queries/*.rq`, `polkg query -e`) should see the reconciled view without writing
`GRAPH`, and reach what one source states with `GRAPH ?g { … }` (docs/model.md, "Graphs").
rdflib's SPARQL engine evaluates a query against `Dataset.default_graph` (its default
context) when the dataset is not a default union, so `load_dataset` points that at the named
graph `graph:consensus` after parsing `out/dataset.trig`. One consequence: `GRAPH ?g` then
ranges over the source graphs only (the consensus is the default graph, not among the named
graphs a variable binds to); `GRAPH graph:consensus { … }` still names it explicitly.

Where the graph lives (`--store`, `StoreSpec`): `memory` (rdflib's memory store, the default),
`oxigraph` (Oxigraph in memory) or `oxigraph:DIR` (Oxigraph on disk, kept after the build).
A build with `oxigraph:DIR` writes `store.json` into the output folder naming the store, and
`load_dataset` then opens that store read-only instead of re-parsing `dataset.trig`
(milliseconds instead of about a minute at a million triples). The Oxigraph side is
`kg.oxstore`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset

from kg.errors import UserError
from kg.namespaces import CONSENSUS, new_dataset
from kg.paths import OUT

DATASET_FILE = "dataset.trig"
STORE_FILE = "store.json"
STORE_KINDS = ("memory", "oxigraph", "oxigraph:DIR")


@dataclass(frozen=True)
class StoreSpec:
    """Where a build keeps its graph: `memory`, `oxigraph` or `oxigraph:DIR` (`path` set)."""

    kind: str = "memory"
    path: Path | None = None

    @classmethod
    def parse(cls, text: str) -> StoreSpec:
        """Read `--store` (or a project's `store` setting); UserError on anything else."""
        kind, _, rest = text.strip().partition(":")
        if kind == "memory" and not rest:
            return cls("memory")
        if kind == "oxigraph":
            return cls("oxigraph", Path(rest) if rest else None)
        raise UserError(
            f"unknown store {text!r}: use one of {', '.join(STORE_KINDS)} "
            "(DIR a folder Oxigraph may create)"
        )

    def __str__(self) -> str:
        return self.kind + (f":{self.path}" if self.path is not None else "")

    @property
    def persistent(self) -> bool:
        return self.path is not None


def store_marker(out_dir: Path, spec: StoreSpec) -> bytes | None:
    """The contents of `out_dir/store.json` for a build on `spec` (None: no persistent store)."""
    if spec.path is None:
        return None
    data = {"store": "oxigraph", "path": str(Path(spec.path).resolve())}
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")


def built_store(out_dir: Path) -> Path | None:
    """The Oxigraph folder the last build into `out_dir` wrote, if any (and it still exists)."""
    marker = Path(out_dir) / STORE_FILE
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        path = Path(data["path"])
    except (ValueError, KeyError, TypeError):
        raise UserError(
            "cannot read the store marker; run `polkg build` again", file=str(marker)
        ) from None
    if not path.is_dir():
        raise UserError(
            f"the build's Oxigraph store {path} is gone; run `polkg build` again",
            file=str(marker),
        )
    return path


def is_oxigraph(ds: Any) -> bool:
    """True when `ds` (a Dataset or Graph) lives on an Oxigraph store (`kg.oxstore`)."""
    store = getattr(ds, "store", None)
    return type(store).__module__.startswith(("kg.oxstore", "oxrdflib"))


def load_dataset(out_dir: Path = OUT, *, build_if_missing: bool = False) -> Dataset:
    """Parse `out_dir/dataset.trig` into a Dataset whose default graph is the consensus graph.

    When the file is missing, raise UserError saying how to build it, or with
    `build_if_missing` build the bundled corpus into `out_dir` first (saying so on stderr).
    Never silently: a build writes files, and the user must have chosen where (issue 9).
    When the build wrote an Oxigraph store (`store.json`), open that store read-only instead."""
    store_dir = built_store(Path(out_dir))
    if store_dir is not None:
        from kg import oxstore

        try:
            return oxstore.dataset(oxstore.open_read_only(store_dir))
        except OSError as err:
            raise UserError(
                f"cannot open the Oxigraph store ({err}); run `polkg build` again",
                file=str(store_dir),
            ) from None
    path = Path(out_dir) / DATASET_FILE
    if not path.is_file():
        if not build_if_missing:
            raise UserError(
                "the graph has not been built here: run `polkg build` first, or add --build",
                file=str(path.parent),
            )
        print(f"polkg: note: {path} not found; building the corpus first", file=sys.stderr)
        from kg.build import build

        build(out_dir=Path(out_dir))
    ds = new_dataset()
    try:
        ds.parse(path, format="trig")
    except Exception as err:  # rdflib raises several types for a broken file
        # the kind of fault only: a parser's message may quote the file, which may hold secrets
        raise UserError(
            f"cannot read the built dataset ({type(err).__name__}); run `polkg build` again",
            file=str(path),
        ) from None
    ds.default_graph = ds.graph(CONSENSUS)
    return ds
