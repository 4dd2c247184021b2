"""Stack Exchange question pages (Stack Overflow, Super User, ...) copied as text.

The copy holds the question, then its answers, each post as the site lays it out: the
vote count, the words, the tags (question), the links "Share / Improve this answer /
Follow", who edited it, then the signature and the comments::

    66
    Use a soft reset: ...
    Share
    Improve this answer
    Follow
    edited Jan 10, 2014 at 9:00
    Editor Ed
    answered Sep 24, 2012 at 17:20
    Cy Nakamura
    1,024
    1
    5
    Exactly what I needed, thanks. Staged is fine. – mira Sep 24, 2012 at 17:35
    Add a comment

A post is found by its signature ("asked DATE", "answered DATE", the name on the line
or under it, then the reputation and badge counts); a comment by its own ("TEXT – NAME
DATE", on one line or three). That is the Q&A structure the copy keeps, and it is
recorded: an answer answers the question, a comment the post it sits under (both
``nested``). Times print to the minute ("Sep 24, 2012 at 17:20", in UTC as the site
shows them); "asked 3 hours ago" and "yesterday" are relative, left empty. The page's
top bar, the sorting controls between question and answers, and the footer ("Your
Answer", "Not the answer you're looking for?", the sidebar, the legal line) are cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _copy, _copy_sites
from threads.formats._text import Line, block_post, note_relative, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "stackexchange-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "Stack Exchange question copied from a browser: 'asked/answered DATE NAME', comments 'TEXT – NAME DATE'."
)

# The dates a Stack Exchange page prints (absolute to the minute, or relative).
DATE = (
    r"(?:[A-Z][a-z]{2} \d{1,2}(?:, \d{4})? at \d{1,2}:\d\d"
    r"|\d+ (?:secs?|seconds?|mins?|minutes?|hours?|days?) ago|yesterday|today)"
)
# A post's signature: what the user did, when, and maybe the name on the same line.
_SIGNATURE = re.compile(rf"^\s*(?P<what>asked|answered)\s+(?P<date>{DATE})\s*(?P<name>\S.{{0,60}})?$")
_EDITED = re.compile(rf"^\s*edited\s+(?:{DATE})\s*(?P<name>\S.{{0,60}})?$")
# A comment's signature: "TEXT – NAME DATE" (copied inline), or "– NAME" then the date.
_COMMENT_LINE = re.compile(
    rf"^(?P<text>.*?)\s*[–—]\s*(?P<name>\S[^–—]{{0,60}}?)\s+(?P<date>{DATE})(?:\s*edit)?\s*$"
)
_COMMENT_NAME = re.compile(r"^\s*[–—]\s*(?P<name>\S.{0,60}?)\s*$")
_DATE_LINE = re.compile(rf"^\s*(?P<date>{DATE})\s*$")
# The reputation and badge counts under a name ("1,024", "12.3k", "●1", "5").
_COUNTS = re.compile(r"^\s*(?:[\d,.]+k?|[●•]\s*\d+|\d+\s*[●•]\s*\d+)(?:\s+[\d,.]+k?)*\s*$")
# Lines between the posts and around them that are no one's words.
UI_LINES: tuple[str, ...] = (
    r"share|improve this (?:question|answer)|follow|flag|edit|delete|cite",
    r"add a comment|show \d+ more comments?|\d+ more comments?|comments disabled.*",
    r"\d+ answers?|sorted by:|reset to default|highest score \(default\)",
    r"trending \(recent votes count more\)",
    r"date modified \(newest first\)|date created \(oldest first\)|loading when this answer was accepted…",
    r"-?\d+",  # a vote count
    r"asked\s*.{0,30}|modified\s*.{0,30}|viewed\s*[\d,.]+k? times?|active\s*.{0,30}",  # the question's header
    r"ask question|community wiki|protected question.*|highly active question.*",
)
_UI = _copy.compile_lines(UI_LINES)
# The page's top bar (before the title).
HEADER: tuple[str, ...] = (
    r"stack overflow|stack exchange|about|home|products|for teams|questions|tags|users|companies",
    r"log in|sign up",
    r"skip to main content|public|collectives|explore collectives|labs|jobs|discussions",
)
_HEADER = _copy.compile_lines(HEADER)
# The page after the last post (stackoverflow.com and the network sites, 2019-2024).
FOOTER: tuple[tuple[str, str], ...] = (
    (r"your answer|post your answer|not the answer you're looking for\?.*", "answer form"),
    (r"(?:hot network questions|the overflow blog|featured on meta|linked|related)", "sidebar"),
    (r"site design / logo © .*|question feed", "footer"),
)
_FOOTER = _copy_sites.site_lines(FOOTER)
# Tags under the question: short lower-case words on one line.
_TAGS = re.compile(r"^\s*[a-z0-9][a-z0-9.#+-]*(?:\s+[a-z0-9][a-z0-9.#+-]*){0,4}\s*$")

# sniff(): signatures are distinctive ("asked Sep 24, 2012 at 16:53"); the links under a
# post ("Improve this answer") or "Add a comment" make it sure.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.3, 0.45, 0.55)
CORROBORATION = 0.35
_OWN = _copy.compile_lines((r"improve this (?:question|answer)", r"add a comment", r"\d+ answers?"))
SNIFF_CHARS = 200_000


@dataclass
class _Sig:
    at: int  # the "asked/answered" line
    end: int  # the first line after the name and counts
    author: str | None
    timestamp: datetime | None
    question: bool


def _undouble(name: str) -> str:
    """A name the copy printed twice ("miramira": the link and a hidden copy of it)."""
    half = len(name) // 2
    return name[:half] if len(name) % 2 == 0 and half and name[:half] == name[half:] else name


def _stamp(text: str) -> datetime | None:
    return parse_date(text) if " at " in text else None


def _signatures(lines: list[Line]) -> list[_Sig]:
    out: list[_Sig] = []
    for i, line in enumerate(lines):
        m = _SIGNATURE.match(line.text)
        if not m:
            continue
        j, name = i + 1, (m["name"] or "").strip()
        if not name:
            while j < len(lines) and not lines[j].text.strip():
                j += 1
            if j >= len(lines) or _UI.match(lines[j].text) or _COUNTS.match(lines[j].text):
                continue
            name, j = lines[j].text.strip(), j + 1
        while j < len(lines) and (_COUNTS.match(lines[j].text) or not lines[j].text.strip()):
            j += 1
        out.append(_Sig(i, j, _undouble(name), _stamp(m["date"]), m["what"] == "asked"))
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Stack Exchange question copied as text.

    >>> sniff("Q?\\nShare\\nasked Sep 24, 2012 at 16:53\\nann\\nA.\\nanswered Sep 24, 2012 at 17:20\\nbob\\n")
    0.45
    """
    lines = numbered(text[:SNIFF_CHARS])
    n = len(_signatures(lines))
    if not n:
        return 0.0
    score = SCORE_BY_POSTS[min(n, len(SCORE_BY_POSTS) - 1)]
    if any(_OWN.match(x.text) for x in lines):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def _above(lines: list[Line], j: int, lo: int) -> int | None:
    """Index of the nearest non-blank line above ``j`` (down to ``lo``)."""
    return next((k for k in range(j - 1, lo - 1, -1) if lines[k].text.strip()), None)


