"""Shared pytest fixtures, and the network guard of the whole suite.

The network guard: no test may open a network connection, resolve a host name or make a
`urllib` request, whatever the code under test does with the error. (Attempts that polkg's own
guard, `kg.safety`, refuses are left to it: they raise `NetworkBlocked` and reach nothing;
tests of that guard expect exactly that.) A `sys.addaudithook` hook
sees every such attempt in this process (all threads), refuses it, and records it; the autouse
fixture below fails the test that made it, so a guard that the code catches and hides still
turns the suite red. Tests that talk to a local server (the coming `push`/`--endpoint`/server
tests) say so with `@pytest.mark.network(hosts=["127.0.0.1"])`: those hosts only, for that
test only. Unix-domain sockets are local files and always allowed. Child processes started by
a test are not covered (their own `kg.safety` guard is).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from kg.paths import ROOT
from kg.safety import network_refused

pytest_plugins = ["pytester"]

SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"

_NETWORK_EVENTS = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
)
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


class NetworkInTest(ConnectionRefusedError):
    """A test tried to reach the network outside its allow-list."""


class _Guard:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.allowed: frozenset[str] = frozenset()
        self.attempts: list[str] = []


_GUARD = _Guard()


def _host(event: str, args: tuple[Any, ...]) -> str | None:
    """The host an audited network event is for; None for a Unix-domain socket."""
    if event == "socket.connect":
        address = args[1] if len(args) > 1 else None
        if isinstance(address, (str, bytes)):
            return None
        return str(address[0]) if isinstance(address, tuple) and address else str(address)
    if event == "urllib.Request":
        return urlsplit(str(args[0])).hostname or str(args[0])
    return str(args[0]) if args else ""


def _network_hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _NETWORK_EVENTS or network_refused():
        return  # polkg's own guard refuses it next (NetworkBlocked): nothing goes out
    host = _host(event, args)
    if host is None or host in _GUARD.allowed:
        return
    with _GUARD.lock:
        _GUARD.attempts.append(f"{event} {host}")
    raise NetworkInTest(f"test suite network guard: {event} to {host!r} refused")


sys.addaudithook(_network_hook)


def _allowed(item: pytest.Item) -> frozenset[str]:
    marker = item.get_closest_marker("network")
    return frozenset(marker.kwargs.get("hosts", LOCAL_HOSTS)) if marker else frozenset()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """The test's allow-list, set before any of its fixtures: a module-scoped server or
    browser driver is started while the first test that uses it is set up."""
    _GUARD.allowed = _allowed(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """The same list while its fixtures are torn down (a driver says goodbye over HTTP)."""
    _GUARD.allowed = _allowed(item)


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        _GUARD.allowed = frozenset()


@pytest.fixture(autouse=True)
def suite_network_guard(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Fail the test if it (or anything before it) tried to reach the network outside the
    hosts its `network` marker allows. A test of the guard itself may inspect the list and
    clear it."""
    try:
        yield _GUARD.attempts
    finally:
        with _GUARD.lock:
            attempts = list(_GUARD.attempts)
            _GUARD.attempts.clear()
    if attempts:
        pytest.fail(
            "the test tried to reach the network: " + "; ".join(attempts) + ". polkg must not; "
            "a test of a local server says so with @pytest.mark.network(hosts=[...])",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    """`../shared/datasets`, or a clean skip with the reason when it is absent."""
    if not DATASETS.is_dir():
        pytest.skip(f"the shared datasets folder {DATASETS} is absent")
    return DATASETS


@pytest.fixture(scope="session")
def bench_generator() -> ModuleType:
    """`bench/generate.py` as a module (bench/ is not a package): the seeded synthetic corpora."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
