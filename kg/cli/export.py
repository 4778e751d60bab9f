"""`polkg export`: write the built graph in an RDF format, deterministically and atomically."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import local_path, out_dir_option

_FORMATS = ["ttl", "turtle", "nt", "nq", "trig", "jsonld"]


@click.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default="ttl",
    show_default=True,
    help="RDF format: Turtle, N-Triples, N-Quads, TriG or JSON-LD.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="File to write (atomically); standard output when absent.",
)
@click.option(
    "--graph",
    default="consensus",
    show_default=True,
    help="What to write: 'consensus', 'all' (every graph: needs trig, nq or jsonld) "
    "or the slug of one source graph.",
)
@out_dir_option
def command(fmt: str, output: Path | None, graph: str, out_dir: Path) -> int:
    """Export the graph: byte-identical output for the same input, every prefix bound.

    Examples: `polkg export --format trig --graph all -o out/polkg.trig`,
    `polkg export --format ttl --graph 000-2dfa2c9048c922ba`."""
    from kg.export import export
    from kg.store import load_dataset

    ds = load_dataset(out_dir)
    data = export(ds, fmt, graph=graph, output=output)
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
    else:
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)
    return 0
