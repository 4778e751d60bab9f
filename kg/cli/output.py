"""`-o FILE` and `-f FORMAT` as RDF tools have them (rdfpipe, riot, the Oxigraph CLI).

The format comes from `-f` when given, else from the extension of `-o`; a format and an
extension that disagree are refused rather than writing Turtle into `x.nt`. `-o -` (or no
`-o`, for commands that print) is standard output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import local_path
from kg.errors import UserError
from kg.safety import write_atomic


def is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def pick_format(
    output: Path | None, fmt: str | None, by_extension: dict[str, str], default: str
) -> str:
    """The format to write `output` in.

    `by_extension` maps extensions (".nt") to format names ("nt"). An extension it does not
    know is fine with an explicit `-f`; without one it is an error listing the known ones."""
    if is_stdout(output):
        return fmt or default
    assert output is not None
    ext = output.suffix.lower()
    from_ext = by_extension.get(ext)
    if fmt is None:
        if from_ext is None:
            known = ", ".join(sorted(by_extension))
            raise UserError(
                f"cannot tell the format from the extension {ext or '(none)'!r}: name the file "
                f"with one of {known}, or give -f/--format",
                file=str(output),
            )
        return from_ext
    if from_ext is not None and from_ext != fmt:
        wanted = sorted(e for e, f in by_extension.items() if f == fmt)
        fix = f"name it with {' or '.join(wanted)}" if wanted else "rename it"
        raise UserError(
            f"the extension {ext} means {from_ext}, but -f/--format is {fmt}: {fix}, "
            "or drop -f to write what the extension says",
            file=str(output),
        )
    return fmt


def emit(data: str | bytes, output: Path | None) -> None:
    """Write `data` to standard output, or atomically to `output` (saying so on stderr)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if is_stdout(output) and isinstance(data, str):
        # text goes through the text stream, which escapes control characters on a terminal
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    if is_stdout(output):
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(raw)
            stream.flush()
        else:  # a text stream (click's test runner)
            sys.stdout.write(raw.decode("utf-8"))
        return
    assert output is not None
    write_atomic(output, raw)
    click.echo(f"wrote {output} ({len(raw)} bytes)", err=True)


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    callback=local_path,
    default=None,
    help="File to write (atomically); '-' or absent: standard output. Its extension gives "
    "the format when -f is not given.",
)
