"""The suite's network guard (tests/conftest.py): every test runs under it.

polkg's own guard (`kg.safety`) refuses network access unless code opens it with
`allow_network()` (as `push`/`--endpoint` will); the suite's guard is the one behind it, for
code that opened it, or never installed it. These tests open polkg's guard to reach it."""

from __future__ import annotations

import socket
import textwrap
import threading
import urllib.request
from pathlib import Path

import pytest

from kg.safety import allow_network

CONFTEST = Path(__file__).with_name("conftest.py")


def test_a_socket_connection_is_refused_and_recorded(suite_network_guard: list[str]) -> None:
    with allow_network(), socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed
    assert suite_network_guard == ["socket.connect 192.0.2.1"]
    suite_network_guard.clear()  # seen: this test expects it


def test_a_urllib_request_is_refused_and_recorded(suite_network_guard: list[str]) -> None:
    with allow_network(), pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/x.jsonld", timeout=1)
    assert suite_network_guard[0] == "urllib.Request example.org"
    suite_network_guard.clear()


def test_a_name_lookup_is_refused(suite_network_guard: list[str]) -> None:
    with allow_network(), pytest.raises(OSError):
        socket.getaddrinfo("example.org", 80)
    assert suite_network_guard == ["socket.getaddrinfo example.org"]
    suite_network_guard.clear()


@pytest.mark.network(hosts=["127.0.0.1"])
def test_a_marked_test_may_reach_its_local_server() -> None:
    with allow_network(), socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        accepted: list[bytes] = []

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                accepted.append(conn.recv(5))

        thread = threading.Thread(target=serve)  # accept() needs no permission
        thread.start()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(b"hello")
        thread.join(5)
    assert accepted == [b"hello"]


def test_a_hidden_attempt_still_fails_the_test(pytester: pytest.Pytester) -> None:
    """Code that catches the refusal and goes on (as a CLI turning errors into exit codes
    does) cannot hide the attempt: the test fails all the same; a thread's attempt too."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_inner=textwrap.dedent(
            """
            import socket, threading

            def quiet():
                try:
                    socket.create_connection(("192.0.2.1", 9), timeout=1)
                except OSError:
                    pass

            def test_swallows():
                quiet()

            def test_in_a_thread():
                t = threading.Thread(target=quiet)
                t.start()
                t.join()

            def test_clean():
                assert True
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(["*tried to reach the network: socket.* 192.0.2.1*"])
