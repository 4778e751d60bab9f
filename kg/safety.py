"""The network guard and atomic file writes.

Parsing, validation and queries must never reach the network: a remote JSON-LD `@context`,
an `owl:imports`, a SPARQL `SERVICE`/`LOAD`/`FROM` or an XML external entity would otherwise
fetch whatever a hostile file names. Rather than trusting every library switch, we refuse at
the lowest level: a `sys.addaudithook` hook that raises on socket connections, DNS look-ups and
urllib requests unless the caller opened `allow_network()` (only `polkg push`/`--endpoint` do).

Outputs are written atomically (temporary file in the same folder, then `os.replace`), so a
failed run never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

_NETWORK_EVENTS = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
)
_state = threading.local()
_installed = False


class NetworkBlocked(RuntimeError):
    """Raised when code tries to reach the network while the guard is on."""


def _allowed() -> bool:
    return getattr(_state, "allowed", 0) > 0


def _hook(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS and not _allowed():
        target = args[1] if event == "socket.connect" and len(args) > 1 else args[0] if args else ""
        if event == "socket.connect" and isinstance(target, str):
            return  # a Unix-domain socket (a local path), not the network
        raise NetworkBlocked(
            f"refused to reach the network ({event} {target!r}): polkg never fetches anything "
            "while parsing, validating or querying; remove the remote reference from the input"
        )


def install_network_guard() -> None:
    """Refuse every network access from now on in this process (idempotent)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextlib.contextmanager
def allow_network() -> Iterator[None]:
    """Let the current thread reach the network inside this block (for `push`/`--endpoint`)."""
    _state.allowed = getattr(_state, "allowed", 0) + 1
    try:
        yield
    finally:
        _state.allowed -= 1


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target
