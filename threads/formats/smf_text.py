"""Simple Machines Forum (SMF 1.x/2.x) topics copied from the browser as text.

Each post copies as the member block (name, membergroup, post-count rank, "Posts: 120",
profile links), the subject, the header "« Reply #3 on: May 30, 2019, 01:06:22 PM »"
("« on: ... »" on the first post; "« Antwort #3 am: ... »" in German), the text,
"Report to moderator   Logged" and the signature::

    old_Jörg
    Hero Member
    Posts: 812
    Re: Composting over winter
    « Reply #1 on: December 03, 2011, 03:05:12 PM »
    Quote from: Renée on December 03, 2011, 02:17:00 PM
    My heap has gone cold and wet since November.
    <blank>
    Leave it, but cover it.
    Report to moderator   Logged
    Plot 14, north end.

The name is the line above the first rank or key line of the block (the lines above it
are the previous post's signature), or a name the page shows elsewhere. "Quote from: X"
opens a quote box, ended by X's post on the page or a blank line. "Pages: [2] 3" gives
the page; post 0 is the first post on the page.
"""

from __future__ import annotations

import re
from datetime import datetime

from threads.formats import _copy
from threads.formats import _forum_text as ft
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread

NAME = "smf-text"
LINE_BASED = True
PRIORITY = 34
DESCRIPTION = (
    "SMF topics copied from a browser: '« Reply #N on: DATE »', member block, 'Quote from: X' quotes."
)

# The header "« $txt['reply_noun'] #N $txt['on']: DATE »" (SMF 1.1/2.0/2.1 and ElkArte,
# en/de/fr/es/nl language files; ru 'Ответ' / 'от', pl 'Odpowiedź' / 'dnia', nl 'Gepost
# op', es 'a las', from those packs' index.*.php).
HEADER = re.compile(
    r"^\s*«?\s*(?:(?:reply|antwort|réponse|respuesta|risposta|reactie|ответ|odpowiedź)\s*#\s?(?P<n>\d+)\s+)?"
    r"(?:on|am|le|en|il|op|gepost op|a las|от|dnia)\s*:\s*(?P<date>\S.*?)\s*»?\s*$",
    re.I,
)
# The member block's rank and key lines: SMF's default membergroups and post-count
# ranks (en, de), and the profile lines.
MEMBER = _copy.compile_lines(
    (
        r"(?:newbie|jr\. member|full member|sr\. member|hero member)",
        r"(?:administrator|global moderator|moderator)",
        r"(?:neuling|junior mitglied|voll mitglied|senior mitglied|held|globaler moderator)",
        r"(?:posts|beiträge|messages|mensajes|karma|gender|geschlecht|age|alter|location|wohnort|"
        r"сообщений|расположение|пол|"  # ru (ElkArte/SMF ru index: 'location', 'gender')
        r"applause|reputation)\s*:.*",
        r"(?:view profile|profil anzeigen|personal message \((?:online|offline)\)|online|offline|email|www|"
        r"private nachricht \((?:online|offline)\)|\*+)",
    )
)
# A post's last line, and the buttons around its text.
POST_END = re.compile(
    r"^\s*(?:report to moderator\s*)?(?:logged|gespeichert|journalisé|registrado|записан|zapisane)\s*$", re.I
)
UI_LINES = _copy.compile_lines(
    (
        r"quote|zitieren|citer|citar|modify|remove|split topic|ändern|löschen|insert quote",
        r"report to moderator|dem moderator melden|(?:quote|modify|remove)(?:\s+(?:quote|modify|remove))+",
        r"«\s*(?:last edit|letzte änderung)\s*:.*»",
    )
)
QUOTES = ft.QuoteRules(
    start=re.compile(
        r"^\s*(?:quote from|zitat von|citation de|cita de|citaat van|цитата)\s*:\s*(?P<name>\S.{0,60}?)"
        r"(?:\s+(?:on|am|le|en|op|от|dnia)\s+\S.{4,60})?\s*(?P<rest>)$",
        re.I,
    )
)
QUOTES_PLAIN = ft.QuoteRules(start=re.compile(r"^\s*(?:quote|zitat|citation|cita)\s*:?\s*(?P<rest>)$", re.I))

