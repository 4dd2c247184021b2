"""Hacker News item pages copied from the browser as text (Select All + Copy).

The copy opens with the site's menu, then the story: its title (with the site's domain
in brackets for a link), the line under it, and the text of an Ask HN::

    Hacker News new | past | comments | ask | show | jobs | submit    login
    Ask HN: How do you back up your home server?
    142 points by rsync_fan 4 hours ago | hide | past | favorite | 97 comments
    I have about 4 TB of family photos ...
    add comment

Each comment is its header line, its words and its "reply" link::

    zfs_zealot 3 hours ago | next [–]
    ZFS send to a second box ...
    reply
    rsync_fan 2 hours ago | parent | next [–]

(pages saved in the 2010s: "joelg87 1 day ago | link"; items older than a year print
the day, "zfs_zealot on Jan 5, 2023 | [–]"). The indent that nests a comment is not
text, so a copy is flat, in the page's depth-first order; the header's links ("parent",
"root") still tell a reply from a comment on the story, and give the parents they prove
(:func:`_parents`); the rest are left to the reply stage. Times "3 hours ago" are
relative to a moment the copy does not hold: they stay empty (a warning says so); "on
Jan 5, 2023" gives the day.
Quotes are the lines starting with ">" (HN has no quote markup), left in the text for
the quote splitter, their source unnamed as on the page. A comment whose words are gone
("[deleted]", "[dead]", "[flagged]"; a deleted one has no name in its header) keeps its
place as a placeholder. The footer ("Guidelines | FAQ | Lists | ...", "Search:") is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _copy, _copy_sites
from threads.formats._text import Line, block_post, note_relative, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "hackernews-text"
LINE_BASED = True
PRIORITY = 30
DESCRIPTION = (
    "Hacker News item page copied from a browser: 'NAME 3 hours ago | parent | next [–]', text, 'reply'."
)

# An HN user name (letters, digits, '-' and '_'; the site allows 2-15, old accounts more).
USER = r"[A-Za-z0-9_-]{1,32}"
# When a comment was posted, as news.ycombinator.com prints it: relative, or the day for
# items older than a year ("on Jan 5, 2023").
WHEN = (
    r"(?P<ago>\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|just now)"
    r"|on\s+(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})"
)
# The links after the time in a header, as HN prints them (item pages today and in
# 2013, /threads and /newcomments pages, one's own comments and the story's line);
# "on: TITLE" (a comment shown out of its thread) ends the line.
HEAD_WORDS = (
    "link|parent|prev|next|root|context|flag|unflag|vouch|edit|delete|favorite|unfavorite|"
    "hide|unhide|past|web|discuss|comments?|\\d+"
)
_TAIL = re.compile(rf"^(?:\s*(?:\||\[[^\]\n]{{1,20}}\]|(?:{HEAD_WORDS})\b))*\s*(?:\|\s*on:\s.*)?$", re.I)
_HEAD = re.compile(
    rf"^\s*(?:(?P<points>\d+)\s+points?\s+by\s+)?(?:by\s+)?(?P<name>{USER}\s+)?(?:{WHEN})(?P<tail>.*)$",
)
# The story's line has words only it carries ("hide", "past", "N comments", "discuss").
_STORY_WORDS = re.compile(r"\|\s*(?:hide|past|favorite|discuss|\d+\s+comments?|web)\b", re.I)
# A title's " (example.com)" or " (github.com/user)", which HN prints after a link.
_DOMAIN = re.compile(r"\s+\((?:[\w-]+\.)+[a-z]{2,}(?:/[\w.~-]*)*\)\s*$", re.I)
# What HN prints where a comment's words are gone.
GONE = ("[deleted]", "[dead]", "[flagged]", "[flagged][dead]")
# Links and form lines under the story and each comment: no one's words.
UI_LINES: tuple[str, ...] = (
    r"reply|add comment|help|edit|delete|more",
    r"\[\d+ more\]|\[[–-]\]",  # a collapsed comment's toggle copied on its own line
)
_UI = _copy.compile_lines(UI_LINES)
# HN's footer under the comments (news.ycombinator.com, 2013 and today) and banners.
FOOTER: tuple[tuple[str, str], ...] = (
    (r"(?:guidelines|lists|faq)\s*\|.*", "HN footer links: 'Guidelines | FAQ | Lists | API | ...'"),
    (r"search:.*", "HN footer search box"),
    (r"applications are open for yc .*|join us for .* startup school.*", "HN banner over the footer"),
)
_FOOTER = _copy_sites.site_lines(FOOTER)
# The site's menu, which opens the copy ("Hacker News new | past | ...").
_MENU = re.compile(
    r"^\s*hacker news\s*(?:new\s*\|.*)?$|^\s*new\s*\|\s*(?:past|threads|comments)\s*\|.*$", re.I
)

# sniff(): comment headers found, and HN's own lines. A header is a distinctive line
# ("NAME 3 hours ago | parent | next [–]"): a few of them are enough; the story's line
# or the site's menu make it sure.
SCORE_BY_HEADERS: tuple[float, ...] = (0.0, 0.25, 0.4, 0.5, 0.6)
CORROBORATION = 0.35
SNIFF_CHARS = 200_000
MAX_HEAD_CHARS = 300


@dataclass(frozen=True)
class _Head:
    index: int
    author: str | None
    timestamp: datetime | None
    relative: bool
    story: bool  # the story's line ("142 points by NAME ... | 97 comments")
    links: frozenset[str] = frozenset()  # the header's links, lower case: "parent", "root", ...


def _head(line: Line, index: int) -> _Head | None:
    """The header at ``line``: a comment's, or the story's line; ``None`` when not one."""
    text = line.text
    if len(text) > MAX_HEAD_CHARS:
        return None
    m = _HEAD.match(text)
    if not m or not _TAIL.match(m["tail"]):
        return None
    story = bool(_STORY_WORDS.search(m["tail"]))  # one's own comment has points too
    if not story and not m["tail"].strip():
        return None  # "Ann 3 hours ago" alone: a comment's header always has links after it
    name = (m["name"] or "").strip() or None
    stamp = parse_date(m["day"]) if m["day"] else None
    before, on, _ = m["tail"].partition("| on:")
    links = frozenset(w.casefold() for w in re.findall(r"[A-Za-z]+", before)) | ({"on:"} if on else set())
    return _Head(index, name, stamp, m["ago"] is not None, story, links)


def _heads(lines: list[Line]) -> list[_Head]:
    return [h for i, line in enumerate(lines) if (h := _head(line, i)) is not None]


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Hacker News item page copied as text.

    >>> sniff("ann 3 hours ago | next [–]\\nHi\\nreply\\nbob 2 hours ago | parent | next [–]\\nYo\\nreply\\n")
    0.4
    """
    lines = numbered(text[:SNIFF_CHARS])
    heads = _heads(lines)
    comments = [h for h in heads if not h.story]
    if not comments:
        return 0.0
    score = SCORE_BY_HEADERS[min(len(comments), len(SCORE_BY_HEADERS) - 1)]
    if any(h.story for h in heads) or any(_MENU.match(x.text) for x in lines[:20]):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def _without_ui(lines: list[Line]) -> list[Line]:
    """``lines`` without the links under a post ("reply", "add comment")."""
    return [x for x in lines if not _UI.match(x.text)]


