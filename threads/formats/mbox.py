"""Mail archives: mbox files, Pipermail / Mailman 2 monthly ``.txt`` archives, one
mail saved on its own (an ``.eml`` or Maildir file, a Usenet article: no separator line,
the text opens on the mail's headers; :func:`bare_message`), and a mailbox kept as one
file a mail (a Maildir, a folder or zip of ``.eml`` files, an MH folder or news spool),
which ``threads/zipped.py`` gives as one text, a bundle: its mails are read as one
archive in time order (a mail's ``source_file`` is its own file), so that replies find
their parents across files.

Messages start at ``From `` separator lines (``From alice@example.org Mon Mar  7
21:15:00 2011``; Pipermail writes ``From alice at example.org ...``) and hold RFC 5322
headers, a blank line and a body. One file holds many threads. A message's parent is
its ``In-Reply-To``, else the last ``References`` id, found in the file (a real parent:
``parent_source_id``, so ``nested`` evidence); ids are the ``<...>`` ones, or bare words
with an "@" where an archive writes them without brackets. A reply with **no** threading
header at all (``Re:``/``AW:``/``SV:`` subject) is attached by **subject**: prefixes and
``[list]`` tags stripped, it joins the earliest-dated thread root with that subject, its
parent that root with evidence ``subject`` and :data:`SUBJECT_CONFIDENCE`, with a warning.
A message whose reply headers name only messages missing from the file, or with neither,
is a new thread (a warning names the missing parent). Exact copies of a message (same
Message-ID, same body: an archive concatenated twice) are dropped and counted in
``RawThread.skipped["duplicate message"]``; a reused Message-ID with another body is kept
under ``ID#2``, with a warning.

Threads come in order of their first message, keyed by the root's Message-ID; posts in
**document order** (file order), moved where needed so that a parent precedes its
replies. Bodies are kept as written (``On ... wrote:`` lines, ``>`` quotes and ``-- ``
signatures are split later by ``quotes.py``/``signatures.py``); for multipart mail the
first ``text/plain`` part is the body; mboxrd ``>From `` escapes are undone. Authors
are display names, else addresses, with Pipermail's ``user at host`` obfuscation
undone. Times come from ``Date:`` in UTC (else the separator line, as written).
"""

from __future__ import annotations

import codecs
import email
import email.errors
import quopri
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import decode_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from threads import mailhead
from threads.dates import in_range, utc
from threads.formats._dump import parents_first
from threads.formats._html import soup, text_of, top_level
from threads.formats._html_dom import Node
from threads.formats._text import Line
from threads.mailhead import HEADER_BLOCK_LINES, SEPARATOR, bare_message
from threads.model import RawPost, RawThread
from threads.read import decode, guess_legacy
from threads.zipped import bundle_layout, unbundle

NAME = "mbox"
LINE_BASED = True
PRIORITY = 10  # before email-text: an archive also has From:/Date: header blocks
DESCRIPTION = (
    "mbox / Pipermail / Mailman archive, one .eml mail, or a Maildir or folder of .eml mails, "
    "threaded by In-Reply-To."
)

# Reply and forward prefixes by language (en Re/Fwd, de AW/WG, sv/da/no SV/VS, nl Antw,
# fi VS, fr TR) and list tags such as "[tern-dev]".
_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|fwd?|wg|tr)(?:\[\d+\]|\^\d+)?\s*:|\[[^\]]{1,40}\])\s*", re.IGNORECASE
)
_REPLY_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)*(?:re|aw|sv|vs|antw)(?:\[\d+\]|\^\d+)?\s*:", re.IGNORECASE
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_FOLD = re.compile(r"\r?\n[ \t]+")
_BARE_ID = re.compile(r"^[^\s<>()\[\]\\,;:\"]+@[^\s<>()\[\]\\,;:\"]+$")
_OBFUSCATED = re.compile(r"^(?P<user>[\w.+-]+) at (?P<host>[\w-]+(?:\.[\w-]+)+)$")
# Sender forms read before the email package's parseaddr (which gets them wrong):
# "ann at example.org (Ann Lee)" (Pipermail, also with "@" and with "Name <addr>" inside
# the comment, numpy-discussion 2001), and "Ann Lee ann@example.org": a display name
# and a bare address without angle brackets (LISTSERV archives re-exported by BigBang).
_COMMENT_FORM = re.compile(r"^(?P<addr>[\w.+-]+(?: at |@)[\w.-]+)\s*(?:\((?P<name>[^()]*)\))?$")
_BARE_ADDRESS_FORM = re.compile(r"^(?P<name>\S.*?)\s+(?P<addr>[^\s<>@()]+@[^\s<>@()]+)$")
# The layouts of threads/zipped.py that are mailboxes of one file a mail.
MAIL_LAYOUTS = ("mailbox",)
# Stands in the text of an HTML mail for its n-th quote block until the block's "> "
# lines replace it (letters only: the text extraction keeps it as a word of its own).
_QUOTE_MARK = "threadsquoteblock"
# RawThread.skipped key for exact copies of a message (same Message-ID, same body).
DUPLICATE = "duplicate message"
# How sure a parent found only by subject is (evidence "subject": a reply without
# threading headers attached to the earliest thread root with its normalised subject).
# Measured on the real archives by hiding the headers of every reply whose In-Reply-To /
# References parent is in the file and asking where the subject would put it:
# numpy-discussion 2001-11 (deduplicated), 3GPP RAN4 NR-MIMO-OTA and metrics-grimoire
# 2016-04 have 75 such replies; 68 find a root by subject, and that root is the true
# parent for 29 of them (0.43; the true thread for 50, 0.74).
SUBJECT_CONFIDENCE = 0.43


