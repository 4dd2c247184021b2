"""WordPress comment sections copied from the browser as plain text.

A copied comment is a ``NAME says:`` line (in the site's language), a date line, the
comment, and the theme's UI lines::

    Jane Doe says:
    March 3, 2011 at 2:17 pm

    I think the letter was a draft.

    Reply

WordPress 1.5's Classic theme prints the byline under the words instead, "Comment by
NAME — DATE @ TIME" (``comment_type()`` translated: "Pingback by ..." is a pingback):
there the comment list's heading ("35 Comments »") opens the comments, each footer
closes one, and what follows the last footer is the page's (the form, the sidebar).

The text before the first comment is the article (post 0). Comment-list headings
("12 thoughts on “Title”"), UI lines ("Reply", "Antworten") and the comment form
("Leave a Reply", "Your email address will not be published.") are not post text and are
dropped; everything else stays in the bodies, including indentation and "In reply to
NAME." lines, which reply inference reads later.

>>> thread = parse("Title\\n\\nText.\\n\\nAnn says:\\nMarch 3, 2011 at 2:17 pm\\nHi!\\nReply\\n")[0]
>>> [(p.author, p.body) for p in thread.posts]
[(None, 'Title\\n\\nText.'), ('Ann', 'Hi!')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from threads.dates import parse_date
from threads.formats import _copy
from threads.formats._text import Line, block_post, headline, numbered, strip_blank
from threads.formats.wordpress_html import ARTICLE_BYLINE, CLASSIC_BYLINE, PINGBACK, classic_date
from threads.model import RawPost, RawThread

NAME = "wordpress-text"
LINE_BASED = True
PRIORITY = 30
DESCRIPTION = "WordPress comments copied from a browser: 'NAME says:', a date line, the text."

# "NAME says:" as the WordPress language packs print it: en, de, fr ("dit :", with a
# space before the colon), es/it "dice:", pt "disse:", nl, da/nb/sv "skriver:", pl, ru.
SAYS_WORDS: tuple[str, ...] = (
    "says",
    "sagt",
    "dit",
    "dice",
    "disse",
    "zegt",
    "skriver",
    "pisze",
    "говорит",
)
_SAYS = re.compile(rf"^\s*(?P<name>\S.*?)\s+(?:{'|'.join(SAYS_WORDS)})\s*:\s*$", re.I)
# Twenty Eleven prints name and date on one line: "Jane Doe on March 3, 2011 at 2:17 pm said:".
_INLINE = re.compile(r"^\s*(?P<name>\S.*?)\s+on\s+(?P<date>.+?)\s+said:\s*$")
# Commenter names are short; "Sky News correspondent Mark Stone said:" prose is not.
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60
# Classic's footer date ends on comment_time(): "13:04", "1:04 pm".
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
# Some themes leave a blank line between the name line and its date line.
MAX_DATE_GAP = 2

# Whole lines that are buttons or notices, not comment text (theme language packs).
UI_LINES: tuple[str, ...] = (
    r"(?:log in to )?reply(?: ↓)?",  # en; "Log in to Reply" when comments need an account
    r"antworten(?: ↓)?|melde dich an, um zu antworten",  # de
    r"répondre(?: ↓)?|responder|rispondi|beantwoorden|svara|svar|odpowiedz|ответить",
    r"like|liked by \d+ (?:person|people)|loading\.\.\.",  # WordPress.com like button
    r"your comment is awaiting moderation\.?|dein kommentar muss noch freigegeben werden\.?",
    r"comments are closed\.?|kommentare sind geschlossen\.?",
    r"(?:«|←)\s*older comments|newer comments\s*(?:»|→)",
)
# Headings over the comment list; "title" is the post title when the theme prints it.
_Q = r"[“”\"„«»‘’'‚]"
HEADINGS: tuple[str, ...] = (
    rf"(?:\d+|one|no) (?:thoughts?|responses?|comments?|replies) (?:on|to) {_Q}?(?P<title>.+?){_Q}?",
    rf"(?:\d+|ein|eine) (?:gedanken?|kommentare?|antworten) (?:zu|auf) {_Q}?(?P<title>.+?){_Q}?",
    rf"(?:\d+|une?) (?:réflexions?|commentaires?|réponses?) (?:sur|à) {_Q}?(?P<title>.+?){_Q}?",
    rf"(?:\d+|una?) (?:comentarios?|respuestas?) (?:en|a|sobre) {_Q}?(?P<title>.+?){_Q}?",
    rf"(?:\d+|uno?) (?:commenti|commento|pensieri) (?:su|a) {_Q}?(?P<title>.+?){_Q}?",
    r"(?:\d+ )?(?:comments?|kommentare|commentaires|comentarios|commenti|reacties|trackbacks)",
    # Classic: "35 Comments »" over the list (the » links to the form), "Comments (35)"
    # in the entry's footer.
    r"(?:\d+|no|one|ein|eine|keine) (?:comments?|kommentare?|commentaires?|comentarios?)\s*»",
    r"(?:comments|kommentare|commentaires|comentarios) \(\d+\)",
)
# The first line of the comment form, in the theme languages.
FORM_START: tuple[str, ...] = (
    r"leave a (?:reply|comment)(?: to .{1,60})?",
    r"(?:schreibe|hinterlasse) einen kommentar|kommentar verfassen",
    r"laisser un commentaire|laisser une réponse|deja una respuesta|deja un comentario",
    r"lascia un commento|lascia una risposta|geef een reactie|deixe um comentário",
)
# The reply link copies onto the same line: "Leave a Reply Cancel reply".
_CANCEL = r"(?: cancel reply| antworten abbrechen| annuler la réponse| cancelar respuesta)?"
# Lines only the comment form has; one near a FORM_START line confirms that it is the form
# (a lone "Leave a comment" link under an article headline is not).
FORM_LINES: tuple[str, ...] = (
    r".*(?:cancel reply|antworten abbrechen|annuler la réponse|cancelar respuesta).*",
    r".*(?:email address will not be published|required fields are marked).*",
    r".*(?:e-mail-adresse wird nicht veröffentlicht|erforderliche felder sind).*",
    r".*(?:ne sera pas publiée|no será publicada|non sarà pubblicato).*",
    r"you must be logged in to post a comment.*|logged in as .*",
    r"(?:comment|name|email|website|kommentar|e-mail|commentaire|nom)\s*\*?",
)
FORM_CONFIRM_LOOK = 4  # non-blank lines after FORM_START searched for a FORM_LINES line
_PINGBACK = re.compile(r"^\s*(?:pingback|trackback)\s*:", re.I)

# Author and date lines under the article headline (Twenty Ten..Seventeen and friends).
BYLINES: tuple[str, ...] = (
    r"(?:posted|published) on (?P<date>.+?) by (?P<name>[^,]+)",
    # A bare "By NAME" needs a capital: "By the time we arrived, ..." is prose.
    r"(?:posted )?by (?P<name>(?-i:[A-ZÀ-Þ])[^\d,|]*?)(?: on (?P<date>.+))?",
    r"veröffentlicht am (?P<date>.+?) von (?P<name>[^,]+)",
    r"publié le (?P<date>.+?) par (?P<name>[^,]+)",
    r"publicado el (?P<date>.+?) por (?P<name>[^,]+)",
)
BYLINE_LOOK = 4  # a byline sits within the first few non-blank lines
# The author box's heading under the article (Twenty Fifteen's author-bio.php, en/de/fr/es).
AUTHOR_BOX: tuple[str, ...] = (r"published by|veröffentlicht von|publié par|publicado por",)
AUTHOR_BOX_LOOK = 3  # non-blank lines from the article's end: heading, name, bio

# sniff(): score by the number of comment headers found; a heading, UI line or form near
# them adds CORROBORATION. One comment scores under 0.6, two or more over it; the seeds
# (news articles and a Typepad thread) have no "NAME says:" + date pair and score 0.
SCORE_BY_HEADERS: tuple[float, ...] = (0.0, 0.45, 0.7, 0.85)
CORROBORATION = 0.1
SNIFF_CHARS = 200_000  # enough text to find headers; sniffing is run on every input


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"^\s*(?:{p})\s*$", re.I) for p in patterns)


_UI, _HEADINGS, _FORM_LINES, _BYLINES, _AUTHOR_BOX = map(
    _compile, (UI_LINES, HEADINGS, FORM_LINES, BYLINES, AUTHOR_BOX)
)
_FORM_START = _compile(tuple(rf"(?:{p}){_CANCEL}" for p in FORM_START))


def _match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.match(text)
        if found:
            return found
    return None


def _date(text: str) -> datetime | None:
    return parse_date(text)


def _name_ok(name: str) -> bool:
    return len(name) <= MAX_NAME_CHARS and len(name.split()) <= MAX_NAME_WORDS


@dataclass(frozen=True)
class _Header:
    start: int  # index of the name line in the line list
    end: int  # index of the date line (== start for the one-line form)
    author: str
    timestamp: datetime | None
    footer: bool = False  # Classic's "Comment by NAME — DATE" under the words
    ping: bool = False  # a footer saying "Pingback by ..." / "Trackback by ..."


def _footer_at(lines: list[Line], i: int) -> _Header | None:
    """Classic's byline under a comment: "Comment by NAME — 17.07, 2011 @ 13:04"."""
    text = lines[i].text.strip()
    if "—" not in text and "–" not in text:
        return None
    found = CLASSIC_BYLINE.match(text)
    if not found or not _name_ok(found["author"]):
        return None
    stamp = classic_date(found["date"]) if _CLOCK.search(found["date"]) else None
    if stamp is None:
        return None  # the theme prints a time after "@"; a dash and a day alone is prose
    return _Header(i, i, found["author"].strip(), stamp, footer=True, ping=bool(PINGBACK.match(text)))


