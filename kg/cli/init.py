"""`polkg init DIR`: start a project of one's own (../shared/DESIGN.md, "Projects")."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The project's name (default: the folder's name).")
def command(folder: Path, name: str | None) -> int:
    """Write an empty project into FOLDER (created if needed): polkg.toml, sources/,
    entities.yaml, claims/, overrides.yaml, out/ and a short README. It builds at once (an
    empty, valid graph); add articles with `polkg add-source`. Nothing is overwritten."""
    from kg.project import init_project

    init_project(folder, name)
    click.echo(
        f"started a polkg project in {folder}; next: cd {folder} && polkg add-source ARTICLE.txt"
    )
    return 0
