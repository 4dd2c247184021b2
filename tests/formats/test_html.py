"""Tests for the HTML dialects (threads/formats/*_html.py) beyond what every dialect
passes (goldens and detection: test_dialects.py).

The fixtures under tests/fixtures/<engine>-html/ are SYNTHETIC: the shared corpus of
real saved pages was absent when these dialects were written, so each page was written
by hand to imitate its engine's real markup (class names, nesting, date formats, quote
blocks, signatures, reply links, ads). Replace or complement them with real pages when
the corpus is available.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threads.formats import REGISTRY, _html, detect
from threads.model import ThreadsError
from threads.pages import page_note
from threads.read import decode

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
# Pages of sites. telegram-html is a chat export written as pages: its media messages have
# no words and its pages are numbered by its own links (tests/formats/test_telegram_html.py).
OWN_HARNESS = {"telegram-html"}
HTML_DIALECTS = sorted(name for name in REGISTRY if name.endswith("-html") and name not in OWN_HARNESS)
PAGES = sorted(p for name in HTML_DIALECTS for p in (FIXTURES / name).glob("*.html"))
IDS = [f"{p.parent.name}/{p.stem}" for p in PAGES]

# What must never reach a post's text, written out here (not taken from the modules)
# so that a wrong noise table makes these tests fail: signatures, reply/quote buttons,
# comment forms, share bars, ads, sidebars, scripts.
NOT_POST_TEXT = (
    "Rye or die",
    "PRs: 180/120/95",
    "Gruß Karl",
    "Fermenting: stout",
    "Miles hiked",
    "1991 900 Turbo, 1987 9000i",
    "Plot 14, north end",
    "Moderator. Read the FAQ",
    "googletag",
    "Share this",
    "Leave a comment",
    "Schreibe einen Kommentar",
    "Advertisement",
    "Recent Posts",
    "Click to expand",
    "Reply With Quote",
    "Report to moderator",
    "load more comments",
    "Improve this question",
    "Rule 1: be nice",
)
UI_LINES = {"reply", "quote", "antworten", "like", "permalink", "share", "delete", "replies", "edit"}


def _text(path: Path) -> str:
    return decode(path.read_bytes(), str(path)).text


def _dialect(path: Path) -> str:
    """The dialect of a fixture: its folder's name."""
    return path.parent.name


def _iso(stamp: datetime | None) -> str | None:
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") if stamp else None


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_post_text_holds_no_noise_and_no_quotes(path: Path) -> None:
    thread = REGISTRY[_dialect(path)].parse(_text(path))[0]
    for post in thread.posts:
        assert post.body.strip() or post.placeholder, post
        for snippet in NOT_POST_TEXT:
            assert snippet not in post.body, (post.author, snippet)
        for line in post.body.split("\n"):
            assert line.strip().casefold() not in UI_LINES, (post.author, line)
        for quote in post.quoted:
            assert quote and quote not in post.body, (post.author, quote)


# (engine folder, post index, quoted author(s) the page names): quote blocks are out of
# the own text, with their source; read off the fixtures by hand.
QUOTES = [
    ("xenforo-html/deadlift_form_xf2", 1, ["kettlebell_kai"]),
    ("xenforo-html/acetone_starter_xf1", 1, ["rye_guy"]),
    ("phpbb-html/stuck_fermentation_phpbb3", 1, ["hopfenkopf"]),
    ("phpbb-html/weichenantrieb_phpbb2_de", 1, ["Lokführer_Karl"]),
    ("vbulletin-html/budget_tent_vb4", 1, ["lena_hikes"]),
    ("vbulletin-html/ham_antenna_vb5", 1, ["DL4KW"]),
    ("vbulletin-html/akku_custom_vb4_de", 0, ["lina_b"]),
    ("vbulletin-html/akku_custom_vb4_de", 1, ["akkuwolf"]),
    ("smf-html/composting_winter_latin1", 1, ["Renée"]),
    ("mybb-html/pi_wont_boot", 1, ["solder_sam"]),
    ("invision-html/engine_knock_ips4", 1, ["turbo_hugo"]),
    ("discourse-html/bike_light_topic", 2, ["mira_rides"]),
    ("wordpress-html/radweg_twentyten_de", 3, ["Ute Schramm"]),
    ("wordpress-html/library_hours_en", 4, [None]),
    ("reddit-html/basil_old_reddit", 4, [None]),
]


