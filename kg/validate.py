"""SHACL validation of a polkg graph, and a report people and programs can read.

Two modes (see the header of `ontology/shapes.ttl`): the consensus graph must satisfy every
rule; one source's graph is checked with the same shapes, except that the shapes of the group
`polsh:Completeness` (what is merely missing: a date, a label, a winner's candidacy, a
`prov:wasDerivedFrom`) report warnings, since a source need not state everything.

Validation never lets inference hide an error: pySHACL runs with `inference="none"` and the
ontology as `ont_graph` (so `sh:class` follows `rdfs:subClassOf`, but no `rdfs:range` can type
a wrong value into a right one). pySHACL mixes the ontology into a copy of the data graph;
the caller's graph is never modified.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef, plugin
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Node

from kg.errors import UserError
from kg.namespaces import CONSENSUS, POLSH, SH, SOURCE_GRAPH, bind_prefixes, new_graph
from kg.paths import SHAPES
from kg.project import DEFAULT_ENGINE, ENGINES

MODES = ("consensus", "source")
_SEVERITY_NAMES: dict[Node, str] = {
    SH.Violation: "Violation",
    SH.Warning: "Warning",
    SH.Info: "Info",
}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One `sh:ValidationResult`, with the focus node's label looked up in the data graph."""

    focus: Node
    label: str | None
    path: (
        str | None
    )  # the property path in Turtle syntax with prefixes (`pol:winner`, `^pol:candidacy`)
    value: Node | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: Node | None  # sh:sourceShape (SHACL allows a result without one)
    constraint: str  # sh:sourceConstraintComponent, e.g. "sh:MinCountConstraintComponent"

    def sort_key(self) -> tuple[str, str, str, str, str, str]:
        return (
            str(self.focus),
            self.path or "",
            _value_text(self.value),
            str(self.shape),
            self.constraint,
            self.message,
        )

    def to_dict(self) -> dict[str, str | None]:
        """A JSON-ready dict: IRIs in full, literals in N-Triples-like form with prefixes."""
        return {
            "focus": _value_text(self.focus),
            "label": self.label,
            "path": self.path,
            "value": _value_text(self.value) if self.value is not None else None,
            "message": self.message,
            "severity": self.severity,
            "shape": _value_text(self.shape),
            "constraint": self.constraint,
        }


class ValidationReport:
    """What pySHACL found, in one mode, over one graph."""

    def __init__(self, report_graph: Graph, results: Iterable[ValidationResult], mode: str):
        self.graph = report_graph
        self.mode = mode
        self.results: list[ValidationResult] = sorted(results, key=ValidationResult.sort_key)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Info"]

    @property
    def conforms(self) -> bool:
        """True when there is no sh:Violation (warnings and infos are advice)."""
        return not self.violations

    def summary(self) -> str:
        """One line: how many violations and warnings, on how many nodes."""
        nodes = len({r.focus for r in self.results})
        parts = [_plural(len(self.violations), "violation"), _plural(len(self.warnings), "warning")]
        if self.infos:
            parts.append(_plural(len(self.infos), "info"))
        verdict = "conforms" if self.conforms else "does not conform"
        where = f" on {_plural(nodes, 'node')}" if nodes else ""
        return f"{', '.join(parts)}{where}: the graph {verdict} ({self.mode} mode)."

    def to_text(self) -> str:
        """The human report: results grouped by focus node (IRI and label), then a summary."""
        lines: list[str] = []
        by_focus: dict[Node, list[ValidationResult]] = {}
        for result in self.results:
            by_focus.setdefault(result.focus, []).append(result)
        for focus, results in by_focus.items():
            label = f'  "{results[0].label}"' if results[0].label else ""
            lines.append(f"{_value_text(focus)}{label}")
            for result in sorted(
                results, key=lambda r: (_SEVERITY_ORDER[r.severity], r.sort_key())
            ):
                where = result.path or "(the node itself)"
                if result.value is not None:
                    where += f" = {_value_text(result.value)}"
                lines.append(f"  {result.severity:<9} {where}")
                lines.append(f"            {result.message}")
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> list[dict[str, str | None]]:
        """The results as a list of dicts, in a deterministic order."""
        return [r.to_dict() for r in self.results]

    def to_turtle(self) -> str:
        """pySHACL's report graph as Turtle, blank nodes canonicalised so the output is stable."""
        return _canonical_turtle(self.graph)