def sniff(text: str) -> float:
    """Confidence that ``text`` is an mbox or Pipermail archive, one saved mail
    (:func:`threads.mailhead.sniff`), or a mailbox of one file a mail (a bundle).

    >>> sniff("From ann@x.org Mon Mar  7 21:15:00 2011\\nFrom: ann@x.org\\nSubject: Hi\\n\\nHi\\n")
    1.0
    """
    return 1.0 if bundle_layout(text) in MAIL_LAYOUTS else mailhead.sniff(text)


def _unwrapped(subject: str) -> str:
    """A subject wrapped in one pair of quotes (``'Re: x'``: BigBang's re-export of
    LISTSERV archives writes Python reprs) without them."""
    subject = subject.strip()
    if len(subject) >= 2 and subject[0] == subject[-1] and subject[0] in "'\"":
        return subject[1:-1]
    return subject


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes and list tags, case-folded.

    >>> normalise_subject("AW: [tern-dev] Re: Release freeze")
    'release freeze'
    """
    subject = _unwrapped(subject)
    prev = None
    while prev != subject:
        prev, subject = subject, _PREFIX.sub("", subject, count=1)
    return " ".join(subject.split()).casefold()


def _decode(value: str | None) -> str:
    """A header's text: RFC 2047 encoded words decoded by :func:`mail_bytes_text` (a word
    whose bytes are UTF-8 under another declared charset is read as UTF-8), raw 8-bit
    text kept as the archive was decoded (the email package's make_header refused a
    header mixing the two)."""
    if not value:
        return ""
    # a header folded over lines keeps its line break and indent until unfolded (RFC
    # 5322 2.2.3): 'Subject: May binaries be built from generated "source"\n\tcode?'
    value = _FOLD.sub(" ", str(value))
    if "=?" not in value:
        return value
    try:
        words = decode_header(value)
    except (ValueError, LookupError, UnicodeError, email.errors.MessageError):
        # MessageError: an encoded word naming a charset that cannot be one
        # ("=?utf-ß?q?...?=" raises CharsetError; found by scripts/fuzz.py)
        return value
    # decode_header hands back the text between encoded words as raw-unicode-escape bytes,
    # and a header whose "=?" starts no valid encoded word as it is (one str)
    return "".join(
        chunk
        if isinstance(chunk, str)
        else mail_bytes_text(chunk, charset)
        if charset
        else chunk.decode("raw-unicode-escape")
        for chunk, charset in words
    )


def is_reply_subject(subject: str) -> bool:
    """Whether ``subject`` says its mail replies ("Re:", "AW:", ... after list tags).

    >>> is_reply_subject("[tern-dev] AW: Release freeze"), is_reply_subject("Release freeze")
    (True, False)
    """
    return bool(_REPLY_PREFIX.match(_unwrapped(subject)))


def sender_name(value: str) -> str | None:
    """The author a From header (or an mbox separator's sender) names: the display name,
    else the address, Pipermail's "user at host" undone; RFC 2047 words decoded.

    >>> sender_name("ann.lee at example.org (Ann Lee)"), sender_name("bo at example.org")
    ('Ann Lee', 'bo@example.org')
    """
    value = " ".join(_decode(value).split())
    if not value:
        return None
    # "ann at example.org (Ann Lee)" (Pipermail) or "ann@example.org (Ann Lee)": the name
    # is the comment; parseaddr needs the "@" back and would keep a "<addr>" in it.
    m = _COMMENT_FORM.match(value)
    if m:
        name = (m.group("name") or "").strip()
        if "<" in name:  # "(Christos Siopis <siopis@umich.edu>)": the name in the name
            name = _parsed_name(name) or name
        addr = m.group("addr").replace(" at ", "@")
        return unmunged(name, addr) or addr
    m = _BARE_ADDRESS_FORM.match(value)
    if m and "<" not in value:
        return m.group("name").strip().strip('"').strip() or m.group("addr")
    name, addr = _parsed(value)
    if name:
        return unmunged(name, addr)
    if addr:
        return addr
    obf = _OBFUSCATED.match(value)
    return f"{obf['user']}@{obf['host']}" if obf else value


# A list that rewrites the From of a mail from a domain with a strict DMARC policy names
# the sender "NAME via LIST" at the list's own address: Mailman 2.1 and 3 ("Douglas Gregor
# via swift-evolution <swift-evolution@swift.org>", in real swift-evolution pages), Google
# Groups ("'Ian Rogers' via Clang Built Linux" <clang-built-linux@googlegroups.com>, with
# X-Original-From: the real one, kept in lore.kernel.org's mirror). The same person was
# two authors, one of them the list's.
_VIA = re.compile(r"^(?P<q>['\"]?)(?P<who>.+?)(?P=q) via (?P<list>\S.*)$")


def unmunged(name: str, addr: str) -> str:
    """``name`` without a list's " via LIST" when the address is the list's own.

    >>> unmunged("Douglas Gregor via swift-evolution", "swift-evolution@swift.org")
    'Douglas Gregor'
    >>> unmunged("'Ian Rogers' via Clang Built Linux", "clang-built-linux@googlegroups.com")
    'Ian Rogers'
    >>> unmunged("Routes via Lyon", "ann@example.org")
    'Routes via Lyon'
    """
    m = _VIA.match(name)
    if not m:
        return name
    local, _, host = addr.casefold().partition("@")
    listed = re.sub(r"[\s_]+", "-", m["list"].strip().casefold())
    return m["who"].strip() if listed == local or host.endswith("googlegroups.com") else name


def _parsed(value: str) -> tuple[str, str]:
    try:
        name, addr = parseaddr(value)
    except RecursionError:  # the email package recurses once per ":" (a fuzz find)
        return "", ""
    return name.strip().strip('"').strip(), addr


def _parsed_name(value: str) -> str:
    return _parsed(value)[0]


def _body(msg: Message) -> str:
    """The text of a mail: its first text/plain part as written; else its first
    text/html part as text (:func:`html_mail_text`: mail written in HTML only, as
    Thunderbird sends a message with an image in it, lost its text or kept its tags)."""
    parts = list(msg.walk()) if msg.is_multipart() else [msg]
    plain = next((p for p in parts if p.get_content_type() == "text/plain"), None)
    if plain is not None or (not msg.is_multipart() and msg.get_content_type() != "text/html"):
        return _decoded(plain or msg)
    html = next((p for p in parts if p.get_content_type() == "text/html"), None)
    return html_mail_text(_decoded(html)) if html is not None else ""


def html_mail_text(html: str) -> str:
    """The text of an HTML mail as its plain-text alternative would read: the words of
    the page, each ``<blockquote>`` (``type="cite"``: Thunderbird, Gmail, Apple Mail) as
    ``> `` lines where it stands, so that ``quotes.py`` finds the quote and the "On ...,
    NAME wrote:" line above it as it does in plain mail.

    >>> html_mail_text("<p>On Mon, Ann wrote:</p><blockquote>Tea?</blockquote><p>Yes.</p>")
    'On Mon, Ann wrote:\\n\\n> Tea?\\n\\nYes.'
    """
    page = soup(f"<div id='threads-body'>{html}</div>")
    return _mail_text(page.select_one("#threads-body") or page)


def _mail_text(node: Node) -> str:
    quoted = []
    for n, quote in enumerate(top_level(node, "blockquote")):
        inner = _mail_text(quote)  # nested quotes first: "> > " lines
        quoted.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        quote.replace_with_text(f" {_QUOTE_MARK}{n} ")
    text = text_of(node)
    for n, lines in enumerate(quoted):  # the mark stands alone: a blockquote is a block
        text = re.sub(rf"[ \t]*{_QUOTE_MARK}{n}(?!\d)[ \t]*", lambda _, q=lines: f"\n{q}\n", text, count=1)
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def _decoded(part: Message) -> str:
    """A part's text. An 8-bit body (no transfer encoding) is text already, decoded with
    the archive (the email package turned its letters into escapes: "à" to byte 0xE0,
    "’" to the six characters "\\u2019"); QP and base64 bodies by :func:`mail_bytes_text`."""
    raw = part.get_payload()
    if not isinstance(raw, str):
        return ""
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if raw.isascii():
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else raw.encode("ascii")
    elif cte == "quoted-printable":  # 8-bit letters left in a QP body: kept as UTF-8
        data = quopri.decodestring(raw.encode("utf-8"))
    else:
        return raw
    return mail_bytes_text(data, part.get_content_charset())


# Charsets in which every byte is a character (codecs.lookup names): valid UTF-8 bytes
# declared as one of these (or as nothing) are UTF-8 mislabelled (a client writing UTF-8
# under its default "iso-8859-1"): accented Latin text almost never forms valid UTF-8.
SINGLE_BYTE_CHARSETS = re.compile(
    r"^(?:ascii|latin-1|iso8859-\d+|cp125\d|cp437|cp850|cp866|koi8-\w|mac-\w+)$"
)


def mail_bytes_text(data: bytes, charset: str | None) -> str:
    """Text of a mail body's (or header's) bytes, losing none: UTF-8 if they decode as
    UTF-8 (unless a multi-byte charset such as Shift_JIS or ISO-2022-JP is declared and
    decodes them), else the declared charset, else the legacy code page the bytes read
    as (cp1252 for Latin text, as threads.read guesses it), else latin-1, which reads
    any byte.

    >>> mail_bytes_text("voilà".encode(), "iso-8859-1")
    'voilà'
    >>> mail_bytes_text("voilà".encode("cp1252"), None)
    'voilà'
    """
    try:
        codec = codecs.lookup(charset).name if charset else None
    except LookupError:
        codec = None
    single = codec is None or SINGLE_BYTE_CHARSETS.match(codec)
    for enc in filter(None, ("utf-8", codec) if single else (codec, "utf-8")):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    # The detector may answer a multi-byte codec for a few bytes ("Gr\\xfc\\xdfe" as
    # UTF-16): only a single-byte code page is taken from it.
    guess = codecs.lookup(guess_legacy(data)).name
    try:
        return data.decode(guess if SINGLE_BYTE_CHARSETS.match(guess) else "cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81, 0x8D, ...)
        return data.decode("latin-1")


def _ids(value: object) -> list[str]:
    """Message ids in a Message-ID, In-Reply-To or References header: the ``<...>``
    ones; where there are none, the bare words holding an "@" as written (LISTSERV
    archives re-exported by BigBang write ids without brackets). A phrase such as
    "your message of Mon, 7 Mar" gives none."""
    text = str(value or "")
    if found := _MSGID.findall(text):
        return found
    # bare ids, and an id whose ">" was cut off ("<id@host" with nothing after it: a real
    # mail kept in HyperKitty's test data), which would otherwise name no parent at all
    words = (w.removeprefix("<").removesuffix(">") for w in text.split())
    return [w for w in words if "@" in w and _BARE_ID.match(w)]


# Pipermail (Mailman 2's Scrubber) puts in its monthly .txt archives, in place of each
# attachment it keeps apart, a note after a "next part" line: these notes are the
# archive's, not the sender's words. A text attachment after such a line is kept.
NEXT_PART = "-------------- next part --------------"
_SCRUBBED = re.compile(
    r"^(?:An HTML attachment was scrubbed|A non-text attachment was scrubbed|An embedded message was "
    r"scrubbed|An embedded and charset-unspecified text was scrubbed)\.\.\.$|^Skipped content of type \S+$"
)
# Pipermail writes addresses in bodies "ann at example.org" too, HyperKitty (Mailman 3's
# archive: its pages and mbox exports, hyperkitty/models/email.py) "ann(a)example.org": in
# the angle brackets of an attribution ("2016-04-14 11:06 GMT+02:00 Ann Lee <ann at
# example.org>:") it hid the address that tells such a line from prose.
_OBFUSCATED_ADDRESS = re.compile(r"<([\w.+-]+)(?: at |\(a\))([\w-]+(?:\.[\w-]+)+)>")


def archive_body(lines: list[str]) -> list[str]:
    """A body's lines without what a list archive wrote into it: Pipermail's notes on
    the attachments it scrubbed (with their "next part" line), its " at " (HyperKitty's
    "(a)") in addresses in angle brackets undone, Mailman's footer; trailing blank lines
    dropped.

    >>> archive_body(["Hi <ann at x.org>", "", NEXT_PART, "An HTML attachment was scrubbed...", "URL: <u>"])
    ['Hi <ann@x.org>']
    """
    parts: list[list[str]] = [[]]
    for line in lines:
        if line.rstrip() == NEXT_PART:
            parts.append([line])
        else:
            parts[-1].append(_OBFUSCATED_ADDRESS.sub(r"<\1@\2>", line))
    kept = [parts[0]]
    for part in parts[1:]:
        note = next((line.strip() for line in part[1:] if line.strip()), "")
        if not _SCRUBBED.match(note):
            kept.append(part)
    out = _without_list_footer([line for part in kept for line in part])
    while out and not out[-1].strip():
        out.pop()
    return out


# The footer Mailman adds to every mail it delivers (what a subscriber's mailbox holds):
# a rule of underscores, then "LIST mailing list" and the list's address and listinfo
# page (Mailman 2), or "LIST mailing list -- ADDRESS" and "To unsubscribe send an email
# to LIST-leave@HOST" (Mailman 3). It runs to the next blank line.
_FOOTER_RULE = re.compile(r"^_{20,}\s*$")
_FOOTER_LIST = re.compile(r"^\S.{0,100}? mailing list(?: -- \S+)?\s*$", re.IGNORECASE)


def _without_list_footer(lines: list[str]) -> list[str]:
    """``lines`` without the mailing list's footers (not the sender's words).

    >>> _without_list_footer(["Yes.", "_" * 47, "tern-dev mailing list", "tern-dev@x.org", "", "P.S."])
    ['Yes.', '', 'P.S.']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _FOOTER_RULE.match(lines[i]) and i + 1 < len(lines) and _FOOTER_LIST.match(lines[i + 1]):
            i += 2
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return out


