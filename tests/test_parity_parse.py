"""Reading and parsing a text dump: the faster paths give exactly what the code they
replaced gave (the references below, as they were before issue 17's parse round):

- typepad_text.footers, which finds each "Posted by:" by the pattern's literal and checks
  the line start itself (reference: ``_FOOTER_LINE.finditer``, whose ``^`` the regex
  engine tried at every character): the same matches, spans and groups;
- typepad_text._block, which finds a block's blank ends from its first and last
  characters that are not blank (reference: split into lines, strip line by line):
  the same body and line numbers;
- dates._fast, which takes the fields from one ``groups()`` call (reference: one
  ``group()`` per field): the same datetime or ``None``;
- article.sniff, by ``isspace()`` (reference: ``strip()``, a copy of the dump);
- vbulletin_text._headers and invision_text._anchors, which test a line's post number or
  member block before its date (reference: the date first, by dateutil): the same
  headers, so the same sniff scores and parses;
- read.decode, which replaces carriage returns only when the text holds one.

Whole parses are compared with the references patched in, on hypothesis inputs (blank
and whitespace-only lines, "\\r", form feeds, indented and mid-line footers, empty
names), the seeds, every fixture, every corpus dump and a generated Typepad dump.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.test_dates_fast import _generated
from tests.textcopy import render_file
from threads import dates
from threads.formats import _forum_text as ft
from threads.formats import article, invision_text, typepad_text, vbulletin_text
from threads.formats._text import Line, numbered, strip_blank
from threads.model import RawThread, ThreadsError
from threads.read import decode, read_source

ROOT = Path(__file__).resolve().parent.parent
INPUTS = sorted(
    p
    for p in [*(ROOT / "tests" / "fixtures").glob("*/*"), *(ROOT / "seeds").glob("*")]
    if p.is_file() and p.suffix != ".md"
)


# ---------------------------------------------------------------- the references
def reference_footers(text: str) -> Iterator[re.Match[str]]:
    """typepad_text's footers before footers(): the anchored pattern over the text."""
    return typepad_text._FOOTER_LINE.finditer(text)


def reference_block(text: str, start: int, end: int, first_no: int) -> tuple[str, int, int] | None:
    """typepad_text._block before it found the blank ends from the characters."""
    lines = text[start:end].split("\n") if end > start else []
    a, b = 0, len(lines)
    while a < b and not lines[a].strip():
        a += 1
    while b > a and not lines[b - 1].strip():
        b -= 1
    if a == b:
        return None
    return "\n".join(line.rstrip() for line in lines[a:b]), first_no + a, first_no + b - 1


def reference_fast(raw: str) -> datetime | None:
    """dates._fast before one groups() call."""
    m = dates._FAST.match(raw)
    if not m:
        return None
    day = int(m.group("d1") or m.group("d2"))
    month = dates._MONTH_NUMBER[(m.group("m1") or m.group("m2")).lower()]
    hour = int(m.group("h") or 0)
    minute = int(m.group("mi") or 0)
    second = int(m.group("s") or 0)
    ampm = m.group("ap")
    if ampm:
        if not 0 <= hour <= 12:
            return None
        if ampm.lower() == "pm" and hour < 12:
            hour += 12
        elif ampm.lower() == "am" and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime(int(m.group("y")), month, day, hour, minute, second)
    except ValueError:
        return None


def reference_article_sniff(text: str) -> float:
    """article.sniff before isspace()."""
    return 0.1 if text.strip() else 0.0


def reference_vb_headers(lines: list[Line], anchor: object = None) -> list[vbulletin_text._Post]:
    """vbulletin_text._headers before the post number was tested first (``anchor``, the
    page's clock for relative dates, came later: none of these texts prints one)."""
    vb, found = vbulletin_text, []
    for i, line in enumerate(lines):
        if (m := vb._DATE_NUMBER.match(line.text)) and (d := ft.forum_date(m["date"], need_clock=True))[0]:
            found.append(vb._Post(i, i, d[1], True))
            continue
        ok, stamp = ft.forum_date(line.text.split("\t")[0], need_clock=True)
        if not ok or vb._XF_RELATIVE.search(line.text):
            continue
        nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].text.strip()), None)
        tab = "\t" in line.text and vb._NUMBER.match(line.text.split("\t")[-1])
        if tab:
            found.append(vb._Post(i, i, stamp, True))
        elif nxt is not None and vb._NUMBER.match(lines[nxt].text):
            found.append(vb._Post(i, nxt, stamp, True))
    return found


