"""`polkg docs`: write the ontology's human-readable HTML reference (one offline page)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import local_path, open_project, project_option


@click.command(name="docs")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="HTML file to write (atomically). Default: ontology.html in the project's out/ "
    "(./out without a project).",
)
@click.option(
    "--ontology",
    "ontology_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Turtle ontology to document instead of ontology/polkg.ttl.",
)
@project_option
def command(output: Path | None, ontology_file: Path | None, project_dir: Path | None) -> int:
    """Write the HTML reference of the ontology: classes with their hierarchy and
    alignments, properties with domain, range and whether they are functional, individuals,
    and the rule for comparing values of different precision. The page is self-contained
    (inline CSS, no scripts, nothing fetched).

    Example: `polkg docs -o out/ontology.html`."""
    from kg.docs import read_ontology, write_reference

    if output is None:
        output = open_project(project_dir, reads_corpus=False).out_dir / "ontology.html"
    ontology = read_ontology(ontology_file) if ontology_file is not None else None
    path = write_reference(output, ontology)
    click.echo(f"wrote {path}")
    return 0
