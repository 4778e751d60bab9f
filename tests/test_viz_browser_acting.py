"""Browser tests that act on the network page as a reader does — click a node, search a
spelling, filter by class and by date, focus at a depth, drag a node, follow a quote into
the evidence view — in Debian's headless chromium driven by its chromedriver (Selenium),
with every remote host unreachable.

Each check opens a fresh page and compares what is on screen with what the Python side says
should be there (the projection, `neighbourhood`, the fixture written by hand). The last
test breaks `network.js` in each of the ways listed in BREAKAGES and requires that at least
one check then fails: a check that passes whatever the script does would prove nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, URIRef

from kg.namespaces import POL
from kg.safety import allow_network
from kg.viz import html as viz_html
from kg.viz.html import folded_statements, write_network_html
from kg.viz.projection import neighbourhood, to_networkx
from kg.viz.sources import write_sources_html

pytestmark = [pytest.mark.browser, pytest.mark.network]  # chromedriver listens on localhost
FIXTURES = Path(__file__).parent / "fixtures" / "viz"
FIXTURE = FIXTURES / "small.trig"
ID = "https://w3id.org/polkg/id/"
EKREM, BINALI = ID + "person/ekrem-imamoglu", ID + "person/binali-yildirim"
ERDOGAN, RERUN = ID + "person/recep-tayyip-erdogan", ID + "election/2019-06-23-istanbul-mayor"
STATEMENT = ID + "statement/2019-06-23-erdogan-congratulates-imamoglu"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")

# (what is broken, the text in network.js, what replaces it)
BREAKAGES = [
    ("the 'to' date filter reversed", "n.start >= state.to", "n.start < state.to"),
    (
        "the Turkish table removed",
        ".replace(/[İIıĞğŞşÇçÖöÜü]/g, function (c) { return TR[c]; })",
        "",
    ),
    ("focus depth off by one", "d < state.depth", "d <= state.depth"),
    (
        "edges always drawn",
        'e.g.style.display = vis[e.s] && vis[e.t] ? "" : "none";',
        'e.g.style.display = "";',
    ),
    ("the quotes and sources block removed", "function quoteList(parent, qs) {", "$& return;"),
    ("the 'from' boundary comparison flipped", "n.end <= state.from", "n.end < state.from"),
    ("the 'to' boundary comparison flipped", "n.start >= state.to", "n.start > state.to"),
    (
        "nodes cannot be dragged",
        'g.addEventListener("mousedown", function (ev) { startDrag(ev, n); });',
        "",
    ),
    (
        "statements never folded",
        "!((n.fold || n.aside) && !state.statements)",
        "true",
    ),
]


@dataclass
class Pages:
    network: str  # file:// URL of the network page
    graph: nx.MultiDiGraph  # what the page draws
    folded: set[str]  # hidden by default (statements and what only they link to)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    data = Dataset()
    data.parse(FIXTURE, format="trig")
    return data


def _pages(ds: Dataset, folder: Path) -> Pages:
    g = to_networkx(ds)
    folder.mkdir(parents=True, exist_ok=True)
    write_sources_html(ds, folder / "sources.html", [FIXTURES])
    page = write_network_html(g, folder / "network.html", sources_href="sources.html")
    data = viz_html.page_data(g)
    folded = {n["id"] for n in data["nodes"] if n["fold"] or n["aside"]}
    assert folded_statements(g) == {STATEMENT: ERDOGAN}  # the fixture's one statement
    return Pages(page.resolve().as_uri(), g, folded)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1200,800",
    ):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Selenium talks to chromedriver over a local socket: the polkg network guard (installed
    # by any in-process CLI test) would refuse it. The page itself reaches no host.
    with allow_network():
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        with allow_network():
            driver.quit()


@pytest.fixture(autouse=True)
def _local_driver_socket() -> Iterator[None]:
    with allow_network():
        yield


@pytest.fixture(scope="module")
def pages(ds, tmp_path_factory) -> Pages:
    return _pages(ds, tmp_path_factory.mktemp("pages"))


# ---------------------------------------------------------------- helpers


def _open(driver, pages: Pages) -> None:
    driver.get(pages.network)
    assert driver.execute_script("return document.readyState") == "complete"


def _node(driver, iri: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'#nodes g.node[data-iri="{iri}"]')


def _visible_nodes(driver) -> set[str]:
    return set(
        driver.execute_script(
            "return [...document.querySelectorAll('#nodes g.node')]"
            ".filter(g => g.style.display !== 'none').map(g => g.dataset.iri);"
        )
    )


def _visible_edges(driver) -> list[tuple[str, str]]:
    return [
        tuple(e)
        for e in driver.execute_script(
            "return [...document.querySelectorAll('#edges g.edge')]"
            ".filter(g => g.style.display !== 'none').map(g => [g.dataset.s, g.dataset.t]);"
        )
    ]


def _type(driver, element_id: str, text: str) -> None:
    """Type into a field as a reader does, then leave it (which fires `change`)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)
    field.send_keys(Keys.TAB)