def _body_end(lines: list[Line], lo: int, sig: int) -> int:
    """Where a post's words end: above the links, the editor and the signature."""
    k = sig
    while k > lo:
        text = lines[k - 1].text
        up = _above(lines, k - 1, lo)
        editor = up is not None and _EDITED.match(lines[up].text) and not _EDITED.match(text)
        if not text.strip() or _UI.match(text) or _EDITED.match(text) or editor:
            k -= 1
        else:
            break
    return k


def _comments(lines: list[Line], lo: int, hi: int) -> tuple[list[tuple[int, int, str, datetime | None]], int]:
    """Comments in ``lines[lo:hi]``: (first line, last line, name, time) each, and the
    index where they end (the next post's words start there)."""
    found: list[tuple[int, int, str, datetime | None]] = []
    start, end, j = lo, lo, lo
    while j < hi:
        text = lines[j].text
        if m := _COMMENT_LINE.match(text):
            found.append((start, j, m["name"].strip(), _stamp(m["date"])))
            start = end = j + 1
        elif (m := _COMMENT_NAME.match(text)) and j + 1 < hi and (d := _DATE_LINE.match(lines[j + 1].text)):
            found.append((start, j + 1, m["name"].strip(), _stamp(d["date"])))
            start = end = j + 2
            j += 1
        elif re.match(r"^\s*(?:add a comment|show \d+ more comments?)\s*$", text, re.I):
            end = start = j + 1
        j += 1
    return found, end