def reference_ips_anchors(lines: list[Line], anchor: object = None) -> list[tuple[int, object]]:
    """invision_text._anchors before the member block was tested first (``anchor``: as
    above)."""
    ips, found = invision_text, []
    for i, line in enumerate(lines):
        m = ips.POSTED.match(line.text)
        if not m:
            continue
        if ips._AGO.match(m["date"]):
            stamp = None
        else:
            ok, stamp = ft.forum_date(m["date"])
            if not ok:
                continue
        run = ft.block_over(lines, i, 0, ips._POST_END, ips.MEMBER)
        if any(ips.MEMBER.match(lines[j].text) for j in run):
            found.append((i, stamp))
    return found


def _forum_readings(text: str) -> list[object]:
    """What the two forum dialects make of ``text``: headers, sniff scores, parses."""
    lines = numbered(text)
    out: list[object] = [vbulletin_text._headers(lines), invision_text._anchors(lines)]
    for dialect in (vbulletin_text, invision_text):
        out.append(dialect.sniff(text))
        try:
            out.append(dialect.parse(text))
        except ThreadsError as err:
            out.append(err.message)
    return out


def reference_forum_readings(text: str) -> list[object]:
    with (
        patch.object(vbulletin_text, "_headers", reference_vb_headers),
        patch.object(invision_text, "_anchors", reference_ips_anchors),
    ):
        return _forum_readings(text)


def reference_parse(text: str) -> list[RawThread]:
    """typepad_text.parse with the reference footers and blocks."""
    with (
        patch.object(typepad_text, "footers", reference_footers),
        patch.object(typepad_text, "_block", reference_block),
    ):
        return typepad_text.parse(text)


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


# ---------------------------------------------------------------- hypothesis inputs
# Pieces of Typepad dumps and their near misses: indented footers (blanks of several
# kinds), a "Posted by:" inside prose, footers without a bar or with two, empty names,
# blank and whitespace-only lines, carriage returns and form feeds.
_PIECES = [
    "Posted by: ann | 07 June 2016 at 05:06 PM",
    "Posted by: Bob Li | Thursday, 27 October 2005 at 10:12 PM",
    "Posted by:  | 12 March 2011 at 10:02 AM",
    "Posted by:   |  ",
    "Posted by: x",
    "Posted by: a | b | c",
    "so I Posted by: ann | 07 June 2016",
    "Posted by:",
    "Posted by ann at 07 June 2016 | Permalink",
    "Comments",
    "words here. pl",
    "Hi ann, yes.",
    "\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\r",
    "\x0c",
    "\u2028",
    "\u00a0",
    "|",
    "a",
]
_DUMP = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_DUMP)
@example("  Posted by: ann | 07 June 2016 at 05:06 PM\nx")
@example("x Posted by: ann | 1 May 2011\n\t Posted by: bob | 2 May 2011")
@example("Posted by:   |  \nPosted by: a | b")
def test_footers_are_the_anchored_patterns_matches(text: str) -> None:
    assert _spans(typepad_text.footers(text)) == _spans(reference_footers(text))


@settings(max_examples=400, deadline=None)
@given(_DUMP, st.integers(0, 400), st.integers(0, 400), st.integers(1, 9))
@example(" \n  a  \n\n \t\nb \r\n \n", 0, 18, 3)
@example("\x0c\n\u2028x", 0, 5, 1)
def test_block_is_the_line_by_line_block(text: str, start: int, end: int, first_no: int) -> None:
    assert typepad_text._block(text, start, end, first_no) == reference_block(text, start, end, first_no)


@settings(max_examples=300, deadline=None)
@given(_DUMP)
def test_parse_is_the_reference_parse_on_generated_dumps(text: str) -> None:
    assert typepad_text.parse(text) == reference_parse(text)


def test_parse_is_the_reference_parse_on_seeds_and_fixtures() -> None:
    footers = 0
    for path in INPUTS:
        text = decode(path.read_bytes(), str(path)).text
        assert typepad_text.parse(text) == reference_parse(text), path
        assert _forum_readings(text) == reference_forum_readings(text), path
        footers += len(_spans(reference_footers(text)))
    assert footers > 25  # seed 004 and the typepad fixtures were read as comments


