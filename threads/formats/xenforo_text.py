"""XenForo threads copied from the browser as text (Select All + Copy).

XenForo 2 copies each post as the member block (name, titles, banners, "Joined" /
"Messages" / "Reaction score" lines), the date, the post number, the text, then the
reactions and buttons::

    Bibi Blocksberg
    Well-known member
    Joined
    Oct 2, 2012
    Messages
    1,204
    Sep 22, 2020
    #7
    Nixe said:
    Ja, es sind leider einige Randfiguren ...
    Click to expand...
    Tja Nixe, ...
    Reactions: Kalinkakarin, Nixe and Glockenfee
    Like
    Reply

XenForo 1 closes each post with a footer, "NAME, DATE" and "#N Reply". The post number
anchors a post; in XenForo 2 the author is the first line of the member block above the
date (the block starts where the previous post's text ends: a footer line, or the end
of a paragraph; a name seen as an author elsewhere in the thread, as the "Thread
starter" or a quote's source, is preferred). "NAME said:" ... "Click to expand..." is a
quote box with its source. Dates may be relative ("Yesterday at 1:06 PM"): those posts
keep no time. Post 0 is the first post on the page; the navigation above it and the
chrome after the last post are not posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.dates import parse_date, relative_span
from threads.formats import _copy
from threads.formats._text import Line, block_post, note_relative, numbered, numbers, strip_blank
from threads.model import RawPost, RawThread

NAME = "xenforo-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = "XenForo threads copied from a browser: member block, date, '#N', text, 'NAME said:' quotes."

# The post number line, with the share/bookmark links XenForo 2 puts beside it.
_NUMBER = re.compile(
    r"^\s*(?:share\s*)?(?:add bookmark\s*)?#\s?(?P<n>\d[\d,.]*)\s*"
    r"(?:add bookmark|new|reply|antworten|répondre)?\s*$",
    re.I,
)
# Relative dates XenForo prints for the last week (en, de, fr, es): a date line, no time.
RELATIVE_DATES: tuple[str, ...] = (
    r"(?:yesterday|today|(?:mon|tues|wednes|thurs|fri|satur|sun)day) at \d{1,2}:\d{2}(?: ?[ap]m)?",
    r"(?:gestern|heute|(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch) um \d{1,2}:\d{2}(?: ?uhr)?",
    r"(?:hier|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) à \d{1,2}:\d{2}",
    r"(?:ayer|hoy) a las? \d{1,2}:\d{2}",
    r"a moment ago|just now|\d+ (?:minutes?|hours?) ago|vor \d+ (?:minuten?|stunden?)|gerade eben",
)
_RELATIVE = _copy.compile_lines(RELATIVE_DATES)
# XenForo 1's footer: "NAME, DATE".
_FOOTER = re.compile(r"^\s*(?P<name>[^,\n]{1,60}?),\s*(?P<date>\S.{3,40}?)\s*$")
# "Last edited by a moderator: Oct 6, 2020" sits between date and number.
_EDITED = re.compile(r"^\s*(?:last edited|zuletzt bearbeitet|dernière édition|última edición)\b.*$", re.I)
# Quote boxes: "NAME said:" (with XenForo 1's "↑" link) ... "Click to expand...".
SAID = r"said|hat gesagt|sagte|a dit|dijo|ha dicho|ha detto|zei|disse|skrev|napisał"
EXPAND: tuple[str, ...] = (
    r"click to expand(?:\.\.\.|…)?",
    r"(?:zum vergrößern anklicken|klicken zum erweitern|zum erweitern klicken)\.*…?",
    r"(?:cliquez pour (?:agrandir|développer|afficher))\.*…?",
    r"(?:haz )?clic(?:k)? para (?:expandir|ampliar)\.*…?|clique para expandir\.*…?",
    r"clicca per espandere\.*…?|klik om (?:uit te vouwen|te vergroten)\.*…?",
)
QUOTES = _copy.Quotes(
    start=re.compile(rf"^\s*(?P<name>\S.{{0,60}}?)\s+(?:{SAID})\s?:\s*↑?\s*$", re.I),
    end=_copy.compile_lines(EXPAND),
)
# Lines under a post that are nobody's words: reactions and buttons (en, de, fr, es).
UI_LINES: tuple[str, ...] = (
    r"(?:reactions|reaktionen|réactions|reacciones)\s*:.*",
    r"(?:[^\W\d_]{2,12} ?)?x ?\d+",  # "Like x1", "Likex1", "x2": a reaction's count
    r"(?:like|reply|report|quote|\+ ?quote|multi-?quote|share|bookmark|edit|delete|ip|thread starter)",
    r"(?:like|reply|report|quote)(?:\s*(?:like|reply|report|quote))+",  # "LikeReply"
    r"antworten|melden|zitieren|gefällt mir|teilen|répondre|signaler|citer|j'aime|responder|reportar|citar",
    r".{1,120} (?:likes?|like this|gefällt das|aiment ça)\.?",
    r"last edited:?.*|zuletzt bearbeitet:?.*|dernière édition:?.*",
)
_UI = _copy.compile_lines(UI_LINES)
# The member block: XenForo's default titles and the "extras" keys (en, de, fr, es).
MEMBER_TITLES: tuple[str, ...] = (
    r"(?:new|active|well-known|senior|junior|banned|registered|staff|premium)? ?member|guest",
    r"(?:super |forum |global )?moderator|administrator|admin|staff",
    r"(?:neues|aktives|bekanntes) mitglied|mitglied|membre(?: actif| connu)?|miembro",
)
MEMBER_KEYS = (
    r"joined|messages|reaction score|points|location|age|gender|website|trophy points|likes received|"
    r"solutions|occupation|registriert|beiträge|punkte|reaktionspunkte|ort|alter|inscrit|réactions|"
    r"localisation|registrado|mensajes|puntos|ubicación"
)
_TITLE = _copy.compile_lines(MEMBER_TITLES)
_KEY = re.compile(rf"^\s*(?:{MEMBER_KEYS})\s*:?\s*(?:\t.*)?$", re.I)
_STARTER = re.compile(
    r"^\s*(?:thread starter|themenstarter|auteur de la discussion|iniciador del tema)\s*:?"
    r"\s*(?P<name>\S.{0,60}?)\s*$"
    # XenForo 1's heading line, en/de/fr/es.
    r"|^\s*(?:discussion in|diskussion in|discussion dans|tema en) '.+' "
    r"(?:started by|gestartet von|créée? par|iniciado por) (?P<name1>.+?), .*$",
    re.I,
)
_PAGE = re.compile(r"^\s*(?:page|seite) (?P<k>\d+) (?:of|von) (?P<n>\d+)\s*$", re.I)
# A member-block line is short and ends without sentence punctuation.
MAX_BLOCK_WORDS = 6
MAX_BLOCK_CHARS = 60
_SENTENCE_END = re.compile(r"[.!?:;,)\]]\s*$")

# sniff(): posts found, and XenForo's own lines. A date over "#N" is also how vBulletin
# and MyBB copy, so posts alone stay at or under 0.4; a XenForo line ("Click to
# expand...", "Thread starter", "Reactions:", "Reaction score", the credit) adds the rest.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.2, 0.3, 0.4)
CORROBORATION = 0.5
_XF_LINES = re.compile(
    rf"^\s*(?:(?:{'|'.join(EXPAND)})|thread starter.*|reactions:.*|reaction score|.* by xenforo.*|"
    r"(?:discussion in|diskussion in|discussion dans) '.+' .*)\s*$",
    re.I,
)
SNIFF_CHARS = 200_000


def _date(text: str) -> tuple[bool, datetime | None]:
    """Is ``text`` a XenForo date line, and its time (``None`` when relative)."""
    s = text.strip()
    if not s or len(s) > 40:
        return False, None
    if _RELATIVE.match(s) or relative_span(s):  # the spans in every pack threads.dates knows
        return True, None
    stamp = parse_date(s) if re.search(r"\d{4}|\d:\d\d", s) else None
    return stamp is not None, stamp


@dataclass
class _Post:
    number: int  # index of the "#N" line (or XenForo 1's footer)
    date: int  # index of the date line (the footer in XenForo 1)
    timestamp: datetime | None
    author: str | None = None
    block: int = 0  # index where the member block starts (XenForo 2)
    xf1: bool = False


def _numbered(lines: list[Line]) -> list[_Post]:
    """Posts found by their number lines, each with its date line (or footer) above."""
    found: list[_Post] = []
    for i, line in enumerate(lines):
        if not _NUMBER.match(line.text):
            continue
        j, seen = i - 1, 0
        while j >= 0 and seen < 3:
            text = lines[j].text
            if not text.strip():
                j -= 1
                continue
            seen += 1
            if m := _FOOTER.match(text):
                ok, stamp = _date(m["date"])
                if ok:
                    found.append(_Post(i, j, stamp, m["name"].strip(), xf1=True))
                    break
            ok, stamp = _date(text)
            if ok:
                found.append(_Post(i, j, stamp))
                break
            if not _EDITED.match(text):
                break
            j -= 1
    return found


def _next_text(lines: list[Line], i: int) -> str:
    return next((x.text for x in lines[i + 1 :] if x.text.strip()), "")


def _anchors(lines: list[Line]) -> list[_Post]:
    """Every post: by its number line first; then, where a theme leaves the number out,
    by a XenForo 1 footer ("NAME, DATE") of a known author or above a button line, or
    by a XenForo 2 date line under a member block that holds a known name or title."""
    found = _numbered(lines)
    used = {p.date for p in found} | {p.number for p in found}
    known = {p.author for p in found if p.author} | _starters_and_sources(lines)
    for i, line in enumerate(lines):
        if i in used or not line.text.strip():
            continue
        if (m := _FOOTER.match(line.text)) and (stamp := _date(m["date"]))[0]:
            name = m["name"].strip()
            if name in known or _UI.match(_next_text(lines, i)):
                found.append(_Post(i, i, stamp[1], name, xf1=True))
                continue
        ok, ts = _date(line.text)
        if not ok:
            continue
        above = next((lines[j].text for j in range(i - 1, -1, -1) if lines[j].text.strip()), "")
        if _KEY.match(above):
            continue  # "Joined" / "Oct 2, 2012": a member block's value
        run = _block_run(lines, 0, i)
        if any(lines[j].text.strip() in known or _TITLE.match(lines[j].text) for j in run):
            found.append(_Post(i, i, ts))
    found.sort(key=lambda p: p.date)
    return found


def _short(text: str) -> bool:
    s = text.strip()
    return len(s) <= MAX_BLOCK_CHARS and len(s.split()) <= MAX_BLOCK_WORDS and not _SENTENCE_END.search(s)


def _block_run(lines: list[Line], lo: int, date: int) -> list[int]:
    """Indexes of the member block's lines: the short lines above the date line, back
    to the previous post's last footer line or last paragraph (``lo`` at the most)."""
    run: list[int] = []
    for j in range(date - 1, lo - 1, -1):
        text = lines[j].text
        if not text.strip():
            continue
        if _UI.match(text) or QUOTES.end.match(text) or not _short(text) or _copy.is_chrome(text):  # type: ignore[union-attr]
            break
        run.append(j)
    run.reverse()
    return run


