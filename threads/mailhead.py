"""What a saved mail opens with: an mbox ``From `` separator line, or an RFC 5322 header
block; and what a list archive's page of one message opens with (:func:`page_kind`). The
``mbox`` and ``list-archive-html`` dialects sniff with it, and ``threads/zipped.py`` tells
a mailbox kept as one file a mail (a Maildir, a folder of ``.eml`` files), or a folder of
archive pages, from any other folder by it; it imports nothing of ``threads`` so that
all can.
"""

from __future__ import annotations

import itertools
import re

# "From SENDER DATE" as mbox writers and Pipermail write it: an asctime date ("Thu Nov 29
# 22:33:52 2001"), and the variants Dovecot's mbox reader takes from real mailboxes
# (dovecot src/lib-mail/mbox-from.c): no seconds, a zone before or after the year, named
# ("EEST") or numeric ("+0300"), "Thu, 29 Nov 2001 22:33:52", a quoted sender with spaces,
# and qmail's mbox(5) "moreinfo" after the date as UUCP wrote it ("remote from HOST").
_ZONE = r"(?:[+-]\d{4}|[A-Z]{2,5})"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
SEPARATOR = re.compile(
    r'^From (?P<sender>"[^"\n]*"\S*|\S+(?: at \S+)?)\s+'
    rf"(?P<date>(?:\w{{3}} )?\w{{3}} [ \d]?\d {_TIME} (?:{_ZONE} )?\d{{4}}(?: {_ZONE})?"
    r"|\w{3}, \d{1,2} \w{3} \d{4} \d{1,2}:\d{2}(?::\d{2})?(?: [+-]\d{4})?)"
    r"(?:\s+remote from \S+)?\s*$"
)
HEADER = re.compile(r"^(?:From|Date|Subject|Message-ID|Message-Id|In-Reply-To|References|To):", re.IGNORECASE)
SNIFF_CHARS = 20_000
# A header field ("Name: value", RFC 5322 field-name characters) and the headers that
# only a mail system writes: a text opening on a header block with one of these is a
# saved mail (an .eml file, a Maildir message: a qemu-devel mail fetched by getmail),
# not headers a person pasted above a thread.
FIELD = re.compile(r"^[!-9;-~]+:")
TRANSPORT = re.compile(
    r"^(?:Message-ID|Received|Return-Path|MIME-Version|Content-Transfer-Encoding|DKIM-Signature|Delivered-To):",
    re.IGNORECASE,
)
# sniff() confidence for one mail saved on its own (no From_ separator).
BARE_MESSAGE = 0.9
# How far sniff() reads the first message's header block (to its first blank line):
# real delivered mail carries 30-60 header lines (Received chains, DKIM signatures,
# list headers) before the body; 200 covers the longest seen with room to spare.
HEADER_BLOCK_LINES = 200


def sniff(text: str) -> float:
    """Confidence that ``text`` is an mbox or Pipermail archive, or one saved mail.

    >>> sniff("From ann@x.org Mon Mar  7 21:15:00 2011\\nFrom: ann@x.org\\nSubject: Hi\\n\\nHi\\n")
    1.0
    """
    lines = text[:SNIFF_CHARS].lstrip("\n").split("\n")
    if not lines or not SEPARATOR.match(lines[0]):
        return BARE_MESSAGE if bare_message(lines) else 0.0
    # The first message's whole header block, not its first lines: mail delivered by a
    # mail server opens with Return-Path, Received chains and spam-filter headers, and
    # From/Subject/Date come 40 lines down (GNOME's desktop-devel-list archive).
    block = itertools.takewhile(lambda line: line.strip(), lines[1 : 1 + HEADER_BLOCK_LINES])
    headers = sum(1 for line in block if HEADER.match(line))
    return 1.0 if headers >= 2 else 0.5 if headers else 0.2


def bare_message(lines: list[str]) -> bool:
    """Whether ``lines`` are one mail saved on its own (an ``.eml`` file, a Maildir
    file): no ``From `` separator, the text opening on an RFC 5322 header block that
    holds From and Date and a header only a mail system writes (:data:`TRANSPORT`).
    Headers pasted by hand (From/Date/Subject/To above a pasted thread) are left to
    ``email-text``, which reads several messages in one paste.

    >>> bare_message(["Received: by x", "From: Ann <a@x.org>", "Date: 7 Mar 2011 21:15 +0000", "", "Hi"])
    True
    >>> bare_message(["From: Ann <a@x.org>", "Date: 7 Mar 2011 21:15 +0000", "", "Hi"])
    False
    """
    head = list(itertools.takewhile(lambda line: line.strip(), lines[: HEADER_BLOCK_LINES + 1]))
    if not head or len(head) > HEADER_BLOCK_LINES or not FIELD.match(head[0]):
        return False
    if not all(FIELD.match(line) or line[:1] in " \t" for line in head):
        return False
    names = {line.split(":", 1)[0].casefold() for line in head if FIELD.match(line)}
    return {"from", "date"} <= names and any(TRANSPORT.match(line) for line in head)


