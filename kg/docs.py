"""A human-readable HTML reference of the ontology: one self-contained page.

Written here rather than with pyLODE because the page needs little (terms, hierarchy, domains,
ranges, functional flags, the precision rule) and pyLODE pulls in many dependencies. The page
loads nothing: no script, no remote style or font, the CSS is inline, and external IRIs are
shown as text, so it works offline and tells no one what is being read. Output is
deterministic: terms are sorted, and nothing depends on the clock or on dict order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TypeGuard

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import UserError
from kg.namespaces import POL, PREFIXES, VANN, new_graph
from kg.safety import write_atomic

_PROPERTY_KINDS = (
    (OWL.ObjectProperty, "Object properties", "object property"),
    (OWL.DatatypeProperty, "Datatype properties", "datatype property"),
    (OWL.AnnotationProperty, "Annotation properties", "annotation property"),
)
_CLASS_KINDS = (OWL.Class, RDFS.Class)

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.45; margin: 0 auto; max-width: 62rem;
       padding: 1rem 2rem 4rem; color: #1d1d1f; background: #fff; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem;
  margin-top: 2.5rem; }
code, .iri { font-family: ui-monospace, monospace; font-size: 0.92em; }
.iri { color: #57606a; word-break: break-all; }
nav ul { columns: 3; } nav li { break-inside: avoid; }
.term { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6rem 1rem; margin: 1rem 0; }
.term h3 { margin: 0 0 0.3rem; } .kind { font-size: 0.8em; color: #57606a; font-weight: normal; }
header dl, .term dl { display: grid; grid-template-columns: 10rem 1fr; gap: 0.2rem 1rem;
  margin: 0.4rem 0; }
dt { color: #57606a; } dd { margin: 0; }
.functional { background: #ddf4ff; border-radius: 4px; padding: 0 0.3rem; font-size: 0.85em; }
.note { background: #f6f8fa; border-left: 4px solid #8c959f; padding: 0.4rem 0.8rem; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; }
ul.tree { padding-left: 0; }
"""


@dataclass(frozen=True)
class _Page:
    """What the page needs from the ontology graph, computed once."""

    graph: Graph
    namespace: str
    ontology: URIRef | None

    def local(self, term: URIRef) -> str:
        return str(term)[len(self.namespace) :]

    def own(self, term: object) -> TypeGuard[URIRef]:
        return isinstance(term, URIRef) and str(term).startswith(self.namespace)


def write_reference(path: Path, ontology: Graph | None = None) -> Path:
    """Write the HTML reference of `ontology` (default: the polkg ontology) to `path`."""
    if ontology is None:
        from kg.ontology import load_ontology

        ontology = load_ontology()
    return write_atomic(path, render_reference(ontology))


def read_ontology(path: Path) -> Graph:
    """Parse a Turtle ontology to document; a syntax error names the file and the line."""
    graph = new_graph()
    try:
        graph.parse(path, format="turtle")
    except (SyntaxError, ValueError) as err:  # rdflib's BadSyntax is a SyntaxError
        line = getattr(err, "lines", None)
        raise UserError(
            f"not valid Turtle ({_first_line(err)}); fix the syntax and run polkg docs again",
            file=str(path),
            line=line + 1 if isinstance(line, int) else None,
        ) from None
    return graph


def _first_line(err: Exception) -> str:
    why = getattr(err, "_why", None)  # rdflib's BadSyntax keeps the reason here
    if isinstance(why, str) and why:
        return why
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def render_reference(ontology: Graph) -> str:
    """The reference page as a string (same graph in, same bytes out)."""
    onto_iri = min(
        (s for s in ontology.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)),
        default=None,
    )
    namespace = str(POL)
    if onto_iri is not None:
        declared = ontology.value(onto_iri, VANN.preferredNamespaceUri)
        if declared is not None:
            namespace = str(declared)
    page = _Page(ontology, namespace, onto_iri)

    classes = _terms_of(page, _CLASS_KINDS)
    properties = [(title, kind, _terms_of(page, (k,))) for k, title, kind in _PROPERTY_KINDS]
    individuals = _terms_of(page, (OWL.NamedIndividual,))
    title = _text(ontology, onto_iri, DCTERMS.title) or "Ontology reference"

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        _header(page, title),
        _contents(page, classes, properties, individuals),
        _precision(page),
        '<section id="classes">',
        "<h2>Classes</h2>",
        "<h3>Hierarchy</h3>",
        _tree(page, classes),
        *(_class_block(page, c) for c in classes),
        "</section>",
    ]
    for section_title, kind, terms in properties:
        if not terms:
            continue
        anchor = section_title.lower().replace(" ", "-")
        parts += [f'<section id="{anchor}">', f"<h2>{escape(section_title)}</h2>"]
        parts += [_property_block(page, p, kind) for p in terms]
        parts.append("</section>")
    if individuals:
        parts += ['<section id="individuals">', "<h2>Individuals</h2>"]
        parts += [_individual_block(page, i) for i in individuals]
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --- pieces of the page ------------------------------------------------------------------


