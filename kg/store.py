"""The built dataset, loaded for queries: the consensus graph as the default graph.

Queries (`queries/*.rq`, `polkg query -e`) should see the reconciled view without writing
`GRAPH`, and reach what one source states with `GRAPH ?g { … }` (docs/model.md, "Graphs").
rdflib's SPARQL engine evaluates a query against `Dataset.default_graph` (its default
context) when the dataset is not a default union, so `load_dataset` points that at the named
graph `graph:consensus` after parsing `out/dataset.trig`. One consequence: `GRAPH ?g` then
ranges over the source graphs only (the consensus is the default graph, not among the named
graphs a variable binds to); `GRAPH graph:consensus { … }` still names it explicitly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Dataset

from kg.errors import UserError
from kg.namespaces import CONSENSUS, new_dataset
from kg.paths import OUT

DATASET_FILE = "dataset.trig"


def load_dataset(out_dir: Path = OUT, *, build_if_missing: bool = False) -> Dataset:
    """Parse `out_dir/dataset.trig` into a Dataset whose default graph is the consensus graph.

    When the file is missing, raise UserError saying how to build it, or with
    `build_if_missing` build the bundled corpus into `out_dir` first (saying so on stderr).
    Never silently: a build writes files, and the user must have chosen where (issue 9)."""
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
        raise UserError(
            f"cannot read the built dataset ({err}); run `polkg build` again", file=str(path)
        ) from None
    ds.default_graph = ds.graph(CONSENSUS)
    return ds