def _default_view(pages: Pages) -> set[str]:
    return set(pages.graph.nodes) - pages.folded


# ---------------------------------------------------------------- checks


def check_click_a_node(driver, pages: Pages) -> None:
    """A click fills the panel beside the graph: each fact with its own quote and source."""
    from selenium.webdriver.common.by import By

    _open(driver, pages)
    _node(driver, BINALI).click()
    details = driver.find_element(By.ID, "details")
    assert details.is_displayed()
    assert details.find_element(By.TAG_NAME, "h2").text == "Binali Yıldırım"
    # the vote share of his candidacy, with the sentence that states it, and its source
    facts = details.find_elements(By.CSS_SELECTOR, "dl.facts dd")
    share = [dd for dd in facts if dd.text.startswith("45.0")]
    assert share, [dd.text for dd in facts]
    quote = share[0].find_element(By.CSS_SELECTOR, "ul.quotes li")
    assert "Yilderim only won 45.1% of the vote" in quote.text and "Rerun report" in quote.text
    # the panel is beside the graph, not over it
    svg = driver.find_element(By.ID, "net").rect
    assert details.rect["x"] >= svg["x"] + svg["width"] - 1


def check_search_spellings(driver, pages: Pages) -> None:
    """Search folds spellings: a misspelling and an all-capitals dotless-ı name both find
    Binali Yıldırım, and nothing else."""
    _open(driver, pages)
    for text in ("Yilderim", "YILDIRIM"):
        _type(driver, "search", text)
        matches = driver.execute_script(
            "return [...document.querySelectorAll('#nodes g.node.match')].map(g => g.dataset.iri)"
        )
        assert matches == [BINALI], (text, matches)


def check_filter_by_class(driver, pages: Pages) -> None:
    """Unticking a class hides its nodes, and every link to a hidden node is hidden too."""
    from selenium.webdriver.common.by import By

    _open(driver, pages)
    driver.find_element(By.CSS_SELECTOR, '#legend-items input[value="Person"]').click()
    shown = _visible_nodes(driver)
    expected = {n for n in _default_view(pages) if pages.graph.nodes[n]["group"] != "Person"}
    assert shown == expected
    edges = _visible_edges(driver)
    assert all(s in shown and t in shown for s, t in edges)
    assert sorted(edges) == sorted((u, v) for u, v in pages.graph.edges() if {u, v} <= shown)


def check_filter_by_dates(driver, pages: Pages) -> None:
    """Both ends of the date range include their boundary day and exclude the day beyond."""
    _open(driver, pages)
    _type(driver, "date-from", "2019-06-23")
    _type(driver, "date-to", "2019-06-23")
    assert RERUN in _visible_nodes(driver)  # held on the boundary day: kept
    _type(driver, "date-to", "")
    _type(driver, "date-from", "2019-06-24")
    assert RERUN not in _visible_nodes(driver)  # the day after it: gone
    _type(driver, "date-from", "")
    _type(driver, "date-to", "2019-06-22")
    shown = _visible_nodes(driver)
    assert RERUN not in shown  # the day before it: gone
    assert ID + "annulment/2019-05-06-istanbul-mayor" in shown