def _title(lines: list[Line], story: int) -> str | None:
    """The story's title: the last line above its line, without the domain."""
    above = [x.text.strip() for x in lines[:story] if x.text.strip() and not _MENU.match(x.text)]
    return _DOMAIN.sub("", above[-1]) if above else None


def _parents(comments: list[_Head]) -> list[str | None]:
    """Parents the header links prove, as source ids ("c0" the story, "cK" comment K).

    Today's item pages give every comment "prev"/"next" links among its siblings,
    "parent" to a reply and "root" as well to a reply deeper than one level. So where
    the page shows those links at all, a comment without "parent" answers the story, one
    with "parent" but no "root" answers the last comment above it that answers the story
    (the copy is in depth-first order), and one with "root" right under a comment of
    the first level answers that comment. Other deep replies are left to the reply
    stage; a page holding comments from several stories ("on: TITLE") gives none.
    """
    navs = any(h.links & {"prev", "next"} for h in comments)
    if not navs or any("on:" in h.links for h in comments):
        return [None] * len(comments)
    out: list[str | None] = []
    top: str | None = None  # the last comment that answers the story
    prev_depth: int | None = None
    for k, head in enumerate(comments, start=1):
        if "root" in head.links:
            depth = None
            out.append(f"c{k - 1}" if prev_depth == 1 else None)
        elif "parent" in head.links:
            depth = 1
            out.append(top)
        else:
            depth, top = 0, f"c{k}"
            out.append("c0")
        prev_depth = depth
    return out


def parse(text: str) -> list[RawThread]:
    """One thread: the story (post 0; a placeholder when the copy starts at the comments)
    and the comments in page order, flat. Blank text gives no threads."""
    if not text.strip():
        return []
    lines = numbered(text)
    heads = _heads(lines)
    story = next((h for h in heads if h.story), None)
    comments = [h for h in heads if not h.story and (story is None or h.index > story.index)]
    if story is not None and comments and story.index > comments[0].index:
        story = None
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    if not comments and story is None:
        return [
            RawThread(
                posts=[block_post(lines, author=None)], warnings=["no Hacker News comment headers found"]
            )
        ]
    first = comments[0].index if comments else len(lines)
    if story is not None:
        title = _title(lines, story.index)
        body = strip_blank(_without_ui(lines[story.index + 1 : first]))
        root = block_post(body, author=story.author, timestamp=story.timestamp, title=title)
        if not body:
            root.body = title or ""
            root.line_end = lines[story.index].no
        root.line_start = lines[story.index].no - (1 if title else 0)
    else:
        title = None
        root = RawPost(author=None, body="", placeholder=True)
    root.source_id = "c0"
    posts = [root]
    parents = _parents(comments)
    for k, head in enumerate(comments):
        stop = comments[k + 1].index if k + 1 < len(comments) else len(lines)
        seg = lines[head.index + 1 : stop]
        if k + 1 == len(comments):
            seg, cut = _copy_sites.cut_site_chrome(seg, _FOOTER)
            _copy.report(skipped, warnings, cut)
        body = strip_blank(_without_ui(seg))
        post = block_post(body, author=head.author, timestamp=head.timestamp)
        post.line_start = lines[head.index].no
        post.source_id, post.parent_source_id = f"c{k + 1}", parents[k]
        if not body:
            post.line_end = post.line_start
        if post.body.strip() in GONE or head.author is None:
            post.author, post.placeholder = None, True
        posts.append(post)
    note_relative(posts, skipped, warnings, "'3 hours ago'")
    return [RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)]
