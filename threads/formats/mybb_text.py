"""MyBB threads copied from the browser as text (Select All + Copy), MyBB 1.6/1.8.

Each post copies as the member block (name, user title, "Posts: 12", "Threads: 3",
"Joined: Jan 2020", "Reputation: 0"), the post number "#3", the date (with "(This post
was last modified: ...)" after it when edited), the text and the buttons::

    solder_sam
    Junior Member
    Posts: 12
    Joined: Jan 2020
    #1
    03-14-2021, 09:41 PM
    After running apt full-upgrade my Pi 4 shows only the rainbow screen.
    Find
    Reply

The name is the line above the first title or key line of the block. A date line with
no number above it is a post too when its block holds a member title or a name the page
shows elsewhere. "(DATE)NAME Wrote:" opens a quote box, ended by NAME's post on the page
or a blank line. Relative dates ("Yesterday, 08:05 AM") keep no time. Post 0 is the
first post on the page.
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.formats import _copy
from threads.formats import _forum_text as ft
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "mybb-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "MyBB threads copied from a browser: member block, '#N', 'DATE', text, '(DATE)NAME Wrote:' quotes."
)

_NUMBER = re.compile(r"^\s*(?:post:\s*)?#\s?(?P<n>\d+)\s*$", re.I)
# "(This post was last modified: ... by X.)" after the date, en/de.
_MODIFIED = re.compile(
    r"\s*\((?:this post was last modified|dieser beitrag wurde zuletzt bearbeitet)\b.*\)\s*$", re.I
)
# MyBB's default user titles (by post count), group titles, and the block's key lines.
MEMBER = _copy.compile_lines(
    (
        r"(?:newbie|junior member|member|senior member|posting freak)",
        r"(?:administrator|super moderator|moderator)",
        r"(?:neuling|junior mitglied|mitglied|senior mitglied|super moderator|administrator)",
        r"(?:posts|threads|joined|reputation|beiträge|themen|registriert seit|bewertung|thanks|warning level)"
        r"\s*:.*",
        r"(?:offline|online|\*+)",
    )
)
UI_LINES = _copy.compile_lines(
    (
        r"find|reply|quote|report|website|pm|email|edit|delete|warn|multi-?quote|"
        r"suchen|antworten|zitieren|melden|bearbeiten|löschen",
        r"(?:find|reply|quote|report|website|pm|email|edit|delete)(?:\s+(?:find|reply|quote|report|website|pm|"
        r"email|edit|delete))+",
    )
)
QUOTES = ft.QuoteRules(
    start=re.compile(
        r"^\s*(?:\([^)]{6,40}\)\s*)?(?P<name>\S.{0,60}?)\s+(?:wrote|schrieb|a écrit|escribió)\s*:"
        r"\s*(?P<rest>.*)$",
        re.I,
    )
)
QUOTES_PLAIN = ft.QuoteRules(start=re.compile(r"^\s*(?:quote|zitat)\s*:\s*(?P<rest>.*)$", re.I))
_POST_END = re.compile(r"^\s*(?:find|reply|quote|report|suchen|antworten|zitieren|melden)\s*$", re.I)

# sniff(): "#N" over a date is MyBB's (vBulletin puts the number under the date); the
# block's "Threads:" / "Reputation:" and the credit corroborate.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5)
CORROBORATION = 0.35
_MYBB_LINES = re.compile(
    r"^\s*(?:.*powered by mybb.*|threads:\s*\d.*|reputation:\s*-?\d.*|\(.{6,40}\)\S.* wrote:.*|"
    r"pages \(\d+\):.*|find)\s*$",
    re.I,
)


def _date(text: str, anchor: datetime | None = None, spans: bool = False) -> tuple[bool, datetime | None]:
    # A span ("25 minutes ago") is a date only under "#N", where nothing else stands.
    return ft.forum_date(_MODIFIED.sub("", text.split("\t")[0]), need_clock=True, anchor=anchor, spans=spans)


def _numbered(lines: list[Line], anchor: datetime | None = None) -> list[tuple[int, int, datetime | None]]:
    """(number line, date line, time) for each "#N" over a date."""
    found = []
    for i, line in enumerate(lines[:-1]):
        if _NUMBER.match(line.text):
            j = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].text.strip()), None)
            if j is not None and (d := _date(lines[j].text, anchor, spans=True))[0]:
                found.append((i, j, d[1]))
    return found


def sniff(text: str) -> float:
    """Confidence that ``text`` is a MyBB thread copied as text.

    >>> sniff("Ann\\nPosts: 3\\nThreads: 1\\n#1\\n03-14-2021, 09:41 PM\\nHi\\nFind\\nReply\\n")
    0.65
    """
    return ft.sniff_posts(
        text, lambda lines: len(_numbered(lines)), _MYBB_LINES, SCORE_BY_POSTS, CORROBORATION
    )


def _anchors(lines: list[Line], anchor: datetime | None = None) -> list[tuple[int, int, datetime | None]]:
    found = _numbered(lines, anchor)
    if not found:
        return []
    taken = {i for a in found for i in a[:2]}
    known = {m["name"].strip() for x in lines if (m := QUOTES.start.match(x.text))}
    for i, line in enumerate(lines):
        if i in taken or not line.text.strip() or not (d := _date(line.text, anchor))[0]:
            continue
        run = ft.block_over(lines, i, 0, _POST_END, MEMBER)
        texts = [lines[j].text.strip() for j in run]
        if any(MEMBER.match(t) for t in texts[1:]) or any(t in known for t in texts):
            found.append((i, i, d[1]))
    return sorted(found)


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name; times are naive as printed
    (``None`` for relative days). Text without a post header reads as one post.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    anchors = _anchors(lines, ft.page_time(lines))
    if not anchors:
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no MyBB post headers found"])]
    known = {m["name"].strip() for x in lines if (m := QUOTES.start.match(x.text))}
    starts: list[int] = []
    authors: list[str | None] = []
    lo = 0
    for first, date, _ in anchors:
        run = ft.block_over(lines, first, lo, _POST_END, MEMBER)
        name = ft.name_over(lines, run, known, MEMBER)
        authors.append(lines[name].text.strip() if name is not None else None)
        starts.append(name if name is not None else first)
        lo = date + 1
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    seen: list[tuple[str | None, list[Line]]] = []
    chrome = list(lines[: starts[0]])
    for k, (_, date, stamp) in enumerate(anchors):
        stop = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        seg = lines[date + 1 : stop]
        if k + 1 == len(anchors):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
            chrome += cut.lines
        seg = [x for x in seg if not UI_LINES.match(x.text)]
        body, quotes = ft.take_quotes(seg, QUOTES, ft.earlier_lines(seen))
        body, plain = ft.take_quotes(body, QUOTES_PLAIN)
        quotes += plain
        raw = block_post(
            ft.squeeze(body),
            author=authors[k],
            timestamp=stamp,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
        )
        raw.line_start = lines[starts[k]].no
        kept = strip_blank(seg)
        raw.line_end = kept[-1].no if kept else lines[date].no
        seen.append((authors[k], seg))
        out.append(raw)
    title = _title(lines[: starts[0]])
    out[0].title = title
    ft.note_relative(out, skipped, warnings)
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=ft.page_of(chrome))]


def _title(head: list[Line]) -> str | None:
    """The thread's title: the breadcrumb's last part ("Forum › Board › TITLE") when
    the page header repeats it on a line of its own."""
    texts = [x.text.strip() for x in head if x.text.strip()]
    for t in texts:
        parts = [p.strip() for p in re.split(r"\s+[›»>]\s+", t)]
        if len(parts) >= 2 and parts[-1] in texts:
            return parts[-1]
    return None
