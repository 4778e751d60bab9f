"""`polkg serve`: the built graph as a read-only SPARQL endpoint on 127.0.0.1 (Oxigraph's)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import out_dir_option


@click.command(name="serve")
@click.option("--port", type=int, default=7878, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Query timeout in seconds."
)
@out_dir_option
def command(port: int, timeout: float, out_dir: Path) -> int:
    """Serve the Oxigraph store of the last `polkg build --store oxigraph:DIR`, read-only.

    SPARQL queries: http://127.0.0.1:PORT/query (the consensus is the default graph, the
    sources are named graphs); a query page at http://127.0.0.1:PORT/. Updates are refused.
    Ctrl-C stops it."""
    from kg.serve import HOST, start, stop, store_for

    store = store_for(out_dir)
    process = start(store, port, timeout)
    click.echo(f"serving {store} read-only at http://{HOST}:{port}/query (Ctrl-C stops)")
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(process)
    return 0
