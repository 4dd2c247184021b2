"""WhatsApp chat exports: the text file of "Export chat" (``WhatsApp Chat with NAME.txt``,
or ``_chat.txt`` in the zip an iPhone writes), one message a line in the phone's locale::

    12/03/2021, 14:22 - Ana: text                 (Android; day- or month-first)
    ‎[12/03/2021, 14:22:05] Ana: text              (iOS, often a U+200E mark before "[")
    3/12/21, 2:22 PM - Ana: text                  (12-hour clock; U+202F before PM)
    12.03.21, 14:22 - Ana: text   2021-03-12 14:22 - Ana: text

A line that does not open with such a header continues the message above (a message's
own line breaks). Text before the first header is kept as a message of unknown author.

**System lines are not posts**: a header with no ``NAME:`` (Android's "Ana added Bo",
the encryption notice) and, on iOS, where the export puts an author on them (the group
or the person concerned: ``[..] Team: Messages and calls are end-to-end encrypted``,
``[..] Bo: Ana added Bo``), the lines of :data:`SYSTEM` naming their author (or opening
with the encryption notice) are counted in ``skipped`` by kind (:data:`SYSTEM_KINDS`).
Deleted messages ("This message was deleted", "You deleted this message") have no words
and no reply can point at them (the export keeps no parents): they are dropped and
counted in ``skipped["deleted"]``, as the other dialects drop a deleted comment nobody
answers. Media left out of the export ("<Media omitted>", "image omitted", "<attached:
...>") are kept as posts with empty text (someone sent something then), counted in a
warning by kind. WhatsApp's "<This message was edited>" tail is taken off the text.

**Dates**: the order of day and month is decided for the whole file: a first number
above 12 anywhere makes it day-first, a second one month-first; else the locale's usual
order (:data:`USUAL_ORDER`: "." and "-" day-first; "/" month-first with a 12-hour clock,
as US phones write it, day-first with a 24-hour one), said in a warning. Two-digit years
are 20YY. Times are naive, as the phone wrote them (its own zone, not in the file).

**No message carries a parent**: the export drops WhatsApp's "reply to" quote. A chat
has no article that everyone answers, so post 0 is a **placeholder** root for the chat
(titled by the group's name where a "created group" or "changed the subject" line gives
it), and the messages follow in **time order** (file order among equal times; the export
slips a few back by a second or a minute, and a chat must not look like a threaded page
copied depth-first, see :mod:`threads.threaded`). Who answers whom is then left to reply
inference: ``@Ana`` names and names at the start are ``explicit``/``mention`` links,
quotes and similar words the rest; a message it does not link stays on the chat.
Authors: bidi marks and WhatsApp's "~ " (a sender not in the phone's contacts) are taken
off, runs of spaces and no-break hyphens of phone numbers made plain, so the same person
is one author on every line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import islice

from threads.formats._text import Line, block_post, numbered, strip_blank
from threads.model import RawPost, RawThread, ThreadsError

NAME = "whatsapp-text"
LINE_BASED = True
PRIORITY = 40
KIND = "platform export"
DESCRIPTION = (
    "WhatsApp 'Export chat' text: '12/03/21, 14:22 - Ana: text' or '[12.03.21, 14:22:05] Ana: text'."
)

# ---------------------------------------------------------------- headers (rules as data)
# The date and clock of a header, as the exports in the wild write them (chat-miner's and
# whatstk's test exports, real _chat.txt files on GitHub, linuswillner's
# whatsapp-export-inconsistencies): d/m/y, m/d/y, d.m.y, y-m-d, with 2- or 4-digit years;
# 24-hour or 12-hour clocks ("2:22 PM", "2:22 p. m.", "2:22\u202fpm"), "." as the clock's
# separator in Finnish and Danish ("14.22.05", "klo").
_DATE = r"(?P<d1>\d{1,4})(?P<sep>[./-])(?P<d2>\d{1,2})[./-](?P<d3>\d{2,4})\.?"
_CLOCK = (
    r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:[:.](?P<ss>\d{2}))?"
    r"(?:[ \u00a0\u202f]?(?P<ampm>[AaPp]\.?[ \u00a0\u202f]?[Mm]\.?))?"
)
_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
# Ordered: the iOS bracket form first, then Android's " - " form.
HEADERS: tuple[str, ...] = (
    rf"^[{_MARKS}]*\[{_DATE},?[ \u00a0](?:klo )?{_CLOCK}\][ \u00a0](?P<rest>.*)$",  # iOS
    rf"^[{_MARKS}]*{_DATE},?[ \u00a0](?:klo )?{_CLOCK}[ \u00a0]-[ \u00a0](?P<rest>.*)$",  # Android
)
_HEADERS = tuple(re.compile(p) for p in HEADERS)
# "NAME: text". A longer "name", or one holding a quotation mark, is a system line with a
# colon in it ('Ana changed the subject to "Plan: Friday"').
_AUTHOR = re.compile(r"^(?P<name>[^:\n]{1,80}?):(?: |$)(?P<text>.*)$")
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")
# Dates read by the usual order of a locale when no number settles it: by the date's
# separator, and for "/" by the clock (12-hour: the US order).
USUAL_ORDER: dict[str, str] = {".": "day", "-": "day", "/24": "day", "/12": "month"}

# ---------------------------------------------------------------- what is not a message
# The encryption notice and its successors, in the languages seen (en, de, es, fr, pt,
# it, nl); on iOS it carries the group or the other person as author.
ENCRYPTION = re.compile(
    r"^(?:Messages (?:and calls )?(?:to this (?:chat|group) )?(?:you send to this (?:chat|group) )?"
    r"(?:and calls )?(?:are|were) (?:now )?(?:end-to-end encrypted|secured with end-to-end)"
    r"|Nachrichten(?: und Anrufe)? sind Ende-zu-Ende-verschlüsselt|Nachrichten, die du in diesem Chat"
    r"|Los mensajes y las llamadas están cifrados|Les messages et les appels sont chiffrés"
    r"|As mensagens e as chamadas são protegidas|I messaggi e le chiamate sono crittografati"
    r"|Berichten en gesprekken zijn end-to-end versleuteld)",
    re.I,
)
# Group events, each a whole line, by kind (en: WhatsApp's own strings as the exports and
# the inconsistencies study show them; de from a real German iOS export; es, fr, pt from
# parsers' test exports). An iOS line is one of them only when it names its author (the
# export puts the person concerned as author) or its author is the group (the author of
# the encryption notice): "I added salt" by Tom stays a message.
SYSTEM: tuple[tuple[str, str], ...] = (
    (
        "group created",
        r".* (?:created (?:the )?group|created this group)\b.*|.* hat die Gruppe .*erstellt\.?",
    ),
    (
        "group created",
        r".* creó (?:el grupo|este grupo).*|.* a créé (?:le )?groupe.*|.* criou (?:o )?grupo.*",
    ),
    ("member added", r".* (?:added|a ajouté|añadió a|adicionou) .*|.* was added|You were added"),
    ("member added", r".* hat .* hinzugefügt\..*|.* joined using this group's invite link"),
    (
        "member left",
        r".* (?:left|removed .*|was removed)|.* hat die Gruppe verlassen\.?|.* hat .* entfernt\.?",
    ),
    ("member left", r".* salió del grupo|.* (?:a quitté|saiu)|.* eliminó a .*"),
    (
        "group changed",
        r".* changed (?:the subject|this group's (?:icon|settings)|the group (?:description|name)).*",
    ),
    (
        "group changed",
        r".* (?:deleted this group's icon|hat (?:das Gruppenbild|den Betreff|die Gruppenbeschreibung) .*)",
    ),
    ("security code", r".*security code (?:with .* )?changed.*|.*Sicherheitsnummer .* hat sich geändert.*"),
    ("number changed", r".* changed (?:their phone number|to \+?\d.*)|.* changed their phone number.*"),
    ("call", r"Missed (?:voice|video) call.*|(?:Voice|Video) call.*|Verpasster (?:Sprach|Video)anruf.*"),
    ("disappearing messages", r".*disappearing messages.*|.*selbstlöschende Nachrichten.*"),
)
_SYSTEM = tuple((kind, re.compile(rf"^(?:{p})$", re.I | re.S)) for kind, p in SYSTEM)
SYSTEM_KINDS = tuple(dict.fromkeys(["encryption notice", *(k for k, _ in SYSTEM), "other system line"]))
# A deleted message, whole (en, de, es, fr, pt, it, nl).
DELETED = re.compile(
    r"^(?:This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht"
    r"|Du hast diese Nachricht gelöscht|Se eliminó este mensaje|Eliminaste este mensaje"
    r"|Ce message a été supprimé|Vous avez supprimé ce message|Esta mensagem foi apagada"
    r"|Você apagou esta mensagem|Questo messaggio è stato eliminato|Dit bericht is verwijderd)\.?$",
    re.I,
)
# Media left out of an export, or attached to it, by kind: the whole text (Android's
# "<Media omitted>", iOS "image omitted", "NAME • 2 pages document omitted", German
# "Bild weggelassen"), or a token in it (iOS "<attached: 00000013-PHOTO-....jpg>", Android
# "IMG-2019.jpg (file attached)"), taken out of the text.
MEDIA: tuple[tuple[str, str], ...] = (
    (
        "media omitted",
        r"<(?:Media omitted|Medien ausgeschlossen|Multimedia omitido|Médias omis|Mídia oculta)>",
    ),
    ("media omitted", r"(?:.+ • .+ )?(?:image|video|audio|sticker|GIF|document|Contact card) omitted"),
    ("media omitted", r"(?:.+ • .+ )?(?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte) weggelassen"),
    ("media omitted", r"(?:imagen|video|audio|sticker|GIF|documento) omitido|null"),
)
_MEDIA = tuple((kind, re.compile(rf"^(?:{p})$", re.I)) for kind, p in MEDIA)
ATTACHED = re.compile(
    r"<(?:attached|angehängt|adjunto|pièce jointe|anexado): [^<>\n]+>"
    r"|^\S+\.\w{2,5} \((?:file attached|Datei angehängt|archivo adjunto|fichier joint|arquivo anexado)\)",
    re.I,
)
EDITED = re.compile(
    r"\s*<(?:This message was edited|Diese Nachricht wurde bearbeitet|Se editó este mensaje)>$"
)

# ---------------------------------------------------------------- sniffing
# sniff(): the share of the first SNIFF_LINES non-blank lines that are headers, once at
# least MIN_HEADERS are (a multi-line message lowers the share: real exports run 0.6-1.0,
# other dialects' fixtures and the corpus 0); the first header must come within the first
# FIRST_HEADER_WITHIN lines (an export opens with one).
SNIFF_LINES = 200
MIN_HEADERS = 2
FIRST_HEADER_WITHIN = 3
SCORE_BY_SHARE: tuple[tuple[float, float], ...] = ((0.6, 0.95), (0.4, 0.85), (0.25, 0.6))
MAX_AUTHOR_CHARS = 80
# System lines are one short line ("Ana added Bo, Cy and 4 others. Tap to see all."):
# a longer authored message is never tried against SYSTEM.
MAX_SYSTEM_CHARS = 300


@dataclass
class _Header:
    """One header line: where, its date numbers and clock, and the rest of the line."""

    index: int
    d: tuple[int, int, int]
    sep: str
    clock: tuple[int, int, int]
    ampm: str | None
    rest: str


def _header(line: str, index: int) -> _Header | None:
    if not line or not (line[0].isdigit() or line[0] == "[" or line[0] in _MARKS):
        return None
    for pattern in _HEADERS:
        m = pattern.match(line)
        if m:
            ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "").replace("\u00a0", "")
            return _Header(
                index,
                (int(m["d1"]), int(m["d2"]), int(m["d3"])),
                m["sep"],
                (int(m["hh"]), int(m["mm"]), int(m["ss"] or 0)),
                ampm.replace("\u202f", "") or None,
                m["rest"],
            )
    return None


def _day_first(headers: list[_Header], warnings: list[str]) -> bool:
    """Day-first or month-first for the whole file (see the module doc)."""
    dmy = [h for h in headers if h.d[0] <= 31 and h.d[0] < 1000]
    if any(h.d[0] > 12 for h in dmy):
        return True
    if any(h.d[1] > 12 for h in dmy):
        return False
    if not dmy:
        return True
    first = dmy[0]
    key = first.sep if first.sep != "/" else ("/12" if any(h.ampm for h in dmy) else "/24")
    day = USUAL_ORDER[key] == "day"
    warnings.append(
        "day and month order not settled by any date (no number above 12 in either place): "
        f"read {'day' if day else 'month'}-first, the usual order of '{first.sep}' dates"
        f"{' with a 12-hour clock' if key == '/12' else ''}"
    )
    return day


def _stamp(h: _Header, day_first: bool) -> datetime | None:
    a, b, c = h.d
    if a >= 1000:
        year, month, day = a, b, c
    else:
        year = c + 2000 if c < 100 else c
        day, month = (a, b) if day_first else (b, a)
    hour, minute, second = h.clock
    if h.ampm:
        if hour > 12:
            pass  # "00:08 a. m." / "13:05 PM" seen in the wild: the clock says it
        elif h.ampm.startswith("p") and hour < 12:
            hour += 12
        elif h.ampm.startswith("a") and hour == 12:
            hour = 0
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


_BIDI = re.compile(f"[{_MARKS}]")
_NOT_CONTACT = re.compile(r"^~[\s\u00a0\u202f]*")  # "~ Arthur": a sender not in the contacts
_SPACES = re.compile(r"\s+")


@cache
def _clean_author(name: str) -> str:
    """The name as one person is written on every line (cached: a chat has few)."""
    name = _BIDI.sub("", name.replace("\u2011", "-"))
    return _SPACES.sub(" ", _NOT_CONTACT.sub("", name.strip(" \t\u00a0\u202f"))).strip()


def _system_kind(text: str) -> str:
    for kind, pattern in _SYSTEM:
        if pattern.match(text):
            return kind
    return "other system line"


def _ios_system(author: str, text: str, group_authors: set[str]) -> str | None:
    """The kind of an authored line that is an iOS system line, or ``None``."""
    if ENCRYPTION.match(text):
        return "encryption notice"
    if "\n" in text or len(text) > MAX_SYSTEM_CHARS:
        return None
    plain = _SPACES.sub(" ", text.replace("\u2011", "-"))
    # the cheap test first: a system line names its author, or comes from the group
    if not (author in group_authors or author in plain or plain.startswith(("You ", "Du "))):
        return None
    kind = _system_kind(text)
    return None if kind == "other system line" else kind


def _media_kind(text: str) -> str | None:
    for kind, pattern in _MEDIA:
        if pattern.match(text):
            return kind
    return None


def _title(kind: str, text: str) -> str | None:
    if kind not in ("group created", "group changed"):
        return None
    found = re.search(r"[\"“„«]\s*(.+?)\s*[\"”“»]", text)
    return found.group(1) if found else None


def sniff(text: str) -> float:
    """Confidence that ``text`` is a WhatsApp chat export.

    >>> sniff("12/03/2021, 14:22 - Ana: hi\\n12/03/2021, 14:23 - Bo: hello\\n")
    0.95
    """
    lines = [s for s in islice((s for s in text[:200_000].split("\n") if s.strip()), SNIFF_LINES)]
    if not lines or not any(_header(s, i) for i, s in enumerate(lines[:FIRST_HEADER_WITHIN])):
        return 0.0
    n = sum(_header(s, i) is not None for i, s in enumerate(lines))
    if n < MIN_HEADERS:
        return 0.0
    share = n / len(lines)
    return next((score for floor, score in SCORE_BY_SHARE if share >= floor), 0.0)


@dataclass
class _Message:
    header: _Header | None
    lines: list[Line]


def _messages(lines: list[Line]) -> list[_Message]:
    out: list[_Message] = []
    for i, line in enumerate(lines):
        h = _header(line.text, i)
        if h is not None:
            out.append(_Message(h, [Line(line.no, h.rest)]))
        elif out:
            out[-1].lines.append(line)
        elif line.text.strip():
            out.append(_Message(None, [line]))
        # blank lines before anything: nothing to keep
    return out


def parse(text: str) -> list[RawThread]:
    """One thread: a placeholder root for the chat, then its messages in time order.

    Blank text gives no threads; text with no message header, a :class:`ThreadsError`.
    """
    if not text.strip():
        return []
    lines = numbered(text)
    messages = _messages(lines)
    warnings: list[str] = []
    headers = [m.header for m in messages if m.header is not None]
    if not headers:
        raise ThreadsError(
            "not a WhatsApp chat export: no line opens with a header like '12/03/21, 14:22 - NAME: '"
        )
    day_first = _day_first(headers, warnings)
    skipped: Counter[str] = Counter()
    media: Counter[str] = Counter()
    edited = 0
    bad_dates = 0
    group_authors: set[str] = set()
    title: str | None = None
    posts: list[RawPost] = []
    for msg in messages:
        h = msg.header
        first = msg.lines[0].text
        if h is None:
            posts.append(block_post(msg.lines, author=None))
            continue
        found = _AUTHOR.match(first)
        name = _clean_author(found["name"]) if found else ""
        if not found or not name or _QUOTE_MARKS.search(found["name"]) or len(name) > MAX_AUTHOR_CHARS:
            body = "\n".join(x.text for x in msg.lines).strip()
            kind = "encryption notice" if ENCRYPTION.match(body.strip(_MARKS)) else _system_kind(body)
            skipped[kind] += 1
            title = _title(kind, body) or title
            continue
        body_lines = [Line(msg.lines[0].no, found["text"]), *msg.lines[1:]]
        whole = "\n".join(x.text for x in body_lines).strip().strip(_MARKS)
        kind = _ios_system(name, whole, group_authors)
        if kind:
            skipped[kind] += 1
            title = _title(kind, whole) or title
            if kind == "encryption notice":
                group_authors.add(name)
            continue
        if DELETED.match(whole):
            skipped["deleted"] += 1
            continue
        if (media_kind := _media_kind(whole)) is not None:
            media[media_kind] += 1
            body_lines = [Line(body_lines[0].no, "")]
        elif ATTACHED.search(whole):
            media["media attached"] += 1
            body_lines = [Line(x.no, ATTACHED.sub("", x.text.strip(_MARKS)).strip()) for x in body_lines]
        if body_lines and EDITED.search(body_lines[-1].text):
            edited += 1
            body_lines[-1] = Line(body_lines[-1].no, EDITED.sub("", body_lines[-1].text))
        stamp = _stamp(h, day_first)
        bad_dates += stamp is None
        post = block_post(body_lines, author=name, timestamp=stamp)
        post.body = post.body.strip(_MARKS)
        post.line_start = msg.lines[0].no
        kept = strip_blank(msg.lines)
        post.line_end = kept[-1].no if kept else post.line_start
        posts.append(post)
    ordered = sorted(posts, key=lambda p: (p.timestamp is not None, p.timestamp or datetime.min))
    moved, latest = 0, None  # messages written before one listed above them
    for post in posts:
        if post.timestamp is not None:
            if latest is not None and post.timestamp < latest:
                moved += 1
            latest = max(latest or post.timestamp, post.timestamp)
    kinds = {
        what: ", ".join(f"{n} {k}" for k, n in c.items()) for what, c in (("media", media), ("skip", skipped))
    }
    notes = (  # (count, what the user is told)
        (moved, f"{moved} message(s) listed out of time order (the export's clock slips): put in time order"),
        (media, f"messages whose media the export left out or attached ({kinds['media']}): kept, no text"),
        (edited, f"{edited} edited message(s): WhatsApp's '<This message was edited>' taken off"),
        (
            bad_dates,
            f"{bad_dates} message(s) with an impossible date (day and month order?): time left empty",
        ),
        (skipped, f"lines that are not messages, counted and left out ({kinds['skip']})"),
    )
    warnings.extend(text for count, text in notes if count)
    warnings.append(
        "a WhatsApp export keeps no reply links: post 0 stands for the chat, and who answers "
        "whom is left to @names, names and reply inference"
    )
    root = RawPost(author=None, body="", title=title, placeholder=True)
    return [RawThread(posts=[root, *ordered], title=title, skipped=dict(skipped), warnings=warnings)]