def check_focus_at_a_depth(driver, pages: Pages) -> None:
    """Double-click focuses; the depth control gives exactly the neighbourhood at that depth
    (of what the default view shows)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    _open(driver, pages)
    ActionChains(driver).double_click(_node(driver, BINALI)).perform()
    view = pages.graph.subgraph(_default_view(pages))
    for depth in (1, 2):
        Select(driver.find_element("id", "depth")).select_by_value(str(depth))
        assert _visible_nodes(driver) == set(neighbourhood(view, BINALI, depth).nodes), depth


def check_statements_fold_into_their_speaker(driver, pages: Pages) -> None:
    """By default the statement is hidden and its speaker carries the count; the toggle shows
    it with its links."""
    from selenium.webdriver.common.by import By

    _open(driver, pages)
    assert STATEMENT not in _visible_nodes(driver)
    assert _node(driver, ERDOGAN).find_element(By.CSS_SELECTOR, ".badge text").text == "1"
    driver.find_element(By.ID, "show-statements").click()
    assert STATEMENT in _visible_nodes(driver)
    assert (STATEMENT, ERDOGAN) in _visible_edges(driver)


def check_edge_words_on_hover_and_zoom(driver, pages: Pages) -> None:
    """Link words are hidden at the default zoom, shown for a hovered node's links and once
    zoomed in; the node labels on screen never overlap and never repeat."""
    from selenium.webdriver.common.action_chains import ActionChains

    _open(driver, pages)
    shown_words = (
        "return [...document.querySelectorAll('#edges g.edge text')]"
        ".filter(t => getComputedStyle(t).display !== 'none' && t.textContent).length"
    )
    assert driver.execute_script(shown_words) == 0
    boxes = driver.execute_script(
        "return [...document.querySelectorAll('#nodes g.node text')]"
        ".filter(t => t.getClientRects().length && getComputedStyle(t).display !== 'none')"
        ".map(t => { const r = t.getBoundingClientRect();"
        " return [t.textContent, r.left, r.top, r.right, r.bottom]; });"
    )
    assert len(boxes) >= 5
    assert len({b[0] for b in boxes}) == len(boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (a, b)
    ActionChains(driver).move_to_element(_node(driver, EKREM)).perform()
    assert driver.execute_script(shown_words) >= 1
    ActionChains(driver).move_by_offset(0, 300).perform()
    driver.execute_script(
        "const svg = document.getElementById('net'); const r = svg.getBoundingClientRect();"
        "for (let i = 0; i < 6; i++) svg.dispatchEvent(new WheelEvent('wheel', {deltaY: -100,"
        " clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true,"
        " cancelable: true}));"
    )
    assert driver.execute_script(shown_words) >= 1


def check_drag_a_node(driver, pages: Pages) -> None:
    """Dragging moves the node and the ends of its links, nothing else, and opens nothing."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(driver, pages)

    def where(iri: str) -> tuple[float, float]:
        t = _node(driver, iri).get_attribute("transform") or ""
        x, y = t[len("translate(") : -1].split(",")
        return float(x), float(y)

    before, other = where(EKREM), where(BINALI)
    node = _node(driver, EKREM)
    ActionChains(driver).click_and_hold(node).move_by_offset(40, 30).move_by_offset(
        40, 30
    ).release().perform()
    after = where(EKREM)
    assert after[0] > before[0] + 20 and after[1] > before[1] + 15, (before, after)
    assert where(BINALI) == other  # the view did not pan
    line = driver.find_element(By.CSS_SELECTOR, f'#edges g.edge[data-s="{EKREM}"] line')
    assert abs(float(line.get_attribute("x1")) - after[0]) < 0.2
    assert not driver.find_element(By.ID, "details").is_displayed()  # a drag is not a click


