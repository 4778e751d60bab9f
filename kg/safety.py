"""The network guard, input size limits, output paths, and atomic file writes.

Parsing, validation and queries must never reach the network: a remote JSON-LD `@context`,
an `owl:imports`, a SPARQL `SERVICE`/`LOAD`/`FROM` or an XML external entity would otherwise
fetch whatever a hostile file names. Rather than trusting every library switch, we refuse at
the lowest level: a `sys.addaudithook` hook that raises on socket connections, DNS look-ups and
urllib requests unless the caller opened `allow_network()` (only `polkg push`/`--endpoint` do).

Outputs are written atomically (temporary file in the same folder, then `os.replace`), so a
failed run never leaves a half-written file where a good one was. A set of files that belong
together (a build's outputs) is written as one unit by `write_group`: into a fresh folder, then
one symbolic link is switched, so a reader sees the old set or the new one, never a mix.
Temporary files carry the writer's process id; those of a process that is gone (killed,
power cut) are removed by the next write to the same place.

Inputs are read with a size limit (`read_limited`), configurable by environment variables,
and output paths that are URLs are refused (`refuse_url`): polkg writes local files only.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from kg.errors import UserError

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


def network_refused() -> bool:
    """True when the guard is installed and the current thread has not opened it: any network
    access now raises `NetworkBlocked` (the test suite's own guard relies on this)."""
    return _installed and not _allowed()


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


# --------------------------------------------------------------------------- input limits

# environment variable -> default limit in megabytes (a curated YAML file is written by hand;
# an RDF file may be a whole exported dataset)
SIZE_LIMITS_MB: dict[str, float] = {"POLKG_MAX_YAML_MB": 10.0, "POLKG_MAX_RDF_MB": 200.0}
# a stranger's query: seconds it may run, rows (or triples) it may return (`polkg query`)
QUERY_TIMEOUT = 30.0
QUERY_MAX_ROWS = 100_000


def size_limit(variable: str) -> int:
    """The limit in bytes that environment `variable` sets (its default when unset)."""
    default = SIZE_LIMITS_MB[variable]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return int(default * 2**20)
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise UserError(
            f"{variable}={raw!r} is not a size in megabytes; set it to a number such as "
            f"{default:g}, or unset it"
        )
    return int(value * 2**20)


def read_limited(path: Path, variable: str) -> bytes:
    """The bytes of `path`, refused with a `UserError` when larger than the limit `variable`
    sets. Never reads more than the limit (plus one byte). OSErrors reach the caller, which
    knows what the file is for."""
    limit = size_limit(variable)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UserError(
            f"the file is larger than {limit / 2**20:g} MB, polkg's limit for this kind of input; "
            f"split it, or raise the limit with the environment variable {variable}",
            file=str(path),
        )
    return data


# --------------------------------------------------------------------------- output paths

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")


def refuse_url(value: str | os.PathLike[str] | None, option: str = "the output") -> None:
    """Refuse an output path written as a URL (`http://…`, `file:///…`): polkg writes local
    files only, and a path such as `http://host/x.ttl` would otherwise create a folder
    `http:` in the working directory."""
    if value is not None and _URL.match(os.fspath(value)):
        raise UserError(
            f"{option} is a URL ({_scheme(os.fspath(value))}…); polkg writes local files only: "
            "give a path on this machine"
        )


def _scheme(text: str) -> str:
    return text.split(":", 1)[0] + ":"


# --------------------------------------------------------------------------- terminal output

# C0 and C1 controls but tab and newline, DEL, the bidirectional embeddings/overrides/isolates
# (U+202A-U+202E, U+2066-U+2069) and lone surrogates: characters a terminal acts on (colours,
# cursor moves, text shown backwards) or that no encoder can write
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control, direction-override or surrogate character written as an
    escape (`\\x1b`, `\\u202e`), so printing a value from a file cannot act on the terminal."""
    return UNSAFE_CHARS.sub(_escape, text)


# --------------------------------------------------------------------------- atomic writes


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process: leave its files alone
    return True


def _stale(pid: str | None) -> bool:
    """A temporary file or folder whose writer is gone (no pid: written by an older polkg)."""
    return pid is None or not _alive(int(pid))


def clean_stale_temporaries(target: Path) -> None:
    """Remove `.NAME.[PID.]XXXX.tmp` files beside `target` left by writers that are gone."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:(\d+)\.)?[a-z0-9_]+\.tmp$")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = pattern.match(entry.name)
            if match and _stale(match.group(1)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _write_error(path: Path, err: OSError) -> UserError:
    reason = err.strerror or type(err).__name__
    if err.errno == errno.ENOSPC:
        fix = "free some space and run it again; the previous file is unchanged"
    else:
        fix = "check that the folder is a folder you can write to"
    return UserError(f"cannot write the file ({reason}); {fix}", file=str(path))


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    An OSError (a full disk, a folder that is a file, no permission) becomes a `UserError`
    naming the file; the temporary file is removed and the old file left as it was."""
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(target)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as err:
        raise _write_error(target, err) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise _write_error(target, err) from None
        raise
    return target


_CURRENT = ".build"  # the link to the current generation folder of a `write_group`
_writing: set[str] = set()  # generation folders this process is writing now (any thread)
_writing_lock = threading.Lock()  # guards _writing, and each switch with its clean-up


def write_group(folder: str | os.PathLike[str], files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into `folder` as one unit: readers see every file of the
    old set or every file of the new one, never a mix, even if this process is killed.

    The files go into a fresh generation folder `.build.PID.XXXX`; then the link `.build` is
    switched to it with one `os.replace`. Each `folder/NAME` is a link to `.build/NAME`, so
    it changes with the switch. The generation before stays (a reader may still be reading
    it); older ones, and those of killed runs, are removed."""
    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in files:
            clean_stale_temporaries(out / name)
        with _writing_lock:  # created and registered at once: no other thread removes it
            generation = Path(tempfile.mkdtemp(prefix=f"{_CURRENT}.{os.getpid()}.", dir=out))
            _writing.add(str(generation))
    except OSError as err:
        raise _write_error(out, err) from None
    writing = out
    try:
        os.chmod(generation, 0o777 & ~_umask())
        for name, data in files.items():
            writing = out / name
            with open(generation / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        # one switch at a time in this process, and clean-up sees the switch it follows
        with _writing_lock:
            writing = out / _CURRENT
            previous = _switch(out, generation.name)
            for name in files:
                writing = out / name
                _link_once(out / name, f"{_CURRENT}/{name}")
            _writing.discard(str(generation))
            _remove_old_generations(out, keep={generation.name, previous})
    except BaseException as err:
        with _writing_lock:
            _writing.discard(str(generation))
            if _current(out) != generation.name:
                shutil.rmtree(generation, ignore_errors=True)
        if isinstance(err, OSError):
            raise _write_error(writing, err) from None
        raise
    return [out / name for name in files]


def current_group(folder: str | os.PathLike[str]) -> Path:
    """The folder holding the current set of files `write_group` wrote into `folder`, resolved
    once: a reader that opens several of them from here gets one build's files even while a
    new build is switched in (`folder` itself when nothing was written as a group)."""
    out = Path(folder)
    name = _current(out)
    return out / name if name is not None else out


def _writer() -> str:
    """PID-THREAD: names a temporary link uniquely among concurrent writers."""
    return f"{os.getpid()}-{threading.get_ident()}"


def _current(out: Path) -> str | None:
    """The generation folder `out/.build` points at, if any."""
    try:
        return os.readlink(out / _CURRENT)
    except OSError:
        return None


def _switch(out: Path, generation: str) -> str | None:
    """Point `out/.build` at `generation` atomically; return what it pointed at before."""
    link = out / _CURRENT
    previous = _current(out)
    if link.exists() and not link.is_symlink():
        raise OSError(errno.EEXIST, f"{link} is not a link polkg made; move it away", str(link))
    temporary = out / f".{_CURRENT}.{_writer()}.link.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    os.symlink(generation, temporary)
    os.replace(temporary, link)
    _fsync_folder(out)
    return previous


def _link_once(path: Path, target: str) -> None:
    """Make `path` a link to `target` unless it already is (the first build after an older
    polkg replaces its plain files, one by one, once)."""
    with contextlib.suppress(OSError):
        if os.readlink(path) == target:
            return
    temporary = path.with_name(f".{path.name}.{_writer()}.link.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    os.symlink(target, temporary)
    os.replace(temporary, path)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_generations(out: Path, keep: set[str | None]) -> None:
    """Remove generation folders not in `keep`: this process's older ones, and those whose
    writer is gone. A build still running (another process, or another thread of this one)
    keeps its folder."""
    pattern = re.compile(rf"^{re.escape(_CURRENT)}\.(\d+)\.[a-z0-9_]+$")
    for entry in os.scandir(out):
        match = pattern.match(entry.name)
        if not match or entry.name in keep or not entry.is_dir(follow_symlinks=False):
            continue
        if str(out / entry.name) in _writing:  # the caller holds _writing_lock
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not _alive(pid):
            shutil.rmtree(entry.path, ignore_errors=True)
    for entry in os.scandir(out):  # link temporaries of killed runs
        found = re.match(r"^\..*\.(\d+)-\d+\.link\.tmp$", entry.name)
        if found and _stale(found.group(1)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