def _header_at(lines: list[Line], i: int) -> _Header | None:
    text = lines[i].text
    if not text.rstrip().endswith(":"):
        return None  # both header forms end with a colon; most lines are spared the regexes
    inline = _INLINE.match(text)
    if inline and _name_ok(inline["name"]):
        stamp = _date(inline["date"])
        if stamp:
            return _Header(i, i, inline["name"].strip(), stamp)
    says = _SAYS.match(text)
    if not says or not _name_ok(says["name"]):
        return None
    j = i + 1
    while j < len(lines) and j <= i + 1 + MAX_DATE_GAP and not lines[j].text.strip():
        j += 1
    if j < len(lines) and j <= i + 1 + MAX_DATE_GAP:
        stamp = _date(lines[j].text)
        if stamp:
            return _Header(i, j, says["name"].strip(), stamp)
    return None


def _headers(lines: list[Line]) -> list[_Header]:
    found: list[_Header] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i) or _footer_at(lines, i)
        if header:
            found.append(header)
            i = header.end + 1
        else:
            i += 1
    return found


def _form_at(seg: list[Line], k: int) -> bool:
    """Is ``seg[k]`` the first line of the comment form?"""
    if not _match(_FORM_START, seg[k].text):
        return False
    after = [line for line in seg[k:] if line.text.strip()][: FORM_CONFIRM_LOOK + 1]
    return any(_match(_FORM_LINES, line.text) for line in after)


