"""`polkg push`: every named graph of the built dataset into another store (Graph Store
Protocol), in chunks, with a progress bar, retries and the counts checked afterwards."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.options import out_dir_option
from kg.errors import UserError


@click.command(name="push")
@click.option("--endpoint", required=True, help="The store's SPARQL query endpoint URL.")
@click.option(
    "--graph-store",
    help="Its Graph Store Protocol URL (default: the endpoint with /query replaced by /store, "
    "as on Oxigraph; Virtuoso: …/sparql-graph-crud).",
)
@click.option("--chunk", type=int, default=50_000, show_default=True, help="Triples per request.")
@click.option("--retries", type=int, default=3, show_default=True, help="Retries per chunk.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Per request, s.")
@out_dir_option
def command(
    endpoint: str, graph_store: str | None, chunk: int, retries: int, timeout: float, out_dir: Path
) -> int:
    """Push the built graph (every named graph) to ENDPOINT's store; exit 1 if counts differ."""
    from kg.remote import Endpoint, describe_counts, push
    from kg.store import load_dataset

    if graph_store is None and endpoint.rstrip("/").endswith("/query"):
        graph_store = endpoint.rstrip("/")[: -len("query")] + "store"
    target = Endpoint(endpoint, graph_store, timeout=timeout, consensus_default=False)
    if graph_store is None:
        raise UserError(
            f"push needs the Graph Store Protocol URL of {endpoint}: give --graph-store URL "
            "(Oxigraph: …/store; Virtuoso: …/sparql-graph-crud; Fuseki: …/data)"
        )
    ds = load_dataset(out_dir)
    total = sum(len(g) for g in ds.graphs())
    bar: Any = click.progressbar(length=total, label="pushing", file=sys.stderr)
    with bar:
        report = push(ds, target, chunk=chunk, retries=retries, progress=bar.update)
    click.echo(describe_counts(report))
    return 0 if report.ok else 1
