"""The dashboards in a real browser: headless Chromium (Debian's) driven by Playwright.

Each page is opened from ``file://`` with every http(s) request aborted and recorded.
Checked: no console errors or page errors, every view drawn (plot containers, SVG
points, WebGL pixels), a hover on a network node shows the author's name, the index
table sorts, and a dump full of script payloads runs none of them.

Skipped, with the reason shown by ``pytest -ra``, when Playwright or Chromium is missing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

import threads
from tests.conftest import SEEDS
from tests.test_figures import XSS_NAMES, synthetic
from tests.test_report import payload_analysis
from threads import graph
from threads.model import Thread
from threads.report import report

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    """Skip, saying why, on a developer's machine; fail in CI, where .ci/run installs
    the browser, so that a broken install can never pass as "skipped"."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped", allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _unavailable("playwright (python) is not installed")
CHROMIUM = os.environ.get("THREADS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWS = ("view-network", "view-communities", "view-tree", "view-timeline", "view-heatmap", "view-authors")
# Counts non-transparent pixels of the WebGL canvases under a selector.
GL_PIXELS_JS = """(sel) => Array.from(document.querySelectorAll(sel + ' canvas.gl-canvas-context'))
  .map(c => { const t = document.createElement('canvas'); t.width = c.width; t.height = c.height;
    const g = t.getContext('2d'); g.drawImage(c, 0, 0);
    const d = g.getImageData(0, 0, t.width, t.height).data; let n = 0;
    for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n; })
  .reduce((a, b) => a + b, 0)"""


@dataclass
class Opened:
    """A loaded page and what happened while loading it."""

    page: object
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    # every request the page made besides itself and its own plotly.min.js (any scheme:
    # file:, data:, blob: included, which the http(s) routes below do not see)
    other_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except sync_api.Error as err:  # e.g. a Chromium too old for this Playwright
            _unavailable(f"Chromium at {CHROMIUM} did not start: {err}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory) -> tuple[Path, threads.Analysis]:
    analysis = threads.read(SEEDS)
    out = tmp_path_factory.mktemp("pages")
    report(analysis, out)
    return out, analysis


def open_page(browser, path: Path, *, expect_views: int | None = None) -> Opened:
    """Open ``path`` offline and wait until its plots are drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Opened(page)

    def on_console(msg) -> None:
        # plotly.js reports bad input as "WARN: ..." through console.trace; a GL
        # "performance" note from the software rasteriser is not a problem.
        if msg.type == "error" or (msg.text.startswith("WARN") and "GL Driver" not in msg.text):
            seen.problems.append(f"console {msg.type}: {msg.text}")

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_route(route) -> None:
        seen.requests.append(route.request.url)
        route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda err: seen.problems.append(f"page error: {err}"))
    page.on("dialog", on_dialog)

    def on_request(request) -> None:
        if request.url != path.as_uri() and not request.url.endswith("/plotly.min.js"):
            seen.other_requests.append(request.url)

    page.on("request", on_request)
    page.route("http://**", on_route)
    page.route("https://**", on_route)
    page.goto(path.as_uri())
    if expect_views is None or expect_views:
        page.wait_for_selector("body[data-rendered]", state="attached", timeout=30_000)
        assert page.get_attribute("body", "data-rendered") == str(expect_views or len(VIEWS))
    return seen


def assert_clean(seen: Opened) -> None:
    assert seen.problems == []
    assert seen.requests == []
    assert seen.dialogs == []


def node_center(page, view: str, index: int) -> tuple[float, float]:
    """Screen position of point ``index`` of the last trace (the author nodes)."""
    point = page.locator(f"#{view} .scatterlayer .trace").last.locator("path.point").nth(index)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    assert box, "author node not drawn"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def hover_label(page, view: str, index: int) -> str:
    page.mouse.move(0, 0)
    x, y = node_center(page, view, index)
    page.mouse.move(x, y)
    label = page.locator(f"#{view} .hoverlayer .hovertext")
    label.first.wait_for(timeout=5_000)
    return label.first.text_content() or ""


# ---------------------------------------------------------------- the seed pages
@pytest.mark.parametrize("seed", sorted(p.stem for p in SEEDS.glob("*.txt")))
def test_seed_page_renders_every_view(browser, seed_pages, seed: str) -> None:
    out, analysis = seed_pages
    if not seed.startswith("004_"):
        pytest.skip("an article alone has no charts: test_article_only_page_draws_no_chart")
    seen = open_page(browser, out / f"{seed}.html")
    page = seen.page
    assert page.locator(".js-plotly-plot").count() == len(VIEWS)
    for view in VIEWS:
        assert page.locator(f"#{view}.js-plotly-plot .main-svg").count() >= 1, view
    one = analysis.thread(seed)
    g = graph.author_graph(one.posts, one.replies)
    nodes = page.locator("#view-network .scatterlayer .trace").last.locator("path.point")
    if g.number_of_nodes():
        assert nodes.count() == g.number_of_nodes()
    tree_points = page.locator("#view-tree .scatterlayer .trace").last.locator("path.point")
    assert tree_points.count() == one.posts.height
    if one.posts["timestamp"].drop_nulls().len():
        assert page.locator("#view-timeline .scatterlayer path.point").count() >= 1
        assert page.locator("#view-timeline .barlayer path").count() >= 1
    if g.number_of_edges():
        assert page.locator("#view-heatmap .hm image").count() == 1
    if g.number_of_nodes():
        assert page.locator("#view-authors .barlayer path").count() >= 1
    else:  # e.g. an article alone, author unknown: the view says so instead
        assert "No authors" in (page.locator("#view-authors").text_content() or "")
    if seed.startswith("004_"):
        check_seed004(page, one)
    assert_clean(seen)
    page.context.close()


def check_seed004(page, one: threads.Analysis) -> None:
    """The acceptance: 19 authors with the host, 26 posts, hover names the author."""
    names = page.evaluate(
        "() => { const d = document.getElementById('view-network').data; return d[d.length - 1].customdata; }"
    )
    assert sorted(names) == sorted(one.posts["author"].unique().to_list())
    assert len(names) == 19
    assert page.locator("#view-network .scatterlayer .trace").last.locator("path.point").count() == 19
    text = hover_label(page, "view-network", names.index("turcopolier"))
    assert "turcopolier" in text and "(host)" in text and "posts: 3" in text
    text = hover_label(page, "view-network", names.index("Ishmael Zechariah"))
    assert "Ishmael Zechariah" in text and "replies sent: 2" in text
    assert page.locator("#view-tree .scatterlayer .trace").last.locator("path.point").count() == 26
    legend = page.locator("#view-tree .legend").text_content() or ""
    assert "explicit (4)" in legend and "secondary (1)" in legend


def test_index_page_table_and_corpus_network(browser, seed_pages) -> None:
    out, _ = seed_pages
    seen = open_page(browser, out / "index.html", expect_views=1)
    page = seen.page
    rows = page.locator("#threads tbody tr")
    assert rows.count() == 5
    hrefs = [rows.nth(i).locator("a").get_attribute("href") for i in range(5)]
    assert all((out / h).is_file() for h in hrefs)
    page.locator("#threads th", has_text="posts").click()
    posts = [int(rows.nth(i).locator("td").nth(2).get_attribute("data-sort")) for i in range(5)]
    assert posts == sorted(posts)
    page.locator("#threads th", has_text="posts").click()
    posts = [int(rows.nth(i).locator("td").nth(2).get_attribute("data-sort")) for i in range(5)]
    assert posts == sorted(posts, reverse=True)
    corpus_nodes = page.locator("#view-corpus-network .scatterlayer .trace").last.locator("path.point")
    assert corpus_nodes.count() == 19  # the article-only seeds name no author
    assert_clean(seen)
    page.context.close()


def test_shared_plotlyjs_loads_from_beside_the_page(browser, seed_pages, tmp_path: Path) -> None:
    _, analysis = seed_pages
    report(analysis.thread("004_c3b9a48d73eaee79"), tmp_path, shared_plotlyjs=True)
    seen = open_page(browser, tmp_path / "004_c3b9a48d73eaee79.html")
    assert_clean(seen)
    seen.page.context.close()


# ---------------------------------------------------------------- big threads: WebGL
def test_large_thread_draws_with_webgl(browser, tmp_path: Path, monkeypatch) -> None:
    # A lower WebGL threshold keeps the test quick; the switch itself is what is tested.
    monkeypatch.setattr("threads.plotstyle.WEBGL_MIN_POINTS", 300)
    posts, replies = synthetic(400, 60)
    thread = Thread("s", "A large thread", "s.txt", "test", "utf-8", [], [])
    report(SimpleNamespace(threads=[thread], posts=posts, replies=replies), tmp_path)
    seen = open_page(browser, tmp_path / "s.html")
    page = seen.page
    assert_clean(seen)
    # the tree draws at most TREE_MAX_POSTS (300) posts, as SVG; the timeline all 400
    assert page.evaluate(GL_PIXELS_JS, "#view-timeline") > 1000
    page.context.close()


# ---------------------------------------------------------------- script payloads
def assert_no_script_ran(seen: Opened) -> None:
    page = seen.page
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
    # plotly turns an <a> in its text into an SVG link: names must come out as text
    assert page.evaluate("document.querySelectorAll('svg a').length") == 0
    # no link from a dump is clickable: the only links are the page's own navigation
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
    assert hrefs and all(":" not in h for h in hrefs), hrefs  # relative: no http(s), file, data
    assert seen.other_requests == []  # nothing left the page, whatever the scheme
    assert_clean(seen)


def test_payload_dump_runs_no_script(browser, tmp_path: Path) -> None:
    report(payload_analysis(tmp_path), tmp_path / "out")
    seen = open_page(browser, tmp_path / "out" / "payload.html")
    page = seen.page
    assert page.locator("h1").text_content().startswith('<script>window.__xss="title"')
    nodes = page.locator("#view-network .scatterlayer .trace").last.locator("path.point")
    labels = [hover_label(page, "view-network", i) for i in range(nodes.count())]
    assert any("<img src=x onerror=" in text for text in labels)  # shown as text
    tree = page.locator("#view-tree .scatterlayer .trace").last.locator("path.point")
    assert any("window.__xss=5" in hover_label(page, "view-tree", i) for i in range(tree.count()))
    assert_no_script_ran(seen)
    page.context.close()
    index = open_page(browser, tmp_path / "out" / "index.html", expect_views=0)
    assert index.page.locator("#threads tbody tr").count() == 1
    assert_no_script_ran(index)
    index.page.context.close()


def test_payload_names_in_every_view_run_no_script(browser, tmp_path: Path) -> None:
    posts, replies = synthetic(60, 4, names=[*XSS_NAMES, "<svg onload=window.__xss=1>"])
    import polars as pl

    posts = posts.with_columns(
        pl.lit(
            '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
            '<a href="https://evil.example/x.html">x</a> https://evil.example/y file:///etc/passwd'
        ).alias("text")
    )
    thread = Thread(
        "s",
        "<img src=x onerror=alert(1)>",
        "s.txt",
        "test",
        "utf-8",
        [],
        [],
        warnings=['<a href="javascript:alert(1)">x</a>'],
    )
    report(SimpleNamespace(threads=[thread], posts=posts, replies=replies), tmp_path)
    seen = open_page(browser, tmp_path / "s.html")
    nodes = seen.page.locator("#view-network .scatterlayer .trace").last.locator("path.point")
    for i in range(nodes.count()):
        hover_label(seen.page, "view-network", i)
    assert_no_script_ran(seen)
    seen.page.context.close()


# ---------------------------------------------------------------- issue 18: read at a glance
VISIBLE_LABELS_JS = """(sel) => Array.from(document.querySelectorAll(sel + ' .scatterlayer .textpoint text'))
  .filter(t => t.textContent && getComputedStyle(t).display !== 'none')
  .map(t => { const b = t.getBoundingClientRect();
    return [t.textContent, b.left, b.top, b.right, b.bottom]; })
  .filter(b => b[3] > b[1])"""


def overlapping(boxes: list) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
                out.append((a[0], b[0]))
    return out


def test_seed004_labels_do_not_overlap_and_people_answer_people(browser, seed_pages) -> None:
    out, _ = seed_pages
    seen = open_page(browser, out / "004_c3b9a48d73eaee79.html", expect_views=6)
    page = seen.page
    for view in ("#view-network", "#view-tree"):
        boxes = page.evaluate(VISIBLE_LABELS_JS, view)
        assert len(boxes) >= 15, view
        assert overlapping(boxes) == [], view
    total = (
        "document.getElementById('view-heatmap').data[0].z.flat().filter(v => v).reduce((a, b) => a + b, 0)"
    )
    counts = page.evaluate(f"() => {total}")
    assert counts < 12
    # the author filter dims the others' points and says what the author did
    page.select_option("#author-filter", "turcopolier")
    page.wait_for_function("document.getElementById('author-info').textContent.length > 0")
    assert "replied to Fredw (1), mbrenner (1)" in page.text_content("#author-info")
    # the switch brings the comments on the article back
    page.check("#with-article")
    page.wait_for_function(f"{total} > 12")
    # the tone box stored once ({"sameAs": i} in the other version) is drawn after the swap
    box = "document.getElementById('view-authors').data.filter(t => t.type === 'box')"
    assert page.evaluate(f"() => {box}.length") == 1
    assert page.locator("#view-authors .boxlayer path.point").count() >= 20
    assert_clean(seen)
    page.context.close()


def test_scroll_targets_land_below_the_sticky_controls(browser, seed_pages) -> None:
    # The control bar stays at the top of the window; a view reached from the links in the
    # header, or a point scrolled into view to hover it, must not end up under it.
    out, _ = seed_pages
    seen = open_page(browser, out / "004_c3b9a48d73eaee79.html", expect_views=6)
    page = seen.page
    page.wait_for_selector("body[data-controls=ready]", state="attached")
    bar_height = page.locator("#controls").bounding_box()["height"]
    for view in ("view-communities", "view-heatmap"):
        page.click(f'nav.views a[href="#{view}-section"]')
        page.wait_for_function(f"document.getElementById('{view}-section').getBoundingClientRect().top < 200")
        bar = page.locator("#controls").bounding_box()
        heading = page.locator(f"#{view}-section h2").bounding_box()
        assert bar["y"] == 0 and bar["height"] == bar_height  # stuck at the top
        assert heading["y"] >= bar["y"] + bar["height"], view
    assert_clean(seen)
    page.context.close()


def test_timeline_hover_reads_time_and_tone_from_the_point(browser, seed_pages) -> None:
    # The timeline stores only each post's author, id and snippet; its hover template
    # writes the time and tone from the point's own x and y.
    out, analysis = seed_pages
    seen = open_page(browser, out / "004_c3b9a48d73eaee79.html", expect_views=6)
    page = seen.page
    point = page.locator("#view-timeline .scatterlayer .trace").first.locator("path.point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator("#view-timeline .hoverlayer .hovertext").first
    label.wait_for(timeout=5_000)
    text = label.text_content() or ""
    assert re.search(r"#\d+\d{4}-\d\d-\d\d \d\d:\d\d UTCtone [+-]\d\.\d\d", text), text
    name = page.evaluate("document.getElementById('view-timeline').data[0].name")
    posts = analysis.thread("004_c3b9a48d73eaee79").posts.filter(pl.col("author") == name)
    assert text.startswith(name) and any(f"{name} #{p}" in text for p in posts["post_id"])
    assert_clean(seen)
    page.context.close()


def test_article_only_page_draws_no_chart(browser, seed_pages) -> None:
    out, _ = seed_pages
    seen = open_page(
        browser, out / f"{sorted(p.stem for p in SEEDS.glob('00[0-3]_*.txt'))[0]}.html", expect_views=0
    )
    assert seen.page.locator(".js-plotly-plot, .view").count() == 0
    assert seen.page.locator("#article-section").count() == 1
    assert_clean(seen)
    seen.page.context.close()


def test_a_long_link_in_the_summary_wraps_inside_its_column(browser, tmp_path: Path) -> None:
    """A most-answered post that is one long link (a chat's "here is the group: URL") ran
    over the next column of the summary panel."""
    link = "https://groups.example.org/forum/#!forum/" + "kite-club-members-" * 8 + "archive"
    dump = tmp_path / "kites.txt"
    dump.write_text(
        "Kite weekend\n\nWho is coming on Saturday?\n\nComments\n\n"
        f"The group is here: {link}\n\nPosted by: Wren Alder | 07 June 2016 at 06:45 PM\n\n"
        "@Wren Alder thanks, joined it\n\nPosted by: Pim Moss | 07 June 2016 at 07:10 PM\n\n"
        "@Wren Alder me too, see you there\n\nPosted by: Odo Reed | 07 June 2016 at 07:30 PM\n",
        encoding="utf-8",
    )
    report(threads.read(dump), tmp_path / "out")
    seen = open_page(browser, tmp_path / "out" / "kites.html")
    overflowing = seen.page.evaluate(
        "() => [...document.querySelectorAll('.summary li, .summary p')]"
        ".filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.slice(0, 60))"
    )
    assert seen.page.locator(".summary li").count() >= 1
    assert overflowing == []
    assert_clean(seen)
    seen.page.context.close()


def test_big_generated_threads(browser, tmp_path: Path) -> None:
    from tests.bigthread import generated_thread

    report(generated_thread(3000), tmp_path / "3k")
    seen = open_page(browser, tmp_path / "3k" / "generated-3000.html", expect_views=6)
    labels = seen.page.evaluate(VISIBLE_LABELS_JS, "#view-network")
    assert 10 <= len(labels) <= 40
    assert overlapping(labels) == []
    # the merged "others" node's links are hidden until the box asks for them
    shown = (
        "document.getElementById('view-network').data"
        ".filter(t => t.meta && t.meta.others && t.visible !== false).length"
    )
    assert seen.page.evaluate(f"() => {shown}") == 0
    seen.page.check("#show-others")
    seen.page.wait_for_function(f"{shown} > 0")
    seen.page.uncheck("#show-others")
    seen.page.wait_for_function(f"{shown} === 0")
    assert_clean(seen)
    seen.page.context.close()
    report(generated_thread(50_000), tmp_path / "50k")
    seen = open_page(browser, tmp_path / "50k" / "generated-50000.html", expect_views=6)
    assert seen.page.locator("#view-tree .scatterlayer .trace").last.locator("path.point").count() == 300
    assert seen.page.evaluate(GL_PIXELS_JS, "#view-timeline") > 1000
    assert_clean(seen)
    seen.page.context.close()