def _header(page: _Page, title: str) -> str:
    g, iri = page.graph, page.ontology
    rows = []
    if iri is not None:
        rows.append(("IRI", f'<span class="iri">{escape(str(iri))}</span>'))
        for label, prop in (
            ("Version", OWL.versionInfo),
            ("Version IRI", OWL.versionIRI),
            ("Created", DCTERMS.created),
            ("Modified", DCTERMS.modified),
            ("Licence", DCTERMS.license),
            ("Preferred prefix", VANN.preferredNamespacePrefix),
        ):
            value = g.value(iri, prop)
            if value is not None:
                shown = escape(str(value))
                if isinstance(value, URIRef):
                    shown = f'<span class="iri">{shown}</span>'
                rows.append((label, shown))
    rows.append(("Namespace", f'<span class="iri">{escape(page.namespace)}</span>'))
    description = _text(g, iri, DCTERMS.description) or _text(g, iri, RDFS.comment)
    out = [f"<header><h1>{escape(title)}</h1>"]
    if description:
        out.append(f"<p>{escape(description)}</p>")
    out.append(_dl(rows))
    out.append("</header>")
    return "\n".join(out)


def _contents(
    page: _Page,
    classes: list[URIRef],
    properties: list[tuple[str, str, list[URIRef]]],
    individuals: list[URIRef],
) -> str:
    out = [
        "<nav><h2>Contents</h2>",
        '<p><a href="#precision">Comparing values of different precision</a></p>',
    ]
    groups = [("Classes", "classes", classes)]
    groups += [(t, t.lower().replace(" ", "-"), terms) for t, _, terms in properties]
    groups.append(("Individuals", "individuals", individuals))
    for title, anchor, terms in groups:
        if not terms:
            continue
        out.append(f'<h3><a href="#{anchor}">{escape(title)}</a> ({len(terms)})</h3><ul>')
        out += [f"<li>{_link(page, t)}</li>" for t in terms]
        out.append("</ul>")
    out.append("</nav>")
    return "\n".join(out)


def _precision(page: _Page) -> str:
    notes = _notes(page.graph, page.ontology) if page.ontology is not None else []
    rule = [n for n in notes if "interval" in n] or notes
    body = "".join(f'<p class="note">{escape(n)}</p>' for n in rule)
    if not body:
        body = "<p>The ontology states no precision rule.</p>"
    return (
        f'<section id="precision"><h2>Comparing values of different precision</h2>{body}</section>'
    )


def _tree(page: _Page, classes: list[URIRef]) -> str:
    own = set(classes)
    children: dict[URIRef, list[URIRef]] = {c: [] for c in classes}
    roots = []
    for cls in classes:
        parents = sorted(
            p
            for p in page.graph.objects(cls, RDFS.subClassOf)
            if isinstance(p, URIRef) and p in own
        )
        for parent in parents:
            children[parent].append(cls)
        if not parents:
            roots.append(cls)

    def branch(node: URIRef, seen: frozenset[URIRef]) -> str:
        kids = [k for k in children[node] if k not in seen]
        inner = "".join(branch(k, seen | {k}) for k in _sorted(page, kids))
        return f"<li>{_link(page, node)}" + (f"<ul>{inner}</ul>" if inner else "") + "</li>"

    return '<ul class="tree">' + "".join(branch(r, frozenset({r})) for r in roots) + "</ul>"


def _class_block(page: _Page, cls: URIRef) -> str:
    g = page.graph
    supers = sorted(g.objects(cls, RDFS.subClassOf), key=str)
    own_supers = [s for s in supers if page.own(s)]
    aligned = [s for s in supers if not page.own(s)]
    aligned += sorted(g.objects(cls, OWL.equivalentClass), key=str)
    subs = _sorted(page, [s for s in g.subjects(RDFS.subClassOf, cls) if page.own(s)])
    domain_of = _sorted(page, _uses(page, cls, RDFS.domain))
    range_of = _sorted(page, _uses(page, cls, RDFS.range))
    members = _sorted(page, [i for i in g.subjects(RDF.type, cls) if page.own(i)])
    rows = [
        ("Subclass of", _join(page, own_supers)),
        ("Aligned with", _join(page, aligned)),
        ("Subclasses", _join(page, subs)),
        ("Domain of", _join(page, domain_of)),
        ("Range of", _join(page, range_of)),
        ("Members", _join(page, members)),
    ]
    return _block(page, cls, "class", rows)


def _property_block(page: _Page, prop: URIRef, kind: str) -> str:
    g = page.graph
    functional = (prop, RDF.type, OWL.FunctionalProperty) in g
    heading_extra = ' <span class="functional">functional</span>' if functional else ""
    rows = [
        (
            "Domain",
            " and ".join(_expr(page, d) for d in _sorted_nodes(page, g.objects(prop, RDFS.domain))),
        ),
        (
            "Range",
            " and ".join(_expr(page, r) for r in _sorted_nodes(page, g.objects(prop, RDFS.range))),
        ),
        ("Functional", "yes: one value per subject" if functional else "no"),
        ("Subproperty of", _join(page, sorted(g.objects(prop, RDFS.subPropertyOf), key=str))),
        ("Inverse of", _join(page, sorted(g.objects(prop, OWL.inverseOf), key=str))),
    ]
    return _block(page, prop, kind, rows, heading_extra)


