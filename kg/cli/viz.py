"""`polkg viz`: draw the graph as an offline interactive page, or a static SVG/PNG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import (
    graph_options,
    local_path,
    open_dataset,
    unique_prefix,
)
from kg.cli.output import pick_format
from kg.cli.timeline import PICTURES
from kg.errors import UserError, did_you_mean
from kg.export import source_slugs


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
    help="Draw only what one source states (its named graph), by its slug or a unique "
    "start of it (000).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default=None,
    help="Interactive page, or a static picture. Default: from the extension of -o, else html.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=local_path,
    default=None,
    help="File to write (default: network.html, .svg or .png in the project's out/).",
)
@click.option(
    "--isolated",
    is_flag=True,
    default=False,
    help="Also draw entities linked to nothing (left out by default).",
)
@click.option(
    "--sources",
    "sources_page",
    is_flag=True,
    default=False,
    help="Write only the evidence view: each source text with its quoted spans highlighted, "
    "the claims each supports and the disagreements it takes part in (default "
    "out/sources.html; `polkg viz` writes it beside the network page too).",
)
@graph_options
def command(
    focus: str | None,
    depth: int,
    types: str | None,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    fmt: str | None,
    output: Path | None,
    isolated: bool,
    sources_page: bool,
    project_dir: Path | None,
    out_dir: Path | None,
    build_first: bool,
) -> int:
    """Draw the knowledge graph: people, organisations, places and events as nodes coloured
    by class, links labelled, candidacies as edges carrying the vote share.

    The page works offline (nothing is fetched): click a node for its facts, sources and
    supporting quotes; search, filter by class and date, double-click to focus.

    Examples: `polkg viz`, `polkg viz --focus Erdoğan --depth 2`,
    `polkg viz --types Person,Election -o out/people.svg`."""
    from kg.viz.projection import drop_isolated, find_entity, to_networkx

    name = pick_format(output, fmt, PICTURES, "html")
    type_list = _classes(types) if types else None
    ds, project, folder = open_dataset(project_dir, out_dir, build_first)
    if sources_page:
        from kg.viz.sources import write_sources_html

        page = write_sources_html(ds, output or folder / "sources.html", [project.data_dir])
        click.echo(f"wrote {page} (the evidence view)")
        return 0
    if source is not None:
        source = unique_prefix(source, source_slugs(ds), what="source graph", option="--source")
    focus_iri = find_entity(ds, focus) if focus else None
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
    path = output if output is not None else folder / f"network.{name}"
    if name == "html":
        from kg.viz.html import write_network_html
        from kg.viz.sources import write_sources_html

        # the evidence view beside the page, so each quote in it links to its sentence
        evidence = path.parent / "sources.html"
        try:
            write_sources_html(ds, evidence, [project.data_dir])
            href = evidence.name
        except UserError as err:
            click.echo(f"note: no evidence view ({err}); quotes are not linked", err=True)
            href = ""
        write_network_html(g, path, title=title, sources_href=href)
    else:
        from kg.viz.static import write_static

        write_static(g, path, name, title=title)
    note = f"; {len(left_out)} unlinked entities left out (--isolated)" if left_out else ""
    click.echo(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} links{note})")
    return 0


def _classes(types: str) -> list[str]:
    """The class names of `--types`, each checked against the ontology's pol: classes."""
    from rdflib.namespace import OWL, RDF

    from kg.namespaces import POL
    from kg.ontology import load_ontology

    known = sorted(
        str(c)[len(str(POL)) :]
        for c in load_ontology().subjects(RDF.type, OWL.Class)
        if str(c).startswith(str(POL))
    )
    names = [t.strip().removeprefix("pol:") for t in types.split(",") if t.strip()]
    for item in names:
        if item not in known:
            raise UserError(
                f"--types: no class {item!r} in the ontology{did_you_mean(item, known)}; "
                "polkg docs lists the classes"
            )
    return names