def one_mail(name: str, head: bytes) -> bool:
    """Whether the file ``name`` opening with ``head`` is one saved mail: a mail without an
    mbox separator line (an ``.eml`` or Maildir file, an MH message, a news article), or
    an ``.eml`` file that opens with one (Thunderbird writes "From - Sat Jan 03 ...").
    An empty file (a delivery under way) passes: it holds no mail to read. An mbox
    archive is no one mail.

    >>> one_mail("1", b"Message-ID: <1@x>\\nFrom: Ann <a@x.org>\\nDate: 7 Mar 2011 21:15 +0000\\n\\nHi\\n")
    True
    >>> one_mail("2011-March.txt", b"From ann@x.org Mon Mar  7 21:15:00 2011\\nFrom: ann@x.org\\nDate: x\\n")
    False
    """
    text = head.decode("utf-8", errors="replace")
    if not text.strip():
        return True
    if name.lower().endswith(".eml"):
        return sniff(text) >= BARE_MESSAGE
    return bare_message(text.lstrip("\n").split("\n"))


# A mailing-list archive's page of one message, as Pipermail, Hypermail and MHonArc write
# it (threads/formats/list_archive_html.py reads them; a folder of them is a bundle).
_PIPERMAIL = re.compile(r"<!--beginarticle-->", re.I)
_HYPERMAIL = re.compile(r'<!-- body="start" -->|<meta name="generator" content="hypermail', re.I)
_MHONARC = re.compile(r"<!--X-Body-of-Message-->|<!--X-Head-End-->|<!--X-Message-Id:", re.I)
# What only a message page holds (an index page of the same program lacks it).
_HYPERMAIL_MESSAGE = re.compile(r'<!-- (?:id|sent)="', re.I)
# Index pages: Pipermail's "The LIST April 2016 Archive by thread" (archidxhead.html),
# Hypermail's and MHonArc's lists of message links.
_PIPERMAIL_INDEX = re.compile(r"<title>The [^<]{0,200}Archive by (?:thread|date|subject|author)", re.I)
_HYPERMAIL_INDEX = re.compile(r'<meta name="generator" content="hypermail', re.I)
_MHONARC_INDEX = re.compile(r"<!-- MHonArc v[\d.]+ -->", re.I)
_MESSAGE_LINK = re.compile(r'href="(?:msg\d+|\d{4,6})\.html?', re.I)
# Pipermail's thread index (thread.html) marks each entry with its depth and thread key,
# the chain of its ancestors' and its own "DATE.NUMBER-" (Mailman's pipermail.py:
# write_threadindex_entry, threadKey): who answered whom, and when.
PIPERMAIL_THREAD_KEY = re.compile(r"<!--(?P<depth>\d+) (?P<key>(?:\d+\.\d+-)+) -->")


def page_kind(head: str) -> str | None:
    """Which program's message page ``head`` (a page's first characters) is, "index" for
    one of their index pages ("thread index" for Pipermail's, which says who answered
    whom), or ``None``.

    >>> page_kind('<html><!--beginarticle--><PRE>Hi</PRE><!--endarticle-->')
    'pipermail'
    >>> page_kind('<title>The tern-dev April 2016 Archive by thread</title><a href="000123.html">')
    'index'
    """
    if _PIPERMAIL.search(head):
        return "pipermail"
    if PIPERMAIL_THREAD_KEY.search(head):
        return "thread index"
    if _HYPERMAIL.search(head) and _HYPERMAIL_MESSAGE.search(head):
        return "hypermail"
    if _MHONARC.search(head):
        return "mhonarc"
    if _PIPERMAIL_INDEX.search(head) or (
        (_HYPERMAIL_INDEX.search(head) or _MHONARC_INDEX.search(head)) and _MESSAGE_LINK.search(head)
    ):
        return "index"
    return None


def is_message_page(name: str, head: bytes) -> bool:
    """Whether the file ``name`` opening with ``head`` is an archive's message page
    (``threads/zipped.py`` asks it of every page of a folder)."""
    if not name.lower().endswith((".html", ".htm")):
        return False
    kind = page_kind(head.decode("latin-1"))
    return kind is not None and "index" not in kind
