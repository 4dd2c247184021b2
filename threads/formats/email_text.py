"""Email threads pasted as plain text.

Messages are separated by attribution lines (``On DATE, NAME wrote:`` and its
translations) or by ``From:``/``Date:``/``Subject:`` header blocks::

    On Mon, Mar 7, 2011 at 9:15 PM, Alice Baker <alice@example.com> wrote:
    Shall we meet on Saturday?

    On Tue, Mar 8, 2011 at 10:02 AM, Bob Stone <bob@example.com> wrote:
    Saturday works.

An attribution line followed by ``>``-quoted lines introduces a quotation inside the
current message, not a new message: it stays in the body with the quote (``quotes.py``
splits quotes later). A ``-- `` signature goes to ``RawPost.signature``. Text before the
first header is a message of an unknown author, so no text is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from threads import markers
from threads.dates import parse_date
from threads.formats._html import looks_like_html
from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.formats.mbox import bare_message
from threads.model import RawPost, RawThread

NAME = "email-text"
LINE_BASED = True
PRIORITY = 40
DESCRIPTION = "An email thread pasted as text: 'On DATE, NAME wrote:' lines or From:/Date: headers."

# Attribution lines of Gmail, Apple Mail, Thunderbird and Outlook in en, de, fr, es.
# "rest" is "DATE, NAME" (split by _split_rest) where the client puts both before the verb.
ATTRIBUTIONS: tuple[str, ...] = (
    r"On (?P<rest>.+?),? wrote:",  # en: Gmail, Apple Mail, Thunderbird
    r"Am (?P<date>.+?),? schrieb (?P<name>.+?):",  # de: Gmail, Thunderbird
    r"Le (?P<rest>.+?),? a écrit ?:",  # fr: a (no-break) space before the colon
    r"El (?P<rest>.+?),? escribió:",  # es
)
_ATTRIBUTIONS = tuple(re.compile(rf"^\s*(?:{p})\s*$") for p in ATTRIBUTIONS)
# Real attribution lines stay well under this (two names, an address, a date); the
# limits keep a pasted wall of text from being tried split by split.
MAX_ATTRIBUTION_CHARS = 300
MAX_DATE_CHARS = 80  # parse_date's own limit
# Gmail wraps a long attribution line: "On ..., NAME <addr>\nwrote:". A continuation
# line this short is tried joined to the line before.
MAX_WRAP_WORDS = 3
# Outlook's header labels in it, nl, sv, da/no, pl, cs, pt, ru, uk, tr, ja, zh (the
# from_header lists of mail-parser-reply's MAIL_LANGUAGES; ru, uk, tr, ja from Outlook's
# own labels), by the field they stand for; the sender's are threads.markers.FROM_FIELDS,
# the ones the quote splitter reads an Outlook block's sender from.
OUTLOOK_FIELDS: dict[str, str] = {
    "date": "Inviato Data Verzonden Skickat Sendt Wysłano Odesláno Отправлено Надіслано Gönderildi "
    "送信日時 发送时间 寄件日期",
    "subject": "Oggetto Onderwerp Ämne Emne Temat Předmět Assunto Тема Konu 件名 主题 主旨",
    "to": "A Aan Till Til Do Komu Кому Kime 宛先 收件人",
}
# Header fields of pasted messages (Outlook, list archives), localised name -> ours.
HEADER_FIELDS: dict[str, str] = {
    **{name.capitalize(): "from" for name in markers.FROM_FIELDS},
    "Date": "date",
    "Sent": "date",
    "Datum": "date",
    "Gesendet": "date",
    "Envoyé": "date",
    "Enviado": "date",
    "Fecha": "date",
    "Subject": "subject",
    "Betreff": "subject",
    "Objet": "subject",
    "Asunto": "subject",
    "To": "to",
    "An": "to",
    "À": "to",
    "Para": "to",
    "Cc": "cc",
    "CC": "cc",
    "Reply-To": "to",
    "Message-ID": "id",
    "In-Reply-To": "id",
    # Outlook's header block in more languages (OUTLOOK_FIELDS below).
    **{name: ours for ours, names in OUTLOOK_FIELDS.items() for name in names.split()},
}
# Field names are case-insensitive (RFC 5322): MHonArc's pages print the mail's own
# "Message-Id:", a real MHonArc page copied by Chromium; it stayed in the words.
_FIELDS_FOLDED = {name.casefold(): ours for name, ours in HEADER_FIELDS.items()}
# Any letter may open a field name (Cyrillic, CJK): only names in HEADER_FIELDS count.
_FIELD = re.compile(r"^(?P<key>[^\W\d_][\w-]*)[:：][ \t]*(?P<value>.*)$")
# Lines Outlook and friends put above a quoted header block; part of the block: the
# original-message separators of every language (threads.markers), and forwards.
_SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(?:"
    + "|".join(map(re.escape, (*markers.ORIGINAL_MESSAGE, "forwarded message", "message transféré")))
    + r")\s*-{2,}\s*$",
    re.I,
)
# Reply and forward prefixes stripped from the subject to make the thread title.
_SUBJECT_PREFIX = re.compile(r"^\s*(?:re|aw|antw|wg|fwd?|tr|rv|sv)\s*(?:\[\d+\])?\s*:\s*", re.I)
_SIG_DELIMITER = re.compile(r"^-- ?$")
# RFC 3676 asks for 4 signature lines; pasted ones with postal addresses run longer.
# Anything longer after a "--" line is more likely text, so it stays in the body.
MAX_SIGNATURE_LINES = 8
# A date in an attribution ends with a time, a year, AM/PM, "Uhr" or a zone name; this
# keeps "... 10:02 AM, JOHN" from being read as a date with a time zone called JOHN.
# Zone names are matched upper-case only: "Est" is more often a name than a zone.
_DATE_END = re.compile(r"(?:\d|\b[AaPp]\.?\s?[Mm]\.?|\bUhr|\b(?:UTC|GMT|CES?T|BST|[ECMP][SD]T)|\))$")
# French and Spanish Gmail abbreviate the weekday with a dot ("mar. 8 mars"), which
_ADDRESS = re.compile(
    r"\[mailto:[^\]]*\]|\(\s*<?[^()\s]+@[^()\s]+?>?\s*\)|<[^<>]*>|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)

# sniff(): score by the number of headers (attributions and From: blocks); quoted lines
# add QUOTE_BONUS. One attribution with a quote reaches 0.6; two headers 0.75. The seeds
# have none ("On Sunday, Iraq's parliament ..." is no attribution) and score 0.
SCORE_BY_HEADERS: tuple[float, ...] = (0.0, 0.45, 0.75, 0.9)
QUOTE_BONUS = 0.15
# A file opening with an mbox "From sender date" separator is an archive, not a paste.
_MBOX_SEPARATOR = re.compile(r"\AFrom \S+ +\S.*\d{4}\s*$", re.MULTILINE)
MBOX_SCORE = 0.1
SNIFF_CHARS = 200_000


def _stamp(text: str) -> datetime | None:
    return parse_date(text)


def _display_name(raw: str) -> str | None:
    """``"Smith, John" <john@example.com>`` -> ``Smith, John``; a bare address stays."""
    name = re.sub(r"\s+", " ", _ADDRESS.sub(" ", raw)).strip(" \t\"'(),")
    if name:
        return name
    found = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", raw)
    return found.group(0) if found else None


def _split_rest(rest: str) -> tuple[datetime, str] | None:
    """Split ``DATE, NAME`` at the space that leaves the longest parseable date."""
    for gap in reversed(list(re.finditer(r"\s+", rest[:MAX_DATE_CHARS]))):
        date, name = rest[: gap.start()].strip(" ,"), rest[gap.end() :].strip(" ,")
        if not re.search(r"[^\W\d_]", name) or not _DATE_END.search(date):
            continue
        stamp = _stamp(date)
        if stamp:
            return stamp, name
    return None


def _attribution(text: str) -> tuple[datetime, str | None] | None:
    if len(text) > MAX_ATTRIBUTION_CHARS:
        return None
    for pattern in _ATTRIBUTIONS:
        found = pattern.match(text)
        if not found:
            continue
        if "rest" in found.groupdict():
            split = _split_rest(found["rest"])
            if split:
                return split[0], _display_name(split[1])
        else:
            stamp = _stamp(found["date"])
            if stamp:
                return stamp, _display_name(found["name"])
    return None


@dataclass
class _Header:
    start: int  # index of the header's first line
    end: int  # index of its last line
    author: str | None
    timestamp: datetime | None
    subject: str | None = None
    quotes: bool = False  # an attribution introducing a quote, not a new message


def _fields(lines: list[Line], i: int) -> int:
    """How many header-field lines run from ``lines[i]``."""
    n = 0
    while i + n < len(lines):
        found = _FIELD.match(lines[i + n].text)
        if not found or found["key"].casefold() not in _FIELDS_FOLDED:
            break
        n += 1
    return n


def _block_at(lines: list[Line], i: int, top: bool) -> _Header | None:
    start = i
    if _SEPARATOR.match(lines[i].text):
        i += 1
    n = _fields(lines, i)
    values: dict[str, str] = {}
    for line in lines[i : i + n]:
        found = _FIELD.match(line.text)
        if found:
            values.setdefault(_FIELDS_FOLDED[found["key"].casefold()], found["value"].strip())
    # A "From:" line alone may be prose; at the very top a lone "Subject:" is a header.
    if not ((n >= 2 and "from" in values) or (top and n and values.keys() & {"from", "date", "subject"})):
        return None
    author = _display_name(values["from"]) if values.get("from") else None
    stamp = _stamp(values["date"]) if values.get("date") else None
    return _Header(start, i + n - 1, author, stamp, values.get("subject"))


def _attribution_at(lines: list[Line], i: int) -> _Header | None:
    end = i
    found = _attribution(lines[i].text)
    if not found and i + 1 < len(lines) and 0 < len(lines[i + 1].text.split()) <= MAX_WRAP_WORDS:
        end = i + 1
        found = _attribution(f"{lines[i].text.rstrip()} {lines[i + 1].text.strip()}")
    if not found:
        return None
    j = end + 1
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    quotes = j < len(lines) and lines[j].text.lstrip().startswith(">")
    return _Header(i, end, found[1], found[0], quotes=quotes)


def _headers(lines: list[Line]) -> list[_Header]:
    found: list[_Header] = []
    first = next((k for k, line in enumerate(lines) if line.text.strip()), len(lines))
    i = 0
    while i < len(lines):
        header = _block_at(lines, i, top=i <= first) or _attribution_at(lines, i)
        if header:
            found.append(header)
            i = header.end + 1
        else:
            i += 1
    return found


def _split_signature(body: list[Line], attributions: set[int]) -> tuple[list[Line], str | None]:
    """Move a ``-- `` signature (up to the next quote or attribution) out of the body."""
    for k, line in enumerate(body):
        if not _SIG_DELIMITER.match(line.text):
            continue
        end = k + 1
        while end < len(body) and not (
            body[end].text.lstrip().startswith(">") or body[end].no in attributions
        ):
            end += 1
        signature = strip_blank(body[k + 1 : end])
        if 0 < len(signature) <= MAX_SIGNATURE_LINES:
            text = "\n".join(line.text.rstrip() for line in signature)
            return body[:k] + body[end:], text
        return body, None
    return body, None


def _title(subject: str | None) -> str | None:
    if not subject:
        return None
    while _SUBJECT_PREFIX.match(subject):
        subject = _SUBJECT_PREFIX.sub("", subject, count=1)
    return subject.strip() or None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a pasted email thread.

    >>> sniff("On Mar 8, 2011, at 10:02 AM, Bob wrote:\\n> Saturday?\\nYes.")
    0.6
    """
    if _MBOX_SEPARATOR.match(text) or bare_message(text[:SNIFF_CHARS].lstrip("\n").split("\n")):
        # a mail archive file, or one mail saved as an .eml file: the mbox dialect reads
        # its real headers
        return MBOX_SCORE
    if looks_like_html(text):
        # a saved page: its markup is no paste, though its text may hold "On ..., X
        # wrote:" (a Hypermail archive page read so was a post of raw HTML lines)
        return 0.0
    lines = numbered(text[:SNIFF_CHARS])
    found = [h for h in _headers(lines) if h.author or h.quotes]
    score = SCORE_BY_HEADERS[min(len(found), len(SCORE_BY_HEADERS) - 1)]
    if found and any(line.text.startswith(">") for line in lines):
        score += QUOTE_BONUS
    return round(min(score, 1.0), 2)