def _clean(seg: list[Line], *, article: bool) -> tuple[list[Line], int]:
    """``seg`` without form, headings and UI lines; also the number of pingbacks."""
    end = next((k for k in range(len(seg)) if _form_at(seg, k)), len(seg))
    seg = seg[:end]
    # A heading or an unconfirmed "Leave a Reply" right before the next comment header.
    while seg and (
        not seg[-1].text.strip() or _match(_HEADINGS, seg[-1].text) or _match(_FORM_START, seg[-1].text)
    ):
        seg = seg[:-1]
    kept: list[Line] = []
    pings = 0
    for line in seg:
        if article and _match(_HEADINGS, line.text):
            continue
        if not article and _PINGBACK.match(line.text):
            pings += 1
        elif article or not _match(_UI, line.text):
            kept.append(line)
    return kept, pings


def _byline(lines: list[Line]) -> tuple[str | None, datetime | None, list[Line]]:
    """The article's author and date from a byline under the headline, byline removed."""
    seen = 0
    for k, line in enumerate(lines):
        if not line.text.strip():
            continue
        seen += 1
        if seen > BYLINE_LOOK:
            break
        found = _match(_BYLINES, line.text)
        if found and _name_ok(found["name"].strip()):
            stamp = _date(found["date"]) if found["date"] else None
            rest = lines[k + 1 :]
            if k and not lines[k - 1].text.strip() and rest and not rest[0].text.strip():
                rest = rest[1:]  # one blank line, not two, where the byline was
            return found["name"].strip(), stamp, lines[:k] + rest
    return None, None, lines


