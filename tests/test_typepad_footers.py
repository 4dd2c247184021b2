"""typepad-text's footer scan and block trimming on a small hand-checked copy: footers
indented by blanks, a "Posted by:" quoted inside a sentence, blank-only and trailing-blank
lines inside a comment, an indented first line, a comment right under a footer; and what
detecting a Typepad copy sends to dateutil (nothing)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import pytest

from tests.conftest import SEED_004
from tests.textcopy import render_file
from threads import dates
from threads.formats import detect, typepad_text
from threads.read import read_source

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "typepad-text" / "indented_footers.txt"


def test_bodies_and_line_spans_as_checked_by_hand() -> None:
    posts = typepad_text.parse(read_source(FIXTURE).text)[0].posts
    assert [(p.author, p.line_start, p.line_end) for p in posts] == [
        ("Mara Lind", 1, 3),
        ("Jo Baker", 7, 10),
        ("Sam Ortiz", 12, 13),
        ("Priya N", 15, 16),
        ("Jo Baker", 17, 18),
        ("Mara Lind", 20, 21),
    ]
    assert (
        posts[1].body
        == "Finally! I kept mine behind the shed for three years.\n\nNow it can go where the downpipe is."
    )
    assert posts[2].body.startswith('Someone on the forum wrote "Posted by: the council | 1 April"')
    assert posts[3].body == "  Indented reply: do the barrels need lids?"
    assert posts[4].body == "I think so, for the mosquitoes."


def test_indented_footers_count_and_a_quoted_one_does_not() -> None:
    text = read_source(FIXTURE).text
    found = [(m.group("author"), text.count("\n", 0, m.start()) + 1) for m in typepad_text.footers(text)]
    assert found == [
        ("Jo Baker", 10),
        ("Sam Ortiz", 13),
        ("Priya N", 16),
        ("Jo Baker", 18),
        ("Mara Lind", 21),
    ]
    # each match spans its whole line, leading blanks included (as the anchored pattern's)
    assert all(m.start() == 0 or text[m.start() - 1] == "\n" for m in typepad_text.footers(text))


def test_footers_on_a_real_typepad_copy(corpus: Path) -> None:
    """Every footer line of a real Typepad page's text copy is found, and only those: a
    line counts when 'Posted by:' opens it after blanks and a bar follows the name."""
    page = corpus / "typepad_acephalous_best-introduction-part-ii.html"
    if not page.is_file():
        pytest.skip(f"{page.name} not in the corpus")
    text = render_file(page)
    want = [
        i
        for i, line in enumerate(text.split("\n"), 1)
        if line.lstrip().startswith("Posted by:") and "|" in line
    ]
    got = [text.count("\n", 0, m.start()) + 1 for m in typepad_text.footers(text)]
    assert len(want) > 10
    assert got == want
    posts = typepad_text.parse(text)[0].posts
    assert [p.line_end for p in posts[1:]] == want


def _dateutil_calls(text: str) -> list[str]:
    """The strings detection sends down dates' dateutil path (the cache emptied first)."""
    seen: list[str] = []
    general = dates._parse

    def counting(raw: str, dayfirst: bool | None) -> datetime | None:
        seen.append(raw)
        return general(raw, dayfirst)

    dates._parse_cached.cache_clear()
    with patch.object(dates, "_parse", counting):
        assert detect(text).name == "typepad-text"
    dates._parse_cached.cache_clear()
    return seen


def test_detecting_a_typepad_copy_sends_no_footer_to_dateutil() -> None:
    """The forum dialects' sniffs test a line's post number (vBulletin) or member block
    (Invision) before its date: a footer "Posted by: NAME | DATE" has neither, and its
    date went to dateutil twice (~0.1 ms each) on every Typepad copy detected (50 lines
    of seed 004)."""
    assert _dateutil_calls(SEED_004.read_text(encoding="utf-8")) == []


def test_detecting_a_real_typepad_copy_sends_no_footer_to_dateutil(corpus: Path) -> None:
    page = corpus / "typepad_acephalous_best-introduction-part-ii.html"
    if not page.is_file():
        pytest.skip(f"{page.name} not in the corpus")
    assert _dateutil_calls(render_file(page)) == []  # 29 footers before


def test_movable_type_footer_without_a_bar() -> None:
    # Movable Type 2.x/3.x default templates (a real theyworkforyou.com page, copied by
    # Chromium): "Posted by: NAME at DATE"; the name may hold "at" as a word's part.
    lines = [
        "Title", "", "The entry.", "", "Posted by ann at March 14, 2005 09:12 AM | TrackBack", "", "Comments",
        "", "First.", "", "Posted by: Bo Atwood at March 14, 2005 06:40 PM", "",
        "Second.", "", "Posted by: Jim at Work | 15 March 2005 at 08:05 PM", "Post a comment", "Name:",
    ]  # fmt: skip
    root, *comments = typepad_text.parse("\n".join(lines))[0].posts
    assert (root.author, root.timestamp) == ("ann", datetime(2005, 3, 14, 9, 12))
    assert root.body == "Title\n\nThe entry."
    assert {p.author: (p.timestamp, p.body) for p in comments} == {
        "Bo Atwood": (datetime(2005, 3, 14, 18, 40), "First."),
        "Jim at Work": (datetime(2005, 3, 15, 20, 5), "Second."),
    }
    assert len(comments) == 2
