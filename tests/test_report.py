"""threads.report: files, self-containment, determinism, escaping, atomic writes (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

import threads
from tests.conftest import SEED_004, SEEDS
from tests.test_figures import values
from threads.model import Thread, ThreadsError
from threads.report import (
    PLOTLY_FILE,
    json_for_script,
    page_names,
    plotly_js,
    report,
    write_atomic,
)

SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
PAYLOAD_DUMP = """\
Article <script>window.__xss = 1</script> with <img src=x onerror="window.__xss=2">.
Read <a href="javascript:window.__xss=3">this</a>.
First comment with <script>window.__xss=9</script> inside &amp; an ampersand.
Posted by: <script>window.__xss=4</script> | 07 June 2016 at 05:06 PM
<img src=x onerror="window.__xss=5">
I disagree.
Posted by: <img src=x onerror="window.__xss=6"> | 07 June 2016 at 05:26 PM
You are wrong, see <a href="javascript:window.__xss=7">link</a>
Posted by: <a href="javascript:window.__xss=8">mallory</a> | 07 June 2016 at 05:43 PM
"""
RAW_PAYLOADS = ("<script>window.__xss", "<img src=x", 'href="javascript:', '<a href="javascript')


@pytest.fixture(scope="module")
def seeds_analysis() -> threads.Analysis:
    return threads.read(SEEDS)


@pytest.fixture(scope="module")
def seed_pages(seeds_analysis, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dash")
    assert report(seeds_analysis, out) == out / "index.html"
    return out


def payload_analysis(tmp_path: Path) -> SimpleNamespace:
    """The payload dump read by the real pipeline, its title replaced by a payload too."""
    dump = tmp_path / "payload.txt"
    dump.write_text(PAYLOAD_DUMP, encoding="utf-8")
    a = threads.read(dump)
    t = a.threads[0]
    titled = Thread(
        t.thread_id,
        '<script>window.__xss="title"</script> & co',
        t.source_file,
        t.source_format,
        t.encoding,
        t.posts,
        t.replies,
        t.format_confidence,
        {"<b>pingback</b>": 1},
        ["<img src=x onerror=alert(1)>"],
    )
    return SimpleNamespace(threads=[titled], posts=a.posts, replies=a.replies, failures=[])


def figure_specs(page: str) -> dict[str, dict]:
    """The figure JSON blocks of a page, by the div id they draw into."""
    found = re.findall(r'<script type="application/json" data-view="([^"]+)">(.*?)</script>', page, re.S)
    return {div: json.loads(body) for div, body in found}


def test_seeds_make_five_pages_and_an_index(seed_pages: Path) -> None:
    names = sorted(p.name for p in seed_pages.iterdir())
    assert names == sorted([f"{s}.html" for s in SEED_IDS] + ["index.html", PLOTLY_FILE])
    index = (seed_pages / "index.html").read_text(encoding="utf-8")
    for sid in SEED_IDS:
        assert f'<a href="{sid}.html">' in index
    assert index.count("<tr>") == 1 + len(SEED_IDS)
    assert 'id="view-corpus-network"' in index  # several threads: the corpus network
    # untitled threads: the id is the link text, and is not written a second time
    assert index.count("004_c3b9a48d73eaee79</a>") == 1 and index.count("004_c3b9a48d73eaee79<") == 1


def test_seed_report_shares_plotlyjs_and_stays_small(seed_pages: Path) -> None:
    # several pages draw charts (seed 004 and the corpus index): one plotly.min.js beside them
    assert (seed_pages / PLOTLY_FILE).is_file()
    assert sum(p.stat().st_size for p in seed_pages.iterdir()) <= 8 * 1024 * 1024
    for sid in SEED_IDS:
        page = (seed_pages / f"{sid}.html").read_text(encoding="utf-8")
        assert "* plotly.js v" not in page
        assert not re.search(r'(src|href)="https?:', page)
    # an article alone gets a short page: no chart at all
    for sid in SEED_IDS[:4]:
        page = (seed_pages / f"{sid}.html").read_text(encoding="utf-8")
        assert figure_specs(page) == {} and "<script" not in page and 'id="article-section"' in page


def test_single_page_is_self_contained(seeds_analysis, tmp_path: Path) -> None:
    report(seeds_analysis.thread("004_c3b9a48d73eaee79"), tmp_path)
    assert not (tmp_path / PLOTLY_FILE).exists()
    page = (tmp_path / "004_c3b9a48d73eaee79.html").read_text(encoding="utf-8")
    assert page.count("* plotly.js v") == 1  # the bundle, embedded once
    ours = page.replace(plotly_js(), "")  # the bundle names a CDN for maps we never draw
    assert "cdn.plot.ly" not in ours and not re.search(r"<script[^>]+src=", ours)
    assert not re.search(r'(src|href)="https?:', ours)
    specs = figure_specs(page)
    assert list(specs) == [
        "view-network",
        "view-communities",
        "view-tree",
        "view-timeline",
        "view-heatmap",
        "view-authors",
    ]
    for div in specs:
        assert page.count(f'<div id="{div}" class="view"></div>') == 1
    assert page.count('class="caption"') == 6


def test_seed004_page_matches_the_acceptance(seed_pages: Path) -> None:
    page = (seed_pages / "004_c3b9a48d73eaee79.html").read_text(encoding="utf-8")
    header = page.split("</header>")[0]
    for fact in (
        "<dd>26</dd>",
        "<dd>19</dd>",
        "explicit 4",
        "quote 2",
        "root 19",
        "second links: quote 1",  # post 12 answers 5 by name and quotes 2: marked, not inferred
        "typepad-text (confidence",
        "2016-06-07",
    ):
        assert fact in header, fact
    assert "inferred, no marker" not in header  # seed 004's links are all marked
    specs = figure_specs(page)
    net = {t["name"]: t for t in specs["view-network"]["data"]}
    assert len(net["authors"]["x"]) == 19
    assert any(h.startswith("<b>turcopolier</b> (host)") for h in net["authors"]["hovertext"])
    tree = {t["name"].split(" ")[0]: t for t in specs["view-tree"]["data"]}
    assert len(values(tree["posts"]["x"])) == 26
    # the summary panel and the control switching the comments on the article in
    assert "21 comments answer the article only; 5 replies between people." in page
    assert "also show the 21 comments that only answer the article" in page
    assert 'data-view-alt="view-network"' in page and 'id="author-filter"' in page
    assert 'id="show-others"' not in page  # 19 authors: no merged node, no box for its links
    assert len(values(tree["explicit"]["x"])) == 4 * 4 and len(values(tree["secondary"]["x"])) == 3


def test_output_is_deterministic(seeds_analysis, seed_pages: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    report(seeds_analysis, again)
    for page in seed_pages.iterdir():
        assert (again / page.name).read_bytes() == page.read_bytes(), page.name
    # nothing left behind (no temporary files)
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in seed_pages.iterdir())


def test_shared_plotlyjs(seeds_analysis, tmp_path: Path) -> None:
    report(seeds_analysis.thread("004_c3b9a48d73eaee79"), tmp_path, shared_plotlyjs=True)
    assert (tmp_path / PLOTLY_FILE).read_text(encoding="utf-8") == plotly_js()
    page = (tmp_path / "004_c3b9a48d73eaee79.html").read_text(encoding="utf-8")
    assert f'<script src="{PLOTLY_FILE}"></script>' in page and "* plotly.js v" not in page
    assert len(page) < 500_000
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "view-corpus-network" not in index and "plotly" not in index.lower().split("<main>")[1]


def test_csp_admits_exactly_the_inline_scripts(seed_pages: Path) -> None:
    for name in ("004_c3b9a48d73eaee79.html", "index.html"):
        page = (seed_pages / name).read_text(encoding="utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
        inline = re.findall(r"<script>(.*?)</script>", page, re.S)
        assert inline
        for body in inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "default-src 'none'" in csp


def test_payloads_are_escaped_everywhere(tmp_path: Path) -> None:
    report(payload_analysis(tmp_path), tmp_path / "out")
    for page_path in (tmp_path / "out").glob("*.html"):
        page = page_path.read_text(encoding="utf-8")
        outside = page.replace(plotly_js(), "")
        for raw in RAW_PAYLOADS:
            assert raw not in outside, (page_path.name, raw)
        assert (
            page.count("<script")
            == page.count("</script>")
            == len(
                re.findall(
                    r'<script( type="application/json" (data-view(-alt)?="[a-z-]+"|id="author-data"))?>', page
                )
            )
        )
    page = next((tmp_path / "out").glob("payload*.html")).read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;window.__xss=&quot;title&quot;&lt;/script&gt; &amp; co</h1>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the warning, as text
    assert "1 &lt;b&gt;pingback&lt;/b&gt;" in page
    specs = figure_specs(page)
    hover = " ".join(specs["view-network"]["data"][-1]["hovertext"])
    assert "&lt;img src=x onerror=" in hover and "<img" not in hover


def test_json_for_script_cannot_close_the_element() -> None:
    text = json_for_script({"a": "</script><!-- \u2028 & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 & <b>"}


def test_page_names_are_safe_and_unique() -> None:
    names = page_names(["a/b", "A_B", "index", "../etc", "", "x" * 300, "Plotly.min", "ok-1.2"])
    assert names["a/b"] != names["A_B"] and names["a/b"].lower() != names["A_B"].lower()
    assert names["index"] == "thread-index.html" and names["Plotly.min"] != "plotly.min.html"
    assert names["../etc"] == "etc.html" and names[""] == "thread.html"
    assert len(names["x" * 300]) <= 105 and names["ok-1.2"] == "ok-1.2.html"
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", n) for n in names.values())


def test_out_dir_that_is_a_file_is_a_clear_error(seeds_analysis, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ThreadsError, match="not a folder"):
        report(seeds_analysis, blocker)


def test_failed_write_keeps_the_old_page(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sys.modules["threads.report"].os, "replace", boom)
    with pytest.raises(ThreadsError, match="cannot write"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_threads_report_stays_callable(seeds_analysis, tmp_path: Path) -> None:
    # Importing the submodule threads.report rebinds the package attribute `report` to
    # the module unless the package imports the function eagerly.
    import threads.report  # what the CLI and notebooks do

    assert callable(threads.report)
    one = seeds_analysis.thread("004_c3b9a48d73eaee79")
    assert threads.report(one, tmp_path / "a").name == "index.html"
    assert threads.report(one, tmp_path / "b").name == "index.html"


def test_controls_offer_the_merged_nodes_links_only_when_there_are_some() -> None:
    from threads.summary_panel import controls

    assert 'id="show-others"' in controls({}, 0, 3, 10, others_links=5)
    assert 'id="show-others"' not in controls({}, 0, 3, 10)


def test_heated_exchanges_need_two_replies_each_way_when_there_are_such_pairs() -> None:
    from threads import dashboard_measures as dm

    def edges(rows: list[tuple[str, str, int, float]]) -> pl.DataFrame:
        return pl.DataFrame(
            rows, schema=["source_author", "target_author", "n_replies", "mean_compound"], orient="row"
        )

    # a harsh one-and-one pair and a milder pair of several replies each way: the milder
    # exchange is listed, the single sharp reply is not
    both = edges([("a", "b", 1, -0.9), ("b", "a", 1, -0.8), ("c", "d", 3, -0.2), ("d", "c", 2, -0.1)])
    pairs, each_way = dm.heated_exchanges(both)
    assert each_way == dm.HEATED_MIN_EACH_WAY == 2
    assert [(p["a"], p["b"], p["a_to_b"], p["b_to_a"]) for p in pairs] == [("c", "d", 3, 2)]
    # no pair reaches the minimum: the one-and-one pairs, and the caller says so
    thin = edges([("a", "b", 1, -0.9), ("b", "a", 1, -0.8), ("c", "d", 4, -0.2), ("d", "c", 1, -0.1)])
    pairs, each_way = dm.heated_exchanges(thin)
    assert each_way == 1 and [(p["a"], p["b"]) for p in pairs] == [("a", "b"), ("c", "d")]


def test_summary_lists_exchanges_of_several_replies_on_a_big_thread() -> None:
    from tests.bigthread import generated_thread
    from threads.summary_panel import summary_section

    big = generated_thread(3000)
    html = summary_section(big.posts, big.replies)
    heated = html.split("Most heated two-way exchanges")[1].split("</ol>")[0]
    assert heated.count("<li>") == 3 and ": 1 and 1 replies" not in heated
    assert "No pair replied" not in html
    # 40 posts: two pairs answered each other, once each way; listed, and the panel says why
    small = generated_thread(40)
    text = summary_section(small.posts, small.replies)
    heated = text.split("Most heated two-way exchanges")[1].split("</div>")[0]
    assert heated.count(": 1 and 1 replies") == 2
    assert "No pair replied to each other 2 times each way" in heated


def test_the_authors_tone_box_is_stored_once_for_both_versions(seed_pages: Path) -> None:
    page = (seed_pages / "004_c3b9a48d73eaee79.html").read_text(encoding="utf-8")
    main = figure_specs(page)["view-authors"]["data"]
    found = re.findall(
        r'<script type="application/json" data-view-alt="view-authors">(.*?)</script>', page, re.S
    )
    alt = json.loads(found[0])["data"]
    box = next(i for i, t in enumerate(main) if t.get("type") == "box")
    assert alt[box] == {"sameAs": box} and main[box]["boxpoints"] == "all"
    # the traces that do change (replies counted with the article's comments) are stored
    received = next(i for i, t in enumerate(main) if t.get("name") == "replies received")
    assert "sameAs" not in alt[received] and alt[received]["x"] != main[received]["x"]


def test_header_counts_second_links_as_marked_and_guesses_as_inferred(seeds_analysis) -> None:
    """A secondary ``replies`` row is marked when a marker says so (post 12 of seed 004
    answers 5 by name and also quotes 2) and inferred only when it is a model's guess: the
    header once put every secondary row under 'inferred, no marker'."""
    from threads.report import thread_facts

    (thread,) = [t for t in seeds_analysis.threads if t.thread_id.startswith("004")]
    posts = seeds_analysis.posts.filter(pl.col("thread_id") == thread.thread_id)
    replies = seeds_analysis.replies.filter(pl.col("thread_id") == thread.thread_id)
    links = dict(thread_facts(thread, posts, replies))["parent links by evidence"]
    assert links == "explicit 4 · quote 2 · root 19 · second links: quote 1", links
    guess = (
        replies.filter(pl.col("is_parent"))
        .head(1)
        .with_columns(evidence=pl.lit("similar"), is_parent=pl.lit(False), confidence=pl.lit(0.6))
    )
    links = dict(thread_facts(thread, posts, pl.concat([replies, guess])))["parent links by evidence"]
    assert links.endswith("second links: quote 1 · inferred, no marker: secondary 1"), links


def test_a_page_names_the_root_as_its_kind_of_dump_does(tmp_path: Path) -> None:
    """A chat's messages answer the chat, a forum's posts the opening post, a blog's comments
    the article: a WhatsApp page said "7 comments answer the article only"."""
    from threads.formats import catalog
    from threads.rootwords import ARTICLE_DIALECTS, ROOT_WORDS

    dialects = {x.name for x in catalog()}
    assert set(ROOT_WORDS) <= dialects  # no misspelt dialect
    # every dialect's words decided: a new chat dialect (telegram-html, slack-json) said
    # "16 comments answer the article only" of a chat
    assert dialects - set(ROOT_WORDS) == ARTICLE_DIALECTS
    fixtures = Path(__file__).parent / "fixtures"
    cases = {
        "whatsapp-text/ios_lantern_monthfirst.txt": ("messages answer the chat only", "(+ the chat itself)"),
        "reddit-json/castiron_rusty_skillet_threaded.json": ("answer the opening post only", None),
    }
    for name, (lead, posts_fact) in cases.items():
        analysis = threads.read(fixtures / name)
        report(analysis, tmp_path / name.split("/")[0])
        (page,) = [p for p in (tmp_path / name.split("/")[0]).glob("*.html") if p.name != "index.html"]
        text = page.read_text(encoding="utf-8")
        assert lead in text and "the article" not in text, name
        if posts_fact:
            assert posts_fact in text.split("</header>")[0]
            from threads import figures

            root = analysis.posts.row(0, named=True)  # the tree's hover of the stand-in root
            assert root["placeholder"] and posts_fact[3:-1] in figures._post_hover(root, 0, None)
    seed = tmp_path / "seed"
    report(threads.read(SEED_004), seed)
    assert "comments answer the article only" in next(p for p in seed.glob("004*.html")).read_text(
        encoding="utf-8"
    )


def test_most_answered_names_a_deleted_post_and_a_post_without_words_as_such() -> None:
    """A Slack thread whose first message was deleted (a placeholder kept for its replies)
    was listed as '#7 (unknown): 1 answer “”'."""
    from threads.dashboard_measures import most_answered
    from threads.summary_panel import summary_section

    a = threads.read(SEED_004)
    (top, *_) = most_answered(a.posts, a.replies)
    assert top["placeholder"] is False and top["text"]
    gone = a.posts.with_columns(
        placeholder=pl.col("post_id") == top["post_id"],
        author=pl.when(pl.col("post_id") == top["post_id"]).then(None).otherwise(pl.col("author")),
        text=pl.when(pl.col("post_id") == top["post_id"]).then(pl.lit("")).otherwise(pl.col("text")),
    )
    panel = summary_section(gone, a.replies)
    answers = f"{top['answers']} answer{'' if top['answers'] == 1 else 's'}"
    assert f"#{top['post_id']} (deleted or removed): {answers}</li>" in panel
    assert "“”" not in panel
    wordless = a.posts.with_columns(
        text=pl.when(pl.col("post_id") == top["post_id"]).then(pl.lit("")).otherwise(pl.col("text"))
    )
    assert "(no words)</span>" in summary_section(wordless, a.replies)


def test_one_comment_under_a_root_not_in_the_dump_gets_charts_not_the_article_page(tmp_path: Path) -> None:
    """A comment saved alone (its story not in the file) is a thread of a placeholder root
    and one comment: its page showed the comment as "The article" ("No comments were
    found in this dump"), and its panel said "1 links are marked"."""
    from threads.report import has_charts

    dump = tmp_path / "one_comment.jsonl"
    item = {"by": "tamsin", "id": 101, "parent": 100, "type": "comment", "time": 1175714300}
    dump.write_text(json.dumps({**item, "text": "The kettle was fixed by the second try."}) + "\n")
    analysis = threads.read(dump)
    assert analysis.posts["placeholder"].to_list() == [True, False]
    assert has_charts(analysis.posts)
    report(analysis, tmp_path / "out")
    page = (tmp_path / "out" / "one_comment.html").read_text(encoding="utf-8")
    assert "No comments were found" not in page and 'id="view-network-section"' in page
    assert "1 link is marked in the dump" in page and "0 are inferred" in page
    # an article with no comment is still the short page
    article = threads.read(sorted(SEEDS.glob("*.txt")))
    bare = [t.thread_id for t in article.threads if len(t.posts) == 1]
    assert bare and not has_charts(article.posts.filter(pl.col("thread_id") == bare[0]))
