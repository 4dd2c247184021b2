"""typepad-text on seed 004 (the issue's acceptance list) and on small variations."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import polars as pl

from tests.conftest import SEED_004
from threads.formats import detect, typepad_text

FOOTER = re.compile(r"^Posted by: (.+?) \| (.+)$")


def _footers() -> list[tuple[str, str, int]]:
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    return [(m.group(1), m.group(2), n) for n, line in enumerate(lines, 1) if (m := FOOTER.match(line))]


def test_detected(seed004) -> None:
    assert detect(SEED_004.read_text(encoding="utf-8")).name == "typepad-text"
    assert seed004.threads[0].source_format == "typepad-text"


def test_26_posts_article_by_host(seed004) -> None:
    posts = seed004.posts
    assert posts.height == 26
    assert posts["post_id"].to_list() == list(range(26))
    article = posts.row(0, named=True)
    assert article["author"] == "turcopolier"  # signs "pl" like the host's comments
    assert article["text"].startswith("1. Unless the US JCS")
    assert article["text"].endswith("the bear eats you.")  # signature out of own text
    assert article["signature"] == "pl"
    assert article["line_start"] == 1 and article["line_end"] == 8


def test_every_footer_is_a_post_in_order(seed004) -> None:
    footers = _footers()
    assert len(footers) == 25
    comments = seed004.posts.filter(pl.col("post_id") > 0)
    for row, (author, date, line_no) in zip(comments.iter_rows(named=True), footers, strict=True):
        assert row["author"] == author
        expected = datetime.strptime(date, "%d %B %Y at %I:%M %p").replace(tzinfo=timezone.utc)
        assert row["timestamp"] == expected
        assert row["line_end"] == line_no  # the footer closes the post


def test_first_comment_split_from_article(seed004) -> None:
    first = seed004.posts.row(1, named=True)
    assert first["author"] == "BrotherJoe"
    assert first["text"].startswith("How would an implied Russian threat")
    assert first["line_start"] == 9


def test_no_text_lost(seed004) -> None:
    """Every non-footer line of the dump is in some post's own text, quotes or signature."""
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    covered = set()
    for row in seed004.posts.iter_rows(named=True):
        covered.update(range(row["line_start"], row["line_end"] + 1))
    content = {n for n, line in enumerate(lines, 1) if line.strip()}
    assert content <= covered


def test_article_boundary_from_theme_footer() -> None:
    text = (
        "My headline\nThe article text.\nPosted by Host at 03:53 PM in Politics | Permalink | Comments (2)\n"
        "First!\nPosted by: Ann | 07 June 2016 at 05:06 PM\n"
        "Second.\nPosted by: Bob | Thursday, 27 October 2005 at 10:12 PM\n"
    )
    thread = typepad_text.parse(text)[0]
    assert [p.author for p in thread.posts] == ["Host", "Ann", "Bob"]
    assert thread.posts[0].body == "My headline\nThe article text."
    assert thread.posts[0].title == "My headline"
    assert thread.posts[2].timestamp == datetime(2005, 10, 27, 22, 12)
    assert not thread.warnings


def test_no_boundary_gives_placeholder_root_and_warning() -> None:
    text = (
        "First!\nPosted by: Ann | 07 June 2016 at 05:06 PM\n"
        "Second.\nPosted by: Bob | 07 June 2016 at 05:07 PM\n"
    )
    thread = typepad_text.parse(text)[0]
    assert thread.posts[0].placeholder and thread.posts[0].body == ""
    assert [p.body for p in thread.posts[1:]] == ["First!", "Second."]
    assert any("article ends" in w for w in thread.warnings)


def test_truncated_tail_kept_with_warning() -> None:
    text = "Art.\nComments\nHi\nPosted by: Ann | 07 June 2016 at 05:06 PM\nA comment cut off before its foo"
    thread = typepad_text.parse(text)[0]
    assert thread.posts[-1].author is None
    assert thread.posts[-1].body == "A comment cut off before its foo"
    assert any("truncated" in w for w in thread.warnings)


def test_sniff_scores() -> None:
    assert typepad_text.sniff(SEED_004.read_text(encoding="utf-8")) >= 0.9
    assert typepad_text.sniff("Just prose.\nPosted by someone, somewhere.") == 0.0


def test_comments_heading_below_the_article_byline_keeps_the_byline() -> None:
    """A copy with a "Comments" heading under the article's "Posted by NAME on DATE |
    Permalink" line: the heading was matched first (searching up from the first
    comment), so the article lost its author and date and kept the byline as text."""
    from tests.conftest import FIXTURES

    text = (FIXTURES / "typepad-text" / "permalink_footer.txt").read_text(encoding="utf-8")
    byline = "Posted by Mara Lind on 12 March 2011 at 09:15 AM in Gardening | Permalink\n"
    assert byline in text
    for heading in ("Comments", "3 Comments", "Comments (3)"):
        thread = typepad_text.parse(text.replace(byline, f"{byline}\n{heading}\n"))[0]
        article = thread.posts[0]
        assert article.author == "Mara Lind" and article.timestamp == datetime(2011, 3, 12, 9, 15)
        assert "Permalink" not in article.body and heading not in article.body
        assert [p.author for p in thread.posts[1:]] == ["Jo Baker", "Mara Lind", "Mara Lind"]
        # ...and the heading is not the first comment's opening line either (it was:
        # the comment started at the byline, so "Comments" led its body).
        first = thread.posts[1]
        lines = text.replace(byline, f"{byline}\n{heading}\n").split("\n")
        assert first.body.startswith("What a lovely idea.") and heading not in first.body
        assert lines[first.line_start - 1] == "What a lovely idea. Our library only lends cake tins."