# The message c-client (UW IMAP, Pine, Alpine) and Dovecot keep first in an mbox folder
# to hold its IMAP state (Subject as below, an X-IMAP or X-IMAPbase header): no mail.
FOLDER_DATA_SUBJECT = "DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA"
FOLDER_DATA = "mail system's folder data"  # RawThread.skipped key
# A message that is a separator and headers without sender, date or words (BigBang's
# re-export of a LISTSERV archive keeps one for each message it could not fetch: its
# Archived-At alone): no post, and its separator's date, the export's, no time of any.
EMPTY = "message without sender, date or words"  # RawThread.skipped key
_LEFT_OUT = {
    FOLDER_DATA: f"the {{unit}}'s folder data message ('{FOLDER_DATA_SUBJECT}', written by the mail server) "
    "left out",
    EMPTY: "{n} message(s) of the {unit} with neither sender, date nor words (headers alone) left out",
}


def _no_post(msg: Message, body: list[str]) -> str | None:
    """Why the message ``msg`` (its body's lines ``body``) is no post, or ``None``."""
    if str(msg.get("Subject", "")).strip() == FOLDER_DATA_SUBJECT and any(
        msg.get(h) is not None for h in ("X-IMAP", "X-IMAPbase")
    ):
        return FOLDER_DATA
    if not any(msg.get(h) for h in ("From", "Date", "Message-ID")) and not "".join(body).strip():
        return EMPTY
    return None


