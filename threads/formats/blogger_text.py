"""Blogger (Blogspot) pages copied from the browser as text (Select All + Copy).

Two comment layouts copy differently. Threaded comments (the default since 2011, and
the Contempo/Soho/Emporio/Notable themes) give the name, then the date line (upper
case where the theme sets it so), the comment, and its buttons::

    Owen Pritchard
    MAY 3, 2014 AT 11:17 AM
    Saw two of them over the car park on Thursday evening.
    Reply
    Delete
    Replies
    Hannah Fox
    May 3, 2014 at 1:00 PM
    Owen, were they both adults?
    Delete
    Reply

(older themes put name and date on one line: "Owen PritchardMay 3, 2014 at 11:17 AM").
"Replies" opens the replies to the comment above it and the lone "Reply" after them
closes them: that is the one level of nesting Blogger has, read as ``nested``. Classic
templates print "NAME said...", the comment, then its date line::

    Owen Pritchard said...
    Saw two of them over the car park on Thursday evening.
    May 3, 2014 at 11:17 AM

Text before the first comment is the blog post (post 0: "Posted by NAME at TIME" gives
its author, the date header above the title its day); the page after the last comment
("Post a Comment", "Newer Post Older Post Home") is cut (``_copy``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date
from threads.formats import _copy
from threads.formats._text import Line, block_post, headline, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "blogger-text"
LINE_BASED = True
PRIORITY = 32
DESCRIPTION = "Blogger comments copied from a browser: NAME, a date line, the text, 'Reply'/'Delete'."

# Classic templates' comment header, "NAME said..." in the blog's language (Blogger's
# language packs: en, es, fr, de, it, pt, nl, sv/da/nb, pl), always with the ellipsis
# (forums' quote headers end "said:" instead).
SAID: tuple[str, ...] = (
    r"said", r"dijo", r"a dit", r"hat gesagt", r"ha detto", r"disse", r"zei", r"sa", r"skrev",
    r"sanoi", r"napisał\(a\)|napisał|napisała", r"dedi", r"kirjoitti",
)  # fmt: skip
_SAID = re.compile(rf"^\s*(?P<name>\S.{{0,60}}?)\s+(?:{'|'.join(SAID)})\s*(?:\.\.\.|…)\s*$", re.I)
# Comment buttons, as whole lines (and run together, "ReplyDelete", where the theme
# shows them inline). "Replies" (and its translations) opens the replies to a comment.
BUTTONS = (
    r"reply|delete|responder|eliminar|répondre|supprimer|antworten|löschen|rispondi|elimina|"
    r"excluir|beantwoorden|verwijderen|svara|radera|odpowiedz|usuń"
)
# German prints "Antworten" for both the button and the replies toggle: left out, so a
# German copy reads flat rather than nesting every comment under a button.
REPLIES: tuple[str, ...] = (r"replies|respuestas|réponses|risposte|respostas|reacties|odpowiedzi",)
# The thread's closing link is the reply button alone on its line.
REPLY_WORDS = r"reply|responder|répondre|rispondi|beantwoorden|svara|odpowiedz"
_BUTTON = re.compile(rf"^\s*(?:(?:{BUTTONS})\s*)+$", re.I)
_REPLY_ONLY = re.compile(rf"^\s*(?:{REPLY_WORDS})\s*$", re.I)
_REPLIES = _copy.compile_lines(REPLIES)
# Lines of the comment section that are no one's words.
UI_LINES: tuple[str, ...] = (
    r"\d+ (?:comments?|comentarios?|commentaires?|kommentare?|commenti|comentários?|reacties):?",
    r"(?:no|one) comments?:?|anonymous said\.\.\.",
    r"email this|blogthis!|share to (?:twitter|facebook|pinterest)|labels?:.*",
    r"this comment has been removed by (?:the author|a blog administrator)\.?",
    # Layouts themes (Contempo, Soho, Emporio) around the post and its comments.
    r"skip to main content|share|comments|search|report abuse|popular posts from this blog",
    r"theme images by .{1,60}|get link|facebook|twitter|pinterest|email|other apps",
)
_UI = _copy.compile_lines(UI_LINES)
# The post's byline: "Posted by NAME at TIME" (and translations) under the post in
# classic themes; "By NAME" under the title in the layouts themes.
_BYLINE = re.compile(
    r"^\s*(?:posted by|publicado por|publié par|eingestellt von|pubblicato da|postado por|geplaatst door)"
    r"\s+(?P<name>.+?)\s+(?:at|a la\(?s\)?|à|um|alle|às|om)\s+(?P<time>\d{1,2}[:.]\d{2}.*?)\s*$"
    r"|^\s*(?:by|von|por|par|di|door) (?P<name2>(?-i:[A-ZÀ-Þ])[^\d,|.]{0,50}?)\s*$",
    re.I,
)
# A comment date line holds a clock time (Blogger always prints one), not the digits of
# a day ("3.4.12", a WordPress Classic date heading); names are short.
_CLOCK = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(?![\d.])")
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6
MAX_HEADER_CHARS = 110
# Not a name: sentence punctuation at the end ("Dave P." and "Jr." are names, "... the
# kale is down to stalks." is not), nothing but marks, a link.
_NOT_NAME = re.compile(r"[:;,!?]\s*$|[^\W\d_]{4,}\.\s*$|^\W*$|^https?://")

# sniff(): comment headers found, and Blogger's own lines around them. A name over a
# date line is common to many pages (forum ranks over dates, guestbooks), so headers
# alone stay under detect's MIN_CONFIDENCE: a Blogger line ("ReplyDelete", "Post a
# Comment", "Posted by NAME at TIME", "N comments:") or classic "NAME said..." headers
# with their date footers are what make a Blogger copy.
SCORE_BY_HEADERS: tuple[float, ...] = (0.0, 0.15, 0.2, 0.25)
CORROBORATION = 0.55
_BLOGGER_LINES = _copy.compile_lines(
    (
        r"reply\s*delete|replies|post a comment|newer post\s*older post\s*home|older post\s*home",
        r"subscribe to:\s*post comments.*|powered by blogger\.?|\d+ comments:",
        r"(?:posted by|publicado por|eingestellt von) .+ (?:at|a la|um) \d{1,2}[:.]\d{2}.*",
    )
)
SNIFF_CHARS = 200_000


@dataclass(frozen=True)
class _Header:
    start: int  # index of the name (or "said...") line
    end: int  # index of the header's last line
    author: str
    timestamp: datetime | None
    classic: bool = False  # "NAME said...": the date comes as the comment's last line


def _date_line(text: str) -> datetime | None:
    s = text.strip()
    if not s or len(s) > 60 or not _CLOCK.search(s):
        return None
    return parse_date(s)


def _name_ok(text: str) -> bool:
    s = text.strip()
    return (
        0 < len(s) <= MAX_NAME_CHARS
        and len(s.split()) <= MAX_NAME_WORDS
        and not _NOT_NAME.search(s)
        and not _BUTTON.match(s)
        and not _REPLIES.match(s)
        and not _UI.match(s)
        and not _copy.is_chrome(s)
        and _date_line(s) is None
    )


# Where a date may begin inside "NAMEMay 3, 2014 at 11:17 AM": before a digit or a
# capital after a lower-case letter or a space.
_DATE_START = re.compile(r"(?<=[^\W\d_])(?=[A-Z0-9])|(?<=\s)(?=\S)")


# The name in "NAMEMay 3, 2014 at 11:17 AM": letters, digits and the few marks display
# names use, no separator ("|", "»", "·", ":") and no lead word of other engines' lines
# ("Posted by: X | DATE", "by X » DATE", "asked DATE", an mbox "From x at y DATE").
_GLUED_NAME = re.compile(r"^[\w.'’ -]{1,60}$")
_OTHER_LEAD = re.compile(r"^(?:from|by|posted|asked|answered|edited|modified|joined|last|on|at)\b", re.I)


def _one_line(text: str) -> tuple[str, datetime] | None:
    """Name and date run together on one line (threaded comments in older themes)."""
    s = text.strip()
    if len(s) > MAX_HEADER_CHARS or not _CLOCK.search(s) or _OTHER_LEAD.match(s):
        return None
    for m in _DATE_START.finditer(s):
        name, date = s[: m.start()].strip(), s[m.start() :]
        if not name or not _GLUED_NAME.match(name) or not _name_ok(name):
            continue
        stamp = _date_line(date)
        if stamp:
            return name, stamp
    return None


def _header_at(lines: list[Line], i: int) -> _Header | None:
    text = lines[i].text
    said = _SAID.match(text)
    if said and len(said["name"].split()) <= MAX_NAME_WORDS:
        return _Header(i, i, said["name"].strip(), None, classic=True)
    if _name_ok(text):
        j = i + 1
        while j < len(lines) and j <= i + 2 and not lines[j].text.strip():
            j += 1
        if j < len(lines) and (stamp := _date_line(lines[j].text)):
            return _Header(i, j, text.strip(), stamp)
    if found := _one_line(text):
        return _Header(i, i, found[0], found[1])
    return None


def _headers(lines: list[Line]) -> list[_Header]:
    found: list[_Header] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i) if lines[i].text.strip() else None
        if header and not header.classic and found and found[-1].classic:
            # A classic template prints every comment as "NAME said...", the words and
            # the date line: a short last line over that date ("Thank you.", a signed
            # "zi") is the comment's end, not a threaded comment's name.
            header = None
        if header:
            found.append(header)
            i = header.end + 1
        else:
            i += 1
    return found


def sniff(text: str) -> float:
    """Confidence that ``text`` is a Blogger page copied as text.

    >>> sniff("Ann\\nMay 3, 2014 at 11:17 AM\\nHi!\\nReplyDelete\\nBob\\nMay 3, 2014 at 1:00 PM\\nYo\\nReply")
    0.75
    """
    lines = numbered(text[:SNIFF_CHARS])
    found = _headers(lines)
    if not found:
        return 0.0
    score = SCORE_BY_HEADERS[min(len(found), len(SCORE_BY_HEADERS) - 1)]
    classic = sum(h.classic for h in found)
    if classic >= 2 or any(_BLOGGER_LINES.match(line.text) for line in lines):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def _article(lines: list[Line]) -> RawPost:
    """Post 0 from the text before the first comment: byline and date header read."""
    kept = [line for line in lines if not _UI.match(line.text) and not _copy.is_chrome(line.text)]
    author: str | None = None
    stamp: datetime | None = None
    day: datetime | None = None
    body: list[Line] = []
    title: str | None = None
    for line in kept:
        if author is None and (m := _BYLINE.match(line.text)):
            author = (m["name"] or m["name2"]).strip()
            if day is not None and m["time"]:
                stamp = parse_date(f"{day:%Y-%m-%d} {m['time']}")
            continue
        if day is None and (d := parse_date(line.text.strip())) is not None:
            day = d  # the date header above the title ("Saturday, May 3, 2014")
            body = []  # what came before it is the blog's header, not the post
            continue
        if day is not None and title is None and line.text.strip():
            title = line.text.strip()
        body.append(line)
    title = title or headline(body)
    if not strip_blank(body):
        return RawPost(author=author, body="", timestamp=stamp or day, title=title, placeholder=True)
    return block_post(body, author=author, timestamp=stamp or day, title=title)


def parse(text: str) -> list[RawThread]:
    """One thread: the blog post (post 0, a placeholder if not copied) and its comments.

    Replies under a comment's "Replies" line have it as ``parent_source_id``; timestamps
    are naive, as the page printed them. Blank text gives no threads.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    headers = _headers(lines)
    first = headers[0].start if headers else len(lines)
    root = _article(lines[:first])
    posts: list[RawPost] = [root]
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    parent: str | None = None  # source id of the comment whose replies are open
    for k, header in enumerate(headers):
        stop = headers[k + 1].start if k + 1 < len(headers) else len(lines)
        seg = lines[header.end + 1 : stop]
        if k + 1 == len(headers):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
        stamp = header.timestamp
        if header.classic:
            # The classic footer: the comment's last date line is its time. The last
            # comment's footer ends the comments: what follows it and escaped the chrome
            # cut ("Post a Comment" run together with the blog's form message) is the page's.
            last = k + 1 == len(headers)
            for j in range(len(seg) - 1, -1, -1):
                if not seg[j].text.strip():
                    continue
                if found := _date_line(seg[j].text):
                    if last:
                        _copy.report(skipped, warnings, _copy.cut_at(seg, j + 1)[1])
                    stamp, seg = found, seg[:j]
                    break
                if not last:
                    break
        source_id = f"c{k + 1}"
        kept: list[Line] = []
        opens = closes = False
        for line in seg:
            if _REPLIES.match(line.text):
                opens = True
            elif _BUTTON.match(line.text):
                closes = closes or bool(_REPLY_ONLY.match(line.text))
            elif not _UI.match(line.text):
                kept.append(line)
        post = block_post(kept, author=header.author, timestamp=stamp, source_id=source_id)
        post.line_start = lines[header.start].no
        if not strip_blank(kept):
            post.line_end = lines[header.end].no
        if parent is not None:
            post.parent_source_id = parent
        posts.append(post)
        if opens and parent is None:
            parent = source_id  # the comments after "Replies" answer this one
        elif parent is not None and closes:
            parent = None  # the thread's closing "Reply" link
    return [RawThread(posts=posts, title=root.title, skipped=skipped, warnings=warnings)]
