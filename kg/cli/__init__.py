"""The `polkg` command line: one module per command under `kg.cli`, loaded on demand.

This layer parses arguments, calls the library modules and prints; it holds no logic of
its own. A `UserError` becomes one sentence on stderr and its exit code, never a traceback.
Each command module defines a click command named `command`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from kg import __version__
from kg.errors import UserError
from kg.safety import NetworkBlocked, install_network_guard

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


def _has_module(module: str) -> bool:
    return importlib.util.find_spec(f"kg.cli.{module}") is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="polkg")
def cli() -> None:
    """polkg: a knowledge graph of political events, every fact traceable to its sentence."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code (tests call this directly).

    A command signals failure by returning an int exit code (e.g. 1 for violations) or by
    raising `UserError` (exit 2)."""
    install_network_guard()
    try:
        result = cli.main(args=argv, prog_name="polkg", standalone_mode=False)
    except UserError as err:
        click.echo(f"polkg: error: {err}", err=True)
        return err.exit_code
    except NetworkBlocked as err:
        click.echo(f"polkg: error: {err}", err=True)
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
    """Console-script entry point."""
    sys.exit(main())