def _unescape_from(lines: list[str]) -> list[str]:
    return [line[1:] if re.match(r"^>+From ", line) else line for line in lines]


def _stamp(msg: Message, sep_date: str) -> datetime | None:
    value = msg.get("Date")
    if value:
        try:
            ts = parsedate_to_datetime(str(value))
        # OverflowError: a field too long for a C int ("2 Nov 99999999999999999999", a
        # fuzz find); an offset of a day or more is a ValueError.
        except (TypeError, ValueError, IndexError, OverflowError):
            ts = None
        # utc: None for a time it cannot hold ("31 Dec 9999 23:59:59 -0100" raised
        # OverflowError); the separator's date is then the next best.
        if (ts := utc(ts)) is not None:
            return ts
    return separator_stamp(sep_date)


# The separator's date forms (threads.mailhead.SEPARATOR) once its zone is taken out.
_SEPARATOR_DATES = (
    "%a %b %d %H:%M:%S %Y",
    "%a %b %d %H:%M %Y",
    "%b %d %H:%M:%S %Y",
    "%a %d %b %Y %H:%M:%S",
    "%a %d %b %Y %H:%M",
)
_SEPARATOR_ZONE = re.compile(r"(?<!\S)(?:(?P<sign>[+-])(?P<h>\d{2})(?P<m>\d{2})|[A-Z]{2,5})(?!\S)")


