"""Tests for threads.formats.movabletype: fixtures against goldens, sniffing, edges."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads.formats import movabletype as mt
from threads.formats._dump import html_post_text
from threads.model import ThreadsError
from threads.read import read_source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
FILES = sorted((FIXTURES / mt.NAME).glob("*.txt"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OTHERS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.parent.name != mt.NAME)
IDS = [p.stem for p in FILES]
SOURDOUGH = FIXTURES / mt.NAME / "sourdough_blog_export.txt"
HEADER_KEYS = ("AUTHOR:", "EMAIL:", "IP:", "URL:", "DATE:", "TITLE:", "BLOG NAME:", "BASENAME:", "STATUS:")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_two_entries_six_comments_one_ping() -> None:
    threads = mt.parse(_read(SOURDOUGH))
    assert [t.key for t in threads] == ["why_my_sourdough_stopped_rising", "follow_up_the_133_feeding_worked"]
    assert sum(len(t.posts) - 1 for t in threads) == 6
    assert [t.skipped for t in threads] == [{"ping": 1}, {}]
    assert not any("Crumb and Crust" in p.body or "round-up" in p.body for t in threads for p in t.posts)


def test_root_is_body_plus_extended_body_only() -> None:
    root = mt.parse(_read(SOURDOUGH))[0].posts[0]
    assert root.body.startswith("For three weeks my starter has doubled")
    assert "The only thing that changed is the kitchen." in root.body
    assert root.body.endswith("Next weekend I will try a warmer, stiffer levain. Suggestions welcome.")
    assert "\n\nI tried a longer bulk ferment" in root.body
    assert "went flat when the kitchen got colder" not in root.body  # EXCERPT
    assert "sourdough, starter" not in root.body  # KEYWORDS


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_bodies_hold_no_headers(path: Path) -> None:
    for thread in mt.parse(_read(path)):
        for post in thread.posts:
            assert post.body.strip()
            for line in post.body.split("\n"):
                assert not line.startswith(HEADER_KEYS), line
                assert line.strip() not in {"-----", "--------", "BODY:", "COMMENT:", "EXTENDED BODY:"}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_line_spans_point_at_the_posts(path: Path) -> None:
    lines = _read(path).split("\n")
    for thread in mt.parse(_read(path)):
        root, comments = thread.posts[0], thread.posts[1:]
        assert lines[root.line_start - 1] == f"AUTHOR: {root.author}"
        assert _as_text(lines[root.line_end - 1]) == root.body.split("\n")[-1]
        for post in comments:
            assert lines[post.line_start - 1] == "COMMENT:"
            assert lines[post.line_start] == f"AUTHOR: {post.author}"
            assert _as_text(lines[post.line_end - 1]) == post.body.split("\n")[-1]


def _as_text(line: str) -> str:
    """A line of the dump as the post's text shows it (HTML tags stripped)."""
    return html_post_text(line)[0]


def test_html_bodies_become_text() -> None:
    """Entry and comment bodies are HTML (koozie's Typepad export: ``<p>...</p>``): the
    tags go, ``<blockquote>`` becomes a quote, and text with inline tags only keeps its
    line breaks (MT's "convert breaks")."""
    text = (
        "AUTHOR: Ann\nTITLE: Hi\nDATE: 01/02/2009 03:04:05 PM\n-----\nBODY:\n"
        "<p>First <a href='https://x.example'>paragraph</a>.</p>\n\n<p>Second &amp; last.</p>\n-----\n"
        "COMMENT:\nAUTHOR: Bob\nDATE: 01/02/2009 04:00:00 PM\n"
        "<blockquote>Second &amp; last.</blockquote>\n<p>Not quite <em>last</em>.</p>\n-----\n"
        "COMMENT:\nAUTHOR: Cy\nDATE: 01/02/2009 05:00:00 PM\nA <b>bold</b> line\nand another\n-----\n"
        "--------\n"
    )
    root, bob, cy = mt.parse(text)[0].posts
    assert root.body == "First paragraph.\nSecond & last."
    assert (bob.body, bob.quoted) == ("Not quite last.", ["Second & last."])
    assert cy.body == "A bold line\nand another"
    assert not any("<" in p.body for p in (root, bob, cy))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sniff_own_fixtures_high(path: Path) -> None:
    assert mt.sniff(_read(path)) >= 0.6


@pytest.mark.parametrize("path", SEEDS + OTHERS, ids=lambda p: p.stem)
def test_sniff_seeds_and_other_dialects_low(path: Path) -> None:
    assert mt.sniff(read_source(path).text) <= 0.2  # decoded as the pipeline does


def test_sniff_needs_more_than_keys() -> None:
    assert mt.sniff("AUTHOR: Ann\nTITLE: A letter\n\nDear Sir,\n") < 0.3


