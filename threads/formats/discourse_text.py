"""Discourse topics copied from the browser as text (Select All + Copy).

The copy opens with the topic's title and category, then each post: its poster's name
(the username, with the full name on the same line, in brackets, or on the next line),
the post's date, the words, and the buttons under it::

    mira_rides
    Mar '22
    My commute is 12 km each way ...
    1 Reply
    Reply
    dynamo_dan Dan Dynamo
    3h
    ...

Dates are what Discourse prints: "3h", "2d" or "Mar '22" (relative or month only: no
time can be known, left empty) and, on the crawler view or an old post, "May 30, 2019"
or "March 3, 2022, 2:17pm" (read); "#2" or a lone post number may follow. A quote is a
box titled "NAME:" over the quoted paragraph: it goes to ``quoted`` with its source.
Replies are not nested on the page (a reply to an earlier post shows its author's
avatar only), so the copy is flat: the reply stage links the posts. The topic's footer
("Suggested Topics", "Want to read more? ...", "Powered by Discourse ...") is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _copy, _copy_sites
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "discourse-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "Discourse topic copied from a browser: NAME, a date ('3h', \"Mar '22\", 'May 30, 2019'), text, 'Reply'."
)

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# The post dates Discourse prints (discourse/app/assets/javascripts: relativeAge's
# "tiny" format on posts, the crawler view's long format), with the post number after.
DATES: tuple[str, ...] = (
    r"(?P<rel>\d{1,2}[smhd]|just now|\d+ (?:minutes?|hours?|days?) ago)",  # relative: no time
    rf"(?P<month>{MONTH} '\d\d|{MONTH} \d{{1,2}}|{MONTH} \d{{4}})",  # month or day without a year
    rf"(?P<day>{MONTH} \d{{1,2}}, \d{{4}}(?:,? \d{{1,2}}:\d\d\s*[ap]m)?|\d{{4}}-\d\d-\d\d(?:[ T]\d\d:\d\d)?)",
)
_DATE = re.compile(rf"^\s*(?:{'|'.join(DATES)})\s*(?:#?\d{{1,6}})?\s*$", re.I)
_NUMBER = re.compile(r"^\s*#?\d{1,6}\s*$")
# The poster: a username (letters, digits, '_', '.', '-'), the full name after it (on
# the line or in brackets), or a full name alone on the line above.
USER = r"[\w.-]{2,60}"
_NAME = re.compile(
    rf"^\s*(?P<user>{USER})(?:\s+\((?P<full>[^()]{{1,60}})\)|\s+(?P<full2>[^\d\s][^\n]{{0,60}}))?\s*$"
)
MAX_NAME_WORDS = 6
# The buttons and counters under a post: no one's words.
UI_LINES: tuple[str, ...] = (
    r"reply|\d+ repl(?:y|ies)|quote|share|like|bookmark|flag|edit|copy link|show more",
    r"\d+ likes?|\d{1,4}|♥|❤️?|↩︎?",
    r"read \d+ min(?:ute)?s?|created|last reply|\d+ (?:replies|views|users|likes|links)",
    r"solved by .*|solution|(?:\d+ )?(?:people|person) liked this",
)
_UI = _copy.compile_lines(UI_LINES)
QUOTES = _copy.Quotes(start=re.compile(rf"^\s*(?P<name>{USER}):\s*$"), end=None)
# Discourse's topic footer (default theme, crawler view).
FOOTER: tuple[tuple[str, str], ...] = (
    (r"suggested topics|related topics|new & unread topics", "under the topic"),
    (r"want to read more\?.*|there are \d+ unread .*", "under the topic"),
    (r"powered by discourse.*", "crawler view's footer"),
    (r"topic\s+replies\s+views\s+activity", "suggested topics table header"),
)
_FOOTER = _copy_sites.site_lines(FOOTER)
# The header and menu above the title (default theme, crawler view's links).
HEADER: tuple[str, ...] = (
    r"skip to main content|log ?in|sign ?up|home|categories|guidelines|terms of service|privacy policy",
    r"faq|about|latest|top|search|menu|​",
)
_HEADER = _copy.compile_lines(HEADER)

# sniff(): posters over Discourse dates. "Name over a date" is common to many pages, so
# posts alone stay under MIN_CONFIDENCE unless the dates are Discourse's own ("3h",
# "Mar '22"); a Discourse line (footer, "N Replies" under "Reply") makes it sure.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.25)
TINY_DATES = 0.2
CORROBORATION = 0.45
_OWN = _copy.compile_lines(
    (r"powered by discourse.*", r"\d+ repl(?:y|ies)", r"suggested topics", r"want to read more\?.*")
)
SNIFF_CHARS = 200_000


@dataclass(frozen=True)
class _Head:
    start: int  # index of the name line
    date: int  # index of the date line (the number line after it, if any)
    author: str
    timestamp: datetime | None
    tiny: bool  # a date only Discourse prints ("3h", "Mar '22")


def _date(text: str) -> tuple[bool, datetime | None, bool]:
    """Is ``text`` a post date; its time (``None`` when relative or month only); tiny?"""
    m = _DATE.match(text)
    if not m:
        return False, None, False
    if m["day"]:
        return True, parse_date(m["day"]), False
    tiny = bool(m["rel"] and re.fullmatch(r"\d{1,2}[smhd]", m["rel"].strip())) or "'" in (m["month"] or "")
    return True, None, tiny


def _name_line(text: str) -> bool:
    s = text.strip()
    return (
        bool(s)
        and len(s.split()) <= MAX_NAME_WORDS
        and not (_UI.match(s) or _copy.is_chrome(s))
        and bool(_NAME.match(s))
    )


def _name(lines: list[Line], date: int) -> tuple[int, str] | None:
    """The poster above the date line at ``date``: (index of its first line, username).

    One line: "user", "user (Full Name)" or "user Full Name". Two lines: the username
    and the full name in either order; the username is the one without a space (the
    upper one when both have none: Discourse prints the username first by default).
    """
    near = [j for j in range(date - 1, max(date - 4, -1), -1) if lines[j].text.strip()][:2]
    if not near or not _name_line(lines[near[0]].text):
        return None
    lower = near[0]
    upper = near[1] if len(near) > 1 and _name_line(lines[near[1]].text) else None
    m = _NAME.match(lines[lower].text)
    if upper is None or (m and m["full"]):  # "user (Full Name)" is the whole name
        return (lower, m["user"]) if m else None
    up, low = lines[upper].text.strip(), lines[lower].text.strip()
    if " " in up and " " not in low:
        return upper, low  # "Full Name" over "user"
    if " " in low and " " not in up:
        return upper, up  # "user" over "Full Name"
    if up.casefold() == low.casefold():
        return upper, up  # "mira" over "Mira"
    # Two unrelated lines: the upper one is the page's (a category over the first post).
    m = _NAME.match(low)
    return (lower, m["user"]) if m else None


def _heads(lines: list[Line]) -> list[_Head]:
    out: list[_Head] = []
    for i, line in enumerate(lines):
        ok, stamp, tiny = _date(line.text)
        if not ok or (out and out[-1].date >= i - 1):
            continue
        found = _name(lines, i)
        if found is None:
            continue
        start, user = found
        if out and start <= out[-1].date:
            continue
        date = i + 1 if i + 1 < len(lines) and _NUMBER.match(lines[i + 1].text) else i
        out.append(_Head(start, date, user, stamp, tiny))
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Discourse topic copied as text.

    >>> sniff("ann\\nMar '22\\nHi\\nReply\\nbob\\n3h\\nann:\\nHi\\n\\nYo\\n1 Reply\\nReply\\n")
    0.85
    """
    lines = numbered(text[:SNIFF_CHARS])
    heads = _heads(lines)
    if not heads:
        return 0.0
    score = SCORE_BY_POSTS[min(len(heads), len(SCORE_BY_POSTS) - 1)]
    if any(h.tiny for h in heads):
        score += TINY_DATES
    if any(_OWN.match(x.text) for x in lines):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the topic's first post (flat)."""
    if not text.strip():
        return []
    lines = numbered(text)
    heads = _heads(lines)
    if not heads:
        return [
            RawThread(posts=[block_post(lines, author=None)], warnings=["no Discourse post headers found"])
        ]
    above = [x.text.strip() for x in lines[: heads[0].start] if x.text.strip() and not _HEADER.match(x.text)]
    title = above[0] if above else None
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    posts: list[RawPost] = []
    for k, head in enumerate(heads):
        stop = heads[k + 1].start if k + 1 < len(heads) else len(lines)
        seg = lines[head.date + 1 : stop]
        if k + 1 == len(heads):
            seg, cut = _copy_sites.cut_site_chrome(seg, _FOOTER)
            _copy.report(skipped, warnings, cut)
        seg = [x for x in seg if not _UI.match(x.text)]
        body, quotes = _copy.take_quotes(seg, QUOTES)
        post = block_post(
            body,
            author=head.author,
            timestamp=head.timestamp,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
        )
        post.line_start = lines[head.start].no
        if not strip_blank(body):
            post.line_end = lines[head.date].no
        posts.append(post)
    posts[0].title = title
    if any(h.timestamp is None for h in heads):
        warnings.append("some dates are relative or name only the month ('3h', \"Mar '22\"): left empty")
    return [RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)]