def separator_stamp(date: str) -> datetime | None:
    """The time of an mbox separator line's date: in UTC where it gives a numeric zone,
    else as written (a named zone, "EEST", is left aside, as Dovecot leaves it).

    >>> separator_stamp("Thu Nov  9 22:33:52 2001 +0300")
    datetime.datetime(2001, 11, 9, 19, 33, 52, tzinfo=datetime.timezone.utc)
    >>> separator_stamp("Sat Jun 12 02:32:41 CEST 2004")
    datetime.datetime(2004, 6, 12, 2, 32, 41)
    """
    zone = next((m for m in _SEPARATOR_ZONE.finditer(date) if m["sign"]), None)
    bare = " ".join(_SEPARATOR_ZONE.sub(" ", date).replace(",", " ").split())
    for fmt in _SEPARATOR_DATES:
        try:
            ts = datetime.strptime(bare, fmt)
        except ValueError:
            continue
        if zone is not None:
            offset = timedelta(hours=int(zone["h"]), minutes=int(zone["m"]))
            return utc(ts.replace(tzinfo=timezone(-offset if zone["sign"] == "-" else offset)))
        return in_range(ts)
    return None


def _messages(lines: list[Line]) -> list[tuple[int | None, list[Line]]]:
    """(separator index, lines after it) per message. A separator counts only at the
    start or after a blank line (mbox writers escape body lines that start with From).
    A saved mail without separator is one message, its index ``None``: the whole text,
    or what comes before the first separator (a mail saved on its own that an archive
    was later appended to: Mailpile's test Maildir keeps such a file; it was lost)."""
    starts = [
        i
        for i, line in enumerate(lines)
        if SEPARATOR.match(line.text) and (i == 0 or not lines[i - 1].text.strip())
    ]
    ends = [*starts[1:], len(lines)] if starts else []
    before = lines[: starts[0]] if starts else lines
    head = [line.text for line in before[: HEADER_BLOCK_LINES + 1]]
    saved: list[tuple[int | None, list[Line]]] = [(None, before)] if before and bare_message(head) else []
    return saved + [(s, lines[s + 1 : e]) for s, e in zip(starts, ends, strict=True)]


