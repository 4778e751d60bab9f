"""`polkg add-source FILE`: copy an article into the project with its metadata and an
empty claims file, named by its hash (kg.curate)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import open_project, project_option
from kg.errors import UserError
from kg.loaders.sources import SOURCE_KINDS


@click.command("add-source")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--title", default=None, help="The article's title (else its first line).")
@click.option("--publisher", default=None, help="Who published it.")
@click.option("--url", default=None, help="Where it was published (http or https).")
@click.option("--published", default=None, metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option(
    "--language", default=None, help="Its language, e.g. en (default: the project's language)."
)
@click.option(
    "--kind",
    default=None,
    type=click.Choice(sorted(SOURCE_KINDS), case_sensitive=False),
    help="What it is; it ranks the source where sources disagree (an official record "
    "outranks a research dataset, which outranks news and reference works).",
)
@project_option
def command(
    file: Path,
    title: str | None,
    publisher: str | None,
    url: str | None,
    published: str | None,
    language: str | None,
    kind: str | None,
    project_dir: Path | None,
) -> int:
    """Add the article FILE ('-': standard input), UTF-8 text, byte for byte, to the
    project's sources/ as NNN_<hash>.txt with its metadata (NNN_<hash>.yaml) and an empty
    claims file claims/NNN_<hash>.yaml to fill in. Metadata left out is written as null:
    unknown, never guessed."""
    from kg.curate import SourceMeta, add_source

    project = open_project(project_dir, reads_corpus=False)
    if str(file) == "-":
        raw, origin = sys.stdin.buffer.read(), "<stdin>"
    else:
        if not file.is_file():
            raise UserError("no such file; give the path of the article's text", file=str(file))
        raw, origin = file.read_bytes(), str(file)
    meta = SourceMeta(title, publisher, url, published, language, kind)
    written = add_source(project, raw, meta, origin=origin)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: write the claims in {written[-1]}, then `polkg check`")
    return 0