def parse(text: str) -> list[RawThread]:
    """One thread: the messages in document order, post 0 the first (the starter).

    A message's ``line_start`` is its header line and ``line_end`` its last line
    (signature included); timestamps are naive, as the headers wrote them. Blank text
    gives no threads.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    found = _headers(lines)
    headers = [h for h in found if not h.quotes]
    attributions = {line.no for h in found if h.quotes for line in lines[h.start : h.end + 1]}
    subjects = [h.subject for h in headers if h.subject]
    title = _title(subjects[0]) if subjects else None
    segments: list[tuple[_Header | None, list[Line]]] = []
    first = headers[0].start if headers else len(lines)
    if strip_blank(lines[:first]):
        segments.append((None, lines[:first]))
    for k, header in enumerate(headers):
        stop = headers[k + 1].start if k + 1 < len(headers) else len(lines)
        segments.append((header, lines[header.end + 1 : stop]))
    posts: list[RawPost] = []
    for header, seg in segments:
        body, signature = _split_signature(seg, attributions)
        if header and not header.author and not strip_blank(seg):
            continue  # a lone "Subject:" above the first message: it gave the title
        post = block_post(
            body,
            author=header.author if header else None,
            timestamp=header.timestamp if header else None,
            title=header.subject if header else None,
            signature=signature,
        )
        whole = strip_blank(seg)
        if header:
            post.line_start = lines[header.start].no
        elif whole:
            post.line_start = whole[0].no
        post.line_end = whole[-1].no if whole else lines[header.end].no if header else 0
        posts.append(post)
    if not posts:  # only a "Subject:" line: keep the title on a placeholder root
        posts.append(RawPost(author=None, body="", placeholder=True))
    posts[0].title = posts[0].title or title
    return [RawThread(posts=posts, title=title)]