def piece_start(buf: bytes) -> int:
    """Where a piece of an archive may begin in ``buf``: at a separator line after a
    blank line, both whole in ``buf`` (-1: none). Conservative (ASCII blanks, UTF-8):
    every offset it gives starts a message when the archive is read whole.

    >>> piece_start(b"body\\n\\nFrom ann@x.org Mon Mar  7 21:15:00 2011\\nFrom: ann\\n")
    6
    """
    pos = 0
    while (at := buf.find(b"\nFrom ", pos)) >= 0:
        pos = at + 1
        before = buf.rfind(b"\n", 0, at)
        end = buf.find(b"\n", at + 1)
        if before < 0 or end < 0 or buf[before + 1 : at].strip():
            continue
        try:
            line = buf[at + 1 : end].decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            continue
        if SEPARATOR.match(line):
            return at + 1
    return -1


def parse(text: str) -> list[RawThread]:
    """Threads of an archive, or of a mailbox of one file a mail; see the module doc."""
    if (layout := bundle_layout(text)) in MAIL_LAYOUTS:
        found = bundled(text, layout, "a mailbox of one file a mail", lambda mail: scan(mail.split("\n")))
        return threads_of(found, unit="mailbox")
    return threads_of(scan(text.split("\n")))


def bundled(text: str, layout: str, what: str, read: Callable[[str], Messages]) -> Messages:
    """The messages of a bundle of ``layout`` whose files ``read`` reads (a mailbox's mails,
    a list archive's pages), in time order: its files by the time of their first dated
    message (:func:`when`: a zone-less time as written), a file without one last, in path
    order; each file's messages in its own order, each post's ``member`` its file."""
    _, files = unbundle(text, layout, what)
    parts: list[tuple[tuple[bool, datetime], str, Messages]] = []
    for path, raw in files.items():  # each file's bytes (zipped.Layout.raw_bytes): its own charset
        part = read(decode(raw.encode("latin-1"), path).text)
        for post in part.posts:
            post.member = path
        dated = next((p for p in part.posts if p.timestamp is not None), None)
        parts.append((when(dated, 0)[:2] if dated else (True, datetime.min), path, part))
    found = Messages()
    for _, _, part in sorted(parts, key=lambda x: x[:2]):
        found.merge(part)
    return found


@dataclass
class Messages:
    """The messages of a run of lines, before threading. Those of consecutive pieces of
    an archive :meth:`merge` into those of the whole, so a big archive can be read in
    pieces, in parallel (see ``threads/chunks.py``); threading needs them all."""

    posts: list[RawPost] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    refs: list[list[str]] = field(default_factory=list)
    replyish: list[bool] = field(default_factory=list)
    invented: list[int] = field(default_factory=list)  # messages without a Message-ID
    left_out: dict[str, int] = field(default_factory=dict)  # messages that are no posts, by kind

    def add(self, post: RawPost, own: list[str], in_reply_to: list[str], references: list[str]) -> None:
        """Add one message: ``post`` and the ids of its Message-ID, In-Reply-To and
        References headers (:func:`_ids`); a message without an id is given one."""
        n = len(self.posts)
        if not own:
            self.invented.append(n)
        post.source_id = own[0] if own else _invented(n)
        self.posts.append(post)
        self.ids.append(post.source_id)
        # In-Reply-To first, then the newest reference
        self.refs.append([*in_reply_to[:1], *reversed(references)])
        self.replyish.append(bool(in_reply_to or references or is_reply_subject(post.title or "")))

    def merge(self, later: Messages, line_offset: int = 0) -> None:
        """Add the messages of the piece that follows (its lines numbered from 1,
        ``line_offset`` lines after this piece's first)."""
        for post in later.posts:
            post.line_start += line_offset
            post.line_end += line_offset
        for i in later.invented:  # ids made up from the message's number in the file
            later.ids[i] = later.posts[i].source_id = _invented(len(self.posts) + i)
            self.invented.append(len(self.posts) + i)
        self.posts += later.posts
        self.ids += later.ids
        self.refs += later.refs
        self.replyish += later.replyish
        for kind, n in later.left_out.items():
            self.left_out[kind] = self.left_out.get(kind, 0) + n