def test_parse_is_the_reference_parse_on_the_corpus(corpus: Path) -> None:
    """Every corpus dump as it is, and each saved page as its text copy (the Typepad
    page's copy is a real Typepad comment thread in text)."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".md")
    assert files
    texts = []
    for path in files:
        try:
            texts.append((path, read_source(path).text))
        except ThreadsError:
            continue
        if path.suffix == ".html":
            texts.append((path, render_file(path)))
    footers = 0
    for path, text in texts:
        assert typepad_text.parse(text) == reference_parse(text), path
        assert _forum_readings(text) == reference_forum_readings(text), path
        footers += len(_spans(reference_footers(text)))
    assert footers > 10


def _bench_like(n: int, seed: int = 5) -> str:
    """A Typepad dump shaped like scripts/bench.py's: an article, then ``n`` comments of
    one to three paragraphs, each closed by a footer a few minutes after the last."""
    rng = random.Random(seed)
    words = ["the", "bear", "eats", "you", "sometimes", "we", "eat", "it", "then", "pl", "@ann", "Hi,", "ann"]
    out = ["A synthetic article", "", "Its text, signed. pl", "", "Comments", ""]
    for i in range(n):
        paragraphs = [" ".join(rng.choices(words, k=rng.randint(1, 30))) for _ in range(rng.randint(1, 3))]
        minute = i * 7
        stamp = f"{1 + minute // 1440 % 28:02d} June 2016 at {1 + minute // 60 % 12:02d}:{minute % 60:02d} PM"
        out += [
            "\n\n".join(paragraphs) + rng.choice(["", " ", "\t"]),
            f"Posted by: u{rng.randrange(50)} | {stamp}",
            "",
        ]
    return "\n".join(out)


def test_parse_is_the_reference_parse_on_a_generated_dump() -> None:
    text = _bench_like(2000)
    got = typepad_text.parse(text)
    assert len(got[0].posts) == 2001
    assert got == reference_parse(text)
    assert _forum_readings(text) == reference_forum_readings(text)


# Forum header pieces: vBulletin "DATE #N" and "DATE" over "#N" (or after a tab), IPS
# "Posted DATE" under a member block, relative days, and dates that are not dates.
_FORUM_PIECES = [
    "03-08-2011, 10:02 AM",
    "03-08-2011, 10:02 AM #2",
    "Yesterday, 09:41 PM",
    "Yesterday at 9:41 PM",
    "12 March 2011 at 99:99",
    "#3",
    "Post #4",
    "\t#5",
    "Posted March 3, 2022",
    "Posted by: ann | 07 June 2016 at 05:06 PM",
    "Posted 2 hours ago",
    "Members",
    "12 posts",
    "ann",
    "Quote",
    "A longer line of prose that is no member block at all, with words.",
    "",
    "",
]
_FORUM = st.lists(st.sampled_from(_FORUM_PIECES), max_size=24).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_FORUM)
@example("ann\nMembers\n12 posts\nPosted March 3, 2022\nHi\nQuote")
@example("03-08-2011, 10:02 AM\n\n#2\nann\nHi")
def test_forum_headers_are_the_reference_headers(text: str) -> None:
    assert _forum_readings(text) == reference_forum_readings(text)


# ---------------------------------------------------------------- dates
_DATE_PIECES = st.lists(
    st.sampled_from(
        ["07", "7", "0", "31", "32", "June", "jun", "SEPT", "Mayo", "2016", "1999", "3000", " ", ",", " at ",
         "05:06", "12:00", "13:61", "00:00:59", " PM", "am", " p.m.", "Thursday, ", "Tue "]
    ),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(_DATE_PIECES)
@example("07 June 2016 at 12:06 AM")
@example("Thursday, 27 October 2005 at 10:12 PM")
def test_fast_dates_are_the_reference_fast_dates(raw: str) -> None:
    assert dates._fast(raw) == reference_fast(raw)


def test_fast_dates_on_the_generated_layouts() -> None:
    texts = _generated(3000)
    assert [dates._fast(t) for t in texts] == [reference_fast(t) for t in texts]


# ---------------------------------------------------------------- read and detect
_SPACES = st.text(
    st.sampled_from(
        [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000", "a", "."]
    )
)


@settings(max_examples=300, deadline=None)
@given(_SPACES)
def test_article_sniff_is_the_reference_sniff(text: str) -> None:
    assert article.sniff(text) == reference_article_sniff(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", " ", "\n", "\r", "\r\n"]), min_size=1).map("".join))
def test_decode_normalises_newlines_as_before(text: str) -> None:
    data = text.encode("utf-8")
    want = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    if not want.strip():
        with pytest.raises(ThreadsError):
            decode(data)
        return
    assert decode(data).text == want


def test_reference_block_is_block_post() -> None:
    """The reference itself: _block was written as ``_text.block_post``'s body and span."""
    text = "\n  \nA  \n\n b\t\n\n"
    lines = strip_blank([Line(4 + i, s) for i, s in enumerate(text.split("\n"))])
    assert (
        reference_block(text, 0, len(text), 4) == ("A\n\n b", lines[0].no, lines[-1].no) == ("A\n\n b", 6, 8)
    )
