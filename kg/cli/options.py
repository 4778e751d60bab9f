"""Options shared by several commands, defined once so they read and behave the same.

Every command that reads the graph takes `--project DIR`, `--out-dir DIR` and `--build`;
`open_dataset` turns them into the dataset: the project's built graph, or with `--build` a
fresh build of it when none exists. Nothing is ever built silently into a folder the user did
not choose (issue 9)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.errors import UserError, did_you_mean
from kg.project import BUNDLED_NOTE, Project, current
from kg.safety import refuse_url

if TYPE_CHECKING:
    from rdflib import Dataset

    from kg.build import BuildResult

F = TypeVar("F", bound=Callable[..., Any])

project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The project folder. Default: the one holding polkg.toml here or above, else the "
    "bundled example corpus (read-only, outputs in ./out).",
)


def local_path(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback for every output path option: a URL is refused (kg.safety.refuse_url)."""
    refuse_url(value, "/".join(getattr(param, "opts", [])) or "the output")
    return value


out_dir_option = click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="Folder of the built graph. Default: the project's out/ (./out for the bundled corpus).",
)

build_option = click.option(
    "--build",
    "build_first",
    is_flag=True,
    help="Build the graph first when it has not been built (otherwise polkg says how).",
)


def graph_options(func: F) -> F:
    """`--project`, `--out-dir` and `--build`, for every command that reads the built graph."""
    return project_option(out_dir_option(build_option(func)))


def open_project(project_dir: Path | None, *, reads_corpus: bool = True) -> Project:
    """The project the options name (or the one found from here), with the one-line note
    when that is the bundled corpus."""
    project = current(project_dir)
    if project.bundled and reads_corpus:
        click.echo(BUNDLED_NOTE, err=True)
    return project


def build_project(project: Project, out_dir: Path | None = None) -> BuildResult:
    """Build `project` into `out_dir` (default: its out/); the BuildResult."""
    from kg.build import build

    return build((project.data_dir,), out_dir or project.out_dir, datasets=project.datasets)


def open_dataset(
    project_dir: Path | None, out_dir: Path | None, build_first: bool
) -> tuple[Dataset, Project, Path]:
    """(the built dataset, its project, the folder it was read from).

    An unbuilt project is an error that says how to build it, unless `build_first`."""
    from kg.store import DATASET_FILE, load_dataset

    # an --out-dir of the user's reads that folder only: no word about the bundled corpus
    project = open_project(project_dir, reads_corpus=out_dir is None or build_first)
    folder = out_dir if out_dir is not None else project.out_dir
    if build_first and not (folder / DATASET_FILE).is_file():
        result = build_project(project, folder)
        click.echo(result.summary(), err=True)
    try:
        return load_dataset(folder, build_if_missing=False), project, folder
    except UserError:
        if (folder / DATASET_FILE).is_file():
            raise  # a broken file: the store's message says so
        how = "polkg build"
        if project_dir is not None:
            how += f" --project {project_dir}"
        if out_dir is not None:
            how += f" --out {out_dir}"
        raise UserError(
            f"the graph has not been built here: run `{how}` first, or add --build",
            file=str(folder),
        ) from None


def unique_prefix(
    value: str, choices: list[str], *, what: str, option: str, others: tuple[str, ...] = ()
) -> str:
    """The one choice `value` is, or is a prefix of (`000` for `000-2dfa2c9048c922ba`).

    Exact matches win; an ambiguous or unknown value is a UserError listing the choices (and
    the option's `others` values, such as consensus and all)."""
    if value in choices:
        return value
    matches = [c for c in choices if c.startswith(value)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(
            f"{option} {value!r} is the start of several {what}s ({', '.join(matches)}); "
            "give more of it"
        )
    hint = did_you_mean(value, choices)
    listed = ", ".join([*others, *choices]) or "none"
    raise UserError(f"no {what} {value!r}{hint}; choose one of: {listed}")
