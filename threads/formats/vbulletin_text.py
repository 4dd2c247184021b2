"""vBulletin threads copied from the browser as text (Select All + Copy), vB 3 to 5.

Each post copies as a header (the date and the post number, on one line or two), the
member block (name, title, "Join Date" / "Registriert seit", "Posts" / "Beiträge"), the
text, an optional signature under a rule, and the buttons::

    03-14-2011, 02:17 PM #2              03.03.2011, 14:17
    GearGuy                              #661
    Moderator                            <text>
    Join Date                            0
    Feb 2009
    <text>
    Reply With Quote

vB 3 and the default vB 4 style put the member block under the header; vB 5 and many
customised vB 4 styles (left) put it above. Which one a page uses is read from the page
(the member block sits where most posts have short lines). vB 5 numbers only some
posts: a date line under a member block with a member title is a post too.

"Zitat von X" / "Quote: Originally Posted by X" opens a quote box. vBulletin prints no
line at its end: the box ends where its words stop matching X's post on the page, else
at the first blank line (a quote of a post on an earlier page may so keep some of its
lines in the reply). Relative dates ("Heute, 09:12", "Today, 10:15 AM") keep no time:
the copy does not say which day it was made. Post 0 is the first post on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads.formats import _copy
from threads.formats import _forum_text as ft
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "vbulletin-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "vBulletin threads copied from a browser: 'DATE #N', member block, text, 'Zitat von X' / "
    "'Originally Posted by X' quotes."
)

# The post number, alone or after the date ("03-14-2011, 02:17 PM#2", "... #2 (permalink)").
_NUMBER = re.compile(r"^\s*(?:post\s*)?#\s?(?P<n>\d[\d.,]*)\s*(?:\(permalink\))?\s*$", re.I)
_DATE_NUMBER = re.compile(r"^\s*(?P<date>\S.*?)\s*#\s?(?P<n>\d[\d.,]*)\s*(?:\(permalink\))?\s*$", re.I)
# Member block keys, as "Key: value" (vB 3) or "Key" over its value (vB 4), en/de/fr/es.
MEMBER_KEYS = (
    r"join date|posts|location|age|blog entries|rep power|reputation|thanked \d+ times.*|"
    r"real name|gender|registriert seit|beiträge|ort|alter|"
    r"erhielt \d+ danke.*|bedankt|inscription|messages|localisation|registro|mensajes|ubicación|"
    r"fecha de ingreso|iscritto|messaggi|"
    r"регистрация|адрес|сообщений|репутация"  # ru (Russian vBulletin boards)
)
# Keys that are words a post could open with: only with their value ("Thanks: 12").
VALUE_KEYS = r"thanks|danke|mentioned|tagged|quoted|likes|gefällt|erwähnt"
_KEY = re.compile(rf"^\s*(?:(?:{MEMBER_KEYS})\s*(?::\s*.*)?|(?:{VALUE_KEYS})\s*:\s*[\d.,]+.*)$", re.I)
_BARE_KEY = re.compile(rf"^\s*(?:{MEMBER_KEYS})\s*:?\s*$", re.I)
# Member titles vBulletin installs (usergroup titles and the post-count ladder), and the
# profile links some styles print as text in the member block.
MEMBER_TITLES: tuple[str, ...] = (
    r"(?:junior |senior |registered |new |banned )?member|registered user|guest|"
    r"(?:super |global )?moderator|administrator|admin(?:istrator)?",
    r"(?:neues |erfahrenes |aktives )?mitglied|benutzer|gast|moderatorin|administratorin|ehrenmitglied|"
    r"bin neu hier|fühle mich heimisch|gehöre zum inventar|mich gibt's schon länger|"
    r"membre|modérateur|administrateur|miembro|moderador|administrador",
    r"profil|profile|view profile|beiträge anzeigen|view forum posts|private nachricht|private message|"
    r"homepage besuchen|visit homepage|find (?:all|latest) posts by .*|add .* to your contacts|"
    r"(?:online|offline)",
)
_TITLES = _copy.compile_lines(MEMBER_TITLES)
# Buttons and labels under or around a post: anywhere in it (UI_ANYWHERE), or only
# under its text (UI_LINES: words a post could hold as a line of its own).
UI_ANYWHERE = _copy.compile_lines(
    (
        r"reply with quote|antwort mit zitat|multi-?quote this (?:message|post)|(?:reply|antwort) mit zitat|"
        r"ответить с цитированием",
        r"(?:reply|quote|like)(?:\s+(?:reply|quote|like|report|share))+",
        r"(?:last edited|zuletzt geändert|geändert) (?:by|von) .*|(?:editado|modifié) (?:por|par) .*",
    )
)
UI_LINES = _copy.compile_lines(
    (
        r"reply with quote|antwort mit zitat|zitieren|quote|reply|like|report|share|"
        r"thanks|danke|gefällt mir|melden|antworten",
        r"(?:reply|quote|like)(?:\s+(?:reply|quote|like|report|share))+",
        r"\d{1,5}",  # a thanks / likes count under a post
        r"(?:last edited|zuletzt geändert|geändert) (?:by|von) .*|(?:editado|modifié) (?:por|par) .*",
        r"multi-?quote this (?:message|post)|@",
    )
)
# "The following user says Thank You to X for this useful post:" and the names under it.
_THANKS = re.compile(
    r"^\s*(?:the following \d* ?users? says? thank you to .*|"
    r"(?:folgender|folgende \d*) benutzer sag(?:t|en) danke zu .*|"
    r"\d+ (?:members?|users?) found this post helpful\.?)\s*$",
    re.I,
)
QUOTES = ft.QuoteRules(
    start=re.compile(
        r"^\s*(?:(?:quote|zitat|citation|cita|цитата)\s*:?\s*)?"
        r"(?:originally posted by|zitat von|ursprünglich geschrieben von|original von|"
        r"message d'origine de|cita de|publicado originalmente por|messaggio originale di|сообщение от)"
        r"\s+(?P<name>\S.{0,60}?)(?:\s+(?:view post|beitrag anzeigen|посмотреть сообщение))?\s*(?P<rest>)$",
        re.I,
    ),
    skip=re.compile(r"^\s*(?:view post|beitrag anzeigen|посмотреть сообщение)\s*$", re.I),
    label=re.compile(r"^\s*(?:quote|zitat|citation|cita|цитата)\s*:?\s*$", re.I),
)
QUOTES_PLAIN = ft.QuoteRules(start=re.compile(r"^\s*(?:quote|zitat|citation|cita)\s*:\s*(?P<rest>)$", re.I))
# The thread's title in the header: "Thread: X" / "Thema: X".
_THREAD = re.compile(r"^\s*(?:thread|thema|discussion|tema|тема)\s*:\s*(?P<title>\S.*?)\s*$", re.I)
_RE = re.compile(r"^\s*(?:re|aw|antw)\s*:\s*", re.I)
MAX_TITLE_WORDS = 16
MAX_BLOCK_LINES = 8

# sniff(): a date over the post number is vBulletin's header (XenForo 2's has no clock
# time); vBulletin's own lines corroborate.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5)
CORROBORATION = 0.35
_VB_LINES = re.compile(
    r"^\s*(?:.*powered by vbulletin.*|reply with quote|antwort mit zitat|thread tools|themen-optionen|"
    r"join date(?::.*)?|registriert seit(?::.*)?|(?:quote:\s*)?originally posted by .+|zitat von .+|"
    r"«\s*(?:previous thread|vorheriges thema).*|posting permissions|alle zeitangaben in .*|"
    r"all times are gmt.*|thread: .+|thema: .+)\s*$",
    re.I,
)


# XenForo's relative dates ("Yesterday at 1:06 PM"); vBulletin writes "Yesterday, 01:06 PM".
_XF_RELATIVE = re.compile(r"^\s*\w+ (?:at|um|à|a las) \d", re.I)


@dataclass
class _Post:
    head: int  # index of the date line
    end: int  # index of the header's last line (the number, or the date)
    timestamp: datetime | None
    numbered: bool
    author: str | None = None
    start: int = 0
    body: int = 0  # first line of the text


def _headers(lines: list[Line], anchor: datetime | None = None) -> list[_Post]:
    """Date lines with the post number on the same line or the next one."""
    found: list[_Post] = []
    for i, line in enumerate(lines):
        m = _DATE_NUMBER.match(line.text)
        if m and (d := ft.forum_date(m["date"], need_clock=True, anchor=anchor))[0]:
            found.append(_Post(i, i, d[1], True))
            continue
        # The post number first (on the line after a tab, or on one of the next two
        # lines), the date last: a line with no number is no header whatever its date,
        # and the date is the dear test (dateutil, ~0.1 ms a line): a Typepad copy's
        # footers all took it when every dialect sniffed it. The same headers.
        if "\t" in line.text and _NUMBER.match(line.text.split("\t")[-1]):
            end = i
        else:
            nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].text.strip()), None)
            if nxt is None or not _NUMBER.match(lines[nxt].text):
                continue
            end = nxt
        ok, stamp = ft.forum_date(line.text.split("\t")[0], need_clock=True, anchor=anchor)
        if ok and not _XF_RELATIVE.search(line.text):
            found.append(_Post(i, end, stamp, True))
    return found


def _run_above(lines: list[Line], at: int, lo: int) -> ft.Block:
    """The short lines above a header, back to a post's end (buttons, a thanks count),
    a blank line under a run, or prose."""
    j = at - 1
    while j >= lo and not lines[j].text.strip():
        j -= 1
    run: list[int] = []
    bounded = j < lo
    while j >= lo and len(run) < MAX_BLOCK_LINES:
        text = lines[j].text.strip()
        if not text or UI_LINES.match(text) or _copy.is_chrome(text) or ft.PAGER.match(text):
            bounded = True
            break
        if ft.SIGNATURE_RULE.match(text):
            bounded = True
            break
        if not ft.short(text) or _KEY.match(text) or QUOTES.start.match(text):
            break
        run.insert(0, j)
        j -= 1
    else:
        bounded = bounded or j < lo
    return ft.Block(run, bounded)


def _run_below(lines: list[Line], post: _Post) -> list[int]:
    """The short lines right under a header, before the key lines or a blank line."""
    run: list[int] = []
    for k in range(post.end + 1, min(post.end + 1 + MAX_BLOCK_LINES, len(lines))):
        text = lines[k].text.strip()
        if not text or _KEY.match(text) or QUOTES.start.match(text) or UI_LINES.match(text):
            break
        if not ft.short(text):
            return []
        run.append(k)
    return run


def _after_keys(lines: list[Line], k: int, stop: int) -> int:
    """The first line at or after ``k`` past member key lines (a bare key's value too)."""
    while k < stop:
        text = lines[k].text
        if not text.strip():
            k += 1
        elif _BARE_KEY.match(text):
            k += 2
        elif _KEY.match(text) or _TITLES.match(text):
            k += 1
        else:
            break
    return min(k, stop)


def _undated(
    lines: list[Line], headers: list[_Post], known: set[str], anchor: datetime | None = None
) -> list[_Post]:
    """vB 5: date lines without a number, under a member block holding a member title
    or a name the page shows elsewhere."""
    taken = {p.head for p in headers} | {p.end for p in headers}
    found: list[_Post] = []
    for i, line in enumerate(lines):
        if i in taken or not line.text.strip():
            continue
        ok, stamp = ft.forum_date(line.text, need_clock=True, anchor=anchor)
        if not ok:
            continue
        block = _run_above(lines, i, 0)
        texts = [lines[j].text.strip() for j in block.run]
        if any(_TITLES.match(t) for t in texts[1:]) or any(t in known for t in texts):
            found.append(_Post(i, i, stamp, False))
    return found


def _anchors(lines: list[Line], anchor: datetime | None = None) -> list[_Post]:
    headers = _headers(lines, anchor)
    if not headers:
        return []
    known = _sources(lines)
    posts = sorted(headers + _undated(lines, headers, known, anchor), key=lambda p: p.head)
    return posts


def _sources(lines: list[Line]) -> set[str]:
    return {m["name"].strip() for x in lines if (m := QUOTES.start.match(x.text))}


def sniff(text: str) -> float:
    """Confidence that ``text`` is a vBulletin thread copied as text.

    >>> sniff("Ann\\n03.03.2011, 14:17\\n#661\\nHi\\nBob\\n03.03.2011, 14:27\\n#662\\nZitat von Ann\\nHi\\n")
    0.75
    """
    return ft.sniff_posts(text, lambda lines: len(_headers(lines)), _VB_LINES, SCORE_BY_POSTS, CORROBORATION)


def _layout_below(lines: list[Line], posts: list[_Post]) -> bool:
    """Is the member block under the header on this page (vB 3, default vB 4)?"""
    below = sum(1 for p in posts if _run_below(lines, p))
    lo, above = 0, 0
    for p in posts:
        if _run_above(lines, p.head, lo).run:
            above += 1
        lo = p.end + 1
    return below > above


def _assign(lines: list[Line], posts: list[_Post]) -> None:
    known = _sources(lines)
    if _layout_below(lines, posts):
        for k, post in enumerate(posts):
            stop = posts[k + 1].head if k + 1 < len(posts) else len(lines)
            run = _run_below(lines, post)
            at = ft.pick(lines, ft.Block(run, True), known, _TITLES) if run else None
            post.author = lines[at].text.strip() if at is not None else None
            post.start = post.head
            post.body = _after_keys(lines, run[-1] + 1 if run else post.end + 1, stop)
        return
    lo = 0
    blocks = []
    for post in posts:
        blocks.append(_run_above(lines, post.head, lo))
        lo = post.end + 1
    known |= {lines[b.run[0]].text.strip() for b in blocks if b.bounded and b.run}
    for post, block in zip(posts, blocks, strict=True):
        at = ft.pick(lines, block, known, _TITLES)
        post.author = lines[at].text.strip() if at is not None else None
        post.start = at if at is not None else post.head
        post.body = _after_keys(lines, post.end + 1, len(lines))


def _post_title(seg: list[Line], titles: set[str]) -> tuple[str | None, list[Line]]:
    """A post's own title line: "Re: TITLE", or a title the page header shows (the
    thread's title over the first post)."""
    kept = strip_blank(seg)
    if not kept:
        return None, seg
    first = kept[0].text.strip()
    plain = _RE.sub("", first)
    if (_RE.match(first) or plain in titles) and len(first.split()) <= MAX_TITLE_WORDS:
        return first, kept[1:]
    return None, seg


def _clean(seg: list[Line]) -> list[Line]:
    """The text without buttons and the thanks box: button words under the text, the
    unmistakable ones anywhere."""
    out: list[Line] = []
    for x in seg:
        if _THANKS.match(x.text):
            break
        if not UI_ANYWHERE.match(x.text):
            out.append(x)
    while out and (not out[-1].text.strip() or UI_LINES.match(out[-1].text)):
        out.pop()
    return out


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name, signatures under the rule to
    ``signature``; times are naive as printed (``None`` for relative days). Text
    without a post header reads as one post of unknown author.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    posts = _anchors(lines, ft.page_time(lines))
    if not posts:
        return [
            RawThread(posts=[block_post(lines, author=None)], warnings=["no vBulletin post headers found"])
        ]
    _assign(lines, posts)
    head = lines[: posts[0].start]
    title = next((m["title"] for x in head if (m := _THREAD.match(x.text))), None)
    # The header's short lines: the first post's title line is one of them.
    titles = {x.text.strip() for x in head if ft.short(x.text) or x.text.strip().endswith("?")}
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    seen: list[tuple[str | None, list[Line]]] = []
    chrome: list[Line] = list(head)
    for k, post in enumerate(posts):
        stop = posts[k + 1].start if k + 1 < len(posts) else len(lines)
        seg = lines[post.body : stop]
        if k + 1 == len(posts):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
            chrome += cut.lines
        subject, seg = _post_title(seg, titles if k == 0 else {title} - {None})
        seg, signature = ft.split_signature(_clean(seg))
        body, quotes = ft.take_quotes(seg, QUOTES, ft.earlier_lines(seen))
        body, plain = ft.take_quotes(body, QUOTES_PLAIN)
        quotes += plain
        raw = block_post(
            ft.squeeze(body),
            author=post.author,
            timestamp=post.timestamp,
            title=subject,
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
            signature=signature,
        )
        raw.line_start = lines[post.start].no
        kept = strip_blank(seg)
        raw.line_end = kept[-1].no if kept else lines[post.end].no
        seen.append((post.author, seg))
        out.append(raw)
    if title is None:
        title = _title_from_head(head, out[0].title)
    out[0].title = title
    ft.note_relative(out, skipped, warnings)
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=ft.page_of(chrome))]


def _title_from_head(head: list[Line], subject: str | None) -> str | None:
    """Without a "Thread:" line: the first post's title, else the last line of the page
    header that is repeated in it (the title shows as a heading and in the breadcrumb)."""
    if subject:
        return _RE.sub("", subject)
    texts = [x.text.strip() for x in head if x.text.strip()]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    repeated = [t for t in texts if counts[t] >= 2 and len(t.split()) >= 3 and not _copy.is_chrome(t)]
    return repeated[-1] if repeated else None
