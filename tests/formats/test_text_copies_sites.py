"""Browser text copies of the big sites' pages (Hacker News, old Reddit, Discourse, Stack
Exchange): the sites' own header shapes, and the HTML fixtures rendered as a browser
copies them.

Fixtures: tests/fixtures/<dialect>/ (goldens in tests/golden/; detection and not taking
other dumps: test_dialects.py; no UI in the posts and line spans: test_text_copies.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.textcopy import render_file
from threads.formats import REGISTRY, detect
from threads.formats import hackernews_text as hn

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"


# ---------------------------------------------------------------- hackernews-text
def test_hn_header_shapes() -> None:
    text = (
        "Show HN: A tiny tide clock (tides.example.com)\n"
        "9 points by tide_tom 2 hours ago | hide | past | favorite | 3 comments\n"
        "ann 1 hour ago | next [–]\nNeat.\nreply\n"
        "bob-2 on Jan 5, 2023 | parent | next [–]\nOld one.\nreply\n"
        "1 point by me_too 5 minutes ago | edit | delete | prev [–]\nMine.\nreply\n"
    )
    thread = hn.parse(text)[0]
    assert thread.title == "Show HN: A tiny tide clock"
    assert [p.author for p in thread.posts] == ["tide_tom", "ann", "bob-2", "me_too"]
    assert thread.posts[2].timestamp is not None and thread.posts[2].timestamp.year == 2023
    assert thread.posts[1].timestamp is None
    assert any("relative" in w for w in thread.warnings)
    assert thread.posts[0].body == thread.title  # a link story has no text


def test_hn_parents_from_the_header_links() -> None:
    # Top level (no "parent"), first level ("parent"), deeper ("root"): only what the
    # links prove; a "root" reply after another "root" reply is left to the reply stage.
    text = (
        "a 3 hours ago | next [–]\nA.\nreply\n"
        "b 3 hours ago | parent | next [–]\nB.\nreply\n"
        "c 2 hours ago | root | parent | next [–]\nC.\nreply\n"
        "d 2 hours ago | root | parent | prev [–]\nD.\nreply\n"
        "e 1 hour ago | prev [–]\nE.\nreply\n"
    )
    posts = hn.parse(text)[0].posts
    assert posts[0].placeholder and posts[0].author is None  # the copy starts at the comments
    assert [p.parent_source_id for p in posts[1:]] == ["c0", "c1", "c2", None, "c0"]


def test_hn_old_pages_give_no_parents() -> None:
    text = "a 2 days ago | link\nA.\nreply\nb 1 day ago | link\nB.\nreply\n"
    posts = hn.parse(text)[0].posts
    assert [p.parent_source_id for p in posts[1:]] == [None, None]


def test_hn_deleted_comment_is_a_placeholder() -> None:
    text = "a 3 hours ago | next [–]\nA.\nreply\n2 hours ago | parent | next [–]\n[deleted]\n"
    text += "b 1 hour ago | prev [–]\nB.\n"
    posts = hn.parse(text)[0].posts
    assert [(p.author, p.placeholder) for p in posts[1:]] == [("a", False), (None, True), ("b", False)]


def test_hn_prose_with_a_time_is_no_header() -> None:
    assert hn.sniff("We met 3 hours ago | and talked.\nSee you 2 days ago\n") == 0.0
    assert hn.sniff("Ann 3 hours ago\nHi\nBob 2 hours ago\nYo\n") == 0.0  # no links after the time


def test_hn_copy_keeps_quotes_for_the_splitter(tmp_path: Path) -> None:
    import threads

    path = tmp_path / "copy.txt"
    path.write_text(
        "a 3 hours ago | next [–]\nThe new release broke every plugin I use at work.\nreply\n"
        "b 2 hours ago | parent | next [–]\n> broke every plugin I use at work\nWhich plugins?\nreply\n",
        encoding="utf-8",
    )
    posts = threads.read(path).posts
    assert posts["quoted"][2].to_list() == ["broke every plugin I use at work"]
    assert posts["text"][2] == "Which plugins?"


@pytest.mark.parametrize("name", ["ask_hn_backups.html", "freelancer_2013_tables.html"])
def test_hn_render_of_the_html_fixtures(name: str) -> None:
    from threads.read import read_source

    path = FIXTURES / "hackernews-html" / name
    text = render_file(path)
    assert detect(text).name == hn.NAME
    got = hn.parse(text)[0]
    want = REGISTRY["hackernews-html"].parse(read_source(path).text)[0]
    assert [p.author for p in got.posts] == [p.author for p in want.posts]
    # The copy prints the day ("on Jan 5, 2023"); the HTML holds the minute in a tooltip.
    assert [p.timestamp and p.timestamp.date() for p in got.posts] == [
        p.timestamp and p.timestamp.date() for p in want.posts
    ]
    assert got.title == want.title


# ---------------------------------------------------------------- reddit-text
def test_reddit_tagline_shapes() -> None:
    text = (
        "[–]ann_a[S] 3 points 2 hours ago\nOne.\npermalinkembedsavereportreply\n"
        "[–]bob_b Flair Text 1 point 1 hour ago*\nTwo.\npermalink embed save parent report give award reply\n"
        "[+]cy_c [score hidden] 5 minutes ago (2 children)\n"
        "[–][deleted] 4 points 1 hour ago\n[deleted]\npermalink embed save report reply\n"
    )
    from threads.formats import reddit_text as rd

    assert rd.sniff(text) >= 0.6
    posts = rd.parse(text)[0].posts
    assert [(p.author, p.placeholder) for p in posts[1:]] == [
        ("ann_a", False),
        ("bob_b", False),
        ("cy_c", False),
        (None, True),
    ]
    assert [p.body for p in posts[1:3]] == ["One.", "Two."]
    # "parent" on bob_b's buttons, right after a top-level comment; cy_c is collapsed
    # (no buttons: nothing known).
    assert [p.parent_source_id for p in posts[1:]] == ["c0", "c1", None, "c0"]


def test_reddit_prose_with_points_is_no_tagline() -> None:
    from threads.formats import reddit_text as rd

    assert rd.sniff("The team scored 3 points 2 hours ago in the final.\n") == 0.0
    assert rd.sniff("The team scored 3 points 2 hours ago\n") == 0.0


def test_reddit_render_of_the_html_fixture() -> None:
    from threads.formats import reddit_text as rd
    from threads.read import read_source

    path = FIXTURES / "reddit-html" / "basil_old_reddit.html"
    text = render_file(path)
    assert detect(text).name == rd.NAME
    got = rd.parse(text)[0]
    want = REGISTRY["reddit-html"].parse(read_source(path).text)[0]
    assert [p.author for p in got.posts] == [p.author for p in want.posts]
    assert got.title == want.title
    assert "load more comments" not in got.posts[-1].body and "about" not in got.posts[-1].body.split("\n")


# ---------------------------------------------------------------- discourse-text
def test_discourse_name_shapes() -> None:
    from threads.formats import discourse_text as dc

    text = (
        "Topic title\nCategory\n"
        "ann_a\nAnn Able\nMay 30, 2019\nHi.\nReply\n"
        "Bob Baker\nbob_b\n3h\nYo.\nReply\n"
        "cy_c (Cy Cole)\nMay 31, 2019, 1:06pm\n#3\nann_a:\n\nHi.\n\nHey.\nReply\n"
    )
    thread = dc.parse(text)[0]
    assert thread.title == "Topic title"
    assert [p.author for p in thread.posts] == ["ann_a", "bob_b", "cy_c"]
    assert [p.timestamp and p.timestamp.isoformat() for p in thread.posts] == [
        "2019-05-30T00:00:00",
        None,
        "2019-05-31T13:06:00",
    ]
    assert thread.posts[2].quoted == ["Hi."] and thread.posts[2].quote_sources == ["ann_a"]
    assert thread.posts[2].body == "Hey."


def test_discourse_name_over_a_date_alone_is_not_enough() -> None:
    from threads.formats import discourse_text as dc

    # Any page can print a name over a date: without Discourse's own dates or lines the
    # score stays under detect's threshold.
    assert dc.sniff("Ann\nMay 30, 2019\nHi.\nBob\nMay 31, 2019\nYo.\n") < 0.3


def test_discourse_render_of_the_html_fixture() -> None:
    from threads.formats import discourse_text as dc
    from threads.read import read_source

    path = FIXTURES / "discourse-html" / "bike_light_topic.html"
    text = render_file(path)
    assert detect(text).name == dc.NAME
    got = dc.parse(text)[0]
    want = REGISTRY["discourse-html"].parse(read_source(path).text)[0]
    assert [p.author for p in got.posts] == [p.author for p in want.posts]
    assert got.title == want.title
    assert [p.quote_sources for p in got.posts] == [["mira_rides"] if p.quoted else [] for p in want.posts]
    assert "Powered by" not in got.posts[-1].body


# ---------------------------------------------------------------- stackexchange-text
def test_stackexchange_render_of_the_html_fixture() -> None:
    from threads.formats import stackexchange_text as se
    from threads.read import read_source

    path = FIXTURES / "stackexchange-html" / "undo_commit_so.html"
    text = render_file(path)
    assert detect(text).name == se.NAME
    got = se.parse(text)[0]
    want = REGISTRY["stackexchange-html"].parse(read_source(path).text)[0]
    assert [p.author for p in got.posts] == [p.author for p in want.posts]  # "miramira" undoubled
    # The copy prints the minute; the HTML's tooltip has the seconds.
    assert [p.timestamp and p.timestamp.strftime("%Y-%m-%d %H:%M") for p in got.posts] == [
        p.timestamp and p.timestamp.strftime("%Y-%m-%d %H:%M") for p in want.posts
    ]
    by_id = {p.source_id: p.author for p in got.posts}
    assert [by_id.get(p.parent_source_id) for p in got.posts] == [None, "mira", "mira", "Cy Nakamura", "mira"]
    assert got.title == want.title


def test_stackexchange_editor_is_not_the_author() -> None:
    from threads.formats import stackexchange_text as se

    text = (
        "Q title\nWords of the question.\nShare\nImprove this question\nFollow\n"
        "edited Jan 10, 2014 at 9:00\nEd Itor\nasked Sep 24, 2012 at 16:53\nann\n12\n"
        "Add a comment\n1 Answer\n5\nThe answer.\nShare\nanswered Sep 24, 2012 at 17:20 bob\n"
    )
    posts = se.parse(text)[0].posts
    assert [(p.author, p.body) for p in posts] == [("ann", "Words of the question."), ("bob", "The answer.")]


def test_stackexchange_prose_asked_is_no_signature() -> None:
    from threads.formats import stackexchange_text as se

    assert se.sniff("She asked me yesterday about it.\nI answered today at noon.\n") == 0.0