@pytest.mark.parametrize(("page", "index", "sources"), QUOTES, ids=[q[0] for q in QUOTES])
def test_quote_blocks_name_their_author(page: str, index: int, sources: list[str | None]) -> None:
    path = FIXTURES / f"{page}.html"
    post = REGISTRY[_dialect(path)].parse(_text(path))[0].posts[index]
    assert post.quote_sources == sources
    assert len(post.quoted) == len(sources)


# (k, n) of the pages that show a pager, read off the fixtures by hand; every other page
# is one page alone (``page`` None).
PAGINATED = {
    "phpbb-html/weichenantrieb_phpbb2_de": (1, 2),
    "vbulletin-html/budget_tent_vb4": (1, 2),
    "xenforo-html/acetone_starter_xf1": (1, 2),
    "mybb-html/pi_wont_boot": (1, 2),
    "vbulletin-html/akku_custom_vb4_de": (2, 3),
}


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_pagination_is_reported(path: Path) -> None:
    thread = REGISTRY[_dialect(path)].parse(_text(path))[0]
    key = f"{path.parent.name}/{path.stem}"
    assert thread.page == PAGINATED.get(key, thread.page if thread.page is None else "no pager")
    if thread.page is not None:
        k, n = thread.page
        note = page_note(thread)
        assert note is not None and note.startswith(f"page {k} of {n} of this thread")


def test_skipped_pingbacks_and_collapsed_branches() -> None:
    wp = REGISTRY["wordpress-html"].parse(_text(FIXTURES / "wordpress-html" / "library_hours_en.html"))[0]
    assert wp.skipped == {"pingback": 1}
    rd = REGISTRY["reddit-html"].parse(_text(FIXTURES / "reddit-html" / "basil_old_reddit.html"))[0]
    assert rd.skipped == {"load more comments": 1}
    assert any("collapsed" in w for w in rd.warnings)


def test_latin1_pages_decode() -> None:
    """One ISO-8859-1 page declares it (phpBB 2), one does not (SMF); both read right,
    and a page that declares the wrong charset still reads."""
    smf = FIXTURES / "smf-html" / "composting_winter_latin1.html"
    assert b"charset" not in smf.read_bytes()[:600].lower()
    wrong = smf.read_bytes().replace(b"<head>", b'<head><meta charset="utf-8">', 1)
    for data in (smf.read_bytes(), wrong):
        posts = REGISTRY["smf-html"].parse(decode(data, "x.html").text)[0].posts
        assert [p.author for p in posts] == ["Renée", "old_Jörg", "Bea"]
    phpbb2 = REGISTRY["phpbb-html"].parse(_text(FIXTURES / "phpbb-html" / "weichenantrieb_phpbb2_de.html"))[0]
    assert phpbb2.posts[0].author == "Lokführer_Karl"


# ---------------------------------------------------------------- bad HTML
ARTICLE_ONLY = (
    "<!DOCTYPE html><html><head><title>Notes</title></head><body><article><h1>Notes</h1>"
    "<p>Just an article, comments are closed.</p></article></body></html>"
)


def _ok_or_clear(name: str, text: str) -> None:
    try:
        threads = REGISTRY[name].parse(text)
    except ThreadsError as err:
        assert str(err).strip()
        return
    for thread in threads:
        assert isinstance(thread.posts, list)


