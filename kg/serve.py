"""`polkg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

We do not write an HTTP server: the `oxigraph` package on PyPI ships Oxigraph's own (a
maintained SPARQL 1.1 Protocol and Graph Store server with a query page that works offline),
and `serve-read-only` opens the store a build on `oxigraph:DIR` wrote. polkg only finds that
store, binds it to 127.0.0.1 and passes the query timeout. Updates are refused by the
read-only server itself. The consensus graph is the endpoint's default graph (`kg.oxstore.
write_store` puts it there); the source graphs are named graphs.

Known limit: Oxigraph's server has no result-size limit; a client wanting one writes LIMIT.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from kg.errors import UserError
from kg.safety import allow_network
from kg.store import built_store

HOST = "127.0.0.1"


def oxigraph_binary() -> str:
    """The `oxigraph` executable installed with the Python package (beside this Python first)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise UserError("the oxigraph server is not installed: pip install oxigraph")
    return found


def command_line(store: Path, port: int, timeout: float, *, read_only: bool = True) -> list[str]:
    return [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(store),
        "--bind",
        f"{HOST}:{port}",
        "--timeout-s",
        str(max(1, round(timeout))),
    ]


def store_for(out_dir: Path) -> Path:
    store = built_store(out_dir)
    if store is None:
        raise UserError(
            "no Oxigraph store for this build: run `polkg build --store oxigraph:DIR` first",
            file=str(out_dir),
        )
    return store


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start(
    store: Path, port: int, timeout: float = 30.0, *, read_only: bool = True
) -> subprocess.Popen[bytes]:
    """Start the server and wait until it accepts connections (UserError if it does not)."""
    process = subprocess.Popen(
        command_line(store, port, timeout, read_only=read_only),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_for(process, port, "the oxigraph server")
    return process


def wait_for(process: subprocess.Popen[bytes], port: int, what: str, seconds: float = 30) -> None:
    """Return once `process` accepts connections on HOST:port; UserError if it exits or
    does not listen within `seconds` (then it is terminated)."""
    deadline = time.monotonic() + seconds
    with allow_network():
        while time.monotonic() < deadline:
            if process.poll() is not None:
                err = process.stderr.read() if process.stderr else b""
                text = err.decode("utf-8", "replace").strip()[:300]
                raise UserError(f"{what} stopped at once: {text}")
            try:
                with socket.create_connection((HOST, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
    process.terminate()
    raise UserError(f"{what} did not start listening on {HOST}:{port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