def _author_box(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """The author box under the article (Twenty Fifteen: "Published by", the name, the
    bio ending "View all posts by NAME"): its name, the box taken out of the words."""
    full = [k for k, line in enumerate(lines) if line.text.strip()][-AUTHOR_BOX_LOOK:]
    for at, name in pairwise(full):
        if _match(_AUTHOR_BOX, lines[at].text) and _name_ok(lines[name].text.strip()):
            return lines[name].text.strip(), strip_blank(lines[:at])
    return None, lines


def _heading_title(lines: list[Line]) -> str | None:
    for line in lines:
        found = _match(_HEADINGS, line.text)
        if found and "title" in found.groupdict() and found["title"]:
            return found["title"].strip()
    return None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a copied WordPress comment section.

    >>> sniff("Ann says:\\nMarch 3, 2011 at 2:17 pm\\nHi\\nBob says:\\nMarch 4, 2011 at 9:00 am\\nYo")
    0.7
    """
    lines = numbered(text[:SNIFF_CHARS])
    found = _headers(lines)
    score = SCORE_BY_HEADERS[min(len(found), len(SCORE_BY_HEADERS) - 1)]
    if found and any(
        _match(_UI, line.text) or _match(_HEADINGS, line.text) or _form_at(lines, k)
        for k, line in enumerate(lines)
    ):
        score += CORROBORATION
    return round(min(score, 1.0), 2)


def parse(text: str) -> list[RawThread]:
    """One thread: the article as post 0 (a placeholder if not copied), then the comments.

    Timestamps are naive, as the page printed them; a comment's ``line_start`` is its
    ``NAME says:`` line. Blank text gives no threads.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    headers = _headers(lines)
    footers = [h for h in headers if h.footer]
    if footers and len(footers) * 2 > len(headers):
        return [_parse_footers(lines, footers)]
    headers = [h for h in headers if not h.footer]
    first = headers[0].start if headers else len(lines)
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    heading = _heading_title(lines[:first])
    head = lines[:first]
    # The heading names the article: its title's last line above the heading opens the
    # article; what is above it is the site's header and sidebar (Twenty Fifteen puts the
    # sidebar first: a real lemire.me copy), not the article's words.
    # A sidebar's list may name the article too (one title a line): the heading's line is
    # the one a blank line follows, else the last one.
    named = [k for k in range(1, first) if heading and lines[k].text.strip() == heading]
    spaced = [k for k in named if k + 1 < first and not lines[k + 1].text.strip()]
    at = (spaced or named or [None])[-1]
    if at is not None:
        head, cut = _copy.cut_head(head, at)
        _copy.report(skipped, warnings, cut)
    article, _ = _clean(head, article=True)
    author, stamp, article = _byline(article)
    if author is None:
        author, article = _author_box(article)
    title = heading or headline(article)
    if strip_blank(article):
        root = block_post(article, author=author, timestamp=stamp, title=title)
    else:
        root = RawPost(author=author, body="", timestamp=stamp, title=title, placeholder=True)
    posts = [root]
    pings = 0
    for k, header in enumerate(headers):
        stop = headers[k + 1].start if k + 1 < len(headers) else len(lines)
        seg = lines[header.end + 1 : stop]
        if k + 1 == len(headers):
            # The last comment runs to the end of the copy: the page chrome after it
            # ("Post navigation", "Proudly powered by WordPress") is not its text.
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
        kept, found = _clean(seg, article=False)
        pings += found
        post = block_post(kept, author=header.author, timestamp=header.timestamp)
        post.line_start = lines[header.start].no
        if not strip_blank(kept):
            post.line_end = lines[header.end].no
        posts.append(post)
    if pings:
        skipped["pingback"] = pings
    return [RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)]


def _list_start(lines: list[Line], first: int) -> int:
    """Index of the first line of the first comment above Classic footer ``first``: after
    the comment list's heading, else the paragraph above the footer."""
    for k in range(first - 1, -1, -1):
        if _match(_HEADINGS, lines[k].text):
            return k + 1
    k = first - 1
    while k >= 0 and not lines[k].text.strip():
        k -= 1
    while k >= 0 and lines[k].text.strip():
        k -= 1
    return k + 1


def _parse_footers(lines: list[Line], footers: list[_Header]) -> RawThread:
    """Classic's layout: the words, then their "Comment by NAME — DATE" footer."""
    start = _list_start(lines, footers[0].start)
    article, _ = _clean(lines[:start], article=True)
    author, stamp, article = _byline(article)
    body = strip_blank(article)
    if author is None and body and (meta := ARTICLE_BYLINE.match(body[-1].text.strip())):
        # Classic's ".meta" under the entry: "posted by NAME at 12:53".
        author, article = meta["author"].strip(), body[:-1]
    title = headline(article)
    if strip_blank(article):
        root = block_post(article, author=author, timestamp=stamp, title=title)
    else:
        root = RawPost(author=author, body="", timestamp=stamp, title=title, placeholder=True)
    posts = [root]
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    pings = 0
    for footer in footers:
        seg, start = lines[start : footer.start], footer.end + 1
        if footer.ping:
            pings += 1
            continue
        kept, _ = _clean(seg, article=False)
        post = block_post(kept, author=footer.author, timestamp=footer.timestamp)
        post.line_end = lines[footer.end].no
        if not strip_blank(kept):
            post.line_start = lines[footer.start].no
        posts.append(post)
    # The last footer closes the comments: the form and the sidebar follow.
    while start < len(lines) and not lines[start].text.strip():
        start += 1
    _copy.report(skipped, warnings, _copy.cut_at(lines, start)[1])
    if pings:
        skipped["pingback"] = pings
    return RawThread(posts=posts, title=title, skipped=skipped, warnings=warnings)