def _pick(lines: list[Line], run: list[int], known: set[str], repeated: set[str]) -> int | None:
    """The name's line in a member block run, by the strongest sign found: a letter
    avatar above it, a name the page shows elsewhere (starter, quote source, reactions),
    the line above a default member title, a first line repeated over blocks; else the
    run's first line."""
    if not run:
        return None
    texts = [lines[j].text.strip() for j in run]
    for k in range(len(run) - 1):
        if len(texts[k]) <= 2 and texts[k + 1][:1].casefold() == texts[k][:1].casefold():
            return run[k + 1]  # a letter avatar ("K") above the name
    for j, text in zip(run, texts, strict=True):
        if text in known:
            return j
    for k in range(1, len(run)):
        if _TITLE.match(texts[k]) and not (_TITLE.match(texts[k - 1]) or _KEY.match(texts[k - 1])):
            return run[k - 1]
    return next((j for j, text in zip(run, texts, strict=True) if text in repeated), run[0])


_REACTIONS = re.compile(r"^\s*(?:reactions|reaktionen|réactions|reacciones)\s*:\s*(?P<names>.+)$", re.I)
# "A, B and 3 others": the separators and the count of the rest.
_AND = re.compile(r",\s*|\s+(?:and|und|et|y)\s+(?:\d+ (?:others?|other persons?|weitere\w*))?")


