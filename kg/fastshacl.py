"""`--validator fast`: the shapes compiled into whole-graph SPARQL, run once on Oxigraph.

Why: pySHACL evaluates every constraint once per focus node, and polkg runs it once per named
graph, copying the ontology into each (≈ 0.19 s of fixed cost per source graph, before any
rule runs: 3,000 sources cost ten minutes). Here each constraint becomes one SPARQL query
that returns the violating (graph, focus node, value) rows of *every* graph at once — the
approach of SHACL2SPARQL and Trav-SHACL — run by Oxigraph's engine on one store holding all
the graphs. The shapes and the ontology are prepared once per process (`compiled`).

pySHACL stays the reference (`tests/test_fastshacl.py` requires the same (focus, path,
severity) results from both engines on every shapes fixture). What this compiler supports:
targets `sh:targetClass` (with the ontology's subclasses, as pySHACL sees them through its
`ont_graph`), `sh:targetSubjectsOf`, `sh:targetObjectsOf`, `sh:targetNode`; paths made of IRIs,
`sh:inversePath` and sequences; `sh:minCount`, `sh:maxCount`, `sh:class`, `sh:datatype`,
`sh:pattern`, `sh:in`, `sh:nodeKind`, `sh:min/maxInclusive`, `sh:min/maxExclusive`, `sh:or`,
`sh:and`, `sh:not` of those, and `sh:sparql` SELECT constraints. A node shape using anything
else is validated by pySHACL instead, graph by graph, and `fallbacks` names it (the build
prints it): no rule is ever skipped silently.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.export import nt_term
from kg.namespaces import CONSENSUS, POLSH, SH, SOURCE_GRAPH, bind_prefixes, new_graph
from kg.validate import ValidationReport, ValidationResult, shapes_graph

# Components compiled into an expression over one value node ?v.
_VALUE_COMPONENTS: dict[Node, str] = {
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH["and"]: "AndConstraintComponent",
    SH["not"]: "NotConstraintComponent",
}
_COUNT_COMPONENTS: dict[Node, str] = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
}
# Triples of a shape that are not constraints (or are handled where the shape is read).
_SHAPE_KEYS = {
    RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.message, SH.severity,
    SH.group, SH.order, SH.path, SH.property, SH.targetClass, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.targetNode, SH.sparql, SH.flags, SH.deactivated,
    *_VALUE_COMPONENTS, *_COUNT_COMPONENTS,
}  # fmt: skip
_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.long, XSD.int, XSD.short,
            XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger,
            XSD.nonPositiveInteger, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort,
            XSD.unsignedByte}  # fmt: skip
_CASTABLE = {XSD.date, XSD.dateTime, XSD.boolean, XSD.time}


_SIMPLE_SELECT = re.compile(
    r"^\s*SELECT\s+(?P<projection>(?:\?\w+\s*)+)WHERE\s*\{(?P<body>.*)\}\s*$", re.S | re.I
)


class Unsupported(Exception):
    """A shape uses something this compiler does not translate (pySHACL then runs it)."""


@dataclass
class Constraint:
    """One compiled constraint: its query returns ?g ?this (?value, other variables)."""

    shape: Node
    path: str | None
    severity: dict[str, str]  # mode -> "Violation" | "Warning" | "Info"
    messages: list[str]
    component: str
    query: str
    per_graph: bool = False  # run once per graph (default graph = it) instead of GRAPH ?g


@dataclass
class Compiled:
    constraints: list[Constraint] = field(default_factory=list)
    fallback_shapes: list[Node] = field(default_factory=list)  # node shapes left to pySHACL
    fallback_graph: Graph | None = None
    prefixes: dict[str, str] = field(default_factory=dict)


_SEVERITY: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def _prefixed(iri: Node, graph: Graph) -> str:
    try:
        return graph.namespace_manager.normalizeUri(iri) if isinstance(iri, URIRef) else str(iri)
    except Exception:  # an IRI no prefix covers
        return f"<{iri}>"


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.subclasses: dict[Node, set[Node]] = {}
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            self.subclasses.setdefault(sup, set()).add(sub)
        self.prefixes = self._prefixes()

    def _prefixes(self) -> dict[str, str]:
        """The sh:declare'd prefixes the SPARQL constraints use."""
        found = {}
        for decl in self.shapes.objects(None, SH.declare):
            prefix, ns = self.shapes.value(decl, SH.prefix), self.shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                found[str(prefix)] = str(ns)
        return found

    def closure(self, cls: Node) -> list[Node]:
        """`cls` and every subclass of it in the ontology (rdfs:subClassOf*)."""
        seen, todo = {cls}, [cls]
        while todo:
            for sub in self.subclasses.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return sorted(seen, key=str)

    def term(self, node: Node) -> str:
        if isinstance(node, BNode):
            raise Unsupported("a blank node as a constant")
        return nt_term(node)

    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        inverse = self.shapes.value(node, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        if self.shapes.value(node, RDF.first) is not None:
            return "/".join(f"({self.path(m)})" for m in Collection(self.shapes, node))
        raise Unsupported("a property path other than IRIs, inverses and sequences")

    def targets(self, shape: Node) -> str:
        parts = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            values = " ".join(self.term(c) for c in self.closure(cls))
            parts.append(f"{{ ?this a ?targetType . VALUES ?targetType {{ {values} }} }}")
        for prop in self.shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {self.term(prop)} ?targetAny }}")
        for prop in self.shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ ?targetAny {self.term(prop)} ?this }}")
        nodes = [self.term(n) for n in self.shapes.objects(shape, SH.targetNode)]
        if nodes:
            parts.append(f"{{ VALUES ?this {{ {' '.join(nodes)} }} }}")
        # inlined, not a subquery: Oxigraph evaluates a subquery inside GRAPH ?g against every
        # graph and leaves ?g unbound (measured with pyoxigraph 0.5)
        return "{ " + " UNION ".join(parts) + " }" if parts else ""

    def value_ok(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when value `v` satisfies every value constraint of the
        (blank or named) shape `shape`; Unsupported for anything else in it."""
        tests = []
        for p, o in self.shapes.predicate_objects(shape):
            if p in _VALUE_COMPONENTS:
                tests.append(self.component_ok(p, o, v, shape))
            elif p not in _SHAPE_KEYS:
                raise Unsupported(f"{p}")
        return " && ".join(f"({t})" for t in tests) if tests else "true"

    def component_ok(self, p: Node, o: Node, v: str, shape: Node) -> str:
        if p == SH["class"]:
            values = " ".join(self.term(c) for c in self.closure(o))
            return f"EXISTS {{ {v} a ?classType . VALUES ?classType {{ {values} }} }}"
        if p == SH.datatype:
            if o == RDF.langString:
                return f"isLiteral({v}) && lang({v}) != ''"
            test = f"isLiteral({v}) && datatype({v}) = {self.term(o)} && lang({v}) = ''"
            if o in _NUMERIC:
                test += f" && isNumeric({v})"
            elif o in _CASTABLE:
                test += f" && COALESCE(isLiteral({self.term(o)}(STR({v}))), false)"
            return test
        if p == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            args = f", {nt_term(Literal(str(flags)))}" if flags is not None else ""
            return f"!isBlank({v}) && REGEX(STR({v}), {nt_term(Literal(str(o)))}{args})"
        if p == SH["in"]:
            members = [f"sameTerm({v}, {self.term(m)})" for m in Collection(self.shapes, o)]
            return " || ".join(members) or "false"
        if p == SH.nodeKind:
            kinds: dict[Node, str] = {
                SH.IRI: f"isIRI({v})", SH.BlankNode: f"isBlank({v})",
                SH.Literal: f"isLiteral({v})", SH.BlankNodeOrIRI: f"!isLiteral({v})",
                SH.BlankNodeOrLiteral: f"!isIRI({v})", SH.IRIOrLiteral: f"!isBlank({v})",
            }  # fmt: skip
            if o not in kinds:
                raise Unsupported(f"sh:nodeKind {o}")
            return kinds[o]
        ops: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
               SH.maxExclusive: "<"}  # fmt: skip
        if p in ops:
            return f"{v} {ops[p]} {self.term(o)}"
        if p in (SH["or"], SH["and"]):
            joiner = " || " if p == SH["or"] else " && "
            members = [
                f"COALESCE({self.value_ok(m, v)}, false)" for m in Collection(self.shapes, o)
            ]
            return joiner.join(members) or ("false" if p == SH["or"] else "true")
        if p == SH["not"]:
            return f"!COALESCE({self.value_ok(o, v)}, false)"
        raise Unsupported(str(p))

    def severity(self, shape: Node) -> dict[str, str]:
        base = _SEVERITY.get(self.shapes.value(shape, SH.severity) or SH.Violation, "Violation")
        completeness = (shape, SH.group, POLSH.Completeness) in self.shapes
        return {"consensus": base, "source": "Warning" if completeness else base}

    def messages(self, *nodes: Node) -> list[str]:
        return sorted(str(m) for n in nodes for m in self.shapes.objects(n, SH.message))

    def node_shape(self, shape: Node) -> list[Constraint]:
        """Every constraint of a node shape and its property shapes (Unsupported if any part
        cannot be compiled: then the whole node shape goes to pySHACL)."""
        target = self.targets(shape)
        if not target:
            return []
        out: list[Constraint] = []
        for prop in self.shapes.objects(shape, SH.property):
            out += self.property_shape(prop, target)
        for p, o in self.shapes.predicate_objects(shape):
            if p == SH.sparql:
                out.append(self.sparql(shape, o, target, None, None))
            elif p in _VALUE_COMPONENTS:
                test = self.component_ok(p, o, "?this", shape)
                out.append(self._value_query(shape, shape, target, None, None, test, p, "?this"))
            elif p not in _SHAPE_KEYS:
                raise Unsupported(str(p))
        return out

    def property_shape(self, prop: Node, target: str) -> list[Constraint]:
        path_node = self.shapes.value(prop, SH.path)
        if path_node is None:
            raise Unsupported("a property shape without sh:path")
        path = self.path(path_node)
        path_text = _path_text(self.shapes, path_node)
        out = []
        for p, o in self.shapes.predicate_objects(prop):
            if p in _COUNT_COMPONENTS:
                op = "<" if p == SH.minCount else ">"
                query = (
                    f"SELECT ?g ?this WHERE {{ GRAPH ?g {{ {target} "
                    f"OPTIONAL {{ ?this {path} ?v }} }} }} GROUP BY ?g ?this "
                    f"HAVING (COUNT(DISTINCT ?v) {op} {int(str(o))})"
                )
                out.append(Constraint(prop, path_text, self.severity(prop), self.messages(prop),
                                      "sh:" + _COUNT_COMPONENTS[p], query))  # fmt: skip
            elif p in _VALUE_COMPONENTS:
                test = self.component_ok(p, o, "?value", prop)
                out.append(
                    self._value_query(prop, prop, target, path, path_text, test, p, "?value")
                )
            elif p == SH.sparql:
                out.append(self.sparql(prop, o, target, path, path_text))
            elif p not in _SHAPE_KEYS:
                raise Unsupported(str(p))
        return out

    def _value_query(
        self, shape: Node, owner: Node, target: str, path: str | None, path_text: str | None,
        test: str, component: Node, var: str,
    ) -> Constraint:  # fmt: skip
        step = f"?this {path} ?value ." if path is not None else ""
        select = "?g ?this ?value" if path is not None else "?g ?this"
        query = (
            f"SELECT DISTINCT {select} WHERE {{ GRAPH ?g {{ {target} {step} "
            f"FILTER(!COALESCE({test}, false)) }} }}"
        )
        return Constraint(owner, path_text, self.severity(owner), self.messages(owner),
                          "sh:" + _VALUE_COMPONENTS[component], query)  # fmt: skip

    def sparql(
        self, shape: Node, constraint: Node, target: str, path: str | None, path_text: str | None
    ) -> Constraint:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select")
        text = str(select)
        if path is not None:
            text = text.replace("$PATH", path)
        elif "$PATH" in text:
            raise Unsupported("$PATH in a node shape")
        text = text.replace("$this", "?this")
        if re.search(r"\$(?!PATH)\w", text):
            raise Unsupported("a pre-bound variable other than $this and $PATH")
        messages = self.messages(shape, constraint)
        simple = _SIMPLE_SELECT.match(text)
        if simple is not None and len(re.findall(r"(?i)\bSELECT\b", text)) == 1:
            # one SELECT: its pattern inlined into GRAPH ?g, all graphs in one query
            query = (
                f"SELECT DISTINCT ?g {simple['projection']} WHERE {{ GRAPH ?g {{ {target} "
                f"{simple['body']} }} }}"
            )
            return Constraint(shape, path_text, self.severity(shape), messages,
                              "sh:SPARQLConstraintComponent", query)  # fmt: skip
        # nested SELECTs (aggregates): once per graph, that graph as the default graph
        query = f"SELECT * WHERE {{ {target} {{ {text} }} }}"
        return Constraint(shape, path_text, self.severity(shape), messages,
                          "sh:SPARQLConstraintComponent", query, per_graph=True)  # fmt: skip


def _path_text(graph: Graph, path: Node) -> str:
    from kg.validate import _path_text as text

    return text(graph, path)


@lru_cache(maxsize=1)
def compiled() -> Compiled:
    """The shapes compiled once per process (with the ontology's class hierarchy)."""
    from kg.ontology import load_ontology

    return compile_shapes(shapes_graph("consensus"), load_ontology())


def compile_shapes(shapes: Graph, ontology: Graph) -> Compiled:
    """Compile every node shape of `shapes`; the ones that cannot be go to `fallback_*`."""
    compiler = _Compiler(shapes, ontology)
    result = Compiled(prefixes=compiler.prefixes)
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    node_shapes |= {
        s
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
        for s in shapes.subjects(p, None)
    }
    for shape in sorted(node_shapes, key=str):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        try:
            result.constraints += compiler.node_shape(shape)
        except Unsupported:
            result.fallback_shapes.append(shape)
    if result.fallback_shapes:
        result.fallback_graph = _subgraph(shapes, result.fallback_shapes)
    return result


def _subgraph(shapes: Graph, roots: Iterable[Node]) -> Graph:
    """The shapes reachable from `roots` (their property shapes, lists, SPARQL constraints),
    with the prefix declarations, as a shapes graph pySHACL can run alone."""
    out = bind_prefixes(new_graph())
    todo, seen = list(roots), set()
    for decl_owner in shapes.subjects(SH.declare, None):
        todo.append(decl_owner)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, BNode) or p in (SH.property, SH.node, SH.prefixes):
                todo.append(o)
    return out


def _mode(graph: URIRef) -> str | None:
    if graph == CONSENSUS:
        return "consensus"
    if str(graph).startswith(str(SOURCE_GRAPH)):
        return "source"
    return None


def run_constraints(
    store: ox.Store, compiled_: Compiled, graphs: Iterable[URIRef]
) -> dict[URIRef, list[ValidationResult]]:
    """Every compiled constraint, once over all graphs (or once per graph for the few that
    need it): results per graph, for the consensus and source graphs among `graphs`."""
    from kg.oxstore import from_ox

    wanted = {g: m for g in graphs if (m := _mode(g)) is not None}
    found: dict[URIRef, list[ValidationResult]] = {}
    for c in compiled_.constraints:
        runs = (
            [(g, ox.NamedNode(str(g))) for g in sorted(wanted)] if c.per_graph else [(None, None)]
        )
        for graph, default in runs:
            answer = store.query(c.query, prefixes=compiled_.prefixes, default_graph=default)
            assert isinstance(answer, ox.QuerySolutions)
            names = [v.value for v in answer.variables]
            for solution in answer:
                row = {n: from_ox(solution[n]) for n in names if solution[n] is not None}
                name = graph if graph is not None else row.get("g")
                if isinstance(name, URIRef) and name in wanted:
                    found.setdefault(name, []).append(_result(c, row, wanted[name]))
    return found


def _result(c: Constraint, row: dict[str, Node], mode: str) -> ValidationResult:
    messages = []
    for template in c.messages:
        text = template
        for name, value in row.items():
            for sigil in "?$":  # pySHACL's substitution: {?var} and {$var} by str(value)
                text = text.replace("{" + sigil + name + "}", str(value))
        messages.append(text)
    return ValidationResult(
        focus=row["this"],
        label=None,  # filled from the data graph by `_labelled`
        path=c.path,
        value=row.get("value"),
        message=sorted(messages)[0] if messages else "(no message)",
        severity=c.severity[mode],
        shape=c.shape,
        constraint=c.component,
    )


def _labelled(
    results: list[ValidationResult], store: ox.Store, graph: URIRef
) -> list[ValidationResult]:
    from dataclasses import replace

    from kg.oxstore import from_ox, to_ox

    out = []
    for r in results:
        quads = store.quads_for_pattern(
            to_ox(r.focus), ox.NamedNode(str(RDFS.label)), None, to_ox(graph)
        )
        labels = [lab for q in quads if isinstance(lab := from_ox(q.object), Literal)]
        labels.sort(
            key=lambda lab: (lab.language not in (None, "en"), lab.language or "", str(lab))
        )
        out.append(replace(r, label=str(labels[0]) if labels else None))
    return out


def _report_graph(results: list[ValidationResult]) -> Graph:
    """A SHACL validation report graph for `results` (what `ValidationReport.to_turtle` shows)."""
    from kg.namespaces import SH as SHNS

    graph = bind_prefixes(new_graph())
    report = BNode("report")
    graph.add((report, RDF.type, SHNS.ValidationReport))
    graph.add((report, SHNS.conforms, Literal(not any(r.severity == "Violation" for r in results))))
    for i, r in enumerate(sorted(results, key=ValidationResult.sort_key)):
        node = BNode(f"r{i}")
        graph.add((report, SHNS.result, node))
        graph.add((node, RDF.type, SHNS.ValidationResult))
        graph.add((node, SHNS.focusNode, r.focus))
        graph.add((node, SHNS.resultSeverity, SHNS[r.severity]))
        graph.add((node, SHNS.resultMessage, Literal(r.message)))
        if r.value is not None:
            graph.add((node, SHNS.value, r.value))
        if r.shape is not None:
            graph.add((node, SHNS.sourceShape, r.shape))
    return graph


def validate_dataset_fast(
    ds: Dataset, *, ontology: Graph | None = None, nquads: bytes | None = None
) -> dict[URIRef, ValidationReport]:
    """Like `kg.validate.validate_dataset`, with the compiled queries (see the module), run on
    an Oxigraph copy of `ds` (`kg.oxstore.memory_store`, from `nquads` when given)."""
    from kg.oxstore import memory_store
    from kg.validate import _graph_names, plain_graph, validate

    prepared = (
        compiled() if ontology is None else compile_shapes(shapes_graph("consensus"), ontology)
    )
    store = memory_store(ds, nquads)
    found = run_constraints(store, prepared, _graph_names(ds))
    if prepared.fallback_shapes:
        names = ", ".join(
            _prefixed(s, prepared.fallback_graph or new_graph()) for s in prepared.fallback_shapes
        )
        print(
            f"polkg: note: the fast validator cannot compile {names}; pySHACL checks them",
            file=sys.stderr,
        )
    reports: dict[URIRef, ValidationReport] = {}
    for name in sorted(_graph_names(ds)):
        mode = _mode(name)
        if mode is None:
            continue
        results = _labelled(found.get(name, []), store, name)
        if prepared.fallback_graph is not None:
            fallback = validate(
                plain_graph(ds, name), mode=mode, ontology=ontology, shapes=prepared.fallback_graph
            )
            results += fallback.results
        reports[name] = ValidationReport(_report_graph(results), results, mode)
    return reports
