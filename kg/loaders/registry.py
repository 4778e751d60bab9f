"""Input kinds → loader functions: the one place `--dataset KIND:PATH` is looked up.

`polkg build --data DIR` is `--dataset corpus:DIR`; other kinds (`parlgov`, `popolo`, `rdf`)
register themselves here as they are written, so the build never needs to know them by name.

A loader takes the path and returns an `Input`: what it contributes to the build. The two-step
shape follows the curated corpus: sources and entities must all be known before any claim can
be turned into RDF (a claim may name an entity of another folder, or a node another claims file
describes), so a loader hands back its claims files parsed but not yet converted, and ready-made
named graphs for inputs that need no resolving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import UserError
from kg.loaders.claims import ClaimsFile, read_claims
from kg.loaders.datasets import LoadReport
from kg.loaders.entities import Entity, load_entities
from kg.loaders.overrides import Override, load_overrides
from kg.loaders.sources import Source, load_sources


@dataclass
class Input:
    """What one input contributes to a build."""

    kind: str
    path: Path
    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[ClaimsFile] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    graphs: dict[URIRef, Graph] = field(default_factory=dict)  # ready-made named graphs
    report: LoadReport | None = None  # datasets: rows loaded and skipped, with reasons


Loader = Callable[[Path], Input]


@dataclass(frozen=True)
class Kind:
    name: str
    load: Loader
    description: str


_KINDS: dict[str, Kind] = {}


def register(name: str, load: Loader, description: str) -> None:
    """Make `--dataset NAME:PATH` call `load(PATH)`. Registering a name twice is a bug."""
    if name in _KINDS and _KINDS[name].load is not load:
        raise ValueError(f"input kind {name!r} is already registered")
    _KINDS[name] = Kind(name, load, description)


def kinds() -> dict[str, Kind]:
    """The registered input kinds by name, sorted."""
    _register_datasets()
    return dict(sorted(_KINDS.items()))


def _register_datasets() -> None:
    """Import the dataset loaders, which register themselves (imported late: they import this
    module)."""
    import kg.loaders.parlgov
    import kg.loaders.popolo
    import kg.loaders.rdf  # noqa: F401


def get_loader(name: str) -> Loader:
    """The loader of input kind `name`; a UserError listing the known kinds otherwise."""
    _register_datasets()
    try:
        return _KINDS[name].load
    except KeyError:
        known = ", ".join(f"{k.name} ({k.description})" for k in kinds().values())
        raise UserError(f"unknown input kind {name!r}: use one of {known}") from None


def parse_spec(spec: str) -> tuple[str, Path]:
    """`KIND:PATH` → (kind, path). The kind must be registered."""
    kind, sep, path = spec.partition(":")
    if not sep or not kind or not path:
        raise UserError(
            f"--dataset {spec!r} is not KIND:PATH: write e.g. corpus:data "
            f"(kinds: {', '.join(kinds())})"
        )
    get_loader(kind)
    return kind, Path(path)


def load_input(spec: str) -> Input:
    """Load `KIND:PATH` with its registered loader."""
    kind, path = parse_spec(spec)
    return get_loader(kind)(path)


def load_corpus(path: Path) -> Input:
    """A curated data folder: `sources/`, `entities.yaml`, `claims/`, optional `overrides.yaml`.

    Claims files are parsed and checked here but turned into RDF by the build, once every
    input's entities and node ids are known."""
    path = Path(path)
    if not path.exists():
        raise UserError(
            "no such folder: give a data folder holding sources/ and entities.yaml",
            file=str(path),
        )
    if not path.is_dir():
        raise UserError(
            "is a file, not a data folder: give the folder holding sources/ and entities.yaml",
            file=str(path),
        )
    sources = load_sources(path)
    entities_file = path / "entities.yaml"
    entities = load_entities(entities_file) if entities_file.is_file() else []
    claims = read_claims(path, sources)
    if claims and not entities_file.is_file():
        raise UserError(
            "claims need the entities they name: write entities.yaml in this folder",
            file=str(path),
        )
    overrides = load_overrides(path / "overrides.yaml")
    return Input("corpus", path, sources, entities, claims, overrides)


register("corpus", load_corpus, "a curated data folder: sources/, entities.yaml, claims/")