def _starters_and_sources(lines: list[Line]) -> set[str]:
    """Names the page shows as the thread starter, a quote's source or a reaction's giver."""
    known: set[str] = set()
    for line in lines:
        if m := _STARTER.match(line.text):
            known.add((m["name"] or m["name1"]).strip())
        elif m := QUOTES.start.match(line.text):
            known.add(m["name"].strip())
        elif m := _REACTIONS.match(line.text):
            known.update(n.strip() for n in _AND.split(m["names"]) if n and n.strip())
    return known


def _repeated_firsts(lines: list[Line], runs: list[list[int]]) -> set[str]:
    """First lines of two or more member blocks."""
    firsts: dict[str, int] = {}
    for run in runs:
        if run:
            first = lines[run[0]].text.strip()
            firsts[first] = firsts.get(first, 0) + 1
    return {name for name, n in firsts.items() if n >= 2}


def _strip_member_lines(body: list[Line], author: str | None) -> list[Line]:
    """XenForo 1: the member block at the top of a post (name, title, extras)."""
    kept = strip_blank(body)
    if kept and author and kept[0].text.strip().startswith(author):
        kept = strip_blank(kept[1:])
        while kept and (_TITLE.match(kept[0].text) or _KEY.match(kept[0].text)):
            # "Joined:" over "Mar 1, 2014": the value is the next line.
            alone = _KEY.match(kept[0].text) and "\t" not in kept[0].text
            kept = strip_blank(kept[2:] if alone and len(kept) > 1 and _short(kept[1].text) else kept[1:])
    return kept