def test_truncated_final_entry_keeps_what_it_has() -> None:
    text = _read(SOURDOUGH)
    cut = text.index("Great news!") + len("Great news!")
    threads = mt.parse(text[:cut])
    assert len(threads) == 2
    assert not threads[0].warnings and len(threads[0].posts) == 5
    assert threads[1].warnings and "truncated" in threads[1].warnings[0]
    assert [p.author for p in threads[1].posts] == ["Nadia Petrova", "Ines"]
    assert threads[1].posts[1].body == "Great news!"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_truncated_input_never_raises(path: Path) -> None:
    text = _read(path)
    for cut in range(0, len(text), 23):
        threads = mt.parse(text[:cut])
        assert all(t.posts for t in threads)
        assert 0.0 <= mt.sniff(text[:cut]) <= 1.0


def test_entry_without_basename_is_keyed_by_index() -> None:
    entry = "AUTHOR: {}\n-----\nBODY:\nHi\n-----\n--------\n"
    text = entry.format("Ann") + entry.format("Bob")
    assert [t.key for t in mt.parse(text)] == ["0", "1"]


def test_dashes_inside_a_text_stay_text() -> None:
    text = "AUTHOR: Ann\n-----\nBODY:\nAbove\n-----\nBelow\n-----\n--------\n"
    root = mt.parse(text)[0].posts[0]
    assert root.body == "Above\n-----\nBelow"


def test_no_entry_gives_a_placeholder_root() -> None:
    text = (
        "TITLE: Old post\nNO ENTRY: 1\n-----\n"
        "COMMENT:\nAUTHOR: Bob\nDATE: 01/02/2009 03:04:05 PM\nLate.\n-----\n--------\n"
    )
    thread = mt.parse(text)[0]
    assert thread.posts[0].placeholder
    assert (thread.posts[1].author, thread.posts[1].body) == ("Bob", "Late.")
    assert thread.posts[1].timestamp == datetime(2009, 1, 2, 15, 4, 5)


@pytest.mark.parametrize("text", ["", "\n\n", "--------\n--------\n"])
def test_blank_text_gives_no_threads(text: str) -> None:
    assert mt.parse(text) == []
    assert mt.sniff(text) == 0.0


# ---------------------------------------------------------------- properties
FRAGMENTS = [
    "AUTHOR: Ann",
    "DATE: 01/02/2009 03:04:05 PM",
    "-----",
    "--------",
    "BODY:",
    "COMMENT:",
    "PING:",
    "",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))).map("\n".join))
)
def test_arbitrary_text_never_raises(text: str) -> None:
    try:
        threads = mt.parse(text)
        score = mt.sniff(text)
    except ThreadsError:
        return
    assert 0.0 <= score <= 1.0
    assert all(t.posts for t in threads)


# Authors are free text on one line; MT writes them as given.
AUTHORS = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
# Plain words: bodies with HTML are stripped to text (test_html_bodies_become_text).
WORDS = st.sampled_from(["the", "starter", "loaf", "rye", "warm", "cold", "42", "okay.", "a&b"])
LINE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
STAMPS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
COMMENT = st.tuples(AUTHORS, STAMPS, st.lists(LINE, min_size=1, max_size=3))
ENTRY = st.tuples(
    AUTHORS, STAMPS, st.lists(LINE, min_size=1, max_size=3), st.lists(COMMENT, max_size=4), st.integers(0, 2)
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ENTRY, max_size=4))
def test_generated_dumps_round_trip(entries: list) -> None:
    out: list[str] = []
    for author, stamp, body, comments, pings in entries:
        out += [
            f"AUTHOR: {author}",
            "TITLE: A title",
            f"DATE: {stamp:%m/%d/%Y %I:%M:%S %p}",
            "-----",
            "BODY:",
            *body,
        ]
        out += ["-----"]
        for c_author, c_stamp, c_body in comments:
            out += ["COMMENT:", f"AUTHOR: {c_author}", "EMAIL: ", "IP: 192.0.2.1", "URL: "]
            out += [f"DATE: {c_stamp:%m/%d/%Y %I:%M:%S %p}", *c_body, "-----"]
        out += [
            "PING:",
            "TITLE: t",
            "URL: u",
            "IP: i",
            "BLOG NAME: b",
            "DATE: 01/02/2009 03:04:05 PM",
            "x",
            "-----",
        ] * pings
        out += ["--------"]
    threads = mt.parse("\n".join(out) + "\n")
    assert len(threads) == len(entries)
    for thread, (author, stamp, body, comments, pings) in zip(threads, entries, strict=True):
        assert [p.author for p in thread.posts] == [author] + [c[0] for c in comments]
        assert [p.timestamp for p in thread.posts] == [stamp] + [c[1] for c in comments]
        assert [p.body for p in thread.posts] == ["\n".join(body)] + ["\n".join(c[2]) for c in comments]
        assert thread.skipped.get("ping", 0) == pings
        assert not thread.warnings