@pytest.mark.parametrize("name", HTML_DIALECTS)
def test_bad_html_gives_a_result_or_a_clear_message(name: str) -> None:
    for path in PAGES[::3]:
        text = _text(path)
        _ok_or_clear(name, text[: len(text) // 2])  # truncated
        _ok_or_clear(name, text.replace("</div>", "").replace("</li>", ""))  # unclosed tags
    _ok_or_clear(name, ARTICLE_ONLY)
    _ok_or_clear(name, "<div>" * 5000 + "deep" + "</div>" * 10)
    assert REGISTRY[name].parse("") == []


def test_page_without_comments() -> None:
    generic = REGISTRY["generic-html"].parse(ARTICLE_ONLY)[0]
    assert [p.body for p in generic.posts] == ["Notes\nJust an article, comments are closed."]
    assert any("no comments" in w for w in generic.warnings)
    assert detect(ARTICLE_ONLY).name == "generic-html"
    wp = REGISTRY["wordpress-html"].parse(ARTICLE_ONLY)[0]
    assert len(wp.posts) == 1 and any("no comments" in w for w in wp.warnings)
    with pytest.raises(ThreadsError, match="no text, posts or comments"):
        REGISTRY["generic-html"].parse("<html><body><div></div></body></html>")


def test_ten_megabyte_single_line() -> None:
    one = (FIXTURES / "wordpress-html" / "library_hours_en.html").read_text(encoding="utf-8")
    start, end = one.index('<li id="comment-101"'), one.index('<li id="comment-106"')
    block = one[start:end].replace("\n", " ")
    text = (one[:start] + block * (10_000_000 // len(block)) + one[end:]).replace("\n", " ")
    assert "\n" not in text and len(text) > 9_000_000
    assert detect(text).name == "wordpress-html"
    posts = REGISTRY["wordpress-html"].parse(text)[0].posts
    assert len(posts) == 1 + 5 * (10_000_000 // len(block))


# ---------------------------------------------------------------- properties
HTMLISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<div class='comment'>",
                "</div>",
                '<li class="comment depth-2">',
                "</li>",
                "<blockquote>",
                "<cite>X wrote:</cite>",
                "<time datetime='2020-01-01T10:00'>",
                "<html>",
                "<!--",
                "-->",
                "<script>",
                "</script>",
                "<p>",
                "<br>",
                "&amp;",
                "<table>",
                "<tr class='athing comtr'>",
                "<td class='ind' indent='x'>",
                "<span class='age' title='999999999999999'>",
                "<a href='#comment-1'>",
                '<script type="application/ld+json">{"@type": "DiscussionForumPosting", '
                '"comment": [{"text": 1}]}',
                "<div class='post' id='p1'>",
                "<article class='message--post'>",
                '<span class="name">',
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), HTMLISH))
def test_any_text_only_ever_raises_threads_error(text: str) -> None:
    for name in HTML_DIALECTS:
        fmt = REGISTRY[name]
        assert 0.0 <= fmt.sniff(text) <= 1.0
        with contextlib.suppress(ThreadsError):
            fmt.parse(text)


def test_helpers() -> None:
    assert _html.quote_header("Quote from: Renée on December 03, 2011, 02:17:00 PM") == "Renée"
    assert _html.quote_header("(03-14-2021, 09:41 PM)solder_sam Wrote:") == "solder_sam"
    assert _html.quote_header("Originally Posted by lena_hikes") == "lena_hikes"
    assert _html.quote_header("Quote:") is None
    assert _html.quote_header("Lokführer_Karl hat folgendes geschrieben:") == "Lokführer_Karl"
    assert _html.parents_from_depths([0, 1, 2, 1, 0, 1]) == [None, 0, 1, 0, None, 4]
    assert _html.pagination("Page <strong>2</strong> of <strong>5</strong>") == (2, 5)
    assert _html.pagination("Seite <b>1</b> von <b>1</b>") is None
    assert _html.pagination("homepage | PAGE 3 of 4") == (3, 4)
    assert _html.pagination("webpage 1 of 2") is None  # not a word of its own
    assert _html.pagination("pAgE 1 of 2") == (1, 2)
    assert _html.pagination("Página 1 de 4 – Seite") == (1, 4)
    assert _html.pagination("Page 3 of 2, Strona 2 z 3") == (2, 3)  # the first that makes sense
    assert _html.pagination('<a data-page="2" data-last="7">') == (2, 7)
    assert not _html.looks_like_html("Ann says:\nHi <b>there</b>")


def test_vbulletin3_postbit_inline() -> None:
    """vBulletin 3 has no fixture page; a minimal postbit checks its row of rules."""
    post = (
        '<table id="post{n}" class="tborder"><tr><td class="thead">{date}</td></tr><tr><td class="alt2">'
        '<a class="bigusername" href="member.php?u=1">{who}</a></td><td class="alt1">'
        '<div id="post_message_{n}">{body}</div></td></tr></table>'
    )
    quote = (
        '<div style="margin:20px"><div class="smallfont">Quote:</div><table><tr><td class="alt2">'
        "<div>Originally Posted by <strong>Ann</strong></div><div>first words of the thread</div>"
        "</td></tr></table></div>Agreed."
    )
    page = (
        '<html><head><meta name="generator" content="vBulletin 3.8.7" /></head><body>'
        + post.format(n=1, date="03-14-2011, 02:17 PM", who="Ann", body="first words of the thread here")
        + post.format(n=2, date="03-14-2011, 03:00 PM", who="Bob", body=quote)
        + "</body></html>"
    )
    assert REGISTRY["vbulletin-html"].sniff(page) >= 0.6
    posts = REGISTRY["vbulletin-html"].parse(page)[0].posts
    assert [(p.author, _iso(p.timestamp)) for p in posts] == [
        ("Ann", "2011-03-14T14:17:00"),
        ("Bob", "2011-03-14T15:00:00"),
    ]
    assert posts[1].quote_sources == ["Ann"] and posts[1].quoted == ["first words of the thread"]
    assert posts[1].body == "Agreed."


# ------------------------------------------------------------------ issue 14 shapes
def test_customised_vbulletin_dates_from_the_post_header() -> None:
    """The date is a bare line in the post's user box: read from the post's own header,
    not a join date, and a day word ("Heute") with no known day is left empty, with a warning."""
    thread = REGISTRY["vbulletin-html"].parse(_text(FIXTURES / "vbulletin-html" / "akku_custom_vb4_de.html"))[
        0
    ]
    assert [_iso(p.timestamp) for p in thread.posts] == ["2011-03-03T14:17:00", "2011-03-03T15:02:00", None]
    assert any("1 post dated relative to the day the page was saved" in w for w in thread.warnings)
    assert thread.origin == "https://www.handyforum.example/akkus/4711-akku-haelt-nur-einen-tag.html"


def test_header_time_needs_a_clock_and_skips_labels() -> None:
    assert _html.header_time(["Registriert seit: 15.12.2010", "Beiträge: 4.038"]) is None
    assert _html.header_time(["Beitrag vom 03.03.2011, 14:17 Uhr"]) == datetime(2011, 3, 3, 14, 17)
    assert _html.header_time(["#5", "3. März 2011, 14:17"]) == datetime(2011, 3, 3, 14, 17)
    assert _html.header_time(["Heute, 09:12"]) is None
    assert _html.header_relative(["Tommy", "Heute, 09:12"]) == "Heute, 09:12"


def test_typepad_entry_author_only_as_a_name_the_page_shows() -> None:
    text = _text(FIXTURES / "typepad-html" / "seed_library_permalink.html")
    assert REGISTRY["typepad-html"].parse(text)[0].posts[0].author == "Dana Whitfield"
    # no name on the page has the class's slug: the slug is not a display name
    other = text.replace(">Dana Whitfield</a>", ">D. W.</a>")
    root = REGISTRY["typepad-html"].parse(other)[0].posts[0]
    assert root.author is None and _iso(root.timestamp) == "2009-03-03T10:41:07"


def test_wordpress_article_time_from_its_own_header_or_meta() -> None:
    text = _text(FIXTURES / "wordpress-html" / "vorratsdaten_teasers_de.html")
    root = REGISTRY["wordpress-html"].parse(text)[0].posts[0]
    assert (root.author, _iso(root.timestamp)) == ("Jana Roth", "2023-05-10T12:04:38")
    # no time in the article's header: the page's article:published_time, still not a teaser's
    own = '<time class="published" datetime="2023-05-10T12:04:38+02:00">10.05.2023 um 12:04 Uhr</time>'
    published = '<meta property="article:published_time" content="2023-05-10T12:04:38+02:00">'
    meta = text.replace(own, "").replace("<head>", f"<head>{published}")
    assert _iso(REGISTRY["wordpress-html"].parse(meta)[0].posts[0].timestamp) == "2023-05-10T12:04:38"


def test_askbot_reads_question_answers_and_comments() -> None:
    thread = REGISTRY["askbot-html"].parse(_text(FIXTURES / "askbot-html" / "grub_dual_boot.html"))[0]
    ids = [p.source_id for p in thread.posts]
    assert len(thread.posts) == 11 and ids[0] == "3310"
    parents = {p.source_id: p.parent_source_id for p in thread.posts}
    assert [ids[k] for k in (4, 7, 9)] == ["3322", "3324", "3330"]  # the answers
    assert all(parents[a] == "3310" for a in ("3311", "3312", "3314", "3322", "3324", "3330"))
    assert parents["3323"] == parents["3325"] == "3322" and parents["3326"] == "3324"
    for post in thread.posts:  # the byline ("asked DATE", user card) is not post text
        assert "asked" not in post.body and "answered" not in post.body and "●" not in post.body


def test_generic_reader_says_how_many_blocks_it_kept() -> None:
    """The generic reader on an Askbot page finds only the answers: it says so."""
    thread = REGISTRY["generic-html"].parse(_text(FIXTURES / "askbot-html" / "grub_dual_boot.html"))[0]
    assert len(thread.posts) == 3
    assert any(w.startswith("read by page structure: 3 of ") for w in thread.warnings)
    for path in (FIXTURES / "generic-html").glob("*.html"):
        warnings = REGISTRY["generic-html"].parse(_text(path))[0].warnings
        assert not any("read by page structure" in w for w in warnings)


def test_pages_and_origin() -> None:
    from threads.formats import _html_pages as pages

    # phpBB 2: "Goto page <b>1</b>, 2, 3 ... 9", the thread from the pager's links
    goto = (
        '<span class="nav">Goto page <b>2</b>, <a href="viewtopic.php?t=12591&amp;start=0&amp;sid=ab">1</a>, '
        '<a href="viewtopic.php?t=12591&amp;start=30&amp;sid=ab">3</a> ... '
        '<a href="viewtopic.php?t=12591&amp;start=120&amp;sid=ab">9</a></span>'
    )
    page = _html.parse_html(goto)
    assert pages.page_of(page, goto) == (2, 9)
    assert pages.origin_of(page, (2, 9), goto) == "viewtopic.php?t=12591"
    # Askbot's paginator (ask.openstack.org)
    askbot = (
        '<div class="paginator" style="float:left" data-num-pages="4"><span class="page" data-page="1">'
        '<a href="?page=1">1</a></span><span class="curr page" \n data-page="2" title="current page">'
        "<a>2</a></span></div>"
    )
    assert pages.pagination(askbot) == (2, 4)
    # rel=prev/next of the same thread: page k of an unknown number; of another entry: no page
    head = (
        '<link rel="canonical" href="https://f.example/threads/tents.88/page-3">'
        '<link rel="prev" href="https://f.example/threads/tents.88/page-2">'
    )
    assert pages.page_of(_html.parse_html(head), head) == (3, None)
    blog = '<link rel="canonical" href="https://b.example/2009/03/a.html"><link rel="next" href="https://b.example/2009/03/b-2.html">'
    assert pages.page_of(_html.parse_html(blog), blog) is None
    assert (
        pages.strip_page("https://f.example/t/42-title-3.html?s=ab&amp;page=3#post9", 3)
        == "https://f.example/t/42-title.html"
    )
    assert pages.strip_page("https://b.example/post/comment-page-2/", 2) == "https://b.example/post"
