"""Tests for threads.formats.wordpress_text: fixtures against goldens, sniffing, edges."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads.dates import parse_date
from threads.formats import wordpress_text as wp
from threads.model import ThreadsError
from threads.read import read_source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
FILES = sorted((FIXTURES / wp.NAME).glob("*.txt"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OTHERS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.parent.name != wp.NAME)
IDS = [p.stem for p in FILES]

# What must never reach a comment body, written out here rather than taken from the
# module so that a wrong table in the module makes these tests fail.
UI_TEXT = {
    "Reply",
    "Antworten",
    "Répondre",
    "Responder",
    "Rispondi",
    "Log in to Reply",
    "Reply ↓",
    "Leave a Reply Cancel reply",
    "Schreibe einen Kommentar Antworten abbrechen",
    "Laisser un commentaire Annuler la réponse",
    "Post Comment",
    "Kommentar abschicken",
}
FORM_SNIPPETS = ("email address will not be published", "E-Mail-Adresse wird nicht", "ne sera pas publiée")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_bodies_hold_no_headers_or_ui(path: Path) -> None:
    posts = wp.parse(_read(path))[0].posts
    for post in posts[1:]:
        for line in post.body.split("\n"):
            assert line.strip() not in UI_TEXT, (post.author, line)
            assert parse_date(line) is None or not line.strip(), (post.author, line)
        assert not any(s in post.body for s in FORM_SNIPPETS)
        assert post.body.strip()
    for post in posts:
        assert "thoughts on" not in post.body and "Gedanken zu" not in post.body


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_line_spans_point_at_the_posts(path: Path) -> None:
    lines = _read(path).split("\n")
    posts = wp.parse(_read(path))[0].posts
    root = posts[0]
    assert lines[root.line_start - 1].strip() == root.body.split("\n")[0].strip()
    assert lines[root.line_end - 1].rstrip() == root.body.split("\n")[-1]
    for post in posts[1:]:
        header = lines[post.line_start - 1]
        assert post.line_start < post.line_end
        if f" by {post.author} — " in lines[post.line_end - 1]:
            # Classic: the words, then the byline under them, which ends the span
            assert header.strip() == post.body.split("\n")[0]
            continue
        assert header.strip().startswith(f"{post.author} ")
        assert header.rstrip().endswith(":")
        assert lines[post.line_end - 1].rstrip() == post.body.split("\n")[-1]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sniff_own_fixtures_high(path: Path) -> None:
    assert wp.sniff(_read(path)) >= 0.6


@pytest.mark.parametrize("path", SEEDS + OTHERS, ids=lambda p: p.stem)
def test_sniff_seeds_and_other_dialects_low(path: Path) -> None:
    assert wp.sniff(read_source(path).text) <= 0.2  # decoded as the pipeline does


def test_german_copy_details() -> None:
    thread = wp.parse(_read(FIXTURES / wp.NAME / "mietpreisbremse_de.txt"))[0]
    assert thread.skipped == {"pingback": 1}
    assert not any("Pingback" in p.body for p in thread.posts)
    # "Mein Vermieter sagt:" is prose: no date line follows, so it stays in the body.
    assert "Mein Vermieter sagt:\n„Wem es nicht passt" in thread.posts[2].body
    assert "Veröffentlicht am" not in thread.posts[0].body
    assert thread.posts[0].body.startswith("Mietpreisbremse: Was sich ab Juli ändert\n\nAb dem 1. Juli")


def test_english_copy_keeps_reply_markers_and_indentation() -> None:
    posts = wp.parse(_read(FIXTURES / wp.NAME / "elm_street_bike_lane_en.txt"))[0].posts
    assert posts[2].body.startswith("    In reply to Marta Ruiz.\n\n    That is exactly")
    assert posts[3].body.startswith("        Happy to")
    assert 'My neighbour says:\n"they were there' in posts[4].body
    assert posts[0].author == "Harriet Cole"
    assert "Posted on" not in posts[0].body
    assert not any("Akismet" in p.body or "Save my name" in p.body for p in posts)


DATED = "Ann Lee says:\nMarch 3, 2011 at 2:17 pm\n\nFirst.\n\nReply\n"


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        (DATED, [None, "Ann Lee"]),
        ("Sky News correspondent Mark Stone said:\nMarch 3, 2011\nText", [None]),
        ("One two three four five six seven says:\nMarch 3, 2011 at 2:17 pm\nx", [None]),
        ("Ann says:\n5\nx", [None]),  # parse_date takes "5"; a comment date has a year
        ("Ann says:\n\n\n\nMarch 3, 2011 at 2:17 pm\nx", [None]),  # date too far away
        ("Ann says:\n\nMarch 3, 2011 at 2:17 pm\nx", [None, "Ann"]),
        ("Ann on March 3, 2011 at 2:17 pm said:\nx", [None, "Ann"]),  # Twenty Eleven
        ("Jean dit :\n3 mars 2011 à 14 h 17 min\nx", [None, "Jean"]),
        ("Ana dice:\n3 de marzo de 2011 a las 14:17\nx", [None, "Ana"]),
        ("Ann says:\nMarch 3, 2011 at 2:17 pm | Permalink\nx", [None, "Ann"]),
    ],
)
def test_header_rules(text: str, authors: list[str | None]) -> None:
    assert [p.author for p in wp.parse(text)[0].posts] == authors


@pytest.mark.parametrize(
    "ui", ["Reply", "Log in to Reply", "Reply ↓", "Antworten", "Rispondi", "Liked by 3 people"]
)
def test_ui_lines_are_dropped(ui: str) -> None:
    post = wp.parse(f"Ann says:\nMarch 3, 2011 at 2:17 pm\nKept text.\n{ui}\n")[0].posts[1]
    assert post.body == "Kept text."


def test_comments_without_article_get_a_placeholder_root() -> None:
    thread = wp.parse("12 thoughts on “Bike lanes”\n\n" + DATED)[0]
    assert thread.posts[0].placeholder and thread.posts[0].body == ""
    assert thread.title == "Bike lanes"
    assert thread.posts[1].body == "First."


@pytest.mark.parametrize(
    ("second_line", "author"),
    [
        ("Posted on March 2, 2011 by admin", "admin"),
        ("By Harriet Cole", "Harriet Cole"),
        ("by the time we arrived the lane was gone", None),
        ("Veröffentlicht am 22. Juni 2016 von Jonas", "Jonas"),
    ],
)
def test_bylines(second_line: str, author: str | None) -> None:
    root = wp.parse(f"Title\n{second_line}\n\nText.\n\n{DATED}")[0].posts[0]
    assert root.author == author
    assert (second_line in root.body) == (author is None)


def test_lone_leave_a_comment_link_is_not_the_form() -> None:
    text = "Title\nLeave a comment\n\nThe article text.\n\n" + DATED
    assert "The article text." in wp.parse(text)[0].posts[0].body


@pytest.mark.parametrize("text", ["", "   \n\n", "\n"])
def test_blank_text_gives_no_threads(text: str) -> None:
    assert wp.parse(text) == []
    assert wp.sniff(text) == 0.0


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_truncated_input_never_raises(path: Path) -> None:
    text = _read(path)
    for cut in range(0, len(text), 37):
        threads = wp.parse(text[:cut])
        assert all(t.posts for t in threads)
        assert 0.0 <= wp.sniff(text[:cut]) <= 1.0


# ---------------------------------------------------------------- properties
FRAGMENTS = [
    "Ann says:",
    "March 3, 2011 at 2:17 pm",
    "Reply",
    "Leave a Reply",
    "12 thoughts on “x”",
    "Name *",
    "Pingback: x",
    "By Ann",
    "sagt:",
    " says:",
    "5",
    "",
    "    ",
    "Comment",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))).map("\n".join))
)
def test_arbitrary_text_never_raises(text: str) -> None:
    try:
        threads = wp.parse(text)
        score = wp.sniff(text)
    except ThreadsError:
        return
    assert 0.0 <= score <= 1.0
    assert all(t.posts for t in threads)


NAMES = st.sampled_from(
    ["Ann Lee", "Bob", "Jürgen Müller", "O'Brien", "Dave P.", "Zoë Ørsted", "Li Wei", "Mary-Jo"]
)
WORDS = st.sampled_from(["the", "lane", "council", "bakery", "numbers", "agree", "why", "not", "42", "okay."])
LINE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
STAMPS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@settings(max_examples=100, deadline=None)
@given(
    article=st.lists(LINE, max_size=4),
    comments=st.lists(
        st.tuples(NAMES, STAMPS, st.lists(LINE, min_size=1, max_size=3), st.booleans()), max_size=6
    ),
)
def test_generated_dumps_round_trip(
    article: list[str], comments: list[tuple[str, datetime, list[str], bool]]
) -> None:
    parts = ["A headline", *article, ""]
    for name, stamp, body, reply in comments:
        date = f"{stamp:%B} {stamp.day}, {stamp.year} at {stamp:%I:%M %p}".replace(" 0", " ")
        parts += [f"{name} says:", date, "", *body, *(["Reply"] if reply else []), ""]
    threads = wp.parse("\n".join(parts))
    posts = threads[0].posts
    assert len(posts) == 1 + len(comments)
    assert [p.author for p in posts[1:]] == [c[0] for c in comments]
    assert [p.timestamp for p in posts[1:]] == [c[1] for c in comments]
    assert [p.body for p in posts[1:]] == ["\n".join(c[2]) for c in comments]


def test_classic_byline_under_the_words() -> None:
    # WordPress 1.5's Classic theme copied by Chromium (real internet-law.de page: read
    # as blogger-text, 2 posts for 36): the words, then "Comment by NAME — DATE @ TIME".
    text = (
        "Blog\n\nTitle\n\nThe entry.\n\nposted by Ann at 09:15\n2 Comments »\n\n"
        "First words.\n\nSecond paragraph.\n\nComment by Bob Reed — 03.04, 2012 @ 10:02\n\n"
        "[...] a link to the entry [...]\n\nPingback by Other Blog — 03.04, 2012 @ 10:30\n\n"
        "Thanks.\n\nComment by Cy — 03.04, 2012 @ 11:31\n\nRSS feed for comments on this post.\n\n"
        "Leave a comment\n\n Name\n"
    )
    assert wp.sniff(text) >= 0.6
    thread = wp.parse(text)[0]
    assert [(p.author, p.timestamp and p.timestamp.minute, p.body) for p in thread.posts[1:]] == [
        ("Bob Reed", 2, "First words.\n\nSecond paragraph."),
        ("Cy", 31, "Thanks."),
    ]
    assert thread.posts[0].author == "Ann"
    assert "posted by" not in thread.posts[0].body and "Comments" not in thread.posts[0].body
    assert thread.skipped == {"pingback": 1}
    # a dash and a day without the theme's time is prose, not a byline
    assert not wp.parse("Text.\n\nA note by Dee — 03.04, 2012\n")[0].posts[1:]


def test_sidebar_before_the_article_and_author_box_under_it() -> None:
    # Twenty Fifteen copied by Chromium (real lemire.me page): the sidebar comes first,
    # and post 0 was the sidebar, the article and the author box, with no author.
    text = (
        "Blog name\n\nA tagline of the blog that is long enough to be read as prose here.\n\n"
        "Recent Posts\nOther post\nMy title\nRecent Comments\nMy title\n\nThe words.\n\n"
        "Published by\nAnn Reed\n\nA bio. View all posts by Ann Reed\n\n"
        "1 thought on “My title”\n Bob says:\nMay 3, 2021 at 8:14 am\n\nHi.\n\nReply\n"
    )
    thread = wp.parse(text)[0]
    root = thread.posts[0]
    assert (root.author, root.body, root.title) == ("Ann Reed", "My title\n\nThe words.", "My title")
    assert thread.skipped == {"page chrome": 1}
    # a list under the article naming it again does not move the article's start
    text = text.replace("Ann Reed\n\nA bio.", "Ann Reed\n\nRecent Posts\nMy title\nOther post\n\nA bio.")
    assert wp.parse(text)[0].posts[0].body.startswith("My title\n\nThe words.")
