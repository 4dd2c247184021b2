"""Old Reddit (old.reddit.com) comment pages copied from the browser as text.

The copy opens with the site's bars, then the submission: its score, its title (with
"(self.SUB)" or the link's domain after it), "submitted 9 years ago by NAME", its
buttons and text. Each comment is its tagline, its words and its buttons::

    [–]pesto_pete 88 points 9 years ago (2 children)
    Treat it like cut flowers: stems in a glass of water ...
    permalink embed save report give award reply
    [–]herb_nerd[S] 21 points 9 years ago
    Does the water need changing?
    permalink embed save parent report give award reply

(the buttons run together or one a line, as the browser copies the list; "[S]" marks
the submitter, a flair may follow the name, "[score hidden]" replaces a young
comment's score). The indent is lost: the copy is flat, in depth-first order. Only a
reply has the "parent" button, so where the page shows it, a comment without it answers
the submission, and a reply right after such a comment answers it; deeper parents are
left to the reply stage. Times are relative ("9 years ago"): left empty, with a warning.
"[deleted]" authors and "[deleted]"/"[removed]" words make placeholders. Reddit's quotes
are blockquotes, copied as plain paragraphs: nothing marks them in a copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threads.formats import _copy, _copy_sites
from threads.formats._text import Line, block_post, note_relative, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "reddit-text"
LINE_BASED = True
PRIORITY = 30
DESCRIPTION = (
    "Old Reddit comments copied from a browser: '[–]NAME 12 points 3 hours ago', text, 'permalink ... reply'."
)

# A Reddit user name: 3-20 of letters, digits, '-' and '_' ("[deleted]" for a gone one).
USER = r"[A-Za-z0-9_-]{3,20}|\[deleted\]"
AGO = r"\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|just now"
# The tagline (old.reddit.com's p.tagline): toggle, name, its flags ([S] submitter, [M]
# moderator, [A] admin), an optional flair, the score (up to three when the page's
# style sheet is lost: disliked/unvoted/liked), the time ("*" when edited), and the
# children count of a collapsed comment.
_TAGLINE = re.compile(
    rf"^\s*(?P<toggle>\[[–+-]\])?\s*(?P<name>{USER})(?:\s*\[[SMA](?:\s*[SMA])*\])*"
    r"(?P<flair>\s+[^\n]{1,60}?)?\s*"
    r"(?P<score>(?:-?\d[\d,.]*k?\s+points?\s*){1,3}|\[score hidden\]\s*|score hidden\s*)\s*"
    rf"(?P<ago>{AGO})\*?(?:\s*\(last edited .{{1,40}}\))?(?:\s*\(\d+ (?:child|children)\))?\s*$",
    re.I,
)
# "submitted 9 years ago by NAME" (with " to r/SUB" on a front page, "*" when edited).
_SUBMITTED = re.compile(
    rf"^\s*submitted\s+(?P<ago>{AGO})\s*\*?\s*by\s+(?P<name>{USER})(?:\s*\[[SMA]\])*(?:\s+to\s+\S+)?\s*$",
    re.I,
)
# A title's "(self.Cooking)" or "(example.com)".
_DOMAIN = re.compile(r"\s+\((?:self\.\w+|(?:[\w-]+\.)+[a-z]{2,}(?:/[\w.~-]*)*)\)\s*$", re.I)
# The buttons under a comment or the submission, run together or one a line.
BUTTONS = (
    r"permalink|embed|save|unsave|parent|report|give award|give gold|reply|share|edit|delete|"
    r"hide|crosspost|source|context|full comments(?: \(\d+\))?|\d+ comments?|comment|block user|"
    r"mark as spam|approve|remove|spam|distinguish|disable inbox replies|sendreplies"
)
_BUTTONS = re.compile(rf"^\s*(?:(?:{BUTTONS})\s*)+$", re.I)
_PARENT = re.compile(r"parent", re.I)
# Lines about the comments that are no one's words (old.reddit.com).
UI_LINES: tuple[str, ...] = (
    r"load more comments\s*\(\d+ repl(?:y|ies)\)|continue this thread\s*→?|more replies",
    r"all \d+ comments|sorted by:.*|\d+ comments?|formatting help|content policy",
    r"this thread is archived|new comments cannot be posted and votes cannot be cast",
    r"want to add to the discussion\?|post a comment!|create an account",
    r"\[[–+-]\]",  # the toggle alone on its line
    r"(?:-?\d[\d,.]*k?|•)",  # a vote count alone (the submission's score)
)
_UI = _copy.compile_lines(UI_LINES)
GONE = ("[deleted]", "[removed]")
# old.reddit.com's footer (2015-2024).
FOOTER: tuple[tuple[str, str], ...] = (
    (r"use of this site constitutes acceptance of our user agreement.*", "footer legal line"),
    (r"reddit and the alien logo are registered trademarks.*|π rendered by pid .*", "footer"),
    (r"about\s*blog\s*about.*|about|blog|advertising|careers|reddiquette|site rules", "footer link lists"),
)
_FOOTER = _copy_sites.site_lines(FOOTER)

# sniff(): taglines are distinctive ("[–]NAME 12 points 3 hours ago"); the submission
# line, a buttons line holding "permalink" or the toggle make it sure.
SCORE_BY_HEADERS: tuple[float, ...] = (0.0, 0.25, 0.4, 0.5, 0.6)
CORROBORATION = 0.35
_OWN = re.compile(r"^\s*(?:submitted .* ago .*by .*|.*permalink.*|\[[–+-]\]\S.*)$", re.I)
SNIFF_CHARS = 200_000
MAX_HEAD_CHARS = 200


@dataclass(frozen=True)
class _Head:
    index: int
    author: str | None


def _heads(lines: list[Line]) -> list[_Head]:
    out = []
    for i, line in enumerate(lines):
        if len(line.text) <= MAX_HEAD_CHARS and (m := _TAGLINE.match(line.text)):
            if m["flair"] and not m["toggle"]:
                continue  # "The team scored 3 points 2 hours ago": a flair comes after the toggle
            name = m["name"]
            out.append(_Head(i, None if name.casefold() == "[deleted]" else name))
    return out


def sniff(text: str) -> float:
    """Confidence that ``text`` is an old Reddit comment page copied as text.

    >>> sniff("[–]ann 3 points 2 hours ago\\nHi\\npermalink embed save reply\\n")
    0.6
    """
    lines = numbered(text[:SNIFF_CHARS])
    n = len(_heads(lines))
    if not n:
        return 0.0
    score = SCORE_BY_HEADERS[min(n, len(SCORE_BY_HEADERS) - 1)]
    if any(_OWN.match(x.text) for x in lines):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def _buttons_at(seg: list[Line]) -> tuple[int, int] | None:
    """The comment's buttons in ``seg``: (first, after last) of the last run of button
    lines that holds "permalink", or ``None``."""
    hit = next(
        (
            j
            for j in range(len(seg) - 1, -1, -1)
            if _BUTTONS.match(seg[j].text) and "permalink" in seg[j].text.lower()
        ),
        None,
    )
    if hit is None:
        return None
    lo, hi = hit, hit + 1
    while lo and _BUTTONS.match(seg[lo - 1].text):
        lo -= 1
    while hi < len(seg) and _BUTTONS.match(seg[hi].text):
        hi += 1
    return lo, hi


def _parents(buttons: list[str | None]) -> list[str | None]:
    """Parents the "parent" button proves (see the module doc), as source ids."""
    if not any(b and _PARENT.search(b) for b in buttons):
        return [None] * len(buttons)
    out: list[str | None] = []
    prev_top = False
    for k, b in enumerate(buttons, start=1):
        if b is None:  # a collapsed or cut comment shows no buttons: nothing known
            out.append(None)
            prev_top = False
        elif _PARENT.search(b):
            out.append(f"c{k - 1}" if prev_top else None)
            prev_top = False
        else:
            out.append("c0")
            prev_top = True
    return out


def _submission(lines: list[Line], stop: int) -> tuple[RawPost, str | None]:
    """Post 0 from the text above the first comment ("submitted ... by NAME")."""
    at = next((i for i in range(stop) if _SUBMITTED.match(lines[i].text)), None)
    if at is None:
        return RawPost(author=None, body="", placeholder=True, source_id="c0"), None
    m = _SUBMITTED.match(lines[at].text)
    assert m is not None
    above = [x for x in lines[:at] if x.text.strip() and not _UI.match(x.text)]
    title = _DOMAIN.sub("", above[-1].text.strip()) if above else None
    body = strip_blank([x for x in lines[at + 1 : stop] if not (_UI.match(x.text) or _BUTTONS.match(x.text))])
    name = m["name"]
    root = block_post(
        body, author=None if name.casefold() == "[deleted]" else name, title=title, source_id="c0"
    )
    if not body:
        root.body, root.line_end = title or "", lines[at].no
    root.line_start = above[-1].no if above else lines[at].no
    return root, title


def parse(text: str) -> list[RawThread]:
    """One thread: the submission (post 0; a placeholder when not copied) and the
    comments in page order, flat. Blank text gives no threads."""
    if not text.strip():
        return []
    lines = numbered(text)
    heads = _heads(lines)
    if not heads:
        return [
            RawThread(posts=[block_post(lines, author=None)], warnings=["no Reddit comment taglines found"])
        ]
    root, title = _submission(lines, heads[0].index)
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    segs: list[list[Line]] = []
    buttons: list[str | None] = []
    for k, head in enumerate(heads):
        stop = heads[k + 1].index if k + 1 < len(heads) else len(lines)
        seg = lines[head.index + 1 : stop]
        at = _buttons_at(seg)
        if k + 1 == len(heads):
            # The last comment ends with its buttons; without them, at the footer.
            seg, cut = _copy_sites.cut_site_chrome(seg, _FOOTER, start=at[1] if at else 0)
            _copy.report(skipped, warnings, cut)
        buttons.append(" ".join(x.text for x in seg[at[0] : at[1]]) if at else None)
        segs.append(seg[: at[0]] if at else seg)
    posts = [root]
    for k, (head, seg, parent) in enumerate(zip(heads, segs, _parents(buttons), strict=True), start=1):
        body = strip_blank([x for x in seg if not _UI.match(x.text)])
        post = block_post(body, author=head.author, source_id=f"c{k}", parent_source_id=parent)
        post.line_start = lines[head.index].no
        if not body:
            post.line_end = post.line_start
        if head.author is None or post.body.strip() in GONE:
            post.placeholder = True
        posts.append(post)
    note_relative(posts, skipped, warnings, "'3 hours ago'")
    return [RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)]