def check_follow_a_quote_into_the_evidence_view(driver, pages: Pages) -> None:
    """One click from a fact to the sentence behind it, highlighted, with what it supports."""
    from selenium.webdriver.common.by import By

    _open(driver, pages)
    _node(driver, BINALI).click()
    link = driver.find_element(By.CSS_SELECTOR, "#details a.evidence")
    link.click()
    assert driver.current_url.endswith("sources.html#a-s1-rerun-result")
    card = driver.find_element(By.ID, "a-s1-rerun-result")
    assert "Yilderim only won 45.1% of the vote" in card.text
    assert "Binali Yıldırım's candidacy in 2019 Istanbul mayoral rerun — vote share: 45.1" in (
        card.text
    )  # the claim it supports
    assert "the graph holds 45.0" in card.text  # the disagreement it takes part in
    mark = driver.find_element(By.CSS_SELECTOR, 'a.mark[href="#a-s1-rerun-result"]')
    assert mark.text == "Yilderim only won 45.1% of the vote to Imamoglu's 54%."


_LABEL_BOXES = (
    "return [...document.querySelectorAll('#nodes g.node')]"
    ".filter(g => g.style.display !== 'none').map(g => g.querySelector('text'))"
    ".filter(t => getComputedStyle(t).display !== 'none')"
    ".map(t => { const r = t.getBoundingClientRect();"
    " return [t.parentNode.dataset.iri, t.textContent, r.left, r.top, r.right, r.bottom]; });"
)


def test_corpus_page_tells_the_elections_apart_and_no_labels_overlap(browser, tmp_path) -> None:
    """On the corpus as it opens: the annulled vote and the rerun read differently, no two
    labels on screen overlap or repeat, and the annulment's derived bounds are in the graph."""
    from kg.build import build
    from kg.store import load_dataset
    from kg.viz.projection import drop_isolated

    out = tmp_path / "out"
    build(out_dir=out)
    ds = load_dataset(out)
    annulment = ID + "annulment/2019-istanbul-mayor"
    consensus = ds.graph(URIRef("https://w3id.org/polkg/graph/consensus"))
    assert str(consensus.value(URIRef(annulment), POL.earliestDate)) == "2019-03-01"
    assert str(consensus.value(URIRef(annulment), POL.latestDate)) == "2019-06-23"
    g, _ = drop_isolated(to_networkx(ds))
    page = write_network_html(g, tmp_path / "network.html")
    browser.get(page.resolve().as_uri())
    boxes = browser.execute_script(_LABEL_BOXES)
    texts = {iri: text for iri, text, *_ in boxes}
    march, rerun = ID + "election/2019-03-istanbul-mayor", ID + "election/2019-06-23-istanbul-mayor"
    assert "annulled" in texts[march] and "rerun" in texts[rerun]
    assert len(set(texts.values())) == len(texts)  # no two labels read the same
    assert len(boxes) > 30
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]), (a, b)


CHECKS: list[Callable] = [
    check_click_a_node,
    check_search_spellings,
    check_filter_by_class,
    check_filter_by_dates,
    check_focus_at_a_depth,
    check_statements_fold_into_their_speaker,
    check_edge_words_on_hover_and_zoom,
    check_drag_a_node,
    check_follow_a_quote_into_the_evidence_view,
]


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__[6:] for c in CHECKS])
def test_page_acts(browser, pages, check) -> None:
    check(browser, pages)
    logs = [
        entry
        for entry in browser.get_log("browser")
        if entry.get("level") == "SEVERE" and "favicon" not in entry.get("message", "")
    ]
    assert logs == []


@pytest.mark.parametrize("broken", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_breakage_fails_a_check(browser, ds, tmp_path, monkeypatch, broken) -> None:
    """Break network.js in one way (the page re-rendered, so its CSP hash matches the broken
    script), and require that at least one check fails on it."""
    _what, old, new = broken
    original = viz_html._asset("network.js")
    assert original.count(old) >= 1, old
    script = original.replace(old, new.replace("$&", old))
    assert script != original

    def asset(name: str) -> str:
        return script if name == "network.js" else original_asset(name)

    original_asset = viz_html._asset
    monkeypatch.setattr(viz_html, "_asset", asset)
    broken_pages = _pages(ds, tmp_path)
    failed = []
    for check in CHECKS:
        try:
            check(browser, broken_pages)
        except Exception as err:  # an assertion, or an element the broken page lacks
            failed.append(f"{check.__name__}: {type(err).__name__} {str(err)[:80]!r}")
            break
    assert failed, f"no check notices {_what}"
