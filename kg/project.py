"""A polkg project: a user's own corpus in a folder of its own, apart from the bundled example.

The bundled corpus (`data/`) pins the acceptance tests, so a user must never add to it; a project
gives them the same layout in a folder they choose (../shared/DESIGN.md, "Projects")::

    polkg.toml      name, language, datasets to load
    sources/        NNN_<hash>.txt + NNN_<hash>.yaml
    entities.yaml   people, parties, organisations, places, offices
    claims/         one file per source
    overrides.yaml  the curator's choices where sources disagree
    out/            what `polkg build` writes

Every command finds the project as git finds its repository: `polkg.toml` in the current folder
or the nearest folder above it, or the folder `--project DIR` names. Without a project,
commands read the bundled corpus (read-only) and write to `./out`, and say so in one line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UserError
from kg.paths import DATA, OUT
from kg.safety import write_atomic

PROJECT_FILE = "polkg.toml"
_KEYS = ("name", "language", "datasets", "store", "validator")

ENGINES = ("pyshacl", "fast", "turbo")
"""The SHACL engines of `kg.validate` (here, where settings are read, so that reading a project
does not import the validator)."""
DEFAULT_ENGINE = "fast"
"""The engine a build uses unless told otherwise: `fast` gives the same reports as pySHACL (the
reference; tests/test_fastshacl.py runs both on every shapes fixture) in a fraction of the
time, since each constraint is one query over all graphs instead of one evaluation per node."""


@dataclass(frozen=True)
class Project:
    """Where a command reads its corpus and writes its outputs."""

    root: Path
    name: str
    language: str | None = None
    datasets: tuple[str, ...] = ()  # KIND:PATH, PATH relative to the project folder
    store: str = "memory"  # memory, oxigraph or oxigraph:DIR (DIR relative to the project)
    validator: str = DEFAULT_ENGINE  # the SHACL engine of `polkg build` (kg.validate.ENGINES)
    bundled: bool = False

    @property
    def data_dir(self) -> Path:
        """The curated folder (sources/, entities.yaml, claims/, overrides.yaml)."""
        return DATA if self.bundled else self.root

    @property
    def out_dir(self) -> Path:
        """`out/` of the project; `./out` for the bundled corpus."""
        return OUT if self.bundled else self.root / "out"


def bundled() -> Project:
    """The bundled example corpus: read from the package, built into `./out`."""
    return Project(root=DATA, name="polkg example corpus", bundled=True)


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder from `start` (default: the current folder) upwards holding
    `polkg.toml`, or None."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def load_project(root: Path) -> Project:
    """The project in `root`; a UserError when `root` holds no readable `polkg.toml`."""
    root = Path(root)
    config = root / PROJECT_FILE
    if not root.is_dir():
        raise UserError("no such project folder: create one with `polkg init DIR`", file=str(root))
    if not config.is_file():
        raise UserError(
            f"not a polkg project (no {PROJECT_FILE}): create one with `polkg init {root}`",
            file=str(root),
        )
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise UserError(f"not valid TOML ({err}); fix that line", file=str(config)) from None
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text; save it as UTF-8", file=str(config)) from None
    for key in data:
        if key not in _KEYS:
            raise UserError(
                f"unknown setting {key!r}: use only {', '.join(_KEYS)}", file=str(config)
            )
    name = data.get("name", root.resolve().name)
    language = data.get("language")
    datasets = data.get("datasets", [])
    if not isinstance(name, str) or not (language is None or isinstance(language, str)):
        raise UserError("'name' and 'language' must be texts", file=str(config))
    if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
        raise UserError(
            '\'datasets\' must be a list of "KIND:PATH" texts, e.g. ["parlgov:parlgov.csv"]',
            file=str(config),
        )
    resolved = []
    for spec in datasets:
        kind, sep, path = spec.partition(":")
        if not sep or not kind or not path:
            raise UserError(
                f'dataset {spec!r} is not KIND:PATH, e.g. "parlgov:parlgov.csv"',
                file=str(config),
            )
        resolved.append(f"{kind}:{root / path}")
    store = data.get("store", "memory")
    if not isinstance(store, str) or not (
        store in ("memory", "oxigraph") or store.startswith("oxigraph:")
    ):
        raise UserError(
            f'\'store\' must be "memory", "oxigraph" or "oxigraph:DIR", not {store!r}',
            file=str(config),
        )
    if store.startswith("oxigraph:"):
        store = f"oxigraph:{root / store.partition(':')[2]}"
    validator = data.get("validator", DEFAULT_ENGINE)
    if validator not in ENGINES:
        raise UserError(
            f"'validator' must be one of {', '.join(map(repr, ENGINES))}, not {validator!r}",
            file=str(config),
        )
    return Project(
        root=root,
        name=name,
        language=language,
        datasets=tuple(resolved),
        store=store,
        validator=validator,
    )


def current(project: Path | None = None, *, start: Path | None = None) -> Project:
    """The project `--project` names, else the one found from `start` upwards, else the
    bundled corpus (see `bundled`)."""
    if project is not None:
        return load_project(project)
    root = find_root(start)
    return load_project(root) if root is not None else bundled()


BUNDLED_NOTE = (
    "polkg: note: no polkg.toml here or above: using the bundled example corpus (read-only), "
    "outputs in ./out; `polkg init DIR` starts a project of your own"
)

_TOML = """\
# A polkg project (polkg init). Settings:
#   name      shown in reports
#   language  the default language of new sources (polkg add-source --language)
#   datasets  more inputs, "KIND:PATH" with PATH relative to this folder (polkg build --help)
#   store     where the built graph is kept: "memory" (re-read from out/dataset.trig), or
#             "oxigraph:DIR" (an Oxigraph store at DIR, relative to this folder, that every
#             command opens at once: for large projects)
#   validator the SHACL engine: "fast" (whole-graph queries) or "pyshacl" (the reference,
#             slower; both give the same report)
name = {name}
language = "en"
datasets = []
store = "memory"
validator = "fast"
"""

_ENTITIES = """\
# The people, parties, organisations, groups, places and offices your sources mention
# (format: docs/model.md, "Curated files"). Find what exists with `polkg nodes TEXT`.
entities: []
"""

_OVERRIDES = """\
# The curator's choices where sources disagree (docs/model.md, "data/overrides.yaml").
overrides: []
"""

_README = """\
# {name}