# sniff(): the header is SMF's own ("« ... on: DATE »"); the credit and "Logged" corroborate.
SCORE_BY_POSTS: tuple[float, ...] = (0.0, 0.45, 0.55, 0.6)
CORROBORATION = 0.3
_SMF_LINES = re.compile(
    r"^\s*(?:.*\bsmf\b.*simple machines.*|(?:report to moderator\s*)?logged|quote from: .+|"
    r"pages: .*\[\d+\].*|author\s*topic: .*)\s*$",
    re.I,
)
MAX_SUBJECT_WORDS = 16


def _headers(lines: list[Line], anchor: datetime | None = None) -> list[tuple[int, object]]:
    found = []
    for i, line in enumerate(lines):
        if (m := HEADER.match(line.text)) and ("«" in line.text or m["n"]):
            ok, stamp = ft.forum_date(m["date"], need_clock=True, anchor=anchor)
            if ok:
                found.append((i, stamp))
    return found


def sniff(text: str) -> float:
    """Confidence that ``text`` is an SMF topic copied as text.

    >>> sniff("Ann\\nNewbie\\nHi\\n« on: May 30, 2019, 01:06:22 PM »\\nHello\\nLogged\\n")
    0.75
    """
    return ft.sniff_posts(text, lambda lines: len(_headers(lines)), _SMF_LINES, SCORE_BY_POSTS, CORROBORATION)


def parse(text: str) -> list[RawThread]:
    """One thread: the posts in page order, post 0 the first on the page.

    Quote boxes go to ``quoted`` with their source name, what follows "Logged" to
    ``signature``; times are naive as printed. Text without a header reads as one post.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    heads = _headers(lines, ft.page_time(lines))
    if not heads:
        return [RawThread(posts=[block_post(lines, author=None)], warnings=["no SMF post headers found"])]
    known = {m["name"].strip() for x in lines if (m := QUOTES.start.match(x.text))}
    starts: list[int] = []
    authors: list[str | None] = []
    subjects: list[str | None] = []
    lo = 0
    for at, _ in heads:
        j = at - 1
        while j > lo and not lines[j].text.strip():
            j -= 1
        above = lines[j].text if j >= lo else ""
        subject = above.strip() if above.strip() and len(above.split()) <= MAX_SUBJECT_WORDS else None
        top = j if subject else at
        run = ft.block_over(lines, top, lo, POST_END, MEMBER)
        name = ft.name_over(lines, run, known, MEMBER)
        authors.append(lines[name].text.strip() if name is not None else None)
        starts.append(name if name is not None else top)
        subjects.append(subject)
        lo = at + 1
    skipped: dict[str, int] = {}
    warnings: list[str] = []
    out: list[RawPost] = []
    seen: list[tuple[str | None, list[Line]]] = []
    chrome = list(lines[: starts[0]])
    for k, (at, stamp) in enumerate(heads):
        stop = starts[k + 1] if k + 1 < len(heads) else len(lines)
        seg = lines[at + 1 : stop]
        end = next((e for e, x in enumerate(seg) if POST_END.match(x.text)), None)
        if k + 1 == len(heads):
            seg, cut = _copy.cut_chrome(seg)
            _copy.report(skipped, warnings, cut)
            chrome += cut.lines
        signature = None
        if end is not None and end < len(seg):
            sig = strip_blank(seg[end + 1 :])
            signature = "\n".join(x.text.strip() for x in sig if x.text.strip()) or None
            seg = seg[:end]
        seg = [x for x in seg if not UI_LINES.match(x.text)]
        body, quotes = ft.take_quotes(seg, QUOTES, ft.earlier_lines(seen))
        raw = block_post(
            ft.squeeze(body),
            author=authors[k],
            timestamp=stamp,
            title=subjects[k],
            quoted=[q for _, q in quotes],
            quote_sources=[a for a, _ in quotes],
            signature=signature,
        )
        raw.line_start = lines[starts[k]].no
        kept = strip_blank(seg)
        raw.line_end = kept[-1].no if kept else lines[at].no
        seen.append((authors[k], seg))
        out.append(raw)
    title = re.sub(r"^\s*(?:re|aw)\s*:\s*", "", out[0].title or "", flags=re.I) or None
    out[0].title = title
    ft.note_relative(out, skipped, warnings)
    return [RawThread(posts=out, title=title, skipped=skipped, warnings=warnings, page=ft.page_of(chrome))]
