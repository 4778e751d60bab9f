"""Property-based tests and a bounded fuzz run of every loader (hypothesis).

Two kinds of change are made to valid inputs, and each result must either load or be refused
with a `UserError` (one sentence naming the file): never another exception, never a hang.

- *Record mutations*: a valid YAML file is parsed, one value somewhere in it is replaced by
  an arbitrary YAML value (text with control characters, numbers, lists, mappings, null), a
  key is removed or an unknown key added, and the file is written back.
- *Byte mutations* (the fuzz run): bytes of a valid file are inserted, deleted or replaced;
  for YAML and for every RDF syntax polkg reads.

The run is bounded, a few seconds per loader, and reproducible (derandomised) in `make test`;
set POLKG_FUZZ_EXAMPLES (e.g. 5000) for a longer, randomised run.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import UserError
from kg.ontology import load_ontology
from kg.rdfio import parse_rdf_file

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "claims" / "data"
RDF_SAMPLES = [
    HERE / "fixtures" / "consensus" / "entities.ttl",
    HERE / "fixtures" / "query" / "mini.trig",
    HERE / "fixtures" / "rdf" / "person.jsonld",
    HERE / "fixtures" / "rdf" / "person-internal-entity.owl",
    HERE / "fixtures" / "rdf" / "person.n3",
]

_LONG = os.environ.get("POLKG_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_LONG) if _LONG else 60,
    deadline=None,
    derandomize=_LONG is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ONTOLOGY = load_ontology()

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "1" + "0" * 30, "\x1b[31m", "\u202e", "2019-02-30", "45.1%"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@contextmanager
def corpus_copy() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="polkg-fuzz-"))
    try:
        shutil.copytree(CORPUS, folder / "data")
        yield folder / "data"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _containers(node: Any, found: list[Any]) -> list[Any]:
    if isinstance(node, (dict, list)):
        found.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, found)
    return found


def mutate(data: st.DataObject, tree: Any) -> Any:
    """A copy of `tree` with one value replaced, one key removed, or one key added."""
    tree = copy.deepcopy(tree)
    target = data.draw(st.sampled_from(_containers(tree, [])))
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    action = data.draw(st.sampled_from(["replace", "remove", "add"] if keys else ["add"]))
    if action == "add":
        if isinstance(target, dict):
            target[data.draw(st.text(min_size=1, max_size=8))] = data.draw(values)
        else:
            target.append(data.draw(values))
    else:
        key = data.draw(st.sampled_from(keys))
        if action == "remove":
            del target[key]
        else:
            target[key] = data.draw(values)
    return tree


def byte_mutation(data: st.DataObject, raw: bytes) -> bytes:
    """`raw` with a few bytes inserted, deleted or replaced (or cut short)."""
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        chunk = data.draw(
            st.binary(min_size=1, max_size=4)
            | st.sampled_from([b"&", b"*", b"!!", b"\x00", b"\xff", b"[", b"{", b"<!", b'"', b"\t"])
        )
        if action == "insert":
            raw = raw[:at] + chunk + raw[at:]
        elif action == "delete":
            raw = raw[:at] + raw[at + len(chunk) :]
        elif action == "replace":
            raw = raw[:at] + chunk + raw[at + len(chunk) :]
        else:
            raw = raw[:at]
    return raw


def accepted_or_refused(load: Callable[[], object]) -> None:
    """Loading either works or raises a UserError whose message names a file."""
    try:
        load()
    except UserError as err:
        assert err.file, str(err)
        assert "Traceback" not in str(err)


def _yaml_text(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


# --------------------------------------------------------------------------- the loaders


def _load_entities(data_dir: Path) -> object:
    from kg.loaders.entities import load_entities

    return load_entities(data_dir / "entities.yaml", ontology=ONTOLOGY)


def _load_sources(data_dir: Path) -> object:
    from kg.loaders.sources import load_sources

    return load_sources(data_dir)


def _load_claims(data_dir: Path) -> object:
    from kg.loaders.claims import claims_graphs, read_claims
    from kg.loaders.entities import load_entities
    from kg.loaders.sources import load_sources
    from kg.resolve import Resolver

    sources = load_sources(data_dir)
    entities = load_entities(data_dir / "entities.yaml", ontology=ONTOLOGY)
    files = read_claims(data_dir, sources)
    resolver = Resolver(entities, ontology=ONTOLOGY)
    return claims_graphs(files, entities=entities, resolver=resolver, ontology=ONTOLOGY)


def _load_overrides(data_dir: Path) -> object:
    from kg.loaders.overrides import load_overrides

    return load_overrides(data_dir / "overrides.yaml", ontology=ONTOLOGY)


OVERRIDES = (
    "overrides:\n"
    "  - node: candidacy/2019-06-23-kuzeykent-mayor-ayse-demirtas\n"
    "    property: voteShare\n"
    '    value: "54.2%"\n'
    '    reason: "The board\'s final figure."\n'
)
LOADERS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "entities": ("entities.yaml", _load_entities),
    "sources": ("sources/alpha.yaml", _load_sources),
    "claims": ("claims/alpha.yaml", _load_claims),
    "overrides": ("overrides.yaml", _load_overrides),
}


def _original(data_dir: Path, name: str) -> bytes:
    if name == "overrides.yaml":
        return OVERRIDES.encode("utf-8")
    return (data_dir / name).read_bytes()


def test_the_unchanged_inputs_load() -> None:
    """The baseline the mutations start from is valid (else every mutation is refused)."""
    with corpus_copy() as data_dir:
        (data_dir / "overrides.yaml").write_text(OVERRIDES, encoding="utf-8")
        for _, load in LOADERS.values():
            load(data_dir)
    for sample in RDF_SAMPLES:
        parse_rdf_file(sample)


def _record_case(loader: str) -> Callable[..., None]:
    name, load = LOADERS[loader]

    @FUZZ
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        with corpus_copy() as data_dir:
            tree = yaml.safe_load(_original(data_dir, name))
            (data_dir / name).write_text(_yaml_text(mutate(data, tree)), encoding="utf-8")
            accepted_or_refused(lambda: load(data_dir))

    return case


def _bytes_case(loader: str) -> Callable[..., None]:
    name, load = LOADERS[loader]

    @FUZZ
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        with corpus_copy() as data_dir:
            (data_dir / name).write_bytes(byte_mutation(data, _original(data_dir, name)))
            accepted_or_refused(lambda: load(data_dir))

    return case


test_entities_record_mutations = _record_case("entities")
test_sources_record_mutations = _record_case("sources")
test_claims_record_mutations = _record_case("claims")
test_overrides_record_mutations = _record_case("overrides")
test_entities_byte_fuzz = _bytes_case("entities")
test_sources_byte_fuzz = _bytes_case("sources")
test_claims_byte_fuzz = _bytes_case("claims")
test_overrides_byte_fuzz = _bytes_case("overrides")


@FUZZ
@given(data=st.data(), sample=st.sampled_from(RDF_SAMPLES))
def test_rdf_byte_fuzz(data: st.DataObject, sample: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="polkg-fuzz-"))
    try:
        path = folder / sample.name
        path.write_bytes(byte_mutation(data, sample.read_bytes()))
        accepted_or_refused(lambda: parse_rdf_file(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