def sniff(text: str) -> float:
    """Confidence that ``text`` is a XenForo thread copied as text.

    >>> sniff("Ann\\nMay 30, 2019\\n#1\\nHi\\nBob\\nMay 31, 2019\\n#2\\nAnn said:\\nHi\\nClick to expand...")
    0.8
    """
    lines = numbered(text[:SNIFF_CHARS])
    n = len(_anchors(lines))
    if not n:
        return 0.0
    score = SCORE_BY_POSTS[min(n, len(SCORE_BY_POSTS) - 1)]
    if any(_XF_LINES.match(line.text) for line in lines):
        score += CORROBORATION
    return round(min(score, 0.95), 2)


def _title_and_page(lines: list[Line]) -> tuple[str | None, tuple[int, int | None] | None]:
    """The thread's title (the line above "Thread starter" / "Discussion in ... started
    by") and "Page k of n", from the text above the first post."""
    title: str | None = None
    page: tuple[int, int | None] | None = None
    for k, line in enumerate(lines):
        if title is None and _STARTER.match(line.text):
            above = [x for x in lines[:k] if x.text.strip()]
            title = above[-1].text.strip() if above else None
        if page is None and (m := _PAGE.match(line.text)) and (pair := numbers(m["k"], m["n"])):
            page = (pair[0], pair[1])
    return title, page


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name; times are naive as printed
    (``None`` for relative dates). Blank text gives no threads; text without a post
    number reads as one post of unknown author.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    posts = _anchors(lines)
    if not posts:
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no XenForo post numbers found"])]
    runs: list[list[int]] = []
    prev_end = 0
    for post in posts:
        runs.append([] if post.xf1 else _block_run(lines, prev_end, post.date))
        prev_end = post.number + 1
    known, repeated = _starters_and_sources(lines), _repeated_firsts(lines, runs)
    for post, run in zip(posts, runs, strict=True):
        if not post.xf1:
            at = _pick(lines, run, known, repeated)
            post.author = lines[at].text.strip() if at is not None else None
            post.block = at if at is not None else post.date
    title, page = _title_and_page(lines[: posts[0].block if not posts[0].xf1 else posts[0].date])
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    for k, post in enumerate(posts):
        if post.xf1:
            start = posts[k - 1].number + 1 if k else _xf1_start(lines, post)
            seg = [x for x in lines[start : post.date] if not _UI.match(x.text)]
            seg = _strip_member_lines(seg, post.author)
            first_no = lines[start].no
        else:
            stop = posts[k + 1].block if k + 1 < len(posts) and not posts[k + 1].xf1 else len(lines)
            if k + 1 < len(posts) and posts[k + 1].xf1:
                stop = posts[k + 1].date
            seg = lines[post.number + 1 : stop]
            first_no = lines[post.block].no
        if k + 1 == len(posts):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
        body, quotes = _copy.take_quotes([x for x in seg if not _UI.match(x.text)], QUOTES)
        raw = block_post(
            body,
            author=post.author,
            timestamp=post.timestamp,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
        )
        raw.line_start = first_no
        if post.xf1 or not strip_blank(body):
            raw.line_end = lines[post.number].no
        out.append(raw)
    note_relative(out, skipped, warnings, "'Yesterday at 1:06 PM', '3 hours ago'")
    if posts[-1].xf1:
        # XenForo 1's last post ends at its footer: what follows is page chrome, or a
        # post cut off before its footer (kept, with no author, as typepad-text does).
        tail, cut = _copy.cut_chrome(lines[posts[-1].number + 1 :])
        _copy.report(skipped, warnings, cut)
        tail = strip_blank([x for x in tail if not _UI.match(x.text)])
        if tail:
            warnings.append(f"lines {tail[0].no}-{tail[-1].no} follow the last post's footer: kept as a post")
            out.append(block_post(tail, author=None))
    out[0].title = title
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=page)]


def _xf1_start(lines: list[Line], post: _Post) -> int:
    """XenForo 1's first post starts at its member block: the last line above the
    footer that opens with the author's name (the start of the page without one)."""
    for j in range(post.date - 1, -1, -1):
        text = lines[j].text.strip()
        if post.author and text.startswith(post.author) and not _STARTER.match(text):
            return j
    return 0
