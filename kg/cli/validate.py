"""`polkg validate`: SHACL-validate the built graph, or RDF files, against polkg's shapes.

Exit codes: 0 no sh:Violation (warnings are printed), 1 violations, 2 unusable input (an
unreadable file, a syntax error, a remote reference, an unknown graph). `--strict` makes any
result fail, as pySHACL's own CLI does by default. A TriG or N-Quads file is checked graph by
graph: merging every source's graph would make disagreeing sources look like violations
(two vote shares for one candidate adding up to 198 %).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.cli.options import graph_options, open_dataset, unique_prefix
from kg.cli.output import emit, output_option, pick_format
from kg.cli.query import INPUT_FORMATS, read_data
from kg.errors import UserError
from kg.export import source_slugs

if TYPE_CHECKING:
    from kg.validate import ValidationReport

Reports = dict[URIRef | None, "ValidationReport"]


@click.command(name="validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"], case_sensitive=False),
    default=None,
    help="text: results grouped by node; json: conforms, counts and the results; turtle: "
    "the SHACL report. Default: from the extension of -o (.txt, .json, .ttl), else text.",
)
@output_option
@click.option(
    "-g",
    "--graph",
    "which",
    metavar="consensus|SOURCE|all|merged",
    default=None,
    help="Which named graph to check: the consensus (every rule), one source's graph by its "
    "slug or a unique start of it (what it lacks is only a warning), all of them, or all "
    "triples merged into one graph. Default: the consensus of the built graph; with FILES, "
    "each named graph on its own (TriG, N-Quads), else their triples merged.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Warnings (and infos) fail too, as in pySHACL's default: exit 1 unless the report "
    "is empty.",
)
@click.option(
    "--input-format",
    type=click.Choice(sorted(INPUT_FORMATS), case_sensitive=False),
    default=None,
    help="The RDF syntax of standard input ('-') and of FILES whose extension does not tell it.",
)
@graph_options
def command(
    files: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    which: str | None,
    strict: bool,
    input_format: str | None,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Check the built graph, or the RDF FILEs, against the SHACL shapes.

    FILEs may be Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or N3 (by extension, or
    --input-format); '-' is standard input; nothing they refer to is ever fetched. Exit
    status: 0 when there is no violation (warnings are printed; with --strict, none of
    either), 1 when there are, 2 when the input is unusable."""
    name = pick_format(
        output,
        fmt.lower() if fmt else None,
        {".txt": "text", ".json": "json", ".ttl": "turtle"},
        "text",
    )
    reports: Reports
    if files:
        dataset = read_data(files, input_format)
        origin = ", ".join(str(f) for f in files)
        named = {g.identifier for g in dataset.graphs() if len(g)} - {DATASET_DEFAULT_GRAPH_ID}
        named.discard(dataset.default_graph.identifier)
        if which == "merged" or (which is None and not named):
            from kg.rdfio import merged_graph
            from kg.validate import validate

            reports = {None: validate(merged_graph(dataset), mode="consensus")}
        else:
            reports = _select(dataset, which or "all", origin=origin)
    else:
        if which == "merged":
            raise UserError("--graph merged is for FILES: the built graph is checked by graph")
        dataset, _, folder = open_dataset(project_dir, out_dir, build_first)
        reports = _select(dataset, which or "consensus", origin=str(folder))

    failed = any(_fails(r, strict) for r in reports.values())
    emit(_render(reports, name, strict=strict), output)
    return 1 if failed else 0


def _fails(report: ValidationReport, strict: bool) -> bool:
    return bool(report.results) if strict else not report.conforms


def _select(dataset: Dataset, which: str, *, origin: str) -> Reports:
    """Validate the graphs `which` names: "consensus", "all" (every graph, each on its own:
    source graphs in source mode, any other in consensus mode), or a source by its slug or
    a unique start of it."""
    from kg.namespaces import CONSENSUS, SOURCE_GRAPH
    from kg.validate import plain_graph, validate, validate_dataset

    names = {g.identifier for g in dataset.graphs() if len(g)}
    if which == "all":
        reports: Reports = {}
        for graph_name, found in validate_dataset(dataset).items():
            reports[graph_name] = found
        for name in sorted(names - set(reports), key=str):
            if isinstance(name, URIRef):
                reports[name] = validate(plain_graph(dataset, name), mode="consensus")
        if not reports:
            raise UserError(f"no triples in {origin}: nothing to validate")
        return reports
    if which == "consensus":
        if CONSENSUS not in names:
            raise UserError(
                f"no consensus graph in {origin}; choose one of: "
                + ", ".join([*source_slugs(dataset), "all"])
            )
        return {CONSENSUS: validate(plain_graph(dataset, CONSENSUS), mode="consensus")}
    known = source_slugs(dataset)
    slug = unique_prefix(
        which, known, what="graph", option="--graph", others=("consensus", "all", "merged")
    )
    name = SOURCE_GRAPH[slug]
    return {name: validate(plain_graph(dataset, name), mode="source")}


def _render(reports: Reports, fmt: str, *, strict: bool = False) -> str:
    """All reports in one document of the chosen format. JSON: `conforms` (under --strict,
    no result at all), the counts, and every result with its graph."""
    import json

    if fmt == "json":
        rows = []
        for name, report in reports.items():
            for row in report.to_json():
                rows.append({"graph": str(name) if name is not None else None, **row})
        data = {
            "conforms": not any(_fails(r, strict) for r in reports.values()),
            "strict": strict,
            "graphs": len(reports),
            "violations": sum(len(r.violations) for r in reports.values()),
            "warnings": sum(len(r.warnings) for r in reports.values()),
            "infos": sum(len(r.infos) for r in reports.values()),
            "results": rows,
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
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