def _invented(n: int) -> str:
    return f"mbox-{n}@threads.invalid"


def scan(text_lines: list[str]) -> Messages:
    """The messages of ``text_lines`` (numbered from 1), not yet threaded."""
    lines = [Line(no, t) for no, t in enumerate(text_lines, start=1)]
    out = Messages()
    for start, chunk in _messages(lines):
        sep = SEPARATOR.match(lines[start].text) if start is not None else None
        sender, sep_date = (sep["sender"], sep["date"]) if sep else ("", "")
        first = lines[start].no if start is not None else chunk[0].no
        head_end = next((i for i, line in enumerate(chunk) if not line.text.strip()), len(chunk))
        msg = email.message_from_string("\n".join(line.text for line in chunk))
        body_lines = archive_body(_unescape_from(_body(msg).split("\n")))
        if kind := _no_post(msg, body_lines):
            out.left_out[kind] = out.left_out.get(kind, 0) + 1
            continue
        subject = _decode(msg.get("Subject"))
        kept = [line for line in chunk if line.text.strip()]
        author = sender_name(str(msg.get("From", "") or ""))
        if (original := msg.get("X-Original-From")) and _VIA.match(str(msg.get("From", ""))):
            author = sender_name(str(original)) or author  # Google Groups keeps the real one
        post = RawPost(
            author=author or sender_name(sender),
            body="\n".join(body_lines).strip("\n"),
            timestamp=_stamp(msg, sep_date),
            title=subject or None,
            line_start=first,
            line_end=kept[-1].no if kept and len(chunk) > head_end else first,
        )
        out.add(post, _ids(msg.get("Message-ID")), _ids(msg.get("In-Reply-To")), _ids(msg.get("References")))
    return out


def threads_of(found: Messages, unit: str = "file") -> list[RawThread]:
    """Thread the messages of a whole archive (see the module doc); ``unit`` is what the
    warnings call it (a mailbox of many files is no "file")."""
    keep, copies, notes = _drop_copies(found)
    threads = _threads(
        unit,
        [found.posts[i] for i in keep],
        [found.ids[i] for i in keep],
        [found.refs[i] for i in keep],
        [found.replyish[i] for i in keep],
        [copies.get(i, 0) for i in keep],
        {k: notes[i] for k, i in enumerate(keep) if i in notes},
    )
    for kind, n in found.left_out.items():
        if threads:
            threads[0].skipped[kind] = n
            threads[0].warnings.append(_LEFT_OUT[kind].format(unit=unit, n=n))
    return threads


def _drop_copies(found: Messages) -> tuple[list[int], dict[int, int], dict[int, list[str]]]:
    """Which messages to keep: a message whose Message-ID and body repeat an earlier
    one's is a copy (an archive concatenated twice, a mail delivered to two folders) and
    is dropped, counted on the one kept. A reused Message-ID with another body is a
    different mail (a broken client, a resent edit): kept, renamed ``ID#2``... so ids
    stay unique, with a warning. Returns the kept indexes, copies per kept index and
    warnings per kept index."""
    first: dict[str, int] = {}
    bodies: dict[str, dict[str, int]] = {}  # Message-ID -> body -> first index with it
    invented = set(found.invented)
    keep: list[int] = []
    copies: dict[int, int] = {}
    notes: dict[int, list[str]] = {}
    for i, (post, mid) in enumerate(zip(found.posts, found.ids, strict=True)):
        # the body as words: a copy delivered by another road (a list's and a bug
        # tracker's copies of one mail in notmuch's test corpus) may differ in blank lines
        body = " ".join(post.body.split())
        if i in invented or mid not in first:
            first.setdefault(mid, i)
            bodies.setdefault(mid, {body: i})
            keep.append(i)
            continue
        same = bodies[mid].get(body)
        if same is not None:
            copies[same] = copies.get(same, 0) + 1
            continue
        bodies[mid][body] = i
        new_id = f"{mid}#{len(bodies[mid])}"
        found.ids[i] = post.source_id = new_id
        notes.setdefault(i, []).append(
            f"message <{mid}> appears again with another body ({_where(post)}): "
            f"both kept, the later one as <{new_id}>"
        )
        keep.append(i)
    return keep, copies, notes


def when(post: RawPost, i: int) -> tuple[bool, datetime, int]:
    """Sort key: dated mails by time (UTC, zone-less ones as written), then file order."""
    ts = post.timestamp
    if ts is None:
        return True, datetime.min, i
    return False, ts.astimezone(timezone.utc).replace(tzinfo=None) if ts.tzinfo else ts, i


