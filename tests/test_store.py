"""Stores: `--store memory|oxigraph|oxigraph:DIR`, the store a build leaves for later commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import kg.cli
from kg import oxstore
from kg.errors import UserError
from kg.namespaces import CONSENSUS
from kg.store import STORE_FILE, StoreSpec, is_oxigraph, load_dataset


@pytest.mark.parametrize(
    ("text", "kind", "path"),
    [("memory", "memory", None), ("oxigraph", "oxigraph", None), ("oxigraph:st", "oxigraph", "st")],
)
def test_store_specs(text: str, kind: str, path: str | None) -> None:
    spec = StoreSpec.parse(text)
    assert (spec.kind, spec.path) == (kind, None if path is None else Path(path))
    assert str(spec) == text


@pytest.mark.parametrize("text", ["", "sqlite", "memory:dir", "oxi"])
def test_an_unknown_store_is_refused(text: str) -> None:
    with pytest.raises(UserError, match="unknown store"):
        StoreSpec.parse(text)


def test_cli_refuses_an_unknown_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kg.cli.main(["build", "--out", str(tmp_path / "out"), "--store", "nosuch"]) == 2
    assert "unknown store 'nosuch'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_built_store_is_opened_instead_of_the_trig(tmp_path: Path) -> None:
    from kg.build import build
    from kg.export import export
    from kg.query import run

    out, store = tmp_path / "out", tmp_path / "store"
    first = build(out_dir=out, store=f"oxigraph:{store}")
    assert (out / STORE_FILE).is_file() and store.is_dir()
    files = {name: (out / name).read_bytes() for name in ("dataset.nq", "dataset.trig")}
    (out / "dataset.trig").unlink()  # the store alone must answer
    ds = load_dataset(out, build_if_missing=False)
    assert is_oxigraph(ds)
    # the consensus is the store's default graph only, not a named graph besides the sources
    store_of = oxstore.inner(ds)
    assert store_of is not None and not oxstore.consensus_is_named(store_of)
    consensus = Graph().parse(out / "consensus.ttl", format="turtle")
    assert len(ds.graph(CONSENSUS)) == len(consensus) > 0
    # exports from the store (Oxigraph's writer for N-Quads, polkg's for TriG) are the same bytes
    assert export(ds, "nq", graph="all") == files["dataset.nq"]
    assert export(ds, "trig", graph="all") == files["dataset.trig"]
    assert export(ds, "ttl") == (out / "consensus.ttl").read_bytes()
    assert sum(len(g) for g in ds.graphs()) == first.triples
    assert len(run(ds, "election-results")) > 0

    # a second build replaces the store (no leftovers); a memory build removes the marker
    build(out_dir=out, store=f"oxigraph:{store}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]
    build(out_dir=out)
    assert not (out / STORE_FILE).exists()
    assert not is_oxigraph(load_dataset(out, build_if_missing=False))


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / STORE_FILE).write_text('{"store": "oxigraph", "path": "%s"}' % (tmp_path / "gone"))
    with pytest.raises(UserError, match="is gone; run `polkg build` again"):
        load_dataset(out, build_if_missing=False)


def test_a_build_that_fails_while_writing_leaves_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is loaded on a second thread while the other files are written: a failure
    after it started must leave the previous store in place and no half-written one beside."""
    import kg.build
    from kg.build import build

    out, store = tmp_path / "out", tmp_path / "store"
    build(out_dir=out, store=f"oxigraph:{store}")
    before = sorted(p.name for p in store.iterdir())
    triples = sum(len(g) for g in load_dataset(out, build_if_missing=False).graphs())

    def disk_full(*_args: object, **_kwargs: object) -> list[Path]:
        raise UserError("no space left on the device", file=str(out))

    monkeypatch.setattr(kg.build, "write_group", disk_full)
    with pytest.raises(UserError, match="no space left"):
        build(out_dir=out, store=f"oxigraph:{store}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]  # no store.new
    assert sum(len(g) for g in load_dataset(out, build_if_missing=False).graphs()) == triples
    assert sorted(p.name for p in store.iterdir()) == before


def test_a_build_on_disk_writes_what_a_memory_build_writes(tmp_path: Path) -> None:
    """With a store on disk the build keeps the quotes' annotations out of rdflib and frees
    rdflib's dataset before validating (kg.build): the files, the counts and the graph it
    returns must be those of the build that keeps everything in rdflib."""
    from kg.build import build
    from kg.export import export

    memory = build(out_dir=tmp_path / "memory")
    disk = build(out_dir=tmp_path / "disk", store=f"oxigraph:{tmp_path / 'store'}")
    assert memory.annotations > 0 and not is_oxigraph(memory.dataset)
    for name in ("dataset.nq", "dataset.trig", "consensus.ttl", "validation.txt", "linking.md"):
        assert (tmp_path / "disk" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes()
    assert memory.summary().replace("memory", "disk") == disk.summary()
    assert is_oxigraph(disk.dataset)
    assert export(disk.dataset, "nq", graph="all") == export(memory.dataset, "nq", graph="all")
