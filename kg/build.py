"""`polkg build`: load, resolve, reconcile, validate, and write `out/`.

Two rules shape this module:

- **Input errors come before any write.** Everything that can reject the input (a metadata
  file, an entity, a claim, a quote, an override) is checked while the dataset is built in
  memory; only then are the outputs serialised (to bytes, in memory) and written as one unit
  (`kg.safety.write_group`: a fresh folder, then one link switched), so a reader sees the
  previous build or this one, never a mix, even when the build is killed or the disk fills.
  A build that stops on a `UserError` leaves the previous `out/` exactly as it was.
- **Violations do not stop the outputs.** SHACL violations are findings about the data, not
  unusable input: the outputs and the validation report are written, and the caller (the CLI)
  exits 1 so that CI notices.

Same input, byte-identical output: every node has an IRI and `kg.export.serialize` writes sorted
output, so two builds (in two processes, with different hash seeds) give the same files.
"""

from __future__ import annotations

import functools
import gc
import json
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import UserError
from kg.export import dataset_triples, serialize, serialize_graphs
from kg.link import datasets_markdown, link_datasets
from kg.loaders.claims import claims_graphs
from kg.loaders.entities import entities_graph
from kg.loaders.registry import Input, load_corpus, load_input
from kg.loaders.sources import source_triples
from kg.namespaces import CONSENSUS, POL, Triple, new_dataset
from kg.ontology import load_ontology
from kg.paths import DATA, OUT
from kg.project import DEFAULT_ENGINE
from kg.resolve import Resolution, Resolver, report_csv, report_markdown
from kg.safety import write_group
from kg.store import STORE_FILE, StoreSpec, store_marker

OUTPUTS = (
    "consensus.ttl",
    "dataset.trig",
    "dataset.nq",
    "validation.txt",
    "validation.json",
    "resolution.md",
    "resolution.csv",
    "linking.md",
    "datasets.md",
)


@dataclass
class BuildResult:
    """What a build made and found; `valid` is True when no graph has a violation."""

    dataset: Dataset
    reports: dict[URIRef, Any]
    resolutions: list[Resolution]
    out_dir: Path
    written: list[Path] = field(default_factory=list)  # empty after a dry run
    sources: int = 0
    entities: int = 0
    events: int = 0
    claims: int = 0
    annotations: int = 0
    disagreements: int = 0
    triples: int = 0
    violations: int = 0
    warnings: int = 0
    # seconds per phase (load, claims, consensus, validate, write, counts), for `bench/`
    phases: dict[str, float] = field(default_factory=dict)
    datasets: list[str] = field(default_factory=list)  # one line per dataset: rows loaded

    @property
    def valid(self) -> bool:
        return self.violations == 0

    def summary(self) -> str:
        """A few lines for a person: the counts and the validation result."""
        if self.valid:
            verdict = "valid" + (f" ({self.warnings} warnings)" if self.warnings else "")
        else:
            verdict = f"{self.violations} violation{'s' if self.violations != 1 else ''}, " + (
                f"see {self.out_dir / 'validation.txt'}"
                if self.written
                else "see `polkg validate` after a build"
            )
        what = f"built {self.out_dir}/" if self.written else "checked (nothing written)"
        loaded = "".join(f"{line}\n" for line in self.datasets)
        return loaded + (
            f"{what}: {self.sources} sources, {self.entities} entities, "
            f"{self.events} events, {self.claims} claims, {self.annotations} annotations, "
            f"{self.disagreements} disagreements, {self.triples} triples\n"
            f"validation: {verdict}"
        )


def load_inputs(data_dirs: Sequence[Path], datasets: Sequence[str]) -> list[Input]:
    """Every input, corpus folders first, in the order given."""
    inputs = [load_corpus(Path(d)) for d in data_dirs]
    inputs += [load_input(spec) for spec in datasets]
    return inputs