def _cut_loops(parent: list[int | None], posts: list[RawPost]) -> dict[int, list[int]]:
    """Break each loop of ``parent`` links (mails whose In-Reply-To or References name
    one another: notmuch's test corpus keeps two such real-world mails) at its earliest
    message (:func:`when`), which becomes a root: every message then has one root, and
    is in one thread once. Returns each cut message's loop, in parent order.

    >>> parent = [1, 0, 0]
    >>> _cut_loops(parent, [RawPost(author="a", body="", timestamp=None) for _ in range(3)])
    {0: [0, 1]}
    >>> parent
    [None, 0, 0]
    """
    state = [0] * len(parent)  # 0 unseen, 1 on the path being followed, 2 done
    looped: dict[int, list[int]] = {}
    for start in range(len(parent)):
        path: list[int] = []
        i: int | None = start
        while i is not None and state[i] == 0:
            state[i] = 1
            path.append(i)
            i = parent[i]
        if i is not None and state[i] == 1:  # the path came back to itself
            loop = path[path.index(i) :]
            head = min(loop, key=lambda k: when(posts[k], k))
            parent[head] = None
            looped[head] = loop
        for k in path:
            state[k] = 2
    return looped


def _where(post: RawPost) -> str:
    """Where a message stands: its line, or its file in a mailbox of many."""
    return f"in {post.member}" if post.member else f"line {post.line_start}"


def _threads(
    unit: str,
    posts: list[RawPost],
    ids: list[str],
    refs: list[list[str]],
    replyish: list[bool],
    copies: list[int] | None = None,
    id_notes: dict[int, list[str]] | None = None,
) -> list[RawThread]:
    index = {mid: i for i, mid in reversed(list(enumerate(ids)))}  # first occurrence wins
    parent: list[int | None] = [
        next((index[c] for c in candidates if c in index and index[c] != i), None)
        for i, candidates in enumerate(refs)
    ]
    notes: dict[int, list[str]] = {-1 - i: list(n) for i, n in (id_notes or {}).items()}
    for i, up in enumerate(parent):
        if up is not None and refs[i][0] not in index:  # In-Reply-To lost, References lead home
            notes.setdefault(-1 - i, []).append(
                f"message <{ids[i]}>: parent <{refs[i][0]}> not in the {unit}, attached to "
                f"<{ids[up]}> from References"
            )
    # Subject fallback, by date (an archive may list newest first): a reply with no
    # threading header at all (an old client, a web form, a gateway) joins the earliest
    # thread root with its normalised subject. A mail whose In-Reply-To or References
    # name only messages missing from the file answers a mail we do not have (last
    # month's, a digest's id): it heads its own thread, with a warning, as threading by
    # headers does; its parent is known not to be that root under any id we have.
    by_subject: dict[str, int] = {}
    for i in sorted(range(len(posts)), key=lambda i: when(posts[i], i)):
        subject = normalise_subject(posts[i].title or "")
        if parent[i] is not None or not subject:
            continue
        target = by_subject.get(subject)
        if target is None or refs[i] or not replyish[i]:
            by_subject.setdefault(subject, i)
            continue
        parent[i] = target
        posts[i].parent_evidence, posts[i].parent_confidence = "subject", SUBJECT_CONFIDENCE
        notes.setdefault(target, []).append(
            f"message <{ids[i]}> attached to the thread root by subject (no In-Reply-To or References)"
        )

    looped = _cut_loops(parent, posts)
    for head, loop in looped.items():
        notes.setdefault(-1 - head, []).append(
            "messages " + ", ".join(f"<{ids[k]}>" for k in loop) + " name one another as parents "
            f"(a loop): <{ids[head]}>, the earliest, taken as the thread root"
        )

    def top(i: int) -> int:
        while (up := parent[i]) is not None:
            i = up
        return i

    groups: dict[int, list[int]] = {}
    for i in range(len(posts)):
        groups.setdefault(top(i), []).append(i)
    threads = []
    for root, members in sorted(groups.items(), key=lambda item: item[1][0]):
        for i in members:
            up = parent[i]
            posts[i].parent_source_id = ids[up] if up is not None else None
        warnings = list(notes.get(root, [])) + [w for i in members for w in notes.get(-1 - i, [])]
        if refs[root] and root not in looped:
            warnings.append(
                f"thread root <{ids[root]}> replies to <{refs[root][0]}>, which is not in the {unit}"
            )
        ordered, moved = parents_first([posts[root], *(posts[i] for i in members if i != root)])
        if moved:
            warnings.append(f"{moved} parent message(s) moved ahead of a reply listed before them")
        skipped = {}
        if copies and (n := sum(copies[i] for i in members)):
            skipped[DUPLICATE] = n
            what = "an exact copy" if n == 1 else f"{n} exact copies"
            warnings.append(f"{what} of messages in this thread (same Message-ID and body) left out")
        title = posts[root].title
        threads.append(RawThread(ordered, title, key=ids[root], skipped=skipped, warnings=warnings))
    return threads