def validate(
    data: Graph,
    *,
    mode: str = "consensus",
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate `data` (a plain Graph: one source's graph or the consensus) against the shapes.

    `mode` is "consensus" (every rule) or "source" (completeness rules lowered to warnings).
    `ontology` defaults to `ontology/polkg.ttl`; it is used as pySHACL's ont_graph only.
    `shapes` (default: `ontology/shapes.ttl`) is a shapes graph in consensus severities, e.g.
    the few shapes the fast validator leaves to pySHACL."""
    engine_validate = _engine(engine)

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if isinstance(data, Dataset):
        raise TypeError("validate() takes one graph; use validate_dataset() for a Dataset")
    if ontology is None:
        from kg.ontology import load_ontology

        ontology = load_ontology()
    shapes = shapes_graph(mode) if shapes is None else _in_mode(shapes, mode)
    with _prepared_queries():
        _, report_graph, _ = engine_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
            inplace=False,
        )
    bind_prefixes(report_graph)
    return ValidationReport(report_graph, _results(report_graph, data, shapes), mode)


def _engine(engine: str) -> Any:
    """The `validate` function of pySHACL, or of pyshacl-turbo (same API, Rust core)."""
    if engine == "turbo":
        try:
            import pyshacl_turbo
        except ImportError:
            raise UserError(
                "--validator turbo needs pyshacl-turbo: pip install pyshacl-turbo"
            ) from None
        return pyshacl_turbo.validate
    import pyshacl  # imported here: it is slow to import and only validation needs it

    return pyshacl.validate


def validate_dataset(
    ds: Dataset,
    *,
    ontology: Graph | None = None,
    engine: str = DEFAULT_ENGINE,
    nquads: bytes | None = None,
) -> dict[URIRef, ValidationReport]:
    """Validate the consensus graph (consensus mode) and every source graph (source mode).

    `engine` is "pyshacl" (the reference: each named graph is copied into a plain Graph
    first, since pySHACL would otherwise validate the union of the Dataset), "turbo" (the
    same, with pyshacl-turbo's validate) or "fast" (`kg.fastshacl`: the shapes compiled into
    whole-graph SPARQL queries, pySHACL for what it cannot compile). Graphs other than these
    are ignored. Keys are sorted by IRI. `nquads` is `ds` already written as N-Quads, when the
    caller has it: the fast engine loads its Oxigraph copy from it instead of writing it again."""
    if engine not in ENGINES:
        raise UserError(f"unknown validator {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "fast":
        from kg.fastshacl import validate_dataset_fast

        return validate_dataset_fast(ds, ontology=ontology, nquads=nquads)
    reports: dict[URIRef, ValidationReport] = {}
    for name in sorted(_graph_names(ds)):
        if name == CONSENSUS:
            mode = "consensus"
        elif str(name).startswith(str(SOURCE_GRAPH)):
            mode = "source"
        else:
            continue
        reports[name] = validate(plain_graph(ds, name), mode=mode, ontology=ontology, engine=engine)
    return reports


def plain_graph(ds: Dataset, name: URIRef) -> Graph:
    """A copy of the named graph `name` of `ds` as a plain Graph with every prefix bound."""
    graph = new_graph()
    for triple in ds.graph(name):
        graph.add(triple)
    return graph


@lru_cache(maxsize=2)
def shapes_graph(mode: str = "consensus") -> Graph:
    """The shapes for `mode` (parsed once per process; treat the result as read-only).

    In source mode, every shape of the group polsh:Completeness gets sh:severity sh:Warning."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if mode == "source":
        return _in_mode(shapes_graph("consensus"), "source")
    if not SHAPES.is_file():
        raise UserError(
            "the SHACL shapes file is missing; restore it from the repository", file=str(SHAPES)
        )
    shapes = new_graph()
    shapes.parse(SHAPES, format="turtle")
    return shapes


def _in_mode(consensus_shapes: Graph, mode: str) -> Graph:
    """The shapes as given (consensus mode) or a copy with the completeness group lowered to
    warnings (source mode)."""
    if mode == "consensus":
        return consensus_shapes
    shapes = new_graph()
    for triple in consensus_shapes:
        shapes.add(triple)
    for shape in set(shapes.subjects(SH.group, POLSH.Completeness)):
        shapes.set((shape, SH.severity, SH.Warning))
    return shapes


class _CachingSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, but each query text is parsed once, not once per call.

    pySHACL runs a SPARQL constraint once per focus node with the same text and `$this` in
    initBindings; rdflib would parse that text every time (about 0.2 s for our date
    comparisons), which made validation grow with the number of nodes times the parse time.
    A translated query is reusable with other bindings (that is what `prepareQuery` is for)."""

    # same signature as SPARQLProcessor.query, which rdflib itself marks as an incompatible
    # override of Processor.query (it adds `base` before `DEBUG`)
    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@lru_cache(maxsize=256)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


_processor_lock = threading.Lock()


@contextlib.contextmanager
def _prepared_queries() -> Iterator[None]:
    """Use `_CachingSPARQLProcessor` for rdflib's "sparql" processor inside this block.

    rdflib looks its processor up by plugin name on every query and pySHACL always asks for
    "sparql", so the plugin entry is swapped for the block and then restored."""
    with _processor_lock:
        plugin.register("sparql", Processor, __name__, "_CachingSPARQLProcessor")
        try:
            yield
        finally:
            plugin.register(
                "sparql", Processor, "rdflib.plugins.sparql.processor", "SPARQLProcessor"
            )


def _graph_names(ds: Dataset) -> set[URIRef]:
    return {g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef)}


def _results(report: Graph, data: Graph, shapes: Graph) -> list[ValidationResult]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        severity = report.value(node, SH.resultSeverity)
        if focus is None or severity is None:
            # SHACL gives every result exactly one of each and pySHACL always writes them;
            # without a focus the label lookup below would take any labelled node's label
            raise ValueError(
                f"malformed SHACL report: result {node} has no sh:focusNode or sh:resultSeverity"
            )
        path = report.value(node, SH.resultPath)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        component = report.value(node, SH.sourceConstraintComponent)
        results.append(
            ValidationResult(
                focus=focus,
                label=_label(data, focus),
                path=_path_text(report, path) if path is not None else None,
                value=report.value(node, SH.value),
                message=messages[0] if messages else "(no message)",
                severity=_SEVERITY_NAMES.get(severity, str(severity)),
                shape=report.value(node, SH.sourceShape),
                constraint=_prefixed(report, component) if component is not None else "",
            )
        )
    return results


def _label(data: Graph, node: Node) -> str | None:
    """The node's label: untagged first, then English, then any (sorted, for determinism)."""
    labels = [lab for lab in data.objects(node, RDFS.label) if isinstance(lab, Literal)]
    if not labels:
        return None
    labels.sort(key=lambda lab: (lab.language not in (None, "en"), lab.language or "", str(lab)))
    return str(labels[0])


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax: `pol:winner`, `^pol:candidacy`, `a/b`."""
    if isinstance(path, URIRef):
        return _prefixed(graph, path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    first = graph.value(path, RDF.first)
    if first is not None:
        members = list(graph.items(path))
        return "/".join(_path_text(graph, m) for m in members)
    for key, fmt in (
        (SH.alternativePath, "({})"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, key)
        if inner is not None:
            if key == SH.alternativePath:
                return fmt.format("|".join(_path_text(graph, m) for m in graph.items(inner)))
            return fmt.format(_path_text(graph, inner))
    return str(path)


def _prefixed(graph: Graph, iri: Node) -> str:
    try:
        return graph.namespace_manager.normalizeUri(iri) if isinstance(iri, URIRef) else str(iri)
    except Exception:  # an IRI no prefix covers
        return f"<{iri}>"


_VALUE_GRAPH = new_graph()


def _value_text(node: Node | None) -> str:
    """IRIs in full, blank nodes as `_:id`, literals in Turtle form with prefixed datatypes."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3(_VALUE_GRAPH.namespace_manager)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _canonical_turtle(graph: Graph) -> str:
    canonical = bind_prefixes(new_graph())
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical.serialize(format="turtle")


def results_json(results: list[dict[str, str | None]]) -> str:
    """Deterministic JSON text for a list of result dicts."""
    return json.dumps(results, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