def parse(text: str) -> list[RawThread]:
    """One thread: the question (post 0), its comments, each answer and its comments,
    in page order; answers nested under the question, comments under their post."""
    if not text.strip():
        return []
    lines = numbered(text)
    sigs = _signatures(lines)
    if not sigs:
        return [
            RawThread(posts=[block_post(lines, author=None)], warnings=["no Stack Exchange signatures found"])
        ]
    top = [x.text.strip() for x in lines[: sigs[0].at] if x.text.strip() and not _HEADER.match(x.text)]
    title = top[0] if top and sigs[0].question else None
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    posts: list[RawPost] = []
    lo = next((k + 1 for k, x in enumerate(lines[: sigs[0].at]) if x.text.strip() == title), 0)
    qid = "q"
    for k, sig in enumerate(sigs):
        hi = sigs[k + 1].at if k + 1 < len(sigs) else len(lines)
        end = _body_end(lines, lo, sig.at)
        body = [x for x in lines[lo:end] if not _UI.match(x.text)]
        body = strip_blank(body)
        if sig.question and body and _TAGS.match(body[-1].text):
            body = strip_blank(body[:-1])
        sid = qid if sig.question else f"a{k}"
        if not sig.question and not posts:
            posts.append(RawPost(author=None, body="", placeholder=True, source_id=qid))
        post = block_post(body, author=sig.author, timestamp=sig.timestamp, source_id=sid)
        post.parent_source_id = None if sig.question else qid
        post.line_start = body[0].no if body else lines[sig.at].no
        post.line_end = lines[sig.at].no
        posts.append(post)
        region_end = hi
        if k + 1 == len(sigs):
            tail, cut = _copy_sites.cut_site_chrome(lines[sig.end :], _FOOTER)
            _copy.report(skipped, warnings, cut)
            region_end = sig.end + len(tail)
        found, lo = _comments(lines, sig.end, region_end)
        for n, (first, last, name, stamp) in enumerate(found, start=1):
            words = strip_blank(
                [x for x in lines[first : last + 1] if not re.match(r"^\s*-?\d+\s*$", x.text)]
            )
            inline = _COMMENT_LINE.match(lines[last].text)
            if inline:
                words = [*words[:-1], Line(lines[last].no, inline["text"])] if words else []
            else:
                words = [x for x in words if not (_COMMENT_NAME.match(x.text) or _DATE_LINE.match(x.text))]
            comment = block_post(words, author=_undouble(name), timestamp=stamp, source_id=f"{sid}c{n}")
            comment.parent_source_id = sid
            comment.line_end = lines[last].no
            posts.append(comment)
        if k + 1 < len(sigs) and lo < sig.end:
            lo = sig.end
    posts[0].title = title
    note_relative(posts, skipped, warnings, "'asked 3 hours ago', 'yesterday'")
    return [RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)]