def _individual_block(page: _Page, ind: URIRef) -> str:
    types = sorted(
        (t for t in page.graph.objects(ind, RDF.type) if t != OWL.NamedIndividual), key=str
    )
    return _block(page, ind, "individual", [("Type", _join(page, types))])


def _block(
    page: _Page, term: URIRef, kind: str, rows: list[tuple[str, str]], heading_extra: str = ""
) -> str:
    g = page.graph
    label = _label(page, term)
    comment = _text(g, term, RDFS.comment)
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in _notes(g, term))
    return (
        f'<div class="term" id="{escape(page.local(term))}">'
        f'<h3>{escape(label)} <span class="kind">{escape(kind)}</span>{heading_extra}</h3>'
        f"<p><code>{escape(_curie(page, term))}</code> · "
        f'<span class="iri">{escape(str(term))}</span></p>'
        + (f"<p>{escape(comment)}</p>" if comment else "")
        + _dl([(k, v) for k, v in rows if v])
        + notes
        + "</div>"
    )


# --- helpers ----------------------------------------------------------------------------


def _terms_of(page: _Page, kinds: tuple[URIRef, ...]) -> list[URIRef]:
    found = {s for k in kinds for s in page.graph.subjects(RDF.type, k) if page.own(s)}
    return _sorted(page, list(found))


def _sorted(page: _Page, terms: list) -> list[URIRef]:
    """By label (case folded), then IRI: stable across runs and readable."""
    uris = [t for t in terms if isinstance(t, URIRef)]
    return sorted(set(uris), key=lambda t: (_label(page, t).casefold(), str(t)))


def _sorted_nodes(page: _Page, nodes: Iterable[object]) -> list[object]:
    """Domains and ranges in a fixed order: by what they render to (unions are blank nodes)."""
    return sorted(nodes, key=lambda n: (isinstance(n, BNode), _expr(page, n)))


def _uses(page: _Page, cls: URIRef, prop: URIRef) -> list[URIRef]:
    """Properties whose domain (or range) is `cls` or a union that names it."""
    out: list[URIRef] = []
    for subject, expr in page.graph.subject_objects(prop):
        if not page.own(subject):
            continue
        if expr == cls or (isinstance(expr, BNode) and cls in _members(page.graph, expr)):
            out.append(subject)
    return out


def _members(g: Graph, node: BNode) -> list:
    union = g.value(node, OWL.unionOf)
    return list(Collection(g, union)) if union is not None else []


def _expr(page: _Page, node: object) -> str:
    if isinstance(node, BNode):
        members = _members(page.graph, node)
        if members:
            return " or ".join(_expr(page, m) for m in members)
        return "(an anonymous class)"
    if isinstance(node, URIRef):
        return _link(page, node)
    return escape(str(node))


def _link(page: _Page, term: URIRef) -> str:
    """An own term links to its anchor on this page; any other IRI is shown as text."""
    if page.own(term):
        return f'<a href="#{escape(page.local(term))}">{escape(_label(page, term))}</a>'
    return f'<code title="{escape(str(term))}">{escape(_curie(page, term))}</code>'


def _join(page: _Page, terms: list) -> str:
    return ", ".join(_expr(page, t) for t in terms)


def _curie(page: _Page, term: URIRef) -> str:
    text = str(term)
    best = ""
    best_prefix = ""
    for prefix, ns in sorted(PREFIXES.items()):
        if text.startswith(str(ns)) and len(str(ns)) > len(best):
            best, best_prefix = str(ns), prefix
    if best and text[len(best) :] and "/" not in text[len(best) :]:
        return f"{best_prefix}:{text[len(best) :]}"
    return text


def _label(page: _Page, term: URIRef) -> str:
    return _text(page.graph, term, RDFS.label) or _curie(page, term)


def _text(g: Graph, subject: Node | None, prop: URIRef) -> str:
    """The English (else untagged, else any) value of `prop`, chosen deterministically."""
    if subject is None:
        return ""
    values = [v for v in g.objects(subject, prop) if isinstance(v, Literal)]
    for wanted in ("en", None):
        picked = sorted(str(v) for v in values if v.language == wanted)
        if picked:
            return picked[0]
    return sorted(str(v) for v in values)[0] if values else ""


def _notes(g: Graph, subject: Node) -> list[str]:
    return sorted(str(n) for n in g.objects(subject, SKOS.note))


def _dl(rows: list[tuple[str, str]]) -> str:
    """Rows of (plain-text title, already-escaped HTML value)."""
    if not rows:
        return ""
    body = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f"<dl>{body}</dl>"