@contextmanager
def _timed(phases: dict[str, float] | None, name: str) -> Iterator[None]:
    """Add the seconds the block takes to `phases[name]` (when `phases` is given)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if phases is not None:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - start


def assemble(
    inputs: Sequence[Input],
    *,
    ontology: Graph | None = None,
    phases: dict[str, float] | None = None,
    reports: dict[str, str] | None = None,
    corpus_apart: dict[URIRef, list[Triple]] | None = None,
) -> tuple[Dataset, list[Resolution], dict[str, int]]:
    """The dataset of every source graph plus the consensus graph, built in memory.

    Dataset graphs are linked to the corpus entities (and to each other) first, `kg.link`; the
    linking and loading reports go into `reports` (file name → text) when it is given.
    Raises UserError on any input it cannot use; writes nothing. `phases`, when given,
    receives the seconds spent turning claims into RDF ("claims", name resolution and linking
    included) and reconciling ("consensus").

    The corpus's source graphs (claims, quotes, the source node) are reconciled from lists of
    triples: rdflib's store costs about 1.6 KB and 30 µs a triple, in and out. They go into the
    dataset at the end, or into `corpus_apart` (graph IRI → triples) when it is given: a build
    that writes them out without rdflib (`build` with a store on disk) keeps them out of it."""
    onto = ontology if ontology is not None else load_ontology()
    with _timed(phases, "claims"):
        ds, corpus, base, resolver, result, sources, entities = _source_graphs(
            inputs, onto, reports
        )
    from kg.consensus import reconcile  # heavy; imported when a build really runs

    overrides = [o for i in inputs for o in i.overrides]
    with _timed(phases, "consensus"):
        reconcile(ds, ontology=onto, overrides=overrides, base=base, more_sources=corpus)
    with _timed(phases, "claims"):
        if corpus_apart is not None:
            corpus_apart.update(corpus)
        else:
            for iri, triples in corpus.items():
                graph = ds.graph(iri)
                graph.addN((s, p, o, graph) for s, p, o in triples)
    counts = {
        "sources": len(sources),
        "entities": len(entities),
        "claims": result.claims,
        "annotations": result.annotations,
    }
    return ds, resolver.resolutions, counts


def _source_graphs(
    inputs: Sequence[Input], onto: Graph, reports: dict[str, str] | None = None
) -> tuple[Any, ...]:
    """The dataset of the datasets' graphs (linked to the corpus, kg.link), the corpus's source
    graphs as lists of triples, and the base the consensus starts from (entities, sources);
    the linking and loading reports go into `reports`."""
    sources = [s for i in inputs for s in i.sources]
    entities = [e for i in inputs for e in i.entities]
    _check_unique(sources, entities)
    resolver = Resolver(entities, ontology=onto)
    files = [f for i in inputs for f in i.claims]
    result = claims_graphs(files, entities=entities, resolver=resolver, ontology=onto)
    corpus = result.triples
    for source in sources:
        triples = corpus.setdefault(source.graph_iri, [])
        present = set(triples)
        triples += (t for t in source_triples(source) if t not in present)
    linked, linking = link_datasets(inputs, entities, corpus_graphs=corpus.values())
    ds = new_dataset()
    for iri, extra in linked.items():
        named = ds.graph(iri)
        named += extra
        if iri in corpus:  # one graph in two places: keep it whole in the dataset
            named.addN((s, p, o, named) for s, p, o in corpus.pop(iri))
    if reports is not None:
        reports["linking.md"] = linking.markdown()
        reports["datasets.md"] = datasets_markdown(inputs)

    base = entities_graph(entities)
    for entity_iri, spellings in result.spellings.items():
        for spelling in spellings:
            base.add((entity_iri, SKOS.altLabel, Literal(spelling)))
    for source in sources:  # every pol:Source node belongs in the consensus too
        base += source_triples(source)
    return ds, corpus, base, resolver, result, sources, entities


def _check_unique(sources: Sequence[Any], entities: Sequence[Any]) -> None:
    seen: dict[str, Any] = {}
    for source in sources:
        if source.slug in seen:
            raise UserError(
                f"source {source.stem} is also in {seen[source.slug].path.parent}: a source may "
                "be loaded once; remove one of the copies or one of the --data folders",
                file=str(source.path),
            )
        seen[source.slug] = source
    ids: dict[str, Any] = {}
    for entity in entities:
        if entity.id in ids:
            first = ids[entity.id]
            raise UserError(
                f"entity {entity.id} is already defined at {first.file}:{first.line}: "
                "define it once",
                file=entity.file,
                line=entity.line,
            )
        ids[entity.id] = entity


_F = TypeVar("_F", bound=Callable[..., Any])


def _collector_paused(func: _F) -> _F:
    """Run `func` with Python's cyclic garbage collector paused.

    A build makes millions of long-lived objects (rdflib terms, tuples, index dicts) and almost
    no cyclic garbage; every full collection walks all of them, so the collector's cost grew
    with the square of the graph (a quarter of the build at 635,000 triples, more beyond).
    Reference counting still frees everything else at once; the collector resumes after."""

    @functools.wraps(func)
    def paused(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return cast(_F, paused)


@_collector_paused
def build(
    data_dirs: Sequence[Path] = (DATA,),
    out_dir: Path = OUT,
    *,
    datasets: Sequence[str] = (),
    dry_run: bool = False,
    store: StoreSpec | str = "memory",
    validator: str = DEFAULT_ENGINE,
) -> BuildResult:
    """Build the graph from `data_dirs` (and `datasets`, each `KIND:PATH`) into `out_dir`.

    `store` is where the built graph is kept for later commands (`kg.store.StoreSpec`): with
    `oxigraph:DIR` the dataset is also bulk-loaded into an Oxigraph store at DIR, and
    `out_dir/store.json` points the other commands at it. `validator` is `pyshacl` (the
    reference), `fast` (`kg.fastshacl`) or `turbo`. Raises UserError, writing nothing, when an
    input cannot be used. Violations are reported in the result (and in `validation.txt`), not
    raised. `dry_run` does every check and writes nothing (`polkg check`)."""
    from kg import oxstore  # pyoxigraph and pySHACL are heavy: only when building
    from kg.validate import validate_dataset

    spec = store if isinstance(store, StoreSpec) else StoreSpec.parse(store)
    phases: dict[str, float] = {}
    onto = load_ontology()
    out_dir = Path(out_dir)
    with _timed(phases, "load"):
        inputs = load_inputs(data_dirs, datasets)
    extra_reports: dict[str, str] = {}
    store_dir = Path(spec.path) if spec.path is not None and not dry_run else None
    on_disk = store_dir is not None
    # With a store on disk the graph is written out without reading rdflib's copy back, so the
    # corpus's source graphs never enter it (`assemble`)
    apart: dict[URIRef, list[Triple]] | None = {} if on_disk else None
    ds, resolutions, counts = assemble(
        inputs, ontology=onto, phases=phases, reports=extra_reports, corpus_apart=apart
    )
    with _timed(phases, "write"):
        # read once: TriG and N-Quads come from this, and from these, Oxigraph's copies
        graphs = dataset_triples(ds, extra=apart)
        nquads = serialize_graphs(graphs, "nq")
        consensus = ds.graph(CONSENSUS)
        consensus_ttl = serialize(consensus, "ttl")
        del apart  # its triples are in `graphs` now
    with _timed(phases, "counts"):
        totals = _totals(consensus)
        del consensus  # rdflib's dataset is freed below when a store on disk takes over
        totals["triples"] = sum(len(triples) for _, triples in graphs)
    writer = None
    if store_dir is not None:  # loads on a second core while the build validates and writes
        writer = _StoreWriter(store_dir, nquads, consensus_ttl)
    try:
        with _timed(phases, "validate"):
            if on_disk:
                # From here on the graph is read from Oxigraph's copies (the validator's, in
                # memory, then the store on disk). rdflib's memory store holds about 1.6 KB
                # per triple (three indexes and a context map per triple), more than all a
                # build writes afterwards put together: freeing it first brings the peak down
                # to the assembled dataset alone. Its graphs and store refer to each other,
                # which reference counting does not free: the collector runs once (the build
                # pauses it otherwise).
                del ds
                gc.collect()
                ds = oxstore.from_nquads(nquads)
            reports = validate_dataset(ds, ontology=onto, engine=validator, nquads=nquads)

        with _timed(phases, "write"):
            files = {
                "consensus.ttl": consensus_ttl,
                "dataset.trig": serialize_graphs(graphs, "trig"),
                "dataset.nq": nquads,
                "validation.txt": _validation_text(reports).encode("utf-8"),
                "validation.json": _validation_json(reports).encode("utf-8"),
                "resolution.md": report_markdown(resolutions).encode("utf-8"),
                "resolution.csv": report_csv(resolutions).encode("utf-8"),
                **{name: text.encode("utf-8") for name, text in extra_reports.items()},
            }
            marker = store_marker(out_dir, spec)
            if marker is not None:  # a memory build leaves no marker: no older store is opened
                files[STORE_FILE] = marker
            written: list[Path] = []
            if not dry_run:
                written = write_group(out_dir, files)
            if writer is not None:  # after the files: a failure there keeps the old store
                writer.swap_in()
    finally:
        if writer is not None:
            writer.discard()
    if store_dir is not None:  # the built graph as later commands see it, not the validator's
        ds = oxstore.dataset(oxstore.open_read_only(store_dir))

    return BuildResult(
        dataset=ds,
        reports=reports,
        resolutions=resolutions,
        out_dir=out_dir,
        written=written,
        sources=counts["sources"],
        entities=counts["entities"],
        claims=counts["claims"],
        annotations=counts["annotations"],
        violations=sum(_count(r.violations) for r in reports.values()),
        warnings=sum(_count(r.warnings) for r in reports.values()),
        phases=phases,
        datasets=list(dict.fromkeys(i.report.summary() for i in inputs if i.report is not None)),
        **totals,
    )


def _totals(consensus: Graph) -> dict[str, int]:
    """The counts of a summary that are read from the consensus graph."""
    return {
        # the consensus states `a pol:Event` on every event (kg.consensus._class_closure)
        "events": len(set(consensus.subjects(RDF.type, POL.Event))),
        "disagreements": len(set(consensus.subjects(RDF.type, POL.Disagreement))),
    }


class _StoreWriter:
    """The Oxigraph store of a build, written beside its place (`DIR.new`) on a second thread
    while the build writes its other files: Oxigraph's bulk loader runs in Rust without
    Python's lock, so on two cores the store costs no extra time. `swap_in` puts it in place;
    until then a failed build leaves the previous store as it was."""

    def __init__(self, path: Path, nquads: bytes, consensus: bytes) -> None:
        from kg import oxstore

        self.path = path
        self.fresh = path.with_name(path.name + ".new")
        self.old = path.with_name(path.name + ".old")
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (self.fresh, self.old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="polkg-store")
        self._done = self._pool.submit(oxstore.write_store, self.fresh, nquads, consensus)

    def swap_in(self) -> None:
        """Wait for the store, then put it where the previous one was."""
        try:
            self._done.result()
        except OSError as err:
            raise UserError(
                f"cannot write the Oxigraph store ({err})", file=str(self.path)
            ) from None
        if self.path.exists():
            self.path.rename(self.old)
        self.fresh.rename(self.path)
        shutil.rmtree(self.old, ignore_errors=True)

    def discard(self) -> None:
        """Wait for the thread and remove what was not swapped in (nothing after `swap_in`)."""
        self._pool.shutdown(wait=True)
        shutil.rmtree(self.fresh, ignore_errors=True)


def _count(value: Any) -> int:
    return value if isinstance(value, int) else len(value)


def _ordered(reports: dict[URIRef, Any]) -> list[tuple[URIRef, Any]]:
    """Consensus first, then the source graphs by IRI."""
    return sorted(reports.items(), key=lambda kv: (kv[0] != CONSENSUS, str(kv[0])))


def _validation_text(reports: dict[URIRef, Any]) -> str:
    parts = []
    for graph, report in _ordered(reports):
        verdict = "conforms" if report.conforms else "does not conform"
        body = report.to_text().rstrip()
        parts.append(f"# {graph}: {verdict}\n\n{body}\n" if body else f"# {graph}: {verdict}\n")
    return "\n".join(parts)


def _validation_json(reports: dict[URIRef, Any]) -> str:
    data = {}
    for graph, report in _ordered(reports):
        value = report.to_json()
        data[str(graph)] = json.loads(value) if isinstance(value, str) else value
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
