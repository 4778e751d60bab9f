"""The `polkg` command line: one module per command under `kg.cli`, loaded on demand.

This layer parses arguments, calls the library modules and prints; it holds no logic of
its own. A `UserError` becomes one sentence on stderr and its exit code, never a traceback.
Each command module defines a click command named `command`.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import os
import sys
from collections.abc import Iterator
from typing import TextIO

import click

from kg import __version__
from kg.errors import UserError, did_you_mean
from kg.safety import NetworkBlocked, install_network_guard, terminal_safe

# command name -> module under kg.cli defining `command`
COMMANDS: dict[str, str] = {
    "build": "build",
    "validate": "validate",
    "conflicts": "conflicts",
    "query": "query",
    "export": "export",
    "stats": "stats",
    "viz": "viz",
    "timeline": "timeline",
    "showcase": "showcase",
    "docs": "docs",
    "extract": "extract",
    "init": "init",
    "add-source": "add_source",
    "nodes": "nodes",
    "check": "check",
    "serve": "serve",
    "push": "push",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used, so `polkg --help` stays fast
    and a command's heavy imports (matplotlib, pySHACL) cost nothing to the others."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, mod in COMMANDS.items() if _has_module(mod))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None or not _has_module(module):
            return None
        return importlib.import_module(f"kg.cli.{module}").command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, with "did you mean" for a mistyped command name."""
        name = click.utils.make_str(args[0])
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            hint = did_you_mean(name, self.list_commands(ctx))
            ctx.fail(f"No such command {name!r}{hint}; `polkg --help` lists them.")
        return super().resolve_command(ctx, args)


def _has_module(module: str) -> bool:
    return importlib.util.find_spec(f"kg.cli.{module}") is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="polkg")
def cli() -> None:
    """polkg: a knowledge graph of political events, every fact traceable to its sentence."""


class _TerminalSafe(io.TextIOBase):
    """A terminal stream that writes control and direction characters escaped (`\\x1b`,
    `\\u202e`), so no value of a graph or a file can act on the terminal it is shown in.
    Only used when the stream is a terminal: files and pipes get the data unchanged."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    @property
    def buffer(self) -> object:
        return self._stream.buffer  # raw bytes (an RDF export) pass unchanged


@contextlib.contextmanager
def _terminal_safe_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    if sys.stdout.isatty():
        sys.stdout = _TerminalSafe(sys.stdout)
    if sys.stderr.isatty():
        sys.stderr = _TerminalSafe(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code (tests call this directly).

    A command signals failure by returning an int exit code (e.g. 1 for violations) or by
    raising `UserError` (exit 2)."""
    install_network_guard()
    with _terminal_safe_output():
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="polkg", standalone_mode=False)
    except UserError as err:
        for line in err.lines():
            click.echo(f"polkg: error: {terminal_safe(line)}", err=True)
        return err.exit_code
    except NetworkBlocked as err:
        click.echo(f"polkg: error: {terminal_safe(str(err))}", err=True)
        return 2
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.Abort:
        click.echo("polkg: aborted", err=True)
        return 1
    return result if isinstance(result, int) else 0


def entry() -> None:
    """Console-script entry point. Ends the process without freeing the heap object by object:
    after a build of a million triples that took longer than some whole commands (30 s at
    1.9M triples). Every file polkg writes is complete and closed by then (`kg.safety`), and
    the operating system takes the memory back at once."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
