"""`polkg viz`: draw the graph as an offline interactive page, or a static SVG/PNG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import local_path, out_dir_option
from kg.errors import UserError

_SUFFIX = {"html": "html", "svg": "svg", "png": "png"}


@click.command(name="viz")
@click.option(
    "--focus",
    metavar="ENTITY",
    default=None,
    help="Draw the neighbourhood of one entity: an IRI, an id (person/ekrem-imamoglu), "
    "a label or any spelling (compared after folding: Erdogan = Erdoğan).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="How many links from the focus to include.",
)
@click.option(
    "--types",
    metavar="T,…",
    default=None,
    help="Keep only these pol: classes, subclasses included (e.g. Person,Election).",
)
@click.option(
    "--from",
    "date_from",
    metavar="DATE",
    default=None,
    help="Keep events meeting this date or later (YYYY, YYYY-MM or YYYY-MM-DD).",
)
@click.option(
    "--to",
    "date_to",
    metavar="DATE",
    default=None,
    help="Keep events meeting this date or earlier (the whole month for YYYY-MM).",
)
@click.option(
    "--source",
    metavar="SLUG",
    default=None,
    help="Draw only what one source states (its named graph), by source slug.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default="html",
    show_default=True,
    help="Interactive page, or a static picture.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="File to write (default out/network.html, or .svg/.png by --format).",
)
@click.option(
    "--isolated",
    is_flag=True,
    default=False,
    help="Also draw entities linked to nothing (left out by default).",
)
@out_dir_option
def command(
    focus: str | None,
    depth: int,
    types: str | None,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    fmt: str,
    output: Path | None,
    isolated: bool,
    out_dir: Path,
) -> int:
    """Draw the knowledge graph: people, organisations, places and events as nodes coloured
    by class, links labelled, candidacies as edges carrying the vote share.

    The page works offline (nothing is fetched): click a node for its facts, sources and
    supporting quotes; search, filter by class and date, double-click to focus.

    Examples: `polkg viz`, `polkg viz --focus Erdoğan --depth 2`,
    `polkg viz --types Person,Election --format svg -o out/people.svg`."""
    from kg.store import load_dataset
    from kg.viz.projection import drop_isolated, find_entity, to_networkx

    ds = load_dataset(out_dir)
    focus_iri = find_entity(ds, focus) if focus else None
    type_list = [t for t in types.split(",") if t.strip()] if types else None
    g = to_networkx(
        ds,
        types=type_list,
        date_from=date_from,
        date_to=date_to,
        source=source,
        focus=focus_iri,
        depth=depth,
    )
    left_out: list[str] = []
    if not isolated:
        g, left_out = drop_isolated(g)
    if g.number_of_nodes() == 0:
        raise UserError("nothing to draw: the filters left no linked nodes; loosen them")
    title = "polkg network"
    if focus_iri is not None:
        title += f" around {g.nodes[str(focus_iri)]['label']} (depth {depth})"
    path = output if output is not None else out_dir / f"network.{_SUFFIX[fmt]}"
    if fmt == "html":
        from kg.viz.html import write_network_html

        write_network_html(g, path, title=title)
    else:
        from kg.viz.static import write_static

        write_static(g, path, fmt, title=title)
    note = f"; {len(left_out)} unlinked entities left out (--isolated)" if left_out else ""
    click.echo(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} links{note})")
    return 0
