"""Tests for threads.formats.email_text: fixtures against goldens, sniffing, edges."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threads.formats import email_text as em
from threads.model import ThreadsError
from threads.read import read_source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
FILES = sorted((FIXTURES / em.NAME).glob("*.txt"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OTHERS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.parent.name != em.NAME)
IDS = [p.stem for p in FILES]
# Lines that start a message in the fixtures, written out independently of the module.
MESSAGE_START = re.compile(r"^(?:On .* wrote:|On .*>$|From: .*|-----Ursprüngliche Nachricht-----)$")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_text_is_lost_and_headers_stay_out(path: Path) -> None:
    lines = _read(path).split("\n")
    posts = em.parse(_read(path))[0].posts
    covered: set[int] = set()
    for post in posts:
        span = lines[post.line_start - 1 : post.line_end]
        covered.update(range(post.line_start, post.line_end + 1))
        want = Counter(line.rstrip() for line in span if line.strip())
        got = Counter(
            line.rstrip() for line in f"{post.body}\n{post.signature or ''}".split("\n") if line.strip()
        )
        assert not got - want  # nothing invented
        for line in (want - got).elements():  # what is missing is header or delimiter only
            assert MESSAGE_START.match(line) or re.match(r"^(?:[A-Z][\w-]*: .*|wrote:|-- ?)$", line), line
        assert post.author is None or not re.search(r"[<>@]", post.author)
    outside = [line for no, line in enumerate(lines, start=1) if no not in covered and line.strip()]
    assert all(line.startswith("Subject: ") for line in outside), outside


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_line_spans_point_at_the_posts(path: Path) -> None:
    lines = _read(path).split("\n")
    posts = em.parse(_read(path))[0].posts
    for post in posts:
        assert MESSAGE_START.match(lines[post.line_start - 1]), lines[post.line_start - 1]
        last = (post.signature or post.body).split("\n")[-1]
        assert lines[post.line_end - 1].rstrip() == last
    assert [p.line_start for p in posts] == sorted(p.line_start for p in posts)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sniff_own_fixtures_high(path: Path) -> None:
    assert em.sniff(_read(path)) >= 0.6


@pytest.mark.parametrize("path", SEEDS + OTHERS, ids=lambda p: p.stem)
def test_sniff_seeds_and_other_dialects_low(path: Path) -> None:
    assert em.sniff(read_source(path).text) <= 0.2  # decoded as the pipeline does


def test_quote_attributions_and_signatures() -> None:
    posts = em.parse(_read(FIXTURES / em.NAME / "tern_release_freeze.txt"))[0].posts
    bob = posts[1].body
    assert bob.startswith(
        "On Mon, Mar 7, 2011 at 9:15 PM, Alice Baker <alice@example.org> wrote:\n> The only"
    )
    assert posts[0].signature == "Alice Baker\nRelease manager, Tern project"
    assert posts[0].body.endswith("Objections?\n\nAlice")
    assert posts[2].signature == "Carol" and "--" not in posts[2].body
    assert posts[1].signature is None
    assert "wrote:" not in posts[6].body  # the wrapped attribution line is a header
    assert posts[0].title == "Freezing 2.4 on Friday?"  # the thread title: no Subject of its own


def test_header_blocks() -> None:
    posts = em.parse(_read(FIXTURES / em.NAME / "tsv_sommerfest_de.txt"))[0].posts
    assert posts[3].title == "AW: Sommerfest: Abrechnung und Fotos"
    assert not any("Ursprüngliche Nachricht" in p.body or "Betreff:" in p.body for p in posts)
    assert posts[1].body.startswith("Am 12.09.2016 um 19:04 schrieb Jana Hoffmann:\n> das Sommerfest")
    assert posts[1].signature == "Uwe Schneider\nKassenwart TSV Example\nTel. 0123 456789"


@pytest.mark.parametrize(
    ("line", "author", "stamp"),
    [
        (
            "On Tue, Mar 8, 2011 at 10:02 AM, Bob Stone <bob@example.org> wrote:",
            "Bob Stone",
            "2011-03-08T10:02:00",
        ),
        (
            "On Tue, Mar 8, 2011 at 10:02 AM Jan Kowalski <jan@x.pl> wrote:",
            "Jan Kowalski",
            "2011-03-08T10:02:00",
        ),
        ("On Mar 8, 2011, at 10:02 AM, May Li <may@li.org> wrote:", "May Li", "2011-03-08T10:02:00"),
        (
            'On Tue, 8 Mar 2011 10:02:33 +0100, "Smith, John" <j@x.com> wrote:',
            "Smith, John",
            "2011-03-08T10:02:33",
        ),
        ("On Tue, Mar 8, 2011 at 10:02 AM, JOHN SMITH wrote:", "JOHN SMITH", "2011-03-08T10:02:00"),
        ("Am 08.03.2011 um 10:02 schrieb Jürgen Müller:", "Jürgen Müller", "2011-03-08T10:02:00"),
        ("Am Di., 8. März 2011 um 10:02 Uhr schrieb Eva <eva@x.de>:", "Eva", "2011-03-08T10:02:00"),
        (
            "Le mar. 8 mars 2011 à 10:02, Jean Dupont <jean@example.fr> a écrit :",
            "Jean Dupont",
            "2011-03-08T10:02:00",
        ),
        (
            "El mar., 8 mar. 2011 a las 10:02, Ana López (<ana@x.es>) escribió:",
            "Ana López",
            "2011-03-08T10:02:00",
        ),
        (
            "On Tue, Mar 8, 2011 at 10:02 AM, <bob@example.org> wrote:",
            "bob@example.org",
            "2011-03-08T10:02:00",
        ),
    ],
)
def test_attribution_lines(line: str, author: str, stamp: str) -> None:
    posts = em.parse(f"Start.\n\n{line}\nReply text.\n")[0].posts
    assert [p.author for p in posts] == [None, author]
    assert posts[1].timestamp is not None and posts[1].timestamp.strftime("%Y-%m-%dT%H:%M:%S") == stamp
    assert posts[1].body == "Reply text."


@pytest.mark.parametrize(
    "line",
    [
        "On Monday, I wrote:",  # no date
        "On Sunday, Iraq's parliament ordered all 5,000 US troops to leave.",
        "> On Tue, Mar 8, 2011 at 10:02 AM, Bob <bob@x.org> wrote:",  # inside a quote
        "From: the desk of the editor",  # a lone From: line in a message is prose
    ],
)
def test_prose_is_not_a_header(line: str) -> None:
    posts = em.parse(f"On Mar 7, 2011, at 9:00 AM, Ann wrote:\nHello.\n{line}\nMore.\n")[0].posts
    assert len(posts) == 1
    assert line in posts[0].body


def test_text_before_the_first_header_is_a_message() -> None:
    posts = em.parse("Top-posted answer.\n\nOn Mar 7, 2011, at 9:00 AM, Ann wrote:\n> Question?\n")[0].posts
    assert len(posts) == 1 and posts[0].author is None
    assert posts[0].body.startswith("Top-posted answer.") and "> Question?" in posts[0].body


def test_long_dash_block_is_not_a_signature() -> None:
    body = "\n".join(f"line {i}" for i in range(em.MAX_SIGNATURE_LINES + 1))
    post = em.parse(f"On Mar 7, 2011, at 9:00 AM, Ann wrote:\nHi\n--\n{body}\n")[0].posts[0]
    assert post.signature is None and "line 0" in post.body


@pytest.mark.parametrize("text", ["", "  \n", "\n\n"])
def test_blank_text_gives_no_threads(text: str) -> None:
    assert em.parse(text) == []
    assert em.sniff(text) == 0.0


def test_subject_only_gives_a_titled_placeholder() -> None:
    thread = em.parse("Subject: Re: Plans\n")[0]
    assert thread.title == "Plans"
    assert len(thread.posts) == 1 and thread.posts[0].placeholder


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_truncated_input_never_raises(path: Path) -> None:
    text = _read(path)
    for cut in range(0, len(text), 29):
        threads = em.parse(text[:cut])
        assert all(t.posts for t in threads)
        assert 0.0 <= em.sniff(text[:cut]) <= 1.0


# ---------------------------------------------------------------- properties
FRAGMENTS = [
    "On Mar 7, 2011, at 9:00 AM, Ann wrote:",
    "> quoted",
    "-- ",
    "--",
    "From: Ann <a@b.c>",
    "Date: Mon, 7 Mar 2011 21:15:00 -0500",
    "Subject: Re: x",
    "wrote:",
    "Am 08.03.2011 um 10:02 schrieb",
    "-----Original Message-----",
    "On",
    "",
    ">",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))).map("\n".join))
)
def test_arbitrary_text_never_raises(text: str) -> None:
    try:
        threads = em.parse(text)
        score = em.sniff(text)
    except ThreadsError:
        return
    assert 0.0 <= score <= 1.0
    assert all(t.posts for t in threads)


NAMES = st.sampled_from(
    ["Ann Lee", "Bob", "Jürgen Müller", "O'Brien", "Zoë Ørsted", "Li Wei", "Mary-Jo", "Smith, J."]
)
WORDS = st.sampled_from(["the", "freeze", "release", "monday", "fine", "why", "not", "42", "okay."])
LINE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
STAMPS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


def _header(name: str, stamp: datetime, style: int) -> list[str]:
    address = re.sub(r"\W+", ".", name).strip(".").lower() + "@example.org"
    if style == 0:
        return [f"On {stamp:%a, %b} {stamp.day}, {stamp.year} at {stamp:%H:%M:%S}, {name} <{address}> wrote:"]
    if style == 1:
        return [f"Am {stamp:%d.%m.%Y um %H:%M:%S} schrieb {name}:"]
    return [f'From: "{name}" <{address}>', f"Date: {stamp:%a, %d %b %Y %H:%M:%S} +0100", "Subject: Re: x"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(NAMES, STAMPS, st.lists(LINE, min_size=1, max_size=3), st.integers(0, 2)), max_size=6)
)
def test_generated_dumps_round_trip(messages: list[tuple[str, datetime, list[str], int]]) -> None:
    parts: list[str] = []
    for name, stamp, body, style in messages:
        parts += [*_header(name, stamp, style), "", *body, ""]
    threads = em.parse("\n".join(parts))
    posts = threads[0].posts if threads else []
    assert len(posts) == len(messages)
    assert [p.author for p in posts] == [m[0] for m in messages]
    # the time as written; a Date: header's offset is kept for the UTC conversion
    assert [p.timestamp.replace(tzinfo=None) for p in posts] == [m[1] for m in messages]
    offsets = [p.timestamp.utcoffset() for p in posts]
    assert offsets == [timedelta(hours=1) if m[3] == 2 else None for m in messages]
    assert [p.body for p in posts] == ["\n".join(m[2]) for m in messages]


def test_a_saved_page_is_no_pasted_mail() -> None:
    """A list archive's page holding "On ..., X wrote:" (a real Hypermail page of the
    everything-list) was read as a pasted mail: its posts were lines of raw HTML."""
    page = (FIXTURES / "list-archive-html" / "hypermail_loom-talk_reply.html").read_text(encoding="utf-8")
    assert "wrote:" in page
    assert em.sniff(page) == 0.0


def test_header_field_names_in_any_case() -> None:
    # A MHonArc archive page copied by Chromium: the mail's own "Message-Id:" (and a
    # "CC:") under From/Date stayed the first line of the message's words.
    text = (
        "[Date Prev][Date Next] [Thread Index]\n"
        "From: Ann Reed <ann@example.org>\nTO: list@example.org\nDate: Fri, 01 Feb 2002 13:28:57 -0800\n"
        "Message-Id: <E1@example.org>\n\nAny comments on the patch?\n"
    )
    post = em.parse(text)[0].posts[-1]
    assert (post.author, post.body) == ("Ann Reed", "Any comments on the patch?")
