"""The pages in headless Chromium with every remote host unreachable: the network page draws
the fixture's nodes, logs nothing to the console, shows the hostile label as text, and its
screenshot is not blank; the timeline page draws its events."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image
from rdflib import Dataset

from kg.viz.html import folded_statements, write_network_html
from kg.viz.projection import to_networkx
from kg.viz.timeline import write_timeline_html

pytestmark = [pytest.mark.browser, pytest.mark.network]  # chromedriver listens on localhost
FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "small.trig"
CHROMIUM = shutil.which("chromium")
HOSTILE = "</script><script>alert(1)</script>"


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    args = [
        CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", *extra,
        page.resolve().as_uri(),
    ]  # fmt: skip
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    """What the page logged: Chromium prints console messages as `…:CONSOLE…] "text"`."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def graph():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return to_networkx(ds)


@pytest.fixture(scope="module")
def ds_():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def test_console_check_catches_errors(tmp_path):
    """The console check itself: a page with an error must show up in the parsed lines."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><script>undefinedFunction()</script>", encoding="utf-8")
    done = chromium(bad, tmp_path / "profile", "--dump-dom")
    assert any("Uncaught" in line for line in console_lines(done.stderr))


def test_network_page_renders_offline(graph, tmp_path):
    page = write_network_html(graph, tmp_path / "net.html")
    done = chromium(page, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert console_lines(done.stderr) == []
    count = re.search(r'data-rendered-nodes="(\d+)"', dom)
    # every node but the one statement, folded into its speaker by default
    folded = folded_statements(graph)
    assert len(folded) == 1
    assert count and int(count.group(1)) == graph.number_of_nodes() - 1 == 17
    listed = re.search(r'<ul id="rendered-nodes"[^>]*>(.*?)</ul>', dom, re.S)
    assert listed
    iris = re.findall(r'<li data-iri="([^"]+)">', listed.group(1))
    labels = [unescape(t) for t in re.findall(r"<li [^>]*>(.*?)</li>", listed.group(1))]
    assert iris == [n for n in graph.nodes if n not in folded]
    assert "Ekrem İmamoğlu" in labels and "Recep Tayyip Erdoğan" in labels
    assert HOSTILE in labels  # shown as text …
    assert "<script>alert" not in dom  # … and never turned into an element
    assert len(re.findall(r"<script\b", dom)) == 2


def test_network_screenshot_is_not_blank(graph, tmp_path):
    page = write_network_html(graph, tmp_path / "net.html")
    shot = tmp_path / "shot.png"
    done = chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,800")
    assert shot.is_file(), done.stderr[-2000:]
    pixels = image.imread(shot)[..., :3]
    assert pixels.std() > 0.05
    coloured = (np.abs(pixels - pixels[..., :1]).max(axis=-1) > 0.2).mean()
    assert coloured > 0.001  # the class colours of the nodes and the legend are on screen


def test_timeline_page_renders_offline(ds_, tmp_path):
    page = write_timeline_html(ds_, tmp_path / "timeline.html")
    done = chromium(page, tmp_path / "profile", "--dump-dom")
    assert console_lines(done.stderr) == []
    assert 'data-rendered-items="6"' in done.stdout
    assert "2019 Istanbul mayoral rerun" in done.stdout


def test_page_filters_agree_with_the_projection(graph, tmp_path):
    """Drive the page's own controls (a test script added after the page's, CSP removed so it
    may run): with the statements shown, the date filter keeps the same nodes as
    `to_networkx(date_from=…)`, the search folds Turkish letters, and a click fills the
    details panel with text."""
    page = (write_network_html(graph, tmp_path / "net.html")).read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    probe = """<script>
var fold = document.getElementById("show-statements"); fold.checked = true;
fold.dispatchEvent(new Event("change"));
var ekrem = document.querySelector('#nodes g.node[data-iri$="person/ekrem-imamoglu"]');
ekrem.dispatchEvent(new MouseEvent("click", {bubbles: true}));
var s = document.getElementById("search"); s.value = "ERDOGAN"; s.dispatchEvent(new Event("input"));
var f = document.getElementById("date-from"); f.value = "2019-06";
f.dispatchEvent(new Event("change"));
document.body.setAttribute("data-matches", document.querySelectorAll(".node.match").length);
</script></body>"""
    probed = tmp_path / "probe.html"
    probed.write_text(page.replace("</body>", probe), encoding="utf-8")
    done = chromium(probed, tmp_path / "profile", "--dump-dom")
    assert console_lines(done.stderr) == []
    dom = done.stdout
    listed = re.search(r'<ul id="rendered-nodes"[^>]*>(.*?)</ul>', dom, re.S)
    shown = set(re.findall(r'data-iri="([^"]+)"', listed.group(1)))
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    assert shown == set(to_networkx(ds, date_from="2019-06").nodes)
    # Erdoğan, "Erdoğan congratulates İmamoğlu", "Erdoğan, Mayor of Istanbul"
    assert 'data-matches="3"' in dom
    details = re.search(r'<aside id="details"[^>]*>(.*?)</aside>', dom, re.S).group(1)
    assert "Ekrem İmamoğlu" in details and "54.0" in details and "Rerun report" in details
    assert "Yilderim only won 45.1% of the vote" in unescape(details)
