"""`polkg extract ARTICLE`: mentions and facts of a new article, a draft claims file, and
with `--check` what it says that the graph holds, contradicts, or lacks.

Exit codes: 0 done (contradictions are findings, not failures), 2 input polkg cannot use.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_project, project_option


@click.command("extract")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--data",
    "data_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A curated data folder whose entities and claims the article is read against; "
    "repeatable. Default: the project's (found from here, or --project), else the bundled "
    "corpus.",
)
@project_option
@click.option(
    "--source",
    "source_id",
    help="The source's stem (its file name in sources/ without .txt) for the draft and the "
    "annotations. Default: the article's file name.",
)
@click.option("--published", help="The article's date, YYYY-MM-DD (resolves 'on Monday').")
@click.option("--year", type=int, help="The year of dates written without one ('In May').")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the draft claims (YAML, the curated format) to this file.",
)
@click.option(
    "--annotations",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the mentions as W3C Web Annotations (Turtle) to this file.",
)
@click.option("--check", is_flag=True, help="Compare every fact with the graph.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"], case_sensitive=False),
    default="text",
    show_default=True,
    help="Output on stdout: text to read, json for tools, md for a report.",
)
def command(
    article: Path,
    data_dirs: tuple[Path, ...],
    source_id: str | None,
    published: str | None,
    year: int | None,
    output: Path | None,
    annotations: Path | None,
    check: bool,
    fmt: str,
    project_dir: Path | None,
) -> int:
    """Read ARTICLE (plain UTF-8 text): mentions of known entities with their offsets,
    new-entity candidates, dates, figures and event cues, each attached to what it is about.
    With -o, write draft claims for a curator to review; with --check, say for every fact
    whether the graph holds it, contradicts it (with the graph's value, sources and quotes)
    or lacks it. A `{stem}.yaml` beside the article (as in sources/) gives its date."""
    from kg.extract import run
    from kg.safety import write_atomic

    info = run.read_article(article, published=published, year=year)
    if not data_dirs:
        data_dirs = (open_project(project_dir).data_dir,)
    knowledge = run.load_knowledge(data_dirs, graph=check or output is not None)
    extraction = run.run_extract(info, knowledge)
    source = source_id or info.stem
    outputs: dict[Path, str] = {}
    if output is not None:
        from kg.extract.drafts import draft_claims

        outputs[output] = draft_claims(extraction, source, knowledge.index, knowledge.labels)
    if annotations is not None:
        outputs[annotations] = run.annotations_turtle(extraction, source)
    fmt = fmt.lower()
    if check:
        from kg.extract import check as checking

        index = knowledge.index
        assert index is not None  # loaded because check is set
        verdicts = checking.check(extraction, index)
        if fmt == "json":
            shown = checking.to_json(verdicts, index)
        elif fmt == "md":
            shown = checking.verdicts_markdown(verdicts, index)
        else:
            shown = checking.verdicts_text(verdicts, index)
    elif fmt == "json":
        shown = run.dumps(run.report_json(extraction))
    elif fmt == "md":
        shown = run.report_markdown(extraction)
    else:
        shown = run.report_text(extraction)
    for path, text in outputs.items():
        write_atomic(path, text)
    click.echo(shown, nl=False)
    for path in outputs:
        click.echo(f"wrote {path}", err=True)
    return 0