A polkg project. `polkg` commands run anywhere inside this folder use it.

| path | what |
|---|---|
| `polkg.toml` | name, default language, more datasets, the store, the validator |
| `sources/` | each article as `NNN_<hash>.txt`, byte for byte, its metadata in `.yaml` |
| `entities.yaml` | the people, parties, organisations, places and offices the articles mention |
| `claims/` | `NNN_<hash>.yaml`: what each source states, sentence by sentence, with its quote |
| `overrides.yaml` | your choice where sources disagree |
| `out/` | what `polkg build` writes; never edit it by hand |

Source names: `polkg add-source FILE` names a text `NNN_<hash>`: `NNN` is the next free
three-digit number in `sources/` (the order sources are listed and compared in), `<hash>` the
first 16 hexadecimal digits of the SHA-256 of the text's bytes, so the name tells the text apart
from any other and adding the same text twice is refused. The source's id in the graph is the
name with `_` as `-` (`000-…`).

    polkg add-source article.txt --title "…" --published 2024-05-01
    polkg nodes Istanbul            # ids, labels and spellings that exist already
    polkg check                     # the claims, checked; nothing written
    polkg build                     # out/
    polkg query election-results
"""


def init_project(folder: Path, name: str | None = None) -> list[Path]:
    """Write an empty project into `folder` (created if absent); the paths written.

    Refuses a folder that already holds a project or any of the files it would write, so
    nothing a user wrote is overwritten."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError("is a file, not a folder: choose a new folder name", file=str(folder))
    if (folder / PROJECT_FILE).exists():
        raise UserError(f"already a polkg project ({PROJECT_FILE} exists)", file=str(folder))
    title = name or folder.resolve().name
    files = {
        PROJECT_FILE: _TOML.format(name=_toml_string(title)),
        "entities.yaml": _ENTITIES,
        "overrides.yaml": _OVERRIDES,
        "README.md": _README.format(name=title),
        ".gitignore": "out/\n",
    }
    for rel in files:
        if (folder / rel).exists():
            raise UserError(
                f"{rel} exists already here: choose an empty or new folder", file=str(folder)
            )
    written = []
    for sub in ("sources", "claims", "out"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        written.append(folder / sub)
    for rel, text in files.items():
        written.append(write_atomic(folder / rel, text.encode("utf-8")))
    return written


def _toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
