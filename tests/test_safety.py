"""The network guard refuses every connection unless allowed; writes are atomic."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from kg.safety import NetworkBlocked, allow_network, install_network_guard, write_atomic


@pytest.fixture(autouse=True)
def guard() -> None:
    install_network_guard()


def test_socket_connection_is_refused() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlocked, match="refused to reach the network"):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


def test_dns_lookup_and_urllib_are_refused() -> None:
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 80)
    with pytest.raises(NetworkBlocked):
        urllib.request.urlopen("http://example.org/context.jsonld", timeout=1)


def test_rdflib_remote_context_is_refused() -> None:
    from rdflib import Graph

    doc = '{"@context": "http://example.org/ctx.jsonld", "@id": "http://x/a", "name": "A"}'
    with pytest.raises(NetworkBlocked):
        Graph().parse(data=doc, format="json-ld")


@pytest.mark.network(hosts=["127.0.0.1"])  # the suite's guard lets this one test connect
def test_allow_network_opens_the_guard_only_inside_the_block() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with allow_network():
            # Allowed: the guard lets it through, and the OS refuses the closed port.
            with pytest.raises(OSError) as info:
                sock.connect(("127.0.0.1", 9))
            assert not isinstance(info.value, NetworkBlocked)
    finally:
        sock.close()
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("localhost", 80)


def test_write_atomic_replaces_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.ttl"
    write_atomic(target, "first\n")
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_write_atomic_keeps_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old\n")
    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_write_atomic_gives_ordinary_permissions(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "graph.ttl", "x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
