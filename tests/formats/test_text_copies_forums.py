"""Forum pages copied as text (Select All + Copy): phpbb-text, vbulletin-text, smf-text,
mybb-text, invision-text.

Fixtures: tests/fixtures/<dialect>/ written as a browser copy gives them, chrome before
the first and after the last post included (goldens in tests/golden/, checked with
detection by test_dialects.py; chrome, quote and span checks of all copy dialects in
test_text_copies.py); here what forum copies add, each engine's shapes, and the hand-made HTML fixtures of
each engine rendered as a browser copies them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.textcopy import render_file
from threads.formats import REGISTRY, _copy, detect
from threads.formats import _forum_text as ft
from threads.formats._text import numbered

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
ROOT = HERE.parent.parent
FORUM_DIALECTS = tuple(
    d for d in ("phpbb-text", "vbulletin-text", "smf-text", "mybb-text", "invision-text") if d in REGISTRY
)
FILES = [p for d in FORUM_DIALECTS for p in sorted((FIXTURES / d).glob("*.txt"))]
IDS = [f"{p.parent.name}/{p.stem}" for p in FILES]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_forum_post_has_its_author_in_its_lines_and_a_pager_gives_the_page(path: Path) -> None:
    """Forum copies show every poster by name, the first post's too (the chrome, quote and
    span checks of all copy dialects are in test_text_copies.py)."""
    text = _read(path)
    lines = text.split("\n")
    thread = REGISTRY[path.parent.name].parse(text)[0]
    for post in thread.posts:
        assert post.author, post.body[:40]
        assert post.author in "\n".join(lines[post.line_start - 1 : post.line_end])
    if any(ft.PAGER.match(line) for line in lines):
        assert thread.page is not None


# ---------------------------------------------------------------- shared helpers
def test_forum_dates() -> None:
    assert ft.forum_date("Mo 24. Sep 2012, 16:53")[1] is not None
    assert ft.forum_date("03.03.2011, 14:17")[1].day == 3  # type: ignore[union-attr]
    assert ft.forum_date("Heute, 09:12") == (True, None)
    assert ft.forum_date("Feb 2009") == (False, None)  # a join date
    assert ft.forum_date("15.12.2010", need_clock=True) == (False, None)


def test_page_of_pagers() -> None:
    assert ft.page_of(numbered("4 posts • Page 1 of 1")) == (1, 1)
    assert ft.page_of(numbered("Seite 34 von 40 Erste ... 333435 ... Letzte")) == (34, 40)
    assert ft.page_of(numbered("Pages: 1 [2] 3 Go Down")) == (2, 3)
    assert ft.page_of(numbered("Goto page 1, 2, 3 ... 9 Next")) == (1, 9)
    assert ft.page_of(numbered("Goto page Previous 1, 2, 3 ... 9 Next")) is None
    # The pager's links run into the count in some copies: the smallest count wins.
    assert ft.page_of(numbered("Page 1 of 212\ntext\nPage 1 of 2")) == (1, 2)


def test_quote_box_ends_where_the_source_post_ends() -> None:
    lines = numbered("Bob wrote:\nFirst line of Bob.\nSecond line.\nMy answer.\n")
    kept, quotes = ft.take_quotes(
        lines,
        ft.QuoteRules(start=__import__("re").compile(r"^(?P<name>\S+) wrote:(?P<rest>.*)$")),
        ft.earlier_lines([("Bob", numbered("First line of Bob.\n\nSecond line."))]),
    )
    assert quotes == [("Bob", "First line of Bob.\nSecond line.")]
    assert [x.text for x in kept] == ["My answer.", ""]


def test_forum_footers_are_chrome() -> None:
    for line in (
        "« Vorheriges Thema | Nächstes Thema »",
        "Alle Zeitangaben in WEZ +1. Es ist jetzt 09:40 Uhr.",
    ):
        assert _copy.is_chrome(line), line
    # Prose that shares a word with a footer is not.
    assert not _copy.is_chrome("Prices will go up again next year, so buy your seeds now.")


# ---------------------------------------------------------------- phpbb-text
def test_phpbb2_member_block_over_the_header() -> None:
    from threads.formats import phpbb_text as phpbb

    text = (
        "Author\tMessage\nAnn\nSite Admin\n\nJoined: 27 Apr 2005\nPosts: 16\n\n"
        "Posted: Mon Sep 24, 2012 4:53 pm    Post subject: Hi\nHello all.\nCheers\n"
        "Bob\nModerator\n\nJoined: 01 May 2006\n"
        "Posted: Mon Sep 24, 2012 5:00 pm    Post subject:\nAnn wrote:\nHello all.\n\nHi Ann.\nBack to top\n"
    )
    posts = phpbb.parse(text)[0].posts
    # "Cheers" ends Ann's post (no "Back to top" under it): the name is above the rank.
    assert [p.author for p in posts] == ["Ann", "Bob"]
    assert posts[0].body == "Hello all.\nCheers"
    assert posts[1].quote_sources == ["Ann"] and posts[1].body == "Hi Ann."
    assert posts[1].timestamp is not None and posts[1].timestamp.hour == 17


def test_phpbb3_byline_and_profile_under_the_post() -> None:
    from threads.formats import phpbb_text as phpbb

    text = (
        "Topic\n\nRe: Topic\n\nby Ann » Mon Sep 24, 2012 4:53 pm\n\nHello.\nAnn\nPosts: 3\nTop\n\n"
        "Re: Topic\n\nBeitrag von Bob » Mo 24. Sep 2012, 17:10\n\nAnn wrote:Hello.\n\nHi.\n"
        "Bob\nModerator\nPosts: 9\nTop\n"
    )
    posts = phpbb.parse(text)[0].posts
    assert [(p.author, p.body) for p in posts] == [("Ann", "Hello."), ("Bob", "Hi.")]
    assert posts[1].quoted == ["Hello."]
    assert posts[1].timestamp is not None and posts[1].timestamp.minute == 10


# ---------------------------------------------------------------- vbulletin-text
def test_vbulletin_layout_is_read_from_the_page() -> None:
    from threads.formats import vbulletin_text as vb

    below = "03-14-2011, 02:17 PM #1\nAnn\nMember\nJoin Date: Feb 2009\n\nHi.\nReply With Quote\n"
    below += "03-14-2011, 03:40 PM #2\nBob\nMember\n\nYo.\nReply With Quote\n"
    above = "Ann\nMember\n03.03.2011, 14:17\n#1\n\nHi.\n\n0\nBob\nMember\n03.03.2011, 14:27\n#2\n\nYo.\n\n0\n"
    for text in (below, above):
        posts = vb.parse(text)[0].posts
        assert [(p.author, p.body) for p in posts] == [("Ann", "Hi."), ("Bob", "Yo.")], text


def test_vbulletin_post_opening_with_a_key_word_keeps_it() -> None:
    from threads.formats import vbulletin_text as vb

    text = "Ann\nMember\n03.03.2011, 14:17\n#1\n\nDanke\nfür die Hilfe.\n\n0\n"
    text += "Bob\nMember\n03.03.2011, 14:27\n#2\n\nGern.\n"
    posts = vb.parse(text)[0].posts
    assert posts[0].body == "Danke\nfür die Hilfe."


def test_xenforo_copy_is_not_vbulletin() -> None:
    xf = FIXTURES / "xenforo-text"
    for path in sorted(xf.glob("*.txt")):
        assert detect(_read(path)).name == "xenforo-text"


# ---------------------------------------------------------------- rendered HTML fixtures
RENDERED: dict[str, tuple[str, list[str]]] = {
    "phpbb-html/stuck_fermentation_phpbb3.html": (
        "phpbb-text",
        ["hopfenkopf", "MashTunMike", "yeastie_girl", "hopfenkopf"],
    ),
    "phpbb-html/weichenantrieb_phpbb2_de.html": (
        "phpbb-text",
        ["Lokführer_Karl", "Gleisbauer", "Lokführer_Karl"],
    ),
    "vbulletin-html/budget_tent_vb4.html": ("vbulletin-text", ["lena_hikes", "GearGuy", "tarp_tom"]),
    "vbulletin-html/akku_custom_vb4_de.html": ("vbulletin-text", ["akkuwolf", "lina_b", "Tommy"]),
    "vbulletin-html/ham_antenna_vb5.html": ("vbulletin-text", ["DL4KW", "W1RAD"]),
    "smf-html/composting_winter_latin1.html": ("smf-text", ["Renée", "old_Jörg", "Bea"]),
    "mybb-html/pi_wont_boot.html": ("mybb-text", ["solder_sam", "Ada K."]),
    "invision-html/engine_knock_ips4.html": ("invision-text", ["turbo_hugo", "Greta Lindqvist"]),
}


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_rendered_html_fixture_reads_as_its_engine(name: str) -> None:
    dialect, authors = RENDERED[name]
    if dialect not in REGISTRY:
        pytest.skip(f"{dialect} not written yet")
    text = render_file(FIXTURES / name)
    assert detect(text).name == dialect
    thread = REGISTRY[dialect].parse(text)[0]
    assert [p.author for p in thread.posts] == authors
    assert all(p.timestamp or p is not thread.posts[0] for p in thread.posts)


def test_phpbb32_numbered_byline_and_contact_lines() -> None:
    # A real phpBB 3.2 page copied by Chromium (dostips.com): "#2 Post by NAME » DATE",
    # and a profile block of seven lines (rank, keys, "Contact NAME", "Website") above
    # the subject; read as one article before, then with the block in post 0's words.
    from threads.formats import phpbb_text as phpbb

    text = (
        "ann\nPosts: 3\nJoined: 12 Feb 2019 09:05\nHello\nQuote\n\n#1 Post by ann » 04 Mar 2020 19:22\n\n"
        "First words.\n\nTop\nBob Reed\nExpert\nPosts: 2210\nJoined: 03 Jun 2012 14:40\nLocation: Utrecht\n"
        "Contact:\nContact Bob Reed\nWebsite\nRe: Hello\nQuote\n\n#2 Post by Bob Reed » 04 Mar 2020 21:07\n\n"
        "Second words.\n\nTop\n"
    )
    posts = phpbb.parse(text)[0].posts
    assert [(p.author, p.timestamp and p.timestamp.hour, p.body) for p in posts] == [
        ("ann", 19, "First words."),
        ("Bob Reed", 21, "Second words."),
    ]
