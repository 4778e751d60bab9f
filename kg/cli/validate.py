"""`polkg validate`: SHACL-validate the built graph, or RDF files, against polkg's shapes.

Exit codes (as pySHACL's own CLI): 0 no sh:Violation (warnings are printed), 1 violations,
2 unusable input (an unreadable file, a syntax error, a remote reference, an unknown graph).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib import Dataset, Graph, URIRef

from kg.cli.options import local_path
from kg.errors import UserError
from kg.paths import OUT

if TYPE_CHECKING:
    from kg.validate import ValidationReport

Reports = dict[URIRef | None, "ValidationReport"]


@click.command(name="validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"], case_sensitive=False),
    default="text",
    show_default=True,
    help="text: results grouped by node; json: a list of results; turtle: the SHACL report.",
)
@click.option(
    "-g",
    "--graph",
    "which",
    metavar="consensus|SOURCE-SLUG|all",
    default=None,
    help="Which named graph to check: the consensus (every rule), one source's graph (what "
    "it lacks is only a warning), or all of them. Default: the consensus graph of the built "
    "dataset; with FILES, all their triples merged, checked as a consensus.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    callback=local_path,
    default=OUT,
    show_default=True,
    help="Folder of the built graph, used when no FILE is given (built first if missing).",
)
def command(files: tuple[Path, ...], fmt: str, which: str | None, out_dir: Path) -> int:
    """Check the built graph, or the RDF FILEs merged, against the SHACL shapes.

    FILEs may be Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or N3 (by extension);
    nothing they refer to is ever fetched. Exit status: 0 when there is no violation
    (warnings are printed), 1 when there are violations, 2 when the input is unusable."""
    reports: Reports
    if files:
        dataset = _read_files(files)
        if which is None:
            from kg.rdfio import merged_graph
            from kg.validate import validate

            reports = {None: validate(merged_graph(dataset), mode="consensus")}
        else:
            reports = _select(dataset, which, origin=", ".join(str(f) for f in files))
    else:
        from kg.store import load_dataset

        dataset = load_dataset(out_dir)
        reports = _select(dataset, which or "consensus", origin=str(out_dir))

    click.echo(_render(reports, fmt.lower()), nl=False)
    return 1 if any(not r.conforms for r in reports.values()) else 0


def _read_files(files: tuple[Path, ...]) -> Dataset:
    """Every file parsed and its quads gathered in one Dataset (graph names kept)."""
    from kg.namespaces import new_dataset
    from kg.rdfio import parse_rdf_file

    merged = new_dataset()
    for path in files:
        for s, p, o, context in parse_rdf_file(path).quads((None, None, None, None)):
            # Dataset.quads names the graph by its identifier, None for the default graph
            target: Graph = merged.default_graph if context is None else merged.graph(context)
            target.add((s, p, o))
    return merged


def _select(dataset: Dataset, which: str, *, origin: str) -> Reports:
    """Validate the graphs `which` names: "consensus", "all" or a source slug."""
    from kg.namespaces import CONSENSUS, SOURCE_GRAPH
    from kg.validate import plain_graph, validate, validate_dataset

    names = {g.identifier for g in dataset.graphs() if len(g)}
    sources = sorted(
        str(n)[len(str(SOURCE_GRAPH)) :] for n in names if str(n).startswith(str(SOURCE_GRAPH))
    )
    if which == "all":
        reports = validate_dataset(dataset)
        if not reports:
            raise UserError(
                f"no consensus or source graph in {origin}; build the graph first, or drop --graph"
            )
        return {name: report for name, report in reports.items()}
    if which == "consensus":
        name, mode = CONSENSUS, "consensus"
    else:
        name, mode = SOURCE_GRAPH[which], "source"
    if name not in names:
        known = (
            ", ".join(["consensus", *sources, "all"]) if sources or CONSENSUS in names else "none"
        )
        raise UserError(f"no graph {which!r} in {origin}; choose one of: {known}")
    return {name: validate(plain_graph(dataset, name), mode=mode)}


def _render(reports: Reports, fmt: str) -> str:
    """All reports in one document of the chosen format."""
    from kg.validate import results_json

    if fmt == "json":
        rows = []
        for name, report in reports.items():
            for row in report.to_json():
                rows.append({"graph": str(name) if name is not None else None, **row})
        return results_json(rows)
    if fmt == "turtle":
        if len(reports) == 1:
            return next(iter(reports.values())).to_turtle()
        from kg.validate import ValidationReport

        union = Graph()
        for report in reports.values():
            for triple in report.graph:
                union.add(triple)
        return ValidationReport(union, [], "consensus").to_turtle()
    parts = []
    for name, report in reports.items():
        if name is not None:
            parts.append(f"== {name} ({report.mode} mode)\n")
        parts.append(report.to_text())
        parts.append("\n" if len(reports) > 1 else "")
    if len(reports) > 1:
        violations = sum(len(r.violations) for r in reports.values())
        warnings = sum(len(r.warnings) for r in reports.values())
        parts.append(
            f"Total over {len(reports)} graphs: {violations} violations, {warnings} warnings.\n"
        )
    return "".join(parts)
